"""Rows of the permission matrix for the congress pages; see tests/matrix/members.py for the row format."""

ROWS = []

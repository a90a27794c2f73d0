"""Rows of the permission matrix for the elections pages; see tests/matrix/members.py for the row format."""

ROWS = []

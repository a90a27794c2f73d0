"""Rows of the permission matrix for the reports pages; see tests/matrix/members.py for the row format."""

ROWS = []

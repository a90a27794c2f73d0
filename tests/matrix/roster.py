"""Rows of the permission matrix for the roster pages; see tests/matrix/members.py for the row format."""

ROWS = []

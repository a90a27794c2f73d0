"""Rows of the permission matrix for the congress's programme and minutes; see tests/matrix/members.py for the
row format.

The printed programme is a congress document: the secretariat and the congress's delegates read it. The minutes,
in PDF and DOCX, are the secretariat's. The fixture `hall` (tests/hall_fixtures.py) is congress V on the day.
"""

SECRETARIAT_ONLY = [302, 200, 404, 404, 404]
MISSING = [302, 404, 404, 404, 404]
# The congress's documents: the secretariat and its delegates.
READERS = [302, 200, 404, 404, 200]

ROWS = [
    ("congress:programme_pdf", "hall.congress", READERS),
    ("congress:programme_pdf", "missing", MISSING),
    ("congress:minutes_pdf", "hall.congress", SECRETARIAT_ONLY),
    ("congress:minutes_pdf", "missing", MISSING),
    ("congress:minutes_docx", "hall.congress", SECRETARIAT_ONLY),
    ("congress:minutes_docx", "missing", MISSING),
]

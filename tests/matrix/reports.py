"""Rows of the permission matrix for the reports pages; see tests/matrix/members.py for the row format.

Term reports are the secretariat's work: everyone else signed in is told there is nothing there (404), and
nobody signed out gets past the sign-in page. `term_report` is the term IV report with one shortcoming
(`report_shortcoming`); `report_version` is its first published draft. "post" rows send an empty form: a
form page answers 200 with its errors, an action redirects.
"""

SECRETARIAT_ONLY = [302, 200, 404, 404, 404]
SECRETARIAT_REDIRECTED = [302, 302, 404, 404, 404]
NOBODY = [302, 404, 404, 404, 404]

ROWS = [
    ("reports:list", None, SECRETARIAT_ONLY),
    # Opening the report of a term that has none takes the secretariat to it.
    ("reports:create", "term_iv", SECRETARIAT_REDIRECTED, "post"),
    ("reports:create", "missing", NOBODY, "post"),
    ("reports:detail", "term_report", SECRETARIAT_ONLY),
    ("reports:detail", "missing", NOBODY),
    ("reports:section", ("term_report", "=opening"), SECRETARIAT_ONLY),
    ("reports:section", ("term_report", "=shortcomings"), SECRETARIAT_ONLY),
    # An empty section is valid prose: it is saved and the secretariat goes back to the report.
    ("reports:section", ("term_report", "=opening"), SECRETARIAT_REDIRECTED, "post"),
    ("reports:section", ("term_report", "=no-such-section"), NOBODY),
    ("reports:section", ("missing", "=opening"), NOBODY),
    # The history of a section's prose and of the shortcomings, each save with who made it.
    ("reports:section_history", ("term_report", "=opening"), SECRETARIAT_ONLY),
    ("reports:section_history", ("term_report", "=no-such-section"), NOBODY),
    ("reports:section_history", ("missing", "=opening"), NOBODY),
    ("reports:shortcomings_history", "term_report", SECRETARIAT_ONLY),
    ("reports:shortcomings_history", "missing", NOBODY),
    ("reports:shortcomings", "term_report", SECRETARIAT_ONLY),
    ("reports:shortcomings", "term_report", SECRETARIAT_ONLY, "post"),
    ("reports:shortcomings", "missing", NOBODY),
    ("reports:shortcoming", ("term_report", "report_shortcoming"), SECRETARIAT_ONLY),
    ("reports:shortcoming", ("term_report", "report_shortcoming"), SECRETARIAT_ONLY, "post"),
    ("reports:shortcoming", ("term_report", "missing"), NOBODY),
    (
        "reports:shortcoming_move",
        ("term_report", "report_shortcoming", "=len"),
        SECRETARIAT_REDIRECTED,
        "post",
    ),
    (
        "reports:shortcoming_move",
        ("term_report", "report_shortcoming", "=xuong"),
        SECRETARIAT_REDIRECTED,
        "post",
    ),
    ("reports:shortcoming_move", ("term_report", "missing", "=len"), NOBODY, "post"),
    ("reports:shortcoming_delete", ("term_report", "report_shortcoming"), SECRETARIAT_REDIRECTED, "post"),
    ("reports:shortcoming_delete", ("term_report", "missing"), NOBODY, "post"),
    # The live preview as a file, drawn from the records on each request.
    ("reports:file", ("term_report", "=pdf"), SECRETARIAT_ONLY),
    ("reports:file", ("term_report", "=docx"), SECRETARIAT_ONLY),
    ("reports:file", ("missing", "=pdf"), NOBODY),
    # Publishing without a kind is refused with a message, back on the report.
    ("reports:publish", "term_report", SECRETARIAT_REDIRECTED, "post"),
    ("reports:publish", "missing", NOBODY, "post"),
    ("reports:compare", "term_report", SECRETARIAT_ONLY),
    ("reports:compare", "missing", NOBODY),
    ("reports:version", "report_version", SECRETARIAT_ONLY),
    ("reports:version", "missing", NOBODY),
    ("reports:version_file", ("report_version", "=pdf"), SECRETARIAT_ONLY),
    ("reports:version_file", ("report_version", "=docx"), SECRETARIAT_ONLY),
    ("reports:version_file", ("missing", "=pdf"), NOBODY),
]

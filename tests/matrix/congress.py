"""Rows of the permission matrix for the congress pages; see tests/matrix/members.py for the row format.

The fixtures are in tests/congress_fixtures.py: `congress_v` is congress V with its delegates (the
`delegate` persona, Dũng, is one of them), its documents and two comments. The secretariat does everything;
a delegate reads the documents, comments, and sees their own card and comments; leads see nothing here.
"""

SECRETARIAT_ONLY = [302, 200, 404, 404, 404]
MISSING = [302, 404, 404, 404, 404]
# A POST the secretariat makes answers with a redirect to the page it came from.
SECRETARIAT_POSTS = [302, 302, 404, 404, 404]
# The congress's documents: the secretariat and its delegates.
READERS = [302, 200, 404, 404, 200]
POST_ONLY = [302, 405, 405, 405, 405]

ROWS = [
    # Without any congress the secretariat is told there is none; a delegate with no delegacy finds nothing.
    ("congress:home", None, [302, 200, 404, 404, 404]),
    ("congress:overview", "congress_v.congress", SECRETARIAT_ONLY),
    ("congress:overview", "missing", MISSING),
    ("congress:settings", "congress_v.congress", SECRETARIAT_ONLY),
    ("congress:settings", "congress_v.congress", SECRETARIAT_ONLY, "post"),
    # Quotas: an empty form changes nothing and returns to the page.
    ("congress:quotas", "congress_v.congress", SECRETARIAT_ONLY),
    ("congress:quotas", "congress_v.congress", SECRETARIAT_POSTS, "post"),
    ("congress:quotas_compute", "congress_v.congress", SECRETARIAT_POSTS, "post"),
    ("congress:quotas_compute", "congress_v.congress", POST_ONLY),
    # The list of delegates and what is done to it.
    ("congress:delegates", "congress_v.congress", SECRETARIAT_ONLY),
    ("congress:delegates", "missing", MISSING),
    ("congress:delegates_export", ("congress_v.congress", "=xlsx"), SECRETARIAT_ONLY),
    ("congress:delegates_export", ("congress_v.congress", "=csv"), SECRETARIAT_ONLY),
    ("congress:delegate_add", "congress_v.congress", SECRETARIAT_ONLY),
    ("congress:delegate_add", "congress_v.congress", SECRETARIAT_ONLY, "post"),
    ("congress:ex_officio", "congress_v.congress", SECRETARIAT_POSTS, "post"),
    ("congress:ex_officio", "congress_v.congress", POST_ONLY),
    ("congress:invite_all", "congress_v.congress", SECRETARIAT_POSTS, "post"),
    ("congress:invite_retry", "congress_v.congress", SECRETARIAT_POSTS, "post"),
    ("congress:invite_retry", "congress_v.congress", POST_ONLY),
    ("congress:invite_retry", "missing", MISSING, "post"),
    ("congress:delegate_import", "congress_v.congress", SECRETARIAT_ONLY),
    ("congress:delegate_import", "congress_v.congress", SECRETARIAT_ONLY, "post"),
    ("congress:sheet_import", "delegate_upload", SECRETARIAT_ONLY),
    ("congress:sheet_import", "ballot_upload", SECRETARIAT_ONLY),
    ("congress:sheet_import", "missing", MISSING),
    ("congress:sheet_import_apply", "delegate_upload", SECRETARIAT_POSTS, "post"),
    ("congress:sheet_import_apply", "ballot_upload", SECRETARIAT_POSTS, "post"),
    ("congress:sheet_import_apply", "missing", MISSING, "post"),
    ("congress:sheet_import_apply", "delegate_upload", POST_ONLY),
    ("congress:sheet_import_discard", "ballot_upload", SECRETARIAT_POSTS, "post"),
    ("congress:sheet_import_discard", "missing", MISSING, "post"),
    ("congress:delegate", "congress_v.hung", SECRETARIAT_ONLY),
    ("congress:delegate", "congress_v.dung", SECRETARIAT_ONLY),
    ("congress:delegate", "missing", MISSING),
    ("congress:delegate_change", "congress_v.duc", SECRETARIAT_POSTS, "post"),
    ("congress:delegate_credential", "congress_v.duc", SECRETARIAT_POSTS, "post"),
    ("congress:delegate_revoke", "congress_v.duc", SECRETARIAT_POSTS, "post"),
    ("congress:delegate_invite", "congress_v.duc", SECRETARIAT_POSTS, "post"),
    ("congress:delegate_invite", "missing", MISSING, "post"),
    # Cards: a delegate sees their own and nobody else's.
    ("congress:cards", "congress_v.congress", SECRETARIAT_ONLY),
    ("congress:card", "congress_v.dung", READERS),
    ("congress:card", "congress_v.anh", SECRETARIAT_ONLY),
    ("congress:card", "missing", MISSING),
    # Credentials.
    ("congress:credentials", "congress_v.congress", SECRETARIAT_ONLY),
    ("congress:credential_report", "congress_v.congress", SECRETARIAT_ONLY),
    ("congress:credential_report_pdf", "congress_v.congress", SECRETARIAT_ONLY),
    # Check-in: the QR code's address is the staff's; the delegate who scans their own is told what it is.
    ("congress:check_in", "congress_tokens.hung", SECRETARIAT_ONLY),
    ("congress:check_in", "congress_tokens.dung", READERS),
    ("congress:check_in", "congress_tokens.yen", SECRETARIAT_ONLY),
    ("congress:check_in", "congress_tokens.an", SECRETARIAT_ONLY),
    ("congress:check_in", "congress_tokens.duc", SECRETARIAT_POSTS, "post"),
    ("congress:check_in", "=no-such-code", MISSING),
    ("congress:check_in_desk", "congress_v.congress", SECRETARIAT_ONLY),
    ("congress:check_in_by_name", "congress_v.duc", SECRETARIAT_POSTS, "post"),
    ("congress:check_in_by_name", "congress_v.duc", POST_ONLY),
    ("congress:attendance", "congress_v.congress", SECRETARIAT_ONLY),
    # Documents.
    ("congress:documents", "congress_v.congress", READERS),
    ("congress:documents", "missing", MISSING),
    # The live events of the hall (versions only, nothing personal): whoever reads the congress.
    ("congress:events", "congress_v.congress", READERS),
    ("congress:events", "missing", MISSING),
    ("congress:document_add", "congress_v.congress", SECRETARIAT_ONLY),
    ("congress:document_add", "congress_v.congress", SECRETARIAT_ONLY, "post"),
    ("congress:document", "congress_v.draft", READERS),
    ("congress:document", "congress_v.programme", READERS),
    ("congress:document", "missing", MISSING),
    ("congress:document_edit", "congress_v.draft", SECRETARIAT_ONLY),
    ("congress:document_edit", "congress_v.draft", SECRETARIAT_ONLY, "post"),
    ("congress:document_download", "congress_v.draft", READERS),
    ("congress:document_download", "congress_v.programme", READERS),
    # Comments: delegates send them (an empty one is shown back with its error); the office handles them.
    ("congress:comment_add", "congress_v.draft", [302, 404, 404, 404, 200], "post"),
    ("congress:my_comments", "congress_v.congress", [302, 302, 404, 404, 200]),
    ("congress:comments", "congress_v.draft", SECRETARIAT_ONLY),
    ("congress:comment_record", "congress_v.draft", SECRETARIAT_POSTS, "post"),
    ("congress:comments_export", ("congress_v.draft", "=xlsx"), SECRETARIAT_ONLY),
    ("congress:comments_export", ("congress_v.draft", "=csv"), SECRETARIAT_ONLY),
    ("congress:comment_decide", "congress_v.dung_comment", SECRETARIAT_POSTS, "post"),
    # Only its author withdraws a comment; another delegate's answers 404, as does the office.
    ("congress:comment_withdraw", "congress_v.dung_comment", [302, 404, 404, 404, 302], "post"),
    ("congress:comment_withdraw", "congress_v.anh_comment", MISSING, "post"),
]

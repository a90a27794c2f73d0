"""Rows of the permission matrix for the roster pages; see tests/matrix/members.py for the row format.

Sơn Hồng is the lead's association and Phố Châu the other lead's. Yến, Hưng and Ánh are on Sơn Hồng's roster;
Đức on Phố Châu's; An left Phố Châu. "post" rows send an empty form: a page that may be used answers 200
with the form's errors, and nothing changes.
"""

ANYONE_OF_SON_HONG = [302, 200, 200, 404, 404]
ANYONE_OF_PHO_CHAU = [302, 200, 404, 200, 404]
NOBODY = [302, 404, 404, 404, 404]
SECRETARIAT_ONLY = [302, 200, 404, 404, 404]

ROWS = [
    # Adding a member.
    ("members:member_add", "son_hong", ANYONE_OF_SON_HONG),
    ("members:member_add", "pho_chau", ANYONE_OF_PHO_CHAU),
    ("members:member_add", "agriculture", SECRETARIAT_ONLY),
    ("members:member_add", "missing", NOBODY),
    ("members:member_add", "son_hong", ANYONE_OF_SON_HONG, "post"),
    ("members:member_add", "pho_chau", ANYONE_OF_PHO_CHAU, "post"),
    # Editing a member: the person must be on that association's roster, whoever asks.
    ("members:member_edit", ("son_hong", "people.yen"), ANYONE_OF_SON_HONG),
    ("members:member_edit", ("pho_chau", "people.duc"), ANYONE_OF_PHO_CHAU),
    # An left Phố Châu: its lead keeps his name and membership there, not his record to change.
    ("members:member_edit", ("pho_chau", "people.an"), SECRETARIAT_ONLY),
    # A lead putting another association's member under their own association's address.
    ("members:member_edit", ("son_hong", "people.duc"), NOBODY),
    ("members:member_edit", ("pho_chau", "people.yen"), NOBODY),
    ("members:member_edit", ("son_hong", "missing"), NOBODY),
    ("members:member_edit", ("son_hong", "people.yen"), ANYONE_OF_SON_HONG, "post"),
    ("members:member_edit", ("pho_chau", "people.duc"), ANYONE_OF_PHO_CHAU, "post"),
    ("members:member_edit", ("son_hong", "people.duc"), NOBODY, "post"),
    # Recording that a member left.
    ("members:member_leave", ("son_hong", "people.yen"), ANYONE_OF_SON_HONG),
    ("members:member_leave", ("pho_chau", "people.duc"), ANYONE_OF_PHO_CHAU),
    # An already left: the page says so.
    ("members:member_leave", ("pho_chau", "people.an"), ANYONE_OF_PHO_CHAU),
    ("members:member_leave", ("son_hong", "people.duc"), NOBODY),
    ("members:member_leave", ("son_hong", "missing"), NOBODY),
    ("members:member_leave", ("son_hong", "people.yen"), ANYONE_OF_SON_HONG, "post"),
    ("members:member_leave", ("pho_chau", "people.duc"), ANYONE_OF_PHO_CHAU, "post"),
    ("members:member_leave", ("pho_chau", "people.yen"), NOBODY, "post"),
    # The roster's history.
    ("members:roster_history", "son_hong", ANYONE_OF_SON_HONG),
    ("members:roster_history", "pho_chau", ANYONE_OF_PHO_CHAU),
    ("members:roster_history", "missing", NOBODY),
    # Sheets: upload, preview, apply.
    ("members:import_upload", "son_hong", ANYONE_OF_SON_HONG),
    ("members:import_upload", "pho_chau", ANYONE_OF_PHO_CHAU),
    ("members:import_upload", "missing", NOBODY),
    ("members:import_upload", "son_hong", ANYONE_OF_SON_HONG, "post"),
    ("members:import_upload", "pho_chau", ANYONE_OF_PHO_CHAU, "post"),
    ("members:import_preview", "son_hong_upload", ANYONE_OF_SON_HONG),
    ("members:import_preview", "pho_chau_upload", ANYONE_OF_PHO_CHAU),
    ("members:import_preview", "missing", NOBODY),
    # Confirming answers with a redirect to the roster.
    ("members:import_apply", "son_hong_upload", [302, 302, 302, 404, 404], "post"),
    ("members:import_apply", "pho_chau_upload", [302, 302, 404, 302, 404], "post"),
    ("members:import_apply", "missing", NOBODY, "post"),
    # Only POST applies a sheet.
    ("members:import_apply", "missing", [302, 405, 405, 405, 405]),
    ("members:import_template", None, [302, 200, 200, 200, 404]),
    # Exports: one roster for those who may see it, every roster for the secretariat.
    ("members:roster_export", ("son_hong", "=xlsx"), ANYONE_OF_SON_HONG),
    ("members:roster_export", ("son_hong", "=csv"), ANYONE_OF_SON_HONG),
    ("members:roster_export", ("pho_chau", "=xlsx"), ANYONE_OF_PHO_CHAU),
    ("members:roster_export", ("pho_chau", "=csv"), ANYONE_OF_PHO_CHAU),
    ("members:roster_export", ("missing", "=csv"), NOBODY),
    ("members:rosters_export", "=xlsx", SECRETARIAT_ONLY),
    ("members:rosters_export", "=csv", SECRETARIAT_ONLY),
    # Requests to link someone already in the federation to a roster: the secretariat decides.
    ("members:link_requests", None, SECRETARIAT_ONLY),
    ("members:link_request", "link_request", SECRETARIAT_ONLY),
    ("members:link_request", "link_request", SECRETARIAT_ONLY, "post"),
    ("members:link_request", "missing", NOBODY),
    # The secretariat's pages.
    ("members:search", None, SECRETARIAT_ONLY),
    ("members:leads", None, SECRETARIAT_ONLY),
    ("members:lead_invite", None, SECRETARIAT_ONLY),
    ("members:lead_invite", None, SECRETARIAT_ONLY, "post"),
    # Revoking answers with a redirect to the leads page; nobody but the secretariat may, not even on oneself.
    ("members:lead_revoke", "lead", [302, 302, 404, 404, 404], "post"),
    ("members:lead_revoke", "other_lead", [302, 302, 404, 404, 404], "post"),
    # Only leads' accounts can be revoked here.
    ("members:lead_revoke", "secretariat", NOBODY, "post"),
    ("members:lead_revoke", "missing", NOBODY, "post"),
    ("members:lead_revoke", "lead", [302, 405, 405, 405, 405]),
    # Sending again the invitations that did not go out: the secretariat's, answered with the leads page.
    ("members:lead_invitations_retry", None, [302, 302, 404, 404, 404], "post"),
    ("members:lead_invitations_retry", None, [302, 405, 405, 405, 405]),
]

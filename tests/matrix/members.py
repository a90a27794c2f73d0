"""Rows of the permission matrix for the members app's pages, the admin and the account pages.

Each row: (url name, objects, expected status for each role in tests.test_permissions.ROLES order[, method]).
"""

ROWS = [
    # The secretariat gets the dashboard; a lead of one association is sent to it; a delegate to the congress.
    ("home", None, [302, 200, 302, 302, 302]),
    # Everybody signed in gets a list of what they may see (a delegate's is empty).
    ("members:associations", None, [302, 200, 200, 200, 200]),
    ("members:association", "son_hong", [302, 200, 200, 404, 404]),
    # A lead forging another association's id.
    ("members:association", "pho_chau", [302, 200, 404, 200, 404]),
    ("members:association", "agriculture", [302, 200, 404, 404, 404]),
    ("members:association", "missing", [302, 404, 404, 404, 404]),
    ("members:committee", None, [302, 200, 404, 404, 404]),
    # Yến is in Sơn Hồng; Đức in Phố Châu; An left Phố Châu (still on its records); Hưng is in Sơn Hồng and
    # in the agriculture association.
    ("members:person", "people.yen", [302, 200, 200, 404, 404]),
    ("members:person", "people.duc", [302, 200, 404, 200, 404]),
    ("members:person", "people.an", [302, 200, 404, 200, 404]),
    ("members:person", "people.hung", [302, 200, 200, 404, 404]),
    ("members:person", "missing", [302, 404, 404, 404, 404]),
    # Only a secretariat account with staff status reaches the admin; others are sent to its sign-in.
    ("admin:index", None, [302, 200, 302, 302, 302]),
    # The sign-in page sends an already signed-in user on.
    ("account_login", None, [200, 302, 302, 302, 302]),
    ("account_reset_password", None, [200, 200, 200, 200, 200]),
    ("account_change_password", None, [302, 200, 200, 200, 200]),
    # A stored file by its storage name, as the admin links it: the secretariat's only. Leads and delegates
    # get files from the pages that check them (a congress document, a report version).
    ("stored_file", "stored_files.roster_sheet", [302, 200, 404, 404, 404]),
    ("stored_file", "stored_files.version_pdf", [302, 200, 404, 404, 404]),
    ("stored_file", "stored_files.congress_document", [302, 200, 404, 404, 404]),
    ("stored_file", "=khong-co.pdf", [302, 404, 404, 404, 404]),
]

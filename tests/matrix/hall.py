"""Rows of the permission matrix for the hall on the day; see tests/matrix/members.py for the row format.

The fixtures are in tests/hall_fixtures.py. Dũng, the delegate persona, is summoned but not checked in and not on
the presiding board: he reads the hall, asks and votes (and is refused with a message), but does not run it.
The presiding board's own access is tested in tests/test_hall_views.py (its member has no persona here).
"""

SECRETARIAT_ONLY = [302, 200, 404, 404, 404]
MISSING = [302, 404, 404, 404, 404]
SECRETARIAT_POSTS = [302, 302, 404, 404, 404]
READERS = [302, 200, 404, 404, 200]
# What only a delegate does; the secretariat holds no seat and is told nothing is there.
DELEGATE_POSTS = [302, 404, 404, 404, 302]
# The projector opens with its token and nothing else.
EVERYONE = [200, 200, 200, 200, 200]
NOBODY = [404, 404, 404, 404, 404]

ROWS = [
    ("congress:hall", "hall.congress", READERS),
    ("congress:hall", "missing", MISSING),
    ("congress:hall_control", "hall.congress", SECRETARIAT_ONLY),
    ("congress:hall_control", "missing", MISSING),
    ("congress:agenda", "hall.congress", SECRETARIAT_ONLY),
    # An empty form is shown again with its errors.
    ("congress:agenda", "hall.congress", SECRETARIAT_ONLY, "post"),
    ("congress:agenda_item_edit", "hall.discussion", SECRETARIAT_ONLY),
    ("congress:agenda_item_edit", "missing", MISSING),
    ("congress:agenda_item_remove", "hall.discussion", SECRETARIAT_POSTS, "post"),
    ("congress:officer_add", "hall.congress", SECRETARIAT_POSTS, "post"),
    ("congress:officer_remove", "hall.presidium_seat", SECRETARIAT_POSTS, "post"),
    ("congress:officer_remove", "missing", MISSING, "post"),
    ("congress:item_action", ("hall.discussion", "=bat-dau"), SECRETARIAT_POSTS, "post"),
    ("congress:item_action", ("hall.opening", "=khoa-danh-sach"), SECRETARIAT_POSTS, "post"),
    ("congress:item_action", ("hall.opening", "=khong-co"), MISSING, "post"),
    ("congress:speak", "hall.opening", DELEGATE_POSTS, "post"),
    ("congress:speak", "missing", MISSING, "post"),
    # Only Ánh withdraws her own request; Dũng forging its id is told nothing is there.
    ("congress:speaker_withdraw", "hall.anh_request", MISSING, "post"),
    ("congress:speaker_action", ("hall.anh_request", "=xep-luot"), SECRETARIAT_POSTS, "post"),
    ("congress:speaker_action", ("hall.anh_request", "=khong-co"), MISSING, "post"),
    ("congress:contribution_add", "hall.congress", [302, 404, 404, 404, 200]),
    ("congress:contribution_download", "hall.contribution", READERS),
    ("congress:contribution_download", "hall.anh_request", MISSING),
    ("congress:motion_add", "hall.congress", SECRETARIAT_POSTS, "post"),
    ("congress:vote", "hall.agenda_vote", DELEGATE_POSTS, "post"),
    ("congress:vote", "missing", MISSING, "post"),
    ("congress:motion_action", ("hall.agenda_vote", "=ket-thuc"), SECRETARIAT_POSTS, "post"),
    ("congress:motion_action", ("hall.secret_motion", "=khong-co"), MISSING, "post"),
    ("congress:screen_new", "hall.congress", SECRETARIAT_POSTS, "post"),
    ("congress:screen", "hall_tokens.screen", EVERYONE),
    ("congress:screen", "=ma-sai", NOBODY),
    ("congress:screen_events", "hall_tokens.screen", EVERYONE),
    ("congress:screen_events", "=ma-sai", NOBODY),
]

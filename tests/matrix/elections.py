"""Rows of the permission matrix for the elections pages; see tests/matrix/members.py for the row format.

Elections and the resolution are the secretariat's (who also acts as the counting board): leads and
delegates are told nothing is there. The fixtures are in tests/election_fixtures.py: `executive_election`
has candidates and no ballots, `counted_election` has two agreeing entries, `confirmed_election` is final.
"""

SECRETARIAT_ONLY = [302, 200, 404, 404, 404]
MISSING = [302, 404, 404, 404, 404]
# A POST the secretariat makes answers with a redirect to the page it came from.
SECRETARIAT_POSTS = [302, 302, 404, 404, 404]

ROWS = [
    ("congress:elections", None, SECRETARIAT_ONLY),
    ("congress:election_create", "election_congress", SECRETARIAT_ONLY),
    ("congress:election_create", "missing", MISSING),
    ("congress:election", "executive_election", SECRETARIAT_ONLY),
    ("congress:election", "confirmed_election", SECRETARIAT_ONLY),
    ("congress:election", "missing", MISSING),
    ("congress:election_edit", "executive_election", SECRETARIAT_ONLY),
    ("congress:election_candidates", "executive_election", SECRETARIAT_ONLY),
    ("congress:election_candidates", "missing", MISSING),
    (
        "congress:election_candidate_remove",
        ("executive_election", "election_candidates.anh"),
        SECRETARIAT_POSTS,
        "post",
    ),
    ("congress:election_ballot_paper", "executive_election", SECRETARIAT_ONLY),
    ("congress:election_entry", ("executive_election", "=1"), SECRETARIAT_ONLY),
    ("congress:election_entry", ("counted_election", "=2"), SECRETARIAT_ONLY),
    ("congress:election_entry", ("missing", "=1"), MISSING),
    ("congress:election_ballot_remove", ("counted_election", "=1", "=4"), SECRETARIAT_POSTS, "post"),
    ("congress:election_import", "executive_election", SECRETARIAT_ONLY),
    # The ballot log, on screen and printed.
    ("congress:election_log", "counted_election", SECRETARIAT_ONLY),
    ("congress:election_log", "confirmed_election", SECRETARIAT_ONLY),
    ("congress:election_log", "missing", MISSING),
    ("congress:election_log_pdf", "counted_election", SECRETARIAT_ONLY),
    ("congress:election_log_pdf", "missing", MISSING),
    ("congress:election_result", "executive_election", SECRETARIAT_ONLY),
    ("congress:election_result", "counted_election", SECRETARIAT_ONLY),
    ("congress:election_result", "confirmed_election", SECRETARIAT_ONLY),
    ("congress:election_result", "missing", MISSING),
    ("congress:election_totals", "executive_election", SECRETARIAT_POSTS, "post"),
    ("congress:election_tie_decision", "counted_election", SECRETARIAT_POSTS, "post"),
    ("congress:election_confirm", "executive_election", SECRETARIAT_POSTS, "post"),
    ("congress:election_minutes", "counted_election", SECRETARIAT_ONLY),
    ("congress:election_minutes", "confirmed_election", SECRETARIAT_ONLY),
    # Before confirmation there is nothing to correct: the secretariat is sent back to the result.
    ("congress:election_correction", "executive_election", [302, 302, 404, 404, 404]),
    ("congress:election_correction", "confirmed_election", SECRETARIAT_ONLY),
    ("congress:resolution", "election_congress", SECRETARIAT_ONLY),
    ("congress:resolution", "missing", MISSING),
    # An empty form is shown again with its errors.
    ("congress:resolution_target_add", "election_congress", SECRETARIAT_ONLY, "post"),
    (
        "congress:resolution_target_remove",
        ("election_congress", "resolution_target"),
        SECRETARIAT_POSTS,
        "post",
    ),
]

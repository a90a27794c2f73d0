"""Tells the hall's live pages that something changed."""


def changed(congress_id, *topics):
    """Announce that these topics of the congress changed (once the current transaction commits)."""

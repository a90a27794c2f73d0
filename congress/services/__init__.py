"""State changes of the congress, split by area: `delegates.py`, `elections.py` and `hall.py` (the day itself)."""


class CongressError(Exception):
    """A change that cannot be made; the message is safe to show to the user."""

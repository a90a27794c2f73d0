"""State changes of the congress, split by area: `delegates.py` and `elections.py`."""


class CongressError(Exception):
    """A change that cannot be made; the message is safe to show to the user."""

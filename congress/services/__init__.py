"""State changes of the congress, split by area: `delegates.py`, `elections.py` and `hall.py` (the day itself).

The helpers here are what every one of them does the same way: record who saved, and turn a model's validation
errors into a refusal the user can read.
"""

from django.core.exceptions import ValidationError


class CongressError(Exception):
    """A change that cannot be made; the message is safe to show to the user."""


def save(instance, actor, **kwargs):
    """Save with the acting user recorded in the history."""
    instance._history_user = actor
    instance.save(**kwargs)
    return instance


def clean(instance, **kwargs):
    """Validate the instance; what is wrong becomes a CongressError with the model's messages."""
    try:
        instance.full_clean(**kwargs)
    except ValidationError as error:
        raise CongressError(" ".join(error.messages)) from None

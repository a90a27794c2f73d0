"""Demo data for congress V: the congress itself, then its delegates and its elections."""

from django.db import transaction

from congress.models import Congress
from members.models import Term


def on_demo_loaded(sender, *, federation, actor, **kwargs):
    with transaction.atomic():
        term = Term.objects.get(federation=federation, ordinal=5)
        congress, _created = Congress.objects.get_or_create(
            term=term, defaults={"venue": "Hội trường UBND huyện Hương Sơn"}
        )
    return f"Đại hội lần thứ {term.roman}: {congress.venue}, ngày {term.congress_date:%d/%m/%Y}."

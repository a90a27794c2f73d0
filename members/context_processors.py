from django.utils.functional import SimpleLazyObject

from members.models import Federation


def portal(request):
    """What the page frame needs: the federation's name and, for a lead, the associations in the menu.

    Both are lazy, so a page that does not show them does not query for them.
    """
    user = getattr(request, "user", None)
    signed_in = bool(user and user.is_authenticated)
    return {
        "is_secretariat": signed_in and user.is_secretariat,
        "is_lead": signed_in and user.is_lead,
        "federation": SimpleLazyObject(Federation.objects.first),
        "my_associations": SimpleLazyObject(
            lambda: list(user.associations.order_by("sort_key")) if signed_in and user.is_lead else []
        ),
    }

from django.utils.functional import SimpleLazyObject

from congress import access


def menu(request):
    """Whether a lead's menu shows "Đại hội": a lead summoned as a delegate reads the congress's documents too.

    Lazy, so pages that do not draw the menu do not query for it.
    """
    user = getattr(request, "user", None)
    lead = bool(user and user.is_authenticated and user.is_lead)
    return {"lead_is_delegate": SimpleLazyObject(lambda: lead and access.latest_delegacy(user) is not None)}

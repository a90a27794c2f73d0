from django.utils.functional import SimpleLazyObject

from congress import access

ELECTION_PAGES = ("elections", "election", "resolution")


def menu(request):
    """Whether a lead's menu shows "Đại hội": a lead summoned as a delegate reads the congress's documents too;
    and whether the page is one of the elections' (the secretariat's "Bầu cử" item), not the rest of the congress.

    Lazy, so pages that do not draw the menu do not query for it.
    """
    user = getattr(request, "user", None)
    lead = bool(user and user.is_authenticated and user.is_lead)
    match = getattr(request, "resolver_match", None)
    in_elections = bool(
        match and match.namespace == "congress" and (match.url_name or "").startswith(ELECTION_PAGES)
    )
    return {
        "lead_is_delegate": SimpleLazyObject(lambda: lead and access.latest_delegacy(user) is not None),
        "in_elections": in_elections,
    }

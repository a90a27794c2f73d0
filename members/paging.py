"""Every list of the portal is paged one way: PAGE_SIZE rows a page, the page's number in ?trang=."""

from django.conf import settings
from django.core.paginator import Paginator


def page_of(request, queryset, size=None):
    """The page the request asks for; a missing or unreadable number gives the first page, too high the last."""
    return Paginator(queryset, size or settings.PAGE_SIZE).get_page(request.GET.get("trang"))

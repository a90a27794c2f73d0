"""Every list of the portal is paged one way: PAGE_SIZE rows a page, the page's number in ?trang=."""

from django.conf import settings
from django.core.paginator import Paginator


def page_of(request, queryset, size=None):
    """The page the request asks for; a missing or unreadable number gives the first page, too high the last."""
    return Paginator(queryset, size or settings.PAGE_SIZE).get_page(request.GET.get("trang"))


def page_numbers(page, most=5):
    """The page numbers a pager shows: at most five (the first, the last, the page and its neighbours), each
    gap as Paginator.ELLIPSIS, so the pager fits a phone whatever the number of pages."""
    last = page.paginator.num_pages
    if last <= most:
        return list(range(1, last + 1))
    shown = sorted({1, page.number - 1, page.number, page.number + 1, last} & set(range(1, last + 1)))
    numbers = []
    for number in shown:
        if numbers and number - numbers[-1] > 1:
            numbers.append(page.paginator.ELLIPSIS)
        numbers.append(number)
    return numbers

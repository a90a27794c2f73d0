"""The pager shows at most five page numbers, the gaps as an ellipsis, so it fits a phone."""

import pytest
from django.core.paginator import Paginator
from django.test import RequestFactory

from members.paging import page_numbers, page_of

ELLIPSIS = Paginator.ELLIPSIS


def numbers(page, pages):
    return page_numbers(Paginator(range(pages * 10), 10).page(page))


@pytest.mark.parametrize(
    ("page", "pages", "shown"),
    [
        (1, 1, [1]),
        (1, 4, [1, 2, 3, 4]),
        (1, 20, [1, 2, ELLIPSIS, 20]),
        (3, 20, [1, 2, 3, 4, ELLIPSIS, 20]),
        (10, 20, [1, ELLIPSIS, 9, 10, 11, ELLIPSIS, 20]),
        (19, 20, [1, ELLIPSIS, 18, 19, 20]),
        (20, 20, [1, ELLIPSIS, 19, 20]),
    ],
)
def test_the_pager_shows_the_ends_the_page_and_its_neighbours(page, pages, shown):
    assert numbers(page, pages) == shown


def test_never_more_than_five_numbers():
    for pages in range(1, 30):
        for page in range(1, pages + 1):
            shown = [n for n in numbers(page, pages) if n != ELLIPSIS]
            assert len(shown) <= 5, (page, pages, shown)
            assert page in shown and 1 in shown and pages in shown


def test_an_unreadable_or_too_high_page_gives_the_first_or_the_last(settings):
    settings.PAGE_SIZE = 10
    factory = RequestFactory()
    assert page_of(factory.get("/?trang=x"), list(range(95))).number == 1
    assert page_of(factory.get("/?trang=99"), list(range(95))).number == 10


@pytest.mark.django_db
def test_the_search_pager_fits_a_phone(client, secretariat, son_hong, settings):
    from tests.test_pages import add_members

    settings.PAGE_SIZE = 2
    add_members(son_hong, 30)
    client.force_login(secretariat)
    html = client.get("/tim-kiem/?q=tran+hoi+vien&trang=8").content.decode()
    pager = html[html.index('class="pagination"') :]
    pager = pager[: pager.index("</nav>")]
    assert pager.count("trang=") <= 5 + 2  # five numbers, previous and next
    assert "…" in pager

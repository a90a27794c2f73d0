"""The congress's list pages read their rows in a fixed number of queries, however many delegates there are.

Each page is loaded with the fixture's handful of delegates, then again after twelve more are summoned,
checked in, verified and have commented; the count of queries must not change.
"""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from congress.models import DelegateKind
from congress.services import delegates as services
from members import services as member_services
from tests.conftest import make_person

pytestmark = pytest.mark.django_db

MORE = 12


def grow(congress_v, son_hong, secretariat):
    congress = congress_v["congress"]
    services.set_quota(congress, son_hong, MORE + 5, actor=secretariat)
    pid = congress_v["draft"].paragraphs()[0][0]
    for n in range(MORE):
        person = make_person(f"Nguyễn Văn Thêm{n}", birth_date=datetime.date(1970 + n, 1, 1))
        member_services.admit_member(person, son_hong, actor=None, joined_on=datetime.date(2015, 1, 1))
        delegate = services.summon_delegate(
            congress, person, actor=secretariat, kind=DelegateKind.ELECTED, association=son_hong
        )
        services.check_in(delegate, actor=secretariat)
        services.record_credential(delegate, actor=secretariat, status="verified")
        services.record_paper_comment(
            congress_v["draft"], delegate, actor=secretariat, body=f"Ý kiến {n}", paragraph=pid
        )


def queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


SECRETARIAT_PAGES = [
    ("congress:overview", "congress"),
    ("congress:delegates", "congress"),
    ("congress:quotas", "congress"),
    ("congress:credentials", "congress"),
    ("congress:cards", "congress"),
    ("congress:attendance", "congress"),
    ("congress:documents", "congress"),
    ("congress:comments", "draft"),
    ("congress:credential_report", "congress"),
]


def test_secretariat_pages_do_not_grow_with_the_delegates(client, congress_v, son_hong, secretariat):
    client.force_login(secretariat)
    urls = [reverse(name, args=[congress_v[key].pk]) for name, key in SECRETARIAT_PAGES]
    urls.append(reverse("congress:check_in_desk", args=[congress_v["congress"].pk]) + "?q=nguyen")
    before = [queries(client, url) for url in urls]
    grow(congress_v, son_hong, secretariat)
    after = [queries(client, url) for url in urls]
    assert dict(zip(urls, after, strict=True)) == dict(zip(urls, before, strict=True))


def test_the_delegate_list_page_is_read_in_a_handful_of_queries(client, congress_v, secretariat):
    client.force_login(secretariat)
    # Session and user (2), the congress (1), the status counts (1), the page's count and rows (2), the
    # filter's associations (1), and the header's federation (1).
    assert queries(client, reverse("congress:delegates", args=[congress_v["congress"].pk])) <= 8


def test_delegate_pages_do_not_grow_with_the_comments(client, congress_v, son_hong, secretariat, delegate):
    client.force_login(delegate)
    urls = [
        reverse("congress:documents", args=[congress_v["congress"].pk]),
        reverse("congress:document", args=[congress_v["draft"].pk]),
        reverse("congress:my_comments", args=[congress_v["congress"].pk]),
    ]
    before = [queries(client, url) for url in urls]
    grow(congress_v, son_hong, secretariat)
    for n in range(3):
        services.add_comment(congress_v["draft"], actor=delegate, body=f"Thêm {n}", paragraph="")
    after = [queries(client, url) for url in urls]
    assert after == before

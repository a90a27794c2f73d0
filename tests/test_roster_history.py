"""The roster's history: who changed which member, when, and what."""

import datetime
import re

from django.urls import reverse

from members import services
from members.models import Person
from tests.test_pages import add_members, queries_for, text_of


def test_history_shows_who_changed_what_latest_first(client, lead, son_hong, people):
    yen = Person.objects.get(pk=people["yen"].pk)
    services.update_person(yen, actor=lead, expected_version=yen.version, job_title="Y sĩ")
    services.record_leaving(
        people["anh"].memberships.get(), actor=lead, left_on=datetime.date(2024, 5, 1), reason="resigned"
    )
    client.force_login(lead)
    page = text_of(client.get(reverse("members:roster_history", args=[son_hong.pk])))
    assert re.search(
        r"Cập nhật: Hội viên Lê Thị Ánh \d\d:\d\d \d\d/\d\d/\d{4} bởi Phạm Thị Lan "
        r"Ngày rời hội: — → 01/05/2024 Lý do rời hội: — → Xin thôi tham gia",
        page,
    )
    assert re.search(r"Cập nhật: Hồ sơ của Uông Thị Kim Yến .* bởi Phạm Thị Lan Chức vụ: — → Y sĩ", page)
    assert "Tạo mới: Hội viên Nguyễn Kiều Hưng" in page
    assert (
        page.index("Hội viên Lê Thị Ánh") < page.index("Hồ sơ của Uông Thị Kim Yến") < page.index("Tạo mới")
    )


def test_a_birth_date_made_more_precise_shows_as_one_change(client, lead, son_hong, people):
    from members.dates import read_birth_date

    yen = Person.objects.get(pk=people["yen"].pk)
    yen = services.update_person(
        yen, actor=lead, expected_version=yen.version, birth=read_birth_date("1978").birth
    )
    services.update_person(
        yen, actor=lead, expected_version=yen.version, birth=read_birth_date("09/1978").birth
    )
    client.force_login(lead)
    page = text_of(client.get(reverse("members:roster_history", args=[son_hong.pk])))
    assert "Ngày sinh: 1978 → 09/1978" in page
    assert "Ngày sinh: 09/09/1978 → 1978" in page
    assert "biết đến" not in page


def test_history_leaves_out_other_associations_records(client, lead, son_hong, people):
    client.force_login(lead)
    page = text_of(client.get(reverse("members:roster_history", args=[son_hong.pk])))
    # Hưng is also in the agriculture association; Đức is only in Phố Châu.
    assert page.count("Tạo mới: Hội viên Nguyễn Kiều Hưng") == 1
    assert "Đặng Văn Đức" not in page


def test_history_is_paginated_and_its_queries_do_not_grow(
    client, lead, son_hong, people, settings, django_assert_max_num_queries
):
    settings.PAGE_SIZE = 5
    client.force_login(lead)
    url = reverse("members:roster_history", args=[son_hong.pk])
    small = queries_for(client, url)
    for person in Person.objects.filter(memberships__association=son_hong):
        for number in range(3):
            person = Person.objects.get(pk=person.pk)
            services.update_person(person, actor=lead, expected_version=person.version, phone=f"09{number}")
    add_members(son_hong, 30)
    # A page holding only one kind of record skips the other kind's queries, so "at most".
    for page in ("", "?trang=2", "?trang=7", "?trang=14"):
        assert queries_for(client, url + page) <= small
    # Session and user (2), the association (1), the page's count and keys (2), the histories of the page's
    # memberships and people (2), the memberships' people (1), the lead's associations and congress seat
    # for the menu (2), federation (1).
    with django_assert_max_num_queries(11):
        client.get(url)
    assert small == 11
    assert "1–5 trong" in text_of(client.get(url))

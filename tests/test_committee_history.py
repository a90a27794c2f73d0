"""The committee page's record of the term's seats: who recorded each seat taken, changed or given up, and when."""

import datetime
import re

from django.urls import reverse

from members import services
from members.models import Body, EndReason, Role, StartMethod
from tests.test_pages import add_associations, queries_for, section, text_of


def _history(client, **params):
    return section(client.get(reverse("members:committee"), params), "Lịch sử ghi chép chức danh")


def test_the_committee_page_shows_who_recorded_each_seat_and_its_changes(
    client, secretariat, committee, people
):
    seat = services.grant_mandate(
        people["duc"],
        committee,
        actor=secretariat,
        body=Body.EXECUTIVE,
        role=Role.MEMBER,
        started_on=datetime.date(2021, 9, 1),
        start_method=StartMethod.COOPTED,
    )
    services.end_mandate(
        seat, actor=secretariat, ended_on=datetime.date(2023, 2, 1), reason=EndReason.RETIRED
    )
    client.force_login(secretariat)
    history = _history(client, ngay="01/01/2022")
    assert re.search(
        r"Cập nhật: Đặng Văn Đức, uỷ viên Ban Chấp hành \d\d:\d\d \d\d/\d\d/\d{4} bởi Hồ Thị Thu "
        r"Ngày thôi: — → 01/02/2023 Lý do thôi: — → Nghỉ hưu theo chế độ",
        history,
    )
    assert re.search(r"Tạo mới: Đặng Văn Đức, uỷ viên Ban Chấp hành \S+ \S+ bởi Hồ Thị Thu", history)
    # The fixture's seats were loaded without a user.
    assert "Tạo mới: Nguyễn Kiều Hưng, Chủ tịch Ban Thường vụ" in history
    assert "bởi hệ thống (nhập dữ liệu)" in history
    assert history.index("Cập nhật: Đặng Văn Đức") < history.index("Tạo mới: Đặng Văn Đức")
    assert reverse("members:person", args=[people["duc"].pk]) in client.get(reverse("members:committee")).text


def test_a_day_outside_every_term_has_no_seat_history(client, secretariat, committee):
    client.force_login(secretariat)
    page = text_of(client.get(reverse("members:committee"), {"ngay": "01/01/2000"}))
    assert "Lịch sử ghi chép chức danh" not in page


def test_the_seat_history_is_paginated_and_its_queries_do_not_grow(
    client, secretariat, committee, federation, settings
):
    settings.PAGE_SIZE = 3
    client.force_login(secretariat)
    url = reverse("members:committee") + "?ngay=01/01/2020"
    small = queries_for(client, url)
    for association in add_associations(federation, 3):
        for membership in association.memberships.select_related("person"):
            seat = services.grant_mandate(
                membership.person,
                committee,
                actor=secretariat,
                body=Body.EXECUTIVE,
                role=Role.MEMBER,
                started_on=datetime.date(2019, 3, 1),
                start_method=StartMethod.COOPTED,
            )
            services.end_mandate(
                seat, actor=secretariat, ended_on=datetime.date(2022, 3, 1), reason=EndReason.RETIRED
            )
    for page in ("", "&trang=2", "&trang=7"):
        assert queries_for(client, url + page) == small
    history = _history(client, ngay="01/01/2020")
    # The fixture's four records (three seats, one given up) and two for each of nine seats.
    assert "1–3 trong 22" in history

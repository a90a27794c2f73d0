"""Who entered which ballot and when, the ballot log of an election, and the election's own recorded changes."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from congress.models import TieRule
from congress.services import elections as services
from members.models import User, UserRole
from tests.conftest import CONGRESS_V
from tests.election_fixtures import COUNTED_BALLOTS, enter_both
from tests.test_pages import section, text_of

TIME = r"\d\d:\d\d:\d\d \d\d/\d\d/\d{4}"


@pytest.fixture
def board(client, secretariat):
    client.force_login(secretariat)
    return client


@pytest.fixture
def teller(db):
    """A second member of the counting board, who types the second entry."""
    return User.objects.create_user(
        "khoa@lienhiephoi.test", "mat-khau-kiem-phieu", role=UserRole.SECRETARIAT, full_name="Trần Đăng Khoa"
    )


def _url(name, *args):
    return reverse(f"congress:{name}", args=args)


def _queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


# --- The entry page ------------------------------------------------------------------------------------


def test_the_entry_page_names_who_entered_each_ballot_and_when(
    board, executive_election, secretariat, teller
):
    services.record_ballot(executive_election, actor=teller, entry=1, number=1, kept=[1, 2])
    services.record_ballot(executive_election, actor=secretariat, entry=1, number=2, kept=[1])
    entered = section(board.get(_url("election_entry", executive_election.pk, 1)), "Phiếu đã nhập")
    assert re.search(r"2 2, 3 Hồ Thị Thu \d\d:\d\d:\d\d", entered)
    assert re.search(r"1 3 Trần Đăng Khoa \d\d:\d\d:\d\d", entered)


def test_a_ballot_edited_names_who_edited_it(board, executive_election, secretariat, teller):
    services.record_ballot(executive_election, actor=teller, entry=1, number=1, kept=[1, 2])
    services.record_ballot(executive_election, actor=secretariat, entry=1, number=1, kept=[1], replace=True)
    entered = section(board.get(_url("election_entry", executive_election.pk, 1)), "Phiếu đã nhập")
    assert "Hồ Thị Thu" in entered and "Trần Đăng Khoa" not in entered


def test_the_entry_page_s_queries_do_not_grow_with_the_ballots(
    board, executive_election, secretariat, teller
):
    url = _url("election_entry", executive_election.pk, 1)
    services.record_ballot(executive_election, actor=teller, entry=1, number=1, kept=[1, 2])
    small = _queries(board, url)
    for number in range(2, 12):
        services.record_ballot(
            executive_election, actor=teller if number % 2 else secretariat, entry=1, number=number, kept=[1]
        )
    assert _queries(board, url) == small


# --- The ballot log ------------------------------------------------------------------------------------


def test_the_log_lists_ballots_added_changed_and_removed_with_who_and_when(
    board, executive_election, secretariat, teller
):
    services.record_ballot(executive_election, actor=teller, entry=1, number=1, kept=[1, 2])
    services.record_ballot(executive_election, actor=teller, entry=2, number=1, kept=[1, 2, 3])
    services.record_ballot(
        executive_election, actor=secretariat, entry=2, number=1, kept=[1, 3], replace=True
    )
    services.remove_ballot(executive_election, actor=secretariat, entry=1, number=1)
    page = text_of(board.get(_url("election_log", executive_election.pk)))
    rows = re.findall(rf"(\d+) ({TIME}) (\d) (\d+) (Nhập|Sửa|Xoá) (.*?) (Hồ Thị Thu|Trần Đăng Khoa)", page)
    assert [(n, entry, number, action, what, who) for n, _when, entry, number, action, what, who in rows] == [
        ("1", "1", "1", "Nhập", "gạch 3", "Trần Đăng Khoa"),
        ("2", "2", "1", "Nhập", "không gạch tên nào", "Trần Đăng Khoa"),
        ("3", "2", "1", "Sửa", "gạch: — → 2", "Hồ Thị Thu"),
        ("4", "1", "1", "Xoá", "gạch 3", "Hồ Thị Thu"),
    ]


def test_the_log_shows_one_entry_when_asked_and_is_paginated(
    board, executive_election, secretariat, settings
):
    settings.PAGE_SIZE = 5
    enter_both(executive_election, [(n, {1}) for n in range(1, 9)], actor=secretariat)
    assert "1–5 trong 16" in text_of(board.get(_url("election_log", executive_election.pk)))
    second = text_of(board.get(_url("election_log", executive_election.pk), {"luot": "2", "trang": "2"}))
    assert "6–8 trong 8" in second
    # The lines are numbered on from one page to the next.
    assert re.search(rf"6 {TIME} 2 6 Nhập gạch 2, 3 Hồ Thị Thu", second)


def test_the_log_s_queries_do_not_grow_with_the_ballots(board, executive_election, secretariat, settings):
    settings.PAGE_SIZE = 4
    url = _url("election_log", executive_election.pk)
    enter_both(executive_election, COUNTED_BALLOTS[:2], actor=secretariat)
    small = _queries(board, url)
    enter_both(executive_election, COUNTED_BALLOTS + [(n, {1}) for n in range(5, 20)], actor=secretariat)
    for number in range(1, 6):
        services.record_ballot(
            executive_election, actor=secretariat, entry=1, number=number, kept=[3], replace=True
        )
    for page in ("", "?trang=2", "?trang=9", "?luot=1&trang=3"):
        assert _queries(board, url + page) == small


def test_the_log_prints_as_a_pdf_with_every_line(board, counted_election, secretariat):
    services.remove_ballot(counted_election, actor=secretariat, entry=2, number=4)
    response = board.get(_url("election_log_pdf", counted_election.pk))
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    html = services.ballot_log_html(counted_election)
    assert "NHẬT KÝ NHẬP PHIẾU" in html
    assert html.count('<tr class="line">') == 9


def test_the_entry_and_result_pages_link_to_the_log(board, counted_election):
    log = _url("election_log", counted_election.pk)
    assert log in board.get(_url("election_entry", counted_election.pk, 1)).text
    assert log in board.get(_url("election_result", counted_election.pk)).text


# --- The election's own changes ------------------------------------------------------------------------


def test_the_overview_shows_the_election_s_changes_with_who_and_when(
    board, counted_election, election_candidates, secretariat, teller
):
    services.set_ballot_totals(counted_election, actor=teller, issued=6)
    services.confirm_result(counted_election, actor=secretariat)
    changes = section(board.get(_url("election", counted_election.pk)), "Lịch sử cuộc bầu")
    assert re.search(r"Xác nhận kết quả \S+ \S+ bởi Hồ Thị Thu Trúng cử: Lê Thị Ánh, Đặng Văn Đức", changes)
    assert re.search(r"Nhập số phiếu phát ra \S+ \S+ bởi Trần Đăng Khoa Số phiếu phát ra: 5 → 6", changes)
    assert re.search(r"Thêm vào danh sách: Lê Thị Ánh \S+ \S+ bởi Hồ Thị Thu", changes)
    assert re.search(r"Tạo cuộc bầu: Bầu Ban Chấp hành .* bởi Hồ Thị Thu", changes)
    # Latest first.
    assert (
        changes.index("Xác nhận kết quả")
        < changes.index("Nhập số phiếu phát ra")
        < changes.index("Tạo cuộc bầu")
    )


def test_the_overview_shows_a_candidate_removed_a_tie_decision_and_a_correction(
    board, executive_election, election_candidates, people, secretariat, teller
):
    services.add_candidate(executive_election, people["yen"], actor=secretariat)
    services.remove_candidate(executive_election.candidates.get(person=people["yen"]), actor=teller)
    executive_election.congress.tie_rule = TieRule.CONGRESS_DECIDES
    executive_election.congress.save()
    # Ánh 5; Đức and Hưng 4 each, tied at the second seat.
    tied = [(1, {1, 2}), (2, {1, 2}), (3, {1, 3}), (4, {1, 3}), (5, {2, 3}), (6, {2, 3}), (7, {1})]
    enter_both(executive_election, tied, actor=secretariat)
    services.set_ballot_totals(executive_election, actor=secretariat, issued=7)
    hung, duc = election_candidates["hung"], election_candidates["duc"]
    services.record_tie_decision(
        executive_election, actor=secretariat, chosen=[hung], note="Biểu quyết lần 1"
    )
    services.record_tie_decision(
        executive_election, actor=teller, chosen=[duc], note="Đại hội biểu quyết giơ tay, 5/7 tán thành."
    )
    services.confirm_result(executive_election, actor=secretariat)
    services.record_correction(
        executive_election,
        actor=teller,
        reason="Kiểm lại phiếu số 5.",
        effective_on=CONGRESS_V,
        withdrawn=[duc],
        added=[hung],
    )
    changes = section(board.get(_url("election", executive_election.pk)), "Lịch sử cuộc bầu")
    assert re.search(r"Bỏ khỏi danh sách: Uông Thị Kim Yến \S+ \S+ bởi Trần Đăng Khoa", changes)
    assert re.search(
        r"Ghi quyết định khi bằng phiếu: Biểu quyết lần 1 \S+ \S+ bởi Hồ Thị Thu "
        r"Người được chọn: — → Nguyễn Kiều Hưng",
        changes,
    )
    assert re.search(
        r"Ghi quyết định khi bằng phiếu: Đại hội biểu quyết giơ tay, 5/7 tán thành. \S+ \S+ bởi Trần Đăng Khoa "
        r"Người được chọn: Nguyễn Kiều Hưng → Đặng Văn Đức",
        changes,
    )
    assert re.search(r"Xác nhận kết quả \S+ \S+ bởi Hồ Thị Thu Trúng cử: Lê Thị Ánh, Đặng Văn Đức", changes)
    assert re.search(
        r"Lập biên bản đính chính: Kiểm lại phiếu số 5. \S+ \S+ bởi Trần Đăng Khoa "
        r"Hiệu lực từ 15/03/2024 Thôi giữ ghế: Đặng Văn Đức Nhận ghế: Nguyễn Kiều Hưng",
        changes,
    )
    assert changes.count("Ghi quyết định") == 2
    assert changes.index("Lập biên bản đính chính") < changes.index("Xác nhận kết quả")


def test_the_overview_s_queries_do_not_grow_with_the_election_s_changes(
    board, executive_election, people, secretariat
):
    url = _url("election", executive_election.pk)
    small = _queries(board, url)
    for key in ("yen", "an"):
        services.add_candidate(executive_election, people[key], actor=secretariat)
    enter_both(executive_election, COUNTED_BALLOTS, actor=secretariat)
    services.set_ballot_totals(executive_election, actor=secretariat, issued=5)
    services.set_ballot_totals(executive_election, actor=secretariat, issued=4)
    assert _queries(board, url) == small

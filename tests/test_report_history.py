"""The history of a report's prose and shortcomings: who changed what, when, with the words that changed."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from members.models import User, UserRole
from reports import services
from reports.models import Section, SectionText
from tests.test_pages import text_of


@pytest.fixture
def signed_in(client, secretariat):
    client.force_login(secretariat)
    return client


@pytest.fixture
def colleague(db):
    return User.objects.create_user(
        "hoa@lienhiephoi.test", "mat-khau-van-phong-2", role=UserRole.SECRETARIAT, full_name="Lê Thị Hoa"
    )


def test_the_first_save_of_a_section_records_who_wrote_it(term_report, secretariat):
    services.save_section_text(term_report, Section.OPENING, "Lời mở đầu.", actor=secretariat)
    text = SectionText.objects.get(report=term_report, section=Section.OPENING)
    records = list(text.history.order_by("history_date", "history_id"))
    assert [(r.history_type, r.history_user, r.body) for r in records] == [("+", secretariat, "Lời mở đầu.")]


def test_saving_a_section_unchanged_adds_nothing_to_its_history(term_report, secretariat):
    services.save_section_text(term_report, Section.OPENING, "Lời mở đầu.", actor=secretariat)
    services.save_section_text(term_report, Section.OPENING, "Lời mở đầu.\n", actor=secretariat)
    assert SectionText.history.filter(report_id=term_report.pk).count() == 1


def test_the_section_history_shows_each_edit_with_its_author_and_the_words_that_changed(
    signed_in, term_report, secretariat, colleague
):
    services.save_section_text(
        term_report, Section.OPENING, "Nhiệm kỳ qua, Liên hiệp hội đã hoàn thành nhiệm vụ.", actor=secretariat
    )
    services.save_section_text(
        term_report,
        Section.OPENING,
        "Nhiệm kỳ qua, Liên hiệp hội đã hoàn thành tốt nhiệm vụ.",
        actor=colleague,
    )
    services.save_section_text(
        term_report,
        Section.OPENING,
        "Nhiệm kỳ qua, Liên hiệp hội đã hoàn thành tốt nhiệm vụ.",
        actor=colleague,
    )
    response = signed_in.get(reverse("reports:section_history", args=[term_report.pk, Section.OPENING]))
    page = text_of(response)
    assert re.search(r"Sửa nội dung \d\d:\d\d \d\d/\d\d/\d{4} bởi Lê Thị Hoa", page)
    assert re.search(r"Viết lần đầu \d\d:\d\d \d\d/\d\d/\d{4} bởi Hồ Thị Thu", page)
    # Latest first; the edit shows only the word added, the first version its whole text.
    assert page.index("bởi Lê Thị Hoa") < page.index("bởi Hồ Thị Thu")
    html = response.content.decode()
    assert "hoàn thành <ins>tốt </ins>nhiệm vụ." in html
    assert "<ins>Nhiệm kỳ qua, Liên hiệp hội đã hoàn thành nhiệm vụ.</ins>" in html
    assert page.count("bởi ") == 2


def test_the_section_history_of_an_unwritten_section_says_so(signed_in, term_report):
    page = text_of(signed_in.get(reverse("reports:section_history", args=[term_report.pk, Section.CLOSING])))
    assert "Mục này chưa được viết lần nào." in page


def test_the_section_editor_links_to_its_history(signed_in, term_report):
    response = signed_in.get(reverse("reports:section", args=[term_report.pk, Section.OPENING]))
    assert reverse("reports:section_history", args=[term_report.pk, Section.OPENING]) in response.text


def test_the_shortcomings_history_shows_them_added_edited_moved_and_removed(
    signed_in, term_report, report_shortcoming, secretariat, colleague
):
    second = services.add_shortcoming(term_report, "Kinh phí còn hạn hẹp.", actor=colleague)
    services.update_shortcoming(second, "Kinh phí hoạt động còn hạn hẹp.", actor=secretariat)
    services.move_shortcoming(second, actor=colleague, offset=-1)
    services.remove_shortcoming(report_shortcoming, actor=secretariat)
    response = signed_in.get(reverse("reports:shortcomings_history", args=[term_report.pk]))
    page = text_of(response)
    lines = re.findall(r"(Thêm|Sửa|Chuyển|Xoá) mục \d \d\d:\d\d \d\d/\d\d/\d{4} bởi (\S+ \S+ \S+)", page)
    assert lines == [
        ("Xoá", "Hồ Thị Thu"),
        ("Chuyển", "Lê Thị Hoa"),
        ("Chuyển", "Lê Thị Hoa"),
        ("Sửa", "Hồ Thị Thu"),
        ("Thêm", "Lê Thị Hoa"),
        ("Thêm", "Hồ Thị Thu"),
    ]
    assert "Từ vị trí 2 lên vị trí 1" in page
    assert "Từ vị trí 1 xuống vị trí 2" in page
    html = response.content.decode()
    assert "Kinh phí<ins> hoạt động</ins> còn hạn hẹp." in html
    assert "<del>Một số hội chưa báo cáo đúng hạn.</del>" in html


def test_the_report_page_links_to_each_history_and_shows_each_version_s_note(
    signed_in, term_report, report_version
):
    report_version.note = "Gửi các hội góp ý"
    report_version.save()
    response = signed_in.get(reverse("reports:detail", args=[term_report.pk]))
    assert reverse("reports:section_history", args=[term_report.pk, Section.OPENING]) in response.text
    assert reverse("reports:shortcomings_history", args=[term_report.pk]) in response.text
    versions = text_of(response).split("Các phiên bản")[1]
    assert re.search(r"Dự thảo lần 1 \d\d:\d\d \d\d/\d\d/\d{4}, Hồ Thị Thu · Gửi các hội góp ý", versions)


@pytest.mark.parametrize("history", ["section", "shortcomings"])
def test_the_history_pages_run_the_same_queries_however_long_the_history(
    signed_in, term_report, report_shortcoming, secretariat, colleague, settings, history
):
    settings.PAGE_SIZE = 3
    if history == "section":
        url = reverse("reports:section_history", args=[term_report.pk, Section.OPENING])
    else:
        url = reverse("reports:shortcomings_history", args=[term_report.pk])

    def edit(n):
        for index in range(n):
            services.save_section_text(term_report, Section.OPENING, f"Lần viết {index}.", actor=secretariat)
            item = services.add_shortcoming(term_report, f"Hạn chế {index}.", actor=colleague)
            services.update_shortcoming(item, f"Hạn chế số {index}.", actor=secretariat)
            services.move_shortcoming(item, actor=colleague, offset=-1)

    edit(2)
    small = _queries(signed_in, url)
    edit(10)
    for page in ("", "?trang=2", "?trang=5"):
        assert _queries(signed_in, url + page) == small
    assert "1–3 trong" in text_of(signed_in.get(url))


def _queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)

"""The report pages in the browser, as the secretariat uses them (who may open them: tests/matrix/reports.py)."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from members import services as member_services
from members.models import Block, Body, Role, StartMethod
from reports import services
from reports.models import Activity, ActivityKind, Indicator, Initiative, Level, ReportVersion, Section
from tests.conftest import CONGRESS_IV, make_association, make_person
from tests.test_pages import add_members, text_of


@pytest.fixture
def signed_in(client, secretariat, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(secretariat)
    return client


def _record_what_the_prose_cites(term):
    Initiative.objects.create(
        term=term,
        title="Giống chè cành",
        authors="Nguyễn Văn Sơn",
        level=Level.PROVINCE,
        recognised_on="2020-05-01",
    )


def test_the_list_shows_each_report_and_its_versions(signed_in, report_version, term_report):
    page = text_of(signed_in.get(reverse("reports:list")))
    assert "BÁO CÁO Kiểm điểm của Ban Chấp hành Liên hiệp hội khoá IV, nhiệm kỳ 2018–2023" in page
    assert "Khoá IV, nhiệm kỳ 2018–2023" in page and "05/01/2024" in page
    assert "Dự thảo lần 1" in page
    # Term V has no report yet: the page offers to open one.
    assert "Mở báo cáo Khoá V, nhiệm kỳ 2024–2029" in page


def test_opening_a_report_for_a_term_creates_it_once(signed_in, term_v, committee):
    url = reverse("reports:create", args=[term_v.pk])
    first = signed_in.post(url)
    second = signed_in.post(url)
    assert first["Location"] == second["Location"]
    assert term_v.report.subtitle == "Kiểm điểm của Ban Chấp hành Liên hiệp hội khoá V, nhiệm kỳ 2024–2029"


def test_the_preview_marks_missing_figures_and_lists_them(signed_in, term_report, secretariat):
    services.save_section_text(
        term_report, Section.SCIENCE, "Có {so_de_tai_cap_tinh} đề tài cấp tỉnh.", actor=secretariat
    )
    response = signed_in.get(reverse("reports:detail", args=[term_report.pk]))
    html = response.content.decode()
    assert 'class="doc-missing" title="Chưa có số liệu: so_de_tai_cap_tinh">…</span>' in html
    # The prose cites one; the generated sentence of section 2.4 cites both counts of initiatives.
    missing = text_of(response).split("Còn 2 số liệu chưa có dữ liệu:")[1]
    assert missing.startswith(
        " Số đề tài, sáng kiến được công nhận cấp huyện {so_de_tai_cap_huyen}"
        " Số đề tài, sáng kiến được công nhận cấp tỉnh {so_de_tai_cap_tinh}"
    )
    assert re.search(r'<button class="button" type="submit" disabled', html)


def test_the_section_editor_lists_the_figures_that_can_be_cited_with_their_values(signed_in, term_report):
    page = text_of(signed_in.get(reverse("reports:section", args=[term_report.pk, Section.ORGANISATION])))
    assert "{so_hoi_thanh_vien} Số hội thành viên 03" in page
    assert "{so_de_tai_cap_tinh} Số đề tài, sáng kiến được công nhận cấp tỉnh …" in page


def test_saving_prose_saves_it_and_returns_to_the_report(signed_in, term_report):
    url = reverse("reports:section", args=[term_report.pk, Section.ORGANISATION])
    response = signed_in.post(url, {"body": "Có {so_hoi_thanh_vien} hội."}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("reports:detail", args=[term_report.pk])
    assert "Có 03 hội." in text_of(response)
    assert term_report.texts.get(section=Section.ORGANISATION).body == "Có {so_hoi_thanh_vien} hội."


def test_saving_prose_that_cites_an_unknown_figure_shows_the_error_and_saves_nothing(signed_in, term_report):
    url = reverse("reports:section", args=[term_report.pk, Section.ORGANISATION])
    response = signed_in.post(url, {"body": "Có {so_hoi_thanh_vienn} hội."})
    assert response.status_code == 200
    assert "Không có số liệu nào tên {so_hoi_thanh_vienn}." in text_of(response)
    # The form keeps what was typed, so nothing is lost.
    assert "Có {so_hoi_thanh_vienn} hội." in response.content.decode()
    assert not term_report.texts.exists()


def test_shortcomings_are_added_edited_reordered_and_removed(signed_in, term_report):
    url = reverse("reports:shortcomings", args=[term_report.pk])
    signed_in.post(url, {"text": "Kinh phí hoạt động còn hạn hẹp.", "figure": ""})
    signed_in.post(url, {"text": "Nhân sự biến động nhiều.", "figure": "so_uy_vien_roi_bch"})
    first, second, third = term_report.shortcomings.all()
    signed_in.post(reverse("reports:shortcoming_move", args=[term_report.pk, third.pk, "len"]))
    signed_in.post(reverse("reports:shortcoming_move", args=[term_report.pk, third.pk, "len"]))
    assert list(term_report.shortcomings.values_list("pk", flat=True)) == [third.pk, first.pk, second.pk]
    signed_in.post(
        reverse("reports:shortcoming", args=[term_report.pk, second.pk]),
        {"text": "Kinh phí hoạt động chưa đáp ứng nhiệm vụ.", "figure": ""},
    )
    signed_in.post(reverse("reports:shortcoming_delete", args=[term_report.pk, first.pk]))
    page = text_of(signed_in.get(url))
    assert page.index("Nhân sự biến động nhiều.") < page.index("Kinh phí hoạt động chưa đáp ứng nhiệm vụ.")
    assert "Một số hội chưa báo cáo đúng hạn." not in page
    assert "{so_uy_vien_roi_bch}" in page


def test_a_shortcoming_citing_an_unknown_figure_is_refused(signed_in, term_report):
    response = signed_in.post(
        reverse("reports:shortcomings", args=[term_report.pk]), {"text": "Có {khong_co} việc.", "figure": ""}
    )
    assert "Không có số liệu nào tên {khong_co}." in text_of(response)
    assert term_report.shortcomings.count() == 1


def test_publishing_with_a_missing_figure_shows_the_list_and_publishes_nothing(
    signed_in, term_report, secretariat
):
    services.save_section_text(
        term_report,
        Section.SCIENCE,
        "Có {so_de_tai_cap_tinh} đề tài; {san_pham_ocop} sản phẩm.",
        actor=secretariat,
    )
    response = signed_in.post(
        reverse("reports:publish", args=[term_report.pk]), {"kind": "draft", "note": ""}, follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("reports:detail", args=[term_report.pk])
    message = text_of(response)
    assert "Chưa thể ban hành: báo cáo còn số liệu chưa có dữ liệu." in message
    assert "Số đề tài, sáng kiến được công nhận cấp tỉnh ({so_de_tai_cap_tinh})" in message
    assert "({san_pham_ocop})" in message
    assert not ReportVersion.objects.exists()


def test_publishing_freezes_a_version_and_its_pdf_downloads_as_stored(signed_in, term_report, secretariat):
    _record_what_the_prose_cites(term_report.term)
    services.save_section_text(
        term_report, Section.SCIENCE, "Có {so_de_tai_cap_tinh} đề tài cấp tỉnh.", actor=secretariat
    )
    response = signed_in.post(
        reverse("reports:publish", args=[term_report.pk]),
        {"kind": "draft", "note": "Gửi xin ý kiến"},
        follow=True,
    )
    version = ReportVersion.objects.get()
    assert response.redirect_chain[-1][0] == reverse("reports:version", args=[version.pk])
    page = text_of(response)
    assert "Đã ban hành Dự thảo lần 1." in page
    assert version.pdf_sha256 in page
    download = signed_in.get(reverse("reports:version_file", args=[version.pk, "pdf"]))
    assert download["Content-Type"] == "application/pdf"
    with version.pdf.open("rb") as stored:
        assert (
            b"".join(download.streaming_content if download.streaming else [download.content])
            == stored.read()
        )
    docx = signed_in.get(reverse("reports:version_file", args=[version.pk, "docx"]))
    assert docx.content.startswith(b"PK")
    assert 'filename="bao-cao-khoa-IV-v1.docx"' in docx["Content-Disposition"]


def test_the_live_report_downloads_as_pdf_and_docx(signed_in, term_report):
    pdf = signed_in.get(reverse("reports:file", args=[term_report.pk, "pdf"]))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF-")
    assert pdf["Content-Disposition"].startswith("inline;")
    docx = signed_in.get(reverse("reports:file", args=[term_report.pk, "docx"]))
    assert docx["Content-Type"].endswith("wordprocessingml.document") and docx.content.startswith(b"PK")


def test_compare_marks_what_changed_paragraph_by_paragraph(signed_in, term_report, secretariat):
    _record_what_the_prose_cites(term_report.term)
    services.save_section_text(
        term_report,
        Section.CLOSING,
        "Ban Chấp hành kính mong các đại biểu góp ý.\nĐoạn này sẽ bị bỏ.",
        actor=secretariat,
    )
    services.publish_version(term_report, actor=secretariat)
    services.save_section_text(
        term_report,
        Section.CLOSING,
        "Ban Chấp hành trân trọng kính mong các đại biểu góp ý.",
        actor=secretariat,
    )
    response = signed_in.get(reverse("reports:compare", args=[term_report.pk]), {"tu": "1", "den": "live"})
    html = response.content.decode()
    assert "Ban Chấp hành<ins> trân trọng</ins> kính mong các đại biểu góp ý." in html
    assert "<del>Đoạn này sẽ bị bỏ.</del>" in html
    statuses = re.findall(r'class="compare-row compare-(\w+)"', html)
    assert statuses[-2:] == ["changed", "removed"] and set(statuses[:-2]) == {"same"}
    assert "Dự thảo lần 1 → Bản đang soạn: 2 đoạn thay đổi." in text_of(response)


def test_compare_between_two_versions(signed_in, term_report, secretariat):
    _record_what_the_prose_cites(term_report.term)
    services.publish_version(term_report, actor=secretariat)
    services.add_shortcoming(term_report, "Một hạn chế mới.", actor=secretariat)
    services.publish_version(term_report, actor=secretariat)
    response = signed_in.get(reverse("reports:compare", args=[term_report.pk]), {"tu": "1", "den": "2"})
    assert "<ins>- Một hạn chế mới.</ins>" in response.content.decode()
    assert "Dự thảo lần 1 → Dự thảo lần 2: 1 đoạn thay đổi." in text_of(response)


def _queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured.captured_queries)


def _grow(term, federation, secretariat, n):
    """n more associations with members and committee seats, n more activities of each kind, one more version."""
    for index in range(n):
        association = make_association(federation, f"hoi-them-{index}", f"Hội thêm {index}", Block.AGENCIES)
        add_members(association, 5, prefix=f"Thêm{index}")
        person = make_person(f"Trần Văn Uỷ{index}")
        member_services.grant_mandate(
            person,
            term,
            actor=None,
            body=Body.EXECUTIVE,
            role=Role.MEMBER,
            started_on=CONGRESS_IV,
            start_method=StartMethod.CONGRESS,
        )
        for kind in ActivityKind.values:
            Activity.objects.create(
                term=term,
                kind=kind,
                title=f"{kind} {index}",
                held_on=datetime.date(2020, 1, 1 + index),
                participants=9,
            )
    Indicator.objects.create(term=term, code=f"chi_so_{n}", label="Chỉ số", value=n, as_of="2023-12-31")


@pytest.mark.parametrize(
    "page", ["reports:detail", "reports:section", "reports:compare", "reports:shortcomings"]
)
def test_report_pages_run_the_same_queries_however_big_the_records(
    signed_in, term_report, report_version, federation, secretariat, page
):
    args = [term_report.pk, Section.OPENING] if page == "reports:section" else [term_report.pk]
    url = reverse(page, args=args)
    small = _queries(signed_in, url)
    _grow(term_report.term, federation, secretariat, 20)
    services.add_shortcoming(term_report, "Thêm một hạn chế.", actor=secretariat)
    assert _queries(signed_in, url) == small


def test_the_detail_page_takes_a_fixed_number_of_queries(
    signed_in, term_report, report_version, django_assert_num_queries
):
    # Session and user (2), the federation for the header (1), the report (1); composing: the next term,
    # mandates, active associations, members in one aggregate, seats, activities, contests and their awards,
    # initiatives, indicators, targets, prose, shortcomings (13); the members at each year end of the term,
    # for the chart, from the ledger in one query (1); the names of the term's indicators (1); the versions
    # with who published them (1); the shortcomings again, each linked to its edit page from the list of
    # sections so it is within three clicks of the menu (1).
    with django_assert_num_queries(20):
        signed_in.get(reverse("reports:detail", args=[term_report.pk]))

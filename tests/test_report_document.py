"""The term report is composed from the records: its figures and names agree with them everywhere."""

import datetime

import pytest

from members import services as member_services
from members.models import Block, Body, EndReason, Role, StartMethod
from reports import services
from reports.document import compose_report, date_line, plain_text
from reports.models import Activity, ActivityKind, Indicator, Initiative, Level, Section, TermReport
from tests.conftest import CONGRESS_IV, make_association, make_person


@pytest.fixture
def report(committee, term_v, secretariat):
    return TermReport.objects.create(
        term=committee, signer_name="Nguyễn Kiều Hưng", dated=datetime.date(2024, 1, 5)
    )


def test_it_writes_the_date_line_the_decree_way():
    assert date_line("Hương Sơn", datetime.date(2024, 1, 5)) == "Hương Sơn, ngày 05 tháng 01 năm 2024"
    assert date_line("Hương Sơn", datetime.date(2024, 2, 29)) == "Hương Sơn, ngày 29 tháng 02 năm 2024"
    assert date_line("Hương Sơn", datetime.date(2023, 3, 8)) == "Hương Sơn, ngày 08 tháng 3 năm 2023"
    assert date_line("Hương Sơn", datetime.date(2023, 12, 15)) == "Hương Sơn, ngày 15 tháng 12 năm 2023"


def test_it_names_the_congress_elections_and_officers_from_the_mandates(report):
    text = plain_text(compose_report(report))
    assert "lần thứ IV, nhiệm kỳ 2018–2023, họp ngày 17/08/2018, đã bầu 02 uỷ viên Ban Chấp hành" in text
    assert "Ông Nguyễn Kiều Hưng, Phó Chủ tịch UBND huyện, được bầu làm Chủ tịch" in text


def test_it_groups_departures_with_reasons_and_counts_the_committee_at_the_next_congress(report):
    text = plain_text(compose_report(report))
    assert (
        "01 uỷ viên không tiếp tục tham gia BCH: 01 người chuyển công tác (bà Uông Thị Kim Yến chuyển công tác về cơ sở)"
        in text
    )
    assert "Tính đến thời điểm Đại hội lần thứ V, Ban Chấp hành Liên hiệp hội có 01 người." in text
    # Section 1 says the same, computed from the same records.
    assert "Trong nhiệm kỳ có 01 uỷ viên BCH chuyển công tác về cơ sở; BCH còn 01 người." in text


def test_a_new_departure_changes_every_sentence_that_mentions_the_committee(report, people):
    seat = report.term.mandates.get(person=people["hung"], body=Body.EXECUTIVE)
    member_services.end_mandate(
        seat, actor=None, ended_on=datetime.date(2023, 6, 1), reason=EndReason.RETIRED
    )
    text = plain_text(compose_report(report))
    assert "02 uỷ viên không tiếp tục tham gia BCH" in text
    assert (
        "01 người nghỉ hưu theo chế độ (ông Nguyễn Kiều Hưng – UVBTV, Chủ tịch, Phó Chủ tịch UBND huyện)"
        in text
    )
    assert "Ban Chấp hành Liên hiệp hội có 0 người." in text


def test_it_counts_associations_by_block_and_members_once(report, people, federation):
    content = compose_report(report)
    # On 05/01/2024: three associations (2 communes, 1 agency); Hưng is in two associations, An left in 2020.
    assert content["figures"]["so_hoi_thanh_vien"] == "03"
    assert content["figures"]["so_hoi_khoi_xa"] == "02"
    assert content["figures"]["so_hoi_khoi_co_quan"] == "01"
    assert content["figures"]["so_hoi_vien"] == "04"
    make_association(
        federation, "y-hoc", "Hội Y học", Block.AGENCIES, established_on=datetime.date(2024, 6, 1)
    )
    assert compose_report(report)["figures"]["so_hoi_thanh_vien"] == "03"


def test_prose_cites_live_figures_and_escapes_nothing_into_code(report, secretariat):
    services.save_section_text(
        report,
        Section.ORGANISATION,
        "Liên hiệp hội có {so_hoi_thanh_vien} hội <b>thành viên</b>.",
        actor=secretariat,
    )
    content = compose_report(report)
    paragraph = next(b for b in content["blocks"] if b.get("id") == "organisation-1")
    assert "".join(r["text"] for r in paragraph["runs"]) == "Liên hiệp hội có 03 hội <b>thành viên</b>."
    from reports.rendering import render_html

    html = render_html(content)
    assert "&lt;b&gt;thành viên&lt;/b&gt;" in html


@pytest.mark.parametrize(
    "prose",
    [
        "Có {so_hoi_thanh_vienn} hội.",
        "Có {{ 7*7 }} hội.",
        "Có {__import__('os').system('true')} hội.",
        "Có {Số hội} hội.",
        "Có {} hội.",
    ],
)
def test_it_refuses_prose_citing_an_unknown_figure(report, secretariat, prose):
    with pytest.raises(services.ReportsError) as excinfo:
        services.save_section_text(report, Section.ORGANISATION, prose, actor=secretariat)
    assert "Không có số liệu nào tên" in str(excinfo.value)
    assert not report.texts.exists()


def test_it_shows_a_missing_figure_and_refuses_to_publish(report, secretariat):
    services.save_section_text(
        report,
        Section.SCIENCE,
        "Có {so_de_tai_cap_tinh} đề tài cấp tỉnh; {san_pham_ocop} sản phẩm OCOP.",
        actor=secretariat,
    )
    content = compose_report(report)
    assert {m["figure"] for m in content["missing"]} >= {"so_de_tai_cap_tinh", "san_pham_ocop"}
    assert "Có … đề tài cấp tỉnh" in plain_text(content)
    with pytest.raises(services.ReportsError) as excinfo:
        services.publish_version(report, actor=secretariat)
    assert any("so_de_tai_cap_tinh" in d for d in excinfo.value.details)
    assert any("san_pham_ocop" in d for d in excinfo.value.details)
    assert not report.versions.exists()


def _fill_records(term):
    Initiative.objects.create(
        term=term,
        title="Giống chè cành",
        authors="Nguyễn Văn Sơn",
        level=Level.PROVINCE,
        recognised_on=datetime.date(2020, 5, 1),
    )
    Indicator.objects.create(
        term=term, code="san_pham_ocop", label="Sản phẩm OCOP", value=48, as_of=datetime.date(2023, 12, 31)
    )


def test_a_published_version_does_not_change_when_the_records_do(report, secretariat, federation, people):
    _fill_records(report.term)
    services.save_section_text(
        report, Section.SCIENCE, "Có {so_de_tai_cap_tinh} đề tài cấp tỉnh.", actor=secretariat
    )
    version = services.publish_version(report, actor=secretariat)
    assert version.label == "Dự thảo lần 1"
    frozen = plain_text(version.content)
    assert "Có 01 đề tài cấp tỉnh." in frozen

    Initiative.objects.create(
        term=report.term,
        title="Sáng kiến mới",
        authors="Lê Văn A",
        level=Level.PROVINCE,
        recognised_on=datetime.date(2021, 5, 1),
    )
    member_services.admit_member(
        make_person("Hồ Văn Mới"),
        federation.associations.first(),
        actor=None,
        joined_on=datetime.date(2022, 1, 1),
    )
    version.refresh_from_db()
    assert plain_text(version.content) == frozen
    assert "Có 02 đề tài cấp tỉnh." in plain_text(compose_report(report))

    import hashlib

    with version.pdf.open("rb") as handle:
        assert hashlib.sha256(handle.read()).hexdigest() == version.pdf_sha256


def test_drafts_are_numbered_and_only_one_official_version_exists(report, secretariat):
    _fill_records(report.term)
    first = services.publish_version(report, actor=secretariat)
    second = services.publish_version(report, actor=secretariat)
    official = services.publish_version(report, actor=secretariat, kind="official")
    assert [first.label, second.label, official.label] == ["Dự thảo lần 1", "Dự thảo lần 2", "Chính thức"]
    with pytest.raises(services.ReportsError):
        services.publish_version(report, actor=secretariat, kind="official")
    with pytest.raises(services.ReportsError):
        services.publish_version(report, actor=secretariat)
    assert report.versions.count() == 3
    assert first.history.first().history_user == secretariat


def test_shortcomings_keep_their_order_and_can_be_reordered(report, secretariat):
    a = services.add_shortcoming(report, "Thứ nhất", actor=secretariat)
    b = services.add_shortcoming(report, "Thứ hai", actor=secretariat)
    c = services.add_shortcoming(report, "Thứ ba", actor=secretariat, figure="so_uy_vien_roi_bch")
    services.move_shortcoming(c, actor=secretariat, offset=-1)
    assert list(report.shortcomings.values_list("text", flat=True)) == ["Thứ nhất", "Thứ ba", "Thứ hai"]
    services.move_shortcoming(a, actor=secretariat, offset=-1)  # already first: nothing moves
    assert list(report.shortcomings.values_list("pk", flat=True)) == [a.pk, c.pk, b.pk]
    text = plain_text(compose_report(report))
    assert "- Thứ ba (Số uỷ viên BCH thôi tham gia trong nhiệm kỳ:\u00a001)" in text
    with pytest.raises(services.ReportsError):
        services.add_shortcoming(report, "Gắn sai", actor=secretariat, figure="khong_co")


def test_activity_tables_and_totals_come_from_the_records(report):
    term = report.term
    for n, amount in enumerate([18_500_000, 24_000_000]):
        Activity.objects.create(
            term=term,
            kind=ActivityKind.FRONT,
            title=f"Ủng hộ {n}",
            held_on=datetime.date(2020, 1, 1 + n),
            amount=amount,
        )
    content = compose_report(report)
    assert content["figures"]["tong_dong_gop"] == "42.500.000"
    table = next(b for b in content["blocks"] if b["type"] == "table" and b["id"].startswith("front"))
    assert table["total"][-1] == "42.500.000"
    assert [row[2] for row in table["rows"]] == ["Ủng hộ 0", "Ủng hộ 1"]


def test_targets_are_set_beside_what_was_achieved(report):
    from reports.models import Target

    _fill_records(report.term)
    Target.objects.create(
        term=report.term, label="Đề tài cấp tỉnh", figure="so_de_tai_cap_tinh", target_value=4
    )
    content = compose_report(report)
    table = next(b for b in content["blocks"] if b["type"] == "table" and b["id"].startswith("targets"))
    assert table["rows"] == [["1", "Đề tài cấp tỉnh", "04", "01", "25%"]]


def test_composing_takes_the_same_number_of_queries_whatever_the_size(report, federation):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    term = report.term
    _fill_records(term)
    Activity.objects.create(
        term=term, kind=ActivityKind.TRAINING, title="Lớp đầu", held_on=datetime.date(2019, 1, 1)
    )
    with CaptureQueriesContext(connection) as small:
        compose_report(report)
    for n in range(30):
        association = make_association(federation, f"hoi-{n}", f"Hội số {n}", Block.AGENCIES)
        person = make_person(f"Trần Văn Người{n}")
        member_services.admit_member(person, association, actor=None, joined_on=datetime.date(2019, 1, 1))
        member_services.grant_mandate(
            person,
            term,
            actor=None,
            body=Body.EXECUTIVE,
            role=Role.MEMBER,
            started_on=CONGRESS_IV,
            start_method=StartMethod.CONGRESS,
        )
        Activity.objects.create(
            term=term,
            kind=ActivityKind.TRAINING,
            title=f"Lớp {n}",
            held_on=datetime.date(2020, 1, 1),
            participants=10,
        )
    with CaptureQueriesContext(connection) as large:
        compose_report(report)
    assert len(large.captured_queries) == len(small.captured_queries)


def test_a_long_list_of_activities_becomes_one_row_per_year(report):
    from reports.document import LISTED_ROWS_MAX

    term = report.term
    for n in range(LISTED_ROWS_MAX):
        Activity.objects.create(
            term=term,
            kind=ActivityKind.TRAINING,
            title=f"Lớp {n}",
            held_on=datetime.date(2019 + n % 2, 3, 1 + n),
            participants=10,
        )
    listed = next(
        b
        for b in compose_report(report)["blocks"]
        if b["type"] == "table" and b["id"].startswith("dissemination")
    )
    assert listed["columns"][0] == "STT" and len(listed["rows"]) == LISTED_ROWS_MAX

    Activity.objects.create(
        term=term,
        kind=ActivityKind.TRAINING,
        title="Lớp thêm",
        held_on=datetime.date(2021, 5, 5),
        participants=7,
    )
    content = compose_report(report)
    table = next(b for b in content["blocks"] if b["type"] == "table" and b["id"].startswith("dissemination"))
    assert table["caption"] == "Các lớp tập huấn, phổ biến kiến thức (theo năm)"
    assert table["columns"] == ["Năm", "Số lớp", "Lượt người tham gia"]
    assert table["rows"] == [["2019", "08", "80"], ["2020", "07", "70"], ["2021", "01", "07"]]
    assert table["total"] == ["Tổng cộng", "16", "157"]
    assert table["summary"] and table["kinds"] == ["index", "number", "number"]
    assert content["figures"]["so_buoi_tap_huan"] == "16"


def test_people_in_both_blocks_are_counted_in_each_and_once_in_the_total(report):
    content = compose_report(report)
    table = next(b for b in content["blocks"] if b["type"] == "table" and b["id"].startswith("organisation"))
    # Hưng is on the rosters of the agriculture association (agencies) and of Sơn Hồng (communes).
    assert table["rows"] == [
        ["Khối cơ quan, doanh nghiệp, trường học", "01", "01"],
        ["Khối xã, thị trấn", "02", "04"],
    ]
    assert table["total"] == ["Tổng cộng", "03", "04"]
    assert "Có 01 người sinh hoạt ở hội thuộc cả hai khối" in plain_text(content)

"""Rosters out: the template's columns, Vietnamese order, inert formulas, and an export that imports back as a no-op."""

import csv
import datetime
import io

import openpyxl
import pytest

from members import exporting, importing, services
from members.importing.columns import TEMPLATE_COLUMNS
from members.models import Membership, Person
from tests.conftest import make_person
from tests.fixtures.rosters import counts, media_root, stream, upload  # noqa: F401

HEADERS = [column.header for column in TEMPLATE_COLUMNS]


def xlsx_rows(content):
    sheet = openpyxl.load_workbook(io.BytesIO(content)).worksheets[0]
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def csv_rows(content):
    assert content.startswith("\ufeff".encode())
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


@pytest.fixture
def tricky(son_hong, people):
    """A member whose workplace would run as a formula, with a phone and card number that look like numbers."""
    person = make_person(
        "Bùi Văn Công", birth_date=datetime.date(1982, 7, 8), workplace="=1+1", phone="0912345678"
    )
    services.admit_member(
        person, son_hong, actor=None, joined_on=datetime.date(2019, 1, 1), card_number="007"
    )
    return person


def test_the_roster_is_exported_in_the_template_columns_and_vietnamese_order(son_hong, tricky):
    filename, content_type, content = exporting.export_roster([son_hong], "xlsx")
    assert filename.startswith("danh-sach-hoi-vien-son-hong-") and filename.endswith(".xlsx")
    assert content_type == exporting.XLSX_TYPE
    rows = xlsx_rows(content)
    assert rows[0] == HEADERS
    # Given names in Vietnamese order: Ánh, Công, Hưng, Yến.
    assert [row[1] for row in rows[1:]] == [
        "Lê Thị Ánh",
        "Bùi Văn Công",
        "Nguyễn Kiều Hưng",
        "Uông Thị Kim Yến",
    ]
    assert [row[0] for row in rows[1:]] == [1, 2, 3, 4]


def test_formulas_are_neutralised_and_numbers_stay_numbers(son_hong, tricky):
    rows = xlsx_rows(exporting.export_roster([son_hong], "xlsx")[2])
    row = next(row for row in rows if row[1] == "Bùi Văn Công")
    at = {header: index for index, header in enumerate(HEADERS)}
    assert row[at["Nơi công tác"]] == "'=1+1"
    assert row[at["STT"]] == 2 and isinstance(row[at["STT"]], int)
    assert row[at["Ngày sinh"]] == datetime.datetime(1982, 7, 8)
    assert (row[at["Điện thoại"]], row[at["Số thẻ hội viên"]]) == ("0912345678", "007")
    csv_row = next(
        row for row in csv_rows(exporting.export_roster([son_hong], "csv")[2]) if row[1] == "Bùi Văn Công"
    )
    assert csv_row[at["Nơi công tác"]] == "'=1+1"
    assert csv_row[at["Ngày sinh"]] == "08/07/1982"


def test_neutralise_covers_every_formula_start():
    assert [exporting.neutralise(v) for v in ["=1+1", "+84", "-2", "@SUM(A1)", "\tx", "\rx", "an", 5, -5]] == [
        "'=1+1", "'+84", "'-2", "'@SUM(A1)", "'\tx", "'\rx", "an", 5, -5,
    ]  # fmt: skip


def test_birth_dates_known_to_the_month_or_year_and_political_theory_are_exported_as_given(son_hong, tricky):
    Person.objects.filter(given_name="Ánh").update(
        birth_date=datetime.date(1968, 1, 1), birth_date_precision="year"
    )
    Person.objects.filter(given_name="Hưng").update(
        birth_date=datetime.date(1970, 5, 1), birth_date_precision="month", political_theory="CC"
    )
    at = {header: index for index, header in enumerate(HEADERS)}
    for rows in (
        xlsx_rows(exporting.export_roster([son_hong], "xlsx")[2]),
        csv_rows(exporting.export_roster([son_hong], "csv")[2]),
    ):
        by_name = {row[1]: row for row in rows[1:]}
        assert by_name["Lê Thị Ánh"][at["Ngày sinh"]] == "1968"
        assert by_name["Nguyễn Kiều Hưng"][at["Ngày sinh"]] == "05/1970"
        assert by_name["Nguyễn Kiều Hưng"][at["Lý luận chính trị"]] == "Cao cấp"


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_export_then_import_changes_nothing(son_hong, lead, tricky, fmt):
    Person.objects.filter(given_name="Ánh").update(
        birth_date=datetime.date(1968, 1, 1), birth_date_precision="year"
    )
    Person.objects.filter(given_name="Hưng").update(
        birth_date=datetime.date(1970, 5, 1), birth_date_precision="month", political_theory="CC"
    )
    filename, _type, content = exporting.export_roster([son_hong], fmt)
    roster_import = importing.stage_import(son_hong, upload(content, filename), actor=lead)
    preview = importing.preview(roster_import)
    assert preview.counts == {"create": 0, "update": 0, "unchanged": 4, "reject": 0}
    before = counts()
    importing.apply_import(roster_import, actor=lead)
    assert {**counts(), "imports": before["imports"]} == before


def test_all_rosters_come_association_by_association(son_hong, pho_chau, agriculture, people):
    rows = csv_rows(exporting.export_roster([son_hong, pho_chau, agriculture], "csv")[2])
    codes = [row[-1] for row in rows[1:]]
    assert codes == ["son-hong"] * 3 + ["pho-chau"] + ["nong-nghiep"]
    # Only open memberships: An left Phố Châu.
    assert "Phan Văn An" not in [row[1] for row in rows]


def test_the_export_takes_one_query_whatever_the_roster_size(son_hong, people, django_assert_num_queries):
    with django_assert_num_queries(1):
        exporting.export_roster([son_hong], "csv")
    for n in range(30):
        person = make_person(f"Ngô Văn Số {chr(65 + n % 26)}{n}", birth_date=datetime.date(1980, 1, 1))
        Membership.objects.create(person=person, association=son_hong, joined_on=datetime.date(2020, 1, 1))
    with django_assert_num_queries(1):
        exporting.export_roster([son_hong], "csv")


def test_the_template_shows_the_columns_an_example_and_notes(son_hong, lead):
    workbook = openpyxl.load_workbook(io.BytesIO(exporting.TemplateExporter().to_xlsx()))
    sheet, notes = workbook.worksheets
    assert [cell.value for cell in sheet[1]] == HEADERS
    assert sheet["A2"].value == "Ví dụ"
    assert notes.title == "Hướng dẫn"
    assert [
        row[0] for row in notes.iter_rows(min_row=2, max_row=len(HEADERS) + 1, values_only=True)
    ] == HEADERS
    # The template as downloaded holds no member: the example row is skipped.
    with pytest.raises(importing.SheetError, match="không có dòng hội viên"):
        importing.import_file(
            son_hong, stream(exporting.TemplateExporter().to_xlsx(), "mau.xlsx"), actor=lead, dry_run=True
        )


def test_export_roster_command_writes_the_format_of_the_extension(son_hong, people, tmp_path):
    from django.core.management import call_command

    target = tmp_path / "ds.csv"
    call_command("export_roster", "son-hong", "-o", str(target))
    assert csv_rows(target.read_bytes())[0] == HEADERS

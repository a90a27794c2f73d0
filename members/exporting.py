"""Rosters out to XLSX and CSV, in the template's columns, so that an exported sheet imports back as a no-op.

`export_roster(associations, fmt) -> (filename, content_type, bytes)` and `template_workbook() -> bytes`
are what the pages call. An exporter is a small class with one method, `iterate_list()`, yielding rows of
values; `SheetExporter` writes them:

- sorted the Vietnamese way (Person.sort_key: given name, then family and middle names);
- text a spreadsheet would run as a formula (starting with =, +, -, @, tab or CR) gets a leading
  apostrophe, "=1+1" -> "'=1+1"; the import strips it again. Numbers and dates stay numbers and dates
  in XLSX; phone numbers and card numbers are text, as stored, so Excel keeps their leading zeros;
- CSV is UTF-8 with a BOM (Excel then shows Vietnamese correctly), comma-separated, dates dd/mm/yyyy.
"""

import csv
import datetime
import io

from django.db.models import Case, IntegerField, Value, When
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from members.importing.columns import (
    DEGREE_WORDS,
    FORMULA_STARTS,
    GENDER_WORDS,
    TEMPLATE_COLUMNS,
    TITLE_WORDS,
)
from members.models import Degree, Gender, Membership

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_TYPE = "text/csv; charset=utf-8"
DATE_FORMAT = "DD/MM/YYYY"
WIDTHS = {
    "stt": 6, "full_name": 28, "birth_date": 12, "gender": 9, "ethnicity": 10, "academic_title": 9,
    "degree": 10, "education_level": 26, "party_member": 10, "workplace": 30, "job_title": 24, "phone": 14,
    "email": 26, "joined_on": 13, "card_number": 14, "association": 14,
}  # fmt: skip
# Columns written as text even when they hold digits only.
TEXT_COLUMNS = {"phone", "card_number"}


def neutralise(value):
    """Text that a spreadsheet would run as a formula, made inert: '=1+1' -> "'=1+1". Numbers pass through."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


class SheetExporter:
    """Writes `iterate_list()` under the template's headers to XLSX or CSV; subclasses yield the rows."""

    columns = TEMPLATE_COLUMNS
    sheet_title = "Danh sách hội viên"

    def iterate_list(self):
        raise NotImplementedError

    def to_csv(self):
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow([column.header for column in self.columns])
        for row in self.iterate_list():
            writer.writerow([self._csv_cell(value) for value in row])
        return ("\ufeff" + buffer.getvalue()).encode("utf-8")

    @staticmethod
    def _csv_cell(value):
        if value is None:
            return ""
        if isinstance(value, datetime.date):
            return value.strftime("%d/%m/%Y")
        return neutralise(value)

    def to_xlsx(self):
        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet(self.sheet_title)
        self.write_header(sheet)
        for row in self.iterate_list():
            sheet.append(
                [
                    self._xlsx_cell(sheet, column.key, value)
                    for column, value in zip(self.columns, row, strict=True)
                ]
            )
        self.after_rows(workbook)
        buffer = io.BytesIO()
        workbook.save(buffer)
        return buffer.getvalue()

    def write_header(self, sheet):
        for index, column in enumerate(self.columns, start=1):
            sheet.column_dimensions[get_column_letter(index)].width = WIDTHS.get(column.key, 14)
        sheet.freeze_panes = "C2"
        bold = Font(bold=True)
        fill = PatternFill("solid", fgColor="DDEBF7")
        cells = []
        for column in self.columns:
            cell = WriteOnlyCell(sheet, value=column.header)
            cell.font = bold
            cell.fill = fill
            cell.alignment = Alignment(wrap_text=True, vertical="center")
            cells.append(cell)
        sheet.append(cells)

    def after_rows(self, workbook):
        pass

    @staticmethod
    def _xlsx_cell(sheet, key, value):
        if isinstance(value, datetime.date):
            cell = WriteOnlyCell(sheet, value=value)
            cell.number_format = DATE_FORMAT
            return cell
        if key in TEXT_COLUMNS and value:
            cell = WriteOnlyCell(sheet, value=neutralise(str(value)))
            cell.number_format = "@"
            return cell
        return neutralise(value)


class RosterExporter(SheetExporter):
    """The open memberships of the given associations, association by association, in Vietnamese order."""

    def __init__(self, associations):
        self.associations = list(associations)

    def iterate_list(self):
        # One query, streamed: associations in the order the caller listed them, people in Vietnamese order.
        association_order = Case(
            *(When(association_id=a.pk, then=Value(i)) for i, a in enumerate(self.associations)),
            output_field=IntegerField(),
        )
        memberships = (
            Membership.objects.filter(association__in=self.associations, left_on__isnull=True)
            .select_related("person", "association")
            .order_by(association_order, "person__sort_key", "person__id")
        )
        for number, membership in enumerate(memberships.iterator(chunk_size=2000), start=1):
            person = membership.person
            yield [
                number,
                person.full_name,
                person.birth_date,
                GENDER_WORDS.get(person.gender, ""),
                person.ethnicity,
                TITLE_WORDS.get(person.academic_title, ""),
                DEGREE_WORDS.get(person.degree, ""),
                person.education_level,
                "x" if person.party_member else "",
                person.workplace,
                person.job_title,
                person.phone,
                person.email,
                membership.joined_on,
                membership.card_number,
                membership.association.code,
            ]


def export_roster(associations, fmt):
    """(filename, content_type, bytes) of the rosters of `associations` as "xlsx" or "csv"."""
    associations = list(associations)
    exporter = RosterExporter(associations)
    stamp = timezone.localdate().strftime("%Y%m%d")
    label = associations[0].code if len(associations) == 1 else "lien-hiep-hoi"
    filename = f"danh-sach-hoi-vien-{label}-{stamp}.{fmt}"
    if fmt == "xlsx":
        return filename, XLSX_TYPE, exporter.to_xlsx()
    if fmt == "csv":
        return filename, CSV_TYPE, exporter.to_csv()
    raise ValueError(f"unknown roster format {fmt!r}")


class TemplateExporter(SheetExporter):
    """The blank sheet: headers, one example row marked "Ví dụ" (the import skips it), and a notes sheet."""

    EXAMPLE = [
        "Ví dụ",
        "Nguyễn Văn An",
        datetime.date(1975, 3, 5),
        GENDER_WORDS[Gender.MALE],
        "Kinh",
        "",
        DEGREE_WORDS[Degree.BACHELOR],
        "Kỹ sư nông nghiệp",
        "x",
        "UBND xã Sơn Hồng",
        "Cán bộ khuyến nông",
        "0912345678",
        "an.nguyen@example.com",
        datetime.date(2020, 1, 15),
        "SH-0001",
        "",
    ]

    def iterate_list(self):
        yield self.EXAMPLE

    def to_xlsx(self):
        workbook = Workbook()
        sheet = workbook.active
        sheet.title = self.sheet_title
        sheet.append([column.header for column in self.columns])
        grey = Font(italic=True, color="808080")
        for index, column in enumerate(self.columns, start=1):
            header = sheet.cell(row=1, column=index)
            header.font = Font(bold=True)
            header.fill = PatternFill("solid", fgColor="DDEBF7")
            header.alignment = Alignment(wrap_text=True, vertical="center")
            if column.help:
                header.comment = Comment(column.help, "Liên hiệp hội")
            sheet.column_dimensions[get_column_letter(index)].width = WIDTHS.get(column.key, 14)
            example = sheet.cell(row=2, column=index, value=self.EXAMPLE[index - 1])
            example.font = grey
            if isinstance(example.value, datetime.date):
                example.number_format = DATE_FORMAT
            elif column.key in TEXT_COLUMNS:
                example.number_format = "@"
        # Empty rows ready for typing: dates and phone numbers keep their format.
        for row in range(3, 503):
            for index, column in enumerate(self.columns, start=1):
                if column.key in ("birth_date", "joined_on"):
                    sheet.cell(row=row, column=index).number_format = DATE_FORMAT
                elif column.key in TEXT_COLUMNS:
                    sheet.cell(row=row, column=index).number_format = "@"
        sheet.freeze_panes = "C2"
        notes = workbook.create_sheet("Hướng dẫn")
        notes.append(["Cột", "Cách ghi"])
        notes["A1"].font = notes["B1"].font = Font(bold=True)
        for column in self.columns:
            notes.append([column.header, column.help])
        notes.append([])
        for line in GUIDANCE:
            notes.append(["", line])
        notes.column_dimensions["A"].width = 22
        notes.column_dimensions["B"].width = 110
        for row in notes.iter_rows(min_row=2):
            row[1].alignment = Alignment(wrap_text=True, vertical="top")
        buffer = io.BytesIO()
        workbook.save(buffer)
        return buffer.getvalue()


GUIDANCE = [
    "Mỗi dòng là một hội viên. Dòng “Ví dụ” được bỏ qua khi tải lên; có thể xoá hoặc ghi đè.",
    "Tên cột có thể viết có dấu hoặc không dấu, theo thứ tự bất kỳ; dòng tên cột không nhất thiết là dòng đầu.",
    "Chữ gõ bằng bảng mã cũ TCVN3 (ABC) hoặc VNI được tự chuyển sang Unicode.",
    "Người đã có trong danh sách được nhận ra theo số thẻ, hoặc theo họ tên và ngày sinh; tải lên lại "
    "cả danh sách không tạo trùng. Ô để trống giữ nguyên thông tin đã có trên cổng.",
    "Mỗi lần tải lên tối đa 20.000 hội viên và 10 MB. Có dòng lỗi thì chưa cập nhật dòng nào: sửa rồi tải lên lại.",
]


def template_workbook():
    """The template sheet (bytes of an .xlsx) that shows the expected columns."""
    return TemplateExporter().to_xlsx()

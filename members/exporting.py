"""Every spreadsheet the portal writes, XLSX or CSV, comes out of `SheetExporter`; nothing else writes one.

An exporter names its columns and yields its rows (`iterate_list()`), as pretix's exporters do; the base
writes them, so every sheet is guarded the same way:

- text a spreadsheet would run as a formula (starting with =, +, -, @, tab or CR) gets a leading
  apostrophe, "=1+1" -> "'=1+1"; the roster import strips it again (members.importing.columns.plain_text).
  Numbers stay numbers;
- XLSX: dates and times are real dates (shown dd/mm/yyyy), text columns are text even when they hold
  digits only (phone and card numbers keep their leading zeros); a bold header row that stays in view;
- CSV: UTF-8 with a BOM (Excel then shows Vietnamese correctly), comma-separated, dates dd/mm/yyyy.

`exporter.export(fmt)` gives (filename, content_type, bytes) and `file_response()` hands such a triple, a
PDF's as well, to the browser. The roster's exporters live here too: `export_roster(associations, fmt)` and
`TemplateExporter`, in the template's columns, so that an exported roster imports back as a no-op.
"""

import csv
import datetime
import io
from dataclasses import dataclass

from django.db.models import Case, IntegerField, Value, When
from django.http import HttpResponse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.http import content_disposition_header
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from members.importing.columns import DEGREE_WORDS, GENDER_WORDS, TEMPLATE_COLUMNS, THEORY_WORDS, TITLE_WORDS
from members.importing.files import FORMULA_STARTS
from members.models import Degree, Gender, Membership, PoliticalTheory

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_TYPE = "text/csv; charset=utf-8"
CONTENT_TYPES = {"xlsx": XLSX_TYPE, "csv": CSV_TYPE}
DATE_FORMAT = "DD/MM/YYYY"
DATETIME_FORMAT = "DD/MM/YYYY HH:MM"


def neutralise(value):
    """Text that a spreadsheet would run as a formula, made inert: '=1+1' -> "'=1+1". Numbers pass through."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def file_response(filename, content_type, content, *, inline=False):
    """A file to download (or, `inline`, to show in the browser), its name kept intact even with diacritics."""
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(as_attachment=not inline, filename=filename)
    return response


@dataclass(frozen=True)
class SheetColumn:
    header: str
    width: float = 14
    # Written as text even when it holds digits only.
    text: bool = False
    # Shown as a comment on the header cell: what to write in the column.
    note: str = ""


class SheetExporter:
    """Writes `iterate_list()` under `columns` to XLSX or CSV; subclasses name the columns and yield the rows."""

    columns = []
    filename = "danh-sach"
    sheet_title = "Danh sách"
    # The header row, and with "C2" the two columns left of C, stay in view while scrolling.
    freeze_panes = "A2"
    # Long text (comments, paragraphs) wraps within its column instead of running over the next ones.
    wrap = False

    def iterate_list(self):
        raise NotImplementedError

    def export(self, fmt):
        """(filename, content type, bytes) as "xlsx" or "csv"."""
        if fmt == "xlsx":
            content = self.to_xlsx()
        elif fmt == "csv":
            content = self.to_csv()
        else:
            raise ValueError(f"unknown sheet format {fmt!r}")
        return f"{self.filename}.{fmt}", CONTENT_TYPES[fmt], content

    def to_csv(self):
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow([neutralise(column.header) for column in self.columns])
        for row in self.iterate_list():
            writer.writerow([self._csv_cell(value) for value in row])
        return ("\ufeff" + buffer.getvalue()).encode("utf-8")

    @staticmethod
    def _csv_cell(value):
        value = _plain(value)
        if value is None:
            return ""
        if isinstance(value, datetime.datetime):
            return value.strftime("%d/%m/%Y %H:%M")
        if isinstance(value, datetime.date):
            return value.strftime("%d/%m/%Y")
        return neutralise(value)

    def to_xlsx(self):
        # Write-only: rows go straight to the file, so a roster of 20.000 members does not sit in memory.
        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet(self.sheet_title[:31])
        for index, column in enumerate(self.columns, start=1):
            sheet.column_dimensions[get_column_letter(index)].width = column.width
        sheet.freeze_panes = self.freeze_panes
        sheet.append([self.header_cell(sheet, column) for column in self.columns])
        for row in self.iterate_list():
            cells = zip(self.columns, row, strict=True)
            sheet.append([self.xlsx_cell(sheet, column, value) for column, value in cells])
        self.after_rows(workbook, sheet)
        buffer = io.BytesIO()
        workbook.save(buffer)
        return buffer.getvalue()

    def header_cell(self, sheet, column):
        cell = WriteOnlyCell(sheet, value=neutralise(column.header))
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        if column.note:
            cell.comment = Comment(column.note, "Liên hiệp hội")
        return cell

    def xlsx_cell(self, sheet, column, value):
        """The value as the sheet should hold it; a styled cell only where the value needs a format."""
        value = _plain(value)
        number_format = None
        if isinstance(value, datetime.datetime):
            number_format = DATETIME_FORMAT
        elif isinstance(value, datetime.date):
            number_format = DATE_FORMAT
        elif column.text and value not in (None, ""):
            value, number_format = str(value), "@"
        if isinstance(value, str):
            # Control characters (a pasted form feed, say) are not allowed in XLSX and would fail the export.
            value = ILLEGAL_CHARACTERS_RE.sub("", neutralise(value))
        if number_format is None and not self.wrap:
            return value
        cell = WriteOnlyCell(sheet, value=value)
        if number_format:
            cell.number_format = number_format
        if self.wrap:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        return cell

    def after_rows(self, workbook, sheet):
        """Anything to add once the rows are written: more rows, another sheet."""


def _plain(value):
    """Translated text as text; a stored time as the local time of day, which is what a sheet can hold."""
    if isinstance(value, Promise):
        return str(value)
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        return timezone.localtime(value).replace(tzinfo=None)
    return value


# --- Rosters ------------------------------------------------------------------------------------------------

WIDTHS = {
    "stt": 6, "full_name": 28, "birth_date": 12, "gender": 9, "ethnicity": 10, "academic_title": 9,
    "degree": 10, "education_level": 26, "political_theory": 12, "party_member": 10, "workplace": 30, "job_title": 24, "phone": 14,
    "email": 26, "joined_on": 13, "card_number": 14, "association": 14,
}  # fmt: skip
# Columns written as text even when they hold digits only.
TEXT_COLUMNS = {"phone", "card_number"}


def birth_cell(person):
    """A birth date as a sheet holds it: a real date cell when the day is known, else the text as it was
    given ("1968", "03/1968"), which the roster import reads back the same."""
    birth = person.birth
    if birth is None:
        return None
    return birth.date if birth.is_exact else str(birth)


def roster_columns(*, notes=False):
    """The template's columns; with `notes`, each header says in a comment what to write in it."""
    return [
        SheetColumn(
            column.header,
            WIDTHS.get(column.key, 14),
            text=column.key in TEXT_COLUMNS,
            note=column.help if notes else "",
        )
        for column in TEMPLATE_COLUMNS
    ]


class RosterExporter(SheetExporter):
    """The open memberships of the given associations, association by association, in Vietnamese order."""

    columns = roster_columns()
    sheet_title = "Danh sách hội viên"
    freeze_panes = "C2"

    def __init__(self, associations):
        self.associations = list(associations)
        stamp = timezone.localdate().strftime("%Y%m%d")
        label = self.associations[0].code if len(self.associations) == 1 else "lien-hiep-hoi"
        self.filename = f"danh-sach-hoi-vien-{label}-{stamp}"

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
                birth_cell(person),
                GENDER_WORDS.get(person.gender, ""),
                person.ethnicity,
                TITLE_WORDS.get(person.academic_title, ""),
                DEGREE_WORDS.get(person.degree, ""),
                person.education_level,
                THEORY_WORDS.get(person.political_theory, ""),
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
    return RosterExporter(associations).export(fmt)


class TemplateExporter(SheetExporter):
    """The blank sheet: headers that explain themselves, one example row marked "Ví dụ" (the import skips
    it), empty rows ready for typing, and a sheet of notes."""

    columns = roster_columns(notes=True)
    filename = "mau-danh-sach-hoi-vien"
    sheet_title = "Danh sách hội viên"
    freeze_panes = "C2"
    EXAMPLE = [
        "Ví dụ",
        "Nguyễn Văn An",
        datetime.date(1975, 3, 5),
        GENDER_WORDS[Gender.MALE],
        "Kinh",
        "",
        DEGREE_WORDS[Degree.BACHELOR],
        "Kỹ sư nông nghiệp",
        THEORY_WORDS[PoliticalTheory.ELEMENTARY],
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

    def xlsx_cell(self, sheet, column, value):
        # The example row is grey, so that nobody takes it for a member.
        cell = super().xlsx_cell(sheet, column, value)
        if not isinstance(cell, Cell):
            cell = WriteOnlyCell(sheet, value=cell)
        cell.font = Font(italic=True, color="808080")
        return cell

    def after_rows(self, workbook, sheet):
        # Empty rows ready for typing: dates and phone numbers keep their format.
        # The birth date column keeps the general format: a year typed alone (1968) stays a year, where a
        # date format would make it Excel's day number 1968, in 1905.
        formats = [
            None
            if key == "birth_date"
            else DATE_FORMAT
            if isinstance(example, datetime.date)
            else "@"
            if column.text
            else None
            for key, column, example in zip(
                (c.key for c in TEMPLATE_COLUMNS), self.columns, self.EXAMPLE, strict=True
            )
        ]
        for _row in range(500):
            sheet.append([_formatted(sheet, number_format) for number_format in formats])
        notes = workbook.create_sheet("Hướng dẫn")
        notes.column_dimensions["A"].width = 22
        notes.column_dimensions["B"].width = 110
        headers = [WriteOnlyCell(notes, value=header) for header in ("Cột", "Cách ghi")]
        for cell in headers:
            cell.font = Font(bold=True)
        notes.append(headers)
        lines = [(column.header, column.note) for column in self.columns] + [("", "")]
        lines += [("", line) for line in GUIDANCE]
        for header, line in lines:
            note = WriteOnlyCell(notes, value=line)
            note.alignment = Alignment(wrap_text=True, vertical="top")
            notes.append([header, note])


def _formatted(sheet, number_format):
    if number_format is None:
        return None
    cell = WriteOnlyCell(sheet)
    cell.number_format = number_format
    return cell


GUIDANCE = [
    "Mỗi dòng là một hội viên. Dòng “Ví dụ” được bỏ qua khi tải lên; có thể xoá hoặc ghi đè.",
    "Tên cột có thể viết có dấu hoặc không dấu, theo thứ tự bất kỳ; dòng tên cột không nhất thiết là dòng đầu.",
    "Chữ gõ bằng bảng mã cũ TCVN3 (ABC) hoặc VNI được tự chuyển sang Unicode.",
    "Người đã có trong danh sách được nhận ra theo số thẻ, hoặc theo họ tên và ngày sinh; tải lên lại "
    "cả danh sách không tạo trùng. Ô để trống giữ nguyên thông tin đã có trên cổng.",
    "Mỗi lần tải lên tối đa 20.000 hội viên và 10 MB. Có dòng lỗi thì chưa cập nhật dòng nào: sửa rồi tải lên lại.",
]

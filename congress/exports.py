"""Exports of the congress: each exporter names its columns and yields its rows; the base writes CSV or XLSX."""

import csv
import io

from django.utils import timezone
from django.utils.text import slugify

from congress.models import Comment, DelegateKind
from congress.services.delegates import comments_by_paragraph, delegate_list

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


class Exporter:
    filename = "xuat"
    sheet_title = "Danh sách"
    columns = []
    widths = []

    def iterate_list(self):
        raise NotImplementedError

    def export(self, fmt):
        """(filename, content type, bytes)."""
        writer = {"csv": self._csv, "xlsx": self._xlsx}[fmt]
        return f"{self.filename}.{fmt}", CONTENT_TYPES[fmt], writer()

    def _csv(self):
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(self.columns)
        writer.writerows(self.iterate_list())
        # A byte-order mark, so that Excel opens the Vietnamese text as UTF-8.
        return ("\ufeff" + buffer.getvalue()).encode("utf-8")

    def _xlsx(self):
        from openpyxl import Workbook
        from openpyxl.styles import Alignment, Font
        from openpyxl.utils import get_column_letter

        workbook = Workbook()
        sheet = workbook.active
        sheet.title = self.sheet_title[:31]
        sheet.append(self.columns)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in self.iterate_list():
            sheet.append(row)
        for index, width in enumerate(self.widths, start=1):
            sheet.column_dimensions[get_column_letter(index)].width = width
            for cell in sheet[get_column_letter(index)][1:]:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
        sheet.freeze_panes = "A2"
        buffer = io.BytesIO()
        workbook.save(buffer)
        return buffer.getvalue()


class CommentsExporter(Exporter):
    """The comments on one document, grouped by paragraph in the document's order, with how each was handled."""

    sheet_title = "Góp ý"
    columns = [
        "STT",
        "Đoạn",
        "Nội dung đoạn",
        "Đại biểu",
        "Đoàn",
        "Gửi lúc",
        "Nội dung góp ý",
        "Xử lý",
        "Ghi chú xử lý",
    ]
    widths = [6, 16, 50, 24, 28, 16, 60, 22, 30]

    def __init__(self, document):
        self.document = document
        self.filename = f"gop-y-{slugify(document.title) or document.pk}"

    def iterate_list(self):
        comments = (
            Comment.objects.filter(document=self.document)
            .select_related("delegate__person", "delegate__association")
            .order_by("created_at", "id")
        )
        number = 0
        for paragraph, paragraph_text, items in comments_by_paragraph(self.document, comments):
            for comment in items:
                number += 1
                delegate = comment.delegate
                yield [
                    number,
                    paragraph or "Cả tài liệu",
                    paragraph_text,
                    delegate.person.full_name,
                    delegate.association.name if delegate.association else "",
                    f"{timezone.localtime(comment.created_at):%d/%m/%Y %H:%M}",
                    comment.text,
                    comment.get_decision_display(),
                    comment.decision_note,
                ]


# The short names the delegate import reads back (congress.delegate_import.KINDS).
SHORT_KINDS = {
    DelegateKind.ELECTED: "Chính thức",
    DelegateKind.EX_OFFICIO: "Đương nhiên",
    DelegateKind.APPOINTED: "Chỉ định",
    DelegateKind.GUEST: "Khách mời",
}


class DelegatesExporter(Exporter):
    """The congress's list; its first four columns are the import's, so an edited copy can be imported."""

    sheet_title = "Đại biểu"
    columns = [
        "Họ và tên",
        "Ngày sinh",
        "Mã hội",
        "Loại đại biểu",
        "Đoàn",
        "Giới tính",
        "Nơi công tác, chức vụ",
        "Thẩm tra tư cách",
        "Điểm danh lúc",
        "Thu hồi",
    ]
    widths = [26, 12, 14, 14, 32, 8, 40, 18, 16, 30]

    def __init__(self, congress):
        self.congress = congress
        self.filename = f"dai-bieu-dai-hoi-{congress.term.roman.lower()}"

    def iterate_list(self):
        for delegate in delegate_list(self.congress):
            person = delegate.person
            check_in = getattr(delegate, "check_in", None)
            yield [
                person.full_name,
                f"{person.birth_date:%d/%m/%Y}" if person.birth_date else "",
                delegate.association.code if delegate.association else "",
                SHORT_KINDS[delegate.kind],
                delegate.association.name if delegate.association else "",
                person.get_gender_display(),
                ", ".join(p for p in (person.job_title, person.workplace) if p),
                "" if delegate.is_guest else delegate.get_credential_display(),
                f"{timezone.localtime(check_in.checked_in_at):%H:%M %d/%m/%Y}" if check_in else "",
                delegate.revoked_reason if delegate.revoked_at else "",
            ]

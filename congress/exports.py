"""Exports of the congress: each exporter names its columns and yields its rows; members.exporting writes them."""

from django.utils.text import slugify

from congress.models import Comment, DelegateKind
from congress.services.delegates import comments_by_paragraph, delegate_list
from members.exporting import SheetColumn, SheetExporter


class CommentsExporter(SheetExporter):
    """The comments on one document, grouped by paragraph in the document's order, with how each was handled."""

    sheet_title = "Góp ý"
    wrap = True
    columns = [
        SheetColumn("STT", 6),
        SheetColumn("Đoạn", 30),
        SheetColumn("Nội dung đoạn", 50),
        SheetColumn("Đại biểu", 24),
        SheetColumn("Đoàn", 28),
        SheetColumn("Gửi lúc", 16),
        SheetColumn("Nội dung góp ý", 60),
        SheetColumn("Xử lý", 22),
        SheetColumn("Ghi chú xử lý", 30),
    ]

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
        for paragraph, place, paragraph_text, items in comments_by_paragraph(self.document, comments):
            for comment in items:
                number += 1
                delegate = comment.delegate
                yield [
                    number,
                    place if paragraph else "Cả tài liệu",
                    paragraph_text,
                    delegate.person.full_name,
                    delegate.association.name if delegate.association else "",
                    comment.created_at,
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


class DelegatesExporter(SheetExporter):
    """The congress's list; its first four columns are the import's, so an edited copy can be imported."""

    sheet_title = "Đại biểu"
    wrap = True
    columns = [
        SheetColumn("Họ và tên", 26),
        SheetColumn("Ngày sinh", 12),
        SheetColumn("Mã hội", 14),
        SheetColumn("Loại đại biểu", 14),
        SheetColumn("Đoàn", 32),
        SheetColumn("Giới tính", 8),
        SheetColumn("Nơi công tác, chức vụ", 40),
        SheetColumn("Thẩm tra tư cách", 18),
        SheetColumn("Điểm danh lúc", 16),
        SheetColumn("Thu hồi", 30),
    ]

    def __init__(self, congress):
        self.congress = congress
        self.filename = f"dai-bieu-dai-hoi-{congress.term.roman.lower()}"

    def iterate_list(self):
        for delegate in delegate_list(self.congress):
            person = delegate.person
            check_in = getattr(delegate, "check_in", None)
            yield [
                person.full_name,
                person.birth_date,
                delegate.association.code if delegate.association else "",
                SHORT_KINDS[delegate.kind],
                delegate.association.name if delegate.association else "",
                person.get_gender_display(),
                ", ".join(p for p in (person.job_title, person.workplace) if p),
                "" if delegate.is_guest else delegate.get_credential_display(),
                check_in.checked_in_at if check_in else None,
                delegate.revoked_reason if delegate.revoked_at else "",
            ]

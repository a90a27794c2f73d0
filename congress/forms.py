"""Forms of the congress pages (delegates, credentials, check-in, documents, comments).

Plain forms whose cleaned values the views hand to congress.services; none saves anything itself.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from congress.models import (
    CommentDecision,
    CredentialStatus,
    Delegate,
    DelegateKind,
    MajorityBase,
    QuorumRule,
    TieRule,
)
from members.dates import DayTimeField
from members.fields import EmailAddressField
from members.models import Association
from reports.models import ReportVersion

MAX_UPLOAD_BYTES = 20 * 1024 * 1024


def _valid_values(form):
    form.is_valid()
    return form.cleaned_data


class CongressSettingsForm(forms.Form):
    venue = forms.CharField(label=_("Địa điểm"), max_length=255, required=False)
    quorum_rule = forms.ChoiceField(label=_("Đại hội hợp lệ khi có mặt"), choices=QuorumRule.choices)
    majority_base = forms.ChoiceField(label=_("Trúng cử khi được quá một nửa"), choices=MajorityBase.choices)
    tie_rule = forms.ChoiceField(label=_("Khi bằng phiếu ở ghế cuối"), choices=TieRule.choices)
    members_per_delegate = forms.IntegerField(
        label=_("Số hội viên cho một đại biểu"),
        min_value=1,
        max_value=10000,
        help_text=_("Cứ chừng này hội viên (hoặc phần lẻ) thì hội được bầu một đại biểu."),
    )
    minimum_delegates = forms.IntegerField(
        label=_("Số đại biểu tối thiểu của một hội"), min_value=0, max_value=100
    )
    credentials_head = forms.CharField(
        label=_("Trưởng Ban Thẩm tra tư cách đại biểu"),
        max_length=100,
        required=False,
        help_text=_("Người ký báo cáo thẩm tra tư cách đại biểu."),
    )

    @classmethod
    def for_congress(cls, congress, data=None):
        initial = {name: getattr(congress, name) for name in cls.base_fields}
        return cls(data, initial=initial)


class CongressAssociations(forms.Form):
    """A form whose delegation fields list the congress's associations only (Congress.associations)."""

    def __init__(self, *args, congress, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.ModelChoiceField) and field.queryset.model is Association:
                field.queryset = congress.associations().order_by("block", "sort_key")


class DelegateFilterForm(CongressAssociations):
    q = forms.CharField(label=_("Tìm theo tên"), required=False, max_length=100)
    loai = forms.ChoiceField(
        label=_("Loại"), required=False, choices=[("", _("Tất cả các loại")), *DelegateKind.choices]
    )
    hoi = forms.ModelChoiceField(
        label=_("Đoàn"),
        required=False,
        queryset=Association.objects.none(),
        empty_label=_("Tất cả các đoàn"),
    )
    tham_tra = forms.ChoiceField(
        label=_("Thẩm tra"), required=False, choices=[("", _("Tất cả")), *CredentialStatus.choices]
    )
    co_mat = forms.ChoiceField(
        label=_("Có mặt"),
        required=False,
        choices=[
            ("", _("Tất cả")),
            ("co-mat", _("Đã điểm danh")),
            ("vang", _("Chưa điểm danh")),
            ("thu-hoi", _("Đã thu hồi")),
        ],
    )

    def values(self):
        data = _valid_values(self)
        return {
            "query": data.get("q", "").strip(),
            "kind": data.get("loai", ""),
            "association": data.get("hoi"),
            "credential": data.get("tham_tra", ""),
            "presence": data.get("co_mat", ""),
        }


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Họ và tên"), required=False, max_length=100)

    def query(self):
        return _valid_values(self).get("q", "").strip()


def _kind_field():
    return forms.ChoiceField(label=_("Loại đại biểu"), choices=DelegateKind.choices, widget=forms.RadioSelect)


def _association_field():
    return forms.ModelChoiceField(
        label=_("Đoàn (hội)"),
        required=False,
        queryset=Association.objects.none(),
        empty_label=_("— Không thuộc đoàn hội nào —"),
        help_text=_("Bắt buộc với đại biểu do hội bầu."),
    )


class SummonForm(CongressAssociations):
    person = forms.IntegerField(widget=forms.HiddenInput)
    kind = _kind_field()
    association = _association_field()

    def clean(self):
        data = super().clean()
        if data.get("kind") == DelegateKind.ELECTED and not data.get("association"):
            self.add_error("association", _("Đại biểu do hội bầu phải thuộc đoàn của một hội."))
        return data


class DelegateChangeForm(CongressAssociations):
    kind = _kind_field()
    association = _association_field()

    def clean(self):
        data = super().clean()
        if data.get("kind") == DelegateKind.ELECTED and not data.get("association"):
            self.add_error("association", _("Đại biểu do hội bầu phải thuộc đoàn của một hội."))
        return data


class RevokeForm(forms.Form):
    reason = forms.CharField(
        label=_("Lý do thu hồi"),
        max_length=255,
        help_text=_("Ví dụ: hội bầu đại biểu khác thay thế."),
        error_messages={"required": _("Hãy ghi lý do thu hồi.")},
    )


class CredentialForm(forms.Form):
    status = forms.ChoiceField(label=_("Kết quả thẩm tra"), choices=CredentialStatus.choices)
    note = forms.CharField(label=_("Lý do"), max_length=500, required=False)

    def clean(self):
        data = super().clean()
        if data.get("status") == CredentialStatus.REJECTED and not data.get("note", "").strip():
            self.add_error("note", _("Hãy ghi lý do đại biểu không đủ tư cách."))
        return data


class InviteForm(forms.Form):
    email = EmailAddressField(label=_("Email nhận lời mời"))
    # The invitation the page showed (none: empty), so that the same form sent twice mails once.
    loi_moi = forms.IntegerField(required=False, widget=forms.HiddenInput)


class DelegateSheetForm(forms.Form):
    tep = forms.FileField(
        label=_("Tệp danh sách đại biểu"),
        help_text=_("Tệp Excel (.xlsx) hoặc CSV với các cột: Họ và tên, Ngày sinh, Mã hội, Loại đại biểu."),
        error_messages={"required": _("Hãy chọn tệp danh sách để tải lên.")},
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.xls,.csv"}),
    )


def _close_at_field():
    return DayTimeField(
        label=_("Hạn góp ý"),
        required=False,
        help_text=_("Ví dụ 10/03/2024 17:00. Để trống nếu chưa định hạn."),
    )


def check_document_size(upload):
    if upload is not None and upload.size > MAX_UPLOAD_BYTES:
        raise forms.ValidationError(_("Tệp lớn hơn 20 MB."))


def document_upload_field(*, label=None, required=False):
    """A congress document's file: PDF, Word, Excel or OpenDocument, at most 20 MB; every upload form uses it."""
    return forms.FileField(
        label=label or _("Tệp"),
        required=required,
        help_text=_("PDF, Word hoặc Excel, tối đa 20 MB."),
        validators=[check_document_size],
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.doc,.docx,.xls,.xlsx,.odt"}),
    )


class DocumentForm(forms.Form):
    title = forms.CharField(label=_("Tên tài liệu"), max_length=255, required=False)
    description = forms.CharField(label=_("Ghi chú"), max_length=500, required=False)
    report_version = forms.ModelChoiceField(
        label=_("Phiên bản báo cáo nhiệm kỳ"),
        required=False,
        queryset=ReportVersion.objects.none(),
        empty_label=_("— Không, tải lên một tệp —"),
    )
    file = document_upload_field(label=_("Hoặc tải lên tệp"))
    comments_open = forms.BooleanField(label=_("Mở lấy ý kiến góp ý của đại biểu"), required=False)
    comments_close_at = _close_at_field()

    def __init__(self, *args, congress, **kwargs):
        super().__init__(*args, **kwargs)
        outgoing = congress.outgoing_term
        if outgoing is not None:
            self.fields["report_version"].queryset = ReportVersion.objects.filter(
                report__term=outgoing
            ).select_related("report__term")
            self.fields["report_version"].label_from_instance = lambda v: f"{v.label} – {v.report.term}"

    def clean(self):
        data = super().clean()
        version, upload = data.get("report_version"), data.get("file")
        if bool(version) == bool(upload):
            raise forms.ValidationError(
                _("Hãy chọn một phiên bản báo cáo hoặc tải lên một tệp (chỉ một trong hai).")
            )
        if not data.get("title"):
            if version is not None:
                data["title"] = (
                    f"Báo cáo kiểm điểm của Ban Chấp hành khoá {version.report.term.roman} ({version.label})"
                )
            else:
                self.add_error("title", _("Hãy đặt tên cho tài liệu."))
        return data


class DocumentEditForm(forms.Form):
    title = forms.CharField(label=_("Tên tài liệu"), max_length=255)
    description = forms.CharField(label=_("Ghi chú"), max_length=500, required=False)
    position = forms.IntegerField(label=_("Thứ tự"), min_value=0, max_value=999)
    comments_open = forms.BooleanField(label=_("Mở lấy ý kiến góp ý của đại biểu"), required=False)
    comments_close_at = _close_at_field()

    @classmethod
    def for_document(cls, document, data=None):
        initial = {name: getattr(document, name) for name in cls.base_fields}
        return cls(data, initial=initial)


class CommentForm(forms.Form):
    paragraph = forms.ChoiceField(label=_("Góp ý vào đoạn"), required=False)
    text = forms.CharField(
        label=_("Nội dung góp ý"),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Hãy viết nội dung góp ý.")},
    )

    def __init__(self, *args, document, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", _("Cả tài liệu"))]
        for pid, paragraph_text in document.paragraphs():
            excerpt = paragraph_text if len(paragraph_text) <= 90 else paragraph_text[:87] + "…"
            choices.append((pid, excerpt))
        self.fields["paragraph"].choices = choices


class PaperCommentForm(CommentForm):
    """A comment received on paper, typed in by the office on behalf of the delegate who sent it."""

    delegate = forms.ModelChoiceField(label=_("Đại biểu góp ý"), queryset=Delegate.objects.none())

    field_order = ["delegate", "paragraph", "text"]

    def __init__(self, *args, document, **kwargs):
        super().__init__(*args, document=document, **kwargs)
        self.fields["delegate"].queryset = (
            Delegate.objects.filter(congress_id=document.congress_id)
            .counted()
            .select_related("person")
            .order_by("person__sort_key", "pk")
        )
        self.fields["delegate"].label_from_instance = lambda d: d.person.full_name


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(label=_("Xử lý"), choices=CommentDecision.choices)
    note = forms.CharField(label=_("Ghi chú"), max_length=500, required=False)

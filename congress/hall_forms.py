"""Forms of the hall pages: the programme, the presiding board, requests to speak, motions and votes.

Plain forms whose cleaned values the views hand to congress.services.hall; none saves anything itself.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from congress.forms import document_upload_field
from congress.models import AgendaItem, Choice, CongressDocument, Delegate, HallBody
from members.dates import DayField

TIME_ERRORS = {"invalid": _("Giờ chưa đúng, ví dụ 07:30.")}


def _time_field(label):
    return forms.TimeField(
        label=label,
        required=False,
        input_formats=["%H:%M", "%H.%M", "%Hh%M", "%H:%M:%S"],
        error_messages=TIME_ERRORS,
        widget=forms.TimeInput(format="%H:%M", attrs={"placeholder": "07:30", "inputmode": "numeric"}),
    )


class AgendaItemForm(forms.Form):
    title = forms.CharField(label=_("Nội dung"), max_length=255)
    presenter = forms.CharField(label=_("Người trình bày / điều hành"), max_length=255, required=False)
    day = DayField(label=_("Ngày"), required=False, help_text=_("Để trống nếu là ngày Đại hội."))
    starts_at = _time_field(_("Bắt đầu"))
    ends_at = _time_field(_("Kết thúc"))
    speaking_minutes = forms.IntegerField(
        label=_("Số phút cho mỗi người phát biểu"), min_value=0, max_value=120, initial=5,
        help_text=_("0 là không giới hạn."),
    )  # fmt: skip
    position = forms.IntegerField(label=_("Thứ tự"), min_value=0, max_value=999, required=False)
    documents = forms.ModelMultipleChoiceField(
        label=_("Tài liệu kèm theo"),
        queryset=CongressDocument.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, congress, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["documents"].queryset = CongressDocument.objects.filter(congress=congress).order_by(
            "position", "id"
        )

    @classmethod
    def for_item(cls, item, data=None):
        initial = {name: getattr(item, name) for name in cls.base_fields if name != "documents"}
        initial["documents"] = list(item.documents.all())
        return cls(data, initial=initial, congress=item.congress)

    def clean(self):
        data = super().clean()
        starts, ends = data.get("starts_at"), data.get("ends_at")
        if starts and ends and ends < starts:
            self.add_error("ends_at", _("Giờ kết thúc phải sau giờ bắt đầu."))
        if data.get("position") is None:
            data.pop("position", None)
        return data


class OfficerForm(forms.Form):
    delegate = forms.ModelChoiceField(label=_("Đại biểu"), queryset=Delegate.objects.none())
    body = forms.ChoiceField(label=_("Thuộc"), choices=HallBody.choices)
    role = forms.CharField(label=_("Nhiệm vụ"), max_length=100, required=False)

    def __init__(self, *args, congress, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["delegate"].queryset = (
            Delegate.objects.filter(congress=congress)
            .counted()
            .select_related("person")
            .order_by("person__given_name")
        )
        self.fields["delegate"].label_from_instance = lambda d: d.person.full_name


class SpeakForm(forms.Form):
    topic = forms.CharField(
        label=_("Vấn đề muốn phát biểu"),
        max_length=255,
        required=False,
        widget=forms.TextInput(attrs={"placeholder": _("Ví dụ: về chỉ tiêu phát triển hội viên")}),
    )


class ContributionForm(forms.Form):
    item = forms.ModelChoiceField(label=_("Mục chương trình"), queryset=AgendaItem.objects.none())
    topic = forms.CharField(label=_("Tên bài tham luận"), max_length=255)
    file = document_upload_field(required=True)

    def __init__(self, *args, congress, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].queryset = AgendaItem.objects.filter(congress=congress).exclude(status="done")


class MotionForm(forms.Form):
    title = forms.CharField(
        label=_("Nội dung biểu quyết"),
        max_length=255,
        widget=forms.TextInput(attrs={"placeholder": _("Ví dụ: Thông qua chương trình Đại hội")}),
    )
    secret = forms.BooleanField(label=_("Biểu quyết kín (không ghi ai chọn gì)"), required=False)
    item = forms.ModelChoiceField(
        label=_("Thuộc mục chương trình"),
        queryset=AgendaItem.objects.none(),
        required=False,
        empty_label=_("— Không gắn với mục nào —"),
    )

    def __init__(self, *args, congress, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].queryset = AgendaItem.objects.filter(congress=congress).order_by("position", "id")


class VoteForm(forms.Form):
    choice = forms.ChoiceField(
        choices=Choice.choices,
        error_messages={"required": _("Hãy chọn Tán thành, Không tán thành hoặc Không biểu quyết.")},
    )

from django import forms
from django.utils.translation import gettext_lazy as _

from reports.models import VersionKind


class SectionTextForm(forms.Form):
    body = forms.CharField(
        label=_("Nội dung"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 14, "spellcheck": "true"}),
        help_text=_(
            "Mỗi dòng là một đoạn văn. Trích dẫn số liệu bằng tên trong ngoặc nhọn, ví dụ {so_hoi_thanh_vien}."
        ),
    )


class ShortcomingForm(forms.Form):
    text = forms.CharField(label=_("Nội dung"), widget=forms.Textarea(attrs={"rows": 3}))
    figure = forms.ChoiceField(label=_("Số liệu liên quan"), required=False)

    def __init__(self, *args, figures=None, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", _("(không gắn số liệu)"))]
        choices += [(name, f"{d.label} {{{name}}}") for name, d in (figures or {}).items()]
        self.fields["figure"].choices = choices


class PublishForm(forms.Form):
    kind = forms.ChoiceField(label=_("Loại phiên bản"), choices=VersionKind.choices)
    note = forms.CharField(label=_("Ghi chú"), required=False, max_length=255)

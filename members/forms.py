"""The filters on the pages: plain GET forms whose cleaned values the views use as they are."""

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from members.models import Block
from members.selectors import search_associations

# Day first, always: "03/04/2024" is the 3rd of April, whatever the interface language.
DATE_INPUT_FORMATS = ["%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d"]


class Status:
    ACTIVE = "hoat-dong"
    CLOSED = "da-thoi"
    ALL = "tat-ca"

    choices = [
        (ACTIVE, gettext_lazy("Đang hoạt động")),
        (CLOSED, gettext_lazy("Đã thôi hoạt động")),
        (ALL, gettext_lazy("Tất cả")),
    ]


def _valid_values(form):
    """The fields that are valid; an unknown value typed into the address is ignored, not an error page."""
    form.is_valid()
    return form.cleaned_data


class AssociationFilterForm(forms.Form):
    q = forms.CharField(label=gettext_lazy("Tìm hội"), required=False, max_length=100)
    khoi = forms.ChoiceField(
        label=gettext_lazy("Khối"),
        required=False,
        choices=[("", gettext_lazy("Tất cả các khối")), *Block.choices],
    )
    tinh_trang = forms.ChoiceField(label=gettext_lazy("Tình trạng"), required=False, choices=Status.choices)

    def filter(self, queryset, today):
        data = _valid_values(self)
        if data.get("q"):
            queryset = search_associations(queryset, data["q"])
        if data.get("khoi"):
            queryset = queryset.filter(block=data["khoi"])
        status = data.get("tinh_trang") or Status.ACTIVE
        if status == Status.ACTIVE:
            queryset = queryset.active_on(today)
        elif status == Status.CLOSED:
            queryset = queryset.filter(closed_on__isnull=False, closed_on__lte=today)
        return queryset

    @property
    def is_filtered(self):
        data = _valid_values(self)
        return bool(data.get("q") or data.get("khoi") or data.get("tinh_trang") not in ("", Status.ACTIVE))


class RosterFilterForm(forms.Form):
    q = forms.CharField(label=gettext_lazy("Tìm hội viên"), required=False, max_length=100)
    da_roi = forms.BooleanField(label=gettext_lazy("Hội viên đã rời hội"), required=False)

    def values(self):
        data = _valid_values(self)
        return data.get("q", ""), bool(data.get("da_roi"))


class CommitteeDateForm(forms.Form):
    ngay = forms.DateField(
        label=gettext_lazy("Xem vào ngày"),
        required=False,
        input_formats=DATE_INPUT_FORMATS,
        widget=forms.TextInput(
            attrs={
                "placeholder": gettext_lazy("ngày/tháng/năm"),
                "inputmode": "numeric",
                "autocomplete": "off",
            }
        ),
    )

    def clean_ngay(self):
        value = self.cleaned_data["ngay"]
        if value is not None and value.year < 1900:
            raise forms.ValidationError("too early", code="invalid")
        return value

    def date(self, today):
        """The date asked for, or today when none is given or it cannot be read."""
        if self.is_valid() and self.cleaned_data["ngay"]:
            return self.cleaned_data["ngay"]
        return today

    @property
    def error(self):
        """One message for any unreadable date, naming what was typed and what is shown instead."""
        if self.is_bound and not self.is_valid():
            return _(
                "Ngày “%(value)s” không đúng. Hãy nhập theo dạng ngày/tháng/năm, ví dụ 15/03/2024. "
                "Trang đang hiển thị ngày hôm nay."
            ) % {"value": self.data.get("ngay", "")}
        return ""

"""Forms of the election pages; each `clean` returns what the matching service takes."""

from django import forms
from django.utils.translation import gettext_lazy as _

from congress import counting
from congress.models import Entry
from congress.services.elections import ROLES_BY_BODY
from members.dates import DayField
from members.models import Body, Role
from reports.figures import FIGURES


def _count_field(label, **kwargs):
    return forms.IntegerField(
        label=label,
        min_value=0,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off", "class": "short"}),
        **kwargs,
    )


class ElectionForm(forms.Form):
    title = forms.CharField(
        label=_("Tên cuộc bầu"),
        max_length=255,
        help_text=_("In trên phiếu bầu, ví dụ: Bầu Ban Chấp hành Liên hiệp hội khoá V, nhiệm kỳ 2024–2029."),
    )
    body = forms.ChoiceField(label=_("Cơ quan được bầu"), choices=Body.choices)
    role = forms.ChoiceField(
        label=_("Chức danh"),
        choices=Role.choices,
        initial=Role.MEMBER,
        help_text=_(
            "Uỷ viên với bầu Ban Chấp hành, Ban Thường vụ, Ban Kiểm tra; Chủ tịch, Phó Chủ tịch… khi bầu chức danh."
        ),
    )
    seats = forms.IntegerField(label=_("Số người được bầu"), min_value=1, max_value=99)
    held_on = DayField(
        label=_("Ngày bầu"),
        required=False,
        help_text=_(
            "Ban Chấp hành do Đại hội bầu vào ngày Đại hội. Ban Thường vụ, các chức danh và Ban Kiểm tra do "
            "Ban Chấp hành bầu: ghi ngày phiên họp thứ nhất (để trống là ngày Đại hội)."
        ),
    )

    def clean(self):
        data = super().clean()
        body, role = data.get("body"), data.get("role")
        if body and role and role not in ROLES_BY_BODY[body]:
            self.add_error(
                "role",
                _("%(body)s không có chức danh %(role)s.")
                % {"body": Body(body).label, "role": Role(role).label.lower()},
            )
        return data


class CandidateSearchForm(forms.Form):
    q = forms.CharField(label=_("Tìm người theo họ tên"), required=False, max_length=100)


class BallotForm(forms.Form):
    """One ballot: its number, the names kept (checked) and those crossed out (typed, the quick way)."""

    number = forms.IntegerField(
        label=_("Số phiếu"),
        min_value=1,
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "off", "class": "ballot-number"}
        ),
    )
    crossed = forms.CharField(
        label=_("Số thứ tự bị gạch tên"),
        required=False,
        max_length=500,
        widget=forms.TextInput(attrs={"autocomplete": "off", "class": "crossed", "inputmode": "numeric"}),
        help_text=_("Ví dụ: 3 7 15 hoặc 3-5. Gõ * nếu gạch hết. Enter để ghi phiếu."),
    )
    kept = forms.TypedMultipleChoiceField(
        label=_("Giữ tên"), coerce=int, required=False, widget=forms.CheckboxSelectMultiple
    )
    spoiled = forms.BooleanField(label=_("Phiếu hỏng"), required=False)
    replace = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, candidates=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.numbers = [c.number for c in candidates]
        self.fields["kept"].choices = [(c.number, c.person.full_name) for c in candidates]

    def clean(self):
        data = super().clean()
        try:
            crossed = counting.parse_numbers(data.get("crossed", ""), self.numbers)
        except counting.CountingError as error:
            self.add_error("crossed", str(error))
            return data
        data["kept"] = set(data.get("kept") or ()) - crossed
        return data


class BallotTotalsForm(forms.Form):
    ballots_issued = _count_field(_("Số phiếu phát ra"))
    electors_present = _count_field(_("Số uỷ viên Ban Chấp hành có mặt"), required=False)


class ImportForm(forms.Form):
    sheet = forms.FileField(
        label=_("Tệp phiếu (.xlsx hoặc .csv)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )
    entry = forms.TypedChoiceField(label=_("Nhập vào"), choices=Entry.choices, coerce=int)
    replace = forms.BooleanField(
        label=_("Thay toàn bộ lượt nhập này bằng tệp (xoá các phiếu đã nhập của lượt này)"), required=False
    )


class TieDecisionForm(forms.Form):
    chosen = forms.TypedMultipleChoiceField(
        label=_("Người được chọn"), coerce=int, widget=forms.CheckboxSelectMultiple
    )
    note = forms.CharField(
        label=_("Căn cứ"),
        max_length=500,
        help_text=_("Ví dụ: Đại hội biểu quyết giơ tay, 120/142 đại biểu có mặt tán thành."),
    )

    def __init__(self, *args, tied=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["chosen"].choices = [(c.number, f"{c.number}. {c.person.full_name}") for c in tied]


class CorrectionForm(forms.Form):
    reason = forms.CharField(
        label=_("Lý do đính chính"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Ví dụ: Kiểm tra lại phiếu số 37 theo đề nghị của Đoàn Chủ tịch, ngày …"),
    )
    effective_on = DayField(label=_("Có hiệu lực từ ngày"))
    withdrawn = forms.TypedMultipleChoiceField(
        label=_("Thôi giữ ghế"), coerce=int, required=False, widget=forms.CheckboxSelectMultiple
    )
    added = forms.TypedMultipleChoiceField(
        label=_("Nhận ghế"), coerce=int, required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, holders=(), others=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["withdrawn"].choices = [(c.pk, f"{c.number}. {c.person.full_name}") for c in holders]
        self.fields["added"].choices = [(c.pk, f"{c.number}. {c.person.full_name}") for c in others]

    def clean(self):
        data = super().clean()
        if not data.get("withdrawn") and not data.get("added"):
            raise forms.ValidationError(_("Hãy chọn ít nhất một người thôi giữ ghế hoặc nhận ghế."))
        return data


class ResolutionForm(forms.Form):
    adopted_on = DayField(label=_("Ngày thông qua"))
    summary = forms.CharField(label=_("Nội dung chính"), widget=forms.Textarea(attrs={"rows": 6}))


class TargetForm(forms.Form):
    label = forms.CharField(
        label=_("Chỉ tiêu"), max_length=255, help_text=_("Ví dụ: Phát triển thêm hội thành viên.")
    )
    figure = forms.ChoiceField(label=_("Đo bằng số liệu"))
    target_value = forms.DecimalField(
        label=_("Mục tiêu"),
        max_digits=14,
        decimal_places=2,
        min_value=0,
        localize=True,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
    )
    unit = forms.CharField(label=_("Đơn vị"), max_length=50, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["figure"].choices = [("", "—")] + [(name, f.label) for name, f in FIGURES.items()]

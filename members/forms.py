"""The filters on the pages: plain GET forms whose cleaned values the views use as they are."""

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from members.dates import BirthDateField, DayField, wrong_day
from members.fields import EmailAddressField, EmailMessages
from members.models import Association, Block, LeaveReason, Person
from members.selectors import search_associations


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
    ngay = DayField(label=gettext_lazy("Xem vào ngày"), required=False)

    def date(self, today):
        """The date asked for, or today when none is given or it cannot be read."""
        if self.is_valid() and self.cleaned_data["ngay"]:
            return self.cleaned_data["ngay"]
        return today

    @property
    def error(self):
        """What is wrong with the date typed, naming it, and what is shown instead."""
        if self.is_bound and not self.is_valid():
            shown = _("Trang đang hiển thị ngày hôm nay.")
            return f"{wrong_day(self.data.get('ngay', ''), self.errors['ngay'][0])} {shown}"
        return ""


# --- Changing the roster ------------------------------------------------------------------------------


PERSON_FIELDS = (
    "family_name",
    "middle_name",
    "given_name",
    "gender",
    "birth",
    "ethnicity",
    "academic_title",
    "degree",
    "education_level",
    "political_theory",
    "party_member",
    "workplace",
    "job_title",
    "phone",
    "email",
)
MEMBERSHIP_FIELDS = ("joined_on", "card_number")
NEW_RECORD = "moi"
LINK_REQUEST = "de-nghi"


class MemberForm(EmailMessages, forms.ModelForm):
    """A member as the roster shows them: the person, then their card and joining date.

    It never saves anything itself: the view hands `person_changes()` and `membership_changes()` to the
    services. `version` and the `opened_*` fields carry what the form was opened with, so that a save
    made meanwhile by someone else is noticed instead of overwritten.
    """

    birth = BirthDateField(
        label=gettext_lazy("Ngày sinh"),
        required=False,
        help_text=gettext_lazy(
            "Ngày/tháng/năm; nếu chỉ biết tháng và năm hoặc chỉ biết năm, ghi 03/1968 hoặc 1968."
        ),
    )
    joined_on = DayField(label=gettext_lazy("Ngày vào hội"))
    card_number = forms.CharField(label=gettext_lazy("Số thẻ hội viên"), required=False, max_length=30)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    opened_joined_on = DayField(widget=forms.HiddenInput, required=False)
    opened_card_number = forms.CharField(widget=forms.HiddenInput, required=False)
    # Which button was pressed on the "is this the same person?" question: a person's id, "moi" for a new
    # record, or "de-nghi" to ask the secretariat to link the record found elsewhere.
    chon = forms.CharField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Person
        fields = PERSON_FIELDS
        widgets = {
            "gender": forms.RadioSelect,
            "phone": forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
        }

    def __init__(self, *args, membership=None, **kwargs):
        initial = kwargs.setdefault("initial", {})
        if membership is not None:
            initial.update(
                joined_on=membership.joined_on,
                card_number=membership.card_number,
                opened_joined_on=membership.joined_on,
                opened_card_number=membership.card_number,
            )
        instance = kwargs.get("instance")
        if instance is not None and instance.pk:
            initial["version"] = instance.version
            initial.setdefault("birth", instance.birth)
        super().__init__(*args, **kwargs)
        self.fields["gender"].choices = [c for c in self.fields["gender"].choices if c[0]]
        self.fields["family_name"].widget.attrs.update(autocomplete="off", autocapitalize="words")
        self.fields["middle_name"].widget.attrs.update(autocomplete="off", autocapitalize="words")
        self.fields["given_name"].widget.attrs.update(autocomplete="off", autocapitalize="words")

    def clean_chon(self):
        value = self.cleaned_data["chon"]
        if value in ("", NEW_RECORD, LINK_REQUEST):
            return value
        try:
            return int(value)
        except ValueError:
            return ""

    def name_and_birth(self):
        data = self.cleaned_data
        return {name: data[name] for name in ("family_name", "middle_name", "given_name", "birth")}

    def choice_among(self, namesakes):
        """What was chosen among `namesakes` (selectors.Namesakes): ("add", person or None), ("request", person).

        None while a choice is still to be made: nothing is added while namesakes exist and nobody has
        chosen. Only what the page offered may be chosen: an id typed into the form finds nobody else, and
        a request names the record the portal found, never one the form names.
        """
        choice = self.cleaned_data["chon"]
        if choice == NEW_RECORD:
            return "add", None
        if choice == LINK_REQUEST and namesakes.requestable is not None:
            return "request", namesakes.requestable
        if choice == "":
            return None if namesakes else ("add", None)
        person = next((p for p in namesakes.offered if p.pk == choice), None)
        if person is None:
            self.add_error(None, _("Người được chọn không còn khớp với họ tên và ngày sinh đã nhập."))
            return None
        return "add", person

    def _changes(self, names):
        return {name: self.cleaned_data[name] for name in self.changed_data if name in names}

    def person_fields(self):
        return {name: self.cleaned_data[name] for name in PERSON_FIELDS}

    def person_changes(self):
        return self._changes(PERSON_FIELDS)

    def membership_changes(self):
        return self._changes(MEMBERSHIP_FIELDS)

    def opened_with(self):
        return {
            "joined_on": self.cleaned_data["opened_joined_on"],
            "card_number": self.cleaned_data["opened_card_number"],
        }

    def fieldsets(self):
        """The visible fields in the groups the page shows them in."""
        groups = [
            (_("Họ tên và ngày sinh"), ["family_name", "middle_name", "given_name", "gender", "birth"]),
            (_("Sinh hoạt tại hội"), ["joined_on", "card_number"]),
            (
                _("Trình độ"),
                [
                    "academic_title",
                    "degree",
                    "education_level",
                    "political_theory",
                    "ethnicity",
                    "party_member",
                ],
            ),
            (_("Công tác, liên hệ"), ["workplace", "job_title", "phone", "email"]),
        ]
        return [(title, [self[name] for name in names]) for title, names in groups]


class LeavingForm(forms.Form):
    left_on = DayField(label=gettext_lazy("Ngày rời hội"))
    reason = forms.ChoiceField(
        label=gettext_lazy("Lý do"),
        # An association closing ends its memberships by itself; nobody records that reason by hand.
        choices=[
            ("", gettext_lazy("— Chọn lý do —")),
            *[c for c in LeaveReason.choices if c[0] != LeaveReason.ASSOCIATION_CLOSED],
        ],
    )
    note = forms.CharField(
        label=gettext_lazy("Ghi chú"),
        required=False,
        max_length=255,
        help_text=gettext_lazy("Ví dụ: chuyển về sinh hoạt tại Hội KH&KT xã Sơn Tây."),
    )

    def __init__(self, *args, membership, **kwargs):
        self.membership = membership
        super().__init__(*args, **kwargs)

    def clean_left_on(self):
        left_on = self.cleaned_data["left_on"]
        if left_on < self.membership.joined_on:
            raise forms.ValidationError(
                _("Ngày rời hội không thể trước ngày vào hội (%(date)s).")
                % {"date": self.membership.joined_on.strftime("%d/%m/%Y")}
            )
        return left_on


class RosterUploadForm(forms.Form):
    tep = forms.FileField(
        label=gettext_lazy("Tệp danh sách hội viên"),
        help_text=gettext_lazy(
            "Tệp Excel (.xlsx) hoặc CSV, tối đa 10 MB. Tệp Excel cũ (.xls) cần lưu lại thành .xlsx trước."
        ),
        error_messages={"required": gettext_lazy("Hãy chọn tệp danh sách để tải lên.")},
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.xlsm,.xls,.csv"}),
    )


class PeopleSearchForm(forms.Form):
    q = forms.CharField(
        label=gettext_lazy("Tìm người trong toàn Liên hiệp hội"), required=False, max_length=100
    )

    def query(self):
        return _valid_values(self).get("q", "").strip()


class LeadInvitationForm(forms.Form):
    email = EmailAddressField(label=gettext_lazy("Email"))
    full_name = forms.CharField(label=gettext_lazy("Họ và tên"), max_length=150)
    associations = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Hội phụ trách"),
        queryset=Association.objects.filter(closed_on__isnull=True).order_by("block", "sort_key"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": gettext_lazy("Hãy chọn ít nhất một hội mà người này phụ trách.")},
    )


class LinkDecisionForm(forms.Form):
    quyet_dinh = forms.ChoiceField(
        choices=[("dong-y", gettext_lazy("Đồng ý")), ("tu-choi", gettext_lazy("Từ chối"))],
        widget=forms.HiddenInput,
        error_messages={"required": gettext_lazy("Hãy chọn đồng ý hoặc từ chối.")},
    )
    note = forms.CharField(
        label=gettext_lazy("Ghi chú gửi hội"),
        required=False,
        max_length=255,
        help_text=gettext_lazy("Hội đọc được ghi chú này cùng kết quả, ví dụ lý do từ chối."),
    )

    @property
    def approves(self):
        return self.cleaned_data["quyet_dinh"] == "dong-y"

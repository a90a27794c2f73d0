"""The secretariat's back office at /quan-tri/: every record, its history, and who changed it when.

Only secretariat accounts get in. Access is decided by the account's role (the same `is_secretariat` the
portal uses), not by Django's per-model permissions, so a secretariat account needs nothing but is_staff.
"""

import datetime
import json
import types

from allauth.account.models import EmailAddress
from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.db.models import Prefetch, Q
from django.forms.models import construct_instance
from django.utils import formats
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from members import services, text
from members.dates import BirthDateField, DayField, SplitDayTimeField
from members.fields import EmailMessages
from members.forms import PERSON_FIELDS
from members.importing.admin import RosterImportExportAdmin
from members.models import (
    Association,
    Federation,
    Invitation,
    Mandate,
    Membership,
    Person,
    Term,
    User,
    UserRole,
)
from members.views import report_retried_invitations


def secretariat_only_permission(site, request):
    """The admin shows every association's people, so it is for the secretariat alone.

    Django's default lets in any is_staff account; a lead made staff by mistake would then see the
    whole federation. lienhiephoi/urls.py mounts the default `admin.site`, so rather than swapping the
    site class we bind this check onto that instance.
    """
    user = request.user
    return bool(user.is_active and user.is_staff and getattr(user, "is_secretariat", False))


admin.site.has_permission = types.MethodType(secretariat_only_permission, admin.site)

# An account signs in with the email on the account itself, edited under "Người dùng"; allauth's own list
# of addresses ("ACCOUNTS / Email addresses", in English) would be a second place to edit it.
if admin.site.is_registered(EmailAddress):
    admin.site.unregister(EmailAddress)


class SecretariatAccess:
    """Secretariat accounts may view, add and change everything; only a superuser may delete.

    Records end with a date and a reason instead of being deleted, so deleting is kept for repairing
    mistakes, by a superuser.
    """

    # Dates typed here are read as in the rest of the portal, with the same messages (members.dates).
    formfield_overrides = {
        models.DateField: {"form_class": DayField},
        models.DateTimeField: {"form_class": SplitDayTimeField},
    }

    def has_module_permission(self, request):
        return request.user.is_secretariat

    def has_view_permission(self, request, obj=None):
        return request.user.is_secretariat

    def has_add_permission(self, request, *args):
        return request.user.is_secretariat

    def has_change_permission(self, request, obj=None):
        return request.user.is_secretariat

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser


def _with_refusal(form_class, refusal):
    """The admin's form class, showing a service's refusal as the form's errors."""

    class RefusedForm(form_class):
        def clean(self):
            cleaned_data = super().clean()
            if isinstance(refusal, ValidationError) and hasattr(refusal, "error_dict"):
                for field, errors in refusal.error_dict.items():
                    self.add_error(field if field in self.fields else None, errors)
            elif isinstance(refusal, ValidationError):
                self.add_error(None, refusal)
            else:
                self.add_error(None, str(refusal))
            return cleaned_data

    return RefusedForm


class ServiceForm(EmailMessages, forms.ModelForm):
    """An admin form whose record is checked as a whole by the service that saves it.

    The form only fills in the record: the service checks its own rules first, in words the secretariat
    knows, then the model's (full_clean), where the form would name a broken constraint by its code name.
    """

    def _post_clean(self):
        try:
            self.instance = construct_instance(self, self.instance, self._meta.fields, self._meta.exclude)
        except ValidationError as error:
            self._update_errors(error)


class ReadOnlyHistory:
    """The history is for reading: restoring an old version would write past the services and their checks."""

    def revert_disabled(self, request, obj=None):
        return True

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method == "POST":
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)


class ThroughServices(ReadOnlyHistory):
    """Saves call the services the pages call (in save_model); a refusal shows on the form and changes nothing.

    save_model lets the service's refusal through; changeform_view, whose transaction has rolled back with
    it, then shows the same form again with the refusal as its error. Fields no service changes are
    read-only, each with a help text (`locked_help_texts`) saying how it is changed instead.
    """

    refusals = (services.MembersError, ValidationError)
    locked_help_texts = {}

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except self.refusals as refusal:
            request.service_refusal = refusal
            return super().changeform_view(request, object_id, form_url, extra_context)

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is not None:
            readonly = self.get_readonly_fields(request, obj)
            help_texts = {name: text for name, text in self.locked_help_texts.items() if name in readonly}
            kwargs["help_texts"] = {**help_texts, **kwargs.get("help_texts", {})}
        form_class = super().get_form(request, obj, change=change, **kwargs)
        refusal = getattr(request, "service_refusal", None)
        return form_class if refusal is None else _with_refusal(form_class, refusal)


def saved_as(obj, saved):
    """Carry on with the record as the service saved it: the admin's log and redirect use `obj`."""
    obj.__dict__.update(saved.__dict__)


def submitted(form, names, change=True):
    """What the form sets of these fields: those it changes, or all of them on a record being added."""
    return {name: form.cleaned_data[name] for name in names if name in form.changed_data or not change}


class FoldedSearch:
    """Search that ignores diacritics and case: 'son hong' finds 'Sơn Hồng', 'duc' finds 'Đức'.

    Each word of the query must appear in one of `folded_search_fields`, which hold text.fold()ed values.
    """

    folded_search_fields = ("search_name",)
    search_fields = ("search_name",)  # shows the search box; the lookup itself is below

    def get_search_results(self, request, queryset, search_term):
        for word in text.fold(search_term).split():
            condition = Q()
            for field in self.folded_search_fields:
                condition |= Q(**{f"{field}__contains": word})
            queryset = queryset.filter(condition)
        return queryset, False


class ReadOnlyInline(SecretariatAccess, admin.TabularInline):
    """Shown on the person's page; changes go through the membership or mandate page it links to."""

    extra = 0
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Federation)
class FederationAdmin(ReadOnlyHistory, SecretariatAccess, SimpleHistoryAdmin):
    """A plain record: no rule of the federation's name or place depends on anything else."""

    list_display = ("name", "short_name", "parent_body", "locality")


@admin.register(Term)
class TermAdmin(ReadOnlyHistory, SecretariatAccess, SimpleHistoryAdmin):
    """A plain record, entered once a congress has opened the term."""

    list_display = ("__str__", "congress_date", "federation")
    list_select_related = ("federation",)


class ClosedFilter(admin.SimpleListFilter):
    title = _("tình trạng")
    parameter_name = "closed"

    def lookups(self, request, model_admin):
        return [("no", _("Đang hoạt động")), ("yes", _("Đã thôi hoạt động"))]

    def queryset(self, request, queryset):
        if self.value() == "no":
            return queryset.filter(closed_on__isnull=True)
        if self.value() == "yes":
            return queryset.filter(closed_on__isnull=False)
        return queryset


CLOSING_FIELDS = ("closed_on", "closed_reason", "merged_into")


@admin.register(Association)
class AssociationAdmin(ThroughServices, FoldedSearch, SecretariatAccess, SimpleHistoryAdmin):
    form = ServiceForm
    list_display = ("code", "name", "block", "commune", "status")
    list_filter = ("block", ClosedFilter)
    list_select_related = ("merged_into",)
    autocomplete_fields = ("merged_into",)
    locked_help_texts = {
        name: _("Hội đã thôi hoạt động; việc đóng hội (và chuyển hội viên) không sửa lại được.")
        for name in CLOSING_FIELDS
    }

    def get_fields(self, request, obj=None):
        # An association is added open; closing it is a change of its own, which ends or moves its members.
        return services.ASSOCIATION_EDITABLE_FIELDS + (CLOSING_FIELDS if obj is not None else ())

    def get_readonly_fields(self, request, obj=None):
        return CLOSING_FIELDS if obj is not None and obj.closed_on is not None else ()

    def save_model(self, request, obj, form, change):
        edits = submitted(form, services.ASSOCIATION_EDITABLE_FIELDS, change)
        if not change:
            saved_as(obj, services.create_association(actor=request.user, **edits))
            return
        if edits:
            saved_as(obj, services.update_association(obj, actor=request.user, **edits))
        if set(CLOSING_FIELDS) & set(form.changed_data):
            if form.cleaned_data["closed_on"] is None:
                raise services.MembersError(gettext("Hãy nhập ngày hội thôi hoạt động."))
            closed = services.close_association(
                obj,
                actor=request.user,
                closed_on=form.cleaned_data["closed_on"],
                reason=form.cleaned_data["closed_reason"],
                merged_into=form.cleaned_data["merged_into"],
            )
            saved_as(obj, closed)

    @admin.display(description=_("tình trạng"), ordering="closed_on")
    def status(self, association):
        if association.closed_on is None:
            return gettext("Đang hoạt động")
        status = gettext("Thôi hoạt động từ %(date)s") % {
            "date": formats.date_format(association.closed_on, "SHORT_DATE_FORMAT")
        }
        if association.merged_into is not None:
            status += " – " + gettext("sáp nhập vào %(name)s") % {"name": association.merged_into.name}
        return status


class MembershipInline(ReadOnlyInline):
    model = Membership
    fields = ("association", "joined_on", "left_on", "leave_reason", "card_number")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("association")


class MandateInline(ReadOnlyInline):
    model = Mandate
    fields = ("term", "body", "role", "started_on", "ended_on", "end_reason", "job_title")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("term")


class PersonForm(ServiceForm):
    """Carries the version the form was opened at, so a later save cannot overwrite someone else's edit."""

    expected_version = forms.IntegerField(label=_("phiên bản"), widget=forms.HiddenInput, required=False)
    birth = BirthDateField(
        label=_("ngày sinh"),
        required=False,
        help_text=_("Ngày/tháng/năm; nếu chỉ biết tháng và năm hoặc chỉ biết năm, ghi 03/1968 hoặc 1968."),
    )

    class Meta:
        model = Person
        fields = (*PERSON_FIELDS, "is_sample")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["expected_version"].initial = self.instance.version
            self.initial.setdefault("birth", self.instance.birth)

    def clean(self):
        cleaned_data = super().clean()
        if self.instance.pk and cleaned_data.get("expected_version") != self.instance.version:
            raise ValidationError(
                gettext(
                    "Hồ sơ của %(name)s vừa được người khác cập nhật. "
                    "Hãy tải lại trang để xem thay đổi rồi sửa lại."
                )
                % {"name": self.instance.full_name}
            )
        return cleaned_data


@admin.register(Person)
class PersonAdmin(ThroughServices, FoldedSearch, SecretariatAccess, SimpleHistoryAdmin):
    form = PersonForm
    list_display = ("full_name", "birth", "gender", "current_associations", "job_title", "workplace")
    list_filter = ("gender", "degree", "party_member", "is_sample")
    ordering = ("sort_key", "id")
    inlines = (MembershipInline, MandateInline)
    readonly_fields = ("created_at", "updated_at")
    fieldsets = (
        (
            None,
            {
                "fields": (
                    ("family_name", "middle_name", "given_name"),
                    "gender",
                    "birth",
                    "ethnicity",
                    "expected_version",
                )
            },
        ),
        (
            _("Trình độ"),
            {"fields": ("academic_title", "degree", "education_level", "political_theory", "party_member")},
        ),
        (_("Công tác, liên hệ"), {"fields": ("workplace", "job_title", "phone", "email")}),
        (_("Khác"), {"fields": ("is_sample", "created_at", "updated_at")}),
    )

    def get_queryset(self, request):
        current = Membership.objects.current().select_related("association")
        return (
            super()
            .get_queryset(request)
            .prefetch_related(Prefetch("memberships", queryset=current, to_attr="current_memberships"))
        )

    @admin.display(description=_("họ và tên"), ordering="sort_key")
    def full_name(self, person):
        return person.full_name

    @admin.display(description=_("ngày sinh"), ordering="birth_date")
    def birth(self, person):
        return person.birth or "-"

    @admin.display(description=_("hội thành viên"))
    def current_associations(self, person):
        return ", ".join(m.association.name for m in person.current_memberships)

    def save_model(self, request, obj, form, change):
        fields = submitted(form, PersonForm.Meta.fields, change)
        if not change:
            saved_as(obj, services.create_person(actor=request.user, **fields))
            return
        # Through the same service as the portal: locks the row, re-checks the version, bumps it, writes history.
        saved = services.update_person(
            obj, actor=request.user, expected_version=form.cleaned_data["expected_version"], **fields
        )
        saved_as(obj, saved)


class MembershipForm(ServiceForm):
    """Carries the values the form was opened with, so a later save cannot overwrite someone else's edit."""

    opened_with = forms.CharField(label=_("giá trị khi mở trang"), widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["opened_with"].initial = json.dumps(
                {"joined_on": self.instance.joined_on.isoformat(), "card_number": self.instance.card_number}
            )

    def clean_opened_with(self):
        if not self.instance.pk:
            return {}
        try:
            opened = json.loads(self.cleaned_data["opened_with"])
            return {
                "joined_on": datetime.date.fromisoformat(opened["joined_on"]),
                "card_number": opened["card_number"],
            }
        except (ValueError, KeyError, TypeError):
            raise ValidationError(gettext("Trang này đã cũ. Hãy tải lại trang rồi sửa lại.")) from None

    def clean(self):
        cleaned_data = super().clean()
        if "left_on" in self.fields and cleaned_data.get("left_on") and not cleaned_data.get("leave_reason"):
            self.add_error("leave_reason", gettext("Hãy chọn lý do rời hội."))
        return cleaned_data


LEAVING_FIELDS = ("left_on", "leave_reason", "leave_note")


@admin.register(Membership)
class MembershipAdmin(
    ThroughServices, RosterImportExportAdmin, FoldedSearch, SecretariatAccess, SimpleHistoryAdmin
):
    form = MembershipForm
    folded_search_fields = ("person__search_name", "association__search_name")
    search_fields = ("person__search_name",)
    list_display = ("person", "association", "joined_on", "left_on", "leave_reason", "card_number")
    list_filter = ("association__block", "leave_reason", "association")
    list_select_related = ("person", "association")
    autocomplete_fields = ("person", "association")
    ordering = ("association__sort_key", "person__sort_key")
    locked_help_texts = {
        "person": _("Không đổi được. Nếu ghi nhầm người, hãy cho hội viên này rời hội rồi thêm đúng người."),
        "association": _("Không đổi được. Người chuyển hội thì rời hội này rồi được thêm vào hội kia."),
        **dict.fromkeys(
            LEAVING_FIELDS, _("Đã ghi rời hội; không sửa được. Nếu ghi nhầm, hãy thêm lại người này vào hội.")
        ),
    }

    def get_fields(self, request, obj=None):
        if obj is None:
            return ("person", "association", *services.MEMBERSHIP_EDITABLE_FIELDS)
        return ("person", "association", *services.MEMBERSHIP_EDITABLE_FIELDS, *LEAVING_FIELDS, "opened_with")

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return ()
        return ("person", "association") + (LEAVING_FIELDS if obj.left_on is not None else ())

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        if not change:
            membership = services.admit_member(
                data["person"],
                data["association"],
                actor=request.user,
                joined_on=data["joined_on"],
                card_number=data["card_number"],
            )
            saved_as(obj, membership)
            return
        edits = submitted(form, services.MEMBERSHIP_EDITABLE_FIELDS)
        if edits:
            membership = services.update_member(
                obj,
                actor=request.user,
                expected_version=None,
                opened_with=data["opened_with"],
                person_fields={},
                membership_fields=edits,
            )
            saved_as(obj, membership)
        if "left_on" in form.changed_data and data["left_on"] is not None:
            membership = services.record_leaving(
                obj,
                actor=request.user,
                left_on=data["left_on"],
                reason=data["leave_reason"],
                note=data["leave_note"],
            )
            saved_as(obj, membership)


MANDATE_PLACE_FIELDS = ("person", "term", "body", "role", "started_on", "start_method")
ENDING_FIELDS = ("ended_on", "end_reason")


class MandateForm(ServiceForm):
    def clean(self):
        cleaned_data = super().clean()
        if "ended_on" in self.fields and cleaned_data.get("ended_on") and not cleaned_data.get("end_reason"):
            self.add_error("end_reason", gettext("Hãy chọn lý do thôi."))
        return cleaned_data


@admin.register(Mandate)
class MandateAdmin(ThroughServices, FoldedSearch, SecretariatAccess, SimpleHistoryAdmin):
    form = MandateForm
    folded_search_fields = ("person__search_name",)
    search_fields = ("person__search_name",)
    list_display = ("person", "role", "body", "term", "started_on", "ended_on", "end_reason")
    list_filter = ("term", "body", "role", "end_reason")
    list_select_related = ("person", "term")
    autocomplete_fields = ("person",)
    locked_help_texts = {
        **dict.fromkeys(
            MANDATE_PLACE_FIELDS,
            _("Không đổi được. Nếu ghi nhầm, hãy cho thôi chức danh này rồi giao chức danh đúng."),
        ),
        **dict.fromkeys(ENDING_FIELDS, _("Đã ghi thôi chức danh; không sửa được.")),
    }

    def get_fields(self, request, obj=None):
        if obj is None:
            return (*MANDATE_PLACE_FIELDS, *services.MANDATE_EDITABLE_FIELDS)
        return (*MANDATE_PLACE_FIELDS, *ENDING_FIELDS, *services.MANDATE_EDITABLE_FIELDS)

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return ()
        return MANDATE_PLACE_FIELDS + (ENDING_FIELDS if obj.ended_on is not None else ())

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        if not change:
            seat = services.grant_mandate(
                data["person"],
                data["term"],
                actor=request.user,
                body=data["body"],
                role=data["role"],
                started_on=data["started_on"],
                start_method=data["start_method"],
                job_title=data["job_title"],
                note=data["note"],
            )
            saved_as(obj, seat)
            return
        edits = submitted(form, services.MANDATE_EDITABLE_FIELDS)
        if edits:
            saved_as(obj, services.update_mandate(obj, actor=request.user, **edits))
        if "ended_on" in form.changed_data and data["ended_on"] is not None:
            seat = services.end_mandate(
                obj, actor=request.user, ended_on=data["ended_on"], reason=data["end_reason"]
            )
            saved_as(obj, seat)


@admin.register(Invitation)
class InvitationAdmin(ThroughServices, SecretariatAccess, SimpleHistoryAdmin):
    """The emails that invited people to the portal, for reading; made by inviting, sent again by a retry."""

    list_display = ("email", "account", "status", "error", "attempts", "created_at", "sent_at")
    list_filter = ("status",)
    list_select_related = ("account",)
    search_fields = ("email",)
    actions = ("retry",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Gửi lại những lời mời chưa gửi được"))
    def retry(self, request, queryset):
        report_retried_invitations(request, services.retry_invitations(queryset, actor=request.user))


class LowercaseEmail(EmailMessages):
    """Emails are kept in lower case, as UserManager does, so one address cannot hold two accounts."""

    def clean_email(self):
        return services.account_email(self.cleaned_data["email"])


class AccountCreationForm(LowercaseEmail, AdminUserCreationForm):
    class Meta:
        model = User
        fields = ("email", "full_name", "role")


class AccountChangeForm(LowercaseEmail, UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"


@admin.register(User)
class AccountAdmin(ThroughServices, SecretariatAccess, UserAdmin):
    """Accounts sign in with their email; there is no username. They are made by services.create_account."""

    form = AccountChangeForm
    add_form = AccountCreationForm
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Người dùng"), {"fields": ("full_name", "role", "person", "associations")}),
        (_("Quyền truy cập"), {"fields": ("is_active", "is_staff", "is_superuser", "groups")}),
        (_("Thời gian"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("email", "full_name", "role", "usable_password", "password1", "password2"),
            },
        ),
    )
    list_display = ("email", "full_name", "role", "is_active", "is_staff", "last_login")
    list_filter = ("role", "is_active", "is_staff", "is_superuser")
    search_fields = ("email", "full_name")
    ordering = ("email",)
    filter_horizontal = ("associations", "groups")
    autocomplete_fields = ("person",)
    readonly_fields = ("last_login", "date_joined")
    locked_help_texts = {
        "is_active": _(
            "Tài khoản của người phụ trách hội được thu hồi hoặc mời lại ở trang Người phụ trách các hội."
        ),
    }

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
            return
        data = form.cleaned_data
        account = services.create_account(
            data["email"],
            actor=request.user,
            role=data["role"],
            full_name=data["full_name"],
            password=data["password1"] if data["set_usable_password"] else None,
            note="Tạo tài khoản trong trang quản trị",
        )
        saved_as(obj, account)

    def log_addition(self, request, obj, message):
        """create_account has written the admin's log entry of the new account."""

    def has_change_permission(self, request, obj=None):
        # Otherwise a secretariat account could reset a superuser's password and sign in as them.
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_change_permission(request, obj)

    def get_readonly_fields(self, request, obj=None):
        readonly = super().get_readonly_fields(request, obj)
        if not request.user.is_superuser:
            # A secretariat account may manage accounts but not hand out superuser rights.
            readonly = (*readonly, "is_superuser", "groups")
        if obj is not None and obj.role == UserRole.LEAD:
            # Revoking a lead also kills their unused invitation link and the invitation not yet sent.
            readonly = (*readonly, "is_active")
        return readonly

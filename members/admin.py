"""The secretariat's back office at /quan-tri/: every record, its history, and who changed it when.

Only secretariat accounts get in. Access is decided by the account's role (the same `is_secretariat` the
portal uses), not by Django's per-model permissions, so a secretariat account needs nothing but is_staff.
"""

import types

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Prefetch, Q
from django.utils import formats
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from members import services, text
from members.dates import DayField, SplitDayTimeField
from members.importing.admin import RosterImportExportAdmin
from members.models import Association, Federation, Mandate, Membership, Person, Term, User


def secretariat_only_permission(site, request):
    """The admin shows every association's people, so it is for the secretariat alone.

    Django's default lets in any is_staff account; a lead made staff by mistake would then see the
    whole federation. lienhiephoi/urls.py mounts the default `admin.site`, so rather than swapping the
    site class we bind this check onto that instance.
    """
    user = request.user
    return bool(user.is_active and user.is_staff and getattr(user, "is_secretariat", False))


admin.site.has_permission = types.MethodType(secretariat_only_permission, admin.site)


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
class FederationAdmin(SecretariatAccess, SimpleHistoryAdmin):
    list_display = ("name", "short_name", "parent_body", "locality")


@admin.register(Term)
class TermAdmin(SecretariatAccess, SimpleHistoryAdmin):
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


@admin.register(Association)
class AssociationAdmin(FoldedSearch, SecretariatAccess, SimpleHistoryAdmin):
    list_display = ("code", "name", "block", "commune", "status")
    list_filter = ("block", ClosedFilter)
    list_select_related = ("merged_into",)
    autocomplete_fields = ("merged_into",)
    fields = (
        "federation",
        "code",
        "name",
        "block",
        "commune",
        "established_on",
        "closed_on",
        "closed_reason",
        "merged_into",
    )

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


class PersonForm(forms.ModelForm):
    """Carries the version the form was opened at, so a later save cannot overwrite someone else's edit."""

    expected_version = forms.IntegerField(label=_("phiên bản"), widget=forms.HiddenInput, required=False)

    class Meta:
        model = Person
        fields = (
            "family_name",
            "middle_name",
            "given_name",
            "gender",
            "birth_date",
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
            "is_sample",
        )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["expected_version"].initial = self.instance.version

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
class PersonAdmin(FoldedSearch, SecretariatAccess, SimpleHistoryAdmin):
    form = PersonForm
    list_display = ("full_name", "birth_date", "gender", "current_associations", "job_title", "workplace")
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
                    "birth_date",
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

    @admin.display(description=_("hội thành viên"))
    def current_associations(self, person):
        return ", ".join(m.association.name for m in person.current_memberships)

    def save_model(self, request, obj, form, change):
        if not change:
            super().save_model(request, obj, form, change)
            return
        # Through the same service as the portal: locks the row, re-checks the version, bumps it, writes history.
        model_fields = {f.name for f in Person._meta.get_fields()}
        changes = {name: form.cleaned_data[name] for name in form.changed_data if name in model_fields}
        saved = services.update_person(
            obj, actor=request.user, expected_version=form.cleaned_data["expected_version"], **changes
        )
        obj.version = saved.version


@admin.register(Membership)
class MembershipAdmin(RosterImportExportAdmin, FoldedSearch, SecretariatAccess, SimpleHistoryAdmin):
    folded_search_fields = ("person__search_name", "association__search_name")
    search_fields = ("person__search_name",)
    list_display = ("person", "association", "joined_on", "left_on", "leave_reason", "card_number")
    list_filter = ("association__block", "leave_reason", "association")
    list_select_related = ("person", "association")
    autocomplete_fields = ("person", "association")
    ordering = ("association__sort_key", "person__sort_key")


@admin.register(Mandate)
class MandateAdmin(FoldedSearch, SecretariatAccess, SimpleHistoryAdmin):
    folded_search_fields = ("person__search_name",)
    search_fields = ("person__search_name",)
    list_display = ("person", "role", "body", "term", "started_on", "ended_on", "end_reason")
    list_filter = ("term", "body", "role", "end_reason")
    list_select_related = ("person", "term")
    autocomplete_fields = ("person",)


class LowercaseEmail:
    """Emails are kept in lower case, as UserManager does, so one address cannot hold two accounts."""

    def clean_email(self):
        return self.cleaned_data["email"].lower()


class AccountCreationForm(LowercaseEmail, AdminUserCreationForm):
    class Meta:
        model = User
        fields = ("email", "full_name", "role")


class AccountChangeForm(LowercaseEmail, UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"


@admin.register(User)
class AccountAdmin(SecretariatAccess, UserAdmin):
    """Accounts sign in with their email; there is no username."""

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
        return readonly

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from import_export import fields, resources, widgets
from import_export.admin import ImportExportModelAdmin
from simple_history.admin import SimpleHistoryAdmin

from members import dates, text
from members.admin import ReadOnlyHistory, SecretariatAccess
from members.admin_formats import SheetFormatsMixin
from members.models import Term
from reports import services
from reports.models import (
    Activity,
    ActivityKind,
    Award,
    Contest,
    Indicator,
    Initiative,
    Level,
    ReportVersion,
    Target,
    TermReport,
)


class DayMonthYearWidget(widgets.DateWidget):
    """Dates of a sheet read as the portal reads every day (members.dates), written back as 05/01/2024."""

    def __init__(self):
        super().__init__(format="%d/%m/%Y")

    def clean(self, value, row=None, **kwargs):
        try:
            read = dates.read_date(value)
        except dates.DateError as error:
            raise ValueError(dates.wrong_day(value, error.sentence)) from None
        return read and read.date


class TextWidget(widgets.CharWidget):
    """Text as it is stored: NFC, single spaces (sheets from offices often hold decomposed Unicode)."""

    def clean(self, value, row=None, **kwargs):
        return text.clean(value)


class ChoiceWidget(widgets.Widget):
    """A choice written as its Vietnamese label (with or without diacritics) or as its code."""

    def __init__(self, choices):
        super().__init__()
        self.choices = choices
        self.by_key = {}
        for value, label in choices.choices:
            self.by_key[text.fold(value)] = value
            self.by_key[text.fold(label)] = value

    def clean(self, value, row=None, **kwargs):
        key = text.fold(value)
        if not key:
            return ""
        if key not in self.by_key:
            raise ValueError(
                _("„%(value)s” không có trong danh sách: %(labels)s.")
                % {"value": value, "labels": "; ".join(str(label) for label in self.choices.labels)}
            )
        return self.by_key[key]

    def render(self, value, obj=None, **kwargs):
        return str(self.choices(value).label) if value in self.choices.values else value


class TermWidget(widgets.ForeignKeyWidget):
    """Terms are named by their ordinal in sheets: 4 or IV."""

    def __init__(self):
        super().__init__(Term, field="ordinal")

    def clean(self, value, row=None, **kwargs):
        roman = {"I": 1, "II": 2, "III": 3, "IV": 4, "V": 5, "VI": 6, "VII": 7, "VIII": 8, "IX": 9, "X": 10}
        key = str(value or "").strip().upper()
        try:
            return super().clean(roman.get(key, key), row, **kwargs)
        except Term.DoesNotExist:
            raise ValueError(_("Không có nhiệm kỳ khoá %(value)s.") % {"value": value}) from None


class WholeSheetResource(resources.ModelResource):
    """A sheet is imported whole or not at all: one bad row and nothing of it is saved."""

    def import_data(self, dataset, **kwargs):
        kwargs.setdefault("rollback_on_validation_errors", True)
        return super().import_data(dataset, **kwargs)

    def get_or_init_instance(self, instance_loader, row):
        # A bad value in a column that identifies the row (a date, a kind) is the user's to fix, like any
        # other bad value: report it against its column rather than as a failure of the import.
        errors = {}
        for name in self.get_import_id_fields():
            field = self.fields[name]
            try:
                field.clean(row)
            except ValueError as exc:
                errors[field.attribute] = [str(exc)]
        if errors:
            raise ValidationError(errors)
        return super().get_or_init_instance(instance_loader, row)


class ActivityResource(WholeSheetResource):
    term = fields.Field("term", "Khoá", widget=TermWidget())
    kind = fields.Field("kind", "Loại", widget=ChoiceWidget(ActivityKind))
    title = fields.Field("title", "Nội dung", widget=TextWidget())
    held_on = fields.Field("held_on", "Ngày", widget=DayMonthYearWidget())
    participants = fields.Field("participants", "Số người tham gia", widget=widgets.IntegerWidget())
    quantity = fields.Field("quantity", "Số lượng", widget=widgets.IntegerWidget())
    amount = fields.Field("amount", "Số tiền", widget=widgets.IntegerWidget())
    partner = fields.Field("partner", "Cơ quan phối hợp", widget=TextWidget())
    outcome = fields.Field("outcome", "Kết quả", widget=TextWidget())

    class Meta:
        model = Activity
        fields = (
            "term",
            "kind",
            "title",
            "held_on",
            "participants",
            "quantity",
            "amount",
            "partner",
            "outcome",
        )
        import_id_fields = ("term", "kind", "title", "held_on")
        skip_unchanged = True
        use_transactions = True
        clean_model_instances = True


class InitiativeResource(WholeSheetResource):
    term = fields.Field("term", "Khoá", widget=TermWidget())
    title = fields.Field("title", "Tên đề tài, sáng kiến", widget=TextWidget())
    authors = fields.Field("authors", "Tác giả", widget=TextWidget())
    level = fields.Field("level", "Cấp", widget=ChoiceWidget(Level))
    recognised_on = fields.Field("recognised_on", "Ngày công nhận", widget=DayMonthYearWidget())

    class Meta:
        model = Initiative
        fields = ("term", "title", "authors", "level", "recognised_on")
        import_id_fields = ("term", "title")
        skip_unchanged = True
        use_transactions = True
        clean_model_instances = True


class HistoryImportExportAdmin(
    SheetFormatsMixin, SecretariatAccess, ImportExportModelAdmin, SimpleHistoryAdmin
):
    def has_import_permission(self, request):
        return request.user.is_secretariat

    def has_export_permission(self, request):
        return request.user.is_secretariat


@admin.register(Activity)
class ActivityAdmin(HistoryImportExportAdmin):
    resource_classes = [ActivityResource]
    list_display = ("held_on", "kind", "title", "participants", "quantity", "amount")
    list_filter = ("term", "kind")
    search_fields = ("title", "partner")
    date_hierarchy = "held_on"
    filter_horizontal = ("associations",)
    list_select_related = ("term",)


class AwardInline(SecretariatAccess, admin.TabularInline):
    model = Award
    extra = 1


@admin.register(Contest)
class ContestAdmin(SecretariatAccess, SimpleHistoryAdmin):
    list_display = ("name", "edition", "held_on", "entries")
    list_filter = ("term",)
    inlines = [AwardInline]


@admin.register(Initiative)
class InitiativeAdmin(HistoryImportExportAdmin):
    resource_classes = [InitiativeResource]
    list_display = ("title", "authors", "level", "recognised_on", "association")
    list_filter = ("term", "level")
    search_fields = ("title", "authors")
    list_select_related = ("association",)
    autocomplete_fields = ()


@admin.register(Indicator)
class IndicatorAdmin(SecretariatAccess, SimpleHistoryAdmin):
    list_display = ("code", "label", "value", "unit", "as_of", "term")
    list_filter = ("term",)
    list_select_related = ("term",)


@admin.register(Target)
class TargetAdmin(SecretariatAccess, SimpleHistoryAdmin):
    list_display = ("position", "label", "figure", "target_value", "unit", "term")
    list_filter = ("term",)
    list_select_related = ("term",)


@admin.register(TermReport)
class TermReportAdmin(SecretariatAccess, SimpleHistoryAdmin):
    """The report's heading and signer; its prose is edited on the report page, where citations are checked."""

    list_display = ("term", "title", "subtitle", "dated")
    list_select_related = ("term",)

    def save_model(self, request, obj, form, change):
        if not change:
            # Opened as on the reports page; the heading entered here is then saved over the usual one.
            obj.pk = services.create_report(obj.term, actor=request.user).pk
            obj._state.adding = False
        super().save_model(request, obj, form, change)


@admin.register(ReportVersion)
class ReportVersionAdmin(ReadOnlyHistory, SecretariatAccess, SimpleHistoryAdmin):
    """Versions are frozen: the admin shows them and never changes them."""

    list_display = ("report", "number", "kind", "draft_number", "published_at", "published_by", "pdf_sha256")
    list_select_related = ("report__term", "published_by")
    readonly_fields = [f.name for f in ReportVersion._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

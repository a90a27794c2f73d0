from django.contrib import admin
from import_export import fields, resources, widgets
from import_export.admin import ImportExportModelAdmin
from simple_history.admin import SimpleHistoryAdmin

from members.models import Term
from reports.models import (
    Activity,
    Award,
    Contest,
    Indicator,
    Initiative,
    ReportVersion,
    Target,
    TermReport,
)

DATE = widgets.DateWidget(format="%d/%m/%Y")


class TermWidget(widgets.ForeignKeyWidget):
    """Terms are named by their ordinal in sheets: 4 or IV."""

    def __init__(self):
        super().__init__(Term, field="ordinal")

    def clean(self, value, row=None, **kwargs):
        roman = {"I": 1, "II": 2, "III": 3, "IV": 4, "V": 5, "VI": 6, "VII": 7, "VIII": 8, "IX": 9, "X": 10}
        text = str(value or "").strip().upper()
        return super().clean(roman.get(text, text), row, **kwargs)


class ActivityResource(resources.ModelResource):
    term = fields.Field("term", "Khoá", widget=TermWidget())
    kind = fields.Field("kind", "Loại")
    title = fields.Field("title", "Nội dung")
    held_on = fields.Field("held_on", "Ngày", widget=DATE)
    participants = fields.Field("participants", "Số người tham gia", widget=widgets.IntegerWidget())
    quantity = fields.Field("quantity", "Số lượng", widget=widgets.IntegerWidget())
    amount = fields.Field("amount", "Số tiền", widget=widgets.IntegerWidget())
    partner = fields.Field("partner", "Cơ quan phối hợp")
    outcome = fields.Field("outcome", "Kết quả")

    class Meta:
        model = Activity
        fields = (
            "id",
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


class InitiativeResource(resources.ModelResource):
    term = fields.Field("term", "Khoá", widget=TermWidget())
    title = fields.Field("title", "Tên đề tài, sáng kiến")
    authors = fields.Field("authors", "Tác giả")
    level = fields.Field("level", "Cấp")
    recognised_on = fields.Field("recognised_on", "Ngày công nhận", widget=DATE)

    class Meta:
        model = Initiative
        fields = ("id", "term", "title", "authors", "level", "recognised_on")
        import_id_fields = ("term", "title")
        skip_unchanged = True
        use_transactions = True


class HistoryImportExportAdmin(ImportExportModelAdmin, SimpleHistoryAdmin):
    pass


@admin.register(Activity)
class ActivityAdmin(HistoryImportExportAdmin):
    resource_classes = [ActivityResource]
    list_display = ("held_on", "kind", "title", "participants", "quantity", "amount")
    list_filter = ("term", "kind")
    search_fields = ("title", "partner")
    date_hierarchy = "held_on"
    filter_horizontal = ("associations",)
    list_select_related = ("term",)


class AwardInline(admin.TabularInline):
    model = Award
    extra = 1


@admin.register(Contest)
class ContestAdmin(SimpleHistoryAdmin):
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
class IndicatorAdmin(SimpleHistoryAdmin):
    list_display = ("code", "label", "value", "unit", "as_of", "term")
    list_filter = ("term",)
    list_select_related = ("term",)


@admin.register(Target)
class TargetAdmin(SimpleHistoryAdmin):
    list_display = ("position", "label", "figure", "target_value", "unit", "term")
    list_filter = ("term",)
    list_select_related = ("term",)


@admin.register(TermReport)
class TermReportAdmin(SimpleHistoryAdmin):
    """The report's heading and signer; its prose is edited on the report page, where citations are checked."""

    list_display = ("term", "title", "subtitle", "dated")


@admin.register(ReportVersion)
class ReportVersionAdmin(SimpleHistoryAdmin):
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

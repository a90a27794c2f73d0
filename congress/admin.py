"""The congress in the back office: for looking things up and repairing mistakes.

Day-to-day changes (summoning, credentials, check-in, documents) are made on the congress pages, which go
through congress.services; here most delegate fields are read-only so that the trail stays the same.
"""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from congress.models import (
    CheckIn,
    CheckInRefusal,
    Comment,
    Congress,
    CongressDocument,
    Delegate,
    DelegateQuota,
)
from members.admin import FoldedSearch, SecretariatAccess


@admin.register(Congress)
class CongressAdmin(SecretariatAccess, SimpleHistoryAdmin):
    list_display = ("__str__", "venue", "quorum_rule", "majority_base", "tie_rule")
    list_select_related = ("term",)


@admin.register(DelegateQuota)
class DelegateQuotaAdmin(SecretariatAccess, SimpleHistoryAdmin):
    list_display = ("association", "congress", "seats", "members", "set_by_hand")
    list_filter = ("congress", "set_by_hand")
    list_select_related = ("association", "congress__term")
    autocomplete_fields = ()


@admin.register(Delegate)
class DelegateAdmin(SecretariatAccess, FoldedSearch, SimpleHistoryAdmin):
    list_display = ("person", "kind", "association", "credential", "revoked_at", "congress")
    list_filter = ("congress", "kind", "credential")
    list_select_related = ("person", "association", "congress__term")
    folded_search_fields = ("person__search_name",)
    raw_id_fields = ("person", "account")
    readonly_fields = (
        "token",
        "summoned_at",
        "invited_at",
        "revoked_at",
        "revoked_reason",
        "credential_checked_at",
        "credential_checked_by",
    )


@admin.register(CheckIn)
class CheckInAdmin(SecretariatAccess, SimpleHistoryAdmin):
    list_display = ("delegate", "checked_in_at", "method", "checked_in_by")
    list_select_related = ("delegate__person", "checked_in_by")
    raw_id_fields = ("delegate",)


@admin.register(CheckInRefusal)
class CheckInRefusalAdmin(SecretariatAccess, admin.ModelAdmin):
    list_display = ("at", "reason", "delegate", "by")
    list_select_related = ("delegate__person", "by")
    readonly_fields = ("congress", "delegate", "reason", "by")


@admin.register(CongressDocument)
class CongressDocumentAdmin(SecretariatAccess, SimpleHistoryAdmin):
    list_display = ("title", "congress", "position", "comments_open", "comments_close_at")
    list_filter = ("congress", "comments_open")
    raw_id_fields = ("report_version",)


@admin.register(Comment)
class CommentAdmin(SecretariatAccess, SimpleHistoryAdmin):
    list_display = ("__str__", "document", "delegate", "paragraph", "decision", "created_at")
    list_filter = ("document", "decision")
    list_select_related = ("document", "delegate__person")
    raw_id_fields = ("delegate", "author", "decided_by")


# --- Elections: the elections' models are registered below this line. ---------------------------------------

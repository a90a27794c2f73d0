"""The congress in the back office: for looking things up and repairing mistakes, through congress.services.

Day-to-day changes (summoning, credentials, check-in, documents) are made on the congress pages; the
admin's saves call the same services, so the checks and the trail are the same, and what no service
changes is read-only here with a help text saying where it is changed.
"""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from congress.models import (
    AgendaItem,
    CheckIn,
    CheckInRefusal,
    Comment,
    Congress,
    CongressDocument,
    Delegate,
    DelegateQuota,
    HallOfficer,
    Motion,
    MotionVote,
    SpeakerRequest,
)
from congress.services import CongressError
from congress.services import delegates as services
from members.admin import (
    FoldedSearch,
    SecretariatAccess,
    ServiceForm,
    ThroughServices,
    saved_as,
    submitted,
)


class ThroughCongressServices(ThroughServices):
    refusals = (*ThroughServices.refusals, CongressError)


class ReadOnlyRecord(ThroughCongressServices):
    """A record the congress pages write (a check-in, a refused scan): read here, deleted by a superuser only."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Congress)
class CongressAdmin(ThroughCongressServices, SecretariatAccess, SimpleHistoryAdmin):
    form = ServiceForm
    list_display = ("__str__", "venue", "quorum_rule", "majority_base", "tie_rule")
    list_select_related = ("term",)
    locked_help_texts = {"term": _("Đại hội gắn với nhiệm kỳ nó mở ra; không đổi được.")}

    def get_fields(self, request, obj=None):
        return ("term", *services.SETTINGS_FIELDS)

    def get_readonly_fields(self, request, obj=None):
        return ("term",) if obj is not None else ()

    def save_model(self, request, obj, form, change):
        if not change:
            # No service opens a congress: the record is checked and saved with the acting user.
            obj.full_clean()
            super().save_model(request, obj, form, change)
            return
        settings = submitted(form, services.SETTINGS_FIELDS)
        saved_as(obj, services.update_congress_settings(obj, actor=request.user, **settings))


@admin.register(DelegateQuota)
class DelegateQuotaAdmin(ThroughCongressServices, SecretariatAccess, SimpleHistoryAdmin):
    form = ServiceForm
    list_display = ("association", "congress", "seats", "members", "set_by_hand")
    list_filter = ("congress", "set_by_hand")
    list_select_related = ("association", "congress__term")
    fields = ("congress", "association", "seats", "members", "set_by_hand")
    locked_help_texts = {
        "congress": _("Không đổi được; phân bổ của hội khác là một phân bổ khác."),
        "association": _("Không đổi được; phân bổ của hội khác là một phân bổ khác."),
    }

    def get_readonly_fields(self, request, obj=None):
        # The members are counted, and the quota marked set by hand, by the quotas page's services.
        return ("members", "set_by_hand") + (("congress", "association") if obj is not None else ())

    def save_model(self, request, obj, form, change):
        congress, association = (obj.congress, obj.association)
        saved_as(
            obj, services.set_quota(congress, association, form.cleaned_data["seats"], actor=request.user)
        )


DELEGATE_SET_ELSEWHERE = (
    "token",
    "account",
    "summoned_at",
    "invited_at",
    "invitation",
    "revoked_at",
    "credential_checked_at",
    "credential_checked_by",
)


@admin.register(Delegate)
class DelegateAdmin(ThroughCongressServices, SecretariatAccess, FoldedSearch, SimpleHistoryAdmin):
    form = ServiceForm
    list_display = ("person", "kind", "association", "credential", "revoked_at", "congress")
    list_filter = ("congress", "kind", "credential")
    list_select_related = ("person", "association", "congress__term")
    folded_search_fields = ("person__search_name",)
    raw_id_fields = ("person",)
    locked_help_texts = {
        "congress": _("Không đổi được; muốn triệu tập người này ở Đại hội khác, hãy triệu tập ở đó."),
        "person": _("Không đổi được; hãy thu hồi giấy triệu tập rồi triệu tập đúng người."),
        "account": _("Gắn khi gửi lời mời ở trang đại biểu."),
        "invitation": _("Gửi và gửi lại ở trang đại biểu."),
        "revoked_reason": _("Đã thu hồi; muốn triệu tập lại, hãy tìm người này ở trang Triệu tập."),
    }

    def get_fields(self, request, obj=None):
        if obj is None:
            return ("congress", "person", "kind", "association")
        return (
            "congress",
            "person",
            "kind",
            "association",
            "credential",
            "credential_note",
            "revoked_reason",
            *DELEGATE_SET_ELSEWHERE,
        )

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return ()
        revoked = ("revoked_reason",) if obj.revoked_at is not None else ()
        return ("congress", "person", *revoked, *DELEGATE_SET_ELSEWHERE)

    def save_model(self, request, obj, form, change):
        data, actor = form.cleaned_data, request.user
        if not change:
            delegate = services.summon_delegate(
                data["congress"],
                data["person"],
                actor=actor,
                kind=data["kind"],
                association=data["association"],
            )
            saved_as(obj, delegate)
            return
        if {"kind", "association"} & set(form.changed_data):
            saved_as(
                obj,
                services.change_delegate(
                    obj, actor=actor, kind=data["kind"], association=data["association"]
                ),
            )
        if {"credential", "credential_note"} & set(form.changed_data):
            saved_as(
                obj,
                services.record_credential(
                    obj, actor=actor, status=data["credential"], note=data["credential_note"]
                ),
            )
        if "revoked_reason" in form.changed_data:
            saved_as(obj, services.revoke_delegate(obj, actor=actor, reason=data["revoked_reason"]))


@admin.register(CheckIn)
class CheckInAdmin(ThroughCongressServices, SecretariatAccess, SimpleHistoryAdmin):
    """A check-in is recorded here as at the desk, by name; once recorded it stays as it is."""

    form = ServiceForm
    list_display = ("delegate", "checked_in_at", "method", "checked_in_by")
    list_select_related = ("delegate__person", "checked_in_by")
    raw_id_fields = ("delegate",)

    def get_fields(self, request, obj=None):
        return ("delegate",) if obj is None else ("delegate", "checked_in_at", "method", "checked_in_by")

    def has_change_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        result = services.check_in(form.cleaned_data["delegate"], actor=request.user, method="name")
        saved_as(obj, result.check_in)


@admin.register(CheckInRefusal)
class CheckInRefusalAdmin(ReadOnlyRecord, SecretariatAccess, admin.ModelAdmin):
    list_display = ("at", "reason", "delegate", "by")
    list_select_related = ("delegate__person", "by")


@admin.register(CongressDocument)
class CongressDocumentAdmin(ThroughCongressServices, SecretariatAccess, SimpleHistoryAdmin):
    form = ServiceForm
    list_display = ("title", "congress", "position", "comments_open", "comments_close_at")
    list_filter = ("congress", "comments_open")
    raw_id_fields = ("report_version",)
    locked_help_texts = {
        "congress": _("Không đổi được."),
        "report_version": _("Không đổi được; hãy đăng tài liệu mới cho phiên bản khác."),
        "file": _("Không đổi được; hãy đăng tài liệu mới cho tệp khác."),
    }

    def get_fields(self, request, obj=None):
        if obj is None:
            return (
                "congress",
                "title",
                "description",
                "report_version",
                "file",
                "comments_open",
                "comments_close_at",
            )
        return ("congress", "report_version", "file", *services.DOCUMENT_FIELDS, "uploaded_by", "uploaded_at")

    def get_readonly_fields(self, request, obj=None):
        return () if obj is None else ("congress", "report_version", "file", "uploaded_by", "uploaded_at")

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        if not change:
            document = services.add_document(
                data["congress"],
                actor=request.user,
                title=data["title"],
                description=data["description"],
                file=data["file"] or None,
                report_version=data["report_version"],
                comments_open=data["comments_open"],
                comments_close_at=data["comments_close_at"],
            )
            saved_as(obj, document)
            return
        edits = submitted(form, services.DOCUMENT_FIELDS)
        saved_as(obj, services.update_document(obj, actor=request.user, **edits))


@admin.register(Comment)
class CommentAdmin(ThroughCongressServices, SecretariatAccess, SimpleHistoryAdmin):
    """A comment received on paper is typed in here as on the comments page; a comment's words stay the delegate's."""

    form = ServiceForm
    list_display = ("__str__", "document", "delegate", "paragraph", "decision", "created_at")
    list_filter = ("document", "decision")
    list_select_related = ("document", "delegate__person")
    raw_id_fields = ("delegate",)
    locked_help_texts = dict.fromkeys(
        ("document", "delegate", "author", "paragraph", "text"),
        _("Lời góp ý của đại biểu; không sửa được. Đại biểu tự rút góp ý khi tài liệu còn nhận góp ý."),
    )

    def get_fields(self, request, obj=None):
        if obj is None:
            return ("document", "delegate", "paragraph", "text")
        return (
            "document",
            "delegate",
            "author",
            "paragraph",
            "text",
            "created_at",
            "decision",
            "decision_note",
            "decided_at",
            "decided_by",
        )

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return ()
        return (
            "document",
            "delegate",
            "author",
            "paragraph",
            "text",
            "created_at",
            "decided_at",
            "decided_by",
        )

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        if not change:
            comment = services.record_paper_comment(
                data["document"],
                data["delegate"],
                actor=request.user,
                body=data["text"],
                paragraph=data["paragraph"],
            )
            saved_as(obj, comment)
            return
        decision = services.decide_comment(
            obj, actor=request.user, decision=data["decision"], note=data["decision_note"]
        )
        saved_as(obj, decision)


# --- Elections: the elections' models are registered below this line. ---------------------------------------


# --- The hall on the day: kept by the hall's pages; read here, with their history ---------------------------


class HallRecord(ReadOnlyRecord, SecretariatAccess, SimpleHistoryAdmin):
    """Made and changed on the hall's pages (programme, desk, phones), through congress.services.hall; read here.

    A vote's count must stay the sum of the votes cast, so no record of the hall is deleted here either."""

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AgendaItem)
class AgendaItemAdmin(HallRecord):
    list_display = ("title", "congress", "position", "starts_at", "status")
    list_filter = ("congress", "status")


@admin.register(HallOfficer)
class HallOfficerAdmin(HallRecord):
    list_display = ("delegate", "body", "role", "congress")
    list_select_related = ("delegate__person", "congress__term")


@admin.register(SpeakerRequest)
class SpeakerRequestAdmin(HallRecord):
    list_display = ("delegate", "item", "kind", "status", "requested_at", "started_at", "ended_at")
    list_select_related = ("delegate__person", "item")
    list_filter = ("kind", "status")


@admin.register(Motion)
class MotionAdmin(HallRecord):
    list_display = ("title", "congress", "secret", "status", "yes", "no", "abstain", "passed", "closed_at")
    list_filter = ("congress", "status", "secret")


@admin.register(MotionVote)
class MotionVoteAdmin(ReadOnlyRecord, SecretariatAccess, admin.ModelAdmin):
    """Who voted and when; how, on an open vote only (a secret vote's choice is in the count alone)."""

    list_display = ("motion", "delegate", "choice", "cast_at")
    list_select_related = ("motion", "delegate__person")
    list_filter = ("motion",)

    def has_delete_permission(self, request, obj=None):
        return False

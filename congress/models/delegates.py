"""Delegates, their credentials and check-in, congress documents and comments."""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from congress.models.congress import Congress
from members.models import Association, Invitation, Person

__all__ = [
    "CheckIn",
    "CheckInRefusal",
    "Comment",
    "CommentDecision",
    "CongressDocument",
    "CredentialStatus",
    "Delegate",
    "DelegateKind",
    "DelegateQuota",
]


class DelegateKind(models.TextChoices):
    ELECTED = "elected", _("Đại biểu chính thức do hội bầu")
    EX_OFFICIO = "ex_officio", _("Đại biểu đương nhiên")
    APPOINTED = "appointed", _("Đại biểu chỉ định")
    GUEST = "guest", _("Khách mời")


# The kinds summoned to vote, in the order the credential report lists them.
COUNTED_KINDS = [DelegateKind.ELECTED, DelegateKind.EX_OFFICIO, DelegateKind.APPOINTED]


class CredentialStatus(models.TextChoices):
    PENDING = "pending", _("Chưa thẩm tra")
    VERIFIED = "verified", _("Đủ tư cách")
    REJECTED = "rejected", _("Không đủ tư cách")


def new_token():
    return secrets.token_urlsafe(24)


class DelegateQuota(models.Model):
    """How many delegates an association elects to the congress: computed from its roster, or set by hand."""

    congress = models.ForeignKey(Congress, on_delete=models.PROTECT, related_name="quotas")
    association = models.ForeignKey(
        Association, verbose_name=_("hội"), on_delete=models.PROTECT, related_name="+"
    )
    seats = models.PositiveSmallIntegerField(_("số đại biểu được bầu"))
    members = models.PositiveIntegerField(
        _("số hội viên khi tính"),
        null=True,
        blank=True,
        help_text=_("Số hội viên vào ngày Đại hội khi tính phân bổ."),
    )
    set_by_hand = models.BooleanField(_("văn phòng tự đặt"), default=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("phân bổ đại biểu")
        verbose_name_plural = _("phân bổ đại biểu")
        constraints = [
            models.UniqueConstraint(
                fields=["congress", "association"], name="delegate_quota_once_per_association"
            )
        ]

    def __str__(self):
        return f"{self.association}: {self.seats}"


class DelegateQuerySet(models.QuerySet):
    def counted(self):
        """Delegates who count for the quorum and the majority: not guests, not revoked."""
        return self.exclude(kind=DelegateKind.GUEST).filter(revoked_at__isnull=True)

    def guests(self):
        return self.filter(kind=DelegateKind.GUEST, revoked_at__isnull=True)

    def present(self):
        return self.filter(check_in__isnull=False)


class Delegate(models.Model):
    """A person summoned to the congress (or invited as a guest); people are never copied here."""

    congress = models.ForeignKey(Congress, on_delete=models.PROTECT, related_name="delegates")
    person = models.ForeignKey(
        Person, verbose_name=_("người"), on_delete=models.PROTECT, related_name="delegacies"
    )
    kind = models.CharField(_("loại đại biểu"), max_length=20, choices=DelegateKind.choices)
    association = models.ForeignKey(
        Association,
        verbose_name=_("đoàn (hội)"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    account = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("tài khoản"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    token = models.CharField(_("mã QR"), max_length=64, unique=True, default=new_token, editable=False)
    summoned_at = models.DateTimeField(_("triệu tập lúc"), auto_now_add=True, null=True)
    invited_at = models.DateTimeField(_("gửi lời mời lúc"), null=True, blank=True)
    # The latest email inviting the delegate to the portal, and whether it went out.
    invitation = models.ForeignKey(
        Invitation,
        verbose_name=_("lời mời qua email"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    revoked_at = models.DateTimeField(_("thu hồi lúc"), null=True, blank=True)
    revoked_reason = models.CharField(_("lý do thu hồi"), max_length=255, blank=True)
    credential = models.CharField(
        _("thẩm tra tư cách"),
        max_length=10,
        choices=CredentialStatus.choices,
        default=CredentialStatus.PENDING,
    )
    credential_note = models.CharField(_("lý do"), max_length=500, blank=True)
    credential_checked_at = models.DateTimeField(_("thẩm tra lúc"), null=True, blank=True)
    credential_checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người thẩm tra"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    history = HistoricalRecords()
    objects = DelegateQuerySet.as_manager()

    class Meta:
        verbose_name = _("đại biểu")
        verbose_name_plural = _("đại biểu")
        constraints = [
            models.UniqueConstraint(fields=["congress", "person"], name="delegate_once_per_congress"),
            models.CheckConstraint(
                condition=~Q(kind="elected") | Q(association__isnull=False),
                name="delegate_elected_by_an_association",
            ),
            models.CheckConstraint(
                condition=~Q(credential="rejected") | ~Q(credential_note=""),
                name="delegate_rejected_with_reason",
            ),
            models.CheckConstraint(
                condition=Q(revoked_at__isnull=True) | ~Q(revoked_reason=""),
                name="delegate_revoked_with_reason",
            ),
        ]
        indexes = [models.Index(fields=["congress", "kind"], name="delegate_congress_kind_idx")]

    def __str__(self):
        return self.person.full_name

    @property
    def is_counted(self):
        return self.kind != DelegateKind.GUEST and self.revoked_at is None

    @property
    def is_guest(self):
        return self.kind == DelegateKind.GUEST

    @property
    def refusal(self):
        """Why this delegate's code does not check anyone in, or '' when it does."""
        if self.revoked_at is not None:
            return _("Mã của đại biểu này đã bị thu hồi: %(reason)s") % {"reason": self.revoked_reason}
        if self.is_guest:
            return _("Khách mời không điểm danh và không tính vào số đại biểu.")
        return ""


class CheckIn(models.Model):
    """A delegate's arrival; one per delegate, so a second scan finds it and changes nothing."""

    delegate = models.OneToOneField(Delegate, on_delete=models.PROTECT, related_name="check_in")
    checked_in_at = models.DateTimeField(_("lúc"), auto_now_add=True)
    checked_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người ghi nhận"), on_delete=models.PROTECT, null=True
    )
    method = models.CharField(_("cách ghi nhận"), max_length=10, choices=[("qr", "QR"), ("name", _("Tên"))])

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("điểm danh")
        verbose_name_plural = _("điểm danh")

    def __str__(self):
        return f"{self.delegate} – {self.checked_in_at:%H:%M %d/%m/%Y}"


class CheckInRefusal(models.Model):
    """A scan or a name at the door that checked nobody in, and why: the log the secretariat reads back."""

    congress = models.ForeignKey(Congress, on_delete=models.PROTECT, related_name="check_in_refusals")
    delegate = models.ForeignKey(Delegate, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    reason = models.CharField(_("lý do"), max_length=255)
    at = models.DateTimeField(_("lúc"), auto_now_add=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người quét"),
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("lượt điểm danh bị từ chối")
        verbose_name_plural = _("lượt điểm danh bị từ chối")
        ordering = ["-at"]

    def __str__(self):
        return self.reason


class CongressDocument(models.Model):
    """A document of the congress: a published version of a term report, or an uploaded file."""

    congress = models.ForeignKey(Congress, on_delete=models.PROTECT, related_name="documents")
    title = models.CharField(_("tên tài liệu"), max_length=255)
    description = models.CharField(_("ghi chú"), max_length=500, blank=True)
    report_version = models.ForeignKey(
        "reports.ReportVersion",
        verbose_name=_("phiên bản báo cáo"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    file = models.FileField(_("tệp"), upload_to="congress/documents/", blank=True)
    position = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    comments_open = models.BooleanField(_("đang lấy ý kiến góp ý"), default=False)
    comments_close_at = models.DateTimeField(
        _("hạn góp ý"),
        null=True,
        blank=True,
        help_text=_("Để trống nếu chưa định hạn; văn phòng tự đóng khi xong."),
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người đăng"),
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("đăng lúc"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("tài liệu Đại hội")
        verbose_name_plural = _("tài liệu Đại hội")
        ordering = ["congress", "position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(report_version__isnull=False, file="")
                | Q(report_version__isnull=True) & ~Q(file=""),
                name="congress_document_one_source",
            ),
            models.UniqueConstraint(
                fields=["congress", "report_version"],
                condition=Q(report_version__isnull=False),
                name="congress_document_version_once",
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def is_report_version(self):
        return self.report_version_id is not None

    def accepts_comments_at(self, moment):
        return self.comments_open and (self.comments_close_at is None or moment < self.comments_close_at)

    def paragraphs(self):
        """(id, text) of each paragraph a delegate may comment on, in the document's order."""
        if not self.is_report_version:
            return []
        return [
            (block["id"], "".join(run["text"] for run in block["runs"]))
            for block in self.report_version.content["blocks"]
            if block["type"] == "paragraph"
        ]

    def paragraph_places(self):
        """{paragraph id: its section's number and title and its place in it}, for showing where a comment goes."""
        from reports.document import paragraph_places  # the composer, loaded only when a place is asked for

        if not self.is_report_version:
            return {}
        return paragraph_places(self.report_version.content["blocks"])


class CommentDecision(models.TextChoices):
    PENDING = "pending", _("Chưa xem xét")
    TAKEN = "taken", _("Tiếp thu vào dự thảo sau")
    NOT_TAKEN = "not_taken", _("Không tiếp thu")


class Comment(models.Model):
    """A delegate's comment on a paragraph of a draft (or on the document as a whole: no paragraph)."""

    document = models.ForeignKey(CongressDocument, on_delete=models.PROTECT, related_name="comments")
    delegate = models.ForeignKey(
        Delegate, verbose_name=_("đại biểu"), on_delete=models.PROTECT, related_name="comments"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("tài khoản gửi"), on_delete=models.PROTECT, related_name="+"
    )
    paragraph = models.CharField(_("đoạn"), max_length=60, blank=True)
    text = models.TextField(_("nội dung góp ý"))
    created_at = models.DateTimeField(_("gửi lúc"), auto_now_add=True)
    decision = models.CharField(
        _("xử lý"), max_length=10, choices=CommentDecision.choices, default=CommentDecision.PENDING
    )
    decision_note = models.CharField(_("ghi chú xử lý"), max_length=500, blank=True)
    decided_at = models.DateTimeField(_("xử lý lúc"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người xử lý"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("góp ý")
        verbose_name_plural = _("góp ý")
        ordering = ["document", "created_at", "id"]
        indexes = [models.Index(fields=["document", "paragraph"], name="comment_document_paragraph_idx")]

    def __str__(self):
        return self.text[:80]

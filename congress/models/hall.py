"""The congress hall on the day: the programme, the presiding board and secretaries, the speakers, and the
motions the delegates vote on from their phones.

A motion's count lives on the motion itself (`yes`, `no`, `abstain`), raised in the same transaction that
records who voted. An open (named) vote also keeps each delegate's choice on their `MotionVote`; a secret vote
keeps only that the delegate voted, never what: nothing stored links a delegate to a secret choice.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from congress.models.congress import Congress, MajorityBase
from congress.models.delegates import CongressDocument, Delegate

__all__ = [
    "AgendaItem",
    "AgendaStatus",
    "Choice",
    "HallOfficer",
    "HallBody",
    "Motion",
    "MotionStatus",
    "MotionVote",
    "SpeakerKind",
    "SpeakerStatus",
    "SpeakerRequest",
]


class AgendaStatus(models.TextChoices):
    PLANNED = "planned", _("Chưa đến")
    CURRENT = "current", _("Đang diễn ra")
    DONE = "done", _("Đã xong")


class AgendaItem(models.Model):
    """One item of the congress's programme (chương trình Đại hội), in the order it is taken."""

    congress = models.ForeignKey(Congress, on_delete=models.PROTECT, related_name="agenda")
    position = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    title = models.CharField(_("nội dung"), max_length=255)
    presenter = models.CharField(_("người trình bày / điều hành"), max_length=255, blank=True)
    day = models.DateField(_("ngày"), null=True, blank=True, help_text=_("Để trống nếu là ngày Đại hội."))
    starts_at = models.TimeField(_("bắt đầu"), null=True, blank=True)
    ends_at = models.TimeField(_("kết thúc"), null=True, blank=True)
    speaking_minutes = models.PositiveSmallIntegerField(
        _("số phút cho mỗi người phát biểu"), default=5, help_text=_("0 là không giới hạn.")
    )
    speakers_closed = models.BooleanField(_("đã khoá danh sách phát biểu"), default=False)
    status = models.CharField(
        _("tình trạng"), max_length=10, choices=AgendaStatus.choices, default=AgendaStatus.PLANNED
    )
    started_at = models.DateTimeField(_("bắt đầu lúc"), null=True, blank=True)
    ended_at = models.DateTimeField(_("kết thúc lúc"), null=True, blank=True)
    documents = models.ManyToManyField(
        CongressDocument, verbose_name=_("tài liệu kèm theo"), blank=True, related_name="agenda_items"
    )

    history = HistoricalRecords(m2m_fields=[documents])

    class Meta:
        verbose_name = _("mục chương trình")
        verbose_name_plural = _("chương trình Đại hội")
        ordering = ["congress", "position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["congress"], condition=Q(status="current"), name="agenda_one_current_item"
            ),
            models.CheckConstraint(
                condition=Q(starts_at__isnull=True)
                | Q(ends_at__isnull=True)
                | Q(ends_at__gte=models.F("starts_at")),
                name="agenda_item_ends_after_it_starts",
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def date(self):
        return self.day or self.congress.date

    @property
    def is_current(self):
        return self.status == AgendaStatus.CURRENT


class HallBody(models.TextChoices):
    PRESIDIUM = "presidium", _("Đoàn Chủ tịch")
    SECRETARIES = "secretaries", _("Đoàn Thư ký")


class HallOfficer(models.Model):
    """A delegate on the presiding board (Đoàn Chủ tịch) or the congress's secretaries (Đoàn Thư ký).

    Members of the presiding board run the hall from their own accounts: the current item, the speakers, votes.
    """

    congress = models.ForeignKey(Congress, on_delete=models.PROTECT, related_name="hall_officers")
    delegate = models.ForeignKey(
        Delegate, verbose_name=_("đại biểu"), on_delete=models.PROTECT, related_name="hall_seats"
    )
    body = models.CharField(_("thuộc"), max_length=12, choices=HallBody.choices)
    role = models.CharField(
        _("nhiệm vụ"), max_length=100, blank=True, help_text=_("Ví dụ: Chủ trì, Trưởng đoàn.")
    )
    position = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("thành viên Đoàn Chủ tịch / Đoàn Thư ký")
        verbose_name_plural = _("Đoàn Chủ tịch và Đoàn Thư ký")
        ordering = ["congress", "body", "position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["congress", "delegate", "body"], name="hall_officer_once_per_body"
            ),
        ]

    def __str__(self):
        return f"{self.get_body_display()}: {self.delegate}"


class SpeakerKind(models.TextChoices):
    SPEECH = "speech", _("Phát biểu")
    CONTRIBUTION = "contribution", _("Tham luận")


class SpeakerStatus(models.TextChoices):
    REQUESTED = "requested", _("Xin phát biểu")
    LISTED = "listed", _("Trong danh sách")
    SPEAKING = "speaking", _("Đang phát biểu")
    DONE = "done", _("Đã phát biểu")
    WITHDRAWN = "withdrawn", _("Đã rút")
    DECLINED = "declined", _("Không xếp lượt")


# A request still in play: the delegate may not ask again on the same item while one of these stands.
OPEN_SPEAKER_STATUSES = [SpeakerStatus.REQUESTED, SpeakerStatus.LISTED, SpeakerStatus.SPEAKING]


class SpeakerRequest(models.Model):
    """A delegate's wish to speak on an item, or a written contribution (tham luận) registered for it."""

    item = models.ForeignKey(AgendaItem, on_delete=models.PROTECT, related_name="speakers")
    delegate = models.ForeignKey(
        Delegate, verbose_name=_("đại biểu"), on_delete=models.PROTECT, related_name="speaker_requests"
    )
    kind = models.CharField(
        _("hình thức"), max_length=12, choices=SpeakerKind.choices, default=SpeakerKind.SPEECH
    )
    topic = models.CharField(_("vấn đề phát biểu"), max_length=255, blank=True)
    file = models.FileField(_("bài tham luận"), upload_to="congress/contributions/", blank=True)
    status = models.CharField(
        _("tình trạng"), max_length=10, choices=SpeakerStatus.choices, default=SpeakerStatus.REQUESTED
    )
    position = models.PositiveIntegerField(_("lượt"), null=True, blank=True)
    requested_at = models.DateTimeField(_("đăng ký lúc"), auto_now_add=True)
    started_at = models.DateTimeField(_("bắt đầu nói lúc"), null=True, blank=True)
    ended_at = models.DateTimeField(_("dừng lúc"), null=True, blank=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người đăng ký"),
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("lượt phát biểu")
        verbose_name_plural = _("phát biểu và tham luận")
        ordering = ["item", "position", "requested_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["item", "delegate", "kind"],
                condition=Q(status__in=["requested", "listed", "speaking"]),
                name="speaker_one_open_request_per_item",
            ),
            models.UniqueConstraint(
                fields=["item"], condition=Q(status="speaking"), name="speaker_one_at_a_time_per_item"
            ),
        ]

    def __str__(self):
        return f"{self.delegate} – {self.item}"

    @property
    def seconds_spoken(self):
        if self.started_at is None or self.ended_at is None:
            return None
        return int((self.ended_at - self.started_at).total_seconds())


class MotionStatus(models.TextChoices):
    DRAFT = "draft", _("Chưa mở")
    OPEN = "open", _("Đang biểu quyết")
    CLOSED = "closed", _("Đã kết thúc")
    CANCELLED = "cancelled", _("Đã huỷ")


class Choice(models.TextChoices):
    YES = "yes", _("Tán thành")
    NO = "no", _("Không tán thành")
    ABSTAIN = "abstain", _("Không biểu quyết")


class Motion(models.Model):
    """A question the congress decides by show of phones: adopting the agenda, the rules, a report, the resolution.

    The numbers the result is read against (delegates summoned and present, the quorum, the majority base) are
    written on the motion when it closes, so the result can be shown and printed as it stood.
    """

    congress = models.ForeignKey(Congress, on_delete=models.PROTECT, related_name="motions")
    item = models.ForeignKey(
        AgendaItem,
        verbose_name=_("mục chương trình"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="motions",
    )
    title = models.CharField(_("nội dung biểu quyết"), max_length=255)
    secret = models.BooleanField(
        _("biểu quyết kín"), default=False, help_text=_("Không ghi ai chọn gì; chỉ ghi ai đã biểu quyết.")
    )
    status = models.CharField(
        _("tình trạng"), max_length=10, choices=MotionStatus.choices, default=MotionStatus.DRAFT
    )
    position = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    majority_base = models.CharField(
        _("căn cứ tính quá bán"), max_length=20, choices=MajorityBase.choices, blank=True
    )
    yes = models.PositiveIntegerField(_("tán thành"), default=0)
    no = models.PositiveIntegerField(_("không tán thành"), default=0)
    abstain = models.PositiveIntegerField(_("không biểu quyết"), default=0)
    summoned = models.PositiveIntegerField(_("số đại biểu triệu tập"), null=True, blank=True)
    present = models.PositiveIntegerField(_("số đại biểu có mặt"), null=True, blank=True)
    needed = models.PositiveIntegerField(_("số có mặt tối thiểu"), null=True, blank=True)
    base = models.PositiveIntegerField(_("số để tính quá bán"), null=True, blank=True)
    passed = models.BooleanField(_("được thông qua"), null=True, blank=True)
    opened_at = models.DateTimeField(_("mở lúc"), null=True, blank=True)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người mở"),
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
    )
    closed_at = models.DateTimeField(_("kết thúc lúc"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người kết thúc"),
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
    )

    # Saved only when the motion is created, edited, opened, closed or cancelled: never while votes come in,
    # so the history holds no count that moved with one delegate's vote.
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("biểu quyết")
        verbose_name_plural = _("biểu quyết")
        ordering = ["congress", "position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["congress"], condition=Q(status="open"), name="motion_one_open_at_a_time"
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def is_open(self):
        return self.status == MotionStatus.OPEN

    @property
    def is_closed(self):
        return self.status == MotionStatus.CLOSED

    @property
    def cast(self):
        return self.yes + self.no + self.abstain

    @property
    def quorate(self):
        """Whether enough delegates were present when the vote closed."""
        return self.present is not None and self.needed is not None and self.present >= self.needed


class MotionVote(models.Model):
    """That a delegate voted on a motion (once: the constraint holds it), and on an open vote, how."""

    motion = models.ForeignKey(Motion, on_delete=models.PROTECT, related_name="votes")
    delegate = models.ForeignKey(
        Delegate, verbose_name=_("đại biểu"), on_delete=models.PROTECT, related_name="+"
    )
    # Empty on a secret vote: the choice went into the motion's count and nowhere else.
    choice = models.CharField(_("lựa chọn"), max_length=10, choices=Choice.choices, blank=True)
    cast_at = models.DateTimeField(_("lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("lượt biểu quyết")
        verbose_name_plural = _("lượt biểu quyết")
        ordering = ["motion", "cast_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["motion", "delegate"], name="motion_vote_once_per_delegate"),
        ]

    def __str__(self):
        return f"{self.delegate} – {self.motion}"

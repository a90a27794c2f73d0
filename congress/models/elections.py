"""Elections at the congress: seats, candidates, ballots entered twice, results, and the resolution.

An election fills seats on one of the federation's bodies for the term the congress opens. Its ballots are
entered twice, independently (`Ballot.entry` 1 and 2); the count is read only from entries that agree
(see congress/counting.py). Confirming the result freezes it (`Election.result`) and turns it into
mandates; after that a change is a `Correction`, never an edit.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from congress.models.congress import Congress
from members.models import Body, Mandate, Person, Role, StartMethod

__all__ = [
    "Ballot",
    "Candidate",
    "Correction",
    "Election",
    "ElectionStatus",
    "Entry",
    "Resolution",
    "TieDecision",
]


class ElectionStatus(models.TextChoices):
    OPEN = "open", _("Đang chuẩn bị, kiểm phiếu")
    CONFIRMED = "confirmed", _("Đã xác nhận kết quả")


class Entry(models.IntegerChoices):
    """The two independent entries of the same paper ballots."""

    FIRST = 1, _("Lượt nhập 1")
    SECOND = 2, _("Lượt nhập 2")


class Election(models.Model):
    """One vote of the congress (or of the new executive committee's first session) filling seats on a body."""

    congress = models.ForeignKey(
        Congress, verbose_name=_("Đại hội"), on_delete=models.PROTECT, related_name="elections"
    )
    runoff_of = models.ForeignKey(
        "self",
        verbose_name=_("bầu lại của cuộc bầu"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="runoffs",
        help_text=_("Cuộc bầu lại giữa những người bằng phiếu ở ghế cuối của một cuộc bầu trước."),
    )
    title = models.CharField(_("tên cuộc bầu"), max_length=255)
    body = models.CharField(_("cơ quan"), max_length=20, choices=Body.choices)
    role = models.CharField(_("chức danh"), max_length=20, choices=Role.choices, default=Role.MEMBER)
    start_method = models.CharField(_("hình thức"), max_length=20, choices=StartMethod.choices)
    seats = models.PositiveSmallIntegerField(_("số người được bầu"))
    held_on = models.DateField(
        _("ngày bầu"),
        help_text=_(
            "Ngày Đại hội với bầu cử tại Đại hội; ngày phiên họp với bầu cử tại phiên họp Ban Chấp hành."
        ),
    )
    ballots_issued = models.PositiveIntegerField(_("số phiếu phát ra"), null=True, blank=True)
    electors_present = models.PositiveIntegerField(
        _("số uỷ viên Ban Chấp hành có mặt"),
        null=True,
        blank=True,
        help_text=_("Chỉ dùng cho bầu cử tại phiên họp Ban Chấp hành, khi quá bán tính trên số có mặt."),
    )
    status = models.CharField(
        _("trạng thái"), max_length=20, choices=ElectionStatus.choices, default=ElectionStatus.OPEN
    )
    confirmed_at = models.DateTimeField(_("xác nhận lúc"), null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người xác nhận"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # The count as confirmed (counting.Result.as_dict()): what the minutes say, whatever changes later.
    result = models.JSONField(_("kết quả đã xác nhận"), null=True, blank=True, editable=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("cuộc bầu cử")
        verbose_name_plural = _("cuộc bầu cử")
        ordering = ["congress", "held_on", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(seats__gte=1), name="election_has_seats"),
            models.CheckConstraint(
                condition=Q(status="open", confirmed_at__isnull=True)
                | Q(status="confirmed", confirmed_at__isnull=False),
                name="election_confirmed_with_result",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("congress:election", args=[self.pk])

    @property
    def is_confirmed(self):
        return self.status == ElectionStatus.CONFIRMED

    @property
    def is_runoff(self):
        return self.runoff_of_id is not None

    @property
    def requires_majority(self):
        """Those tied at the last seat already passed the majority; their runoff only ranks them."""
        return not self.is_runoff

    @property
    def by_congress(self):
        return self.start_method == StartMethod.CONGRESS

    @property
    def seat_label(self):
        """What the seat is called: "Uỷ viên Ban Chấp hành", "Chủ tịch", "Trưởng Ban Kiểm tra"."""
        if self.role == Role.MEMBER:
            return _("%(role)s %(body)s") % {"role": Role.MEMBER.label, "body": self.get_body_display()}
        if self.body == Body.INSPECTION:
            return _("%(role)s %(body)s") % {"role": self.get_role_display(), "body": Body.INSPECTION.label}
        return self.get_role_display()


class Candidate(models.Model):
    """A person on an election's list, numbered in Vietnamese alphabetical order as the ballot prints them."""

    election = models.ForeignKey(Election, on_delete=models.PROTECT, related_name="candidates")
    person = models.ForeignKey(
        Person, verbose_name=_("người"), on_delete=models.PROTECT, related_name="candidacies"
    )
    number = models.PositiveSmallIntegerField(_("số thứ tự trên phiếu"))
    # Set when the result is confirmed, and by corrections: the seat this candidacy gave the person.
    mandate = models.OneToOneField(
        Mandate,
        verbose_name=_("chức danh được bầu"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="candidacy",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("người ứng cử")
        verbose_name_plural = _("danh sách bầu cử")
        ordering = ["election", "number"]
        constraints = [
            models.UniqueConstraint(fields=["election", "person"], name="candidate_once_per_election"),
            models.UniqueConstraint(fields=["election", "number"], name="candidate_unique_number"),
        ]

    def __str__(self):
        return f"{self.number}. {self.person.full_name}"


class Ballot(models.Model):
    """One paper ballot as one entry typed it: the numbers of the names kept (not crossed out)."""

    election = models.ForeignKey(Election, on_delete=models.PROTECT, related_name="ballots")
    entry = models.PositiveSmallIntegerField(_("lượt nhập"), choices=Entry.choices)
    number = models.PositiveIntegerField(_("số phiếu"))
    kept = models.JSONField(_("số thứ tự những người được giữ tên"), default=list)
    spoiled = models.BooleanField(_("phiếu hỏng"), default=False)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người nhập"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    entered_at = models.DateTimeField(_("nhập lúc"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("phiếu bầu")
        verbose_name_plural = _("phiếu bầu")
        ordering = ["election", "entry", "number"]
        constraints = [
            models.UniqueConstraint(fields=["election", "entry", "number"], name="ballot_once_per_entry"),
            models.CheckConstraint(condition=Q(entry__in=[1, 2]), name="ballot_entry_one_or_two"),
            models.CheckConstraint(condition=Q(number__gte=1), name="ballot_number_positive"),
        ]

    def __str__(self):
        return f"Phiếu số {self.number} ({self.get_entry_display()})"


class TieDecision(models.Model):
    """The secretariat's record of whom the congress chose among those tied at the last seat."""

    election = models.OneToOneField(Election, on_delete=models.PROTECT, related_name="tie_decision")
    chosen = models.ManyToManyField(Candidate, verbose_name=_("người được chọn"), related_name="+")
    note = models.CharField(
        _("căn cứ"),
        max_length=500,
        help_text=_("Ví dụ: Đại hội biểu quyết giơ tay, 120/142 đại biểu tán thành."),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người ghi"),
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("ghi lúc"), auto_now=True)

    history = HistoricalRecords(m2m_fields=[chosen])

    class Meta:
        verbose_name = _("quyết định khi bằng phiếu")
        verbose_name_plural = _("quyết định khi bằng phiếu")

    def __str__(self):
        return f"{self.election}: {self.note}"


class Correction(models.Model):
    """A recorded act changing who holds the seats of a confirmed election; the confirmed count stays as it was."""

    election = models.ForeignKey(Election, on_delete=models.PROTECT, related_name="corrections")
    reason = models.TextField(_("lý do đính chính"))
    effective_on = models.DateField(_("có hiệu lực từ ngày"))
    withdrawn = models.ManyToManyField(
        Candidate, verbose_name=_("thôi giữ ghế"), blank=True, related_name="withdrawn_by"
    )
    added = models.ManyToManyField(Candidate, verbose_name=_("nhận ghế"), blank=True, related_name="added_by")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người lập"),
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("lập lúc"), auto_now_add=True)

    history = HistoricalRecords(m2m_fields=[withdrawn, added])

    class Meta:
        verbose_name = _("đính chính kết quả bầu cử")
        verbose_name_plural = _("đính chính kết quả bầu cử")
        ordering = ["election", "recorded_at", "id"]

    def __str__(self):
        return f"{self.election}: {self.reason[:60]}"


class Resolution(models.Model):
    """The congress's resolution (nghị quyết); its targets are reports.Target rows of the new term."""

    congress = models.OneToOneField(Congress, on_delete=models.PROTECT, related_name="resolution")
    adopted_on = models.DateField(_("ngày thông qua"))
    summary = models.TextField(_("nội dung chính"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("nghị quyết Đại hội")
        verbose_name_plural = _("nghị quyết Đại hội")

    def __str__(self):
        return f"Nghị quyết {self.congress}"

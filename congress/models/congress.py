from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from members.models import Association, Term


class QuorumRule(models.TextChoices):
    MORE_THAN_HALF = "more_than_half", _("Quá một nửa số đại biểu được triệu tập")
    TWO_THIRDS = "two_thirds", _("Ít nhất hai phần ba số đại biểu được triệu tập")


class MajorityBase(models.TextChoices):
    """What "more than half" is counted against when deciding who is elected."""

    VALID_BALLOTS = "valid_ballots", _("Tổng số phiếu hợp lệ")
    SUMMONED = "summoned", _("Tổng số đại biểu được triệu tập")
    PRESENT = "present", _("Tổng số đại biểu có mặt")


class TieRule(models.TextChoices):
    RUNOFF = "runoff", _("Bầu lại giữa những người bằng phiếu")
    OLDER_FIRST = "older_first", _("Ưu tiên người nhiều tuổi hơn")
    CONGRESS_DECIDES = "congress_decides", _("Đại hội biểu quyết")


class Congress(models.Model):
    """The delegates' congress that closes one term and opens the next; its date is the term's congress_date."""

    term = models.OneToOneField(
        Term, verbose_name=_("nhiệm kỳ mở ra"), on_delete=models.PROTECT, related_name="congress"
    )
    venue = models.CharField(_("địa điểm"), max_length=255, blank=True)
    quorum_rule = models.CharField(
        _("điều kiện hợp lệ của Đại hội"),
        max_length=20,
        choices=QuorumRule.choices,
        default=QuorumRule.MORE_THAN_HALF,
    )
    majority_base = models.CharField(
        _("căn cứ tính quá bán"),
        max_length=20,
        choices=MajorityBase.choices,
        default=MajorityBase.VALID_BALLOTS,
    )
    tie_rule = models.CharField(
        _("khi bằng phiếu ở ghế cuối"), max_length=20, choices=TieRule.choices, default=TieRule.RUNOFF
    )
    # How many delegates each association elects: one for every `members_per_delegate` members on its
    # roster on the congress date (counted up), and never fewer than `minimum_delegates`.
    members_per_delegate = models.PositiveSmallIntegerField(
        _("số hội viên cho một đại biểu"),
        default=50,
        help_text=_("Cứ chừng này hội viên (hoặc phần lẻ) thì hội được bầu một đại biểu."),
    )
    minimum_delegates = models.PositiveSmallIntegerField(_("số đại biểu tối thiểu của một hội"), default=1)
    credentials_head = models.CharField(
        _("Trưởng Ban Thẩm tra tư cách đại biểu"),
        max_length=100,
        blank=True,
        help_text=_("Người ký báo cáo thẩm tra tư cách đại biểu."),
    )

    # The address of the hall's projector screen: shown without signing in, so it is a secret the secretariat
    # can replace (the old screens then stop). Empty until the secretariat makes one.
    screen_token = models.CharField(_("mã màn hình hội trường"), max_length=40, blank=True, editable=False)

    history = HistoricalRecords(excluded_fields=["screen_token"])

    class Meta:
        verbose_name = _("Đại hội")
        verbose_name_plural = _("Đại hội")
        ordering = ["term__ordinal"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(members_per_delegate__gte=1), name="congress_members_per_delegate_positive"
            ),
            models.UniqueConstraint(
                fields=["screen_token"],
                condition=~models.Q(screen_token=""),
                name="congress_screen_token_unique",
            ),
        ]

    def __str__(self):
        return _("Đại hội lần thứ %(roman)s, nhiệm kỳ %(years)s") % {
            "roman": self.term.roman,
            "years": self.term.years,
        }

    @property
    def date(self):
        return self.term.congress_date

    @property
    def title(self):
        """ "Đại hội đại biểu Liên hiệp hội lần thứ V, nhiệm kỳ 2024–2029", as documents name it (en dash)."""
        return _("Đại hội đại biểu lần thứ %(roman)s, nhiệm kỳ %(years)s") % {
            "roman": self.term.roman,
            "years": self.term.years,
        }

    def associations(self):
        """The member associations of this congress: those active on its date, not the ones merged or closed
        before it. Quotas, delegations and the forms that pick a delegation list these."""
        return Association.objects.filter(federation_id=self.term.federation_id).active_on(self.date)

    def quota_for(self, members):
        """The seats an association with this many members elects."""
        return max(self.minimum_delegates, -(-members // self.members_per_delegate))

    @property
    def outgoing_term(self):
        return Term.objects.filter(
            federation_id=self.term.federation_id, ordinal=self.term.ordinal - 1
        ).first()

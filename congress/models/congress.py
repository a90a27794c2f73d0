from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from members.models import Term


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

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Đại hội")
        verbose_name_plural = _("Đại hội")
        ordering = ["term__ordinal"]

    def __str__(self):
        return f"Đại hội lần thứ {self.term.roman}, nhiệm kỳ {self.term.start_year}-{self.term.end_year}"

    @property
    def date(self):
        return self.term.congress_date

    @property
    def outgoing_term(self):
        return Term.objects.filter(
            federation_id=self.term.federation_id, ordinal=self.term.ordinal - 1
        ).first()

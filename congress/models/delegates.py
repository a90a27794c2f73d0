"""Delegates, their credentials and check-in, congress documents and comments."""

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from congress.models.congress import Congress
from members.models import Association, Person

__all__ = ["CheckIn", "Delegate", "DelegateKind"]


class DelegateKind(models.TextChoices):
    ELECTED = "elected", _("Đại biểu chính thức do hội bầu")
    EX_OFFICIO = "ex_officio", _("Đại biểu đương nhiên")
    APPOINTED = "appointed", _("Đại biểu chỉ định")
    GUEST = "guest", _("Khách mời")


def new_token():
    return secrets.token_urlsafe(24)


class DelegateQuerySet(models.QuerySet):
    def counted(self):
        """Delegates who count for the quorum and the majority: not guests, not revoked."""
        return self.exclude(kind=DelegateKind.GUEST).filter(revoked_at__isnull=True)


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
    revoked_at = models.DateTimeField(_("thu hồi lúc"), null=True, blank=True)
    revoked_reason = models.CharField(_("lý do thu hồi"), max_length=255, blank=True)

    history = HistoricalRecords()
    objects = DelegateQuerySet.as_manager()

    class Meta:
        verbose_name = _("đại biểu")
        verbose_name_plural = _("đại biểu")
        constraints = [
            models.UniqueConstraint(fields=["congress", "person"], name="delegate_once_per_congress")
        ]

    def __str__(self):
        return self.person.full_name

    @property
    def is_counted(self):
        return self.kind != DelegateKind.GUEST and self.revoked_at is None


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

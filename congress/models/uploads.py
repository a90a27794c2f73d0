"""Sheets uploaded to change a congress's records: a delegate list, or one entry of an election's ballots."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from congress.models.congress import Congress
from members.models import StagedUpload, staged_upload_path

__all__ = ["SheetImport", "SheetKind"]


class SheetKind(models.TextChoices):
    DELEGATES = "delegates", _("Danh sách đại biểu")
    BALLOTS = "ballots", _("Phiếu bầu")


class SheetImport(StagedUpload):
    """A delegate list or a sheet of ballots, kept with its preview until confirmed (see StagedUpload)."""

    congress = models.ForeignKey(
        Congress, verbose_name=_("Đại hội"), on_delete=models.PROTECT, related_name="sheet_imports"
    )
    kind = models.CharField(_("loại tệp"), max_length=20, choices=SheetKind.choices)
    election = models.ForeignKey(
        "congress.Election",
        verbose_name=_("cuộc bầu"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="sheet_imports",
    )
    entry = models.PositiveSmallIntegerField(_("lượt nhập"), null=True, blank=True)
    replace = models.BooleanField(_("thay toàn bộ lượt nhập"), default=False)
    file = models.FileField(_("tệp"), upload_to=staged_upload_path, max_length=255)

    upload_folder = "congress/imports"

    class Meta:
        verbose_name = _("tệp tải lên của Đại hội")
        verbose_name_plural = _("tệp tải lên của Đại hội")
        ordering = ["-uploaded_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="applied") | Q(applied_at__isnull=False),
                name="sheet_import_applied_with_date",
            ),
            models.CheckConstraint(
                condition=~Q(kind="ballots") | Q(election__isnull=False, entry__in=[1, 2]),
                name="sheet_import_ballots_name_an_entry",
            ),
        ]

    def __str__(self):
        return f"{self.original_name} – {self.get_kind_display()}"

    @property
    def upload_label(self):
        return self.kind

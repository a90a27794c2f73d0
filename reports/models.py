"""The records a term report is written from, the report's editable prose, and its frozen versions.

Organisation figures (associations, members, the committee) are never copied here: they are read from the
members app when the report is composed.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from members.models import Association, Term


class Level(models.TextChoices):
    DISTRICT = "district", _("Cấp huyện")
    PROVINCE = "province", _("Cấp tỉnh")
    NATIONAL = "national", _("Cấp quốc gia")


class ActivityKind(models.TextChoices):
    TRAINING = "training", _("Tập huấn, phổ biến kiến thức")
    ARTICLE = "article", _("Bài viết, tin bài tuyên truyền")
    CAMPAIGN = "campaign", _("Đợt tuyên truyền, sự kiện")
    QUIZ = "quiz", _("Cuộc thi tìm hiểu")
    CONSULTING = "consulting", _("Tư vấn, phản biện, giám định xã hội")
    LIAISON = "liaison", _("Liên kết, phối hợp")
    FRONT = "front", _("Hoạt động cùng Mặt trận Tổ quốc")


class Activity(models.Model):
    """One activity of the term; which numbers matter depends on its kind."""

    term = models.ForeignKey(Term, on_delete=models.PROTECT, related_name="activities")
    kind = models.CharField(_("loại hoạt động"), max_length=20, choices=ActivityKind.choices)
    title = models.CharField(_("nội dung"), max_length=500)
    held_on = models.DateField(_("ngày"))
    participants = models.PositiveIntegerField(_("số người tham gia"), null=True, blank=True)
    quantity = models.PositiveIntegerField(
        _("số lượng"), null=True, blank=True, help_text=_("Số bài viết, số buổi, số sản phẩm…")
    )
    amount = models.PositiveBigIntegerField(_("số tiền (đồng)"), null=True, blank=True)
    partner = models.CharField(_("cơ quan phối hợp, đề nghị"), max_length=255, blank=True)
    outcome = models.CharField(_("kết quả"), max_length=500, blank=True)
    associations = models.ManyToManyField(Association, verbose_name=_("hội tham gia"), blank=True)

    history = HistoricalRecords(m2m_fields=[associations])

    class Meta:
        verbose_name = _("hoạt động")
        verbose_name_plural = _("hoạt động")
        ordering = ["held_on", "id"]
        indexes = [models.Index(fields=["term", "kind"], name="activity_term_kind_idx")]

    def __str__(self):
        return self.title


class Contest(models.Model):
    """A creativity contest the federation ran or took part in during the term."""

    term = models.ForeignKey(Term, on_delete=models.PROTECT, related_name="contests")
    name = models.CharField(_("tên hội thi, cuộc thi"), max_length=255)
    edition = models.CharField(_("lần thứ, năm"), max_length=100, blank=True)
    held_on = models.DateField(_("ngày tổng kết"))
    entries = models.PositiveIntegerField(_("số giải pháp, sản phẩm dự thi"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("hội thi, cuộc thi")
        verbose_name_plural = _("hội thi, cuộc thi")
        ordering = ["held_on", "id"]

    def __str__(self):
        return f"{self.name} {self.edition}".strip()


class Award(models.Model):
    contest = models.ForeignKey(Contest, on_delete=models.CASCADE, related_name="awards")
    level = models.CharField(_("cấp"), max_length=20, choices=Level.choices)
    prize = models.CharField(_("giải"), max_length=50, help_text=_("Ví dụ: Giải Nhất, Giải Khuyến khích"))
    count = models.PositiveIntegerField(_("số giải"), default=1)
    entry_title = models.CharField(_("tên giải pháp, sản phẩm"), max_length=500, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("giải thưởng")
        verbose_name_plural = _("giải thưởng")
        ordering = ["contest", "level", "id"]
        constraints = [models.CheckConstraint(condition=Q(count__gte=1), name="award_count_positive")]

    def __str__(self):
        return f"{self.prize} ({self.get_level_display()})"


class Initiative(models.Model):
    """An S&T project or initiative recognised during the term (đề tài, sáng kiến)."""

    term = models.ForeignKey(Term, on_delete=models.PROTECT, related_name="initiatives")
    title = models.CharField(_("tên đề tài, sáng kiến"), max_length=500)
    authors = models.CharField(_("tác giả"), max_length=500)
    association = models.ForeignKey(
        Association, verbose_name=_("hội"), on_delete=models.PROTECT, null=True, blank=True
    )
    level = models.CharField(_("cấp công nhận"), max_length=20, choices=Level.choices)
    recognised_on = models.DateField(_("ngày công nhận"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("đề tài, sáng kiến")
        verbose_name_plural = _("đề tài, sáng kiến")
        ordering = ["recognised_on", "id"]

    def __str__(self):
        return self.title


class Indicator(models.Model):
    """A district figure the report cites (communes keeping new-rural standards, OCOP products...)."""

    term = models.ForeignKey(Term, on_delete=models.PROTECT, related_name="indicators")
    code = models.SlugField(_("mã"), max_length=60)
    label = models.CharField(_("chỉ số"), max_length=255)
    value = models.DecimalField(_("giá trị"), max_digits=14, decimal_places=2)
    unit = models.CharField(_("đơn vị"), max_length=50, blank=True)
    as_of = models.DateField(_("tính đến ngày"))
    source = models.CharField(_("nguồn"), max_length=255, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("chỉ số của huyện")
        verbose_name_plural = _("chỉ số của huyện")
        ordering = ["term", "code"]
        constraints = [
            models.UniqueConstraint(fields=["term", "code"], name="indicator_unique_code_per_term")
        ]

    def __str__(self):
        return self.label


class Target(models.Model):
    """A target (chỉ tiêu) the congress that opened a term set for it, measured by a named figure."""

    term = models.ForeignKey(Term, on_delete=models.PROTECT, related_name="targets")
    label = models.CharField(_("chỉ tiêu"), max_length=255)
    figure = models.CharField(_("số liệu đối chiếu"), max_length=60)
    target_value = models.DecimalField(_("mục tiêu"), max_digits=14, decimal_places=2)
    unit = models.CharField(_("đơn vị"), max_length=50, blank=True)
    position = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("chỉ tiêu nghị quyết")
        verbose_name_plural = _("chỉ tiêu nghị quyết")
        ordering = ["term", "position", "id"]

    def __str__(self):
        return self.label


class Section(models.TextChoices):
    """The parts of the term report, in the order they appear (see domain.md)."""

    OPENING = "opening", _("Mở đầu")
    ORGANISATION = "organisation", _("1. Công tác xây dựng và củng cố tổ chức")
    COMMUNICATION = "communication", _("2.1.1. Thông tin, tuyên truyền")
    DISSEMINATION = "dissemination", _("2.1.2. Phổ biến kiến thức khoa học, kỹ thuật")
    CONSULTING = "consulting", _("2.2. Tư vấn, phản biện và giám định xã hội")
    CREATIVITY = "creativity", _("2.3. Sáng tạo kỹ thuật, tôn vinh trí thức")
    SCIENCE = "science", _("2.4. Hoạt động khoa học công nghệ, đề tài, dự án")
    LIAISON = "liaison", _("2.5. Liên kết và phối hợp")
    FRONT = "front", _("2.6. Vai trò thành viên Mặt trận Tổ quốc")
    SHORTCOMINGS = "shortcomings", _("II. Tồn tại, hạn chế")
    CLOSING = "closing", _("Kết luận")


class TermReport(models.Model):
    """The executive committee's self-assessment report for one term."""

    term = models.OneToOneField(Term, on_delete=models.PROTECT, related_name="report")
    title = models.CharField(_("tiêu đề"), max_length=255, default="BÁO CÁO")
    subtitle = models.CharField(_("trích yếu"), max_length=500, blank=True)
    signed_for = models.CharField(_("thẩm quyền ký"), max_length=255, default="TM. BAN CHẤP HÀNH")
    signer_role = models.CharField(_("chức vụ người ký"), max_length=100, default="CHỦ TỊCH")
    signer_name = models.CharField(_("người ký"), max_length=100, blank=True)
    dated = models.DateField(_("ngày ban hành"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("báo cáo nhiệm kỳ")
        verbose_name_plural = _("báo cáo nhiệm kỳ")

    def __str__(self):
        return f"{self.title} {self.heading}".strip()

    @property
    def heading(self):
        """The subtitle (trích yếu) as printed: the one entered, or the usual one for the term."""
        if self.subtitle:
            return self.subtitle
        term = self.term
        return f"Kiểm điểm của Ban Chấp hành Liên hiệp hội khoá {term.roman}, nhiệm kỳ {term.years}"


class SectionText(models.Model):
    """The prose the secretariat writes for one section; it may cite figures as {ten_so_lieu}."""

    report = models.ForeignKey(TermReport, on_delete=models.CASCADE, related_name="texts")
    section = models.CharField(_("mục"), max_length=20, choices=Section.choices)
    body = models.TextField(_("nội dung"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("nội dung mục")
        verbose_name_plural = _("nội dung mục")
        constraints = [models.UniqueConstraint(fields=["report", "section"], name="section_text_unique")]

    def __str__(self):
        return self.get_section_display()


class Shortcoming(models.Model):
    report = models.ForeignKey(TermReport, on_delete=models.CASCADE, related_name="shortcomings")
    position = models.PositiveSmallIntegerField(_("thứ tự"))
    text = models.TextField(_("nội dung"))
    figure = models.CharField(_("số liệu liên quan"), max_length=60, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("tồn tại, hạn chế")
        verbose_name_plural = _("tồn tại, hạn chế")
        ordering = ["report", "position", "id"]

    def __str__(self):
        return self.text[:80]


class VersionKind(models.TextChoices):
    DRAFT = "draft", _("Dự thảo")
    OFFICIAL = "official", _("Chính thức")


class ReportVersion(models.Model):
    """A frozen version: its blocks and figures are stored and never recomputed."""

    report = models.ForeignKey(TermReport, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveSmallIntegerField(_("số thứ tự"))
    kind = models.CharField(_("loại"), max_length=10, choices=VersionKind.choices)
    draft_number = models.PositiveSmallIntegerField(_("dự thảo lần"), null=True, blank=True)
    content = models.JSONField(_("nội dung"))
    pdf = models.FileField(_("tệp PDF"), upload_to="reports/versions/")
    pdf_sha256 = models.CharField(_("mã kiểm tra SHA-256"), max_length=64)
    published_at = models.DateTimeField(_("thời điểm ban hành"), auto_now_add=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người ban hành"), on_delete=models.PROTECT, null=True
    )
    note = models.CharField(_("ghi chú"), max_length=255, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("phiên bản báo cáo")
        verbose_name_plural = _("phiên bản báo cáo")
        ordering = ["report", "number"]
        constraints = [
            models.UniqueConstraint(fields=["report", "number"], name="report_version_unique_number"),
            models.UniqueConstraint(
                fields=["report"], condition=Q(kind="official"), name="report_one_official_version"
            ),
        ]

    def __str__(self):
        return self.label

    @property
    def label(self):
        if self.kind == VersionKind.OFFICIAL:
            return "Chính thức"
        return f"Dự thảo lần {self.draft_number}"

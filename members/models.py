"""The federation, its terms, its member associations, the people on their rosters and the seats they hold.

Nothing here is ever hard-deleted: memberships and mandates end with a date and a reason, associations
close with a date, so every question can be asked "as of" any day.
"""

from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from members import text
from members.dates import PartialDate, Precision


def roman(number):
    numerals = [(10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]
    result = ""
    for value, numeral in numerals:
        while number >= value:
            result += numeral
            number -= value
    return result


def active_on_q(date, start="started_on", end="ended_on", prefix=""):
    """Rows whose [start, end) interval covers the date; an open end means still running."""
    return Q(**{f"{prefix}{start}__lte": date}) & (
        Q(**{f"{prefix}{end}__isnull": True}) | Q(**{f"{prefix}{end}__gt": date})
    )


class Federation(models.Model):
    name = models.CharField(_("tên"), max_length=255)
    short_name = models.CharField(_("tên gọi tắt"), max_length=100, unique=True)
    document_name = models.CharField(
        _("tên trên văn bản"),
        max_length=255,
        blank=True,
        help_text=_(
            "Tên viết ở góc trái văn bản, ví dụ: Liên hiệp các hội KH&KT huyện Hương Sơn. Để trống thì dùng tên đầy đủ."
        ),
    )
    parent_body = models.CharField(_("cơ quan cấp trên"), max_length=255)
    locality = models.CharField(
        _("địa danh"), max_length=100, help_text=_("Dùng trong dòng địa danh, ngày tháng của văn bản.")
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Liên hiệp hội")
        verbose_name_plural = _("Liên hiệp hội")

    def __str__(self):
        return self.name

    @property
    def name_on_documents(self):
        return self.document_name or self.name


class TermQuerySet(models.QuerySet):
    def current_on(self, date):
        return self.filter(congress_date__lte=date).order_by("-ordinal").first()


class Term(models.Model):
    """A term (nhiệm kỳ) runs from the congress that opens it to the next congress."""

    federation = models.ForeignKey(
        Federation, verbose_name=_("Liên hiệp hội"), on_delete=models.PROTECT, related_name="terms"
    )
    ordinal = models.PositiveSmallIntegerField(_("khoá"))
    start_year = models.PositiveSmallIntegerField(_("năm bắt đầu"))
    end_year = models.PositiveSmallIntegerField(_("năm kết thúc"))
    congress_date = models.DateField(_("ngày Đại hội mở nhiệm kỳ"))

    history = HistoricalRecords()
    objects = TermQuerySet.as_manager()

    class Meta:
        verbose_name = _("nhiệm kỳ")
        verbose_name_plural = _("nhiệm kỳ")
        ordering = ["ordinal"]
        constraints = [
            models.UniqueConstraint(fields=["federation", "ordinal"], name="term_unique_ordinal"),
            models.CheckConstraint(
                condition=Q(end_year__gt=models.F("start_year")), name="term_years_in_order"
            ),
        ]

    def __str__(self):
        return _("Khoá %(roman)s, nhiệm kỳ %(years)s") % {"roman": self.roman, "years": self.years}

    @property
    def roman(self):
        return roman(self.ordinal)

    @property
    def years(self):
        return f"{self.start_year}–{self.end_year}"

    @property
    def next_term(self):
        return Term.objects.filter(federation_id=self.federation_id, ordinal=self.ordinal + 1).first()

    def ends_on(self):
        """The day the next congress opens the next term, or None while none is set."""
        following = self.next_term
        return following.congress_date if following else None


class Block(models.TextChoices):
    AGENCIES = "agencies", _("Khối cơ quan, doanh nghiệp, trường học")
    COMMUNES = "communes", _("Khối xã, thị trấn")


class ClosedReason(models.TextChoices):
    MERGED = "merged", _("Sáp nhập vào hội khác")
    DISSOLVED = "dissolved", _("Giải thể")


class AssociationQuerySet(models.QuerySet):
    def active_on(self, date):
        return self.filter(active_on_q(date, start="established_on", end="closed_on"))

    def count_by_block(self, date):
        counts = dict.fromkeys(Block.values, 0)
        rows = self.active_on(date).values("block").annotate(n=models.Count("id")).order_by()
        for row in rows:
            counts[row["block"]] = row["n"]
        return counts


class Association(models.Model):
    federation = models.ForeignKey(
        Federation, verbose_name=_("Liên hiệp hội"), on_delete=models.PROTECT, related_name="associations"
    )
    code = models.SlugField(_("mã hội"), max_length=30, unique=True)
    name = models.CharField(_("tên hội"), max_length=255)
    block = models.CharField(_("khối"), max_length=20, choices=Block.choices)
    commune = models.CharField(_("xã, thị trấn"), max_length=100, blank=True)
    established_on = models.DateField(_("ngày thành lập"))
    closed_on = models.DateField(_("ngày thôi hoạt động"), null=True, blank=True)
    closed_reason = models.CharField(_("lý do"), max_length=20, choices=ClosedReason.choices, blank=True)
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("sáp nhập vào"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="merged_from",
    )
    sort_key = models.CharField(max_length=255, editable=False, db_index=True)
    search_name = models.CharField(max_length=255, editable=False)

    history = HistoricalRecords()
    objects = AssociationQuerySet.as_manager()

    class Meta:
        verbose_name = _("hội thành viên")
        verbose_name_plural = _("hội thành viên")
        ordering = ["block", "sort_key"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True) | Q(closed_on__gt=models.F("established_on")),
                name="association_closes_after_established",
            ),
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True, closed_reason="")
                | Q(closed_on__isnull=False) & ~Q(closed_reason=""),
                name="association_closed_with_reason",
            ),
            models.CheckConstraint(
                condition=Q(merged_into__isnull=True) | Q(closed_reason="merged"),
                name="association_merged_into_only_when_merged",
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.name = text.clean(self.name)
        self.commune = text.clean(self.commune)
        self.sort_key = text.sort_key(self.name)
        self.search_name = text.fold(f"{self.name} {self.code} {self.commune}")
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("members:association", args=[self.pk])

    def is_active_on(self, date):
        return self.established_on <= date and (self.closed_on is None or self.closed_on > date)


class Gender(models.TextChoices):
    MALE = "M", _("Nam")
    FEMALE = "F", _("Nữ")


class AcademicTitle(models.TextChoices):
    NONE = "", _("Không")
    PROFESSOR = "GS", _("Giáo sư (GS)")
    ASSOCIATE_PROFESSOR = "PGS", _("Phó Giáo sư (PGS)")


class Degree(models.TextChoices):
    """Highest degree; the first four are the ones the credential report counts."""

    NONE = "", _("Chưa qua đào tạo")
    DOCTOR_OF_SCIENCE = "TSKH", _("Tiến sĩ khoa học (TSKH)")
    DOCTOR = "TS", _("Tiến sĩ (TS)")
    MASTER = "ThS", _("Thạc sĩ (ThS)")
    SPECIALIST = "CK", _("Bác sĩ chuyên khoa (CKI, CKII)")
    BACHELOR = "DH", _("Đại học")
    COLLEGE = "CD", _("Cao đẳng")
    VOCATIONAL = "TC", _("Trung cấp")


class PoliticalTheory(models.TextChoices):
    NONE = "", _("Chưa qua đào tạo")
    ELEMENTARY = "SC", _("Sơ cấp")
    INTERMEDIATE = "TC", _("Trung cấp")
    ADVANCED = "CC", _("Cao cấp, cử nhân")


class PersonQuerySet(models.QuerySet):
    def search(self, query):
        """Diacritic- and case-insensitive: 'nguyen kieu hung' and 'Nguyễn Kiều Hưng' find the same person."""
        words = text.fold(query).split()
        qs = self
        for word in words:
            qs = qs.filter(search_name__contains=word)
        return qs

    def namesakes(self, keys):
        """Who each (name, birth) of `keys` may be, in one query: {key: [people]}, oldest record first.

        `name` is a folded full name (`text.fold`), `birth` a PartialDate, a date or None. A person matches
        a key with the same folded name whose birth date agrees with it as far as the less precise of the
        two is known (1968 matches 15/03/1968 and 03/1968; 03/1968 does not match 04/1968). A key without
        a birth date matches only those without one; callers that want the name alone ask with the name.
        """
        births = {key: PartialDate.coerce(key[1]) for key in keys}
        names = {name for name, _birth in births}
        years = {birth.year for birth in births.values() if birth is not None}
        if not names:
            return {}
        same_birth = Q(birth_date__year__in=years) if years else Q(pk__in=[])
        if None in births.values():
            same_birth |= Q(birth_date__isnull=True)
        by_name = {}
        for person in self.filter(same_birth, search_name__in=names).order_by("id"):
            by_name.setdefault(person.search_name, []).append(person)
        found = {}
        for key, birth in births.items():
            name = key[0]
            found[key] = [
                person
                for person in by_name.get(name, [])
                if (person.birth is None if birth is None else birth.agrees_with(person.birth))
            ]
        return found

    def members_on(self, date):
        """Distinct people with an open membership of an active association on the date."""
        return self.filter(
            id__in=Membership.objects.active_on(date).values("person_id"),
        )


class Person(models.Model):
    family_name = models.CharField(_("họ"), max_length=50)
    middle_name = models.CharField(_("tên đệm"), max_length=100, blank=True)
    given_name = models.CharField(_("tên"), max_length=50)
    gender = models.CharField(_("giới tính"), max_length=1, choices=Gender.choices)
    # The first day of what is known of the birth date (1968 → 01/01/1968); `birth` is the two together.
    birth_date = models.DateField(_("ngày sinh"), null=True, blank=True)
    birth_date_precision = models.CharField(
        _("ngày sinh biết đến"), max_length=5, choices=Precision.choices, default=Precision.DAY
    )
    ethnicity = models.CharField(_("dân tộc"), max_length=50, default="Kinh")
    academic_title = models.CharField(
        _("học hàm"), max_length=5, choices=AcademicTitle.choices, blank=True, default=""
    )
    degree = models.CharField(
        _("học vị, trình độ"), max_length=5, choices=Degree.choices, blank=True, default=""
    )
    education_level = models.CharField(
        _("trình độ chuyên môn"), max_length=150, blank=True, help_text=_("Ví dụ: Kỹ sư nông nghiệp")
    )
    political_theory = models.CharField(
        _("lý luận chính trị"), max_length=2, choices=PoliticalTheory.choices, blank=True, default=""
    )
    party_member = models.BooleanField(_("đảng viên"), default=False)
    workplace = models.CharField(_("nơi công tác"), max_length=255, blank=True)
    job_title = models.CharField(_("chức vụ"), max_length=255, blank=True)
    phone = models.CharField(_("điện thoại"), max_length=30, blank=True)
    email = models.EmailField(_("email"), blank=True)
    is_sample = models.BooleanField(
        _("dữ liệu mẫu"), default=False, help_text=_("Người được tạo ra làm dữ liệu minh hoạ, không có thật.")
    )
    sort_key = models.CharField(max_length=255, editable=False, db_index=True)
    search_name = models.CharField(max_length=255, editable=False, db_index=True)
    created_at = models.DateTimeField(_("ngày tạo"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)
    # Bumped by every save through the services, so two people editing one record cannot overwrite each other.
    version = models.PositiveIntegerField(default=1, editable=False)

    history = HistoricalRecords(excluded_fields=["sort_key", "search_name", "updated_at"])
    objects = PersonQuerySet.as_manager()

    class Meta:
        verbose_name = _("người")
        verbose_name_plural = _("người")
        ordering = ["sort_key", "id"]
        indexes = [models.Index(fields=["search_name", "birth_date"], name="person_name_birth_idx")]

    def __str__(self):
        return self.full_name

    def save(self, *args, **kwargs):
        self.normalize()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("members:person", args=[self.pk])

    @property
    def full_name(self):
        return " ".join(p for p in (self.family_name, self.middle_name, self.given_name) if p)

    def normalize(self):
        """NFC names and the derived sort and search keys; bulk paths call this before bulk_create."""
        self.family_name = text.clean(self.family_name)
        self.middle_name = text.clean(self.middle_name)
        self.given_name = text.clean(self.given_name)
        self.workplace = text.clean(self.workplace)
        self.job_title = text.clean(self.job_title)
        self.ethnicity = text.clean(self.ethnicity)
        # Rosters sort by given name, then family name, then middle name.
        self.sort_key = text.sort_key(self.given_name, self.family_name, self.middle_name)
        self.search_name = text.fold(self.full_name)

    @property
    def birth(self):
        """The birth date as it is known: a PartialDate (day, month and year, or less), or None."""
        return PartialDate.of(self.birth_date, self.birth_date_precision)

    @birth.setter
    def birth(self, value):
        value = PartialDate.coerce(value)
        self.birth_date = value.date if value else None
        self.birth_date_precision = value.precision.value if value else Precision.DAY.value

    def age_on(self, date):
        birth = self.birth
        return None if birth is None else birth.age_on(date)


class LeaveReason(models.TextChoices):
    MOVED = "moved", _("Chuyển đi nơi khác")
    RESIGNED = "resigned", _("Xin thôi tham gia")
    DIED = "died", _("Từ trần")
    TRANSFERRED = "transferred", _("Chuyển sang hội khác")
    ASSOCIATION_CLOSED = "association_closed", _("Hội giải thể hoặc sáp nhập")
    OTHER = "other", _("Lý do khác")


class MembershipQuerySet(models.QuerySet):
    def active_on(self, date):
        return self.filter(active_on_q(date, start="joined_on", end="left_on")).filter(
            active_on_q(date, start="established_on", end="closed_on", prefix="association__")
        )

    def current(self):
        return self.filter(left_on__isnull=True)


class Membership(models.Model):
    person = models.ForeignKey(
        Person, verbose_name=_("người"), on_delete=models.PROTECT, related_name="memberships"
    )
    association = models.ForeignKey(
        Association, verbose_name=_("hội"), on_delete=models.PROTECT, related_name="memberships"
    )
    joined_on = models.DateField(_("ngày vào hội"))
    left_on = models.DateField(_("ngày rời hội"), null=True, blank=True)
    leave_reason = models.CharField(
        _("lý do rời hội"), max_length=30, choices=LeaveReason.choices, blank=True
    )
    leave_note = models.CharField(_("ghi chú"), max_length=255, blank=True)
    card_number = models.CharField(_("số thẻ hội viên"), max_length=30, blank=True)

    history = HistoricalRecords()
    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("hội viên")
        verbose_name_plural = _("hội viên")
        constraints = [
            models.UniqueConstraint(
                fields=["person", "association"],
                condition=Q(left_on__isnull=True),
                name="membership_one_open_per_association",
            ),
            models.CheckConstraint(
                condition=Q(left_on__isnull=True) | Q(left_on__gte=models.F("joined_on")),
                name="membership_leaves_after_joining",
            ),
            models.CheckConstraint(
                condition=Q(left_on__isnull=True) | ~Q(leave_reason=""),
                name="membership_left_with_reason",
            ),
        ]
        indexes = [models.Index(fields=["association", "left_on"], name="membership_assoc_open_idx")]

    def __str__(self):
        return f"{self.person} – {self.association}"

    def is_active_on(self, date):
        return self.joined_on <= date and (self.left_on is None or self.left_on > date)


class Body(models.TextChoices):
    EXECUTIVE = "executive", _("Ban Chấp hành")
    STANDING = "standing", _("Ban Thường vụ")
    INSPECTION = "inspection", _("Ban Kiểm tra")


class Role(models.TextChoices):
    MEMBER = "member", _("Uỷ viên")
    CHAIR = "chair", _("Chủ tịch")
    VICE_CHAIR = "vice_chair", _("Phó Chủ tịch")
    GENERAL_SECRETARY = "general_secretary", _("Tổng thư ký")
    HEAD = "head", _("Trưởng ban")
    DEPUTY_HEAD = "deputy_head", _("Phó Trưởng ban")


OFFICER_ROLES = [Role.CHAIR, Role.VICE_CHAIR, Role.GENERAL_SECRETARY]
# The order officers are named in documents and lists.
ROLE_ORDER = {
    Role.CHAIR: 0,
    Role.VICE_CHAIR: 1,
    Role.GENERAL_SECRETARY: 2,
    Role.HEAD: 3,
    Role.DEPUTY_HEAD: 4,
    Role.MEMBER: 5,
}


class StartMethod(models.TextChoices):
    CONGRESS = "congress", _("Đại hội bầu")
    COMMITTEE = "committee", _("Ban Chấp hành bầu")
    COOPTED = "coopted", _("Bầu bổ sung")


class EndReason(models.TextChoices):
    OUT_OF_DISTRICT = "out_of_district", _("Chuyển công tác ngoại huyện")
    TO_PROVINCE = "to_province", _("Chuyển công tác về tỉnh")
    TO_COMMUNE = "to_commune", _("Chuyển công tác về cơ sở")
    RETIRED = "retired", _("Nghỉ hưu theo chế độ")
    RESIGNED = "resigned", _("Xin thôi")
    DIED = "died", _("Từ trần")
    TERM_ENDED = "term_ended", _("Hết nhiệm kỳ")
    OTHER = "other", _("Lý do khác")


# Reasons that take someone off a body before the term is over.
DEPARTURE_REASONS = [r for r in EndReason.values if r != EndReason.TERM_ENDED]


class MandateQuerySet(models.QuerySet):
    def held_on(self, date):
        return self.filter(active_on_q(date))

    def on_body(self, body):
        return self.filter(body=body)

    def officers(self):
        return self.filter(body=Body.STANDING, role__in=OFFICER_ROLES)

    def departures(self, term):
        """Seats given up during the term, for a reason other than the term ending."""
        return self.filter(term=term, ended_on__isnull=False, end_reason__in=DEPARTURE_REASONS)


class Mandate(models.Model):
    """A seat held by a person on one of the federation's bodies during a term."""

    person = models.ForeignKey(
        Person, verbose_name=_("người"), on_delete=models.PROTECT, related_name="mandates"
    )
    term = models.ForeignKey(
        Term, verbose_name=_("nhiệm kỳ"), on_delete=models.PROTECT, related_name="mandates"
    )
    body = models.CharField(_("cơ quan"), max_length=20, choices=Body.choices)
    role = models.CharField(_("chức danh"), max_length=20, choices=Role.choices, default=Role.MEMBER)
    started_on = models.DateField(_("ngày bắt đầu"))
    start_method = models.CharField(_("hình thức"), max_length=20, choices=StartMethod.choices)
    ended_on = models.DateField(_("ngày thôi"), null=True, blank=True)
    end_reason = models.CharField(_("lý do thôi"), max_length=20, choices=EndReason.choices, blank=True)
    note = models.CharField(_("ghi chú"), max_length=255, blank=True)
    # The person's job when the seat was taken; documents name people with the job they held then.
    job_title = models.CharField(_("chức vụ khi đảm nhiệm"), max_length=255, blank=True)

    history = HistoricalRecords()
    objects = MandateQuerySet.as_manager()

    class Meta:
        verbose_name = _("chức danh trong Liên hiệp hội")
        verbose_name_plural = _("chức danh trong Liên hiệp hội")
        ordering = ["term", "body", "started_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                name="mandate_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True, end_reason="")
                | Q(ended_on__isnull=False) & ~Q(end_reason=""),
                name="mandate_ended_with_reason",
            ),
            models.UniqueConstraint(
                fields=["person", "term", "body", "role"],
                condition=Q(ended_on__isnull=True),
                name="mandate_one_open_seat_per_role",
            ),
        ]
        indexes = [models.Index(fields=["body", "started_on", "ended_on"], name="mandate_body_dates_idx")]

    def __str__(self):
        return f"{self.person} – {self.get_role_display()} {self.get_body_display()} ({self.term})"

    def is_active_on(self, date):
        return self.started_on <= date and (self.ended_on is None or self.ended_on > date)

    @property
    def is_departure(self):
        return self.ended_on is not None and self.end_reason in DEPARTURE_REASONS


class UserRole(models.TextChoices):
    SECRETARIAT = "secretariat", _("Văn phòng Liên hiệp hội")
    LEAD = "lead", _("Lãnh đạo hội thành viên")
    DELEGATE = "delegate", _("Đại biểu Đại hội")


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra):
        if not email:
            raise ValueError("Email is required")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email, password=None, **extra):
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        extra.setdefault("role", UserRole.SECRETARIAT)
        return self._create_user(email, password, **extra)


class User(AbstractUser):
    """An account signs in with its email; its role decides what it sees."""

    username = None
    email = models.EmailField(_("email"), unique=True)
    full_name = models.CharField(_("họ và tên"), max_length=150, blank=True)
    role = models.CharField(_("vai trò"), max_length=20, choices=UserRole.choices, default=UserRole.LEAD)
    person = models.ForeignKey(
        Person,
        verbose_name=_("người"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="accounts",
    )
    associations = models.ManyToManyField(
        Association, verbose_name=_("hội phụ trách"), blank=True, related_name="leads"
    )

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = []
    objects = UserManager()

    class Meta:
        verbose_name = _("tài khoản")
        verbose_name_plural = _("tài khoản")

    def __str__(self):
        return self.full_name or self.email

    @property
    def is_secretariat(self):
        return self.is_active and (self.role == UserRole.SECRETARIAT or self.is_superuser)

    @property
    def is_lead(self):
        return self.is_active and self.role == UserRole.LEAD


class UploadStatus(models.TextChoices):
    STAGED = "staged", _("Chờ xác nhận")
    APPLIED = "applied", _("Đã cập nhật")
    DISCARDED = "discarded", _("Đã huỷ")
    FAILED = "failed", _("Không cập nhật được")


class StagedUpload(models.Model):
    """A sheet uploaded to change records, kept with its preview until someone confirms it.

    Every upload that changes records goes the same way (members.importing.staging): the file is stored
    as it came with its sha256, and the preview computed from it is stored as `summary`; confirming reads
    the stored file again, checks its digest, works out the plan again and applies it only if it is still
    the plan the preview showed, all or nothing. So what was applied can always be looked at again.
    """

    uploaded_by = models.ForeignKey(
        "members.User",
        verbose_name=_("người tải lên"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("tải lên lúc"), auto_now_add=True)
    original_name = models.CharField(_("tên tệp"), max_length=255)
    sha256 = models.CharField(max_length=64, editable=False)
    status = models.CharField(
        _("trạng thái"), max_length=20, choices=UploadStatus.choices, default=UploadStatus.STAGED
    )
    summary = models.JSONField(_("kết quả xem trước"), default=dict, blank=True)
    applied_at = models.DateTimeField(_("cập nhật lúc"), null=True, blank=True)
    applied_by = models.ForeignKey(
        "members.User",
        verbose_name=_("người xác nhận"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        abstract = True


def staged_upload_path(upload, filename):
    """roster-imports/2024/03/son-hong-1a2b3c4d5e6f.xlsx: where an upload is kept, named for what it changes and
    by its own digest (see StagedUpload.upload_folder and upload_label)."""
    from django.utils import timezone

    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    stamp = upload.uploaded_at or timezone.now()
    return f"{upload.upload_folder}/{stamp:%Y/%m}/{upload.upload_label}-{upload.sha256[:12]}.{extension}"


# The name migration 0005 knows the function by.
roster_import_path = staged_upload_path


class RosterImport(StagedUpload):
    """A roster sheet uploaded for an association (see StagedUpload)."""

    association = models.ForeignKey(
        Association, verbose_name=_("hội"), on_delete=models.PROTECT, related_name="roster_imports"
    )
    file = models.FileField(_("tệp"), upload_to=staged_upload_path, max_length=255)

    upload_folder = "roster-imports"

    class Meta:
        verbose_name = _("tệp danh sách tải lên")
        verbose_name_plural = _("tệp danh sách tải lên")
        ordering = ["-uploaded_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="applied") | Q(applied_at__isnull=False),
                name="roster_import_applied_with_date",
            ),
        ]
        indexes = [models.Index(fields=["association", "sha256"], name="roster_import_assoc_sha_idx")]

    def __str__(self):
        return f"{self.original_name} – {self.association}"

    @property
    def upload_label(self):
        return self.association.code


class LinkRequestStatus(models.TextChoices):
    PENDING = "pending", _("Chờ Văn phòng xem xét")
    APPROVED = "approved", _("Đã liên kết")
    DECLINED = "declined", _("Không liên kết")


class LinkRequest(models.Model):
    """A lead's request that the secretariat put someone already in the federation on their roster.

    The person's record belongs to the rosters they are on, so the lead who finds a namesake elsewhere is
    told only that one exists, and asks; the secretariat, who may see both, decides. Approving admits the
    person as their record stands: nothing the lead typed overwrites it.
    """

    association = models.ForeignKey(
        Association, verbose_name=_("hội"), on_delete=models.PROTECT, related_name="link_requests"
    )
    person = models.ForeignKey(
        Person, verbose_name=_("người"), on_delete=models.PROTECT, related_name="link_requests"
    )
    joined_on = models.DateField(_("ngày vào hội"))
    card_number = models.CharField(_("số thẻ hội viên"), max_length=30, blank=True)
    requested_by = models.ForeignKey(
        User,
        verbose_name=_("người đề nghị"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    requested_at = models.DateTimeField(_("đề nghị lúc"), auto_now_add=True)
    status = models.CharField(
        _("trạng thái"), max_length=20, choices=LinkRequestStatus.choices, default=LinkRequestStatus.PENDING
    )
    decided_by = models.ForeignKey(
        User,
        verbose_name=_("người quyết định"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("quyết định lúc"), null=True, blank=True)
    note = models.CharField(
        _("ghi chú"), max_length=255, blank=True, help_text=_("Văn phòng ghi khi quyết định; hội đọc được.")
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("đề nghị liên kết hội viên")
        verbose_name_plural = _("đề nghị liên kết hội viên")
        ordering = ["-requested_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["association", "person"],
                condition=Q(status="pending"),
                name="link_request_one_pending_per_person",
            ),
            models.CheckConstraint(
                condition=Q(status="pending", decided_at__isnull=True)
                | ~Q(status="pending") & Q(decided_at__isnull=False),
                name="link_request_decided_with_date",
            ),
        ]
        indexes = [models.Index(fields=["status", "requested_at"], name="link_request_status_idx")]

    def __str__(self):
        return f"{self.person} → {self.association}"


class MemberCountChange(models.Model):
    """How the number of distinct members of a federation changes on a day, in all (scope "") or in a block.

    Derived from the memberships by members.member_counts and kept in step with them, so the count on any
    day is the sum of the changes up to it, read without going over the rosters. Not a record of its own:
    it has no history and can be rebuilt from the memberships at any time.
    """

    federation = models.ForeignKey(
        Federation, verbose_name=_("Liên hiệp hội"), on_delete=models.CASCADE, related_name="+"
    )
    scope = models.CharField(_("phạm vi"), max_length=20, blank=True, help_text=_("Để trống: mọi khối."))
    day = models.DateField(_("ngày"))
    delta = models.IntegerField(_("số thay đổi"))

    class Meta:
        verbose_name = _("thay đổi số hội viên")
        verbose_name_plural = _("thay đổi số hội viên")
        constraints = [
            models.UniqueConstraint(fields=["federation", "scope", "day"], name="member_count_change_unique"),
        ]
        indexes = [models.Index(fields=["federation", "day"], name="member_count_change_day_idx")]

    def __str__(self):
        return f"{self.scope or 'all'} {self.day}: {self.delta:+d}"


class InvitationStatus(models.TextChoices):
    PENDING = "pending", _("Chưa gửi")
    SENT = "sent", _("Đã gửi")
    FAILED = "failed", _("Gửi không được")
    CANCELLED = "cancelled", _("Đã thay bằng lời mời khác")


# Invitations that have not gone out: a retry sends them, a newer invitation of the same kind replaces them.
UNSENT_INVITATIONS = [InvitationStatus.PENDING, InvitationStatus.FAILED]


class Invitation(models.Model):
    """One email inviting the holder of an account to the portal (a lead, a delegate), and whether it went out.

    It is recorded with the change that makes or re-opens the account and mailed once that change has
    committed, so a mail server that fails never undoes the account; what went wrong stays here until a
    retry sends it. The email's links are made when it is sent, so a retry carries a fresh one.
    """

    account = models.ForeignKey(
        User, verbose_name=_("tài khoản"), on_delete=models.CASCADE, related_name="invitations"
    )
    email = models.EmailField(_("gửi tới"))
    # The email's templates (<template>_subject.txt, <template>_message.txt) and what they say beside the links.
    template = models.CharField(_("mẫu thư"), max_length=100)
    context = models.JSONField(_("nội dung"), default=dict, blank=True)
    # Scheme and host the links are made with: those the secretariat was using when it sent the invitation.
    portal_url = models.CharField(_("địa chỉ cổng thông tin"), max_length=200)
    status = models.CharField(
        _("tình trạng"), max_length=20, choices=InvitationStatus.choices, default=InvitationStatus.PENDING
    )
    error = models.CharField(_("lý do không gửi được"), max_length=500, blank=True)
    attempts = models.PositiveSmallIntegerField(_("số lần gửi"), default=0)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    created_by = models.ForeignKey(
        User, verbose_name=_("người mời"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    sent_at = models.DateTimeField(_("gửi lúc"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("lời mời qua email")
        verbose_name_plural = _("lời mời qua email")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="sent") | Q(sent_at__isnull=False), name="invitation_sent_with_time"
            ),
            models.CheckConstraint(
                condition=~Q(status="failed") | ~Q(error=""), name="invitation_failed_with_reason"
            ),
        ]
        indexes = [models.Index(fields=["account", "status"], name="invitation_account_status_idx")]

    def __str__(self):
        return f"{self.email} ({self.get_status_display().lower()})"

    @property
    def is_unsent(self):
        return self.status in UNSENT_INVITATIONS

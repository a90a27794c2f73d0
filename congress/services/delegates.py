"""Delegates: quotas, summoning, accounts, credentials, check-in, and the attendance the quorum is counted on.
Also the congress documents and the delegates' comments on them.

Every change is a function here, atomic, with the acting user keyword-only and recorded in the history
(`_history_user`), so the browser, the import, the admin and the demo leave the same trail.
"""

import datetime
from dataclasses import dataclass

from allauth.utils import build_absolute_uri
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from congress import live
from congress.models import (
    CheckIn,
    CheckInRefusal,
    Comment,
    CommentDecision,
    Congress,
    CongressDocument,
    CredentialStatus,
    Delegate,
    DelegateKind,
    DelegateQuota,
    QuorumRule,
)
from congress.models.delegates import COUNTED_KINDS
from congress.services import CongressError
from congress.services import clean as _clean
from congress.services import save as _save
from members import services as member_services
from members import text
from members.models import (
    UNSENT_INVITATIONS,
    Body,
    Invitation,
    Mandate,
    Membership,
    User,
    UserRole,
)
from members.selectors import with_member_count


def _lock_congress(congress):
    """Changes to one congress's delegates wait for each other, so quotas and uniqueness hold under load."""
    return Congress.objects.select_for_update().select_related("term").get(pk=congress.pk)


# --- Attendance and the quorum --------------------------------------------------------------------------


def attendance(congress):
    """{'summoned': n, 'present': n}: counted delegates (no guests, no revoked codes), and those checked in."""
    counted = Delegate.objects.filter(congress=congress).counted()
    return {"summoned": counted.count(), "present": counted.filter(check_in__isnull=False).count()}


def quorum_needed(congress, summoned):
    """The fewest delegates present for the congress to sit under its quorum rule."""
    if congress.quorum_rule == QuorumRule.TWO_THIRDS:
        return -(-2 * summoned // 3)
    return summoned // 2 + 1


def quorum_reached(congress):
    numbers = attendance(congress)
    return numbers["summoned"] > 0 and numbers["present"] >= quorum_needed(congress, numbers["summoned"])


@dataclass
class Attendance:
    summoned: int
    present: int
    needed: int
    by_kind: list  # [(kind, label, summoned, present)]
    guests: int
    guests_present: int

    @property
    def reached(self):
        return self.summoned > 0 and self.present >= self.needed

    @property
    def absent(self):
        return self.summoned - self.present

    @property
    def percent(self):
        return 100 * self.present / self.summoned if self.summoned else 0


def attendance_board(congress):
    """The live attendance: present / summoned by kind, guests apart, and the quorum; two queries."""
    rows = (
        Delegate.objects.filter(congress=congress, revoked_at__isnull=True)
        .values("kind")
        .annotate(summoned=Count("id"), present=Count("check_in"))
        .order_by()
    )
    counts = {row["kind"]: row for row in rows}
    by_kind = [
        (kind, kind.label, counts.get(kind, {}).get("summoned", 0), counts.get(kind, {}).get("present", 0))
        for kind in COUNTED_KINDS
    ]
    summoned = sum(row[2] for row in by_kind)
    present = sum(row[3] for row in by_kind)
    guests = counts.get(DelegateKind.GUEST, {})
    return Attendance(
        summoned=summoned,
        present=present,
        needed=quorum_needed(congress, summoned),
        by_kind=by_kind,
        guests=guests.get("summoned", 0),
        guests_present=guests.get("present", 0),
    )


# --- Settings and quotas ----------------------------------------------------------------------------------

SETTINGS_FIELDS = (
    "venue",
    "quorum_rule",
    "majority_base",
    "tie_rule",
    "members_per_delegate",
    "minimum_delegates",
    "credentials_head",
)
# Rules an election's count is read with; they stay as they were once a result is confirmed.
COUNTING_RULES = ("majority_base", "tie_rule")


@transaction.atomic
def update_congress_settings(congress, *, actor, **fields):
    congress = _lock_congress(congress)
    changed = [name for name, value in fields.items() if getattr(congress, name) != value]
    unknown = set(fields) - set(SETTINGS_FIELDS)
    if unknown:
        raise ValueError(f"{sorted(unknown)} are not congress settings")
    if set(changed) & set(COUNTING_RULES) and congress.elections.filter(status="confirmed").exists():
        raise CongressError(
            "Đã có cuộc bầu cử được xác nhận kết quả theo quy tắc hiện hành: không thể đổi căn cứ tính quá bán "
            "hay cách xử lý khi bằng phiếu."
        )
    for name in changed:
        setattr(congress, name, fields[name])
    _clean(congress)
    if changed:
        _save(congress, actor)
    return congress


def member_counts(congress):
    """{association_id: members on the congress day} for the associations active that day, counted as the
    association list counts them; one query."""
    counted = with_member_count(congress.associations(), congress.date)
    return dict(counted.values_list("pk", "member_count"))


@transaction.atomic
def compute_quotas(congress, *, actor, keep_hand_set=True):
    """Give every active association its seats from its roster: one per N members (counted up), at least the minimum.

    Quotas the secretariat set by hand stay unless `keep_hand_set` is False. Returns the quotas.
    """
    congress = _lock_congress(congress)
    counts = member_counts(congress)
    existing = {q.association_id: q for q in DelegateQuota.objects.filter(congress=congress)}
    for association in congress.associations():
        members = counts.get(association.pk, 0)
        seats = congress.quota_for(members)
        quota = existing.get(association.pk)
        if quota is None:
            quota = DelegateQuota(congress=congress, association=association)
        elif quota.set_by_hand and keep_hand_set:
            if quota.members != members:
                quota.members = members
                _save(quota, actor)
            continue
        if quota.pk and (quota.seats, quota.members, quota.set_by_hand) == (seats, members, False):
            continue
        quota.seats, quota.members, quota.set_by_hand = seats, members, False
        _save(quota, actor)
    return list(DelegateQuota.objects.filter(congress=congress))


@transaction.atomic
def set_quota(congress, association, seats, *, actor):
    congress = _lock_congress(congress)
    if seats < 0:
        raise CongressError(_("Số đại biểu không thể âm."))
    elected = Delegate.objects.filter(
        congress=congress, association=association, kind=DelegateKind.ELECTED, revoked_at__isnull=True
    ).count()
    if seats < elected:
        raise CongressError(
            f"{association.name} đã có {elected} đại biểu được bầu; hãy thu hồi bớt trước khi giảm phân bổ "
            f"xuống {seats}."
        )
    quota, _created = DelegateQuota.objects.get_or_create(
        congress=congress, association=association, defaults={"seats": seats, "set_by_hand": True}
    )
    if quota.seats != seats or not quota.set_by_hand:
        quota.seats, quota.set_by_hand = seats, True
        _save(quota, actor)
    return quota


# --- Summoning delegates --------------------------------------------------------------------------------


def _check_quota(congress, association):
    quota = DelegateQuota.objects.filter(congress=congress, association=association).first()
    if quota is None:
        raise CongressError(f"{association.name} chưa được phân bổ số đại biểu; hãy phân bổ trước.")
    taken = Delegate.objects.filter(
        congress=congress, association=association, kind=DelegateKind.ELECTED, revoked_at__isnull=True
    ).count()
    if taken >= quota.seats:
        raise CongressError(f"{association.name} đã đủ {quota.seats} đại biểu theo phân bổ.")


def _check_member(congress, person, association):
    member = (
        Membership.objects.active_on(congress.date).filter(person=person, association=association).exists()
    )
    if not member:
        raise CongressError(
            f"{person.full_name} không có tên trong danh sách hội viên của {association.name} "
            f"vào ngày Đại hội ({congress.date:%d/%m/%Y})."
        )


@transaction.atomic
def summon_delegate(congress, person, *, actor, kind, association=None):
    """Put a person on the congress's list: elected by an association (within its quota), ex officio, appointed,
    or invited as a guest. A delegate whose code was revoked is summoned again with a new code."""
    congress = _lock_congress(congress)
    if kind not in DelegateKind.values:
        raise CongressError(_("Loại đại biểu không hợp lệ."))
    if kind == DelegateKind.ELECTED:
        if association is None:
            raise CongressError(_("Đại biểu do hội bầu phải thuộc đoàn của một hội."))
        _check_member(congress, person, association)
    existing = Delegate.objects.select_for_update().filter(congress=congress, person=person).first()
    if existing is not None and existing.revoked_at is None:
        raise CongressError(
            f"{person.full_name} đã có trong danh sách Đại hội ({existing.get_kind_display().lower()})."
        )
    if kind == DelegateKind.ELECTED:
        _check_quota(congress, association)
    delegate = existing or Delegate(congress=congress, person=person)
    if existing is not None:
        delegate.token = Delegate._meta.get_field("token").default()
        delegate.revoked_at, delegate.revoked_reason = None, ""
        delegate.credential, delegate.credential_note = CredentialStatus.PENDING, ""
        delegate.credential_checked_at = delegate.credential_checked_by = None
    delegate.kind, delegate.association = kind, association
    if delegate.account_id is None:
        delegate.account = User.objects.filter(person=person, is_active=True).order_by("id").first()
    _clean(delegate, exclude=["account", "credential_checked_by"])
    live.changed(congress.pk, "attendance")
    return _save(delegate, actor)


def outgoing_committee(congress):
    """Mandates on the outgoing executive committee held on the day before the congress."""
    outgoing = congress.outgoing_term
    if outgoing is None:
        return Mandate.objects.none()
    eve = congress.date - datetime.timedelta(days=1)
    return Mandate.objects.filter(term=outgoing, body=Body.EXECUTIVE).held_on(eve).select_related("person")


@transaction.atomic
def fill_ex_officio(congress, *, actor):
    """Summon the outgoing executive committee as ex officio delegates. Returns (added, already there).

    Someone already on the list as an association's delegate becomes ex officio, which frees the
    association's seat; revoked delegates stay revoked.
    """
    congress = _lock_congress(congress)
    added, already = [], []
    existing = {d.person_id: d for d in Delegate.objects.filter(congress=congress)}
    for mandate in outgoing_committee(congress):
        person = mandate.person
        delegate = existing.get(person.pk)
        if delegate is None:
            delegate = summon_delegate(congress, person, actor=actor, kind=DelegateKind.EX_OFFICIO)
            added.append(delegate)
        elif delegate.kind == DelegateKind.EX_OFFICIO or delegate.revoked_at is not None:
            if delegate not in already:
                already.append(delegate)
        else:
            delegate.kind = DelegateKind.EX_OFFICIO
            _save(delegate, actor)
            added.append(delegate)
        existing[person.pk] = delegate
    return added, already


@transaction.atomic
def change_delegate(delegate, *, actor, kind, association=None):
    delegate = (
        Delegate.objects.select_for_update().select_related("congress__term", "person").get(pk=delegate.pk)
    )
    if delegate.revoked_at is not None:
        raise CongressError(_("Đại biểu này đã bị thu hồi; hãy triệu tập lại."))
    if (kind, association and association.pk) == (delegate.kind, delegate.association_id):
        return delegate
    if kind == DelegateKind.ELECTED:
        if association is None:
            raise CongressError(_("Đại biểu do hội bầu phải thuộc đoàn của một hội."))
        _check_member(delegate.congress, delegate.person, association)
        if not (delegate.kind == DelegateKind.ELECTED and delegate.association_id == association.pk):
            _check_quota(delegate.congress, association)
    if kind == DelegateKind.GUEST and hasattr(delegate, "check_in"):
        raise CongressError(_("Đại biểu đã điểm danh không thể chuyển thành khách mời."))
    delegate.kind, delegate.association = kind, association
    _clean(delegate, exclude=["account", "credential_checked_by"])
    return _save(delegate, actor)


@transaction.atomic
def revoke_delegate(delegate, *, actor, reason):
    """Withdraw a delegate's summons: the code stops checking in and they no longer count."""
    delegate = Delegate.objects.select_for_update().get(pk=delegate.pk)
    reason = text.clean(reason)
    if not reason:
        raise CongressError(_("Hãy ghi lý do thu hồi."))
    if delegate.revoked_at is not None:
        raise CongressError(f"{delegate} đã bị thu hồi từ trước.")
    if hasattr(delegate, "check_in"):
        raise CongressError(f"{delegate} đã điểm danh lúc {_clock(delegate.check_in)}; không thể thu hồi.")
    delegate.revoked_at, delegate.revoked_reason = timezone.now(), reason
    # An invitation that has not gone out is not sent to someone no longer summoned.
    member_services.cancel_invitations(Invitation.objects.filter(pk=delegate.invitation_id), actor=actor)
    live.changed(delegate.congress_id, "attendance")
    return _save(delegate, actor)


# --- Accounts --------------------------------------------------------------------------------------------


DELEGATE_INVITATION = "congress/delegates/email/invitation"
# invite_delegate's `expected_invitation` when the caller does not say which invitation it has seen.
NOT_CHECKED = object()


def _documents_url(congress, portal_url):
    path = reverse("congress:documents", args=[congress.pk])
    return (portal_url or build_absolute_uri(None, "/")).rstrip("/") + path


@transaction.atomic
def invite_delegate(delegate, *, actor, email=None, portal_url=None, expected_invitation=NOT_CHECKED):
    """Give the delegate an account (role delegate, linked to the person) and email them how to sign in.

    A person who already has an account (a lead, say) keeps it and is told to sign in with it; a new account
    has no usable password until the one-time link (allauth's password-reset key) is used. The email goes
    out once this change commits (members.services.queue_invitation); `delegate.invitation` says how it went.
    A form passes the invitation it showed as `expected_invitation` (None: none yet): when another has been
    made since, as by the same form sent twice, nothing more is sent.
    Outside a request, pass `portal_url` ("https://host") to build the links.
    """
    delegate = (
        # Only the delegate's row: PostgreSQL locks no row of an outer join (the invitation may be missing).
        Delegate.objects.select_for_update(of=("self",))
        .select_related("person", "congress__term", "invitation")
        .get(pk=delegate.pk)
    )
    if delegate.revoked_at is not None or delegate.is_guest:
        raise CongressError(_("Chỉ gửi lời mời cho đại biểu đang được triệu tập (không gửi cho khách mời)."))
    expected = getattr(expected_invitation, "pk", expected_invitation)
    if expected is not NOT_CHECKED and expected != delegate.invitation_id:
        raise CongressError(
            _("Lời mời tới %(email)s vừa được gửi; không gửi thêm.") % {"email": delegate.invitation.email}
        )
    account = delegate.account
    default = account.email if account else delegate.person.email
    email = member_services.account_email(email or default)
    if not email:
        raise CongressError(f"{delegate.person.full_name} chưa có email; hãy nhập email để gửi lời mời.")
    if account is not None and account.email != email:
        # A typo in an invitation nobody has used yet can be corrected; an account in use keeps its email.
        taken = User.objects.filter(email=email).exclude(pk=account.pk).exists()
        if account.has_usable_password() or account.role != UserRole.DELEGATE or taken:
            raise CongressError(
                f"{delegate.person.full_name} đã có tài khoản {account.email}; lời mời được gửi tới email đó."
            )
        account.email = email
        account.save(update_fields=["email"])
    user = account or User.objects.filter(email=email).first()
    if user is None:
        try:
            user = member_services.create_account(
                email,
                actor=actor,
                role=UserRole.DELEGATE,
                full_name=delegate.person.full_name,
                person=delegate.person,
                note=f"Tài khoản đại biểu {delegate.congress.title}",
            )
        except member_services.MembersError as error:
            raise CongressError(str(error)) from None
    elif user.person_id not in (None, delegate.person_id):
        raise CongressError(f"Email {email} đã dùng cho tài khoản của người khác ({user}).")
    elif user.person_id is None:
        user.person = delegate.person
        user.save(update_fields=["person"])
    if not user.is_active:
        raise CongressError(f"Tài khoản {user.email} đang bị khoá; hãy liên hệ quản trị để mở lại.")
    congress = delegate.congress
    delegate.account = user
    delegate.invited_at = timezone.now()
    with translation.override("vi"):
        # The email is in Vietnamese whatever language the secretariat's pages are in.
        title = str(congress.title)
    delegate.invitation = member_services.queue_invitation(
        user,
        actor=actor,
        template=DELEGATE_INVITATION,
        context={
            "delegate_name": delegate.person.full_name,
            "congress_title": title,
            "congress_roman": congress.term.roman,
            "documents_url": _documents_url(congress, portal_url),
        },
        portal_url=portal_url,
    )
    return _save(delegate, actor)


@dataclass
class Invited:
    """What invite_all did: whom it invited, who has no email, and whom it could not invite and why."""

    invited: list
    without_email: list
    refused: list  # [(delegate, reason)]

    def not_sent(self):
        """The invited whose email has not gone out; asked after the commit, when the emails have been tried."""
        unsent = set(
            Invitation.objects.filter(
                pk__in=[d.invitation_id for d in self.invited], status__in=UNSENT_INVITATIONS
            ).values_list("pk", flat=True)
        )
        return [d for d in self.invited if d.invitation_id in unsent]


@transaction.atomic
def invite_all(congress, *, actor, portal_url=None):
    """Invite every counted delegate who has an email and no account yet.

    All the accounts are committed together and the emails go out after, one by one; a delegate who cannot
    be invited (an email another person's account uses) is reported and the others are invited all the same.
    """
    # A second click waits here, then finds everyone it would invite with an account already.
    congress = _lock_congress(congress)
    result = Invited([], [], [])
    pending = (
        Delegate.objects.filter(congress=congress, account__isnull=True)
        .counted()
        .select_related("person")
        .order_by("person__sort_key", "person_id")
    )
    for delegate in pending:
        if not delegate.person.email:
            result.without_email.append(delegate)
            continue
        try:
            result.invited.append(invite_delegate(delegate, actor=actor, portal_url=portal_url))
        except CongressError as error:
            result.refused.append((delegate, str(error)))
    return result


def unsent_invitations(congress):
    """The invitations of the congress's delegates (not revoked) that have not gone out."""
    return Invitation.objects.filter(
        pk__in=Delegate.objects.filter(congress=congress, revoked_at__isnull=True).values("invitation_id"),
        status__in=UNSENT_INVITATIONS,
    )


def retry_invitations(congress, *, actor):
    """Send again the delegates' invitations that did not go out; each goes out at most once."""
    return member_services.retry_invitations(unsent_invitations(congress), actor=actor)


# --- Credentials -----------------------------------------------------------------------------------------


@transaction.atomic
def record_credential(delegate, *, actor, status, note=""):
    """The credentials committee's finding on one delegate; "not in good standing" needs a reason."""
    delegate = Delegate.objects.select_for_update().get(pk=delegate.pk)
    if status not in CredentialStatus.values:
        raise CongressError(_("Kết quả thẩm tra không hợp lệ."))
    note = text.clean(note)
    if status == CredentialStatus.REJECTED and not note:
        raise CongressError(_("Hãy ghi lý do đại biểu không đủ tư cách."))
    if delegate.is_guest:
        raise CongressError(_("Khách mời không thẩm tra tư cách."))
    delegate.credential, delegate.credential_note = status, note
    pending = status == CredentialStatus.PENDING
    delegate.credential_checked_at = None if pending else timezone.now()
    delegate.credential_checked_by = None if pending else actor
    return _save(delegate, actor)


# --- Check-in ---------------------------------------------------------------------------------------------


def _clock(check_in):
    return f"{timezone.localtime(check_in.checked_in_at):%H:%M}"


@dataclass
class CheckInResult:
    delegate: Delegate
    check_in: CheckIn
    created: bool

    @property
    def message(self):
        if self.created:
            return f"Đã điểm danh {self.delegate.person.full_name} lúc {_clock(self.check_in)}."
        return f"{self.delegate.person.full_name} đã điểm danh lúc {_clock(self.check_in)}; không ghi thêm."


def check_in(delegate, *, actor, method="qr"):
    """Record the delegate's arrival; a second scan changes nothing and says when the first was.

    A guest or a revoked code is refused with the reason, and the refusal is logged.
    """
    try:
        return _check_in(delegate, actor=actor, method=method)
    except CongressError as error:
        CheckInRefusal.objects.create(
            congress_id=delegate.congress_id, delegate=delegate, reason=str(error), by=actor
        )
        raise


@transaction.atomic
def _check_in(delegate, *, actor, method):
    delegate = Delegate.objects.select_for_update().select_related("person").get(pk=delegate.pk)
    if delegate.refusal:
        raise CongressError(str(delegate.refusal))
    existing = CheckIn.objects.filter(delegate=delegate).first()
    if existing is not None:
        return CheckInResult(delegate, existing, False)
    try:
        with transaction.atomic():
            record = _save(CheckIn(delegate=delegate, checked_in_by=actor, method=method), actor)
    except IntegrityError:
        # Two phones scanned the same card at the same instant: the other one recorded it.
        return CheckInResult(delegate, CheckIn.objects.get(delegate=delegate), False)
    live.changed(delegate.congress_id, "attendance")
    return CheckInResult(delegate, record, True)


def delegate_for_token(token):
    return (
        Delegate.objects.select_related("person", "association", "congress__term", "check_in")
        .filter(token=token)
        .first()
    )


# --- Documents and comments -------------------------------------------------------------------------------


@transaction.atomic
def add_document(congress, *, actor, title, file=None, report_version=None, **fields):
    if (file is None) == (report_version is None):
        raise CongressError(_("Hãy chọn một phiên bản báo cáo hoặc tải lên một tệp (chỉ một trong hai)."))
    if report_version is not None:
        outgoing = congress.outgoing_term
        if outgoing is None or report_version.report.term_id != outgoing.pk:
            raise CongressError(_("Chỉ đăng được phiên bản báo cáo của nhiệm kỳ mà Đại hội này tổng kết."))
        if CongressDocument.objects.filter(congress=congress, report_version=report_version).exists():
            raise CongressError(f"{report_version.label} đã có trong tài liệu Đại hội.")
    last = CongressDocument.objects.filter(congress=congress).order_by("-position").first()
    document = CongressDocument(
        congress=congress,
        title=text.clean(title),
        report_version=report_version,
        uploaded_by=actor,
        position=(last.position + 1) if last else 1,
        **fields,
    )
    if file is not None:
        document.file.save(file.name, file, save=False)
    _clean(document, exclude=["uploaded_by"])
    return _save(document, actor)


DOCUMENT_FIELDS = ("title", "description", "position", "comments_open", "comments_close_at")


@transaction.atomic
def update_document(document, *, actor, **fields):
    document = CongressDocument.objects.select_for_update().get(pk=document.pk)
    unknown = set(fields) - set(DOCUMENT_FIELDS)
    if unknown:
        raise ValueError(f"{sorted(unknown)} are not editable document fields")
    for name, value in fields.items():
        setattr(document, name, text.clean(value) if name == "title" else value)
    _clean(document, exclude=["uploaded_by"])
    return _save(document, actor)


def delegate_of(user, congress):
    """The user's delegacy at this congress, when they may read its documents and comment: not revoked, not a guest."""
    if not user.is_authenticated:
        return None
    return (
        Delegate.objects.filter(congress=congress, account=user, revoked_at__isnull=True)
        .exclude(kind=DelegateKind.GUEST)
        .select_related("person")
        .first()
    )


@transaction.atomic
def add_comment(document, *, actor, body, paragraph=""):
    """A delegate's comment on a paragraph of a document open for comments (or on the whole document)."""
    document = (
        CongressDocument.objects.select_for_update(of=("self",))
        .select_related("report_version")
        .get(pk=document.pk)
    )
    delegate = delegate_of(actor, document.congress)
    if delegate is None:
        raise CongressError(_("Chỉ đại biểu được triệu tập mới góp ý vào tài liệu Đại hội."))
    if not document.accepts_comments_at(timezone.now()):
        raise CongressError(f"“{document.title}” không còn nhận góp ý.")
    body = (body or "").strip()
    if not body:
        raise CongressError(_("Hãy viết nội dung góp ý."))
    if paragraph and paragraph not in {pid for pid, _t in document.paragraphs()}:
        raise CongressError(_("Đoạn văn được góp ý không có trong tài liệu này."))
    comment = Comment(document=document, delegate=delegate, author=actor, paragraph=paragraph, text=body)
    return _save(comment, actor)


@transaction.atomic
def record_paper_comment(document, delegate, *, actor, body, paragraph=""):
    """A comment a delegate sent on paper (the printed draft, a letter), typed in by the office.

    It belongs to the delegate like one sent online; the office's account is kept as the one who typed it.
    The office may type it after the closing time: it was received before.
    """
    document = (
        CongressDocument.objects.select_for_update(of=("self",))
        .select_related("report_version")
        .get(pk=document.pk)
    )
    if not actor.is_secretariat:
        raise CongressError(_("Chỉ Văn phòng ghi được góp ý nhận bằng văn bản."))
    if delegate.congress_id != document.congress_id or not delegate.is_counted:
        raise CongressError(_("Người góp ý phải là đại biểu được triệu tập của Đại hội này."))
    body = (body or "").strip()
    if not body:
        raise CongressError(_("Hãy ghi nội dung góp ý."))
    if paragraph and paragraph not in {pid for pid, _t in document.paragraphs()}:
        raise CongressError(_("Đoạn văn được góp ý không có trong tài liệu này."))
    comment = Comment(document=document, delegate=delegate, author=actor, paragraph=paragraph, text=body)
    return _save(comment, actor)


@transaction.atomic
def withdraw_comment(comment, *, actor):
    """The delegate takes back their own comment, while the document is open and before it is considered."""
    comment = Comment.objects.select_for_update().select_related("document", "delegate").get(pk=comment.pk)
    if comment.delegate.account_id != actor.pk:
        raise CongressError(_("Chỉ người gửi mới rút được góp ý của mình."))
    if comment.decision != CommentDecision.PENDING:
        raise CongressError(_("Góp ý đã được văn phòng xem xét; không thể rút lại."))
    if not comment.document.accepts_comments_at(timezone.now()):
        raise CongressError(_("Tài liệu đã hết hạn góp ý; không thể rút lại góp ý."))
    comment._history_user = actor
    comment.delete()


@transaction.atomic
def decide_comment(comment, *, actor, decision, note=""):
    """The secretariat marks a comment as taken into the next draft or not (or back to pending)."""
    comment = Comment.objects.select_for_update().get(pk=comment.pk)
    if decision not in CommentDecision.values:
        raise CongressError(_("Cách xử lý góp ý không hợp lệ."))
    comment.decision, comment.decision_note = decision, text.clean(note)
    pending = decision == CommentDecision.PENDING
    comment.decided_at = None if pending else timezone.now()
    comment.decided_by = None if pending else actor
    return _save(comment, actor)


def comments_by_paragraph(document, comments):
    """[(paragraph id, where it sits, its text, [comments])] in the document's order; whole-document comments first."""
    grouped = {}
    for comment in comments:
        grouped.setdefault(comment.paragraph, []).append(comment)
    groups = []
    if "" in grouped:
        groups.append(("", "", "", grouped.pop("")))
    places = document.paragraph_places()
    for pid, paragraph_text in document.paragraphs():
        if pid in grouped:
            groups.append((pid, places.get(pid, pid), paragraph_text, grouped.pop(pid)))
    # Comments on a paragraph the version no longer has cannot happen (versions are frozen), but never drop any.
    groups.extend((pid, pid, "", items) for pid, items in grouped.items())
    return groups


def quota_table(congress):
    """Each active association with its members, its quota and its elected delegates; three queries."""
    counts = member_counts(congress)
    quotas = {q.association_id: q for q in DelegateQuota.objects.filter(congress=congress)}
    elected = dict(
        Delegate.objects.filter(congress=congress, kind=DelegateKind.ELECTED, revoked_at__isnull=True)
        .values_list("association_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    rows = []
    for association in congress.associations().order_by("block", "sort_key"):
        members = counts.get(association.pk, 0)
        rows.append(
            {
                "association": association,
                "members": members,
                "computed": congress.quota_for(members),
                "quota": quotas.get(association.pk),
                "elected": elected.get(association.pk, 0),
            }
        )
    return rows


def delegate_list(congress):
    """The congress's delegates with what the list pages show, in Vietnamese alphabetical order."""
    return (
        Delegate.objects.filter(congress=congress)
        .select_related("person", "association", "check_in", "account", "invitation")
        .order_by("person__sort_key", "person_id")
    )


def search_delegates(congress, query):
    """Diacritic-insensitive search by name among the congress's delegates."""
    words = text.fold(query).split()
    qs = delegate_list(congress)
    for word in words:
        qs = qs.filter(person__search_name__contains=word)
    return qs


def filter_delegates(queryset, *, kind="", association=None, credential="", presence=""):
    if kind:
        queryset = queryset.filter(kind=kind)
    if association is not None:
        queryset = queryset.filter(association=association)
    if credential:
        queryset = queryset.filter(credential=credential)
    if presence == "co-mat":
        queryset = queryset.filter(check_in__isnull=False)
    elif presence == "vang":
        queryset = queryset.filter(check_in__isnull=True).counted()
    elif presence == "thu-hoi":
        queryset = queryset.filter(revoked_at__isnull=False)
    return queryset


def counts_by_status(congress):
    delegates = Delegate.objects.filter(congress=congress)
    return delegates.aggregate(
        total=Count("id", filter=Q(revoked_at__isnull=True) & ~Q(kind=DelegateKind.GUEST)),
        guests=Count("id", filter=Q(revoked_at__isnull=True, kind=DelegateKind.GUEST)),
        revoked=Count("id", filter=Q(revoked_at__isnull=False)),
        verified=Count(
            "id",
            filter=Q(revoked_at__isnull=True, credential=CredentialStatus.VERIFIED)
            & ~Q(kind=DelegateKind.GUEST),
        ),
        rejected=Count(
            "id",
            filter=Q(revoked_at__isnull=True, credential=CredentialStatus.REJECTED)
            & ~Q(kind=DelegateKind.GUEST),
        ),
        pending=Count(
            "id",
            filter=Q(revoked_at__isnull=True, credential=CredentialStatus.PENDING)
            & ~Q(kind=DelegateKind.GUEST),
        ),
        with_account=Count(
            "id", filter=Q(revoked_at__isnull=True, account__isnull=False) & ~Q(kind=DelegateKind.GUEST)
        ),
        unsent_invitations=Count(
            "id", filter=Q(revoked_at__isnull=True, invitation__status__in=UNSENT_INVITATIONS)
        ),
    )

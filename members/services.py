"""Every change to associations, people, memberships and mandates goes through these functions.

Each runs in one transaction and records the acting user in the history, so the browser, the admin,
imports and commands all leave the same trail. Those that change memberships or associations wrap the change
in member_counts.tracking(), which keeps the member-count ledger in step within the same transaction.
"""

import smtplib

from allauth.account.adapter import get_adapter
from allauth.account.forms import default_token_generator
from allauth.account.utils import user_pk_to_url_str
from allauth.utils import build_absolute_uri
from django.conf import settings
from django.contrib.admin.models import ADDITION, CHANGE, LogEntry
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from members import access, member_counts, text
from members.dates import PartialDate
from members.models import (
    UNSENT_INVITATIONS,
    Association,
    ClosedReason,
    EndReason,
    Invitation,
    InvitationStatus,
    LinkRequest,
    LinkRequestStatus,
    Mandate,
    Membership,
    Person,
    User,
    UserRole,
)


class MembersError(Exception):
    """A change that cannot be made; the message is safe to show to the user."""


# --- The rules of a member's dates ------------------------------------------------------------------
# One set for every way onto a roster: the services below raise MembersError with the message, the roster
# import rejects the row with it. Each returns the message of the first rule broken, or None.

EARLIEST_BIRTH_YEAR = 1900


def _day(date):
    return date.strftime("%d/%m/%Y")


def _birth(fields):
    """`fields` with the birth date as `birth` (a PartialDate), whether given as `birth` or `birth_date`."""
    fields = dict(fields)
    if "birth_date" in fields:
        fields["birth"] = fields.pop("birth_date")
    if "birth" in fields:
        fields["birth"] = PartialDate.coerce(fields["birth"])
    return fields


def birth_date_problem(birth, *, today):
    """`birth` is a PartialDate or a date; one known to the month or the year is checked by its first day."""
    birth = PartialDate.coerce(birth)
    if birth is None:
        return None
    if birth.date > today:
        return _("Ngày sinh không thể sau ngày hôm nay.")
    if birth.year < EARLIEST_BIRTH_YEAR:
        return _("Ngày sinh không thể trước năm %(year)s.") % {"year": EARLIEST_BIRTH_YEAR}
    return None


def joining_problem(association, joined_on, *, birth_date, today):
    birth = PartialDate.coerce(birth_date)
    if joined_on > today:
        return _("Ngày vào hội không thể sau ngày hôm nay.")
    if birth is not None and joined_on < birth.date:
        return _("Ngày vào hội không thể trước ngày sinh.")
    if joined_on < association.established_on:
        return _("%(name)s không hoạt động vào ngày %(date)s: hội thành lập ngày %(established)s.") % {
            "name": association.name,
            "date": _day(joined_on),
            "established": _day(association.established_on),
        }
    if not association.is_active_on(joined_on):
        return _("%(name)s không hoạt động vào ngày %(date)s: hội đã thôi hoạt động từ ngày %(closed)s.") % {
            "name": association.name,
            "date": _day(joined_on),
            "closed": _day(association.closed_on),
        }
    return None


def _refuse(problem):
    if problem is not None:
        raise MembersError(problem)


def _save(instance, actor, **kwargs):
    instance._history_user = actor
    instance.save(**kwargs)
    return instance


@transaction.atomic
def create_person(*, actor, **fields):
    """A new person from `fields`; the birth date as `birth` (a PartialDate) or, known to the day, `birth_date`."""
    fields = _birth(fields)
    _refuse(birth_date_problem(fields.get("birth"), today=timezone.localdate()))
    person = Person(**fields)
    person.full_clean()
    return _save(person, actor)


@transaction.atomic
def update_person(person, *, actor, expected_version, **fields):
    """Apply the edits only if nobody saved the person since the form was opened."""
    locked = Person.objects.select_for_update().get(pk=person.pk)
    if locked.version != expected_version:
        raise MembersError(
            _(
                "Hồ sơ của %(name)s vừa được người khác cập nhật. Hãy tải lại trang để xem thay đổi rồi sửa lại."
            )
            % {"name": locked.full_name}
        )
    fields = _birth(fields)
    if "birth" in fields:
        _refuse(birth_date_problem(fields["birth"], today=timezone.localdate()))
    for name, value in fields.items():
        setattr(locked, name, value)
    locked.version += 1
    locked.full_clean()
    return _save(locked, actor)


@transaction.atomic
def admit_member(person, association, *, actor, joined_on, card_number=""):
    _refuse(joining_problem(association, joined_on, birth_date=person.birth_date, today=timezone.localdate()))
    _refuse_if_member(person, association)
    membership = Membership(
        person=person, association=association, joined_on=joined_on, card_number=card_number
    )
    membership.full_clean()
    with member_counts.tracking([person.pk]):
        return _save(membership, actor)


def _refuse_if_member(person, association):
    if Membership.objects.filter(person=person, association=association, left_on__isnull=True).exists():
        raise MembersError(
            _("%(person)s đã là hội viên của %(association)s.")
            % {"person": person, "association": association}
        )


@transaction.atomic
def record_leaving(membership, *, actor, left_on, reason, note=""):
    # The person is locked before the membership, in the same order as every other tracked change.
    with member_counts.tracking([membership.person_id]):
        membership = Membership.objects.select_for_update().get(pk=membership.pk)
        if membership.left_on is not None:
            raise MembersError(_("Hội viên này đã rời hội từ trước."))
        if left_on < membership.joined_on:
            raise MembersError(_("Ngày rời hội không thể trước ngày vào hội."))
        membership.left_on = left_on
        membership.leave_reason = reason
        membership.leave_note = note
        return _save(membership, actor)


@transaction.atomic
def grant_mandate(person, term, *, actor, body, role, started_on, start_method, job_title="", note=""):
    if started_on < term.congress_date:
        raise MembersError(_("Ngày bắt đầu phải từ ngày Đại hội mở nhiệm kỳ trở đi."))
    mandate = Mandate(
        person=person,
        term=term,
        body=body,
        role=role,
        started_on=started_on,
        start_method=start_method,
        job_title=job_title or person.job_title,
        note=note,
    )
    mandate.full_clean()
    return _save(mandate, actor)


@transaction.atomic
def end_mandate(mandate, *, actor, ended_on, reason, note=""):
    mandate = Mandate.objects.select_for_update().get(pk=mandate.pk)
    if mandate.ended_on is not None:
        raise MembersError(_("Chức danh này đã kết thúc từ trước."))
    if ended_on < mandate.started_on:
        raise MembersError(_("Ngày thôi không thể trước ngày bắt đầu."))
    if reason not in EndReason.values:
        raise MembersError(_("Lý do thôi không hợp lệ."))
    mandate.ended_on = ended_on
    mandate.end_reason = reason
    if note:
        mandate.note = note
    return _save(mandate, actor)


@transaction.atomic
def update_mandate(mandate, *, actor, **fields):
    """Correct what is written about a seat (the job held when it was taken, a note); its dates and place are
    changed only by ending it (end_mandate) and granting another (grant_mandate)."""
    unknown = set(fields) - set(MANDATE_EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"{sorted(unknown)} are not changed through update_mandate")
    mandate = Mandate.objects.select_for_update().get(pk=mandate.pk)
    for name, value in fields.items():
        setattr(mandate, name, text.clean(value))
    mandate.full_clean()
    return _save(mandate, actor)


MANDATE_EDITABLE_FIELDS = ("job_title", "note")
# An association's closing is changed only by close_association, which ends or moves its memberships.
ASSOCIATION_EDITABLE_FIELDS = ("federation", "code", "name", "block", "commune", "established_on")


@transaction.atomic
def create_association(*, actor, **fields):
    """Add a member association; it is added open and closes through close_association."""
    unknown = set(fields) - set(ASSOCIATION_EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"{sorted(unknown)} are not set through create_association")
    association = Association(**fields)
    association.full_clean()
    return _save(association, actor)


@transaction.atomic
def update_association(association, *, actor, **fields):
    """Edit an association's record; a new block or founding date moves the member counts with it."""
    unknown = set(fields) - set(ASSOCIATION_EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"{sorted(unknown)} are not changed through update_association")
    # Locked before the people on its roster, in the same order as close_association.
    association = Association.objects.select_for_update().get(pk=association.pk)
    with member_counts.tracking(associations=[association]):
        for name, value in fields.items():
            setattr(association, name, value)
        association.full_clean()
        return _save(association, actor)


@transaction.atomic
def close_association(association, *, actor, closed_on, reason, merged_into=None):
    """Close an association; its open memberships end the same day, or move to the one it merged into."""
    if reason not in ClosedReason.values:
        raise MembersError(_("Hãy chọn lý do hội thôi hoạt động."))
    if (reason == ClosedReason.MERGED) != (merged_into is not None):
        raise MembersError(_("Hãy chọn hội được sáp nhập vào khi và chỉ khi hội này sáp nhập vào hội khác."))
    association = Association.objects.select_for_update().get(pk=association.pk)
    if association.closed_on is not None:
        raise MembersError(_("Hội này đã thôi hoạt động từ trước."))
    if merged_into is not None and merged_into.pk == association.pk:
        raise MembersError(_("Không thể sáp nhập một hội vào chính nó."))
    if merged_into is not None:
        # Read it afresh: the caller's copy may predate that association's own closing.
        merged_into = Association.objects.get(pk=merged_into.pk)
        if not merged_into.is_active_on(closed_on):
            raise MembersError(
                _("Hội %(name)s không hoạt động vào ngày sáp nhập.") % {"name": merged_into.name}
            )
    association.closed_on = closed_on
    association.closed_reason = reason
    association.merged_into = merged_into
    association.full_clean()
    # Everyone on its roster, ever: the closing day ends their counting there, whatever their own dates.
    with member_counts.tracking(associations=[association]):
        _save(association, actor)
        for membership in association.memberships.filter(left_on__isnull=True).select_related("person"):
            record_leaving(membership, actor=actor, left_on=closed_on, reason="association_closed")
            if (
                merged_into is not None
                and not merged_into.memberships.filter(
                    person=membership.person, left_on__isnull=True
                ).exists()
            ):
                admit_member(
                    membership.person,
                    merged_into,
                    actor=actor,
                    joined_on=closed_on,
                    card_number=membership.card_number,
                )
    return association


# --- The roster in the browser, and the accounts of the associations' leads ---------------------------


@transaction.atomic
def add_member(association, *, actor, joined_on, card_number="", person=None, **person_fields):
    """Put someone on the association's roster: an existing person, or a new one made from `person_fields`.

    The association's row is locked first, so a form sent twice at once adds the member once: the second
    request waits, then finds the member already there. Only those who may link someone straight onto a
    roster pass an existing `person`; a lead asks the secretariat with request_link().
    """
    if person is not None and not access.links_directly(actor):
        raise MembersError(
            _("Chỉ Văn phòng Liên hiệp hội thêm được người đã có hồ sơ; hãy gửi đề nghị liên kết.")
        )
    association = Association.objects.select_for_update().get(pk=association.pk)
    if person is None:
        person_fields = _birth(person_fields)
        candidate = Person(**person_fields)
        candidate.normalize()
        key = (candidate.search_name, candidate.birth)
        on_roster = Person.objects.filter(
            memberships__association=association, memberships__left_on__isnull=True
        ).namesakes([key])
        if on_roster[key]:
            raise MembersError(
                _("%(person)s (cùng họ tên và ngày sinh) đã có trong danh sách hội viên của %(association)s.")
                % {"person": candidate.full_name, "association": association.name}
            )
        person = create_person(actor=actor, **person_fields)
    return admit_member(person, association, actor=actor, joined_on=joined_on, card_number=card_number)


MEMBERSHIP_EDITABLE_FIELDS = ("joined_on", "card_number")


@transaction.atomic
def update_member(membership, *, actor, expected_version, opened_with, person_fields, membership_fields):
    """Edit a member's record and their membership together: both change or neither does.

    `person_fields` and `membership_fields` hold only what differs from the stored record. The person is
    protected by its version; the membership, which has none, by the values the form was opened with
    (`opened_with`): if someone changed them since, the edit is refused and nothing is overwritten.
    """
    # Of what is edited here only the day someone joined moves the member counts.
    with member_counts.tracking([membership.person_id] if "joined_on" in membership_fields else []):
        membership = Membership.objects.select_for_update().select_related("person").get(pk=membership.pk)
        if membership_fields:
            if any(getattr(membership, name) != value for name, value in opened_with.items()):
                raise MembersError(
                    _(
                        "Thông tin hội viên của %(name)s vừa được người khác cập nhật. "
                        "Hãy tải lại trang để xem thay đổi rồi sửa lại."
                    )
                    % {"name": membership.person.full_name}
                )
            for name, value in membership_fields.items():
                if name not in MEMBERSHIP_EDITABLE_FIELDS:
                    raise ValueError(f"{name} is not changed through update_member")
                setattr(membership, name, value)
            if membership.left_on is not None and membership.left_on < membership.joined_on:
                raise MembersError(_("Ngày vào hội không thể sau ngày rời hội."))
            if "joined_on" in membership_fields:
                birth_date = _birth(person_fields).get("birth", membership.person.birth)
                _refuse(
                    joining_problem(
                        membership.association,
                        membership.joined_on,
                        birth_date=birth_date,
                        today=timezone.localdate(),
                    )
                )
            membership.full_clean()
            _save(membership, actor)
    if person_fields:
        update_person(membership.person, actor=actor, expected_version=expected_version, **person_fields)
    return membership


# --- Linking someone already in the federation to a roster -------------------------------------------


@transaction.atomic
def request_link(association, person, *, actor, joined_on, card_number="", reason=None):
    """Ask the secretariat to put `person`, whose record the asker may not see, on the association's roster.

    The request names the person the portal found, and the joining date and card number the association
    gives; the person's record is not touched, now or when the request is approved. `reason` goes into
    the history (an import names its file).
    """
    association = Association.objects.select_for_update().get(pk=association.pk)
    _refuse(joining_problem(association, joined_on, birth_date=person.birth_date, today=timezone.localdate()))
    _refuse_if_member(person, association)
    if association.link_requests.filter(person=person, status=LinkRequestStatus.PENDING).exists():
        raise MembersError(
            _("Đề nghị liên kết %(person)s với %(association)s đang chờ Văn phòng Liên hiệp hội xem xét.")
            % {"person": person.full_name, "association": association.name}
        )
    link_request = LinkRequest(
        association=association,
        person=person,
        joined_on=joined_on,
        card_number=card_number,
        requested_by=actor,
    )
    link_request.full_clean()
    link_request._change_reason = reason
    return _save(link_request, actor)


def _pending(link_request, actor):
    """The request locked, if it is still to be decided, and by the secretariat."""
    if not access.links_directly(actor):
        raise MembersError(_("Chỉ Văn phòng Liên hiệp hội quyết định đề nghị liên kết."))
    locked = (
        LinkRequest.objects.select_for_update()
        .select_related("association", "person")
        .get(pk=link_request.pk)
    )
    if locked.status != LinkRequestStatus.PENDING:
        raise MembersError(
            _("Đề nghị này đã được xử lý: %(status)s.") % {"status": locked.get_status_display().lower()}
        )
    return locked


def _decide(link_request, status, *, actor, note):
    link_request.status = status
    link_request.decided_by = actor
    link_request.decided_at = timezone.now()
    link_request.note = note
    link_request.full_clean()
    return _save(link_request, actor)


@transaction.atomic
def approve_link(link_request, *, actor, note=""):
    """Admit the requested person through admit_member, with the date and card asked for; returns the membership."""
    link_request = _pending(link_request, actor)
    membership = admit_member(
        link_request.person,
        link_request.association,
        actor=actor,
        joined_on=link_request.joined_on,
        card_number=link_request.card_number,
    )
    _decide(link_request, LinkRequestStatus.APPROVED, actor=actor, note=note)
    return membership


@transaction.atomic
def decline_link(link_request, *, actor, note=""):
    link_request = _pending(link_request, actor)
    return _decide(link_request, LinkRequestStatus.DECLINED, actor=actor, note=note)


# --- Accounts and the emails that invite people to them ------------------------------------------------

LEAD_INVITATION = "account/email/invitation"


def account_email(email):
    """Emails are kept in lower case, as UserManager does, so one address cannot hold two accounts."""
    return User.objects.normalize_email((email or "").strip()).lower()


def _log_account_change(actor, user, flag, message):
    """Accounts have no history table; the admin's log keeps who invited or revoked whom, and when."""
    if actor is None:
        return
    LogEntry.objects.log_actions(
        user_id=actor.pk, queryset=[user], action_flag=flag, change_message=message, single_object=True
    )


@transaction.atomic
def create_account(email, *, actor, role, full_name="", person=None, password=None, note="Tạo tài khoản"):
    """Make an account: a lead's, a delegate's, or one the admin makes. The one place accounts are made.

    Without a password the account has none usable until its holder chooses one through the link of an
    invitation (queue_invitation); `note` is what the admin's log says about it.
    """
    email = account_email(email)
    if User.objects.filter(email=email).exists():
        raise MembersError(_("Email %(email)s đã dùng cho một tài khoản khác.") % {"email": email})
    user = User(email=email, role=role, full_name=text.clean(full_name), person=person)
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    try:
        user.full_clean(exclude=["password"])
    except ValidationError as error:
        raise MembersError(" ".join(error.messages)) from None
    user.save()
    _log_account_change(actor, user, ADDITION, note)
    return user


@transaction.atomic
def queue_invitation(account, *, actor, template, context, portal_url=None):
    """Record an email inviting the account's holder, to be sent once the current transaction commits.

    Invitations of the same kind to the account that have not gone out are replaced by this one, so a
    retry never mails the person twice. `context` is what the email says beside its links (JSON values).
    Outside a request, pass `portal_url` ("https://host") to make the links.
    """
    for earlier in Invitation.objects.select_for_update().filter(
        account=account, template=template, status__in=UNSENT_INVITATIONS
    ):
        earlier.status = InvitationStatus.CANCELLED
        _save(earlier, actor)
    invitation = Invitation(
        account=account,
        email=account.email,
        template=template,
        context=context,
        # Inside a request allauth knows the scheme and host the secretariat is using.
        portal_url=(portal_url or build_absolute_uri(None, "/")).rstrip("/"),
        created_by=actor,
    )
    _save(invitation, actor)
    transaction.on_commit(lambda: send_invitation(invitation, actor=actor), robust=True)
    return invitation


def _invitation_message(invitation):
    account = invitation.account
    context = {
        **invitation.context,
        "user": account,
        "valid_days": max(1, settings.PASSWORD_RESET_TIMEOUT // 86400),
        "set_password_url": "",
    }
    if not account.has_usable_password():
        path = reverse(
            "account_reset_password_from_key",
            kwargs={
                "uidb36": user_pk_to_url_str(account),
                "key": default_token_generator.make_token(account),
            },
        )
        context["set_password_url"] = invitation.portal_url + path
    with translation.override("vi"):
        return get_adapter().render_mail(invitation.template, invitation.email, context)


@translation.override("vi")
def _mail_error(error):
    """What went wrong, in words the secretariat can act on, with the server's own words after them.

    Kept on the invitation, so in the portal's first language, as its emails are.
    """
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        reason = _("Máy chủ thư từ chối địa chỉ người nhận; hãy kiểm tra lại email.")
    elif isinstance(error, smtplib.SMTPAuthenticationError | smtplib.SMTPSenderRefused):
        reason = _("Máy chủ thư không nhận thư từ tài khoản gửi của cổng thông tin.")
    elif isinstance(error, smtplib.SMTPException):
        reason = _("Máy chủ thư báo lỗi khi nhận thư.")
    else:
        reason = _("Không kết nối được với máy chủ thư.")
    return f"{reason} ({error})"[:500]


def send_invitation(invitation, *, actor):
    """Mail the invitation unless it has gone out already, and record how it went; returns it as it stands.

    A mail server's error is recorded on the invitation, never raised. Two senders of one invitation (a
    retry and a double click, say) queue on its row and the second finds it sent, so it goes out once.
    """
    with transaction.atomic():
        # Taken first, this write holds the row (and SQLite's writer lock) while the email is sent.
        claimed = Invitation.objects.filter(pk=invitation.pk, status__in=UNSENT_INVITATIONS).update(
            attempts=F("attempts") + 1
        )
        invitation = Invitation.objects.select_related("account").get(pk=invitation.pk)
        if not claimed:
            return invitation
        try:
            _invitation_message(invitation).send()
        except (smtplib.SMTPException, OSError) as error:
            invitation.status, invitation.error = InvitationStatus.FAILED, _mail_error(error)
        else:
            invitation.status, invitation.error = InvitationStatus.SENT, ""
            invitation.sent_at = timezone.now()
        return _save(invitation, actor)


def retry_invitations(invitations, *, actor):
    """Send those of `invitations` (a queryset) that have not gone out; returns them as they now stand."""
    return [
        send_invitation(invitation, actor=actor)
        for invitation in invitations.filter(status__in=UNSENT_INVITATIONS).order_by("created_at", "id")
    ]


@transaction.atomic
def cancel_invitations(invitations, *, actor):
    """Withdraw those of `invitations` that have not gone out, so that no retry sends them."""
    for invitation in invitations.select_for_update().filter(status__in=UNSENT_INVITATIONS):
        invitation.status = InvitationStatus.CANCELLED
        _save(invitation, actor)


@transaction.atomic
def invite_lead(email, full_name, associations, *, actor, portal_url=None):
    """Create (or re-open) a lead's account and email them a one-time link to choose their password.

    The account has no usable password until the link is used; the link is allauth's password-reset key,
    so it works once (setting the password changes what the key was made from) and expires after
    PASSWORD_RESET_TIMEOUT. The email goes out once the account is committed: see queue_invitation.
    """
    email = account_email(email)
    associations = list(associations)
    if not associations:
        raise MembersError(_("Hãy chọn ít nhất một hội mà người này phụ trách."))
    user = User.objects.select_for_update().filter(email=email).first()
    if user is None:
        user = create_account(
            email, actor=actor, role=UserRole.LEAD, full_name=full_name, note="Gửi lời mời (tài khoản mới)"
        )
    elif user.role != UserRole.LEAD or user.is_staff or user.is_superuser:
        raise MembersError(
            _("Email %(email)s đã dùng cho một tài khoản %(role)s; không thể mời làm người phụ trách hội.")
            % {"email": email, "role": user.get_role_display().lower()}
        )
    elif user.is_active and user.has_usable_password():
        raise MembersError(
            _(
                "%(email)s đã có tài khoản đang hoạt động. Nếu người này quên mật khẩu, họ có thể dùng "
                "“Quên mật khẩu?” ở trang đăng nhập."
            )
            % {"email": email}
        )
    else:
        note = "Gửi lại lời mời" if user.is_active else "Mở lại tài khoản và gửi lời mời"
        user.full_name = text.clean(full_name)
        user.is_active = True
        user.set_unusable_password()
        user.full_clean(exclude=["password"])
        user.save()
        _log_account_change(actor, user, CHANGE, note)
    user.associations.set(associations)
    queue_invitation(
        user,
        actor=actor,
        template=LEAD_INVITATION,
        context={"associations": [a.name for a in sorted(associations, key=lambda a: a.sort_key)]},
        portal_url=portal_url,
    )
    return user


def lead_invitations():
    """The invitations of leads' accounts, for the leads page to show and retry."""
    return Invitation.objects.filter(account__role=UserRole.LEAD, template=LEAD_INVITATION)


@transaction.atomic
def revoke_lead(user, *, actor):
    """Close a lead's account or cancel their invitation; the account and everything it changed stay on record."""
    user = User.objects.select_for_update().get(pk=user.pk)
    if user.role != UserRole.LEAD:
        raise MembersError(_("Chỉ thu hồi được tài khoản của người phụ trách hội."))
    if not user.is_active:
        raise MembersError(_("Tài khoản của %(name)s đã bị thu hồi từ trước.") % {"name": user})
    user.is_active = False
    # An unused invitation link dies with the password it was made from; one not yet sent is not sent.
    user.set_unusable_password()
    user.save(update_fields=["is_active", "password"])
    cancel_invitations(user.invitations.all(), actor=actor)
    _log_account_change(actor, user, CHANGE, "Thu hồi tài khoản")
    return user

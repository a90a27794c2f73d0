"""Every change to associations, people, memberships and mandates goes through these functions.

Each runs in one transaction and records the acting user in the history, so the browser, the admin,
imports and commands all leave the same trail.
"""

from django.db import transaction
from django.utils.translation import gettext as _

from members.models import Association, EndReason, Mandate, Membership, Person


class MembersError(Exception):
    """A change that cannot be made; the message is safe to show to the user."""


def _save(instance, actor, **kwargs):
    instance._history_user = actor
    instance.save(**kwargs)
    return instance


@transaction.atomic
def create_person(*, actor, **fields):
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
    for name, value in fields.items():
        setattr(locked, name, value)
    locked.version += 1
    locked.full_clean()
    return _save(locked, actor)


@transaction.atomic
def admit_member(person, association, *, actor, joined_on, card_number=""):
    if not association.is_active_on(joined_on):
        raise MembersError(_("Hội %(name)s không hoạt động vào ngày này.") % {"name": association.name})
    if Membership.objects.filter(person=person, association=association, left_on__isnull=True).exists():
        raise MembersError(
            _("%(person)s đã là hội viên của %(association)s.")
            % {"person": person, "association": association}
        )
    membership = Membership(
        person=person, association=association, joined_on=joined_on, card_number=card_number
    )
    membership.full_clean()
    return _save(membership, actor)


@transaction.atomic
def record_leaving(membership, *, actor, left_on, reason, note=""):
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
def close_association(association, *, actor, closed_on, reason, merged_into=None):
    """Close an association; its open memberships end the same day, or move to the one it merged into."""
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
    _save(association, actor)
    for membership in association.memberships.filter(left_on__isnull=True).select_related("person"):
        record_leaving(membership, actor=actor, left_on=closed_on, reason="association_closed")
        if (
            merged_into is not None
            and not merged_into.memberships.filter(person=membership.person, left_on__isnull=True).exists()
        ):
            admit_member(
                membership.person,
                merged_into,
                actor=actor,
                joined_on=closed_on,
                card_number=membership.card_number,
            )
    return association

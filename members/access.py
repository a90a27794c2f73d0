"""Fetch-and-authorise helpers: every view gets its objects here, and what is not the user's answers 404.

Personal data (Decree 13/2023/NĐ-CP: birth date, phone, email, address, workplace, and the rest of a
person's record) is shown only to those whose roster the person is on now, and to the secretariat. A lead
still reaches anyone who was ever on one of their rosters, but of someone who left it they see the name
and their membership of that association, nothing of the record as it stands now, which may be another
association's. `people_with_personal_data` is that rule; every page and file takes it from here.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, F, OuterRef
from django.http import Http404
from django.shortcuts import get_object_or_404

from members.models import Association, LinkRequest, Membership, Person, RosterImport, User, UserRole


def visible_associations(user):
    if user.is_secretariat:
        return Association.objects.all()
    if user.is_lead:
        return user.associations.all()
    return Association.objects.none()


def get_association(user, pk):
    return get_object_or_404(visible_associations(user).select_related("merged_into", "federation"), pk=pk)


def _on_rosters(associations, *, now):
    memberships = Membership.objects.filter(person=OuterRef("pk"), association__in=associations)
    return Exists(memberships.filter(left_on__isnull=True) if now else memberships)


def visible_people(user):
    """Those whose page the user may open: everyone for the secretariat, for a lead anyone ever on their rosters."""
    if user.is_secretariat:
        return Person.objects.all()
    if user.is_lead:
        return Person.objects.filter(_on_rosters(user.associations.all(), now=False))
    return Person.objects.none()


def people_with_personal_data(user):
    """Those whose personal data the user may see and change: for a lead, the people on their rosters now."""
    if user.is_secretariat:
        return Person.objects.all()
    if user.is_lead:
        return Person.objects.filter(_on_rosters(user.associations.all(), now=True))
    return Person.objects.none()


def get_person(user, pk):
    """(person, personal): the person, and whether the user may see their personal data."""
    if user.is_secretariat:
        return get_object_or_404(Person, pk=pk), True
    people = visible_people(user).annotate(personal=_on_rosters(user.associations.all(), now=True))
    person = get_object_or_404(people, pk=pk)
    return person, person.personal


def links_directly(user):
    """Whether the user puts someone already in the federation straight onto a roster, without a request.

    Only the secretariat, which sees every record, or a command run with no user; a lead, who sees only
    their own rosters, asks the secretariat (members.services.request_link).
    """
    return user is None or user.is_secretariat


def require_secretariat(user):
    """Federation-wide pages exist only for the secretariat; anyone else is told nothing is there."""
    if not user.is_authenticated:
        raise PermissionDenied
    if not user.is_secretariat:
        raise Http404


# A roster may be changed by whoever may see it: the secretariat, and the leads of that association.
get_roster = get_association


def get_membership(user, association_pk, person_pk):
    """The association and the person's membership of it: the open one, or else the latest that ended."""
    association = get_roster(user, association_pk)
    membership = (
        association.memberships.filter(person_id=person_pk)
        .select_related("person")
        .order_by(F("left_on").desc(nulls_first=True), "-joined_on", "-id")
        .first()
    )
    if membership is None:
        raise Http404
    return association, membership


def get_member_record(user, association_pk, person_pk):
    """The association and the membership, for changing the person's record: only while it is the user's to see."""
    association, membership = get_membership(user, association_pk, person_pk)
    if not people_with_personal_data(user).filter(pk=person_pk).exists():
        raise Http404
    return association, membership


def get_link_request(user, pk):
    require_secretariat(user)
    return get_object_or_404(
        LinkRequest.objects.select_related("association", "person", "requested_by"), pk=pk
    )


def get_roster_import(user, pk):
    """An uploaded sheet, reachable only by those who may change the roster it was uploaded to."""
    imports = RosterImport.objects.filter(association__in=visible_associations(user))
    return get_object_or_404(imports.select_related("association"), pk=pk)


def get_lead(user, pk):
    require_secretariat(user)
    return get_object_or_404(User.objects.filter(role=UserRole.LEAD), pk=pk)

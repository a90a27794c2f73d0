"""Fetch-and-authorise helpers: every view gets its objects here, and what is not the user's answers 404."""

from django.core.exceptions import PermissionDenied
from django.db.models import F
from django.http import Http404
from django.shortcuts import get_object_or_404

from members.models import Association, Person, RosterImport, User, UserRole


def visible_associations(user):
    if user.is_secretariat:
        return Association.objects.all()
    if user.is_lead:
        return user.associations.all()
    return Association.objects.none()


def get_association(user, pk):
    return get_object_or_404(visible_associations(user).select_related("merged_into", "federation"), pk=pk)


def visible_people(user):
    if user.is_secretariat:
        return Person.objects.all()
    if user.is_lead:
        return Person.objects.filter(memberships__association__in=user.associations.all()).distinct()
    return Person.objects.none()


def get_person(user, pk):
    return get_object_or_404(visible_people(user), pk=pk)


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


def get_roster_import(user, pk):
    """An uploaded sheet, reachable only by those who may change the roster it was uploaded to."""
    imports = RosterImport.objects.filter(association__in=visible_associations(user))
    return get_object_or_404(imports.select_related("association"), pk=pk)


def get_lead(user, pk):
    require_secretariat(user)
    return get_object_or_404(User.objects.filter(role=UserRole.LEAD), pk=pk)

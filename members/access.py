"""Fetch-and-authorise helpers: every view gets its objects here, and what is not the user's answers 404."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from members.models import Association, Person


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

"""Fetch-and-authorise for the report pages: term reports are the secretariat's work."""

from django.shortcuts import get_object_or_404

from members.access import require_secretariat
from reports.models import ReportVersion, Shortcoming, TermReport


def get_report(user, pk):
    require_secretariat(user)
    return get_object_or_404(TermReport.objects.select_related("term__federation"), pk=pk)


def get_version(user, pk):
    require_secretariat(user)
    return get_object_or_404(ReportVersion.objects.select_related("report__term", "published_by"), pk=pk)


def get_shortcoming(user, report, pk):
    require_secretariat(user)
    return get_object_or_404(Shortcoming, report=report, pk=pk)

"""State changes of term reports: prose, shortcomings, and publishing frozen versions."""

import hashlib
import logging

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from members import member_counts
from reports import figures
from reports.document import compose_report, version_label_for
from reports.models import ReportVersion, Section, SectionText, Shortcoming, TermReport, VersionKind
from reports.placeholders import validate_prose
from reports.rendering import render_pdf

logger = logging.getLogger(__name__)


class ReportsError(Exception):
    """A change to a report that cannot be made; the message is safe to show to the user."""

    def __init__(self, message, details=()):
        super().__init__(message)
        self.details = list(details)


def _save(instance, actor):
    instance._history_user = actor
    instance.save()
    return instance


def _check_prose(report, text):
    try:
        validate_prose(text, figures.known_figures(report.term))
    except ValidationError as exc:
        raise ReportsError(exc.messages[0]) from None


@transaction.atomic
def save_section_text(report, section, body, *, actor):
    if section not in Section.values:
        raise ReportsError(_("Mục này không có trong báo cáo."))
    _check_prose(report, body)
    # Locking the report lets a first save create the text in one save, recorded with its author, without
    # racing another first save of the same section.
    TermReport.objects.select_for_update().get(pk=report.pk)
    text = SectionText.objects.filter(report=report, section=section).first()
    body = body.strip()
    if text is not None and text.body == body:
        return text  # nothing changed: nothing to add to the section's history
    text = text or SectionText(report=report, section=section)
    text.body = body
    return _save(text, actor)


@transaction.atomic
def add_shortcoming(report, text, *, actor, figure=""):
    _check_prose(report, text)
    _check_figure(report, figure)
    last = report.shortcomings.aggregate(last=Max("position"))["last"] or 0
    return _save(Shortcoming(report=report, position=last + 1, text=text.strip(), figure=figure), actor)


@transaction.atomic
def update_shortcoming(item, text, *, actor, figure=""):
    _check_prose(item.report, text)
    _check_figure(item.report, figure)
    item.text, item.figure = text.strip(), figure
    return _save(item, actor)


def _check_figure(report, figure):
    if figure and figure not in figures.known_figures(report.term):
        raise ReportsError(_("Không có số liệu nào tên {%(name)s}.") % {"name": figure})


@transaction.atomic
def move_shortcoming(item, *, actor, offset):
    """Swap an item with its neighbour above (offset -1) or below (+1); positions are renumbered 1..n."""
    items = list(
        Shortcoming.objects.select_for_update().filter(report_id=item.report_id).order_by("position", "id")
    )
    index = next(i for i, s in enumerate(items) if s.pk == item.pk)
    target = index + offset
    if not 0 <= target < len(items):
        return item
    items[index], items[target] = items[target], items[index]
    for position, shortcoming in enumerate(items, start=1):
        if shortcoming.position != position:
            shortcoming.position = position
            _save(shortcoming, actor)
    return item


@transaction.atomic
def remove_shortcoming(item, *, actor):
    item._history_user = actor
    item.delete()


@transaction.atomic
def publish_version(report, *, actor, kind=VersionKind.DRAFT, note=""):
    """Freeze the report as it reads now: its blocks and figures are stored, and its PDF with a checksum."""
    report = TermReport.objects.select_for_update().select_related("term__federation").get(pk=report.pk)
    versions = report.versions.all()
    if kind == VersionKind.OFFICIAL and versions.filter(kind=VersionKind.OFFICIAL).exists():
        raise ReportsError(_("Báo cáo này đã có bản chính thức; không thể ban hành thêm."))
    draft_number = None
    if kind == VersionKind.DRAFT:
        if versions.filter(kind=VersionKind.OFFICIAL).exists():
            raise ReportsError(_("Báo cáo đã có bản chính thức; không thể ban hành thêm dự thảo."))
        draft_number = versions.filter(kind=VersionKind.DRAFT).count() + 1
    _verify_member_counts(report)
    content = compose_report(report, version_label=version_label_for(kind, draft_number))
    if content["missing"]:
        labels = figures.known_figures(report.term)
        details = sorted(
            {
                f"{labels[m['figure']].label if m['figure'] in labels else m['figure']} ({{{m['figure']}}})"
                for m in content["missing"]
            }
        )
        raise ReportsError(_("Chưa thể ban hành: báo cáo còn số liệu chưa có dữ liệu."), details)
    pdf = render_pdf(content)
    number = (versions.aggregate(last=Max("number"))["last"] or 0) + 1
    version = ReportVersion(
        report=report,
        number=number,
        kind=kind,
        draft_number=draft_number,
        content=content,
        pdf_sha256=hashlib.sha256(pdf).hexdigest(),
        published_by=actor,
        note=note,
    )
    version.pdf.save(f"bao-cao-khoa-{report.term.roman}-v{number}.pdf", ContentFile(pdf), save=False)
    return _save(version, actor)


def _verify_member_counts(report):
    """A published version cites the member counts of the report's day: check the ledger they are read
    from against the rosters first, and rebuild it in this transaction if they disagree."""
    federation = report.term.federation
    check = member_counts.verify(federation, report.dated)
    if not check.ok:
        logger.warning(
            "Member counts of %s on %s: ledger %s, rosters %s; rebuilding the ledger before publishing.",
            federation.short_name,
            report.dated,
            check.ledger,
            check.direct,
        )
        member_counts.rebuild(federation)


@transaction.atomic
def create_report(term, *, actor):
    """Open the report of a term, dated today; its prose starts empty."""
    existing = TermReport.objects.filter(term=term).first()
    if existing is not None:
        return existing
    report = TermReport(
        term=term,
        subtitle=f"Kiểm điểm của Ban Chấp hành Liên hiệp hội khoá {term.roman}, nhiệm kỳ {term.years}",
        dated=timezone.localdate(),
    )
    return _save(report, actor)

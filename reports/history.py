"""The recorded changes of a report's prose and shortcomings, as the history pages show them.

Each page lists one page of history records, newest first, each set against the record before it with the
words that changed marked (reports.compare.mark_changes). Whatever the page holds, it is read in a fixed
number of queries: the page's records and, in one more, the records they are compared with.
"""

from dataclasses import dataclass, field

from django.db.models import Q
from django.utils.translation import gettext as _

from reports.compare import mark_changes
from reports.models import SectionText, Shortcoming


@dataclass
class Change:
    when: object
    who: object
    action: str
    html: str  # the text with the words that changed marked, safe to show
    notes: list = field(default_factory=list)


def section_text_records(report, section):
    """The history of one section's prose, newest first: a queryset a Paginator counts and slices."""
    return (
        SectionText.history.filter(report_id=report.pk, section=section)
        .select_related("history_user")
        .order_by("-history_date", "-history_id")
    )


def section_text_changes(records, queryset):
    """The changes one page of `section_text_records` shows; `queryset` finds the record before the page."""
    records = list(records)
    if not records:
        return []
    last = records[-1]
    before = (
        queryset.filter(
            Q(history_date__lt=last.history_date)
            | Q(history_date=last.history_date, history_id__lt=last.history_id)
        )
        .select_related(None)
        .only("body")
        .first()
    )
    changes = []
    for record, previous in zip(records, [*records[1:], before], strict=True):
        if record.history_type == "-":
            action, html = _("Xoá nội dung"), mark_changes(record.body, "")
        elif previous is None:
            action, html = _("Viết lần đầu"), mark_changes("", record.body)
        else:
            action, html = _("Sửa nội dung"), mark_changes(previous.body, record.body)
        changes.append(Change(record.history_date, record.history_user, action, html))
    return changes


def shortcoming_records(report):
    """The history of the report's shortcomings, newest first: a queryset a Paginator counts and slices."""
    return (
        Shortcoming.history.filter(report_id=report.pk)
        .select_related("history_user")
        .order_by("-history_date", "-history_id")
    )


def _figure(name):
    return f"{{{name}}}" if name else "—"


def shortcoming_changes(records):
    """The changes one page of `shortcoming_records` shows, each item set against its record before."""
    records = list(records)
    earlier = Shortcoming.history.filter(id__in={r.id for r in records}).order_by(
        "history_date", "history_id"
    )
    previous, last_seen = {}, {}
    for record in earlier.only("id", "history_date", "text", "figure", "position"):
        previous[record.history_id] = last_seen.get(record.id)
        last_seen[record.id] = record
    changes = []
    for record in records:
        before = previous.get(record.history_id)
        notes = []
        if record.history_type == "-":
            action, html = _("Xoá mục %(n)s"), mark_changes(record.text, "")
        elif before is None:
            action, html = _("Thêm mục %(n)s"), mark_changes("", record.text)
            if record.figure:
                notes.append(_("Số liệu liên quan: %(figure)s") % {"figure": _figure(record.figure)})
        else:
            html = mark_changes(before.text, record.text)
            if before.position != record.position:
                move = (
                    _("Từ vị trí %(old)s lên vị trí %(new)s")
                    if record.position < before.position
                    else _("Từ vị trí %(old)s xuống vị trí %(new)s")
                )
                notes.append(move % {"old": before.position, "new": record.position})
            if before.figure != record.figure:
                notes.append(
                    _("Số liệu liên quan: %(old)s → %(new)s")
                    % {"old": _figure(before.figure), "new": _figure(record.figure)}
                )
            if before.text != record.text or before.figure != record.figure:
                action = _("Sửa mục %(n)s")
            elif before.position != record.position:
                action = _("Chuyển mục %(n)s")
            else:
                action = _("Lưu lại mục %(n)s, không thay đổi")
        changes.append(
            Change(record.history_date, record.history_user, action % {"n": record.position}, html, notes)
        )
    return changes

"""The congress's printed programme (chương trình Đại hội) and its minutes (biên bản Đại hội).

`programme` and `minutes` read everything the documents say in a fixed number of queries, whatever the number
of items, speakers, motions or elections, and return plain data (dicts and lists) that the templates and the
DOCX writer both print. The documents are Vietnamese whatever language the portal is shown in.

A motion is printed with its counts only: nothing here reads who voted how, on an open vote or a secret one.
"""

from django.db.models import Prefetch
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from congress import counting
from congress.models import (
    AgendaItem,
    CongressDocument,
    HallBody,
    HallOfficer,
    Motion,
    MotionStatus,
    SpeakerKind,
    SpeakerRequest,
    SpeakerStatus,
)
from congress.services.delegates import attendance_board
from reports.document import date_line

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

# Who took the floor: the one speaking when the minutes are printed is on the record too.
SPOKE = [SpeakerStatus.DONE, SpeakerStatus.SPEAKING]
# Written contributions handed in and not taken back.
GONE = [SpeakerStatus.WITHDRAWN, SpeakerStatus.DECLINED]


def _day(value):
    return value.strftime("%d/%m/%Y") if value else ""


def _time(value):
    return value.strftime("%H:%M") if value else ""


def _moment(value):
    """'08:05 ngày 15/03/2024' for a stored moment, in the portal's time zone."""
    if value is None:
        return ""
    value = timezone.localtime(value)
    return _("%(time)s ngày %(day)s") % {"time": value.strftime("%H:%M"), "day": _day(value)}


def _hours(item):
    if item.starts_at and item.ends_at:
        return f"{_time(item.starts_at)}–{_time(item.ends_at)}"
    return _time(item.starts_at)


def _header(congress):
    federation = congress.term.federation
    return {
        "parent_body": federation.parent_body.upper(),
        "federation": federation.name_on_documents.upper(),
        "date_line": date_line(federation.locality, congress.date),
    }


def _officers(congress):
    """{"presidium": [...], "secretaries": [...]}, each {"name", "role", "association"} in board order."""
    bodies = {HallBody.PRESIDIUM: [], HallBody.SECRETARIES: []}
    officers = (
        HallOfficer.objects.filter(congress=congress)
        .select_related("delegate__person", "delegate__association")
        .order_by("position", "id")
    )
    for officer in officers:
        association = officer.delegate.association
        bodies[officer.body].append(
            {
                "name": officer.delegate.person.full_name,
                "role": officer.role,
                "association": association.name if association else "",
            }
        )
    return {"presidium": bodies[HallBody.PRESIDIUM], "secretaries": bodies[HallBody.SECRETARIES]}


def _agenda(congress, *, with_hall=False):
    items = AgendaItem.objects.filter(congress=congress).order_by("position", "id")
    prefetch = [Prefetch("documents", queryset=CongressDocument.objects.order_by("title", "id"))]
    if with_hall:
        prefetch.append(
            Prefetch(
                "speakers",
                queryset=SpeakerRequest.objects.exclude(status__in=GONE)
                .select_related("delegate__person", "delegate__association")
                .order_by("position", "requested_at", "id"),
            )
        )
    return list(items.prefetch_related(*prefetch))


def _programme_row(item, congress):
    return {
        "title": item.title,
        "presenter": item.presenter,
        "day": _day(item.day or congress.date),
        "hours": _hours(item),
        "documents": [document.title for document in item.documents.all()],
    }


def programme(congress):
    """The printed programme: the items in order with their day, hours, presenter and attached documents, and the
    presiding board and secretaries. Four queries (the congress's federation read with it)."""
    with translation.override("vi"):
        return {
            "header": _header(congress),
            "congress": congress.title,
            "venue": congress.venue,
            "items": [_programme_row(item, congress) for item in _agenda(congress)],
            **_officers(congress),
        }


def _speaker(request):
    seconds = request.seconds_spoken
    association = request.delegate.association
    return {
        "name": request.delegate.person.full_name,
        "association": association.name if association else "",
        "kind": str(request.get_kind_display()),
        "topic": request.topic,
        "minutes": None if seconds is None else max(1, round(seconds / 60)),
        "speaking": request.status == SpeakerStatus.SPEAKING,
    }


def _motion(motion):
    row = {
        "title": motion.title,
        "secret": motion.secret,
        "manner": _("biểu quyết kín") if motion.secret else _("biểu quyết công khai"),
        "status": motion.status,
        "status_label": str(motion.get_status_display()),
        "closed": motion.status == MotionStatus.CLOSED,
        "cancelled": motion.status == MotionStatus.CANCELLED,
    }
    if row["closed"]:
        row.update(
            yes=motion.yes,
            no=motion.no,
            abstain=motion.abstain,
            cast=motion.cast,
            base=motion.base,
            rule=str(motion.get_majority_base_display()),
            passed=bool(motion.passed),
            outcome=_("Được thông qua") if motion.passed else _("Không được thông qua"),
            summoned=motion.summoned,
            present=motion.present,
            needed=motion.needed,
            quorate=motion.quorate,
            closed_at=_moment(motion.closed_at),
        )
    return row


def _elections(congress):
    """Each election of the congress, with the elected as its confirmed result lists them (by votes)."""
    rows = []
    for election in congress.elections.order_by("held_on", "id"):
        row = {"title": election.title, "day": _day(election.held_on), "confirmed": election.is_confirmed}
        if election.is_confirmed:
            # The confirmed count is stored on the election: reading it takes no query.
            result = counting.Result.from_dict(election.result)
            row.update(
                seats=result.seats,
                elected=[
                    {"name": c.name, "votes": c.votes, "percent": c.percent_label} for c in result.elected
                ],
            )
        rows.append(row)
    return rows


def _attendance(congress):
    board = attendance_board(congress)
    return {
        "summoned": board.summoned,
        "present": board.present,
        "absent": board.absent,
        "needed": board.needed,
        "reached": board.reached,
        "by_kind": [
            {"label": str(label), "summoned": summoned, "present": present}
            for _kind, label, summoned, present in board.by_kind
        ],
        "guests": board.guests,
        "guests_present": board.guests_present,
    }


def minutes(congress):
    """What the minutes of the congress say: the header, the congress, its boards, the attendance, each item with
    who spoke and what was voted, the motions outside the programme, the elections and the signatures.

    A fixed number of queries: items, their documents and speakers, motions, officers, attendance, elections.
    """
    with translation.override("vi"):
        motions = list(Motion.objects.filter(congress=congress).order_by("position", "id"))
        by_item = {}
        for motion in motions:
            by_item.setdefault(motion.item_id, []).append(_motion(motion))
        items = []
        days = {congress.date}
        for item in _agenda(congress, with_hall=True):
            requests = list(item.speakers.all())
            spoke = [r for r in requests if r.status in SPOKE]
            written = [r for r in requests if r.kind == SpeakerKind.CONTRIBUTION and r.status not in SPOKE]
            days.add(item.day or congress.date)
            items.append(
                {
                    **_programme_row(item, congress),
                    "status": item.status,
                    "started_at": _moment(item.started_at),
                    "ended_at": _moment(item.ended_at),
                    "speakers": [_speaker(r) for r in spoke],
                    "contributions": [_speaker(r) for r in written],
                    "motions": by_item.get(item.pk, []),
                }
            )
        officers = _officers(congress)
        return {
            "header": _header(congress),
            "congress": congress.title,
            "venue": congress.venue,
            "days": [_day(day) for day in sorted(days)],
            **officers,
            "attendance": _attendance(congress),
            "items": items,
            "other_motions": by_item.get(None, []),
            "elections": _elections(congress),
            "signatures": {
                "secretary": officers["secretaries"][0]["name"] if officers["secretaries"] else "",
                "chair": officers["presidium"][0]["name"] if officers["presidium"] else "",
            },
        }

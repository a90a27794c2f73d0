"""The congress's printed programme (chương trình Đại hội) and its minutes (biên bản Đại hội).

`programme` and `minutes` read everything the documents say in a fixed number of queries, whatever the number
of items, speakers, motions or elections, and return plain data (dicts and lists) that the templates and the
DOCX writer both print. The documents are Vietnamese whatever language the portal is shown in.

A motion is printed with its counts only: nothing here reads who voted how, on an open vote or a secret one.
"""

from django.db.models import Prefetch
from django.template.loader import render_to_string
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
from reports import rendering
from reports.document import INDEX, NUMBER, TEXT, date_line

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

# Who took the floor: the one speaking when the minutes are printed is on the record too.
SPOKE = [SpeakerStatus.DONE, SpeakerStatus.SPEAKING]
# Requests taken back or not given a turn: not on the record.
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
        "federation_name": federation.name_on_documents,
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
    presiding board and secretaries. Three queries: items, their documents, the officers (the congress is
    fetched with its term and federation)."""
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
    # A turn cut short under a minute is still a turn: it is printed as one minute.
    minutes = None if seconds is None else max(1, round(seconds / 60))
    speaking = request.status == SpeakerStatus.SPEAKING
    if speaking:
        duration = _("đang phát biểu")
    else:
        duration = "" if minutes is None else _("%(minutes)s phút") % {"minutes": minutes}
    association = request.delegate.association
    return {
        "name": request.delegate.person.full_name,
        "association": association.name if association else "",
        "kind": str(request.get_kind_display()),
        "topic": request.topic,
        "minutes": minutes,
        "speaking": speaking,
        "duration": duration,
    }


def _motion_lines(motion):
    """What the minutes say of a motion's result: its counts and the numbers they were read against, never
    who chose what."""
    if motion.status == MotionStatus.CANCELLED:
        return [_("Đã huỷ, không lấy kết quả.")]
    if motion.status != MotionStatus.CLOSED:
        return [_("%(status)s; chưa có kết quả.") % {"status": motion.get_status_display()}]
    return [
        _(
            "Tán thành: %(yes)s; không tán thành: %(no)s; không biểu quyết: %(abstain)s (cộng %(cast)s đại biểu)."
        )
        % {"yes": motion.yes, "no": motion.no, "abstain": motion.abstain, "cast": motion.cast},
        _("Căn cứ tính quá bán: %(rule)s (%(base)s); số tán thành phải nhiều hơn một nửa số này.")
        % {"rule": motion.get_majority_base_display(), "base": motion.base},
        _(
            "Khi kết thúc biểu quyết có mặt %(present)s/%(summoned)s đại biểu, cần ít nhất %(needed)s: %(quorum)s."
        )
        % {
            "present": motion.present,
            "summoned": motion.summoned,
            "needed": motion.needed,
            "quorum": _("đủ điều kiện biểu quyết") if motion.quorate else _("không đủ điều kiện biểu quyết"),
        },
        _("Kết quả: %(outcome)s.")
        % {"outcome": _("được thông qua") if motion.passed else _("không được thông qua")},
    ]


def _motion(motion):
    row = {
        "title": motion.title,
        "secret": motion.secret,
        "manner": _("biểu quyết kín") if motion.secret else _("biểu quyết công khai"),
        "status": motion.status,
        "closed": motion.status == MotionStatus.CLOSED,
        "cancelled": motion.status == MotionStatus.CANCELLED,
        "lines": _motion_lines(motion),
    }
    row["heading"] = _("Biểu quyết “%(title)s” (%(manner)s)") % row
    if row["closed"]:
        row.update(
            yes=motion.yes,
            no=motion.no,
            abstain=motion.abstain,
            base=motion.base,
            rule=str(motion.get_majority_base_display()),
            passed=bool(motion.passed),
            present=motion.present,
            needed=motion.needed,
            quorate=motion.quorate,
        )
    return row


def _elections(congress):
    """Each election of the congress, with the elected as its confirmed result lists them (by votes)."""
    rows = []
    for election in congress.elections.order_by("held_on", "id"):
        row = {
            "title": election.title,
            "day": _day(election.held_on),
            "confirmed": election.is_confirmed,
            "elected": [],
            "line": _("Chưa có kết quả được xác nhận."),
        }
        if election.is_confirmed:
            # The confirmed count is stored on the election: reading it takes no query.
            result = counting.Result.from_dict(election.result)
            row.update(
                seats=result.seats,
                elected=[
                    {"name": c.name, "votes": c.votes, "percent": c.percent_label} for c in result.elected
                ],
            )
            row["line"] = (
                _("Trúng cử %(elected)s/%(seats)s người:")
                % {"elected": len(row["elected"]), "seats": result.seats}
                if row["elected"]
                else _("Không ai trúng cử.")
            )
        rows.append(row)
    return rows


def _when(item):
    if item.started_at is None:
        return _("Chưa diễn ra.")
    if item.ended_at is None:
        return _("Bắt đầu lúc %(start)s, đang diễn ra.") % {"start": _moment(item.started_at)}
    return _("Bắt đầu lúc %(start)s, kết thúc lúc %(end)s.") % {
        "start": _moment(item.started_at),
        "end": _moment(item.ended_at),
    }


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
        "lines": [
            _("Tổng số đại biểu được triệu tập: %(summoned)s; có mặt: %(present)s; vắng mặt: %(absent)s.")
            % {"summoned": board.summoned, "present": board.present, "absent": board.absent},
            _(
                "Theo quy chế, Đại hội cần ít nhất %(needed)s đại biểu có mặt; số đại biểu có mặt %(reached)s "
                "để Đại hội tiến hành."
            )
            % {
                "needed": board.needed,
                "reached": _("đủ điều kiện") if board.reached else _("chưa đủ điều kiện"),
            },
            _("Khách mời: %(present)s/%(guests)s có mặt.")
            % {"present": board.guests_present, "guests": board.guests},
        ],
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
                    "when": _when(item),
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
            "closing": _("Biên bản Đại hội lập ngày %(day)s, gồm các nội dung nêu trên.")
            % {"day": _day(max(days))},
            "signatures": {
                "secretary": officers["secretaries"][0]["name"] if officers["secretaries"] else "",
                "chair": officers["presidium"][0]["name"] if officers["presidium"] else "",
            },
        }


# --- The documents -----------------------------------------------------------------------------------------


def _render(template, data):
    # Documents of the congress are Vietnamese whatever language the portal is shown in.
    with translation.override("vi"):
        return render_to_string(template, {"data": data, "stylesheet": rendering.stylesheet()})


def _pdf(html):
    from weasyprint import HTML

    return HTML(string=html).write_pdf()


def programme_html(congress):
    return _render("congress/hall/documents/programme.html", programme(congress))


def programme_pdf(congress):
    """The printed programme: (filename, content type, bytes)."""
    return f"chuong-trinh-dai-hoi-{congress.term.roman}.pdf", PDF, _pdf(programme_html(congress))


def minutes_html(congress):
    return _render("congress/hall/documents/minutes.html", minutes(congress))


def minutes_pdf(congress):
    """The minutes of the congress (biên bản Đại hội): (filename, content type, bytes)."""
    return f"bien-ban-dai-hoi-{congress.term.roman}.pdf", PDF, _pdf(minutes_html(congress))


def _cells(*cells):
    return [{"text": str(text), "kind": kind} for text, kind in cells]


def _docx_officers(document, data):
    for label, officers in (("Đoàn Chủ tịch:", data["presidium"]), ("Đoàn Thư ký:", data["secretaries"])):
        rendering.docx_paragraph(document, label + ("" if officers else " chưa có."), bold=True)
        for n, officer in enumerate(officers, start=1):
            line = f"- {officer['name']}"
            if officer["role"]:
                line += f", {officer['role']}"
            if officer["association"]:
                line += f" ({officer['association']})"
            rendering.docx_paragraph(document, line + ("." if n == len(officers) else ";"))


def _docx_speakers(document, speakers, *, with_duration):
    head = ["STT", "Họ và tên", "Đơn vị", "Hình thức", "Nội dung"] + (["Thời gian"] if with_duration else [])
    body = []
    for n, speaker in enumerate(speakers, start=1):
        row = [(n, INDEX), (speaker["name"], TEXT), (speaker["association"], TEXT), (speaker["kind"], TEXT)]
        row.append((speaker["topic"], TEXT))
        if with_duration:
            row.append((speaker["duration"], INDEX))
        body.append(_cells(*row))
    rendering.docx_table(document, _cells(*((h, INDEX) for h in head)), body)
    rendering.docx_paragraph(document, indent=False, size=6)


def _docx_motion(document, motion):
    rendering.docx_paragraph(document, motion["heading"], bold=True)
    for line in motion["lines"]:
        rendering.docx_paragraph(document, f"- {line}")


def minutes_docx(congress):
    """The minutes as a Word document, saying what the PDF says: (filename, content type, bytes)."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    data = minutes(congress)
    document = rendering.docx_document()
    header = data["header"]
    rendering.docx_state_header(
        document,
        parent_body=header["parent_body"],
        federation=header["federation"],
        date_line=header["date_line"],
    )

    def para(text="", **kwargs):
        return rendering.docx_paragraph(document, text, **kwargs)

    def centred(text):
        return para(text, bold=True, indent=False, align=WD_ALIGN_PARAGRAPH.CENTER)

    centred("BIÊN BẢN ĐẠI HỘI")
    centred(data["congress"])
    venue = f", tại {data['venue']}" if data["venue"] else ""
    para(
        f"Ngày {', '.join(data['days'])}{venue}, {header['federation_name']} tiến hành {data['congress']}.",
        align=WD_ALIGN_PARAGRAPH.JUSTIFY,
    )

    para("I. Đoàn Chủ tịch và Đoàn Thư ký", bold=True)
    _docx_officers(document, data)

    para("II. Tình hình đại biểu", bold=True)
    attendance = data["attendance"]
    rendering.docx_table(
        document,
        _cells(("Đại biểu", INDEX), ("Được triệu tập", INDEX), ("Có mặt", INDEX)),
        [
            _cells((r["label"], TEXT), (r["summoned"], NUMBER), (r["present"], NUMBER))
            for r in attendance["by_kind"]
        ],
        _cells(("Cộng", TEXT), (attendance["summoned"], NUMBER), (attendance["present"], NUMBER)),
    )
    para(indent=False, size=6)
    for line in attendance["lines"]:
        para(line)

    para("III. Diễn biến Đại hội", bold=True)
    for n, item in enumerate(data["items"], start=1):
        para(f"{n}. {item['title']}", bold=True)
        presenter = f"Trình bày / điều hành: {item['presenter']}. " if item["presenter"] else ""
        para(presenter + item["when"])
        if item["speakers"]:
            para("Phát biểu tại Đại hội:", italic=True)
            _docx_speakers(document, item["speakers"], with_duration=True)
        if item["contributions"]:
            para("Tham luận gửi Đại hội:", italic=True)
            _docx_speakers(document, item["contributions"], with_duration=False)
        for motion in item["motions"]:
            _docx_motion(document, motion)

    if data["other_motions"]:
        para("IV. Các nội dung biểu quyết khác", bold=True)
        for motion in data["other_motions"]:
            _docx_motion(document, motion)

    para(f"{'V' if data['other_motions'] else 'IV'}. Bầu cử", bold=True)
    for election in data["elections"]:
        p = para()
        p.add_run(election["title"]).bold = True
        p.add_run(f" (ngày {election['day']}): {election['line']}")
        if election["elected"]:
            rendering.docx_table(
                document,
                _cells(("STT", INDEX), ("Họ và tên", INDEX), ("Số phiếu", INDEX), ("Tỷ lệ", INDEX)),
                [
                    _cells((n, INDEX), (row["name"], TEXT), (row["votes"], NUMBER), (row["percent"], NUMBER))
                    for n, row in enumerate(election["elected"], start=1)
                ],
            )
            para(indent=False, size=6)
    if not data["elections"]:
        para("Đại hội chưa tiến hành bầu cử.")
    para(data["closing"])

    signature = document.add_table(rows=1, cols=2)
    for cell, title, name in zip(
        signature.rows[0].cells,
        ("THƯ KÝ ĐẠI HỘI", "T.M ĐOÀN CHỦ TỊCH"),
        (data["signatures"]["secretary"], data["signatures"]["chair"]),
        strict=True,
    ):
        cell.paragraphs[0].add_run(title).bold = True
        cell.add_paragraph()
        cell.add_paragraph()
        cell.add_paragraph().add_run(name).bold = True
        for p in cell.paragraphs:
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    return f"bien-ban-dai-hoi-{congress.term.roman}.docx", DOCX, rendering.docx_bytes(document)

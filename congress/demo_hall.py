"""Demo data for the hall on the day of congress V, as it stands while the ballots of the election are counted
(the demo leaves their entry to be tried): the programme (the times of the programme's PDF), the presiding board
and the secretaries, who spoke in the discussion and the written contributions, the motions the delegates present
voted on, and the resolution's vote, prepared for the last item.

Everything goes through congress.services.hall, so the history is as in real use; the times are then set to the
morning of the congress. Loading again changes nothing.
"""

import datetime
import random

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from congress.models import (
    AgendaItem,
    Choice,
    CongressDocument,
    Delegate,
    DelegateKind,
    HallBody,
    Motion,
    MotionVote,
    SpeakerKind,
    SpeakerRequest,
)
from congress.services import hall as services

SEED = 20240315

# (start, end, title, presenter, minutes per speaker, motions: [(title, secret)])
PROGRAMME = [
    ("07:00", "07:45", "Đón tiếp đại biểu, điểm danh bằng mã QR", "Ban Tổ chức", 0, []),
    ("07:45", "08:00", "Văn nghệ chào mừng", "", 0, []),
    (
        "08:00",
        "08:20",
        "Chào cờ; tuyên bố lý do, giới thiệu đại biểu; bầu Đoàn Chủ tịch, Đoàn Thư ký; "
        "thông qua chương trình và quy chế làm việc",
        "Ban Tổ chức",
        3,
        [("Thông qua chương trình Đại hội", False), ("Thông qua Quy chế làm việc của Đại hội", False)],
    ),
    (
        "08:20",
        "09:10",
        "Báo cáo kiểm điểm của Ban Chấp hành khoá IV; phương hướng nhiệm kỳ 2024–2029",
        "Đoàn Chủ tịch",
        0,
        [],
    ),
    (
        "09:10",
        "09:30",
        "Báo cáo thẩm tra tư cách đại biểu",
        "Ban Thẩm tra tư cách đại biểu",
        0,
        [("Thông qua Báo cáo thẩm tra tư cách đại biểu", False)],
    ),
    ("09:30", "10:30", "Tham luận; phát biểu của lãnh đạo cấp trên", "Đoàn Chủ tịch", 5, []),
    (
        "10:30",
        "11:15",
        "Bầu Ban Chấp hành khoá V; công bố kết quả",
        "Ban Kiểm phiếu",
        0,
        [("Thông qua số lượng Ủy viên Ban Chấp hành khoá V", True)],
    ),
    (
        "11:15",
        "11:30",
        "Thông qua Nghị quyết Đại hội; bế mạc",
        "Đoàn Thư ký",
        0,
        [("Thông qua Nghị quyết Đại hội đại biểu lần thứ V", False)],
    ),
]
DISCUSSION = 5  # the programme's item where delegates speak
NOW = 6  # the item the hall is on: the ballots of the election are being counted

SPEECHES = [
    ("Phát triển hội viên ở các xã vùng cao", 4),
    ("Ứng dụng tiến bộ kỹ thuật vào trồng cam bù", 6),
    ("Tư vấn, phản biện và giám định xã hội ở cấp huyện", 5),
    ("Chăm sóc sức khoẻ ban đầu cho người cao tuổi", 5),
]
CONTRIBUTIONS = [
    "Kinh nghiệm xây dựng chi hội nghề nghiệp ở cơ sở",
    "Nuôi hươu lấy nhung: chuyển giao kỹ thuật cho hội viên",
    "Đổi mới sinh hoạt hội ở các trường học",
]


def _at(congress, clock):
    hours, minutes = map(int, clock.split(":"))
    return timezone.make_aware(datetime.datetime.combine(congress.date, datetime.time(hours, minutes)))


def _time(clock):
    hours, minutes = map(int, clock.split(":"))
    return datetime.time(hours, minutes)


def _contribution_pdf(title, name):
    from weasyprint import HTML

    html = (
        '<html lang="vi"><head><meta charset="utf-8"><style>@page { size: A4; margin: 20mm 15mm 20mm 30mm; }'
        'body { font-family: "Tinos"; font-size: 14pt; } h1 { font-size: 15pt; text-align: center; }</style></head>'
        f"<body><h1>THAM LUẬN</h1><p><b>{title}</b></p><p>Người trình bày: {name}</p></body></html>"
    )
    return HTML(string=html).write_pdf()


@transaction.atomic
def load_hall_demo(congress, *, actor):
    if AgendaItem.objects.filter(congress=congress).exists():
        return ""
    rng = random.Random(SEED)
    present = list(
        Delegate.objects.filter(congress=congress, check_in__isnull=False)
        .counted()
        .select_related("person")
        .order_by("person__sort_key", "pk")
    )
    if not present:
        return ""
    documents = {d.title: d for d in CongressDocument.objects.filter(congress=congress)}
    items = []
    for start, end, title, presenter, minutes, _motions in PROGRAMME:
        item = services.add_agenda_item(
            congress,
            actor=actor,
            title=title,
            presenter=presenter,
            starts_at=_time(start),
            ends_at=_time(end),
            speaking_minutes=minutes,
        )
        items.append(item)
    if "Chương trình Đại hội" in documents:
        services.update_agenda_item(items[2], actor=actor, documents=[documents["Chương trình Đại hội"]])
    report = next((d for d in documents.values() if d.report_version_id), None)
    if report is not None:
        services.update_agenda_item(items[3], actor=actor, documents=[report])

    ex_officio = [d for d in present if d.kind == DelegateKind.EX_OFFICIO]
    elected = [d for d in present if d.kind == DelegateKind.ELECTED]
    for index, delegate in enumerate((ex_officio or present)[:3]):
        services.add_officer(
            congress, delegate, actor=actor, body=HallBody.PRESIDIUM, role="Chủ trì" if index == 0 else ""
        )
    for index, delegate in enumerate(elected[-2:]):
        services.add_officer(
            congress,
            delegate,
            actor=actor,
            body=HallBody.SECRETARIES,
            role="Trưởng Đoàn Thư ký" if not index else "",
        )

    speakers = rng.sample(elected or present, len(SPEECHES) + len(CONTRIBUTIONS))
    for index, ((start, end, _title, _presenter, _minutes, motions), item) in enumerate(
        zip(PROGRAMME, items, strict=True)
    ):
        if index > NOW:
            # Still to come: the resolution's vote is prepared, not yet opened.
            for title, secret in motions:
                services.add_motion(congress, actor=actor, title=title, secret=secret, item=item)
            continue
        services.start_item(item, actor=actor)
        _set(AgendaItem, item, started_at=_at(congress, start))
        clock = _at(congress, start)
        if index == DISCUSSION:
            clock = _discussion(congress, item, speakers, actor, clock)
        for title, secret in motions:
            clock = _vote(congress, item, title, secret, present, actor, rng, clock)
        if index < NOW:
            services.finish_item(item, actor=actor)
            _set(AgendaItem, item, ended_at=_at(congress, end))
    services.new_screen_token(congress, actor=actor)
    passed = Motion.objects.filter(congress=congress, passed=True).count()
    return (
        f"Hội trường: chương trình {len(items)} phần, đang ở phần “{items[NOW].title}”; {len(SPEECHES)} lượt phát "
        f"biểu, {len(CONTRIBUTIONS)} tham luận, {passed} nội dung biểu quyết được thông qua."
    )


def _set(model, instance, **fields):
    """Put the morning's times on what the services stamped with today's."""
    model.objects.filter(pk=instance.pk).update(**fields)


def _discussion(congress, item, speakers, actor, clock):
    spoken = speakers[: len(SPEECHES)]
    for delegate, (topic, minutes) in zip(spoken, SPEECHES, strict=True):
        request = services.request_to_speak(item, delegate, actor=actor, topic=topic)
        services.admit_speaker(request, actor=actor)
        services.start_speaker(request, actor=actor)
        services.stop_speaker(request, actor=actor)
        started = clock + datetime.timedelta(minutes=1)
        clock = started + datetime.timedelta(minutes=minutes, seconds=20)
        _set(
            SpeakerRequest,
            request,
            requested_at=started - datetime.timedelta(minutes=30),
            started_at=started,
            ended_at=clock,
        )
    for delegate, topic in zip(speakers[len(SPEECHES) :], CONTRIBUTIONS, strict=True):
        name = delegate.person.full_name
        pdf = ContentFile(_contribution_pdf(topic, name), name=f"tham-luan-{delegate.pk}.pdf")
        paper = services.request_to_speak(
            item, delegate, actor=actor, kind=SpeakerKind.CONTRIBUTION, topic=topic, file=pdf
        )
        _set(SpeakerRequest, paper, requested_at=clock - datetime.timedelta(days=3))
    return clock


def _vote(congress, item, title, secret, present, actor, rng, clock):
    motion = services.add_motion(congress, actor=actor, title=title, secret=secret, item=item)
    services.open_motion(motion, actor=actor)
    opened = clock + datetime.timedelta(minutes=1)
    for delegate in present:
        draw = rng.random()
        if draw < 0.03:
            continue  # stepped out
        choice = Choice.YES if draw < 0.93 else (Choice.ABSTAIN if draw < 0.97 else Choice.NO)
        services.cast_vote(motion, delegate, actor=delegate.account or actor, choice=choice)
    services.close_motion(motion, actor=actor)
    closed = opened + datetime.timedelta(minutes=2)
    _set(Motion, motion, opened_at=opened, closed_at=closed)
    MotionVote.objects.filter(motion=motion).update(cast_at=opened + datetime.timedelta(seconds=40))
    return closed

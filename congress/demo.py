"""Demo data for congress V: the congress itself, then its delegates, its elections and its hall on the day
(congress/demo_hall.py).

Delegates (all people already in the demo, none created): each association's quota is computed from its
roster (one delegate for every 75 members, at least one), and filled from its members, leaders first, in a
fixed order; the 14 outgoing committee members still in office are ex officio; four heads of district
offices are appointed; the five who left the committee during term IV are invited as guests. One elected
delegate was replaced (revoked, with the reason). Most delegates checked in on the morning of the congress.
The demo delegate account (daibieu@lienhiephoi.vn) is linked to its person, an ex officio delegate.

Documents: "Dự thảo lần 1" of the term IV report, published through reports.services and open for comments,
with a few comments (some typed by delegates, some received on paper and entered by the office), and the
congress programme as an uploaded PDF. Loading again changes nothing.
"""

import datetime
import random

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from congress.demo_elections import load_election_demo
from congress.demo_hall import load_hall_demo
from congress.models import (
    CheckIn,
    CommentDecision,
    Congress,
    CongressDocument,
    CredentialStatus,
    Delegate,
    DelegateKind,
)
from congress.services import CongressError
from congress.services import delegates as services
from members.models import Body, Mandate, Membership, Term, User

SEED = 20240315
MEMBERS_PER_DELEGATE = 75
DEMO_DELEGATE_EMAIL = "daibieu@lienhiephoi.vn"
CREDENTIALS_HEAD = "Phan Đình Thắng"
# Jobs an association would send first: its officers and the heads of its units.
LEADING_JOBS = (
    "Chủ tịch",
    "Phó Chủ tịch",
    "Giám đốc",
    "Hiệu trưởng",
    "Phó Hiệu trưởng",
    "Trạm trưởng",
    "Trưởng",
    "Bác sĩ",
    "Kỹ sư",
    "Tổ trưởng",
)
APPOINTED = 4
NOT_CHECKED_IN = 8
PENDING_CREDENTIALS = 3
REJECTED_REASON = "Hội chưa gửi biên bản bầu đại biểu; đề nghị hội bổ sung trước phiên khai mạc."
REVOKED_REASON = "Hội bầu người khác thay thế do đồng chí đi công tác dài ngày."

# (paragraph of the draft, comment, decision, the office's note); the first three are the demo delegate's.
COMMENTS = [
    (
        "organisation-1",
        "Đề nghị nêu rõ số hội viên mới kết nạp trong nhiệm kỳ, không chỉ số hội viên hiện có.",
        CommentDecision.TAKEN,
        "Bổ sung vào dự thảo lần 2.",
    ),
    (
        "dissemination-1",
        "Nên kể thêm kết quả chuyển giao giống chè và mô hình trồng cam theo VietGAP ở các xã vùng thượng.",
        CommentDecision.PENDING,
        "",
    ),
    (
        "",
        "Dự thảo rõ ràng, số liệu đầy đủ. Đề nghị in tài liệu khổ A4 để đại biểu dễ đọc.",
        CommentDecision.PENDING,
        "",
    ),
    (
        "creativity-1",
        "Đề nghị ghi tên các giải pháp đạt giải cấp tỉnh để biểu dương tác giả.",
        CommentDecision.TAKEN,
        "Thêm bảng danh sách giải pháp đạt giải.",
    ),
    (
        "shortcomings-1",
        "Phần hạn chế nên chỉ rõ nguyên nhân chủ quan, nhất là việc nắm số liệu ở các hội cơ sở.",
        CommentDecision.NOT_TAKEN,
        "Nguyên nhân đã nêu ở đoạn sau của phần II.",
    ),
    (
        "organisation-1",
        "Số hội thành viên sau sáp nhập xã cần ghi rõ thời điểm tính.",
        CommentDecision.PENDING,
        "",
    ),
]
PROGRAMME = """
<html><head><meta charset="utf-8"><style>
@page {{ size: A4; margin: 20mm 15mm 20mm 30mm; }}
body {{ font-family: "Tinos"; font-size: 14pt; line-height: 1.4; }}
h1 {{ font-size: 15pt; text-align: center; margin: 0 0 2pt; }} p.sub {{ text-align: center; font-weight: bold; margin: 0 0 14pt; }}
table {{ width: 100%; border-collapse: collapse; font-size: 13pt; }} td {{ border: .6pt solid #000; padding: 3pt 5pt; vertical-align: top; }}
td:first-child {{ width: 3cm; text-align: center; white-space: nowrap; }}
</style></head><body>
<h1>CHƯƠNG TRÌNH ĐẠI HỘI</h1><p class="sub">{title}<br>{venue}, ngày {date}</p>
<table>
<tr><td>07:00 – 07:45</td><td>Đón tiếp đại biểu, điểm danh bằng mã QR</td></tr>
<tr><td>07:45 – 08:00</td><td>Văn nghệ chào mừng</td></tr>
<tr><td>08:00 – 08:20</td><td>Chào cờ; tuyên bố lý do, giới thiệu đại biểu; bầu Đoàn Chủ tịch, Đoàn Thư ký, Ban Thẩm tra tư cách đại biểu</td></tr>
<tr><td>08:20 – 09:10</td><td>Báo cáo kiểm điểm của Ban Chấp hành khoá {outgoing}; phương hướng nhiệm vụ nhiệm kỳ {years}</td></tr>
<tr><td>09:10 – 09:30</td><td>Báo cáo thẩm tra tư cách đại biểu; Đại hội biểu quyết</td></tr>
<tr><td>09:30 – 10:30</td><td>Tham luận; phát biểu của lãnh đạo cấp trên</td></tr>
<tr><td>10:30 – 11:15</td><td>Bầu Ban Chấp hành khoá {roman}; công bố kết quả</td></tr>
<tr><td>11:15 – 11:30</td><td>Thông qua Nghị quyết Đại hội; bế mạc</td></tr>
</table></body></html>
"""


def on_demo_loaded(sender, *, federation, actor, **kwargs):
    with transaction.atomic():
        term = Term.objects.get(federation=federation, ordinal=5)
        congress, _created = Congress.objects.get_or_create(
            term=term,
            defaults={
                "venue": "Hội trường UBND huyện Hương Sơn",
                "members_per_delegate": MEMBERS_PER_DELEGATE,
                "credentials_head": CREDENTIALS_HEAD,
            },
        )
    lines = [f"Đại hội lần thứ {term.roman}: {congress.venue}, ngày {term.congress_date:%d/%m/%Y}."]
    lines.append(load_delegates_demo(congress, actor=actor))
    lines.append(load_documents_demo(congress, actor=actor))
    lines.append(load_election_demo(congress, actor))
    lines.append(load_hall_demo(congress, actor=actor))
    return "\n".join(line for line in lines if line)


# --- Delegates ----------------------------------------------------------------------------------------------


@transaction.atomic
def load_delegates_demo(congress, *, actor):
    if not Delegate.objects.filter(congress=congress).exists():
        _summon(congress, actor)
        _credentials(congress, actor)
        _check_ins(congress, actor)
    _link_demo_account(congress)
    board = services.attendance_board(congress)
    return (
        f"Đại biểu Đại hội: {board.summoned} được triệu tập "
        + "("
        + ", ".join(f"{n} {label.lower()}" for _k, label, n, _p in board.by_kind)
        + f"), "
        f"{board.guests} khách mời; {board.present} đã điểm danh."
    )


def _summon(congress, actor):
    rng = random.Random(SEED)
    services.compute_quotas(congress, actor=actor)
    services.fill_ex_officio(congress, actor=actor)
    taken = set(Delegate.objects.filter(congress=congress).values_list("person_id", flat=True))
    # The five who left the outgoing committee during its term are invited back as guests.
    outgoing = congress.outgoing_term
    for mandate in Mandate.objects.departures(outgoing).on_body(Body.EXECUTIVE).select_related("person"):
        if mandate.person_id not in taken:
            services.summon_delegate(congress, mandate.person, actor=actor, kind=DelegateKind.GUEST)
            taken.add(mandate.person_id)

    members = (
        Membership.objects.active_on(congress.date)
        .select_related("person", "association")
        .order_by("association__block", "association__sort_key", "person__sort_key", "person_id")
    )
    by_association = {}
    for membership in members:
        by_association.setdefault(membership.association, []).append(membership.person)
    quotas = {q.association_id: q.seats for q in congress.quotas.all()}
    replaced = None
    for association, people in by_association.items():
        ranked = sorted(people, key=lambda p: (_rank(p, congress.date), rng.random()))
        chosen = [p for p in ranked if p.pk not in taken][: quotas.get(association.pk, 0)]
        for person in chosen:
            delegate = services.summon_delegate(
                congress, person, actor=actor, kind=DelegateKind.ELECTED, association=association
            )
            taken.add(person.pk)
            if replaced is None and len(chosen) > 2:
                replaced = (delegate, association, ranked)
    if replaced is not None:
        # One association replaced a delegate before the congress: the first one's code is revoked.
        delegate, association, ranked = replaced
        services.revoke_delegate(delegate, actor=actor, reason=REVOKED_REASON)
        substitute = next(p for p in ranked if p.pk not in taken)
        services.summon_delegate(
            congress, substitute, actor=actor, kind=DelegateKind.ELECTED, association=association
        )
        taken.add(substitute.pk)

    heads = [
        m.person
        for m in Membership.objects.active_on(congress.date)
        .filter(association__block="agencies", person__job_title__startswith="Trưởng")
        .select_related("person")
        .order_by("person__sort_key", "person_id")
        if m.person_id not in taken
    ]
    for person in heads[:APPOINTED]:
        services.summon_delegate(congress, person, actor=actor, kind=DelegateKind.APPOINTED)
        taken.add(person.pk)


def _rank(person, on):
    age = person.age_on(on)
    working_age = age is not None and 25 <= age <= 62
    if person.job_title.startswith(LEADING_JOBS) and working_age:
        return 0
    return 1 if working_age else 2


def _credentials(congress, actor):
    counted = list(Delegate.objects.filter(congress=congress).counted().order_by("person__sort_key", "pk"))
    elected = [d for d in counted if d.kind == DelegateKind.ELECTED]
    rejected = elected[-1]
    pending = {d.pk for d in elected[-1 - PENDING_CREDENTIALS : -1]}
    for delegate in counted:
        if delegate.pk == rejected.pk:
            services.record_credential(
                delegate, actor=actor, status=CredentialStatus.REJECTED, note=REJECTED_REASON
            )
        elif delegate.pk not in pending:
            services.record_credential(delegate, actor=actor, status=CredentialStatus.VERIFIED)


def _check_ins(congress, actor):
    rng = random.Random(SEED + 1)
    counted = list(Delegate.objects.filter(congress=congress).counted().order_by("pk"))
    account = User.objects.filter(email=DEMO_DELEGATE_EMAIL).values_list("person_id", flat=True).first()
    absent = {d.pk for d in rng.sample([d for d in counted if d.person_id != account], NOT_CHECKED_IN)}
    opening = timezone.make_aware(datetime.datetime.combine(congress.date, datetime.time(7, 5)))
    # Delegates arrive in no particular order over the 45 minutes before the opening.
    rng.shuffle(counted)
    arrivals = sorted(rng.randint(0, 45 * 60) for _ in counted)
    for delegate, seconds in zip(counted, arrivals, strict=True):
        if delegate.pk in absent:
            continue
        result = services.check_in(delegate, actor=actor, method="qr" if seconds % 7 else "name")
        CheckIn.objects.filter(pk=result.check_in.pk).update(
            checked_in_at=opening + datetime.timedelta(seconds=seconds)
        )


def _link_demo_account(congress):
    user = User.objects.filter(email=DEMO_DELEGATE_EMAIL).first()
    if user is None or user.person_id is None:
        return
    delegate = Delegate.objects.filter(congress=congress, person_id=user.person_id).first()
    if delegate is not None and delegate.account_id is None:
        delegate.account = user
        delegate.save(update_fields=["account"])


# --- Documents and comments -----------------------------------------------------------------------------------


@transaction.atomic
def load_documents_demo(congress, *, actor):
    from reports.models import TermReport, VersionKind
    from reports.services import ReportsError, publish_version

    lines = []
    report = TermReport.objects.filter(term=congress.outgoing_term).first()
    if report is None:
        return "Tài liệu Đại hội: chưa có báo cáo kiểm điểm khoá trước để đăng."
    version = report.versions.filter(kind=VersionKind.DRAFT, draft_number=1).first()
    if version is None:
        try:
            with transaction.atomic():
                version = publish_version(report, actor=actor, note="Gửi đại biểu góp ý trước Đại hội")
        except ReportsError as error:
            details = "; ".join(error.details)
            return f"Tài liệu Đại hội: chưa ban hành được Dự thảo lần 1 – {error}{' ' + details if details else ''}"
    document = CongressDocument.objects.filter(congress=congress, report_version=version).first()
    if document is None:
        document = services.add_document(
            congress,
            actor=actor,
            title=f"Báo cáo kiểm điểm của Ban Chấp hành khoá {report.term.roman} ({version.label})",
            description="Xin quý đại biểu đọc và góp ý trước ngày Đại hội.",
            report_version=version,
            comments_open=True,
        )
    if not document.comments.exists():
        _comments(congress, document, actor)
    _programme(congress, actor)
    total = document.comments.count()
    lines.append(
        f"Tài liệu Đại hội: {congress.documents.count()} tài liệu; “{document.title}” đang lấy ý kiến, {total} góp ý."
    )
    return "\n".join(lines)


def _comments(congress, document, actor):
    user = User.objects.filter(email=DEMO_DELEGATE_EMAIL).first()
    own = services.delegate_of(user, congress) if user else None
    others = list(
        Delegate.objects.filter(congress=congress, kind=DelegateKind.ELECTED, check_in__isnull=False)
        .counted()
        .order_by("person__sort_key", "pk")[::37][:3]
    )
    paragraphs = {pid for pid, _text in document.paragraphs()}
    for index, (paragraph, body, decision, note) in enumerate(COMMENTS):
        if paragraph and paragraph not in paragraphs:
            paragraph = ""
        try:
            if index < 3 and own is not None:
                comment = services.add_comment(document, actor=user, body=body, paragraph=paragraph)
            elif others:
                delegate = others[(index - 3) % len(others)]
                comment = services.record_paper_comment(
                    document, delegate, actor=actor, body=body, paragraph=paragraph
                )
            else:
                continue
        except CongressError:
            continue
        if decision != CommentDecision.PENDING:
            services.decide_comment(comment, actor=actor, decision=decision, note=note)


def _programme(congress, actor):
    if CongressDocument.objects.filter(congress=congress, report_version__isnull=True).exists():
        return
    from weasyprint import HTML

    term = congress.term
    outgoing = congress.outgoing_term
    html = PROGRAMME.format(
        title=congress.title,
        venue=congress.venue,
        date=f"{congress.date:%d/%m/%Y}",
        outgoing=outgoing.roman if outgoing else "",
        roman=term.roman,
        years=term.years,
    )
    pdf = ContentFile(HTML(string=html).write_pdf(), name=f"chuong-trinh-dai-hoi-{term.roman.lower()}.pdf")
    services.add_document(
        congress,
        actor=actor,
        title="Chương trình Đại hội",
        description="Thời gian và nội dung các phiên của Đại hội.",
        file=pdf,
    )

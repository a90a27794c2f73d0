"""The credential report (báo cáo thẩm tra tư cách đại biểu), worked out from the delegate records.

`credential_figures(congress)` counts; `credential_report(congress)` writes those counts into the same
document format as the term report (reports.document: meta and blocks), so the page and the PDF are drawn
by reports' own template and stylesheet. Nothing here is stored: the report is read afresh each time.
"""

from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count
from django.utils import translation

from congress.models import CredentialStatus, Delegate, DelegateKind, DelegateQuota
from congress.models.delegates import COUNTED_KINDS
from congress.services.delegates import quorum_needed
from members import numbers
from members.models import AcademicTitle, Block, Degree, Gender, PoliticalTheory
from reports.document import date_line
from reports.placeholders import format_number

MAJORITY_ETHNICITY = "Kinh"
TITLES = [AcademicTitle.PROFESSOR, AcademicTitle.ASSOCIATE_PROFESSOR]
DEGREES = [
    Degree.DOCTOR_OF_SCIENCE,
    Degree.DOCTOR,
    Degree.MASTER,
    Degree.SPECIALIST,
    Degree.BACHELOR,
    Degree.COLLEGE,
    Degree.VOCATIONAL,
    Degree.NONE,
]
THEORY = [PoliticalTheory.ADVANCED, PoliticalTheory.INTERMEDIATE, PoliticalTheory.ELEMENTARY]


@dataclass
class Composition:
    """Who a group of delegates are: gender, party, ethnicity, titles and degrees, political theory, age."""

    total: int = 0
    men: int = 0
    women: int = 0
    party_members: int = 0
    minorities: int = 0
    titles: Counter = field(default_factory=Counter)
    degrees: Counter = field(default_factory=Counter)
    theory: Counter = field(default_factory=Counter)
    ages: list = field(default_factory=list)  # [(age, person)]
    unknown_age: int = 0

    @classmethod
    def of(cls, delegates, on):
        c = cls()
        for delegate in delegates:
            person = delegate.person
            c.total += 1
            c.men += person.gender == Gender.MALE
            c.women += person.gender == Gender.FEMALE
            c.party_members += person.party_member
            c.minorities += bool(person.ethnicity) and person.ethnicity != MAJORITY_ETHNICITY
            c.titles[person.academic_title] += 1
            c.degrees[person.degree] += 1
            c.theory[person.political_theory] += 1
            age = person.age_on(on)
            if age is None:
                c.unknown_age += 1
            else:
                c.ages.append((age, person))
        return c

    @property
    def average_age(self):
        return sum(age for age, _p in self.ages) / len(self.ages) if self.ages else None

    def _extreme(self, oldest):
        """Everyone who may be the oldest (or the youngest): one person, or two born the same day, or those
        whose birth dates, known only to the month or the year, leave open which of them it is."""
        if not self.ages:
            return []
        births = [(person.birth, age, person) for age, person in self.ages]
        if oldest:
            # Born no later than the earliest any of them may have been born at the latest.
            bound = min(birth.last_day for birth, _a, _p in births)
            maybe = [(p, a) for birth, a, p in births if birth.date <= bound]
        else:
            bound = max(birth.date for birth, _a, _p in births)
            maybe = [(p, a) for birth, a, p in births if birth.last_day >= bound]
        return sorted(maybe, key=lambda pair: (pair[0].birth.date, pair[0].sort_key))

    @property
    def youngest(self):
        return self._extreme(oldest=False)

    @property
    def oldest(self):
        return self._extreme(oldest=True)

    @staticmethod
    def order_unknown(pairs):
        """Whether the people named for the oldest (or youngest) may be in either order: not all born on
        one known day."""
        return len(pairs) > 1 and (
            any(not p.birth.is_exact for p, _a in pairs) or len({p.birth.date for p, _a in pairs}) > 1
        )


@dataclass
class AssociationRow:
    association: object
    quota: int | None
    summoned: int
    present: int


@dataclass
class CredentialFigures:
    congress: object
    summoned: list
    present: list
    by_kind: list  # [(kind, label, summoned, present)]
    guests: int
    composition: Composition  # of the delegates summoned
    composition_present: Composition
    by_block: list  # [(block, label, associations, summoned, present)]
    by_association: list  # [AssociationRow]
    without_association: tuple  # (summoned, present)
    verified: list
    rejected: list
    pending: list
    needed: int

    @property
    def quorum_reached(self):
        return bool(self.summoned) and len(self.present) >= self.needed

    @property
    def checked_in(self):
        return bool(self.present)


def credential_figures(congress):
    """Every figure of the report, from three queries whatever the number of delegates."""
    delegates = list(
        Delegate.objects.filter(congress=congress, revoked_at__isnull=True)
        .select_related("person", "association", "check_in")
        .order_by("person__sort_key", "person_id")
    )
    summoned = [d for d in delegates if d.kind != DelegateKind.GUEST]
    present = [d for d in summoned if _present(d)]
    by_kind = []
    for kind in COUNTED_KINDS:
        of_kind = [d for d in summoned if d.kind == kind]
        # Labels stay lazy: the page shows them in the reader's language, the report in Vietnamese.
        by_kind.append((kind, kind.label, len(of_kind), sum(_present(d) for d in of_kind)))

    quotas = dict(
        DelegateQuota.objects.filter(congress=congress).values_list("association_id", "seats").order_by()
    )
    per_association = {}
    without = [0, 0]
    for delegate in summoned:
        if delegate.association is None:
            without[0] += 1
            without[1] += _present(delegate)
            continue
        row = per_association.setdefault(
            delegate.association.pk,
            AssociationRow(delegate.association, quotas.get(delegate.association.pk), 0, 0),
        )
        row.summoned += 1
        row.present += _present(delegate)
    by_association = sorted(
        per_association.values(), key=lambda r: (r.association.block, r.association.sort_key)
    )
    by_block = []
    for block, label in Block.choices:
        rows = [r for r in by_association if r.association.block == block]
        by_block.append(
            (block, label, len(rows), sum(r.summoned for r in rows), sum(r.present for r in rows))
        )
    return CredentialFigures(
        congress=congress,
        summoned=summoned,
        present=present,
        by_kind=by_kind,
        guests=sum(1 for d in delegates if d.kind == DelegateKind.GUEST),
        composition=Composition.of(summoned, congress.date),
        composition_present=Composition.of(present, congress.date),
        by_block=by_block,
        by_association=by_association,
        without_association=tuple(without),
        verified=[d for d in summoned if d.credential == CredentialStatus.VERIFIED],
        rejected=[d for d in summoned if d.credential == CredentialStatus.REJECTED],
        pending=[d for d in summoned if d.credential == CredentialStatus.PENDING],
        needed=quorum_needed(congress, len(summoned)),
    )


def _present(delegate):
    try:
        return delegate.check_in is not None
    except Delegate.check_in.RelatedObjectDoesNotExist:
        return False


def percent(part, whole):
    """'28,0%': one decimal, a decimal comma (the report is composed in Vietnamese)."""
    return numbers.percent_of(part, whole, empty="-")


def _n(value):
    return format_number(value)


def _names(pairs):
    """The people and their ages; a birth date known only to the month or the year is said as such, and
    when those named may be in either order, the names say so."""
    names = ", ".join(
        f"{person.full_name} ({age} tuổi"
        + (f", sinh {person.birth.phrase})" if not person.birth.is_exact else ")")
        for person, age in pairs
    )
    if Composition.order_unknown(pairs):
        names += " (chưa rõ thứ tự tuổi: hồ sơ chỉ ghi năm hoặc tháng sinh)"
    return names


class CredentialReport:
    """Writes the figures as a document: the same meta and blocks as a term report's version."""

    def __init__(self, congress):
        self.congress = congress
        self.figures = credential_figures(congress)
        self.blocks = []
        self._counter = 0

    def paragraph(self, text):
        self._counter += 1
        self.blocks.append(
            {
                "type": "paragraph",
                "id": f"tham-tra-{self._counter}",
                "runs": [{"text": text}],
                "generated": False,
            }
        )

    def heading(self, text, level=1):
        self.blocks.append({"type": "heading", "level": level, "text": text})

    def table(self, columns, rows, kinds, *, caption="", total=None):
        self._counter += 1
        self.blocks.append(
            {
                "type": "table",
                "id": f"tham-tra-{self._counter}",
                "columns": columns,
                "rows": rows,
                "kinds": kinds,
                "caption": caption,
                "total": total,
            }
        )

    def content(self):
        # An official Vietnamese document, whatever language the portal is shown in.
        with translation.override("vi"):
            self.opening()
            self.numbers()
            self.composition()
            self.associations()
            self.conclusion()
            return {"meta": self.meta(), "blocks": self.blocks, "missing": [], "figures": {}}

    def meta(self):
        term = self.congress.term
        federation = term.federation
        return {
            "parent_body": federation.parent_body.upper(),
            "federation": federation.name_on_documents.upper(),
            "parent_body_name": federation.parent_body,
            "federation_short": federation.short_name,
            "date_line": date_line(federation.locality, self.congress.date),
            "title": "BÁO CÁO",
            "subtitle": f"Thẩm tra tư cách đại biểu dự {self.congress.title}",
            # A no-break space keeps "ĐẠI BIỂU" together when the line wraps in the signature column.
            "signed_for": "TM. BAN THẨM TRA TƯ CÁCH ĐẠI\u00a0BIỂU",
            "signer_role": "TRƯỞNG BAN",
            "signer_name": self.congress.credentials_head,
            "next_congress": f"Đại hội lần thứ {term.roman}",
            "version_label": None,
        }

    def opening(self):
        term = self.congress.term
        self.paragraph(
            f"Căn cứ Điều lệ Liên hiệp hội và kế hoạch tổ chức Đại hội, Ban Thẩm tra tư cách đại biểu đã xem xét "
            f"danh sách, hồ sơ của các đại biểu được triệu tập dự Đại hội đại biểu lần thứ {term.roman}, "
            f"nhiệm kỳ {term.years}, và đối chiếu với kết quả điểm danh tại Đại hội. "
            "Ban xin báo cáo Đại hội như sau:"
        )

    def numbers(self):
        f = self.figures
        total = len(f.summoned)
        self.heading("I. SỐ LƯỢNG ĐẠI BIỂU")
        kinds = {kind: (summoned, present) for kind, _label, summoned, present in f.by_kind}
        self.paragraph(
            f"Tổng số đại biểu được triệu tập: {_n(total)} đồng chí, gồm {_n(kinds[DelegateKind.ELECTED][0])} đại biểu "
            f"chính thức do các hội thành viên bầu, {_n(kinds[DelegateKind.EX_OFFICIO][0])} đại biểu đương nhiên "
            f"là uỷ viên Ban Chấp hành khoá {_outgoing_roman(self.congress)} và "
            f"{_n(kinds[DelegateKind.APPOINTED][0])} đại biểu chỉ định."
        )
        if f.checked_in:
            self.paragraph(
                f"Số đại biểu có mặt: {_n(len(f.present))} đồng chí, bằng {percent(len(f.present), total)} "
                f"số đại biểu được triệu tập; vắng mặt {_n(total - len(f.present))} đồng chí."
            )
        else:
            self.paragraph("Chưa có đại biểu nào điểm danh tại Đại hội.")
        rule = self.congress.get_quorum_rule_display().lower()
        verdict = (
            "bảo đảm điều kiện để Đại hội tiến hành"
            if f.quorum_reached
            else "chưa bảo đảm điều kiện để Đại hội tiến hành"
        )
        self.paragraph(
            f"Đại hội hợp lệ khi có {rule} có mặt, tức ít nhất {_n(f.needed)} đồng chí. "
            f"Số đại biểu có mặt {verdict}."
        )
        if f.guests:
            self.paragraph(f"Ngoài ra, Đại hội có {_n(f.guests)} khách mời, không tính vào số đại biểu.")
        self.table(
            ["STT", "Loại đại biểu", "Được triệu tập", "Có mặt", "Tỷ lệ có mặt"],
            [
                [str(i), str(label), str(summoned), str(present), percent(present, summoned)]
                for i, (_kind, label, summoned, present) in enumerate(f.by_kind, start=1)
            ],
            ["index", "text", "number", "number", "number"],
            caption="Bảng 1. Đại biểu theo loại",
            total=["", "Tổng cộng", str(total), str(len(f.present)), percent(len(f.present), total)],
        )

    def composition(self):
        f = self.figures
        s, p = f.composition, f.composition_present
        self.heading("II. CƠ CẤU, THÀNH PHẦN ĐẠI BIỂU")
        group, base = (p, "có mặt") if f.checked_in else (s, "được triệu tập")
        titles = [f"{_n(group.titles[t])} {t.value}" for t in TITLES if group.titles[t]]
        degrees = [f"{_n(group.degrees[d])} {d.value}" for d in DEGREES[:3] if group.degrees[d]]
        learned = ", ".join(titles + degrees) or "không có"
        self.paragraph(
            f"Trong số {_n(group.total)} đại biểu {base}: nam {_n(group.men)} đồng chí "
            f"({percent(group.men, group.total)}), nữ {_n(group.women)} đồng chí ({percent(group.women, group.total)}); "
            f"đảng viên {_n(group.party_members)} đồng chí ({percent(group.party_members, group.total)}); "
            f"người dân tộc thiểu số {_n(group.minorities)} đồng chí ({percent(group.minorities, group.total)}). "
            f"Về học hàm, học vị: {learned}."
        )
        if group.ages:
            average = f"{group.average_age:.1f}".replace(".", ",")
            unknown = (
                f" ({_n(group.unknown_age)} đại biểu chưa có ngày sinh trong hồ sơ, không tính)"
                if group.unknown_age
                else ""
            )
            self.paragraph(
                f"Tuổi bình quân của đại biểu {base} là {average} tuổi, tính đến ngày Đại hội "
                f"{self.congress.date:%d/%m/%Y}{unknown}. Đại biểu cao tuổi nhất: đồng chí {_names(group.oldest)}; "
                f"đại biểu trẻ tuổi nhất: đồng chí {_names(group.youngest)}."
            )
        rows = [
            ("Nam", s.men, p.men),
            ("Nữ", s.women, p.women),
            ("Đảng viên", s.party_members, p.party_members),
            ("Dân tộc thiểu số", s.minorities, p.minorities),
            *((f"Học hàm {t.label}", s.titles[t], p.titles[t]) for t in TITLES),
            *((f"Trình độ: {d.label}", s.degrees[d], p.degrees[d]) for d in DEGREES),
            *((f"Lý luận chính trị: {t.label}", s.theory[t], p.theory[t]) for t in THEORY),
        ]
        self.table(
            ["STT", "Tiêu chí", "Được triệu tập", "Tỷ lệ", "Có mặt", "Tỷ lệ"],
            [
                [str(i), label, str(a), percent(a, s.total), str(b), percent(b, p.total)]
                for i, (label, a, b) in enumerate(rows, start=1)
            ],
            ["index", "text", "number", "number", "number", "number"],
            caption="Bảng 2. Cơ cấu, thành phần đại biểu",
        )
        ages = [
            ("Tuổi bình quân", s.average_age, p.average_age),
        ]
        self.table(
            ["Tuổi", "Được triệu tập", "Có mặt"],
            [[label, _age(a), _age(b)] for label, a, b in ages]
            + [
                ["Cao tuổi nhất", _names(s.oldest) or "-", _names(p.oldest) or "-"],
                ["Trẻ tuổi nhất", _names(s.youngest) or "-", _names(p.youngest) or "-"],
            ],
            ["text", "text", "text"],
            caption="Bảng 3. Tuổi của đại biểu (tính đến ngày Đại hội)",
        )

    def associations(self):
        f = self.figures
        self.heading("III. ĐẠI BIỂU THEO KHỐI VÀ HỘI THÀNH VIÊN")
        total_summoned = sum(r[3] for r in f.by_block) + f.without_association[0]
        total_present = sum(r[4] for r in f.by_block) + f.without_association[1]
        rows = [
            [str(label), str(n), str(summoned), str(present)]
            for _b, label, n, summoned, present in f.by_block
        ]
        if f.without_association[0]:
            rows.append(["Không thuộc đoàn hội thành viên", "-", *map(str, f.without_association)])
        self.table(
            ["Khối", "Số hội có đại biểu", "Được triệu tập", "Có mặt"],
            rows,
            ["text", "number", "number", "number"],
            caption="Bảng 4. Đại biểu theo khối",
            total=["Tổng cộng", str(len(f.by_association)), str(total_summoned), str(total_present)],
        )
        self.table(
            ["STT", "Hội thành viên", "Phân bổ", "Được triệu tập", "Có mặt"],
            [
                [
                    str(i),
                    r.association.name,
                    "-" if r.quota is None else str(r.quota),
                    str(r.summoned),
                    str(r.present),
                ]
                for i, r in enumerate(f.by_association, start=1)
            ],
            ["index", "text", "number", "number", "number"],
            caption="Bảng 5. Đại biểu theo hội thành viên (gồm cả đại biểu đương nhiên, chỉ định thuộc đoàn của hội)",
        )

    def conclusion(self):
        f = self.figures
        self.heading("IV. KẾT LUẬN")
        parts = [f"{_n(len(f.verified))} đồng chí đủ tư cách đại biểu"]
        if f.rejected:
            reasons = "; ".join(f"{d.person.full_name}: {d.credential_note}" for d in f.rejected)
            parts.append(f"{_n(len(f.rejected))} đồng chí không đủ tư cách ({reasons})")
        if f.pending:
            parts.append(f"{_n(len(f.pending))} đồng chí chưa được thẩm tra")
        self.paragraph(
            f"Ban Thẩm tra tư cách đại biểu đã thẩm tra {_n(len(f.summoned))} đại biểu được triệu tập: "
            + "; ".join(parts)
            + "."
        )
        verified_present = sum(1 for d in f.verified if _present(d))
        if f.checked_in:
            self.paragraph(
                f"Ban Thẩm tra tư cách đại biểu đề nghị Đại hội công nhận tư cách của {_n(verified_present)} "
                f"đại biểu có mặt đủ tư cách đại biểu dự Đại hội."
            )
        else:
            self.paragraph(
                f"Ban Thẩm tra tư cách đại biểu đề nghị Đại hội công nhận tư cách của {_n(len(f.verified))} "
                f"đại biểu đủ tư cách đại biểu dự Đại hội."
            )


def _age(value):
    return "-" if value is None else f"{value:.1f}".replace(".", ",")


def _outgoing_roman(congress):
    outgoing = congress.outgoing_term
    return outgoing.roman if outgoing else ""


def credential_report(congress):
    return CredentialReport(congress).content()


def credential_report_pdf(congress):
    """(filename, content type, bytes) of the report in the state document format."""
    from reports.rendering import render_pdf

    return (
        f"tham-tra-tu-cach-dai-bieu-dai-hoi-{congress.term.roman}.pdf",
        "application/pdf",
        render_pdf(credential_report(congress)),
    )


def credential_board_counts(congress):
    return dict(
        Delegate.objects.filter(congress=congress, revoked_at__isnull=True)
        .exclude(kind=DelegateKind.GUEST)
        .values_list("credential")
        .annotate(n=Count("id"))
        .order_by()
    )

"""Compose a term report into blocks (headings, paragraphs, tables, lists) from the records and the prose.

The blocks are plain data: the HTML preview, the PDF and the DOCX are all drawn from them, and a published
version stores them as they were, so it never changes when the records do. Every paragraph has a stable
id, which is what versions are compared by and what delegates comment on.
"""

from django.utils import timezone, translation
from django.utils.translation import gettext as _

from members import numbers
from members.models import Block, Body, EndReason, Gender, Role
from reports import figures as fig
from reports.models import ActivityKind, Level, Section, VersionKind
from reports.placeholders import MISSING, fill, format_number, format_value

MONTHS_PADDED = {1, 2}

# A table longer than this is given one row per year instead of one row per record, so that a term with
# hundreds of activities still reads as a report (and renders in the same time) rather than as a register.
LISTED_ROWS_MAX = 15

# How each column of a table is set: an index or a date is centred, a number is right-aligned, text is left.
INDEX, DATE, TEXT, NUMBER = "index", "date", "text", "number"


def date_line(locality, day):
    """'Hương Sơn, ngày 05 tháng 01 năm 2024': days below 10 and months 1 and 2 take a leading zero."""
    month = f"{day.month:02d}" if day.month in MONTHS_PADDED else str(day.month)
    return f"{locality}, ngày {day.day:02d} tháng {month} năm {day.year}"


def honorific(person):
    return "bà" if person.gender == Gender.FEMALE else "ông"


def join_vi(items):
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " và " + items[-1]


class Composer:
    def __init__(self, report, *, as_of=None, version_label=None):
        self.report = report
        self.term = report.term
        self.federation = self.term.federation
        self.as_of = as_of or report.dated
        self.data = fig.load_term_data(self.term, self.as_of)
        self.values = fig.compute_figures(self.data)
        self.texts = {t.section: t.body for t in report.texts.all()}
        self.shortcomings = list(report.shortcomings.all())
        self.version_label = version_label
        self.blocks = []
        self.missing = []
        self._counters = {}

    # -- building blocks ---------------------------------------------------------------------------------
    def _next_id(self, section):
        self._counters[section] = self._counters.get(section, 0) + 1
        return f"{section}-{self._counters[section]}"

    def heading(self, text, level):
        self.blocks.append({"type": "heading", "level": level, "text": text})

    def paragraph(self, section, runs, *, generated=False):
        for run in runs:
            if "missing" in run:
                self.missing.append({"section": section, "figure": run["missing"]})
        self.blocks.append(
            {"type": "paragraph", "id": self._next_id(section), "runs": runs, "generated": generated}
        )

    def generated(self, section, text):
        self.paragraph(section, [{"text": text}], generated=True)

    def prose(self, section):
        body = (self.texts.get(section) or "").strip()
        for chunk in body.splitlines():
            chunk = chunk.strip()
            if chunk:
                self.paragraph(section, fill(chunk, self.values))

    def table(self, section, columns, rows, *, caption="", total=None, kinds=None, summary=False):
        if rows:
            self.blocks.append(
                {
                    "type": "table",
                    "id": self._next_id(section),
                    "caption": caption,
                    "columns": columns,
                    "kinds": kinds or [TEXT] * len(columns),
                    "rows": rows,
                    "total": total,
                    # A table of counts only: set as narrow as its figures, centred.
                    "summary": summary,
                }
            )

    def yearly_table(self, section, items, date_of, columns, count_row, *, caption, total=None):
        """One row per year: `count_row(items_of_the_year)` gives the cells after the year."""
        years = {}
        for item in items:
            years.setdefault(date_of(item).year, []).append(item)
        rows = [[str(year), *count_row(group)] for year, group in sorted(years.items())]
        self.table(
            section,
            ["Năm", *columns],
            rows,
            caption=f"{caption} (theo năm)",
            total=total,
            kinds=[INDEX, *[NUMBER] * len(columns)],
            summary=True,
        )

    # -- the report --------------------------------------------------------------------------------------
    def compose(self):
        self.opening()
        self.heading("I. NHỮNG KẾT QUẢ ĐẠT ĐƯỢC", 1)
        self.organisation()
        self.heading("2. Kết quả thực hiện nhiệm vụ chính trị", 2)
        self.heading(
            "2.1. Công tác thông tin tuyên truyền, hoạt động phổ biến kiến thức khoa học, kỹ thuật", 3
        )
        self.communication()
        self.dissemination()
        self.consulting()
        self.creativity()
        self.science()
        self.liaison()
        self.front()
        self.targets()
        self.shortcomings_part()
        self.prose(Section.CLOSING)
        return {
            "meta": self.meta(),
            "blocks": self.blocks,
            "missing": self.missing,
            "figures": {name: format_value(value) for name, value in self.values.items()},
        }

    def meta(self):
        next_ordinal = self.values["khoa_sau"]
        return {
            "parent_body": self.federation.parent_body.upper(),
            "federation": self.federation.name_on_documents.upper(),
            "parent_body_name": self.federation.parent_body,
            "federation_short": self.federation.short_name,
            "date_line": date_line(self.federation.locality, self.report.dated),
            "title": self.report.title,
            "subtitle": self.report.heading,
            "signed_for": self.report.signed_for,
            "signer_role": self.report.signer_role,
            "signer_name": self.report.signer_name,
            "body_name": f"BAN CHẤP HÀNH LIÊN HIỆP HỘI KHOÁ {self.term.roman}",
            "next_congress": f"Đại hội lần thứ {next_ordinal}" if next_ordinal else "",
            "version_label": self.version_label,
            "term": self.term.roman,
            "composed_on": timezone.localdate().isoformat(),
        }

    def _officer_phrase(self, mandates):
        """'ông A, job,' for one officer; 'ông A – job và ông B – job' for several."""
        if len(mandates) == 1:
            m = mandates[0]
            job = f", {m.job_title}," if m.job_title else ""
            return f"{honorific(m.person)} {m.person.full_name}{job}"
        return join_vi(
            f"{honorific(m.person)} {m.person.full_name}" + (f" – {m.job_title}" if m.job_title else "")
            for m in mandates
        )

    def opening(self):
        section = Section.OPENING
        data, values = self.data, self.values
        if values["so_uy_vien_bch_bau"] is None:
            self.paragraph(section, [{"text": MISSING, "missing": "so_uy_vien_bch_bau"}], generated=True)
            self.prose(section)
            return
        standing = fig.first_session_standing(data)
        by_role = {}
        for m in standing:
            by_role.setdefault(m.role, []).append(m)
        heads = [m for m in data.mandates if m.body == Body.INSPECTION and m.role == Role.HEAD]
        sentences = [
            f"Đại hội Đại biểu {self.federation.name} lần thứ {self.term.roman}, nhiệm kỳ {values['nhiem_ky']}, "
            f"họp ngày {format_value(self.term.congress_date)}, đã bầu {format_number(values['so_uy_vien_bch_bau'])} "
            "uỷ viên Ban Chấp hành (BCH)."
        ]
        session = (
            f"Tại phiên họp thứ nhất, BCH đã bầu {format_number(len(standing))} uỷ viên Ban Thường vụ (BTV)"
        )
        if heads:
            session += f" và {format_number(len(heads))} Trưởng Ban Kiểm tra"
        sentences.append(session + ".")
        for role, word in [
            (Role.CHAIR, "Chủ tịch"),
            (Role.VICE_CHAIR, "Phó Chủ tịch"),
            (Role.GENERAL_SECRETARY, "Tổng thư ký"),
        ]:
            if by_role.get(role):
                phrase = self._officer_phrase(by_role[role])
                sentences.append(f"{phrase[0].upper()}{phrase[1:]} được bầu làm {word} Liên hiệp hội.")
        for m in heads:
            sentences.append(
                f"{honorific(m.person).capitalize()} {m.person.full_name} được bầu làm Trưởng Ban Kiểm tra."
            )
        self.generated(section, " ".join(sentences))
        self.generated(section, self.departures_sentence())
        self.prose(section)

    def departures(self):
        return [m for m in self.data.mandates if m.body == Body.EXECUTIVE and m.is_departure]

    def _standing_titles(self, person):
        titles = []
        for m in self.data.mandates:
            if m.person_id == person.pk and m.body == Body.STANDING:
                if "UVBTV" not in titles:
                    titles.append("UVBTV")
                if m.role != Role.MEMBER:
                    titles.append(m.get_role_display())
        return titles

    def departures_sentence(self):
        departures = self.departures()
        remaining = self.values["so_uy_vien_bch_hien_tai"]
        next_congress = self.meta_next_congress()
        if not departures:
            return f"Trong nhiệm kỳ, BCH không có thay đổi về nhân sự; tính đến {next_congress}, BCH có {format_number(remaining)} uỷ viên."
        groups = []
        transfers = [m for m in departures if m.end_reason in fig.TRANSFER_REASONS]
        if transfers:
            parts = []
            for reason in fig.TRANSFER_REASONS:
                movers = [m for m in transfers if m.end_reason == reason]
                if movers:
                    names = join_vi(self._person_with_titles(m) for m in movers)
                    parts.append(f"{names} {EndReason(reason).label.lower()}")
            groups.append(f"{format_number(len(transfers))} người chuyển công tác ({'; '.join(parts)})")
        for reason in [r for r in EndReason.values if r not in fig.TRANSFER_REASONS]:
            leavers = [m for m in departures if m.end_reason == reason]
            if leavers:
                names = "; ".join(self._person_with_job(m) for m in leavers)
                groups.append(
                    f"{format_number(len(leavers))} người {EndReason(reason).label.lower()} ({names})"
                )
        return (
            f"Trong nhiệm kỳ, {format_number(len(departures))} uỷ viên không tiếp tục tham gia BCH: "
            + ", ".join(groups)
            + f". Tính đến {next_congress}, Ban Chấp hành Liên hiệp hội có {format_number(remaining)} người."
        )

    def meta_next_congress(self):
        ordinal = self.values["khoa_sau"]
        return f"thời điểm Đại hội lần thứ {ordinal}" if ordinal else f"ngày {format_value(self.as_of)}"

    def _person_with_titles(self, mandate):
        titles = self._standing_titles(mandate.person)
        suffix = f" – {', '.join(titles)} –" if titles else ""
        return f"{honorific(mandate.person)} {mandate.person.full_name}{suffix}"

    def _person_with_job(self, mandate):
        titles = self._standing_titles(mandate.person)
        if mandate.job_title:
            titles.append(mandate.job_title)
        suffix = f" – {', '.join(titles)}" if titles else ""
        return f"{honorific(mandate.person)} {mandate.person.full_name}{suffix}"

    def organisation(self):
        section = Section.ORGANISATION
        self.heading("1. Công tác xây dựng và củng cố tổ chức", 2)
        self.prose(section)
        v = self.values
        self.paragraph(
            section,
            [
                {"text": f"Đến ngày {format_value(self.as_of)}, Liên hiệp hội có "},
                *fill(
                    "{so_hoi_thanh_vien} hội thành viên (gồm {so_hoi_khoi_co_quan} hội khối cơ quan, doanh nghiệp, "
                    "trường học và {so_hoi_khoi_xa} hội khối xã, thị trấn) với {so_hoi_vien} hội viên.",
                    v,
                ),
            ],
            generated=True,
        )
        if v["so_uy_vien_bch_bau"] is not None:
            changes = self.departure_counts()
            text = (
                f"Ban Chấp hành nhiệm kỳ {v['nhiem_ky']} gồm {format_number(v['so_uy_vien_bch_bau'])} người, trong đó "
                f"Ban Thường vụ {format_number(v['so_uy_vien_btv_bau'] or 0)} người"
            )
            if v["so_truong_ban_kiem_tra"]:
                text += f" và {format_number(v['so_truong_ban_kiem_tra'])} Trưởng Ban Kiểm tra"
            text += "."
            if changes:
                text += f" Trong nhiệm kỳ có {changes}; BCH còn {format_number(v['so_uy_vien_bch_hien_tai'])} người."
            self.generated(section, text)
        members_by_block = self.data.members_by_block
        rows = []
        for block in Block:
            rows.append(
                [
                    str(block.label),
                    format_number(self.data.associations_by_block[block.value]),
                    format_number(members_by_block.get(block.value, 0)),
                ]
            )
        self.table(
            section,
            ["Khối", "Số hội", "Số hội viên"],
            rows,
            caption=f"Hội thành viên và hội viên đến ngày {format_value(self.as_of)}",
            total=["Tổng cộng", format_value(v["so_hoi_thanh_vien"]), format_value(v["so_hoi_vien"])],
            kinds=[TEXT, NUMBER, NUMBER],
        )
        # Someone on the rosters of both blocks counts in each block's row and once in the total.
        in_both = sum(members_by_block.values()) - self.data.members
        if in_both > 0:
            self.generated(
                section,
                f"Có {format_number(in_both)} người sinh hoạt ở hội thuộc cả hai khối: mỗi khối đều tính "
                "những người này, còn tổng số hội viên tính mỗi người một lần.",
            )
        self.members_chart()

    def members_chart(self):
        """Members at the end of each year of the term and on the report's day, in all and by block: drawn
        in the PDF, a table in the DOCX. The figures are the ledger's, as in the table above."""
        rows, values = [], []
        for day, members, by_block in self.data.members_over_term:
            numbers = [members, *(by_block.get(block, 0) for block in Block.values)]
            rows.append([format_value(day), *(format_number(n) for n in numbers)])
            values.append(numbers)
        if not rows:
            return
        self.blocks.append(
            {
                "type": "chart",
                "id": self._next_id(Section.ORGANISATION),
                "caption": f"Hội viên trong nhiệm kỳ {self.term.years}, theo khối",
                "columns": ["Ngày", "Tổng số", *(str(block.label) for block in Block)],
                "kinds": [DATE, NUMBER, *[NUMBER] * len(Block.values)],
                "rows": rows,
                "values": values,
                "total": None,
                "summary": False,
            }
        )

    def departure_counts(self):
        departures = self.departures()
        parts = []
        for reason in EndReason.values:
            n = sum(1 for m in departures if m.end_reason == reason)
            if n:
                who = (
                    "uỷ viên BTV"
                    if all(self._standing_titles(m.person) for m in departures if m.end_reason == reason)
                    else "uỷ viên BCH"
                )
                parts.append(f"{format_number(n)} {who} {EndReason(reason).label.lower()}")
        return join_vi(parts)

    def _activities(self, kinds):
        return [a for a in self.data.activities if a.kind in kinds]

    def _activity_rows(self, kinds, number):
        return [
            [str(n), format_value(a.held_on), a.title, number(a)]
            for n, a in enumerate(self._activities(kinds), start=1)
        ]

    def communication(self):
        section = Section.COMMUNICATION
        self.heading("2.1.1. Về công tác thông tin, tuyên truyền", 4)
        self.prose(section)

        def number(a):
            if a.kind == ActivityKind.ARTICLE:
                return f"{format_number(a.quantity or 1)} bài"
            if a.participants:
                return f"{format_number(a.participants)} lượt"
            return ""

        kinds = {ActivityKind.CAMPAIGN, ActivityKind.QUIZ, ActivityKind.ARTICLE}
        caption = "Các hoạt động thông tin, tuyên truyền"
        activities = self._activities(kinds)
        if len(activities) <= LISTED_ROWS_MAX:
            self.table(
                section,
                ["STT", "Thời gian", "Nội dung", "Quy mô"],
                self._activity_rows(kinds, number),
                caption=caption,
                kinds=[INDEX, DATE, TEXT, NUMBER],
            )
            return

        def per_year(group):
            quizzes = [a for a in group if a.kind == ActivityKind.QUIZ]
            return [
                _count(sum(1 for a in group if a.kind == ActivityKind.CAMPAIGN)),
                _count(len(quizzes)),
                _count(sum(a.participants or 0 for a in quizzes)),
                _count(sum(a.quantity or 1 for a in group if a.kind == ActivityKind.ARTICLE)),
            ]

        self.yearly_table(
            section,
            activities,
            lambda a: a.held_on,
            ["Đợt tuyên truyền, sự kiện", "Cuộc thi tìm hiểu", "Lượt dự thi", "Tin, bài"],
            per_year,
            caption=caption,
            total=["Tổng cộng", *per_year(activities)],
        )

    def dissemination(self):
        section = Section.DISSEMINATION
        self.heading("2.1.2. Về hoạt động phổ biến kiến thức khoa học, kỹ thuật", 4)
        self.prose(section)
        caption = "Các lớp tập huấn, phổ biến kiến thức"
        trainings = self._activities({ActivityKind.TRAINING})
        attended = self.values["so_luot_tap_huan"]
        if len(trainings) <= LISTED_ROWS_MAX:
            self.table(
                section,
                ["STT", "Thời gian", "Nội dung tập huấn", "Người tham gia"],
                self._activity_rows(
                    {ActivityKind.TRAINING}, lambda a: format_number(a.participants) if a.participants else ""
                ),
                caption=caption,
                total=["", "", "Tổng số lượt người tham gia", format_value(attended)] if attended else None,
                kinds=[INDEX, DATE, TEXT, NUMBER],
            )
        else:
            self.yearly_table(
                section,
                trainings,
                lambda a: a.held_on,
                ["Số lớp", "Lượt người tham gia"],
                lambda group: [_count(len(group)), _count(sum(a.participants or 0 for a in group))],
                caption=caption,
                total=[
                    "Tổng cộng",
                    format_value(self.values["so_buoi_tap_huan"]),
                    format_value(attended or 0),
                ],
            )
        rows = [
            [i.label, format_value(i.value) + (f" {i.unit}" if i.unit else ""), format_value(i.as_of)]
            for i in self.data.indicators.values()
        ]
        self.table(
            section,
            ["Chỉ số", "Kết quả", "Tính đến"],
            rows,
            caption="Một số chỉ số của huyện",
            kinds=[TEXT, NUMBER, DATE],
        )

    def consulting(self):
        section = Section.CONSULTING
        self.heading("2.2. Hoạt động tư vấn, phản biện và giám định xã hội", 3)
        self.prose(section)
        caption = "Các chương trình, đề án được tư vấn, phản biện"
        activities = self._activities({ActivityKind.CONSULTING})
        if len(activities) > LISTED_ROWS_MAX:
            self.yearly_table(
                section,
                activities,
                lambda a: a.held_on,
                ["Số chương trình, đề án"],
                lambda group: [_count(len(group))],
                caption=caption,
                total=["Tổng cộng", _count(len(activities))],
            )
            return
        rows = [
            [str(n), format_value(a.held_on), a.title, a.partner, a.outcome]
            for n, a in enumerate(activities, start=1)
        ]
        self.table(
            section,
            ["STT", "Thời gian", "Chương trình, đề án", "Cơ quan đề nghị", "Kết quả"],
            rows,
            caption=caption,
            kinds=[INDEX, DATE, TEXT, TEXT, TEXT],
        )

    def creativity(self):
        section = Section.CREATIVITY
        self.heading("2.3. Hoạt động sáng tạo kỹ thuật, tôn vinh trí thức", 3)
        self.prose(section)
        rows = []
        for contest in self.data.contests:
            counts = {level: 0 for level in Level.values}
            for award in contest.awards.all():
                counts[award.level] += award.count
            rows.append(
                [
                    str(len(rows) + 1),
                    str(contest),
                    format_value(contest.entries) if contest.entries is not None else "",
                    _count(counts[Level.DISTRICT]),
                    _count(counts[Level.PROVINCE]),
                    _count(counts[Level.NATIONAL]),
                ]
            )
        v = self.values
        self.table(
            section,
            ["STT", "Hội thi, cuộc thi", "Số dự thi", "Giải cấp huyện", "Giải cấp tỉnh", "Giải quốc gia"],
            rows,
            caption="Kết quả các hội thi, cuộc thi sáng tạo",
            kinds=[INDEX, TEXT, NUMBER, NUMBER, NUMBER, NUMBER],
            total=[
                "",
                "Tổng cộng",
                format_value(v["so_giai_phap_du_thi"]) if v["so_giai_phap_du_thi"] is not None else "",
                _count(v["so_giai_cap_huyen"]),
                _count(v["so_giai_cap_tinh"]),
                _count(v["so_giai_cap_quoc_gia"]),
            ]
            if rows
            else None,
        )

    def science(self):
        section = Section.SCIENCE
        self.heading("2.4. Hoạt động khoa học công nghệ; triển khai các đề tài, dự án", 3)
        self.prose(section)
        self.paragraph(
            section,
            fill(
                "Trong nhiệm kỳ, tổng số có {so_de_tai_cap_tinh} đề tài, sáng kiến được công nhận ở cấp tỉnh, "
                "{so_de_tai_cap_huyen} đề tài, sáng kiến được công nhận ở cấp huyện.",
                self.values,
            ),
            generated=True,
        )
        caption = "Đề tài, sáng kiến được công nhận"
        initiatives = self.data.initiatives
        if len(initiatives) > LISTED_ROWS_MAX:
            levels = [Level.NATIONAL, Level.PROVINCE, Level.DISTRICT]

            def per_year(group):
                return [_count(sum(1 for i in group if i.level == level)) for level in levels]

            self.yearly_table(
                section,
                initiatives,
                lambda i: i.recognised_on,
                ["Cấp quốc gia", "Cấp tỉnh", "Cấp huyện"],
                per_year,
                caption=caption,
                total=["Tổng cộng", *per_year(initiatives)],
            )
            return
        rows = [
            [str(n), i.title, i.authors, i.get_level_display(), format_value(i.recognised_on)]
            for n, i in enumerate(
                sorted(
                    initiatives,
                    key=lambda i: (i.level != Level.NATIONAL, i.level != Level.PROVINCE, i.recognised_on),
                ),
                start=1,
            )
        ]
        self.table(
            section,
            ["STT", "Đề tài, sáng kiến", "Tác giả", "Cấp công nhận", "Ngày công nhận"],
            rows,
            caption=caption,
            kinds=[INDEX, TEXT, TEXT, TEXT, DATE],
        )

    def liaison(self):
        section = Section.LIAISON
        self.heading("2.5. Hoạt động liên kết và phối hợp", 3)
        self.prose(section)
        caption = "Hoạt động liên kết, phối hợp"
        activities = self._activities({ActivityKind.LIAISON})
        if len(activities) > LISTED_ROWS_MAX:
            self.yearly_table(
                section,
                activities,
                lambda a: a.held_on,
                ["Số hoạt động"],
                lambda group: [_count(len(group))],
                caption=caption,
                total=["Tổng cộng", _count(len(activities))],
            )
            return
        rows = [
            [str(n), format_value(a.held_on), a.title, a.partner] for n, a in enumerate(activities, start=1)
        ]
        self.table(
            section,
            ["STT", "Thời gian", "Nội dung", "Đơn vị phối hợp"],
            rows,
            caption=caption,
            kinds=[INDEX, DATE, TEXT, TEXT],
        )

    def front(self):
        section = Section.FRONT
        self.heading("2.6. Phát huy vai trò thành viên Mặt trận Tổ quốc", 3)
        self.prose(section)
        caption = "Hưởng ứng các phong trào, cuộc vận động"
        activities = self._activities({ActivityKind.FRONT})
        total = self.values["tong_dong_gop"]
        if len(activities) > LISTED_ROWS_MAX:
            self.yearly_table(
                section,
                activities,
                lambda a: a.held_on,
                ["Số hoạt động", "Đóng góp (đồng)"],
                lambda group: [_count(len(group)), _count(sum(a.amount or 0 for a in group))],
                caption=caption,
                total=["Tổng cộng", _count(len(activities)), format_value(total or 0)],
            )
            return
        rows = [
            [str(n), format_value(a.held_on), a.title, format_value(a.amount) if a.amount else ""]
            for n, a in enumerate(activities, start=1)
        ]
        self.table(
            section,
            ["STT", "Thời gian", "Phong trào, cuộc vận động", "Đóng góp (đồng)"],
            rows,
            caption=caption,
            total=["", "", "Tổng cộng", format_value(total)] if total else None,
            kinds=[INDEX, DATE, TEXT, NUMBER],
        )

    def targets(self):
        if not self.data.targets:
            return
        self.heading(f"3. Kết quả thực hiện các chỉ tiêu Nghị quyết Đại hội lần thứ {self.term.roman}", 2)
        rows = []
        for target in self.data.targets:
            achieved = self.values.get(target.figure)
            if achieved is None:
                self.missing.append({"section": "targets", "figure": target.figure})
                percent = MISSING
            else:
                percent = numbers.percent_of(achieved, target.target_value, decimals=0, empty="")
            unit = f" {target.unit}" if target.unit else ""
            rows.append(
                [
                    str(len(rows) + 1),
                    target.label,
                    format_value(target.target_value) + unit,
                    format_value(achieved) + (unit if achieved is not None else ""),
                    percent,
                ]
            )
        self.table(
            "targets",
            ["STT", "Chỉ tiêu", "Nghị quyết đề ra", "Đạt được", "Tỷ lệ"],
            rows,
            caption="Đối chiếu chỉ tiêu với kết quả",
            kinds=[INDEX, TEXT, NUMBER, NUMBER, NUMBER],
        )

    def shortcomings_part(self):
        section = Section.SHORTCOMINGS
        self.heading("II. NHỮNG TỒN TẠI, HẠN CHẾ", 1)
        self.prose(section)
        known = fig.known_figures()
        for item in self.shortcomings:
            runs = [{"text": "- "}, *fill(item.text.strip(), self.values)]
            if item.figure:
                label = known[item.figure].label if item.figure in known else item.figure
                value = self.values.get(item.figure)
                # A no-break space keeps the value on the line of its label.
                runs.append({"text": f" ({label}:\u00a0"})
                runs.append(
                    {"text": MISSING, "missing": item.figure}
                    if value is None
                    else {"text": format_value(value), "figure": item.figure}
                )
                runs.append({"text": ")"})
            self.paragraph(section, runs)


def _count(n):
    """A count in a table cell: zero is a dash, as in the contest table."""
    return format_number(n) if n else "-"


def compose_report(report, *, as_of=None, version_label=None):
    # The report is an official Vietnamese document: choice labels and formatted values in it must not
    # follow the language the reader picked for the portal.
    with translation.override("vi"):
        return Composer(report, as_of=as_of, version_label=version_label).compose()


def paragraph_text(block):
    return "".join(run["text"] for run in block["runs"])


def paragraph_places(blocks):
    """{paragraph id: "2.2. Tư vấn, phản biện và giám định xã hội – đoạn 3"}: where each paragraph sits, for people.

    An id is "<section>-<n>" (Composer._next_id) and n counts the section's tables too, so the paragraph's
    number within its section is counted here rather than read from the id.
    """
    places, counts = {}, {}
    for block in blocks:
        if block["type"] != "paragraph":
            continue
        section = block["id"].rsplit("-", 1)[0]
        counts[section] = counts.get(section, 0) + 1
        try:
            title = Section(section).label
        except ValueError:
            title = section
        places[block["id"]] = _("%(section)s – đoạn %(number)s") % {
            "section": title,
            "number": counts[section],
        }
    return places


def plain_text(content):
    """The report as text, one block a line; used for comparing versions and for tests."""
    lines = [content["meta"]["title"], content["meta"]["subtitle"]]
    for block in content["blocks"]:
        if block["type"] == "heading":
            lines.append(block["text"])
        elif block["type"] == "paragraph":
            lines.append(paragraph_text(block))
        elif block["type"] in ("table", "chart"):
            lines.append(block["caption"])
            lines.extend(" | ".join(row) for row in block["rows"])
    return "\n".join(lines)


def version_label_for(kind, draft_number):
    if kind == VersionKind.OFFICIAL:
        return None
    return f"Dự thảo lần {draft_number}"

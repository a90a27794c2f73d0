"""Charts drawn on the server: each one a plain SVG and the table of its numbers, from one `Chart`.

A chart is a list of rows (a label and one number per series) drawn as horizontal bars, grouped by row.
The same object gives the <svg> and the <table> shown beside it, so the picture and the numbers one can
copy into Word cannot disagree. The SVG reads in print and in black and white: each series has its own
pattern (solid, hatched, dotted), every bar carries its number, and the legend shows the patterns. It has
no style attribute (the Content-Security-Policy forbids them): the look comes from classes, set by
static/css/charts.css on screen and by the report's stylesheet on paper.
"""

from dataclasses import dataclass

from django.utils import formats
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from members import figures, selectors
from members.models import Block

# Geometry of the drawing, in SVG user units; the <svg> scales to the width of its box.
WIDTH = 500
LABEL_WIDTH = 140
VALUE_ROOM = 60
BAR = 16
BAR_GAP = 3
GROUP_GAP = 12
LEGEND_ROW = 20
PAD = 8

# One pattern per series, in the order the series come: (pattern id suffix, SVG content of a 8x8 tile).
# One fill per series, in the order the series come: solid, then patterns of 8x8 tiles (id suffix, tile).
# The solid one is a plain fill: a pattern of solid tiles shows its seams in some PDF viewers.
PATTERNS = (
    (
        "hatch",
        '<rect width="8" height="8" fill="#fff" class="chart-paper"/>'
        '<path d="M-2,2 l4,-4 M0,8 l8,-8 M6,10 l4,-4" fill="none" stroke="#000" stroke-width="1.6" class="chart-line"/>',
    ),
    (
        "dots",
        '<rect width="8" height="8" fill="#fff" class="chart-paper"/>'
        '<circle cx="4" cy="4" r="1.8" fill="#000" class="chart-ink"/>',
    ),
    (
        "cross",
        '<rect width="8" height="8" fill="#fff" class="chart-paper"/>'
        '<path d="M0,4 h8 M4,0 v8" fill="none" stroke="#000" stroke-width="1.6" class="chart-line"/>',
    ),
)


def number(value):
    """A count as the page's language writes it: 1.234 in Vietnamese."""
    return formats.number_format(value, force_grouping=True)


@dataclass
class Row:
    label: str
    values: list
    # How each value is written, when not as `number()` writes it (the report writes 05 for five).
    texts: list = None

    def __post_init__(self):
        self.texts = list(self.texts) if self.texts else [number(v) for v in self.values]


@dataclass
class Chart:
    """`title` names the chart (the SVG's <title>, the table's caption); `series` names each value of a row;
    `rows` are drawn top to bottom. `total` adds a last table row with each series' sum."""

    title: str
    series: list
    rows: list
    description: str = ""
    label_heading: str = ""
    total: str = ""
    # Prefixes the ids of the SVG's title, patterns and table: unique on the page.
    key: str = "chart"

    @classmethod
    def of(cls, title, series, rows, **kwargs):
        return cls(
            title=str(title),
            series=[str(s) for s in series],
            rows=[Row(str(label), list(values), *texts) for label, values, *texts in rows],
            **kwargs,
        )

    # -- numbers --------------------------------------------------------------------------------------------
    @property
    def maximum(self):
        return max((v for row in self.rows for v in row.values), default=0)

    @property
    def totals(self):
        return [sum(row.values[i] for row in self.rows) for i in range(len(self.series))]

    # -- the picture ----------------------------------------------------------------------------------------
    def _legend_height(self):
        return LEGEND_ROW * len(self.series) + PAD if len(self.series) > 1 else 0

    def height(self):
        group = len(self.series) * BAR + (len(self.series) - 1) * BAR_GAP
        return PAD + self._legend_height() + len(self.rows) * (group + GROUP_GAP) + PAD

    def _pattern(self, index):
        """The pattern of a series after the first (which is solid)."""
        return f"{self.key}-{PATTERNS[(index - 1) % len(PATTERNS)][0]}"

    def _fill(self, index):
        return (
            ("#000", "chart-bar chart-solid")
            if index == 0
            else (f"url(#{self._pattern(index)})", "chart-bar")
        )

    def svg(self):
        scale = (WIDTH - LABEL_WIDTH - VALUE_ROOM) / self.maximum if self.maximum else 0
        defs = format_html_join(
            "",
            '<pattern id="{}" width="8" height="8" patternUnits="userSpaceOnUse">{}</pattern>',
            (
                (self._pattern(i), mark_safe(PATTERNS[(i - 1) % len(PATTERNS)][1]))
                for i in range(1, len(self.series))
            ),
        )
        parts = []
        y = PAD
        if len(self.series) > 1:
            for i, name in enumerate(self.series):
                parts.append(
                    format_html(
                        '<g class="chart-legend"><rect x="{}" y="{}" width="14" height="14" fill="{}" '
                        'stroke="#000" class="{}"/><text x="{}" y="{}">{}</text></g>',
                        LABEL_WIDTH,
                        y,
                        *self._fill(i),
                        LABEL_WIDTH + 20,
                        y + 11,
                        name,
                    )
                )
                y += LEGEND_ROW
            y += PAD
        for row in self.rows:
            top = y
            for i, value in enumerate(row.values):
                length = round(value * scale, 1)
                parts.append(
                    format_html(
                        '<rect x="{}" y="{}" width="{}" height="{}" fill="{}" stroke="#000" class="{}">'
                        "<title>{}: {} – {}</title></rect>"
                        '<text x="{}" y="{}" class="chart-value" data-series="{}">{}</text>',
                        LABEL_WIDTH,
                        y,
                        length,
                        BAR,
                        *self._fill(i),
                        row.label,
                        self.series[i],
                        row.texts[i],
                        LABEL_WIDTH + length + 4,
                        y + BAR - 4,
                        i,
                        row.texts[i],
                    )
                )
                y += BAR + BAR_GAP
            y += GROUP_GAP - BAR_GAP
            middle = (top + y - GROUP_GAP) / 2
            parts.append(
                format_html(
                    '<text x="{}" y="{}" class="chart-label" text-anchor="end" font-weight="bold">{}</text>',
                    LABEL_WIDTH - 6,
                    round(middle + 4, 1),
                    row.label,
                )
            )
        parts.append(
            format_html(
                '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="#000" class="chart-axis"/>',
                LABEL_WIDTH,
                PAD + self._legend_height() - 2,
                LABEL_WIDTH,
                y - GROUP_GAP + 2,
            )
        )
        return format_html(
            '<svg xmlns="http://www.w3.org/2000/svg" class="chart-svg" viewBox="0 0 {} {}" width="{}" height="{}" '
            'font-family="Tinos, \'Times New Roman\', serif" font-size="13" role="img" aria-labelledby="{}-title {}-desc"><title id="{}-title">{}</title><desc id="{}-desc">{}</desc>'
            "<defs>{}</defs>{}</svg>",
            WIDTH,
            self.height(),
            WIDTH,
            self.height(),
            self.key,
            self.key,
            self.key,
            self.title,
            self.key,
            self.description or self.title,
            defs,
            mark_safe("".join(parts)),
        )

    # -- the numbers ----------------------------------------------------------------------------------------
    def table_rows(self):
        """The table's body as text: [label, number, ...] per row, the total last when there is one."""
        rows = [[row.label, *row.texts] for row in self.rows]
        if self.total:
            rows.append([self.total, *(number(v) for v in self.totals)])
        return rows

    def table(self):
        head = format_html_join(
            "", '<th scope="col">{}</th>', ((s,) for s in [self.label_heading, *self.series])
        )
        body = []
        for n, cells in enumerate(self.table_rows()):
            is_total = self.total and n == len(self.rows)
            body.append(
                format_html(
                    '<tr{}><th scope="row">{}</th>{}</tr>',
                    mark_safe(' class="chart-total"') if is_total else "",
                    cells[0],
                    format_html_join("", '<td class="num">{}</td>', ((c,) for c in cells[1:])),
                )
            )
        return format_html(
            '<table class="chart-table" id="{}-table"><caption>{}</caption><thead><tr>{}</tr></thead>'
            "<tbody>{}</tbody></table>",
            self.key,
            self.title,
            head,
            mark_safe("".join(body)),
        )


# --- The charts of the pages ------------------------------------------------------------------------------

BLOCK_SHORT = {
    Block.AGENCIES: gettext_lazy("Khối cơ quan"),
    Block.COMMUNES: gettext_lazy("Khối xã, thị trấn"),
}


def _day(day):
    return formats.date_format(day, "SHORT_DATE_FORMAT")


def _term_phrase(term):
    return _("nhiệm kỳ %(years)s") % {"years": term.years} if term else _("5 năm qua")


def members_over_term(federation, term, today):
    days = figures.term_days(term, today)
    rows = [
        (_day(day), [members, *(by_block[block] for block in Block.values)])
        for day, members, by_block in figures.members_over_days(federation, days)
    ]
    return Chart.of(
        _("Hội viên trong %(term)s, theo khối") % {"term": _term_phrase(term)},
        [_("Tổng số (mỗi người tính một lần)"), *(BLOCK_SHORT[block] for block in Block.values)],
        rows,
        label_heading=_("Ngày"),
        description=_(
            "Số hội viên cuối mỗi năm và hôm nay; người sinh hoạt ở cả hai khối được tính ở mỗi khối."
        ),
        key="chart-members",
    )


def association_members_over_term(association, term, today):
    days = figures.term_days(term, today)
    counts = selectors.association_counts_on_days(association, days)
    return Chart.of(
        _("Hội viên trong %(term)s") % {"term": _term_phrase(term)},
        [_("Hội viên")],
        [(_day(day), [counts[day]]) for day in days],
        label_heading=_("Ngày"),
        key="chart-members",
    )


def _years(term, today):
    first = term.congress_date.year if term else today.year - 4
    return range(first, today.year + 1)


def joiners_and_leavers(term, today, association=None):
    counts = figures.joiners_and_leavers(_years(term, today), association)
    return Chart.of(
        _("Vào hội và rời hội theo năm"),
        [_("Vào hội"), _("Rời hội")],
        [(str(year), list(pair)) for year, pair in counts.items()],
        label_heading=_("Năm"),
        total=_("Cộng"),
        description=_(
            "Số lượt vào hội và rời hội; người chuyển sang hội khác được tính một lượt rời và một lượt vào."
        ),
        key="chart-joiners",
    )


def ages_and_gender(composition):
    return Chart.of(
        _("Độ tuổi và giới tính"),
        [_("Nam"), _("Nữ")],
        [(label, [men, women]) for label, men, women in composition.ages],
        label_heading=_("Độ tuổi"),
        total=_("Tổng cộng"),
        description=_("Tuổi tính theo năm sinh."),
        key="chart-ages",
    )


def qualifications(composition):
    return Chart.of(
        _("Học hàm, học vị"),
        [_("Hội viên")],
        [(label, [n]) for label, n in composition.qualifications],
        label_heading=_("Học hàm, học vị"),
        description=_("Học hàm và học vị tính riêng: một người là PGS.TS được tính ở PGS và ở TS."),
        key="chart-qualifications",
    )


def associations_by_size(today, federation):
    return Chart.of(
        _("Hội thành viên theo số hội viên"),
        [BLOCK_SHORT[block] for block in Block.values],
        [
            (label, [counts[block] for block in Block.values])
            for label, counts in figures.associations_by_size(today, federation)
        ],
        label_heading=_("Số hội viên"),
        total=_("Tổng cộng"),
        key="chart-sizes",
    )


def dashboard_charts(federation, term, today):
    composition = figures.composition_on(today)
    return [
        members_over_term(federation, term, today),
        joiners_and_leavers(term, today),
        ages_and_gender(composition),
        qualifications(composition),
        associations_by_size(today, federation),
    ]


def association_charts(association, term, today):
    composition = figures.composition_on(today, association)
    return [
        association_members_over_term(association, term, today),
        joiners_and_leavers(term, today, association),
        ages_and_gender(composition),
        qualifications(composition),
    ]

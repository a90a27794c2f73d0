"""Named figures a report's prose can cite as {name}, computed from the records in a fixed number of queries.

A figure is None when there is nothing to compute it from (no records of that kind for the term, an
indicator never entered): the report shows it as missing and cannot be published while prose cites it.
"""

import datetime
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from members import figures as members_figures
from members import member_counts
from members.figures import seats_on
from members.models import Block, Body, Mandate, StartMethod
from reports.models import Activity, ActivityKind, Contest, Indicator, Initiative, Level


@dataclass(frozen=True)
class FigureDef:
    name: str
    label: str


def _defs(*pairs):
    return {name: FigureDef(name, label) for name, label in pairs}


FIGURES = _defs(
    ("khoa", _("Khoá của nhiệm kỳ báo cáo (ví dụ IV)")),
    ("nhiem_ky", _("Các năm của nhiệm kỳ (ví dụ 2018–2023)")),
    ("khoa_sau", _("Khoá kế tiếp (ví dụ V)")),
    ("nhiem_ky_sau", _("Các năm của nhiệm kỳ kế tiếp")),
    ("ngay_dai_hoi", _("Ngày Đại hội mở nhiệm kỳ")),
    ("ngay_dai_hoi_sau", _("Ngày Đại hội kế tiếp")),
    ("so_uy_vien_bch_bau", _("Số uỷ viên BCH do Đại hội bầu")),
    ("so_uy_vien_btv_bau", _("Số uỷ viên BTV do BCH bầu tại phiên họp thứ nhất")),
    ("so_truong_ban_kiem_tra", _("Số Trưởng Ban Kiểm tra được bầu")),
    ("so_uy_vien_roi_bch", _("Số uỷ viên BCH thôi tham gia trong nhiệm kỳ")),
    ("so_uy_vien_nghi_huu", _("Số uỷ viên BCH nghỉ hưu trong nhiệm kỳ")),
    ("so_uy_vien_chuyen_cong_tac", _("Số uỷ viên BCH chuyển công tác trong nhiệm kỳ")),
    ("so_uy_vien_bch_hien_tai", _("Số uỷ viên BCH tại thời điểm Đại hội kế tiếp")),
    ("so_hoi_thanh_vien", _("Số hội thành viên")),
    ("so_hoi_khoi_co_quan", _("Số hội khối cơ quan, doanh nghiệp, trường học")),
    ("so_hoi_khoi_xa", _("Số hội khối xã, thị trấn")),
    ("so_hoi_vien", _("Số hội viên (mỗi người tính một lần)")),
    ("so_hoi_vien_tron_nghin", _("Số hội viên làm tròn xuống hàng nghìn (dùng với 'hơn')")),
    ("so_buoi_tap_huan", _("Số lớp tập huấn, phổ biến kiến thức")),
    ("so_luot_tap_huan", _("Số lượt người dự tập huấn")),
    ("so_bai_viet", _("Số bài viết, tin bài tuyên truyền")),
    ("so_dot_tuyen_truyen", _("Số đợt tuyên truyền, sự kiện")),
    ("so_cuoc_thi_tim_hieu", _("Số cuộc thi tìm hiểu")),
    ("so_luot_du_thi_tim_hieu", _("Số lượt người dự thi tìm hiểu")),
    ("so_hoat_dong_tu_van", _("Số hoạt động tư vấn, phản biện, giám định xã hội")),
    ("so_hoat_dong_lien_ket", _("Số hoạt động liên kết, phối hợp")),
    ("so_hoat_dong_mttq", _("Số hoạt động cùng Mặt trận Tổ quốc")),
    ("tong_dong_gop", _("Tổng số tiền vận động đóng góp (đồng)")),
    ("so_hoi_thi", _("Số hội thi, cuộc thi sáng tạo")),
    ("so_giai_phap_du_thi", _("Số giải pháp, sản phẩm dự thi")),
    ("so_giai_cap_huyen", _("Số giải cấp huyện")),
    ("so_giai_cap_tinh", _("Số giải cấp tỉnh")),
    ("so_giai_cap_quoc_gia", _("Số giải cấp quốc gia")),
    ("so_de_tai_cap_huyen", _("Số đề tài, sáng kiến được công nhận cấp huyện")),
    ("so_de_tai_cap_tinh", _("Số đề tài, sáng kiến được công nhận cấp tỉnh")),
    ("so_de_tai_cap_quoc_gia", _("Số đề tài, sáng kiến được công nhận cấp quốc gia")),
    ("xa_nong_thon_moi", _("Số xã giữ vững tiêu chí nông thôn mới")),
    ("san_pham_ocop", _("Số sản phẩm OCOP")),
    ("san_pham_ocop_4_sao", _("Số sản phẩm OCOP 4 sao")),
)

# Indicators the report expects to be entered; any other indicator code becomes a figure too.
INDICATOR_FIGURES = ("xa_nong_thon_moi", "san_pham_ocop", "san_pham_ocop_4_sao")

TRANSFER_REASONS = ("out_of_district", "to_province", "to_commune")


@dataclass
class TermData:
    """Everything a term report reads, fetched once."""

    term: object
    next_term: object
    as_of: datetime.date
    mandates: list
    associations_by_block: dict
    members: int
    members_by_block: dict
    # [(day, members, {block: members})] at the end of each year of the term, and on the report's day
    members_over_term: list
    seats_at_next_congress: dict
    activities: list
    contests: list
    initiatives: list
    indicators: dict
    targets: list


def load_term_data(term, as_of):
    """Fetch the records of a term with a number of queries that does not depend on their size."""
    from members.models import Term

    next_term = Term.objects.filter(federation_id=term.federation_id, ordinal=term.ordinal + 1).first()
    next_congress = next_term.congress_date if next_term else as_of
    mandates = list(
        Mandate.objects.filter(term=term).select_related("person").order_by("started_on", "person__sort_key")
    )
    blocks = member_counts.active_blocks(term.federation_id, as_of)
    # From the ledger the members app keeps, in a time that does not grow with the rosters.
    members, members_by_block = member_counts.counts_on(term.federation_id, as_of)
    return TermData(
        term=term,
        next_term=next_term,
        as_of=as_of,
        mandates=mandates,
        associations_by_block={
            block: sum(1 for b in blocks.values() if b == block) for block in Block.values
        },
        members=members,
        members_by_block=members_by_block,
        members_over_term=members_figures.members_over_days(
            term.federation_id, members_figures.term_days(term, as_of)
        ),
        seats_at_next_congress=seats_on(next_congress),
        activities=list(Activity.objects.filter(term=term)),
        contests=list(Contest.objects.filter(term=term).prefetch_related("awards")),
        initiatives=list(Initiative.objects.filter(term=term).select_related("association")),
        indicators={i.code: i for i in Indicator.objects.filter(term=term)},
        targets=list(term.targets.all()),
    )


def _count_or_none(rows, predicate=None):
    if not rows:
        return None
    return sum(1 for r in rows if predicate is None or predicate(r))


def _sum_or_none(values):
    values = [v for v in values if v is not None]
    return sum(values) if values else None


def first_session_standing(data):
    standing = [
        m for m in data.mandates if m.body == Body.STANDING and m.start_method == StartMethod.COMMITTEE
    ]
    if not standing:
        return []
    first_day = min(m.started_on for m in standing)
    return [m for m in standing if m.started_on == first_day]


def compute_figures(data):
    term = data.term
    executive_elected = [
        m for m in data.mandates if m.body == Body.EXECUTIVE and m.start_method == StartMethod.CONGRESS
    ]
    departures = [m for m in data.mandates if m.body == Body.EXECUTIVE and m.is_departure]
    by_kind = {kind: [a for a in data.activities if a.kind == kind] for kind in ActivityKind.values}
    awards = [award for contest in data.contests for award in contest.awards.all()]

    def awards_at(level):
        if not data.contests:
            return None
        return sum(a.count for a in awards if a.level == level)

    def initiatives_at(level):
        return _count_or_none(data.initiatives, lambda i: i.level == level)

    values = {
        "khoa": term.roman,
        "nhiem_ky": term.years,
        "khoa_sau": data.next_term.roman if data.next_term else None,
        "nhiem_ky_sau": data.next_term.years if data.next_term else None,
        "ngay_dai_hoi": term.congress_date,
        "ngay_dai_hoi_sau": data.next_term.congress_date if data.next_term else None,
        "so_uy_vien_bch_bau": len(executive_elected) or None,
        "so_uy_vien_btv_bau": len(first_session_standing(data)) or None,
        "so_truong_ban_kiem_tra": sum(
            1 for m in data.mandates if m.body == Body.INSPECTION and m.role == "head"
        )
        or None,
        "so_uy_vien_roi_bch": len(departures) if data.mandates else None,
        "so_uy_vien_nghi_huu": sum(1 for m in departures if m.end_reason == "retired")
        if data.mandates
        else None,
        "so_uy_vien_chuyen_cong_tac": sum(1 for m in departures if m.end_reason in TRANSFER_REASONS)
        if data.mandates
        else None,
        "so_uy_vien_bch_hien_tai": data.seats_at_next_congress[Body.EXECUTIVE] if data.mandates else None,
        "so_hoi_thanh_vien": sum(data.associations_by_block.values()) or None,
        "so_hoi_khoi_co_quan": data.associations_by_block[Block.AGENCIES] or None,
        "so_hoi_khoi_xa": data.associations_by_block[Block.COMMUNES] or None,
        "so_hoi_vien": data.members or None,
        "so_hoi_vien_tron_nghin": (data.members // 1000) * 1000 if data.members >= 1000 else None,
        "so_buoi_tap_huan": _count_or_none(by_kind[ActivityKind.TRAINING]),
        "so_luot_tap_huan": _sum_or_none(a.participants for a in by_kind[ActivityKind.TRAINING]),
        "so_bai_viet": _sum_or_none(a.quantity or 1 for a in by_kind[ActivityKind.ARTICLE]),
        "so_dot_tuyen_truyen": _count_or_none(by_kind[ActivityKind.CAMPAIGN]),
        "so_cuoc_thi_tim_hieu": _count_or_none(by_kind[ActivityKind.QUIZ]),
        "so_luot_du_thi_tim_hieu": _sum_or_none(a.participants for a in by_kind[ActivityKind.QUIZ]),
        "so_hoat_dong_tu_van": _count_or_none(by_kind[ActivityKind.CONSULTING]),
        "so_hoat_dong_lien_ket": _count_or_none(by_kind[ActivityKind.LIAISON]),
        "so_hoat_dong_mttq": _count_or_none(by_kind[ActivityKind.FRONT]),
        "tong_dong_gop": _sum_or_none(a.amount for a in by_kind[ActivityKind.FRONT]),
        "so_hoi_thi": len(data.contests) or None,
        "so_giai_phap_du_thi": _sum_or_none(c.entries for c in data.contests),
        "so_giai_cap_huyen": awards_at(Level.DISTRICT),
        "so_giai_cap_tinh": awards_at(Level.PROVINCE),
        "so_giai_cap_quoc_gia": awards_at(Level.NATIONAL),
        "so_de_tai_cap_huyen": initiatives_at(Level.DISTRICT),
        "so_de_tai_cap_tinh": initiatives_at(Level.PROVINCE),
        "so_de_tai_cap_quoc_gia": initiatives_at(Level.NATIONAL),
    }
    for code in INDICATOR_FIGURES:
        values[code] = None
    for code, indicator in data.indicators.items():
        values[code] = indicator.value
    return values


def known_figures(term=None):
    """Names prose may cite: the fixed ones, plus the codes of indicators recorded for the term."""
    names = dict(FIGURES)
    if term is not None:
        for code, label in Indicator.objects.filter(term=term).values_list("code", "label"):
            names.setdefault(code, FigureDef(code, label))
    return names

"""Demo records and prose for the term IV report.

The facts and figures are the federation's (see the user's report); the wording is the portal's own.
Loading is idempotent: records are looked up by their natural keys and nothing is written twice.
"""

import datetime
from decimal import Decimal

from django.db import transaction

from members.models import Association, Block, Term
from reports import services
from reports.models import (
    Activity,
    ActivityKind,
    Award,
    Contest,
    Indicator,
    Initiative,
    Level,
    Section,
    SectionText,
    Target,
    TermReport,
)

D = datetime.date

ACTIVITIES = [
    # (kind, date, title, participants, quantity, amount, partner, outcome)
    (
        ActivityKind.CAMPAIGN,
        D(2019, 3, 20),
        "Tuyên truyền kỷ niệm 550 năm danh xưng Hương Sơn (1469-2019)",
        None,
        None,
        None,
        "Ban Tuyên giáo Huyện uỷ",
        "",
    ),
    (
        ActivityKind.TRAINING,
        D(2019, 4, 12),
        "Tập huấn kỹ thuật trồng và chăm sóc cam bù theo hướng VietGAP",
        180,
        None,
        None,
        "Trung tâm Ứng dụng KHKT và Bảo vệ cây trồng, vật nuôi",
        "",
    ),
    (
        ActivityKind.TRAINING,
        D(2019, 10, 8),
        "Tập huấn kỹ thuật chăn nuôi hươu và phòng bệnh cho đàn hươu",
        150,
        None,
        None,
        "Trung tâm Ứng dụng KHKT và Bảo vệ cây trồng, vật nuôi",
        "",
    ),
    (
        ActivityKind.ARTICLE,
        D(2019, 12, 20),
        "Tin, bài về hoạt động hội đăng trên Bản tin Liên hiệp hội tỉnh và trang thông tin điện tử huyện",
        None,
        14,
        None,
        "",
        "",
    ),
    (
        ActivityKind.TRAINING,
        D(2020, 6, 18),
        "Tập huấn sản xuất giống chè cành và thâm canh chè",
        120,
        None,
        None,
        "Xí nghiệp chè Tây Sơn",
        "",
    ),
    (
        ActivityKind.QUIZ,
        D(2020, 9, 30),
        "Hướng dẫn hội viên dự thi trực tuyến tìm hiểu về cải cách hành chính",
        1250,
        None,
        None,
        "Sở Nội vụ Hà Tĩnh",
        "",
    ),
    (
        ActivityKind.TRAINING,
        D(2020, 11, 5),
        "Tập huấn trồng rừng gỗ lớn và giống cây lâm nghiệp chất lượng cao",
        140,
        None,
        None,
        "Hạt Kiểm lâm huyện",
        "",
    ),
    (
        ActivityKind.CAMPAIGN,
        D(2021, 4, 15),
        "Tuyên truyền bầu cử đại biểu Quốc hội khoá XV và đại biểu HĐND các cấp nhiệm kỳ 2021-2026",
        None,
        None,
        None,
        "Uỷ ban MTTQ huyện",
        "",
    ),
    (
        ActivityKind.ARTICLE,
        D(2021, 12, 20),
        "Tin, bài tuyên truyền hội thi sáng tạo kỹ thuật và cuộc thi sáng tạo Thanh thiếu niên – Nhi đồng",
        None,
        11,
        None,
        "",
        "",
    ),
    (
        ActivityKind.QUIZ,
        D(2021, 8, 25),
        "Hướng dẫn hội viên dự cuộc thi tìm hiểu pháp luật về Bảo hiểm xã hội",
        960,
        None,
        None,
        "Bảo hiểm xã hội huyện",
        "",
    ),
    (
        ActivityKind.TRAINING,
        D(2021, 10, 14),
        "Tập huấn chăm sóc vườn cây ăn quả và phòng trừ sâu bệnh",
        210,
        None,
        None,
        "Trung tâm Ứng dụng KHKT và Bảo vệ cây trồng, vật nuôi",
        "",
    ),
    (
        ActivityKind.CAMPAIGN,
        D(2022, 3, 10),
        "Phối hợp triển khai Quyết định số 06/QĐ-TTg ngày 06/01/2022 của Thủ tướng Chính phủ về dữ liệu dân cư, định danh và xác thực điện tử",
        None,
        None,
        None,
        "Công an huyện",
        "",
    ),
    (
        ActivityKind.TRAINING,
        D(2022, 5, 19),
        "Tập huấn kỹ thuật chăn nuôi gia súc, gia cầm an toàn sinh học",
        165,
        None,
        None,
        "Trạm Chăn nuôi và Thú y huyện",
        "",
    ),
    (
        ActivityKind.ARTICLE,
        D(2022, 12, 20),
        "Tin, bài về mô hình sản xuất liên kết với doanh nghiệp",
        None,
        9,
        None,
        "",
        "",
    ),
    (
        ActivityKind.TRAINING,
        D(2023, 4, 6),
        "Tập huấn xây dựng và nâng hạng sản phẩm OCOP",
        130,
        None,
        None,
        "Văn phòng Điều phối nông thôn mới huyện",
        "",
    ),
    (
        ActivityKind.CAMPAIGN,
        D(2023, 11, 20),
        # The user's draft prints the years as 1924-2024; Lê Hữu Trác was born in 1724.
        "Tuyên truyền, tham gia các hoạt động hướng tới kỷ niệm 300 năm ngày sinh Đại danh y Hải Thượng Lãn Ông Lê Hữu Trác (1724-2024)",
        None,
        None,
        None,
        "Phòng Văn hoá và Thông tin huyện",
        "",
    ),
    (
        ActivityKind.CAMPAIGN,
        D(2023, 12, 28),
        "Tuyên truyền các hoạt động Mừng Đảng, Mừng Xuân",
        None,
        None,
        None,
        "Ban Tuyên giáo Huyện uỷ",
        "",
    ),
    (
        ActivityKind.CONSULTING,
        D(2019, 7, 22),
        "Góp ý Đề án phát triển vùng cam bù Hương Sơn giai đoạn 2019-2025",
        None,
        None,
        None,
        "UBND huyện",
        "Các kiến nghị về giống và tiêu chuẩn VietGAP được tiếp thu",
    ),
    (
        ActivityKind.CONSULTING,
        D(2020, 8, 14),
        "Phản biện dự thảo Kế hoạch xây dựng huyện nông thôn mới",
        None,
        None,
        None,
        "Văn phòng Điều phối nông thôn mới huyện",
        "Được tiếp thu, bổ sung vào kế hoạch",
    ),
    (
        ActivityKind.CONSULTING,
        D(2022, 6, 9),
        "Góp ý Chương trình phát triển sản xuất nông nghiệp bền vững đến năm 2025",
        None,
        None,
        None,
        "Phòng Nông nghiệp và PTNT",
        "Tiếp thu một phần",
    ),
    (
        ActivityKind.LIAISON,
        D(2020, 3, 5),
        "Liên kết sản xuất và bao tiêu chè búp tươi",
        None,
        None,
        None,
        "Xí nghiệp chè Tây Sơn",
        "",
    ),
    (
        ActivityKind.LIAISON,
        D(2022, 9, 15),
        "Phối hợp tổ chức các hoạt động chuyên môn với Liên hiệp hội tỉnh",
        None,
        None,
        None,
        "Liên hiệp các Hội KH&KT tỉnh Hà Tĩnh",
        "",
    ),
    (
        ActivityKind.FRONT,
        D(2019, 10, 20),
        "Ủng hộ Quỹ Vì người nghèo",
        None,
        None,
        18_500_000,
        "Uỷ ban MTTQ huyện",
        "",
    ),
    (
        ActivityKind.FRONT,
        D(2020, 10, 25),
        "Ủng hộ đồng bào bị thiệt hại do bão lụt",
        None,
        None,
        24_000_000,
        "Uỷ ban MTTQ huyện",
        "",
    ),
    (
        ActivityKind.FRONT,
        D(2022, 8, 30),
        "Đóng góp Quỹ Khuyến học, khuyến tài",
        None,
        None,
        15_000_000,
        "Hội Khuyến học huyện",
        "",
    ),
    (
        ActivityKind.FRONT,
        D(2023, 7, 27),
        "Hoạt động đền ơn đáp nghĩa",
        None,
        None,
        12_000_000,
        "Uỷ ban MTTQ huyện",
        "",
    ),
]

CONTESTS = [
    # (name, edition, date, entries, [(level, prize, count)])
    (
        "Hội thi Sáng tạo kỹ thuật tỉnh Hà Tĩnh",
        "lần thứ IX (2019-2020)",
        D(2020, 12, 18),
        14,
        [
            (Level.DISTRICT, "Giải thưởng cấp huyện", 6),
            (Level.PROVINCE, "Giải Ba", 1),
            (Level.PROVINCE, "Giải Khuyến khích", 2),
        ],
    ),
    (
        "Cuộc thi Sáng tạo Thanh thiếu niên – Nhi đồng tỉnh Hà Tĩnh",
        "lần thứ XIV (2021)",
        D(2021, 12, 10),
        22,
        [(Level.DISTRICT, "Giải thưởng cấp huyện", 8), (Level.PROVINCE, "Giải Khuyến khích", 3)],
    ),
    (
        "Hội thi Sáng tạo kỹ thuật tỉnh Hà Tĩnh",
        "lần thứ X (2022-2023)",
        D(2023, 11, 24),
        17,
        [
            (Level.DISTRICT, "Giải thưởng cấp huyện", 7),
            (Level.PROVINCE, "Giải Nhì", 1),
            (Level.PROVINCE, "Giải Khuyến khích", 2),
        ],
    ),
]

INITIATIVES = [
    (
        "Quy trình nhân giống chè cành PH1 trong vườn ươm hộ gia đình",
        "Nguyễn Văn Sơn và cộng sự",
        "che-tay-son",
        Level.PROVINCE,
        D(2019, 11, 20),
    ),
    (
        "Ứng dụng chế phẩm sinh học xử lý chất thải chăn nuôi hươu",
        "Phan Đình Thắng",
        "phong-nong-nghiep",
        Level.PROVINCE,
        D(2020, 10, 12),
    ),
    (
        "Giải pháp quản lý hồ sơ học sinh trên môi trường số",
        "Trần Thị Hoài",
        "thpt-huong-son",
        Level.PROVINCE,
        D(2021, 6, 1),
    ),
    (
        "Kỹ thuật ghép cải tạo vườn cam bù già cỗi",
        "Lê Văn Hoà",
        "lam-vuon",
        Level.PROVINCE,
        D(2021, 11, 3),
    ),
    ("Mô hình nuôi ong lấy mật dưới tán rừng", "Võ Văn Lâm", "son-kim-1", Level.PROVINCE, D(2022, 9, 14)),
    (
        "Quy trình chăm sóc người bệnh sau đột quỵ tại nhà",
        "Bác sĩ Đặng Thị Thu",
        "trung-tam-y-te",
        Level.PROVINCE,
        D(2023, 5, 22),
    ),
    (
        "Sổ tay hướng dẫn thủ tục hành chính cho người dân",
        "Nguyễn Thị Mai",
        "pho-chau",
        Level.DISTRICT,
        D(2020, 12, 1),
    ),
    (
        "Phương pháp dạy học trải nghiệm môn Khoa học tự nhiên",
        "Hồ Thị Lan",
        "tam-ly-giao-duc",
        Level.DISTRICT,
        D(2022, 5, 30),
    ),
    (
        "Bảo quản cam sau thu hoạch bằng màng sinh học",
        "Dương Văn Tú",
        "son-hong",
        Level.DISTRICT,
        D(2023, 3, 8),
    ),
]

INDICATORS = [
    ("xa_nong_thon_moi", "Số xã giữ vững và nâng cao tiêu chí nông thôn mới", Decimal(23), "xã"),
    ("san_pham_ocop", "Số sản phẩm OCOP được công nhận", Decimal(48), "sản phẩm"),
    ("san_pham_ocop_4_sao", "Số sản phẩm OCOP đạt 4 sao", Decimal(1), "sản phẩm"),
]

TARGETS = [
    ("Số hội viên", "so_hoi_vien", Decimal(8000), "người"),
    ("Số hội thành viên", "so_hoi_thanh_vien", Decimal(45), "hội"),
    ("Đề tài, sáng kiến được công nhận cấp tỉnh", "so_de_tai_cap_tinh", Decimal(5), "đề tài"),
    ("Lớp tập huấn, phổ biến kiến thức", "so_buoi_tap_huan", Decimal(10), "lớp"),
]

PROSE = {
    Section.OPENING: """
Ban Chấp hành đã ban hành quy chế làm việc và giao cho từng uỷ viên theo dõi, giúp đỡ các hội thành viên theo lĩnh vực chuyên môn của mình.
Nhờ sự lãnh đạo, chỉ đạo sát sao của Huyện uỷ, HĐND, UBND huyện và Liên hiệp các Hội KH&KT tỉnh Hà Tĩnh, sự đồng hành của cấp uỷ, chính quyền cơ sở và các cơ quan, đoàn thể, trường học, Ban Chấp hành khoá {khoa} đã đoàn kết, nỗ lực thực hiện các nhiệm vụ Nghị quyết Đại hội lần thứ {khoa} đề ra. Ban Chấp hành kiểm điểm kết quả nhiệm kỳ {nhiem_ky} như sau.
""",
    Section.ORGANISATION: """
Ngay sau Đại hội, Ban Chấp hành họp phiên thứ nhất để bầu các chức danh và phân công nhiệm vụ. Khi các đơn vị hành chính cấp xã và một số đơn vị sự nghiệp công lập được sắp xếp, sáp nhập, Liên hiệp hội đã hướng dẫn các hội liên quan kiện toàn tổ chức để không gián đoạn sinh hoạt hội.
Đội ngũ hội viên tăng cả về số lượng lẫn chất lượng; hiện Liên hiệp hội có hơn {so_hoi_vien_tron_nghin} hội viên sinh hoạt tại {so_hoi_thanh_vien} hội thành viên. Ban Chấp hành và Ban Thường vụ duy trì hoạt động đều đặn và có hiệu quả.
""",
    Section.COMMUNICATION: """
Liên hiệp hội phối hợp với các cơ quan, ban, ngành tuyên truyền chủ trương của Đảng, chính sách, pháp luật của Nhà nước, nhất là các chính sách hỗ trợ xây dựng nông thôn mới, đô thị văn minh và phát triển sản xuất.
Các hội thành viên vận động hội viên tham gia {so_cuoc_thi_tim_hieu} cuộc thi tìm hiểu – cuộc thi trực tuyến về cải cách hành chính và cuộc thi tìm hiểu pháp luật về bảo hiểm xã hội – với {so_luot_du_thi_tim_hieu} lượt dự thi; cùng các ngành triển khai Quyết định số 06/QĐ-TTg ngày 06/01/2022 của Thủ tướng Chính phủ (Đề án 06) về dữ liệu dân cư, định danh và xác thực điện tử; có {so_bai_viet} tin, bài đăng trên tạp chí, bản tin và trang thông tin điện tử, trong đó có tin, bài giới thiệu hội thi sáng tạo kỹ thuật và cuộc thi sáng tạo dành cho thanh thiếu niên, nhi đồng.
Liên hiệp hội góp phần vào các đợt tuyên truyền lớn của huyện: kỷ niệm 550 năm danh xưng Hương Sơn (1469-2019), hướng tới kỷ niệm 300 năm ngày sinh Đại danh y Hải Thượng Lãn Ông Lê Hữu Trác (1724-2024), bầu cử đại biểu Quốc hội khoá XV và đại biểu HĐND các cấp nhiệm kỳ 2021-2026, cùng các hoạt động Mừng Đảng, Mừng Xuân hằng năm.
""",
    Section.DISSEMINATION: """
Liên hiệp hội phối hợp với Trung tâm Ứng dụng KHKT và Bảo vệ cây trồng, vật nuôi, các ngành cấp tỉnh, doanh nghiệp và các xã, thị trấn mở {so_buoi_tap_huan} lớp tập huấn với {so_luot_tap_huan} lượt người dự về trồng trọt, chăn nuôi, giống chè và giống cây lâm nghiệp; một số mô hình sản xuất liên kết với doanh nghiệp đã cho hiệu quả rõ rệt.
Cùng với toàn huyện, {xa_nong_thon_moi} xã giữ vững và nâng cao các tiêu chí nông thôn mới; huyện có {san_pham_ocop} sản phẩm OCOP, trong đó {san_pham_ocop_4_sao} sản phẩm đạt 4 sao. Liên hiệp hội cũng phối hợp đào tạo, bồi dưỡng cán bộ, công chức, viên chức về chuyên môn, lý luận chính trị và kỹ năng nghiệp vụ.
""",
    Section.CONSULTING: """
Liên hiệp hội và các hội thành viên đã tham gia {so_hoat_dong_tu_van} lượt tư vấn, góp ý, phản biện các chương trình, đề án phát triển kinh tế - xã hội của huyện, qua đó khẳng định vai trò của đội ngũ trí thức địa phương và làm cầu nối giữa Huyện uỷ, HĐND, UBND, Mặt trận với trí thức khoa học và công nghệ.
""",
    Section.CREATIVITY: """
Liên hiệp hội chủ động phối hợp với ban tổ chức các hội thi, cuộc thi của tỉnh và huyện, hướng dẫn tác giả làm hồ sơ, tổ chức chấm chọn giải pháp dự thi cấp tỉnh. Trong nhiệm kỳ có {so_hoi_thi} hội thi, cuộc thi với {so_giai_phap_du_thi} giải pháp, sản phẩm dự thi; đạt {so_giai_cap_tinh} giải cấp tỉnh. Sau mỗi hội thi, Liên hiệp hội tổng kết, rút kinh nghiệm và khen thưởng các tập thể, cá nhân tiêu biểu.
""",
    Section.SCIENCE: """
Phong trào thi đua lao động sáng tạo được triển khai rộng khắp; nhiều đề tài, sáng kiến được ứng dụng vào sản xuất, công tác và đời sống, góp phần phát triển kinh tế - xã hội của huyện.
""",
    Section.LIAISON: """
Các hội thành viên liên kết với doanh nghiệp, tổ chức và cá nhân để tăng sản lượng, nâng cao chất lượng sản phẩm. Liên hiệp hội thường xuyên giữ mối liên hệ và tranh thủ sự chỉ đạo của Liên hiệp hội tỉnh trong tổ chức các hoạt động phối hợp.
""",
    Section.FRONT: """
Liên hiệp hội và các hội thành viên tuyên truyền sâu rộng về vai trò, vị trí của tổ chức hội; đội ngũ trí thức là lực lượng nòng cốt trong khơi dậy tinh thần yêu nước và sáng tạo.
Hưởng ứng các cuộc vận động của Mặt trận, Liên hiệp hội và các hội thành viên đã đóng góp {tong_dong_gop} đồng cho các quỹ và hoạt động an sinh xã hội, được cấp uỷ, chính quyền ghi nhận.
""",
    Section.SHORTCOMINGS: """
Bên cạnh kết quả đạt được, Ban Chấp hành và các hội thành viên còn một số tồn tại, hạn chế:
""",
    Section.CLOSING: """
Trên đây là báo cáo kiểm điểm của Ban Chấp hành Liên hiệp hội khoá {khoa}, nhiệm kỳ {nhiem_ky}. Ban Chấp hành nghiêm túc tự phê bình và phê bình trước Đại hội.
Kính mong các đại biểu thảo luận, góp ý để Ban Chấp hành khoá {khoa_sau}, nhiệm kỳ {nhiem_ky_sau} tiếp thu vào phương hướng, nhiệm vụ và Nghị quyết Đại hội lần thứ {khoa_sau}./.
""",
}

SHORTCOMINGS = [
    (
        "Một số uỷ viên Ban Chấp hành chưa dành nhiều tâm huyết cho hoạt động chung, tham gia sinh hoạt chưa đầy đủ.",
        "",
    ),
    (
        "Các cuộc họp thường kỳ của Ban Thường vụ, Ban Chấp hành có lúc chưa đúng hạn; việc tham mưu nâng cao chất lượng hoạt động hội còn hạn chế.",
        "",
    ),
    (
        "Nội dung, phương thức hoạt động còn lúng túng; nghiên cứu khoa học chưa thành phong trào rộng khắp; công tác tư vấn, phản biện và giám định xã hội còn ít.",
        "so_hoat_dong_tu_van",
    ),
    (
        "Hội thi, cuộc thi chưa thu hút đông đảo người tham gia, chất lượng giải pháp và kinh phí đầu tư còn hạn chế, kết quả cấp tỉnh chưa cao.",
        "so_giai_cap_tinh",
    ),
    (
        "Nhân sự Ban Chấp hành biến động nhiều trong nhiệm kỳ; nhiều uỷ viên kiêm nhiệm nên khó khăn trong chỉ đạo.",
        "so_uy_vien_roi_bch",
    ),
    ("Công tác thông tin, báo cáo và xây dựng hội ở một số hội thành viên chưa được quan tâm đúng mức.", ""),
    ("Kinh phí hoạt động của Liên hiệp hội chưa đáp ứng yêu cầu nhiệm vụ trong tình hình mới.", ""),
]


def load_report_demo(actor):
    """Fill term IV's records and report prose; returns the report."""
    term = Term.objects.get(ordinal=4)
    associations = {a.code: a for a in Association.objects.all()}
    communes = [a for a in associations.values() if a.block == Block.COMMUNES]
    for index, (kind, held_on, title, participants, quantity, amount, partner, outcome) in enumerate(
        ACTIVITIES
    ):
        activity, created = Activity.objects.get_or_create(
            term=term,
            kind=kind,
            title=title,
            defaults=dict(
                held_on=held_on,
                participants=participants,
                quantity=quantity,
                amount=amount,
                partner=partner,
                outcome=outcome,
            ),
        )
        if created and communes:
            activity.associations.set(communes[index % len(communes) :][:3])
    for name, edition, held_on, entries, awards in CONTESTS:
        contest, created = Contest.objects.get_or_create(
            term=term, name=name, edition=edition, defaults=dict(held_on=held_on, entries=entries)
        )
        if created:
            Award.objects.bulk_create(
                Award(contest=contest, level=level, prize=prize, count=count)
                for level, prize, count in awards
            )
    for title, authors, code, level, recognised_on in INITIATIVES:
        Initiative.objects.get_or_create(
            term=term,
            title=title,
            defaults=dict(
                authors=authors, association=associations.get(code), level=level, recognised_on=recognised_on
            ),
        )
    for code, label, value, unit in INDICATORS:
        Indicator.objects.get_or_create(
            term=term, code=code, defaults=dict(label=label, value=value, unit=unit, as_of=D(2023, 12, 31))
        )
    for position, (label, figure, value, unit) in enumerate(TARGETS, start=1):
        Target.objects.get_or_create(
            term=term,
            figure=figure,
            defaults=dict(label=label, target_value=value, unit=unit, position=position),
        )
    report, created = TermReport.objects.get_or_create(
        term=term,
        defaults=dict(
            subtitle=f"Kiểm điểm của Ban Chấp hành Liên hiệp hội khoá {term.roman}, nhiệm kỳ {term.years}",
            signer_name="Nguyễn Kiều Hưng",
            dated=D(2024, 1, 5),
        ),
    )
    if created:
        for section, body in PROSE.items():
            services.save_section_text(report, section, body.strip(), actor=actor)
        for text, figure in SHORTCOMINGS:
            services.add_shortcoming(report, text, actor=actor, figure=figure)
    elif not SectionText.objects.filter(report=report).exists():
        for section, body in PROSE.items():
            services.save_section_text(report, section, body.strip(), actor=actor)
    return report


def on_demo_loaded(sender, *, federation, actor, **kwargs):
    with transaction.atomic():
        report = load_report_demo(actor)
    return f"Báo cáo kiểm điểm khoá {report.term.roman}: {report.texts.count()} mục, {report.shortcomings.count()} tồn tại."

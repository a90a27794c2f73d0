"""The demo federation: Hương Sơn district as the executive committee's term IV report describes it.

The facts and figures come from that report (19 elected at congress IV, 5 on the standing committee, the
officers, five departures, 44 associations in two blocks, more than 8,000 members); everything else is
invented to look like a district roster and is marked `is_sample`. The people the report names are not
marked; of them the demo records little beyond what the report says: their jobs (a plausible one for the
general secretary, whose job it does not give), an association each belongs to, and departure dates, which
the report leaves out.

The roster is generated from a fixed seed, so every load builds the same federation. Loading is a no-op
once the federation exists: a second run adds no row and no history row.
"""

import datetime
import random
from dataclasses import dataclass, field
from typing import NamedTuple

from django.contrib.auth.hashers import make_password
from django.db import transaction
from simple_history.utils import bulk_create_with_history

from members import member_counts, services
from members.dates import PartialDate, Precision
from members.models import (
    AcademicTitle,
    Association,
    Block,
    Body,
    ClosedReason,
    Degree,
    EndReason,
    Federation,
    Gender,
    LeaveReason,
    Membership,
    Person,
    PoliticalTheory,
    Role,
    StartMethod,
    Term,
    User,
    UserRole,
)

SEED = 20240315

FEDERATION = {
    "name": "Liên hiệp các hội Khoa học và Kỹ thuật huyện Hương Sơn",
    "short_name": "Liên hiệp hội huyện Hương Sơn",
    "document_name": "Liên hiệp các hội KH&KT huyện Hương Sơn",
    "parent_body": "Liên hiệp các Hội KH&KT tỉnh Hà Tĩnh",
    "locality": "Hương Sơn",
}
CONGRESS_IV = datetime.date(2018, 8, 17)
CONGRESS_V = datetime.date(2024, 3, 15)
TERMS = [
    {"ordinal": 4, "start_year": 2018, "end_year": 2023, "congress_date": CONGRESS_IV},
    {"ordinal": 5, "start_year": 2024, "end_year": 2029, "congress_date": CONGRESS_V},
]
# The associations of the communes that were to merge were reorganised into the associations of the new
# communes on 30/06/2018, so the federation counted its 44 associations (19 + 25) from congress IV on; the old
# associations closed that day and their members moved to the association of the new commune.
MERGER_DATE = datetime.date(2018, 6, 30)
# Nobody joins or leaves an association in the demo after this day, so the roster on congress V's day is
# also today's roster.
ROSTER_END = datetime.date(2023, 12, 31)

PASSWORD = "huongson2024"
# Where bin/demo serves the portal unless given another address.
DEFAULT_ADDRESS = "127.0.0.1:8000"
SECRETARIAT_EMAIL = "vanphong@lienhiephoi.vn"
LEAD_EMAIL = "sonhong@lienhiephoi.vn"
DELEGATE_EMAIL = "daibieu@lienhiephoi.vn"
LEAD_ASSOCIATION = "son-hong"


class DemoError(Exception):
    """The demo cannot be loaded into this database; the message says why, in Vietnamese."""


# --- Occupations: who sits on each kind of roster ------------------------------------------------------

DEGREE_PROFILES = {
    "teacher": [(Degree.BACHELOR, 70), (Degree.MASTER, 12), (Degree.COLLEGE, 15), (Degree.VOCATIONAL, 3)],
    "official": [(Degree.BACHELOR, 72), (Degree.MASTER, 14), (Degree.COLLEGE, 5), (Degree.VOCATIONAL, 9)],
    "doctor": [(Degree.BACHELOR, 55), (Degree.SPECIALIST, 30), (Degree.MASTER, 12), (Degree.DOCTOR, 3)],
    "nurse": [(Degree.BACHELOR, 20), (Degree.COLLEGE, 30), (Degree.VOCATIONAL, 50)],
    "engineer": [
        (Degree.BACHELOR, 72),
        (Degree.MASTER, 15),
        (Degree.DOCTOR, 2),
        (Degree.COLLEGE, 8),
        (Degree.VOCATIONAL, 3),
    ],
    "technician": [(Degree.COLLEGE, 30), (Degree.VOCATIONAL, 50), (Degree.BACHELOR, 15), (Degree.NONE, 5)],
    "worker": [(Degree.VOCATIONAL, 40), (Degree.NONE, 45), (Degree.COLLEGE, 10), (Degree.BACHELOR, 5)],
    "farmer": [(Degree.NONE, 58), (Degree.VOCATIONAL, 27), (Degree.COLLEGE, 8), (Degree.BACHELOR, 7)],
    "retired": [
        (Degree.BACHELOR, 40),
        (Degree.COLLEGE, 22),
        (Degree.VOCATIONAL, 25),
        (Degree.MASTER, 5),
        (Degree.NONE, 8),
    ],
    "researcher": [(Degree.BACHELOR, 45), (Degree.MASTER, 40), (Degree.DOCTOR, 15)],
    "herbalist": [(Degree.VOCATIONAL, 45), (Degree.NONE, 30), (Degree.COLLEGE, 10), (Degree.BACHELOR, 15)],
}

# (title for a university degree, subject): "Kỹ sư" + "Nông học", "Thạc sĩ Nông học", "Trung cấp Nông học".
SUBJECTS = {
    "teaching": [
        ("Cử nhân", "Sư phạm Toán"),
        ("Cử nhân", "Sư phạm Ngữ văn"),
        ("Cử nhân", "Sư phạm Vật lý"),
        ("Cử nhân", "Sư phạm Hóa học"),
        ("Cử nhân", "Sư phạm Sinh học"),
        ("Cử nhân", "Sư phạm Lịch sử"),
        ("Cử nhân", "Sư phạm Địa lý"),
        ("Cử nhân", "Sư phạm Tiếng Anh"),
        ("Cử nhân", "Sư phạm Tin học"),
        ("Cử nhân", "Giáo dục thể chất"),
        ("Cử nhân", "Giáo dục chính trị"),
    ],
    "primary": [("Cử nhân", "Giáo dục tiểu học"), ("Cử nhân", "Giáo dục mầm non")],
    "medicine": [
        ("Bác sĩ", "Nội khoa"),
        ("Bác sĩ", "Ngoại khoa"),
        ("Bác sĩ", "Nhi khoa"),
        ("Bác sĩ", "Sản phụ khoa"),
        ("Bác sĩ", "Y học dự phòng"),
        ("Bác sĩ", "Y học cổ truyền"),
    ],
    "nursing": [
        ("Cử nhân", "Điều dưỡng"),
        ("Cử nhân", "Hộ sinh"),
        ("Dược sĩ", "Dược"),
        ("Cử nhân", "Xét nghiệm"),
    ],
    "herbal": [("Bác sĩ", "Y học cổ truyền"), ("Dược sĩ", "Dược liệu")],
    "agriculture": [
        ("Kỹ sư", "Nông học"),
        ("Kỹ sư", "Chăn nuôi – Thú y"),
        ("Kỹ sư", "Bảo vệ thực vật"),
        ("Kỹ sư", "Khoa học cây trồng"),
        ("Kỹ sư", "Phát triển nông thôn"),
    ],
    "forestry": [("Kỹ sư", "Lâm sinh"), ("Kỹ sư", "Quản lý tài nguyên rừng"), ("Kỹ sư", "Lâm nghiệp")],
    "tea": [("Kỹ sư", "Nông học"), ("Kỹ sư", "Công nghệ chế biến chè"), ("Kỹ sư", "Cơ khí nông nghiệp")],
    "economics": [
        ("Cử nhân", "Kinh tế"),
        ("Cử nhân", "Kế toán"),
        ("Cử nhân", "Tài chính – Ngân hàng"),
        ("Cử nhân", "Quản trị kinh doanh"),
        ("Cử nhân", "Luật"),
    ],
    "environment": [("Kỹ sư", "Quản lý đất đai"), ("Kỹ sư", "Môi trường"), ("Kỹ sư", "Trắc địa")],
    "administration": [
        ("Cử nhân", "Hành chính"),
        ("Cử nhân", "Luật"),
        ("Cử nhân", "Kế toán"),
        ("Kỹ sư", "Quản lý đất đai"),
        ("Kỹ sư", "Xây dựng"),
        ("Cử nhân", "Văn hóa"),
    ],
    "history": [("Cử nhân", "Lịch sử"), ("Cử nhân", "Văn hóa học"), ("Cử nhân", "Hán Nôm")],
}


@dataclass(frozen=True)
class Occupation:
    job: str
    weight: int  # how often the job comes up on the roster
    degrees: str  # a key of DEGREE_PROFILES
    subjects: str  # a key of SUBJECTS
    # "{unit}" is the association's agency; "{commune}" and "{place}" name the association's commune
    # ("Sơn Hồng", "xã Sơn Hồng"), or any commune for an association of the agencies block; "{school}",
    # "{office}", "{bank}" and "{company}" pick one of the district's.
    workplace: str = "{unit}"


@dataclass(frozen=True)
class Kind:
    occupations: list
    female_share: float
    party_share: float
    ages: tuple = (24, 60)
    # Jobs of the first people on the roster, one each, before the weighted draw.
    leads: list = field(default_factory=list)


KINDS = {
    "school": Kind(
        leads=[Occupation("Phó Hiệu trưởng", 0, "teacher", "teaching")],
        occupations=[
            Occupation("Giáo viên", 80, "teacher", "teaching"),
            Occupation("Tổ trưởng chuyên môn", 8, "teacher", "teaching"),
            Occupation("Nhân viên thư viện – thiết bị", 2, "technician", "teaching"),
            Occupation("Kế toán", 2, "official", "economics"),
        ],
        female_share=0.62,
        party_share=0.38,
    ),
    "education_office": Kind(
        leads=[Occupation("Phó Trưởng phòng", 0, "official", "teaching")],
        occupations=[
            Occupation("Chuyên viên", 20, "official", "teaching"),
            Occupation("Hiệu trưởng", 25, "teacher", "teaching", "{school}"),
            Occupation("Phó Hiệu trưởng", 30, "teacher", "teaching", "{school}"),
        ],
        female_share=0.55,
        party_share=0.7,
        ages=(30, 60),
    ),
    "health": Kind(
        leads=[Occupation("Phó Giám đốc", 0, "doctor", "medicine")],
        occupations=[
            Occupation("Bác sĩ", 35, "doctor", "medicine"),
            Occupation("Điều dưỡng", 30, "nurse", "nursing"),
            Occupation("Hộ sinh", 8, "nurse", "nursing"),
            Occupation("Dược sĩ", 8, "nurse", "nursing"),
            Occupation("Kỹ thuật viên xét nghiệm", 8, "nurse", "nursing"),
            Occupation("Trưởng khoa", 6, "doctor", "medicine"),
        ],
        female_share=0.6,
        party_share=0.32,
    ),
    "herbal": Kind(
        occupations=[
            Occupation("Lương y", 45, "herbalist", "herbal", "Phòng chẩn trị y học cổ truyền, {place}"),
            Occupation("Y sĩ y học cổ truyền", 25, "nurse", "herbal", "Trạm Y tế {place}"),
            Occupation("Bác sĩ y học cổ truyền", 15, "doctor", "herbal", "Trung tâm Y tế huyện Hương Sơn"),
            Occupation("Chủ cơ sở trồng dược liệu", 15, "farmer", "agriculture", "{place}"),
        ],
        female_share=0.38,
        party_share=0.25,
        ages=(28, 75),
    ),
    "gardening": Kind(
        occupations=[
            Occupation("Chủ vườn cam", 30, "farmer", "agriculture", "{place}"),
            Occupation("Chủ trang trại tổng hợp", 20, "farmer", "agriculture", "{place}"),
            Occupation("Chủ vườn ươm giống cây", 10, "farmer", "agriculture", "{place}"),
            Occupation("Cán bộ khuyến nông", 10, "engineer", "agriculture", "UBND {place}"),
            Occupation("Nghỉ hưu", 30, "retired", "agriculture", ""),
        ],
        female_share=0.3,
        party_share=0.35,
        ages=(30, 75),
    ),
    "education_science": Kind(
        occupations=[
            Occupation("Giáo viên", 45, "teacher", "teaching", "{school}"),
            Occupation("Cán bộ quản lý giáo dục", 15, "teacher", "teaching", "{school}"),
            Occupation("Nhà giáo nghỉ hưu", 40, "retired", "teaching", ""),
        ],
        female_share=0.58,
        party_share=0.5,
        ages=(28, 75),
    ),
    "history": Kind(
        occupations=[
            Occupation("Giáo viên", 40, "teacher", "history", "{school}"),
            Occupation("Cán bộ văn hóa", 25, "official", "history", "UBND {place}"),
            Occupation("Nghỉ hưu", 35, "retired", "history", ""),
        ],
        female_share=0.45,
        party_share=0.5,
        ages=(28, 75),
    ),
    "economics": Kind(
        occupations=[
            Occupation("Chuyên viên", 35, "official", "economics", "{office}"),
            Occupation("Cán bộ tín dụng", 20, "official", "economics", "{bank}"),
            Occupation("Kế toán", 20, "official", "economics", "{office}"),
            Occupation("Giám đốc doanh nghiệp", 10, "engineer", "economics", "{company}"),
            Occupation("Nghỉ hưu", 15, "retired", "economics", ""),
        ],
        female_share=0.5,
        party_share=0.55,
        ages=(26, 72),
    ),
    "agriculture_office": Kind(
        leads=[Occupation("Phó Trưởng phòng", 0, "engineer", "agriculture")],
        occupations=[
            Occupation("Chuyên viên", 50, "engineer", "agriculture"),
            Occupation("Cán bộ khuyến nông", 30, "engineer", "agriculture", "UBND {place}"),
            Occupation("Cán bộ thú y", 20, "technician", "agriculture", "UBND {place}"),
        ],
        female_share=0.35,
        party_share=0.6,
        ages=(25, 60),
    ),
    "environment_office": Kind(
        leads=[Occupation("Phó Trưởng phòng", 0, "engineer", "environment")],
        occupations=[
            Occupation("Chuyên viên", 40, "engineer", "environment"),
            Occupation("Công chức Địa chính – Xây dựng", 50, "official", "environment", "UBND {place}"),
            Occupation("Viên chức Văn phòng Đăng ký đất đai", 10, "engineer", "environment"),
        ],
        female_share=0.35,
        party_share=0.55,
        ages=(25, 60),
    ),
    "applied_science": Kind(
        leads=[Occupation("Phó Giám đốc", 0, "engineer", "agriculture")],
        occupations=[
            Occupation("Kỹ sư", 45, "engineer", "agriculture"),
            Occupation("Kỹ thuật viên", 30, "technician", "agriculture"),
            Occupation("Nghiên cứu viên", 10, "researcher", "agriculture"),
            Occupation("Cán bộ thú y", 15, "technician", "agriculture", "UBND {place}"),
        ],
        female_share=0.4,
        party_share=0.4,
        ages=(24, 60),
    ),
    "agriculture_company": Kind(
        leads=[Occupation("Phó Giám đốc", 0, "engineer", "agriculture")],
        occupations=[
            Occupation("Kỹ sư", 30, "engineer", "agriculture"),
            Occupation("Tổ trưởng sản xuất", 15, "technician", "agriculture"),
            Occupation("Công nhân kỹ thuật", 45, "worker", "agriculture"),
            Occupation("Kế toán", 10, "official", "economics"),
        ],
        female_share=0.35,
        party_share=0.25,
        ages=(22, 60),
    ),
    "tea": Kind(
        leads=[Occupation("Phó Giám đốc", 0, "engineer", "tea")],
        occupations=[
            Occupation("Kỹ sư", 20, "engineer", "tea"),
            Occupation("Đội trưởng sản xuất", 15, "technician", "tea"),
            Occupation("Công nhân chế biến chè", 45, "worker", "tea"),
            Occupation("Công nhân trồng chè", 20, "worker", "tea"),
        ],
        female_share=0.45,
        party_share=0.22,
        ages=(22, 60),
    ),
    "forestry": Kind(
        leads=[Occupation("Phó Trưởng đơn vị", 0, "engineer", "forestry")],
        occupations=[
            Occupation("Kiểm lâm viên", 45, "engineer", "forestry"),
            Occupation("Kỹ sư lâm sinh", 25, "engineer", "forestry"),
            Occupation("Nhân viên bảo vệ rừng", 30, "technician", "forestry"),
        ],
        female_share=0.15,
        party_share=0.45,
        ages=(24, 60),
    ),
    "vocational": Kind(
        leads=[Occupation("Phó Giám đốc", 0, "teacher", "teaching")],
        occupations=[
            Occupation("Giáo viên", 60, "teacher", "teaching"),
            Occupation("Giáo viên dạy nghề", 30, "engineer", "agriculture"),
            Occupation("Kế toán", 10, "official", "economics"),
        ],
        female_share=0.5,
        party_share=0.4,
    ),
    "commune": Kind(
        leads=[
            Occupation("Phó Chủ tịch UBND", 0, "official", "administration", "UBND {place}"),
            Occupation("Hiệu trưởng", 0, "teacher", "teaching", "Trường THCS {commune}"),
            Occupation("Trạm trưởng", 0, "doctor", "medicine", "Trạm Y tế {place}"),
        ],
        occupations=[
            Occupation("Công chức Địa chính – Xây dựng", 3, "official", "administration", "UBND {place}"),
            Occupation("Công chức Văn hóa – Xã hội", 3, "official", "administration", "UBND {place}"),
            Occupation("Công chức Tư pháp – Hộ tịch", 2, "official", "administration", "UBND {place}"),
            Occupation("Công chức Tài chính – Kế toán", 2, "official", "economics", "UBND {place}"),
            Occupation("Giáo viên", 9, "teacher", "primary", "Trường Mầm non {commune}"),
            Occupation("Giáo viên", 11, "teacher", "primary", "Trường Tiểu học {commune}"),
            Occupation("Giáo viên", 10, "teacher", "teaching", "Trường THCS {commune}"),
            Occupation("Y sĩ", 2, "nurse", "nursing", "Trạm Y tế {place}"),
            Occupation("Điều dưỡng", 2, "nurse", "nursing", "Trạm Y tế {place}"),
            Occupation("Giám đốc hợp tác xã", 1, "technician", "agriculture", "HTX Nông nghiệp {commune}"),
            Occupation("Khuyến nông viên cơ sở", 2, "technician", "agriculture", "{place}"),
            Occupation("Thú y viên cơ sở", 2, "technician", "agriculture", "{place}"),
            Occupation("Nông dân", 15, "farmer", "agriculture", "{place}"),
            Occupation("Chủ vườn cam", 7, "farmer", "agriculture", "{place}"),
            Occupation("Chủ trang trại nuôi hươu", 5, "farmer", "agriculture", "{place}"),
            Occupation("Chủ hộ trồng chè", 4, "farmer", "tea", "{place}"),
            Occupation("Chủ cơ sở sản xuất", 4, "farmer", "agriculture", "{place}"),
            Occupation("Cán bộ hưu trí", 10, "retired", "administration", ""),
            Occupation("Nhà giáo nghỉ hưu", 6, "retired", "teaching", ""),
        ],
        female_share=0.48,
        party_share=0.3,
        ages=(22, 75),
    ),
}

# Places for jobs that sit outside the association's own agency.
DISTRICT_SCHOOLS = ["Trường THPT Hương Sơn", "Trường THPT Cao Thắng", "Trường THPT Lê Hữu Trác"]
DISTRICT_OFFICES = [
    "Phòng Tài chính – Kế hoạch huyện Hương Sơn",
    "Chi cục Thuế khu vực Hương Sơn – Đức Thọ",
    "Kho bạc Nhà nước Hương Sơn",
    "Văn phòng HĐND và UBND huyện Hương Sơn",
]
DISTRICT_BANKS = [
    "Ngân hàng Nông nghiệp và PTNT chi nhánh Hương Sơn",
    "Ngân hàng Chính sách xã hội huyện Hương Sơn",
    "Quỹ tín dụng nhân dân Phố Châu",
]
DISTRICT_COMPANIES = [
    "Công ty TNHH Thương mại Hương Sơn",
    "Hợp tác xã Cam bù Hương Sơn",
    "Công ty Cổ phần Xây dựng Hương Sơn",
]


# --- Associations -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class AssociationSpec:
    code: str
    name: str
    kind: str
    established_on: datetime.date
    size: int = 0  # people generated on its roster, besides those who left; communes draw theirs
    unit: str = ""  # the agency its members work in
    commune: str = ""
    township: bool = False

    @property
    def block(self):
        return Block.COMMUNES if self.commune else Block.AGENCIES


def _agency(code, name, kind, established_on, size, unit=""):
    return AssociationSpec(code, name, kind, datetime.date.fromisoformat(established_on), size, unit)


AGENCIES = [
    _agency("kinh-te", "Hội Khoa học Kinh tế huyện Hương Sơn", "economics", "2009-05-12", 128),
    _agency("dong-y", "Hội Đông y huyện Hương Sơn", "herbal", "2008-10-20", 96),
    _agency("lam-vuon", "Hội Làm vườn huyện Hương Sơn", "gardening", "2008-06-15", 148),
    _agency(
        "tam-ly-giao-duc",
        "Hội Khoa học Tâm lý – Giáo dục huyện Hương Sơn",
        "education_science",
        "2010-11-20",
        134,
    ),
    _agency("lich-su", "Hội Khoa học Lịch sử huyện Hương Sơn", "history", "2012-04-10", 62),
    _agency(
        "thpt-huong-son",
        "Hội KH&KT Trường THPT Hương Sơn",
        "school",
        "2009-09-05",
        74,
        "Trường THPT Hương Sơn",
    ),
    _agency(
        "thpt-cao-thang",
        "Hội KH&KT Trường THPT Cao Thắng",
        "school",
        "2009-09-05",
        68,
        "Trường THPT Cao Thắng",
    ),
    _agency(
        "thpt-le-huu-trac",
        "Hội KH&KT Trường THPT Lê Hữu Trác",
        "school",
        "2010-09-05",
        71,
        "Trường THPT Lê Hữu Trác",
    ),
    _agency(
        "thpt-ly-chinh-thang",
        "Hội KH&KT Trường THPT Lý Chính Thắng",
        "school",
        "2011-09-05",
        60,
        "Trường THPT Lý Chính Thắng",
    ),
    _agency(
        "gdnn-gdtx",
        "Hội KH&KT Trung tâm Giáo dục nghề nghiệp – Giáo dục thường xuyên huyện",
        "vocational",
        "2018-03-01",
        61,
        "Trung tâm GDNN – GDTX huyện Hương Sơn",
    ),
    _agency(
        "trung-tam-y-te",
        "Hội KH&KT Trung tâm Y tế huyện Hương Sơn",
        "health",
        "2009-02-27",
        146,
        "Trung tâm Y tế huyện Hương Sơn",
    ),
    _agency(
        "phong-giao-duc",
        "Hội KH&KT Phòng Giáo dục và Đào tạo",
        "education_office",
        "2010-03-15",
        63,
        "Phòng Giáo dục và Đào tạo huyện Hương Sơn",
    ),
    _agency(
        "phong-nong-nghiep",
        "Hội KH&KT Phòng Nông nghiệp và Phát triển nông thôn",
        "agriculture_office",
        "2009-04-01",
        66,
        "Phòng Nông nghiệp và PTNT huyện Hương Sơn",
    ),
    _agency(
        "tai-nguyen-moi-truong",
        "Hội KH&KT Phòng Tài nguyên và Môi trường",
        "environment_office",
        "2013-06-05",
        64,
        "Phòng Tài nguyên và Môi trường huyện Hương Sơn",
    ),
    _agency(
        "ung-dung-khkt",
        "Hội KH&KT Trung tâm Ứng dụng KHKT và Bảo vệ cây trồng, vật nuôi",
        "applied_science",
        "2017-06-01",
        72,
        "Trung tâm Ứng dụng KHKT và Bảo vệ cây trồng, vật nuôi huyện Hương Sơn",
    ),
    _agency(
        "cp-nong-nghiep",
        "Hội KH&KT Công ty Cổ phần Nông nghiệp Hương Sơn",
        "agriculture_company",
        "2011-07-01",
        105,
        "Công ty Cổ phần Nông nghiệp Hương Sơn",
    ),
    _agency(
        "che-tay-son", "Hội KH&KT Xí nghiệp chè Tây Sơn", "tea", "2010-08-01", 88, "Xí nghiệp chè Tây Sơn"
    ),
    _agency(
        "kiem-lam",
        "Hội KH&KT Hạt Kiểm lâm huyện Hương Sơn",
        "forestry",
        "2012-10-01",
        61,
        "Hạt Kiểm lâm huyện Hương Sơn",
    ),
    _agency(
        "rung-ngan-pho",
        "Hội KH&KT Ban Quản lý rừng phòng hộ Ngàn Phố",
        "forestry",
        "2013-05-01",
        70,
        "Ban Quản lý rừng phòng hộ Ngàn Phố",
    ),
]

# The communes and townships of 2020–2024, in the district's usual order, with the communes each of the
# four merged ones was formed from.
COMMUNES = [
    ("pho-chau", "Phố Châu", True),
    ("tay-son", "Tây Sơn", True),
    ("son-hong", "Sơn Hồng", False),
    ("son-tien", "Sơn Tiến", False),
    ("son-lam", "Sơn Lâm", False),
    ("son-le", "Sơn Lễ", False),
    ("an-hoa-thinh", "An Hòa Thịnh", False),
    ("son-giang", "Sơn Giang", False),
    ("son-linh", "Sơn Lĩnh", False),
    ("tan-my-ha", "Tân Mỹ Hà", False),
    ("son-tay", "Sơn Tây", False),
    ("son-ninh", "Sơn Ninh", False),
    ("son-chau", "Sơn Châu", False),
    ("son-trung", "Sơn Trung", False),
    ("son-bang", "Sơn Bằng", False),
    ("son-binh", "Sơn Bình", False),
    ("son-kim-1", "Sơn Kim 1", False),
    ("son-kim-2", "Sơn Kim 2", False),
    ("son-tra", "Sơn Trà", False),
    ("son-long", "Sơn Long", False),
    ("quang-diem", "Quang Diệm", False),
    ("kim-hoa", "Kim Hoa", False),
    ("son-ham", "Sơn Hàm", False),
    ("son-phu", "Sơn Phú", False),
    ("son-truong", "Sơn Trường", False),
]
MERGED_COMMUNES = {
    "an-hoa-thinh": [("son-an", "Sơn An"), ("son-hoa", "Sơn Hòa"), ("son-thinh", "Sơn Thịnh")],
    "tan-my-ha": [("son-tan", "Sơn Tân"), ("son-my", "Sơn Mỹ"), ("son-ha", "Sơn Hà")],
    "quang-diem": [("son-quang", "Sơn Quang"), ("son-diem", "Sơn Diệm")],
    "kim-hoa": [("son-phuc", "Sơn Phúc"), ("son-mai", "Sơn Mai"), ("son-thuy", "Sơn Thủy")],
}
# Border communes where some members are of ethnic minorities.
BORDER_COMMUNES = {"son-kim-1", "son-kim-2"}


def _commune_spec(code, commune, township, rng, *, merged=False, pre_merger=False):
    if merged:
        # Formed on the merger day with the members of the old associations; it has grown since.
        established, size = MERGER_DATE, rng.randint(130, 170)
    elif pre_merger:
        # The merged communes were small ones, with small associations.
        established = _date_between(rng, datetime.date(2009, 1, 1), datetime.date(2012, 12, 31))
        size = rng.randint(30, 45)
    else:
        established = _date_between(rng, datetime.date(2008, 9, 1), datetime.date(2013, 12, 31))
        size = rng.randint(225, 310)
    unit = "thị trấn" if township else "xã"
    return AssociationSpec(
        code, f"Hội KH&KT {unit} {commune}", "commune", established, size, commune=commune, township=township
    )


# --- The committee the report names, and the people the demo adds to it ---------------------------


@dataclass(frozen=True)
class CommitteeMember:
    full_name: str
    gender: str
    association: str
    job: str = ""
    workplace: str = ""
    standing_role: str = ""  # a seat on the standing committee, elected at the first session
    inspection_role: str = ""
    # A seat given up during the term: (date, EndReason, association the person moves to, or "")
    departure: tuple = ()
    sample: bool = False
    birth_date: datetime.date | None = None
    degree: str = ""
    education_level: str = ""


COMMITTEE = [
    # Named in the report.
    CommitteeMember(
        "Nguyễn Kiều Hưng",
        Gender.MALE,
        "kinh-te",
        "Phó Chủ tịch UBND huyện",
        "UBND huyện Hương Sơn",
        standing_role=Role.CHAIR,
    ),
    CommitteeMember(
        "Trần Đình Chiến",
        Gender.MALE,
        "cp-nong-nghiep",
        "Giám đốc Công ty Cổ phần Nông nghiệp Hương Sơn",
        "Công ty Cổ phần Nông nghiệp Hương Sơn",
        standing_role=Role.VICE_CHAIR,
    ),
    CommitteeMember(
        "Nguyễn Trường Giang",
        Gender.MALE,
        "phong-giao-duc",
        "Trưởng phòng Giáo dục và Đào tạo",
        "Phòng Giáo dục và Đào tạo huyện Hương Sơn",
        standing_role=Role.VICE_CHAIR,
    ),
    CommitteeMember(
        "Trần Văn Mạnh",
        Gender.MALE,
        "kinh-te",
        "Cán bộ chuyên trách Liên hiệp hội huyện",
        "Liên hiệp các hội KH&KT huyện Hương Sơn",
        standing_role=Role.GENERAL_SECRETARY,
        departure=(datetime.date(2021, 6, 1), EndReason.TO_PROVINCE, ""),
    ),
    CommitteeMember(
        "Uông Thị Kim Yến",
        Gender.FEMALE,
        "tai-nguyen-moi-truong",
        departure=(datetime.date(2020, 9, 1), EndReason.TO_COMMUNE, "son-tay"),
    ),
    CommitteeMember(
        "Võ Thị Hương",
        Gender.FEMALE,
        "phong-nong-nghiep",
        departure=(datetime.date(2022, 7, 1), EndReason.TO_COMMUNE, "son-trung"),
    ),
    CommitteeMember(
        "Lê Nhật Tân",
        Gender.MALE,
        "lich-su",
        "Trưởng phòng Văn hóa – Thông tin",
        "Phòng Văn hóa – Thông tin huyện Hương Sơn",
        departure=(datetime.date(2021, 10, 1), EndReason.RETIRED, ""),
    ),
    CommitteeMember(
        "Nguyễn Văn Sơn",
        Gender.MALE,
        "che-tay-son",
        "Giám đốc Xí nghiệp chè Tây Sơn",
        "Xí nghiệp chè Tây Sơn",
        departure=(datetime.date(2019, 11, 1), EndReason.RETIRED, ""),
    ),
    # Invented to complete the 19.
    CommitteeMember(
        "Phan Đình Thắng",
        Gender.MALE,
        "phong-nong-nghiep",
        "Trưởng phòng Nông nghiệp và PTNT",
        "Phòng Nông nghiệp và PTNT huyện Hương Sơn",
        standing_role=Role.MEMBER,
        sample=True,
        birth_date=datetime.date(1972, 4, 18),
        degree=Degree.MASTER,
        education_level="Thạc sĩ Khoa học cây trồng",
    ),
    CommitteeMember(
        "Đặng Thị Thu Hà",
        Gender.FEMALE,
        "trung-tam-y-te",
        "Phó Giám đốc Trung tâm Y tế huyện",
        "Trung tâm Y tế huyện Hương Sơn",
        sample=True,
        birth_date=datetime.date(1975, 9, 2),
        degree=Degree.SPECIALIST,
        education_level="Bác sĩ chuyên khoa II Nội khoa",
    ),
    CommitteeMember(
        "Hồ Sỹ Long",
        Gender.MALE,
        "thpt-huong-son",
        "Hiệu trưởng Trường THPT Hương Sơn",
        "Trường THPT Hương Sơn",
        sample=True,
        birth_date=datetime.date(1969, 12, 11),
        degree=Degree.MASTER,
        education_level="Thạc sĩ Lý luận và phương pháp dạy học Toán",
    ),
    CommitteeMember(
        "Lê Thị Minh Nguyệt",
        Gender.FEMALE,
        "thpt-cao-thang",
        "Hiệu trưởng Trường THPT Cao Thắng",
        "Trường THPT Cao Thắng",
        sample=True,
        birth_date=datetime.date(1974, 3, 25),
        degree=Degree.MASTER,
        education_level="Thạc sĩ Ngữ văn",
    ),
    CommitteeMember(
        "Thái Văn Hòa",
        Gender.MALE,
        "kinh-te",
        "Phó Chánh Thanh tra huyện",
        "Thanh tra huyện Hương Sơn",
        inspection_role=Role.HEAD,
        sample=True,
        birth_date=datetime.date(1970, 7, 7),
        degree=Degree.BACHELOR,
        education_level="Cử nhân Luật",
    ),
    CommitteeMember(
        "Đậu Quang Vinh",
        Gender.MALE,
        "tai-nguyen-moi-truong",
        "Trưởng phòng Tài nguyên và Môi trường",
        "Phòng Tài nguyên và Môi trường huyện Hương Sơn",
        sample=True,
        birth_date=datetime.date(1976, 1, 30),
        degree=Degree.BACHELOR,
        education_level="Kỹ sư Quản lý đất đai",
    ),
    CommitteeMember(
        "Võ Tá Hùng",
        Gender.MALE,
        "ung-dung-khkt",
        "Giám đốc Trung tâm Ứng dụng KHKT và Bảo vệ cây trồng, vật nuôi",
        "Trung tâm Ứng dụng KHKT và Bảo vệ cây trồng, vật nuôi huyện Hương Sơn",
        sample=True,
        birth_date=datetime.date(1971, 10, 15),
        degree=Degree.DOCTOR,
        education_level="Tiến sĩ Bảo vệ thực vật",
    ),
    CommitteeMember(
        "Nguyễn Thị Lan Anh",
        Gender.FEMALE,
        "kinh-te",
        "Phó Trưởng phòng Tài chính – Kế hoạch",
        "Phòng Tài chính – Kế hoạch huyện Hương Sơn",
        sample=True,
        birth_date=datetime.date(1980, 5, 19),
        degree=Degree.MASTER,
        education_level="Thạc sĩ Kinh tế",
    ),
    CommitteeMember(
        "Bùi Huy Hoàng",
        Gender.MALE,
        "kiem-lam",
        "Hạt trưởng Hạt Kiểm lâm huyện",
        "Hạt Kiểm lâm huyện Hương Sơn",
        sample=True,
        birth_date=datetime.date(1973, 8, 8),
        degree=Degree.BACHELOR,
        education_level="Kỹ sư Lâm nghiệp",
    ),
    CommitteeMember(
        "Chu Thị Hoài",
        Gender.FEMALE,
        "lam-vuon",
        "Chủ tịch Hội Làm vườn huyện",
        "Hội Làm vườn huyện Hương Sơn",
        sample=True,
        birth_date=datetime.date(1966, 2, 14),
        degree=Degree.BACHELOR,
        education_level="Kỹ sư Nông học",
    ),
    CommitteeMember(
        "Hoàng Văn Định",
        Gender.MALE,
        "pho-chau",
        "Phó Chủ tịch UBND thị trấn Phố Châu",
        "UBND thị trấn Phố Châu",
        sample=True,
        birth_date=datetime.date(1978, 11, 3),
        degree=Degree.BACHELOR,
        education_level="Cử nhân Hành chính",
    ),
]
DELEGATE = "Lê Thị Minh Nguyệt"


# --- Names ------------------------------------------------------------------------------------------

FAMILY_NAMES = [
    ("Nguyễn", 30), ("Trần", 10), ("Lê", 9), ("Phan", 5), ("Võ", 5), ("Phạm", 4), ("Hoàng", 3),
    ("Hồ", 3), ("Đặng", 2), ("Bùi", 2), ("Đinh", 2), ("Thái", 1.5), ("Đậu", 1.5), ("Đỗ", 1.5),
    ("Ngô", 1.5), ("Dương", 1.5), ("Uông", 1), ("Chu", 1), ("Đào", 1), ("Trương", 1), ("Hà", 1),
    ("Lương", 1), ("Cao", 1), ("Đoàn", 1), ("Kiều", 0.5), ("Tạ", 0.5), ("Mai", 0.5), ("Lưu", 0.5),
]  # fmt: skip
MIDDLE_NAMES = {
    Gender.MALE: [
        ("Văn", 35), ("Đình", 10), ("Hữu", 8), ("Đức", 6), ("Xuân", 6), ("Quang", 6), ("Minh", 6),
        ("Trọng", 4), ("Công", 4), ("Thanh", 4), ("Ngọc", 3), ("Sỹ", 3), ("Tiến", 3), ("Duy", 3),
        ("Anh", 3), ("Mạnh", 2), ("Bá", 2), ("Viết", 2), ("Tá", 1),
    ],
    Gender.FEMALE: [
        ("Thị", 50), ("Thị Thu", 6), ("Thị Hồng", 5), ("Thị Thanh", 5), ("Thị Kim", 4), ("Thu", 4),
        ("Thị Minh", 3), ("Thị Ngọc", 3), ("Hồng", 3), ("Ngọc", 3), ("Thanh", 3), ("Thị Lan", 2),
        ("Thị Phương", 2), ("Thị Mai", 2), ("Phương", 2), ("Khánh", 2), ("Hoài", 2), ("Mai", 1),
    ],
}  # fmt: skip
GIVEN_NAMES = {
    Gender.MALE: (
        "Anh Bình Cường Chiến Công Dũng Đạt Định Đông Đức Hải Hào Hậu Hiếu Hòa Hoàng Hùng Hưng Huy Khánh "
        "Kiên Lâm Long Lợi Lộc Lực Mạnh Minh Nam Nghĩa Ngọc Phong Phúc Phương Quang Quân Quý Sáng Sơn "
        "Tài Tâm Thái Thắng Thành Thanh Thịnh Thọ Tiến Toàn Trung Trường Tú Tuấn Tùng Việt Vinh Vũ Hoan Bảo"
    ).split(),
    Gender.FEMALE: (
        "An Anh Châu Chi Dung Duyên Giang Hà Hạnh Hằng Hiền Hoa Hoài Hồng Huệ Hương Huyền Lan Liên Liễu "
        "Linh Loan Lý Mai Minh My Nga Ngân Nguyệt Nhung Oanh Phương Quế Quyên Quỳnh Tâm Thảo Thắm Thanh "
        "Thơ Thủy Thúy Trang Trinh Tuyết Vân Xuân Yến Nhàn Sen Thoa Thương Uyên Vy"
    ).split(),
}
MINORITIES = ["Thái", "Mường", "Lào"]
PHONE_PREFIXES = (
    "086 096 097 098 032 033 034 035 036 037 038 039 088 091 094 081 082 083 084 085 089 090 093 070 076 077"
).split()

LEAVE_REASONS = [
    (LeaveReason.MOVED, 40, "Chuyển công tác ra ngoài huyện"),
    (LeaveReason.RESIGNED, 30, ""),
    (LeaveReason.DIED, 12, ""),
    (LeaveReason.OTHER, 18, "Không còn sinh hoạt với hội"),
]


def _pick(rng, weighted):
    values = [value for value, _weight in weighted]
    weights = [weight for _value, weight in weighted]
    return rng.choices(values, weights)[0]


def _date_between(rng, start, end):
    return start + datetime.timedelta(days=rng.randint(0, (end - start).days))


def _years_after(date, years):
    try:
        return date.replace(year=date.year + years)
    except ValueError:  # 29 February
        return date.replace(year=date.year + years, day=28)


def _years_before(date, years):
    return _years_after(date, -years)


# --- The roster generator ---------------------------------------------------------------------------


class Entry(NamedTuple):
    """A membership before it is inserted: the person by index in Roster.people, the association by code."""

    person: int
    association: str
    joined_on: datetime.date
    left_on: datetime.date | None = None
    leave_reason: str = ""
    leave_note: str = ""


@dataclass
class Roster:
    """People and memberships built in memory, then inserted in bulk."""

    people: list = field(default_factory=list)
    memberships: list = field(default_factory=list)  # of Entry
    leads: set = field(default_factory=set)  # indexes of the people who lead an association


class RosterGenerator:
    def __init__(self, rng, specs):
        self.rng = rng
        self.specs = specs
        self.roster = Roster()

    def person(self, spec, occupation, *, joined_by):
        """A person with an occupation on the roster of spec, old enough to have joined by `joined_by`."""
        rng = self.rng
        kind = KINDS[spec.kind]
        gender = Gender.FEMALE if rng.random() < kind.female_share else Gender.MALE
        low, high = kind.ages
        latest_birth = _years_before(joined_by, 21)
        while True:
            age = round(rng.triangular(low, high, (low + high) / 2 - 4))
            birth = _years_before(CONGRESS_V, age) - datetime.timedelta(days=rng.randint(0, 364))
            if birth <= latest_birth:
                break
        degree = _pick(rng, DEGREE_PROFILES[occupation.degrees])
        party = rng.random() < kind.party_share
        if spec.code in BORDER_COMMUNES and rng.random() < 0.05:
            ethnicity = rng.choice(MINORITIES)
        elif rng.random() < 0.002:
            ethnicity = rng.choice(["Mường", "Thái", "Tày"])
        else:
            ethnicity = "Kinh"
        person = Person(
            family_name=_pick(rng, FAMILY_NAMES),
            middle_name=_pick(rng, MIDDLE_NAMES[gender]),
            given_name=rng.choice(GIVEN_NAMES[gender]),
            gender=gender,
            birth_date=birth,
            ethnicity=ethnicity,
            degree=degree,
            education_level=self.education(occupation, degree),
            party_member=party,
            political_theory=self.political_theory(party, occupation),
            workplace=self.workplace(spec, occupation),
            job_title=occupation.job,
            phone=self.phone() if rng.random() < 0.85 else "",
            is_sample=True,
        )
        person.normalize()
        self.roster.people.append(person)
        return len(self.roster.people) - 1

    def education(self, occupation, degree):
        title, subject = self.rng.choice(SUBJECTS[occupation.subjects])
        return {
            Degree.NONE: "",
            Degree.VOCATIONAL: f"Trung cấp {subject}",
            Degree.COLLEGE: f"Cao đẳng {subject}",
            Degree.BACHELOR: f"{title} {subject}",
            Degree.SPECIALIST: f"Bác sĩ chuyên khoa I {subject}",
            Degree.MASTER: f"Thạc sĩ {subject}",
            Degree.DOCTOR: f"Tiến sĩ {subject}",
        }[degree]

    def political_theory(self, party, occupation):
        if not party:
            return PoliticalTheory.ELEMENTARY if self.rng.random() < 0.08 else PoliticalTheory.NONE
        if occupation.job.startswith(("Phó Chủ tịch", "Hiệu trưởng", "Phó Trưởng", "Phó Giám đốc")):
            return PoliticalTheory.INTERMEDIATE if self.rng.random() < 0.8 else PoliticalTheory.ADVANCED
        return _pick(
            self.rng, [(PoliticalTheory.ELEMENTARY, 55), (PoliticalTheory.INTERMEDIATE, 40), ("", 5)]
        )

    def workplace(self, spec, occupation):
        rng = self.rng
        _code, commune, township = rng.choice(COMMUNES)
        if spec.commune:
            commune, township = spec.commune, spec.township
        place = f"{'thị trấn' if township else 'xã'} {commune}"
        return occupation.workplace.format(
            unit=spec.unit,
            commune=commune,
            place=place,
            school=rng.choice(DISTRICT_SCHOOLS + [f"Trường THCS {commune}", f"Trường Tiểu học {commune}"]),
            office=rng.choice(DISTRICT_OFFICES),
            bank=rng.choice(DISTRICT_BANKS),
            company=rng.choice(DISTRICT_COMPANIES),
        )

    def phone(self):
        return self.rng.choice(PHONE_PREFIXES) + f"{self.rng.randint(0, 9_999_999):07d}"

    def join(self, index, code, joined, left=None, reason="", note=""):
        self.roster.memberships.append(Entry(index, code, joined, left, reason, note))

    def fill(self, spec, *, last_day):
        """The association's roster: founders, then people joining over the years, then some who left."""
        rng = self.rng
        kind = KINDS[spec.kind]
        founders = 0 if spec.established_on == MERGER_DATE else spec.size // 5
        for position in range(spec.size):
            occupation = (
                kind.leads[position]
                if position < len(kind.leads)
                else _pick(rng, [(o, o.weight) for o in kind.occupations])
            )
            founding = position < max(founders, len(kind.leads))
            joined_by = spec.established_on if founding else last_day
            index = self.person(spec, occupation, joined_by=joined_by)
            if position < len(kind.leads):
                self.roster.leads.add(index)
            if founding:
                joined = spec.established_on
            else:
                earliest = max(spec.established_on, _years_after(self.roster.people[index].birth_date, 21))
                joined = _date_between(rng, earliest, last_day)
            self.join(index, spec.code, joined)
        # Some six in a hundred of those who ever joined have left since.
        for _ in range(round(spec.size * 0.06)):
            occupation = _pick(rng, [(o, o.weight) for o in kind.occupations])
            index = self.person(spec, occupation, joined_by=last_day - datetime.timedelta(days=200))
            earliest = max(spec.established_on, _years_after(self.roster.people[index].birth_date, 21))
            joined = _date_between(rng, earliest, last_day - datetime.timedelta(days=200))
            left = _date_between(rng, joined + datetime.timedelta(days=180), last_day)
            reason, _weight, note = _pick(rng, [(r, r[1]) for r in LEAVE_REASONS])
            self.join(index, spec.code, joined, left, reason, note)

    def add_second_memberships(self, share, active_codes):
        """Some people sit on two rosters: a teacher in her commune's association and in the history one."""
        rng = self.rng
        by_code = {spec.code: spec for spec in self.specs}
        agencies_for_communes = ["lam-vuon", "dong-y", "kinh-te", "lich-su", "tam-ly-giao-duc"]
        open_ones = [
            m for m in self.roster.memberships if m.left_on is None and m.association in active_codes
        ]
        for entry in rng.sample(open_ones, round(len(open_ones) * share)):
            if by_code[entry.association].commune:
                other = rng.choice(agencies_for_communes)
            else:
                other = rng.choice([code for code in active_codes if by_code[code].commune])
            earliest = max(entry.joined_on, by_code[other].established_on)
            self.join(entry.person, other, _date_between(rng, earliest, ROSTER_END))

    def add_transfers(self, share, commune_codes):
        """Some moved house to another commune: they left one commune's association and joined the next."""
        rng = self.rng
        memberships = self.roster.memberships
        candidates = [
            position
            for position, m in enumerate(memberships)
            if m.left_on is None
            and m.association in commune_codes
            and m.joined_on < datetime.date(2021, 1, 1)
            and m.person not in self.roster.leads
        ]
        for position in rng.sample(candidates, round(len(candidates) * share)):
            entry = memberships[position]
            moved = _date_between(
                rng, max(entry.joined_on + datetime.timedelta(days=365), MERGER_DATE), ROSTER_END
            )
            memberships[position] = entry._replace(left_on=moved, leave_reason=LeaveReason.TRANSFERRED)
            destination = rng.choice([code for code in commune_codes if code != entry.association])
            self.join(entry.person, destination, moved)


# --- Loading ------------------------------------------------------------------------------------------


@dataclass
class LoadResult:
    federation: Federation
    created: bool
    accounts_created: list


def load(*, seed=SEED):
    """Build the demo federation once; return what was done. Raises DemoError on a database with other data."""
    with transaction.atomic():
        federation = Federation.objects.filter(short_name=FEDERATION["short_name"]).first()
        if federation is None and (
            Federation.objects.exists() or Association.objects.exists() or Person.objects.exists()
        ):
            raise DemoError(
                "Cơ sở dữ liệu đã có dữ liệu của Liên hiệp hội (hội thành viên, hội viên). Dữ liệu minh hoạ "
                "chỉ nạp vào cơ sở dữ liệu mới tạo, để không lẫn với dữ liệu thật."
            )
        accounts = Accounts()
        secretariat = accounts.get_or_create(
            SECRETARIAT_EMAIL,
            full_name="Văn phòng Liên hiệp hội",
            role=UserRole.SECRETARIAT,
            is_staff=True,
            is_superuser=True,
        )
        created = federation is None
        if created:
            federation = _build(random.Random(seed), actor=secretariat)
        _create_lead_and_delegate(federation, accounts)
    return LoadResult(federation=federation, created=created, accounts_created=accounts.created)


def _create(model, actor, **fields):
    instance = model(**fields)
    instance.full_clean()
    instance._history_user = actor
    instance.save()
    return instance


def _build(rng, *, actor):
    federation = _create(Federation, actor, **FEDERATION)
    terms = {spec["ordinal"]: _create(Term, actor, federation=federation, **spec) for spec in TERMS}

    specs = list(AGENCIES)
    pre_merger = {}
    for code, commune, township in COMMUNES:
        specs.append(_commune_spec(code, commune, township, rng, merged=code in MERGED_COMMUNES))
        for old_code, old_commune in MERGED_COMMUNES.get(code, []):
            specs.append(_commune_spec(old_code, old_commune, False, rng, pre_merger=True))
            pre_merger[old_code] = code
    associations = {
        spec.code: _create(
            Association,
            actor,
            federation=federation,
            code=spec.code,
            name=spec.name,
            block=spec.block,
            commune=spec.commune,
            established_on=spec.established_on,
        )
        for spec in specs
    }

    generator = RosterGenerator(rng, specs)
    for spec in specs:
        generator.fill(
            spec, last_day=MERGER_DATE - datetime.timedelta(days=1) if spec.code in pre_merger else ROSTER_END
        )
    active = [spec.code for spec in specs if spec.code not in pre_merger]
    generator.add_second_memberships(0.02, active)
    generator.add_transfers(0.01, [code for code in active if associations[code].block == Block.COMMUNES])
    _award_titles(generator.roster.people)
    _births_known_roughly(generator.roster, LEAD_ASSOCIATION)
    _insert(generator.roster, associations, actor)
    # bulk_create sends no signals: count the rosters once, and the services below keep the count in step.
    member_counts.rebuild(federation)

    for old_code, new_code in pre_merger.items():
        services.close_association(
            associations[old_code],
            actor=actor,
            closed_on=MERGER_DATE,
            reason=ClosedReason.MERGED,
            merged_into=associations[new_code],
        )
    _elect_committee(terms[4], associations, actor)
    return federation


def _award_titles(people):
    """A district has a handful of associate professors: the first few doctors on the rosters."""
    doctors = [person for person in people if person.degree == Degree.DOCTOR]
    for person in doctors[:3]:
        person.academic_title = AcademicTitle.ASSOCIATE_PROFESSOR


def _births_known_roughly(roster, code):
    """As on real rosters, a few retirees of one association are known only by their year of birth, one by
    the month and year: the first of them on its roster, so the rest of the demo stays as it was."""
    on_roster = {entry.person for entry in roster.memberships if entry.association == code}
    retirees = [
        person
        for index, person in enumerate(roster.people)
        if index in on_roster and "hưu" in person.job_title
    ]
    for person in retirees[:4]:
        person.birth = PartialDate(person.birth_date, Precision.YEAR)
    for person in retirees[4:5]:
        person.birth = PartialDate(person.birth_date, Precision.MONTH)


def _insert(roster, associations, actor):
    people = bulk_create_with_history(roster.people, Person, batch_size=500, default_user=actor)
    memberships = [
        Membership(
            person=people[entry.person],
            association=associations[entry.association],
            joined_on=entry.joined_on,
            left_on=entry.left_on,
            leave_reason=entry.leave_reason,
            leave_note=entry.leave_note,
        )
        for entry in roster.memberships
    ]
    bulk_create_with_history(memberships, Membership, batch_size=500, default_user=actor)


def _elect_committee(term, associations, actor):
    """Congress IV elects the 19; their first session the same day elects the standing committee."""
    elected = CONGRESS_IV
    for member in COMMITTEE:
        family, middle, given = _split(member.full_name)
        # Of the people the report names, only what it says is recorded; invented members get a full record.
        invented = (
            {
                "birth_date": member.birth_date,
                "degree": member.degree,
                "education_level": member.education_level,
                "party_member": True,
                "political_theory": PoliticalTheory.ADVANCED,
            }
            if member.sample
            else {}
        )
        person = services.create_person(
            actor=actor,
            family_name=family,
            middle_name=middle,
            given_name=given,
            gender=member.gender,
            job_title=member.job,
            workplace=member.workplace,
            is_sample=member.sample,
            **invented,
        )
        association = associations[member.association]
        membership = services.admit_member(
            person,
            association,
            actor=actor,
            # Members of some years' standing by the congress, or founders of a younger association.
            joined_on=max(association.established_on, datetime.date(2012, 1, 1)),
        )
        seats = [
            services.grant_mandate(
                person,
                term,
                actor=actor,
                body=Body.EXECUTIVE,
                role=Role.MEMBER,
                started_on=elected,
                start_method=StartMethod.CONGRESS,
            )
        ]
        for body, role in [(Body.STANDING, member.standing_role), (Body.INSPECTION, member.inspection_role)]:
            if role:
                seats.append(
                    services.grant_mandate(
                        person,
                        term,
                        actor=actor,
                        body=body,
                        role=role,
                        started_on=elected,
                        start_method=StartMethod.COMMITTEE,
                    )
                )
        if member.departure:
            _depart(person, membership, seats, member.departure, associations, actor)


def _depart(person, membership, seats, departure, associations, actor):
    left_on, reason, destination = departure
    for seat in seats:
        services.end_mandate(seat, actor=actor, ended_on=left_on, reason=reason)
    if reason == EndReason.TO_PROVINCE:
        services.record_leaving(
            membership, actor=actor, left_on=left_on, reason=LeaveReason.MOVED, note="Chuyển công tác về tỉnh"
        )
    elif destination:
        services.record_leaving(membership, actor=actor, left_on=left_on, reason=LeaveReason.TRANSFERRED)
        services.admit_member(person, associations[destination], actor=actor, joined_on=left_on)


def _split(full_name):
    family, *middle, given = full_name.split(" ")
    return family, " ".join(middle), given


class Accounts:
    """The demo's accounts, made only when missing: an existing account keeps its password and settings."""

    def __init__(self):
        self.created = []
        self._password_hash = None

    def get_or_create(self, email, **fields):
        user = User.objects.filter(email=email).first()
        if user is None:
            # All share one published password: hash it once rather than run the slow PBKDF2 for each.
            self._password_hash = self._password_hash or make_password(PASSWORD)
            user = User.objects.create(email=email, password=self._password_hash, **fields)
            self.created.append(email)
        return user

    def exists(self, email):
        return User.objects.filter(email=email).exists()


def _create_lead_and_delegate(federation, accounts):
    """The lead of Sơn Hồng's association (the commune's vice-chair, first on its roster) and a delegate."""
    if not accounts.exists(LEAD_EMAIL):
        association = Association.objects.filter(federation=federation, code=LEAD_ASSOCIATION).first()
        lead = (
            Person.objects.filter(
                memberships__association=association,
                memberships__left_on__isnull=True,
                job_title=KINDS["commune"].leads[0].job,
                workplace=f"UBND xã {association.commune}",
                is_sample=True,
            )
            .order_by("id")
            .first()
            if association
            else None
        )
        user = accounts.get_or_create(
            LEAD_EMAIL,
            role=UserRole.LEAD,
            full_name=lead.full_name if lead else "Lãnh đạo Hội KH&KT xã Sơn Hồng",
            person=lead,
        )
        if association:
            user.associations.add(association)
    if not accounts.exists(DELEGATE_EMAIL):
        family, middle, given = _split(DELEGATE)
        delegate = Person.objects.filter(
            family_name=family, middle_name=middle, given_name=given, mandates__isnull=False
        ).first()
        accounts.get_or_create(DELEGATE_EMAIL, role=UserRole.DELEGATE, full_name=DELEGATE, person=delegate)

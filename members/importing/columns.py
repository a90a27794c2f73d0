"""The roster sheet's columns: their Vietnamese headers, the headers people really write, and each cell's meaning.

The template and the export write `TEMPLATE_COLUMNS` in this order; the import recognises any header
in `ALIASES`, compared without diacritics, case, punctuation or extra spaces ("HỌ TÊN", "ho va ten",
"Họ và tên hội viên" are one column).
"""

import functools
import re
import unicodedata
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from members import dates, text
from members.importing.files import plain_text
from members.models import AcademicTitle, Degree, Gender, Membership, Person, PoliticalTheory


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    help: str


TEMPLATE_COLUMNS = [
    Column("stt", "STT", "Số thứ tự; cổng không dùng cột này. Ghi “Ví dụ” để cổng bỏ qua dòng mẫu."),
    Column(
        "full_name",
        "Họ và tên",
        "Bắt buộc. Họ, tên đệm và tên trong một ô; hoặc ba cột riêng “Họ”, “Tên đệm”, “Tên”.",
    ),
    Column(
        "birth_date",
        "Ngày sinh",
        "Ngày/tháng/năm, ví dụ 05/03/1975 (ô ngày của Excel cũng được). Chỉ biết tháng và năm thì ghi "
        "03/1975; chỉ biết năm sinh thì ghi 1975.",
    ),
    Column("gender", "Giới tính", "Nam hoặc Nữ. Bắt buộc với hội viên mới."),
    Column("ethnicity", "Dân tộc", "Để trống là Kinh (với hội viên mới)."),
    Column("academic_title", "Học hàm", "GS, PGS hoặc để trống."),
    Column(
        "degree",
        "Học vị",
        "TSKH, TS, ThS, CK (bác sĩ chuyên khoa), Đại học, Cao đẳng, Trung cấp, hoặc để trống.",
    ),
    Column("education_level", "Trình độ chuyên môn", "Ví dụ: Kỹ sư nông nghiệp."),
    Column(
        "political_theory", "Lý luận chính trị", "Sơ cấp, Trung cấp, Cao cấp (cả cử nhân), hoặc để trống."
    ),
    Column("party_member", "Đảng viên", "Ghi x (hoặc Có) nếu là đảng viên; để trống là không."),
    Column("workplace", "Nơi công tác", ""),
    Column("job_title", "Chức vụ", ""),
    Column("phone", "Điện thoại", "Ghi dạng chữ để Excel giữ số 0 ở đầu."),
    Column("email", "Email", ""),
    Column(
        "joined_on",
        "Ngày vào hội",
        "Ngày/tháng/năm. Để trống với hội viên mới thì lấy ngày cập nhật danh sách.",
    ),
    Column("card_number", "Số thẻ hội viên", "Có số thẻ thì cổng nhận ra hội viên theo số thẻ."),
    Column(
        "association",
        "Mã hội",
        "Mã của hội (xem trên cổng). Có thể bỏ cột này; nếu ghi thì phải đúng hội đang cập nhật.",
    ),
]
HEADERS = {column.key: column.header for column in TEMPLATE_COLUMNS}
HEADERS.update(
    {
        "family_name": "Họ",
        "middle_name": "Tên đệm",
        "given_name": "Tên",
        "family_and_middle": "Họ và tên đệm",
    }
)

# Headers as `header_key` leaves them.
ALIASES = {
    "stt": ["stt", "tt", "so tt", "so thu tu", "thu tu"],
    "full_name": [
        "ho va ten", "ho ten", "ho va ten hoi vien", "ho ten hoi vien", "ten hoi vien", "ho va ten hv",
        "ho va ten khai sinh",
    ],
    "family_and_middle": ["ho va ten dem", "ho va dem", "ho dem", "ho va chu lot", "ho lot", "ho va ten lot"],
    "family_name": ["ho"],
    "middle_name": ["ten dem", "dem", "chu lot", "ten lot"],
    "given_name": ["ten"],
    "birth_date": ["ngay sinh", "ngay thang nam sinh", "sinh ngay", "nam sinh", "ns", "ngay sinh hoi vien"],
    "gender": ["gioi tinh", "gioi", "nam nu", "phai"],
    "ethnicity": ["dan toc"],
    "academic_title": ["hoc ham"],
    "degree": ["hoc vi", "trinh do hoc vi", "hoc vi cao nhat"],
    "education_level": [
        "trinh do chuyen mon", "chuyen mon", "trinh do", "chuyen nganh", "trinh do dao tao",
        "trinh do chuyen mon nghiep vu",
    ],
    "political_theory": [
        "ly luan chinh tri", "llct", "trinh do ly luan chinh tri", "trinh do llct", "trinh do chinh tri",
        "chinh tri",
    ],
    "party_member": ["dang vien", "la dang vien", "dv", "dang vien dcsvn"],
    "workplace": [
        "noi cong tac", "co quan cong tac", "don vi cong tac", "co quan", "don vi", "noi lam viec",
        "co quan don vi",
    ],
    "job_title": ["chuc vu", "chuc danh", "chuc vu chuc danh"],
    "phone": ["dien thoai", "so dien thoai", "sdt", "dt", "so dt", "dien thoai lien he", "dtdd"],
    "email": ["email", "e mail", "thu dien tu", "dia chi email", "dia chi thu dien tu"],
    "joined_on": ["ngay vao hoi", "ngay gia nhap", "ngay ket nap", "ngay gia nhap hoi", "ngay ket nap hoi", "vao hoi"],
    "card_number": ["so the hoi vien", "so the", "ma hoi vien", "so the hv", "ma so hoi vien", "ma hv"],
    "association": ["ma hoi", "ma hoi thanh vien", "ma so hoi"],
}  # fmt: skip
_BY_ALIAS = {alias: key for key, aliases in ALIASES.items() for alias in aliases}
# Longer headers that begin with one of these ("điện thoại di động") mean the same column. One-word
# aliases are left out: "tên cơ quan" is not the given name.
_PREFIXES = sorted((a for a in _BY_ALIAS if " " in a), key=len, reverse=True)
_PARENTHESES = re.compile(r"\([^)]*\)")
_NOT_ALNUM = re.compile(r"[^a-z0-9]+")


def header_key(header):
    """'Ngày sinh (dd/mm/yyyy)' -> 'ngay sinh'."""
    folded = text.fold(header)
    stripped = _PARENTHESES.sub(" ", folded)
    if stripped.strip():
        folded = stripped
    return _NOT_ALNUM.sub(" ", folded).strip()


def column_for(header):
    """The column key a header names, or None."""
    key = header_key(header)
    if not key:
        return None
    if key in _BY_ALIAS:
        return _BY_ALIAS[key]
    for alias in _PREFIXES:
        if key.startswith(alias + " "):
            return _BY_ALIAS[alias]
    return None


def has_name_columns(keys):
    return "full_name" in keys or "given_name" in keys and ({"family_name", "family_and_middle"} & set(keys))


@dataclass
class Header:
    row_number: int
    # Column index -> column key, the first column of each key only.
    positions: dict
    ignored: list
    duplicates: list
    sheet_title: str


def recognise_header(number, cells, title, *, cell_text):
    """The roster's header row: a name column and at least one other column it knows; None for any other row."""
    positions, seen, ignored, duplicates = {}, {}, [], []
    for index, cell in enumerate(cells):
        if cell is None or not isinstance(cell, str) or not cell.strip():
            continue
        header = cell_text(cell)[0]
        key = column_for(header)
        if key is None:
            ignored.append(header)
        elif key in seen:
            duplicates.append((header, seen[key]))
        else:
            positions[index] = key
            seen[key] = header
    keys = set(positions.values())
    if not has_name_columns(keys) or len(keys) < 2:
        return None
    return Header(number, positions, ignored, duplicates, title)


# --- Cells -------------------------------------------------------------------------------------------------


class CellError(Exception):
    """A value that cannot be used; the message says why in Vietnamese."""


def _max_length(model, name):
    return model._meta.get_field(name).max_length


MAX_LENGTHS = {
    name: _max_length(Person, name)
    for name in (
        "family_name", "middle_name", "given_name", "ethnicity", "education_level", "workplace", "job_title",
        "phone", "email",
    )
}  # fmt: skip
MAX_LENGTHS["card_number"] = _max_length(Membership, "card_number")


def folded_word(value):
    """'Thạc sĩ (ThS)' -> 'thacsi': for matching short lists of accepted values."""
    return _NOT_ALNUM.sub("", _PARENTHESES.sub("", text.fold(value)) or text.fold(value))


_GENDERS = {"nam": Gender.MALE, "m": Gender.MALE, "male": Gender.MALE, "trai": Gender.MALE}
_GENDERS.update({"nu": Gender.FEMALE, "f": Gender.FEMALE, "female": Gender.FEMALE, "gai": Gender.FEMALE})
_TITLES = {
    "": AcademicTitle.NONE, "khong": AcademicTitle.NONE,
    "gs": AcademicTitle.PROFESSOR, "giaosu": AcademicTitle.PROFESSOR,
    "pgs": AcademicTitle.ASSOCIATE_PROFESSOR, "phogiaosu": AcademicTitle.ASSOCIATE_PROFESSOR,
}  # fmt: skip
_DEGREES = {
    "": Degree.NONE, "khong": Degree.NONE, "chuaquadaotao": Degree.NONE,
    "tskh": Degree.DOCTOR_OF_SCIENCE, "tiensikhoahoc": Degree.DOCTOR_OF_SCIENCE,
    "ts": Degree.DOCTOR, "tiensi": Degree.DOCTOR,
    "ths": Degree.MASTER, "thacsi": Degree.MASTER,
    "ck": Degree.SPECIALIST, "cki": Degree.SPECIALIST, "ckii": Degree.SPECIALIST, "ck1": Degree.SPECIALIST,
    "ck2": Degree.SPECIALIST, "bsck": Degree.SPECIALIST, "bscki": Degree.SPECIALIST, "bsckii": Degree.SPECIALIST,
    "bsck1": Degree.SPECIALIST, "bsck2": Degree.SPECIALIST, "chuyenkhoa": Degree.SPECIALIST,
    "chuyenkhoai": Degree.SPECIALIST, "chuyenkhoaii": Degree.SPECIALIST, "bacsichuyenkhoa": Degree.SPECIALIST,
    "bacsichuyenkhoai": Degree.SPECIALIST, "bacsichuyenkhoaii": Degree.SPECIALIST,
    "dh": Degree.BACHELOR, "daihoc": Degree.BACHELOR, "cunhan": Degree.BACHELOR, "cn": Degree.BACHELOR,
    "kysu": Degree.BACHELOR, "ks": Degree.BACHELOR, "bacsi": Degree.BACHELOR, "bs": Degree.BACHELOR,
    "duocsi": Degree.BACHELOR, "kientrucsu": Degree.BACHELOR,
    "cd": Degree.COLLEGE, "caodang": Degree.COLLEGE,
    "tc": Degree.VOCATIONAL, "trungcap": Degree.VOCATIONAL,
}  # fmt: skip
# How the export and the template write each choice; the import reads these back.
DEGREE_WORDS = {
    Degree.NONE: "", Degree.DOCTOR_OF_SCIENCE: "TSKH", Degree.DOCTOR: "TS", Degree.MASTER: "ThS",
    Degree.SPECIALIST: "CK", Degree.BACHELOR: "Đại học", Degree.COLLEGE: "Cao đẳng", Degree.VOCATIONAL: "Trung cấp",
}  # fmt: skip
_THEORY = {
    "": PoliticalTheory.NONE, "khong": PoliticalTheory.NONE, "chuaquadaotao": PoliticalTheory.NONE,
    "sc": PoliticalTheory.ELEMENTARY, "socap": PoliticalTheory.ELEMENTARY,
    "tc": PoliticalTheory.INTERMEDIATE, "trungcap": PoliticalTheory.INTERMEDIATE,
    "cc": PoliticalTheory.ADVANCED, "caocap": PoliticalTheory.ADVANCED, "cunhan": PoliticalTheory.ADVANCED,
    "caocapcunhan": PoliticalTheory.ADVANCED, "cn": PoliticalTheory.ADVANCED,
}  # fmt: skip
THEORY_WORDS = {
    PoliticalTheory.NONE: "",
    PoliticalTheory.ELEMENTARY: "Sơ cấp",
    PoliticalTheory.INTERMEDIATE: "Trung cấp",
    PoliticalTheory.ADVANCED: "Cao cấp",
}
TITLE_WORDS = {
    AcademicTitle.NONE: "",
    AcademicTitle.PROFESSOR: "GS",
    AcademicTitle.ASSOCIATE_PROFESSOR: "PGS",
}
GENDER_WORDS = {Gender.MALE: "Nam", Gender.FEMALE: "Nữ"}
_YES = {"x", "co", "dangvien", "dv", "1", "yes", "true", "v", "la", "ladangvien"}
_NO = {"", "khong", "0", "no", "false", "chua"}


@functools.lru_cache(maxsize=256)
def parse_gender(value):
    gender = _GENDERS.get(folded_word(plain_text(value)))
    if gender is None:
        raise CellError("ghi Nam hoặc Nữ")
    return gender


@functools.lru_cache(maxsize=256)
def parse_title(value):
    word = folded_word(plain_text(value))
    if word in _TITLES:
        return _TITLES[word]
    # "PGS.TS" in the title column: the title is the first part.
    for prefix, title in (("pgs", AcademicTitle.ASSOCIATE_PROFESSOR), ("gs", AcademicTitle.PROFESSOR)):
        if word.startswith(prefix):
            return title
    raise CellError("ghi GS, PGS hoặc để trống")


@functools.lru_cache(maxsize=256)
def parse_degree(value):
    degree = _DEGREES.get(folded_word(plain_text(value)))
    if degree is None:
        raise CellError("ghi TSKH, TS, ThS, CK, Đại học, Cao đẳng, Trung cấp hoặc để trống")
    return degree


@functools.lru_cache(maxsize=256)
def parse_theory(value):
    theory = _THEORY.get(folded_word(plain_text(value)))
    if theory is None:
        raise CellError("ghi Sơ cấp, Trung cấp, Cao cấp hoặc để trống")
    return theory


def parse_yes_no(value):
    return _yes_no(plain_text(value).strip())


@functools.lru_cache(maxsize=256)
def _yes_no(value):
    word = folded_word(value)
    if word in _YES:
        return True
    if word in _NO:
        return False
    raise CellError("ghi x (hoặc Có) nếu là đảng viên, để trống nếu không")


def parse_limited(key, value):
    if len(value) > MAX_LENGTHS[key]:
        raise CellError(f"dài quá {MAX_LENGTHS[key]} ký tự")
    return value


_PHONE = re.compile(r"^[0-9 +().\-/]+$")


def parse_phone(raw, value):
    """Text as typed; a number Excel stored without its leading 0 (912345678) gets it back."""
    notes = []
    if isinstance(raw, int | float) and not isinstance(raw, bool) and len(value) == 9 and value[0] != "0":
        value = "0" + value
        notes.append("đã thêm số 0 ở đầu mà Excel bỏ mất")
    if not _PHONE.match(value):
        raise CellError("chỉ gồm chữ số, dấu cách và + . - ( )")
    return parse_limited("phone", value), notes


def parse_email(value):
    try:
        validate_email(value)
    except ValidationError:
        raise CellError("không phải địa chỉ email") from None
    return parse_limited("email", value)


def parse_date(raw, *, epoch, today):
    """A date from an Excel date cell, an Excel day number, or text, read as everywhere in the portal
    (members.dates): day/month/year is the only order read, 03/05/1990 is 3 May.

    Returns (date, notes). The pass over the sheet runs in Vietnamese (pipeline.RosterPass.run), so its
    reasons are Vietnamese whatever the language of the page that uploads the sheet.
    """
    try:
        read = dates.read_date(raw, epoch=epoch, today=today)
    except dates.DateError as error:
        raise CellError(error.message) from None
    return (read.date, read.notes) if read else (None, [])


def parse_birth_date(raw, *, epoch, today):
    """A birth date (members.dates.PartialDate) from a date cell, a day number, a year (1968 as a number or
    text), a month and year ("03/1968") or a day as `parse_date` reads it. Returns (birth, notes)."""
    try:
        read = dates.read_birth_date(raw, epoch=epoch, today=today)
    except dates.DateError as error:
        raise CellError(error.message) from None
    return (read.birth, read.notes) if read else (None, [])


def capitalised_name(name):
    """'NGUYỄN VĂN HÙNG', 'nguyễn văn hùng', 'NGUYỄN văn an' -> 'Nguyễn Văn …': each word with one capital.

    Words typed with a capital inside them on purpose ("H'Hen") keep it.
    """
    words = []
    for word in name.split(" "):
        if len(word) > 1 and (word.isupper() or word.islower()):
            word = word[0].upper() + word[1:].lower()
        words.append(word[:1].upper() + word[1:])
    return " ".join(words)


def is_nfc(value):
    return unicodedata.is_normalized("NFC", value)


def display(key, value):
    """A value as the preview and the export show it."""
    if value is None or value == "":
        return ""
    if isinstance(value, dates.PartialDate):
        return str(value)
    if key in ("birth_date", "joined_on"):
        return value.strftime("%d/%m/%Y")
    if key == "gender":
        return GENDER_WORDS.get(value, value)
    if key == "academic_title":
        return TITLE_WORDS.get(value, value)
    if key == "degree":
        return DEGREE_WORDS.get(value, value)
    if key == "political_theory":
        return THEORY_WORDS.get(value, value)
    if key == "party_member":
        return "Có" if value else "Không"
    return str(value)

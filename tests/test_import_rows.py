"""Row by row: dates, names, duplicates, other associations' rows, each reported with row, column and value."""

import datetime

import pytest

from members import importing, legacy
from members.models import Membership, Person
from tests.fixtures.rosters import HEADER, media_root, stream, xlsx_bytes  # noqa: F401


def dry_run(association, actor, rows):
    return importing.import_file(association, stream(xlsx_bytes(rows)), actor=actor, dry_run=True)


def only_row(result):
    (row,) = result.rows
    return row


def test_it_reads_excel_dates_and_day_month_year_text(son_hong, lead):
    rows = [
        HEADER + ["Ngày vào hội"],
        [1, "Trần Văn Một", datetime.datetime(1980, 3, 2), "Nam", "", "15/01/2020"],
        [2, "Trần Văn Hai", "2/3/1981", "Nam", "", datetime.date(2021, 5, 6)],
        [3, "Trần Văn Ba", 29282, "Nam", "", "06-05-2021"],
    ]
    importing.import_file(son_hong, stream(xlsx_bytes(rows)), actor=lead)
    born = dict(
        Person.objects.filter(given_name__in=["Một", "Hai", "Ba"]).values_list("given_name", "birth_date")
    )
    assert born == {
        "Một": datetime.date(1980, 3, 2),
        "Hai": datetime.date(1981, 3, 2),
        "Ba": datetime.date(1980, 3, 2),  # Excel's day number 29282
    }
    joined = Membership.objects.get(person__given_name="Hai").joined_on
    assert joined == datetime.date(2021, 5, 6)


def test_an_impossible_date_is_rejected_with_its_row_and_column(son_hong, lead):
    result = dry_run(son_hong, lead, [HEADER, [1, "Lê Văn Sai", "31/02/1990", "Nam", ""]])
    row = only_row(result)
    assert (row.number, row.action) == (2, "reject")
    assert row.errors == [("Ngày sinh", "31/02/1990", "ngày 31/02/1990 không có trong lịch")]
    assert not result.can_apply


def test_a_birth_year_alone_is_kept_as_a_year_not_made_into_a_day(son_hong, lead):
    rows = [
        ["Họ và tên", "Năm sinh", "Giới tính"],
        ["Lê Văn Năm", 1975, "Nam"],
        ["Lê Văn Sáu", "năm 1976", "Nam"],
    ]
    importing.import_file(son_hong, stream(xlsx_bytes(rows)), actor=lead)
    born = {p.given_name: (p.birth_date, p.birth_date_precision) for p in Person.objects.all()}
    assert born == {"Năm": (datetime.date(1975, 1, 1), "year"), "Sáu": (datetime.date(1976, 1, 1), "year")}


def test_a_birth_date_that_says_more_fills_in_the_record_one_that_says_less_leaves_it(son_hong, lead):
    rows = [
        ["Họ và tên", "Ngày sinh", "Giới tính"],
        ["Lê Văn Năm", "1975", "Nam"],
        ["Lê Văn Bảy", "1977", "Nam"],
    ]
    importing.import_file(son_hong, stream(xlsx_bytes(rows)), actor=lead)
    rows = [["Họ và tên", "Ngày sinh"], ["Lê Văn Năm", "12/05/1975"], ["Lê Văn Bảy", "05/1977"]]
    result = importing.import_file(son_hong, stream(xlsx_bytes(rows)), actor=lead)
    assert [(row.action, row.changes) for row in result.rows] == [
        ("update", [("Ngày sinh", "1975", "12/05/1975")]),
        ("update", [("Ngày sinh", "1977", "05/1977")]),
    ]
    rows = [["Họ và tên", "Ngày sinh"], ["Lê Văn Năm", "1975"], ["Lê Văn Năm", "05/1975"]]
    result = importing.import_file(son_hong, stream(xlsx_bytes(rows)), actor=lead, dry_run=True)
    assert result.rows[0].action == "unchanged"
    assert result.rows[1].action == "reject"  # the same record as the row before
    assert str(Person.objects.get(given_name="Năm").birth) == "12/05/1975"
    assert Person.objects.get(given_name="Năm").memberships.count() == 1


def test_the_political_theory_column_is_read(son_hong, lead):
    rows = [["Họ và tên", "Giới tính", "Lý luận chính trị"], ["Lê Văn Năm", "Nam", "Trung cấp"]]
    importing.import_file(son_hong, stream(xlsx_bytes(rows)), actor=lead)
    assert Person.objects.get(given_name="Năm").political_theory == "TC"
    rows = [["Họ và tên", "Giới tính", "LLCT"], ["Lê Văn Sáu", "Nam", "tiến sĩ"]]
    row = only_row(dry_run(son_hong, lead, rows))
    assert row.errors[0][2] == "ghi Sơ cấp, Trung cấp, Cao cấp hoặc để trống"


def test_duplicate_rows_inside_the_file_are_rejected(son_hong, lead):
    rows = [
        HEADER,
        [1, "Võ Thị Hoa", "01/02/1990", "Nữ", ""],
        [2, "Võ Thị Hoa", "01/02/1990", "Nữ", ""],
        [3, "Võ Văn Khác", "01/02/1991", "Nam", "T-1"],
        [4, "Võ Văn Khác Nữa", "01/02/1992", "Nam", "T-1"],
    ]
    result = dry_run(son_hong, lead, rows)
    rejected = {row.number: row.errors for row in result.rows if row.action == "reject"}
    assert rejected == {
        3: [("Họ và tên", "Võ Thị Hoa", "trùng với dòng 2 (cùng họ tên và ngày sinh)")],
        5: [("Số thẻ hội viên", "T-1", "trùng số thẻ với dòng 4")],
    }


def test_rows_whose_birth_dates_agree_as_far_as_both_are_known_are_duplicates(son_hong, lead):
    rows = [
        HEADER,
        [1, "Võ Thị Hoa", "15/03/1968", "Nữ", ""],
        [2, "Võ Thị Hoa", "1968", "Nữ", ""],
        [3, "Võ Văn Năm", "03/1970", "Nam", ""],
        [4, "Võ Văn Năm", "20/03/1970", "Nam", ""],
        [5, "Võ Văn Sáu", "1971", "Nam", ""],
        [6, "Võ Văn Sáu", "07/1971", "Nam", ""],
        # Not the same person: the months differ, or the years do.
        [7, "Võ Văn Bảy", "03/1972", "Nam", ""],
        [8, "Võ Văn Bảy", "20/04/1972", "Nam", ""],
        [9, "Võ Văn Tám", "1973", "Nam", ""],
        [10, "Võ Văn Tám", "1974", "Nam", ""],
    ]
    result = dry_run(son_hong, lead, rows)
    rejected = {row.number: row.errors for row in result.rows if row.action == "reject"}
    reason = "(cùng họ tên, ngày sinh khớp ở phần cả hai dòng cùng ghi)"
    assert rejected == {
        3: [("Họ và tên", "Võ Thị Hoa", f"trùng với dòng 2 {reason}")],
        5: [("Họ và tên", "Võ Văn Năm", f"trùng với dòng 4 {reason}")],
        7: [("Họ và tên", "Võ Văn Sáu", f"trùng với dòng 6 {reason}")],
    }


def test_rows_of_another_association_are_rejected(son_hong, pho_chau, lead):
    rows = [
        HEADER + ["Mã hội"],
        [1, "Phạm Văn Đúng", "01/01/1980", "Nam", "", "son-hong"],
        [2, "Phạm Văn Sai", "01/01/1981", "Nam", "", "pho-chau"],
        [3, "Phạm Văn Lạ", "01/01/1982", "Nam", "", "khong-co"],
    ]
    result = dry_run(son_hong, lead, rows)
    actions = {row.number: row.action for row in result.rows}
    assert actions == {2: "create", 3: "reject", 4: "reject"}
    errors = {row.number: row.errors[0] for row in result.rows if row.errors}
    assert errors[3][:2] == ("Mã hội", "pho-chau")
    assert "dòng của Hội KH&KT thị trấn Phố Châu" in errors[3][2]
    assert "không có hội nào mang mã này" in errors[4][2]


def test_nfd_names_are_stored_nfc(son_hong, lead):
    import unicodedata

    decomposed = unicodedata.normalize("NFD", "Nguyễn Thị Hường")
    importing.import_file(
        son_hong, stream(xlsx_bytes([HEADER, [1, decomposed, "01/01/1980", "Nữ", ""]])), actor=lead
    )
    person = Person.objects.get(given_name="Hường")
    assert person.full_name == "Nguyễn Thị Hường"
    assert unicodedata.is_normalized("NFC", person.family_name + person.middle_name + person.given_name)


@pytest.mark.parametrize(
    ("typed", "encoding", "note"),
    [
        ("NguyÔn V¨n Hïng", legacy.TCVN3, "TCVN3 (ABC)"),
        ("Nguyeãn Vaên Huøng", legacy.VNI, "VNI"),
    ],
)
def test_legacy_tcvn3_and_vni_names_are_converted_and_reported(son_hong, lead, typed, encoding, note):
    assert typed == (legacy.encode_tcvn3 if encoding == legacy.TCVN3 else legacy.encode_vni)(
        "Nguyễn Văn Hùng"
    )
    rows = [
        HEADER + ["Nơi công tác"],
        [1, typed, "01/01/1980", "Nam", "", legacy.encode_tcvn3("Trạm Y tế xã")],
    ]
    rows[1][-1] = (legacy.encode_tcvn3 if encoding == legacy.TCVN3 else legacy.encode_vni)("Trạm Y tế xã")
    result = importing.import_file(son_hong, stream(xlsx_bytes(rows)), actor=lead)
    row = only_row(result)
    assert row.name == "Nguyễn Văn Hùng"
    assert f"Họ và tên: đã chuyển từ mã {note} sang Unicode" in row.notes
    assert any(f"bảng mã {note}" in line for line in result.conversions)
    person = Person.objects.get(search_name="nguyen van hung")
    assert (person.full_name, person.workplace) == ("Nguyễn Văn Hùng", "Trạm Y tế xã")


def test_a_tcvn3_header_is_recognised(son_hong, lead):
    rows = [
        [legacy.encode_tcvn3(h) for h in ("Họ và tên", "Ngày sinh", "Giới tính")],
        ["Lª ThÞ Lan", "01/01/1990", "N÷"],
    ]
    row = only_row(dry_run(son_hong, lead, rows))
    assert (row.action, row.name) == ("create", "Lê Thị Lan")


def test_stray_spaces_and_capitals_are_tidied(son_hong, lead):
    rows = [HEADER, [1, "  NGUYỄN   văn  an ", " 01/01/1980 ", " nam ", ""]]
    row = only_row(dry_run(son_hong, lead, rows))
    assert (row.action, row.name) == ("create", "Nguyễn Văn An")


def test_a_new_member_needs_a_gender(son_hong, lead):
    row = only_row(dry_run(son_hong, lead, [HEADER, [1, "Lý Văn Thiếu", "01/01/1980", "", ""]]))
    assert row.errors == [("Giới tính", "", "bắt buộc với hội viên mới: ghi Nam hoặc Nữ")]


def test_a_phone_number_excel_shortened_gets_its_zero_back(son_hong, lead):
    rows = [["Họ và tên", "Giới tính", "Điện thoại"], ["Lý Văn Gọi", "Nam", 912345678]]
    importing.import_file(son_hong, stream(xlsx_bytes(rows)), actor=lead)
    assert Person.objects.get(given_name="Gọi").phone == "0912345678"


def test_unknown_choices_are_rejected_with_the_accepted_values(son_hong, lead):
    rows = [
        ["Họ và tên", "Giới tính", "Học vị", "Email"],
        ["Lý Văn Hỏi", "Nam", "Tiến sỹ giỏi", "khong-phai-email"],
    ]
    row = only_row(dry_run(son_hong, lead, rows))
    columns = {column: message for column, _value, message in row.errors}
    assert "TSKH, TS, ThS" in columns["Học vị"]
    assert columns["Email"] == "không phải địa chỉ email"


def test_dates_keep_the_same_rules_as_the_roster_in_the_browser(son_hong, lead):
    """The messages are the services' own: the same rule refuses the same date wherever it is typed."""
    today = datetime.date.today()
    rows = [
        HEADER + ["Ngày vào hội"],
        [1, "Trần Văn Một", "01/01/2099", "Nam", "", ""],
        [2, "Trần Văn Hai", "31/12/1899", "Nam", "", ""],
        [3, "Trần Văn Ba", "01/01/1980", "Nam", "", "01/01/2099"],
        [4, "Trần Văn Bốn", "01/01/1980", "Nam", "", "31/12/1979"],
        [5, "Trần Văn Năm", "01/01/1980", "Nam", "", "31/12/2009"],
    ]
    result = dry_run(son_hong, lead, rows)
    messages = {row.number: [message for _column, _value, message in row.errors] for row in result.rows}
    assert today.year < 2099
    assert messages == {
        2: ["Ngày sinh không thể sau ngày hôm nay."],
        3: ["Ngày sinh không thể trước năm 1900."],
        4: ["Ngày vào hội không thể sau ngày hôm nay."],
        5: ["Ngày vào hội không thể trước ngày sinh."],
        6: ["Hội KH&KT xã Sơn Hồng không hoạt động vào ngày 31/12/2009: hội thành lập ngày 01/01/2010."],
    }

"""One way to read a day: written the Vietnamese way, in ISO, or as a sheet's date cell, and one error that says
what is wrong with anything else."""

import datetime

import pytest
from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils import translation

from congress.forms import DocumentEditForm
from congress.models import CongressDocument
from members.dates import (
    YEAR_ONLY,
    BirthDateField,
    DateError,
    DayField,
    DayTimeField,
    PartialDate,
    Precision,
    read_birth_date,
    read_date,
)
from members.forms import CommitteeDateForm, LeavingForm, MemberForm
from members.models import Association, Membership, Person

TODAY = datetime.date(2024, 6, 1)
MARCH_5_1975 = datetime.date(1975, 3, 5)


def read(value):
    return read_date(value, today=TODAY)


@pytest.mark.parametrize(
    "written",
    ["05/03/1975", "5/3/1975", "05-03-1975", "05.03.1975", " 05 / 03 / 1975 ", "1975-03-05", "1975-3-5"],
)
def test_it_reads_a_day_written_day_first_or_in_iso(written):
    assert read(written) == (MARCH_5_1975, [])


def test_it_reads_a_two_digit_year_in_the_century_that_puts_it_no_later_than_this_year():
    assert read("05/03/75") == (MARCH_5_1975, ["năm ghi hai chữ số “75”, hiểu là 1975"])
    assert read("05/03/24").date == datetime.date(2024, 3, 5)
    assert read("05/03/25").date == datetime.date(1925, 3, 5)


def test_it_reads_a_sheets_date_cells_and_excel_day_numbers():
    assert read(datetime.datetime(1975, 3, 5, 0, 0)) == (MARCH_5_1975, [])
    assert read(MARCH_5_1975) == (MARCH_5_1975, [])
    assert read(29282) == (datetime.date(1980, 3, 2), ["đọc số ngày kiểu Excel thành ngày"])


@pytest.mark.parametrize("blank", [None, "", "   "])
def test_nothing_written_is_no_day(blank):
    assert read(blank) is None


@pytest.mark.parametrize(
    ("written", "code", "message"),
    [
        ("31/02/1985", "no_such_day", "ngày 31/02/1985 không có trong lịch"),
        ("29/02/2023", "no_such_day", "ngày 29/02/2023 không có trong lịch"),
        ("25/13/2021", "no_such_month", "không có tháng 13; hãy ghi theo ngày/tháng/năm"),
        ("1985/02/03", "wrong_order", "ghi sai thứ tự; hãy ghi ngày/tháng/năm, năm ở cuối, ví dụ 03/02/1985"),
        ("1985.02.03", "wrong_order", "ghi sai thứ tự; hãy ghi ngày/tháng/năm, năm ở cuối, ví dụ 03/02/1985"),
        ("abc", "not_a_date", "không phải ngày; hãy ghi theo ngày/tháng/năm, ví dụ 15/03/2024"),
        ("hôm qua", "not_a_date", "không phải ngày; hãy ghi theo ngày/tháng/năm, ví dụ 15/03/2024"),
        ("03/1985", "month_and_year_only", "chỉ có tháng và năm; hãy ghi đủ ngày/tháng/năm"),
        ("1968", "year_only", YEAR_ONLY),
        (1968, "year_only", YEAR_ONLY),
        (True, "not_a_date", "không phải ngày; hãy ghi theo ngày/tháng/năm, ví dụ 15/03/2024"),
    ],
)
def test_it_says_what_is_wrong_with_anything_else(written, code, message):
    with pytest.raises(DateError) as raised:
        read(written)
    assert (raised.value.code, raised.value.message) == (code, message)


def test_a_day_in_the_wrong_order_that_cannot_be_turned_round_gets_an_example():
    with pytest.raises(DateError) as raised:
        read("2020/13/45")
    assert raised.value.message == "ghi sai thứ tự; hãy ghi ngày/tháng/năm, năm ở cuối, ví dụ 15/03/2024"


# --- The form fields ---------------------------------------------------------------------------------------


def test_the_field_reads_what_read_date_reads_and_says_what_is_wrong():
    field = DayField()
    assert field.clean("05.03.1975") == field.clean("1975-03-05") == MARCH_5_1975
    with pytest.raises(ValidationError) as raised:
        field.clean("31/02/1985")
    assert raised.value.messages == ["Ngày 31/02/1985 không có trong lịch."]


def test_the_field_refuses_a_year_before_1900_as_a_typing_slip():
    with pytest.raises(ValidationError) as raised:
        DayField().clean("01/01/0200")
    assert raised.value.messages == ["Năm 200 quá sớm (trước năm 1900); hãy kiểm tra lại năm."]


def test_the_field_shows_a_day_as_it_is_written():
    html = DayField().widget.render("ngay", MARCH_5_1975)
    assert 'value="05/03/1975"' in html and 'placeholder="ngày/tháng/năm"' in html


@pytest.mark.parametrize(
    "written", ["10/03/2024 17:00", "17:00 10/03/2024", "10.03.2024 17:00", "2024-03-10T17:00", "10/03/2024"]
)
def test_the_date_and_time_field_reads_the_day_the_same_way(written, settings):
    moment = DayTimeField().clean(written)
    expected = "10/03/2024 17:00" if ":" in written else "10/03/2024 00:00"
    assert moment.strftime("%d/%m/%Y %H:%M") == expected
    assert moment.tzinfo is not None


def test_the_date_and_time_field_says_what_is_wrong_with_the_day_or_the_time():
    with pytest.raises(ValidationError) as raised:
        DayTimeField().clean("30/02/2024 17:00")
    assert raised.value.messages == ["Ngày 30/02/2024 không có trong lịch."]
    with pytest.raises(ValidationError) as raised:
        DayTimeField().clean("10/03/2024 25:00")
    assert raised.value.messages == ["Không có giờ 25:00; hãy ghi giờ:phút, ví dụ 17:00."]


def test_every_date_field_of_the_portals_forms_is_the_one_field(son_hong, people):
    membership = Membership.objects.filter(left_on__isnull=True).first()
    fields = [
        MemberForm().fields["joined_on"],
        MemberForm().fields["opened_joined_on"],
        LeavingForm(membership=membership).fields["left_on"],
        CommitteeDateForm().fields["ngay"],
    ]
    assert all(type(field) is DayField for field in fields)
    assert type(MemberForm().fields["birth"]) is BirthDateField
    assert type(DocumentEditForm().fields["comments_close_at"]) is DayTimeField


@pytest.mark.parametrize("language", ["vi", "en"])
def test_a_plain_date_field_reads_the_same_forms_in_both_languages(language):
    with translation.override(language):
        assert forms.DateField().clean("05.03.1975") == forms.DateField().clean("1975-03-05") == MARCH_5_1975


@pytest.mark.parametrize(("model", "name"), [(Person, "birth_date"), (Association, "closed_on")])
def test_the_admin_reads_dates_with_the_one_field(rf, model, name):
    model_admin = admin.site._registry[model]
    field = model_admin.formfield_for_dbfield(model._meta.get_field(name), rf.get("/"))
    assert isinstance(field, DayField)


def test_the_admin_reads_the_day_of_a_date_and_time_with_the_one_field(rf):
    model_admin = admin.site._registry[CongressDocument]
    field = model_admin.formfield_for_dbfield(
        CongressDocument._meta.get_field("comments_close_at"), rf.get("/")
    )
    moment = field.clean(["10.03.2024", "17:00"])
    assert moment.strftime("%d/%m/%Y %H:%M") == "10/03/2024 17:00"
    with pytest.raises(ValidationError) as raised:
        field.clean(["30/02/2024", "17:00"])
    assert raised.value.messages == ["Ngày 30/02/2024 không có trong lịch."]


def test_the_message_follows_the_interface_language():
    with translation.override("en"), pytest.raises(DateError) as raised:
        read("25/13/2021")
    assert raised.value.message == "there is no month 13; write the date as dd/mm/yyyy"


def test_a_sheets_reasons_stay_in_vietnamese_like_its_others(son_hong, lead, settings, tmp_path):
    from members import importing
    from tests.fixtures.rosters import HEADER, upload, xlsx_bytes

    settings.MEDIA_ROOT = tmp_path
    rows = [HEADER, [1, "Trần Văn Mới", "31/02/1985", "Nam", ""]]
    with translation.override("en"):
        staged = importing.stage_import(son_hong, upload(xlsx_bytes(rows), "a.xlsx"), actor=lead)
    [row] = importing.preview(staged).rows
    assert row.errors[0][2] == "ngày 31/02/1985 không có trong lịch"


# --- Birth dates known to the day, the month or the year ------------------------------------------------


def born(written):
    return read_birth_date(written, today=TODAY).birth


@pytest.mark.parametrize(
    ("written", "date", "precision", "shown"),
    [
        ("15/03/1968", datetime.date(1968, 3, 15), Precision.DAY, "15/03/1968"),
        ("1968-03-15", datetime.date(1968, 3, 15), Precision.DAY, "15/03/1968"),
        (datetime.datetime(1968, 3, 15), datetime.date(1968, 3, 15), Precision.DAY, "15/03/1968"),
        ("03/1968", datetime.date(1968, 3, 1), Precision.MONTH, "03/1968"),
        ("3.1968", datetime.date(1968, 3, 1), Precision.MONTH, "03/1968"),
        ("tháng 3/1968", datetime.date(1968, 3, 1), Precision.MONTH, "03/1968"),
        ("1968", datetime.date(1968, 1, 1), Precision.YEAR, "1968"),
        (" Năm 1968 ", datetime.date(1968, 1, 1), Precision.YEAR, "1968"),
        (1968, datetime.date(1968, 1, 1), Precision.YEAR, "1968"),
        (1968.0, datetime.date(1968, 1, 1), Precision.YEAR, "1968"),
    ],
)
def test_a_birth_date_is_read_as_precisely_as_it_is_written(written, date, precision, shown):
    birth = born(written)
    assert (birth.date, birth.precision, str(birth)) == (date, precision, shown)


def test_a_birth_date_says_what_is_wrong_like_any_day():
    with pytest.raises(DateError) as raised:
        born("31/02/1985")
    assert raised.value.sentence == "Ngày 31/02/1985 không có trong lịch."
    with pytest.raises(DateError) as raised:
        born("13/1968")
    assert raised.value.code == "no_such_month"
    with pytest.raises(DateError) as raised:
        born("1968/03/15")
    assert raised.value.code == "wrong_order"
    assert read_birth_date("  ") is None


def test_a_partial_date_keeps_the_first_day_of_what_is_known():
    assert PartialDate(datetime.date(1968, 7, 9), Precision.YEAR).date == datetime.date(1968, 1, 1)
    assert PartialDate(datetime.date(1968, 7, 9), Precision.MONTH).date == datetime.date(1968, 7, 1)
    assert PartialDate(datetime.date(1968, 2, 9), Precision.MONTH).last_day == datetime.date(1968, 2, 29)
    assert PartialDate(datetime.date(1968, 2, 9), Precision.YEAR).last_day == datetime.date(1968, 12, 31)


def test_two_birth_dates_agree_as_far_as_the_less_precise_is_known():
    day, month, year = born("15/03/1968"), born("03/1968"), born("1968")
    assert day.agrees_with(year) and year.agrees_with(day)
    assert day.agrees_with(month) and month.agrees_with(year)
    assert day.agrees_with(datetime.date(1968, 3, 15))
    assert not day.agrees_with(born("16/03/1968"))
    assert not month.agrees_with(born("04/1968"))
    assert not year.agrees_with(born("1969"))
    assert not born("04/1968").agrees_with(day)
    assert not day.agrees_with(None)


def test_the_age_counts_only_what_is_known():
    on = datetime.date(2024, 3, 10)
    assert born("1968").age_on(on) == 56
    assert born("03/1968").age_on(on) == 56
    assert born("04/1968").age_on(on) == 55
    assert born("11/03/1968").age_on(on) == 55
    assert born("10/03/1968").age_on(on) == 56


def test_the_birth_date_field_reads_all_three_and_shows_them_as_given():
    field = BirthDateField(required=False)
    assert field.clean("1968") == PartialDate(datetime.date(1968, 1, 1), Precision.YEAR)
    assert field.clean("03/1968") == PartialDate(datetime.date(1968, 3, 1), Precision.MONTH)
    assert field.clean("15/03/1968") == PartialDate(datetime.date(1968, 3, 15))
    assert field.clean("") is None
    with pytest.raises(ValidationError) as raised:
        field.clean("31/02/1985")
    assert raised.value.messages == ["Ngày 31/02/1985 không có trong lịch."]
    with pytest.raises(ValidationError) as raised:
        field.clean("1850")
    assert raised.value.messages == ["Năm 1850 quá sớm (trước năm 1900); hãy kiểm tra lại năm."]
    html = field.widget.render("birth", field.prepare_value(born("03/1968")))
    assert 'value="03/1968"' in html
    assert not field.has_changed(born("1968"), "1968")
    assert field.has_changed(born("1968"), "15/03/1968")

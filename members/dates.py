"""Reading a day, the one way every form, command, admin page, import and roster sheet of the portal does it.

A day is written the Vietnamese way, day first: "05/03/1975", with "/", "-" or "." between the parts, so
03/04 is always the 3rd of April. A two-digit year falls in the century that puts it no later than this
year ("05/03/75" is 1975, "05/03/24" is 2024), and the reader is told so. The ISO form "1975-03-05", which
<input type="date"> and scripts send, is read too: its four-digit year first leaves no doubt. Sheets add
their date cells and Excel's day numbers. Nothing else is guessed: "1975/03/05" is refused as written in the
wrong order rather than read one way or the other, and a year alone is refused rather than made into a
1st of January. A birth date is the exception: `read_birth_date` reads a year alone ("1968") or a month and
year ("03/1968") as a `PartialDate`, kept with its precision and compared only as far as it is known.

`read_date` returns the day with the notes of what it assumed, or raises `DateError`, whose message says in
Vietnamese what is wrong without repeating what was written, so that each place can show it beside the
value: a form under the field, a sheet's preview beside its cell, a command after the value it was given.
"""

import datetime
import re
from dataclasses import dataclass
from typing import NamedTuple

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.forms.utils import from_current_timezone
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop
from openpyxl.utils.datetime import WINDOWS_EPOCH, from_excel

_PART = r"\s*[/.\-]\s*"
_DAY_FIRST = re.compile(rf"^(\d{{1,2}}){_PART}(\d{{1,2}}){_PART}(\d{{4}}|\d{{2}})$")
# The time a spreadsheet or <input type="datetime-local"> may add to an ISO day is left out.
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$")
_YEAR_FIRST = re.compile(rf"^(\d{{4}}){_PART}(\d{{1,2}}){_PART}(\d{{1,2}})$")
_YEAR = re.compile(r"^\d{4}$")
_MONTH_YEAR = re.compile(rf"^\d{{1,2}}{_PART}\d{{4}}$")
# The first day of Excel's calendar, and one past its last (31/12/9999).
_EXCEL_DAYS = range(1, 2958466)
# A whole number in this range is a year typed into a cell, not one of Excel's day numbers.
_YEARS = range(1800, 2201)

# For the few fields still read by Django itself (a plain forms.DateField), and for the admin's calendar,
# which writes a chosen day in the first form: the forms `read_date` reads, in both languages.
DATE_INPUT_FORMATS = ["%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d"]
DATETIME_INPUT_FORMATS = [
    "%d/%m/%Y %H:%M:%S",
    "%d/%m/%Y %H:%M",
    "%H:%M %d/%m/%Y",
    "%d/%m/%Y",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%d",
]
# Nobody on the rosters or in the federation's records goes back further: an earlier year in a form is a slip.
EARLIEST_YEAR = 1900
# A day alone (not a birth date, which may be known to the month or the year: `read_birth_date`) is refused
# when only the year is written, with this reason.
YEAR_ONLY = gettext_noop(
    "chỉ có năm; hãy ghi đủ ngày/tháng/năm (cổng nhận ra từng người theo họ tên và ngày sinh, "
    "nên không tự điền 01/01)"
)


class DateError(ValueError):
    """A value that is not a day; `message` says why, `code` names the kind of mistake."""

    def __init__(self, code, message):
        super().__init__(message)
        self.code = code
        self.message = message

    @property
    def sentence(self):
        """The message as a sentence of its own, as a form shows it under the field that holds the value."""
        return capfirst(self.message) + "."


def wrong_day(value, reason):
    """A sentence `reason` about a day, after the value it is about, for a page that does not show it."""
    return _("Ngày “%(value)s” không đúng. %(reason)s") % {"value": value, "reason": reason}


class ReadDate(NamedTuple):
    date: datetime.date
    notes: list  # what was assumed to read it, e.g. the century of a two-digit year


def _not_a_date():
    return DateError("not_a_date", _("không phải ngày; hãy ghi theo ngày/tháng/năm, ví dụ 15/03/2024"))


def _day(year, month, day):
    if year < 1:
        raise _not_a_date()
    if not 1 <= month <= 12:
        raise DateError(
            "no_such_month", _("không có tháng %(month)s; hãy ghi theo ngày/tháng/năm") % {"month": month}
        )
    try:
        return datetime.date(year, month, day)
    except ValueError:
        raise DateError(
            "no_such_day",
            _("ngày %(day)s không có trong lịch") % {"day": f"{day:02d}/{month:02d}/{year}"},
        ) from None


def _turned_round(year, month, day):
    """The day written year first, the way it should be written, or a plain example if there is none."""
    try:
        return datetime.date(year, month, day).strftime("%d/%m/%Y")
    except ValueError:
        return "15/03/2024"


def read_date(value, *, today=None, epoch=WINDOWS_EPOCH):
    """The day `value` stands for, as ReadDate(date, notes), or None when nothing is written.

    `value` is text, or a sheet's cell: a date, a datetime or a number. `today` places two-digit years;
    `epoch` is the sheet's calendar for day numbers. Raises DateError for anything that is not a day.
    """
    if isinstance(value, datetime.datetime):
        return ReadDate(value.date(), [])
    if isinstance(value, datetime.date):
        return ReadDate(value, [])
    if isinstance(value, bool):
        raise _not_a_date()
    if isinstance(value, int | float):
        if float(value).is_integer() and int(value) in _YEARS:
            raise DateError("year_only", _(YEAR_ONLY))
        if _EXCEL_DAYS.start <= value < _EXCEL_DAYS.stop:
            # A day number in a cell not formatted as a date.
            return ReadDate(from_excel(value, epoch).date(), [_("đọc số ngày kiểu Excel thành ngày")])
        raise _not_a_date()
    written = "" if value is None else str(value).strip()
    if not written:
        return None
    if match := _DAY_FIRST.match(written):
        day, month, year = (int(part) for part in match.groups())
        notes = []
        if len(match.group(3)) == 2:
            today = today or timezone.localdate()
            year += 1900 if year > today.year % 100 else 2000
            notes.append(
                _("năm ghi hai chữ số “%(written)s”, hiểu là %(year)s")
                % {"written": match.group(3), "year": year}
            )
        return ReadDate(_day(year, month, day), notes)
    if match := _ISO.match(written):
        year, month, day = (int(part) for part in match.groups())
        return ReadDate(_day(year, month, day), [])
    if match := _YEAR_FIRST.match(written):
        year, month, day = (int(part) for part in match.groups())
        raise DateError(
            "wrong_order",
            _("ghi sai thứ tự; hãy ghi ngày/tháng/năm, năm ở cuối, ví dụ %(example)s")
            % {"example": _turned_round(year, month, day)},
        )
    if _YEAR.match(written):
        raise DateError("year_only", _(YEAR_ONLY))
    if _MONTH_YEAR.match(written):
        raise DateError("month_and_year_only", _("chỉ có tháng và năm; hãy ghi đủ ngày/tháng/năm"))
    raise _not_a_date()


def _form_day(value):
    """The day typed into a form field, or None; ValidationError with the reason otherwise."""
    try:
        read = read_date(value)
    except DateError as error:
        raise ValidationError(error.sentence, code=error.code) from None
    if read is not None:
        _refuse_too_early(read.date.year)
    return read and read.date


def _refuse_too_early(year):
    """A form's year before EARLIEST_YEAR is a typing slip (1069 for 1969), not a date to keep."""
    if year < EARLIEST_YEAR:
        raise ValidationError(
            _("Năm %(year)s quá sớm (trước năm %(earliest)s); hãy kiểm tra lại năm.")
            % {"year": year, "earliest": EARLIEST_YEAR},
            code="too_early",
        )


def _input_attrs(placeholder):
    return {"placeholder": placeholder, "inputmode": "numeric", "autocomplete": "off"}


class DayField(forms.DateField):
    """A day typed into a form, read by `read_date`: the date field of every form of the portal and the admin."""

    widget = forms.DateInput(format="%d/%m/%Y", attrs=_input_attrs(gettext_lazy("ngày/tháng/năm")))

    def to_python(self, value):
        if value in self.empty_values:
            return None
        return _form_day(value)


_TIME = r"(\d{1,2}):(\d{2})(?::(\d{2}))?"
_DAY_THEN_TIME = re.compile(rf"^(.+?)(?:\s+|T){_TIME}$")
_TIME_THEN_DAY = re.compile(rf"^{_TIME}\s+(.+)$")


class DayTimeField(forms.DateTimeField):
    """A day and a time of day: "10/03/2024 17:00", "17:00 10/03/2024" (as the portal shows them), or the
    ISO form of <input type="datetime-local">. The day is read as `DayField` reads it, the time as
    hours:minutes; a day alone is its midnight."""

    widget = forms.DateTimeInput(
        format="%d/%m/%Y %H:%M", attrs=_input_attrs(gettext_lazy("ngày/tháng/năm giờ:phút"))
    )

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, datetime.datetime):
            return super().to_python(value)
        written, hour, minute, second = str(value).strip(), 0, 0, 0
        if match := _DAY_THEN_TIME.match(written):
            written, hour, minute, second = match.group(1), *match.groups()[1:]
        elif match := _TIME_THEN_DAY.match(written):
            hour, minute, second, written = match.groups()
        day = _form_day(written)
        if day is None:
            return None
        try:
            time = datetime.time(int(hour), int(minute), int(second or 0))
        except ValueError:
            raise ValidationError(
                _("Không có giờ %(time)s; hãy ghi giờ:phút, ví dụ 17:00.") % {"time": f"{hour}:{minute}"},
                code="no_such_time",
            ) from None
        return from_current_timezone(datetime.datetime.combine(day, time))


class SplitDayTimeField(forms.SplitDateTimeField):
    """The admin's day-and-time pair of inputs, whose day is read by `DayField` too."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        day = DayField(required=False, disabled=self.disabled)
        day.error_messages.setdefault("incomplete", self.error_messages["incomplete"])
        self.fields = (day, self.fields[1])


# --- Birth dates: a day, or only a month, or only a year ------------------------------------------------
# Rosters often give only the year of birth ("Năm sinh: 1968"), sometimes the month and year. A birth date
# is kept as the first day of what is known (1968 → 01/01/1968) with its precision, shown as it was given,
# and compared with another only as far as both are known.


class Precision(models.TextChoices):
    DAY = "day", gettext_lazy("ngày, tháng, năm")
    MONTH = "month", gettext_lazy("tháng và năm")
    YEAR = "year", gettext_lazy("năm")


# From the most precise to the least.
_COARSENESS = {Precision.DAY: 0, Precision.MONTH: 1, Precision.YEAR: 2}


@dataclass(frozen=True)
class PartialDate:
    """A birth date known to the day, the month or the year; `date` is the first day of what is known."""

    date: datetime.date
    precision: str = Precision.DAY

    def __post_init__(self):
        precision = Precision(self.precision)
        object.__setattr__(self, "precision", precision)
        object.__setattr__(self, "date", self._start(self.date, precision))

    @staticmethod
    def _start(date, precision):
        if precision == Precision.YEAR:
            return date.replace(month=1, day=1)
        if precision == Precision.MONTH:
            return date.replace(day=1)
        return date

    @classmethod
    def of(cls, date, precision=Precision.DAY):
        """The birth date stored as `date` and `precision`, or None when no date is stored."""
        return None if date is None else cls(date, precision or Precision.DAY)

    @classmethod
    def coerce(cls, value):
        """A PartialDate from a PartialDate, a date (known to the day) or None."""
        if value is None or isinstance(value, cls):
            return value
        if isinstance(value, datetime.datetime):
            value = value.date()
        return cls(value, Precision.DAY)

    def __str__(self):
        if self.precision == Precision.YEAR:
            return f"{self.date.year}"
        if self.precision == Precision.MONTH:
            return self.date.strftime("%m/%Y")
        return self.date.strftime("%d/%m/%Y")

    @property
    def year(self):
        return self.date.year

    @property
    def phrase(self):
        """The birth date after "sinh" (born): "ngày 15/03/1968", "tháng 03/1968", "năm 1968"."""
        if self.precision == Precision.YEAR:
            return _("năm %(date)s") % {"date": self}
        if self.precision == Precision.MONTH:
            return _("tháng %(date)s") % {"date": self}
        return _("ngày %(date)s") % {"date": self}

    @property
    def is_exact(self):
        return self.precision == Precision.DAY

    @property
    def last_day(self):
        """The last day the birth date may be."""
        if self.precision == Precision.YEAR:
            return self.date.replace(month=12, day=31)
        if self.precision == Precision.MONTH:
            following = (self.date.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
            return following - datetime.timedelta(days=1)
        return self.date

    def coarser(self, other):
        """The less precise of the two precisions."""
        return max(self.precision, other.precision, key=_COARSENESS.__getitem__)

    def at(self, precision):
        """The birth date as far as `precision` goes: (year,), (year, month) or (year, month, day)."""
        parts = (self.date.year, self.date.month, self.date.day)
        return parts[: 3 - _COARSENESS[Precision(precision)]]

    def agrees_with(self, other):
        """Whether the two may be the same birth date: equal as far as the less precise one is known."""
        other = PartialDate.coerce(other)
        if other is None:
            return False
        precision = self.coarser(other)
        return self.at(precision) == other.at(precision)

    def age_on(self, day):
        """The age on `day`: known to the year, the year's difference; known to the month, by months."""
        if self.precision == Precision.YEAR:
            return day.year - self.date.year
        if self.precision == Precision.MONTH:
            return day.year - self.date.year - (day.month < self.date.month)
        return day.year - self.date.year - ((day.month, day.day) < (self.date.month, self.date.day))


class ReadBirth(NamedTuple):
    birth: PartialDate
    notes: list


_BIRTH_WORDS = re.compile(r"^(?:(?:ngày|ngay|tháng|thang|năm|nam)\s+)+", re.IGNORECASE)
_MONTH_YEAR_PARTS = re.compile(rf"^(\d{{1,2}}){_PART}(\d{{4}})$")


def read_birth_date(value, *, today=None, epoch=WINDOWS_EPOCH):
    """The birth date `value` stands for, as ReadBirth(PartialDate, notes), or None when nothing is written.

    Everything `read_date` reads is a birth date known to the day; a year alone ("1968", a cell holding the
    number 1968, "năm 1968") is one known to the year; a month and year ("03/1968", "tháng 3/1968") one
    known to the month. Raises DateError for anything else.
    """
    if isinstance(value, bool):
        raise _not_a_date()
    if isinstance(value, int | float) and float(value).is_integer() and int(value) in _YEARS:
        return ReadBirth(PartialDate(datetime.date(int(value), 1, 1), Precision.YEAR), [])
    if isinstance(value, str):
        written = _BIRTH_WORDS.sub("", value.strip())
        if _YEAR.match(written):
            return ReadBirth(PartialDate(datetime.date(int(written), 1, 1), Precision.YEAR), [])
        if match := _MONTH_YEAR_PARTS.match(written):
            month, year = int(match.group(1)), int(match.group(2))
            if not 1 <= month <= 12:
                raise DateError(
                    "no_such_month",
                    _("không có tháng %(month)s; hãy ghi ngày/tháng/năm, tháng/năm hoặc năm")
                    % {"month": month},
                )
            if year < 1:
                raise _not_a_date()
            return ReadBirth(PartialDate(datetime.date(year, month, 1), Precision.MONTH), [])
        value = written
    read = read_date(value, today=today, epoch=epoch)
    return None if read is None else ReadBirth(PartialDate(read.date), read.notes)


class BirthDateField(forms.Field):
    """A birth date typed into a form: a day, a month and year, or a year alone (see `read_birth_date`)."""

    widget = forms.TextInput(
        attrs={**_input_attrs(gettext_lazy("ngày/tháng/năm, tháng/năm hoặc năm")), "maxlength": 20}
    )

    def prepare_value(self, value):
        if isinstance(value, PartialDate):
            return str(value)
        if isinstance(value, datetime.date):
            return value.strftime("%d/%m/%Y")
        return value

    def to_python(self, value):
        if isinstance(value, PartialDate):
            return value
        if isinstance(value, datetime.date):
            return PartialDate.coerce(value)
        if value in self.empty_values:
            return None
        try:
            read = read_birth_date(value)
        except DateError as error:
            raise ValidationError(error.sentence, code=error.code) from None
        if read is not None:
            _refuse_too_early(read.birth.year)
        return read and read.birth

    def has_changed(self, initial, data):
        try:
            return self.to_python(initial) != self.to_python(data)
        except ValidationError:
            return True

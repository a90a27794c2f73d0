# Vietnamese office conventions: day first, 4-digit year, thousands grouped with '.'.

# Typed days are read as members.dates reads them, in both languages: "03/04/2024" is the 3rd of April.
from members.dates import DATE_INPUT_FORMATS, DATETIME_INPUT_FORMATS  # noqa: F401

DATE_FORMAT = "d/m/Y"
DATETIME_FORMAT = "H:i d/m/Y"
TIME_FORMAT = "H:i"
SHORT_DATE_FORMAT = "d/m/Y"
SHORT_DATETIME_FORMAT = "H:i d/m/Y"
MONTH_DAY_FORMAT = "j F"
YEAR_MONTH_FORMAT = "F \\n\\ă\\m Y"
FIRST_DAY_OF_WEEK = 1  # Monday

TIME_INPUT_FORMATS = ["%H:%M:%S", "%H:%M"]

DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "."
NUMBER_GROUPING = 3

# The English interface keeps the federation's day-first dates so a date reads the same in both languages.

# Typed days are read as members.dates reads them, in both languages: "03/04/2024" is the 3rd of April.
from members.dates import DATE_INPUT_FORMATS, DATETIME_INPUT_FORMATS  # noqa: F401

DATE_FORMAT = "d/m/Y"
DATETIME_FORMAT = "H:i d/m/Y"
TIME_FORMAT = "H:i"
SHORT_DATE_FORMAT = "d/m/Y"
SHORT_DATETIME_FORMAT = "H:i d/m/Y"
FIRST_DAY_OF_WEEK = 1

DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3

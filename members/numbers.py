"""Percentages as the reader's language writes them: "95,4%" in Vietnamese, "95.4%" in English.

Every place that shows a percentage formats it here. Documents that are Vietnamese whatever the reader's
language (the credential report, the election minutes, the term report) are composed under
translation.override("vi"), so they keep the decimal comma.
"""

from decimal import ROUND_HALF_UP, Decimal

from django.utils import formats


def percent(part, whole, *, decimals=1):
    """`part` as a percentage of `whole`, rounded half up to `decimals`; None when there is no whole."""
    if not whole:
        return None
    step = Decimal(1).scaleb(-decimals)
    return (Decimal(part) * 100 / Decimal(whole)).quantize(step, rounding=ROUND_HALF_UP)


def format_percent(value, *, decimals=1, empty="–"):
    """A percentage with the decimal mark of the language in use; `empty` when there is none."""
    if value is None:
        return empty
    return formats.number_format(value, decimal_pos=decimals, use_l10n=True) + "%"


def percent_of(part, whole, *, decimals=1, empty="–"):
    return format_percent(percent(part, whole, decimals=decimals), decimals=decimals, empty=empty)

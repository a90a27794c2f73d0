"""Figures cited in prose as {name}.

Prose is plain text: a placeholder is only ever replaced by a figure's formatted value, never evaluated,
and the result is escaped when it becomes HTML. Anything in braces must name a known figure.
"""

import datetime
import re
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# Anything in single braces is taken as an attempt to cite a figure, so a typo cannot slip through as text.
BRACED = re.compile(r"\{([^{}\n]{0,80})\}")
NAME = re.compile(r"^[a-z0-9_]+$")
MISSING = "…"


def cited_names(text):
    return [match.group(1).strip() for match in BRACED.finditer(text or "")]


def validate_prose(text, known):
    unknown = sorted({name for name in cited_names(text) if not NAME.match(name) or name not in known})
    if unknown:
        raise ValidationError(
            _("Không có số liệu nào tên %(names)s. Hãy chọn trong danh sách số liệu có thể dùng.")
            % {"names": ", ".join("{" + n + "}" for n in unknown)},
            code="unknown_figure",
        )


def format_number(value):
    """Counts below ten are written with a leading zero, as official documents do ("05 uỷ viên")."""
    if isinstance(value, Decimal):
        if value == value.to_integral_value():
            value = int(value)
        else:
            whole, _, frac = f"{value.normalize():f}".partition(".")
            return f"{format_number(int(whole))},{frac}"
    if 0 < value < 10:
        return f"{value:02d}"
    return f"{value:,}".replace(",", ".")


def format_value(value):
    if value is None:
        return MISSING
    if isinstance(value, bool):
        return _("có") if value else _("không")
    if isinstance(value, int | Decimal):
        return format_number(value)
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    return str(value)


def fill(text, values):
    """Split prose into runs: plain text, a cited figure, or a figure with no data (shown as missing)."""
    runs = []
    position = 0
    for match in BRACED.finditer(text):
        if match.start() > position:
            runs.append({"text": text[position : match.start()]})
        name = match.group(1).strip()
        value = values.get(name)
        if value is None:
            runs.append({"text": MISSING, "missing": name})
        else:
            runs.append({"text": format_value(value), "figure": name})
        position = match.end()
    if position < len(text):
        runs.append({"text": text[position:]})
    return runs

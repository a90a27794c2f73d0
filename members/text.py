"""Vietnamese text: the characters never stored, normal form, search folding and the alphabetical sort key.

The sort key is a string of ASCII digits only, so it orders the same under SQLite's binary collation and
under any PostgreSQL collation (digits have no accents, cases or ignorable punctuation to disagree on).
"""

import re
import unicodedata

from django.db import models

# The Vietnamese alphabet in dictionary order, with the letters foreign names bring (f, j, w, z) where
# the Latin alphabet puts them.
ALPHABET = [
    "a", "ă", "â", "b", "c", "d", "đ", "e", "ê", "f", "g", "h", "i", "j", "k", "l", "m", "n",
    "o", "ô", "ơ", "p", "q", "r", "s", "t", "u", "ư", "v", "w", "x", "y", "z",
]  # fmt: skip
DIGITS = "0123456789"
# Two digits a letter, from 20 up, so that the end-of-syllable mark "1" sorts before any letter
# and digits in a name ("Sơn Kim 1") sort before letters.
_LETTER_CODES = {ch: f"{20 + index:02d}" for index, ch in enumerate(ALPHABET)}
_LETTER_CODES.update({d: f"1{d}" for d in DIGITS})
_END_OF_SYLLABLE = "0"

# Tone marks as combining characters, in the order Vietnamese dictionaries use:
# none, huyền, hỏi, ngã, sắc, nặng.
_TONES = {
    "\u0300": 1,  # huyền (grave)
    "\u0309": 2,  # hỏi (hook above)
    "\u0303": 3,  # ngã (tilde)
    "\u0301": 4,  # sắc (acute)
    "\u0323": 5,  # nặng (dot below)
}
# Marks that make a different letter rather than a tone.
_LETTER_MARKS = {
    ("a", "\u0306"): "ă",
    ("a", "\u0302"): "â",
    ("e", "\u0302"): "ê",
    ("o", "\u0302"): "ô",
    ("o", "\u031b"): "ơ",
    ("u", "\u031b"): "ư",
}

_SPACES = re.compile(r"\s+")

# Never stored: control characters other than tab and line breaks, and every format character (Unicode
# category Cf: bidi marks, embeddings, overrides and isolates, zero-width spaces and joiners, the byte-order
# mark, the soft hyphen, invisible tags...). They change how a name or a paragraph displays, in the browser
# and in the PDF, without being seen; NUL is refused by PostgreSQL. Lone surrogates cannot be encoded for the
# database at all. tests/test_text.py checks the list against the Unicode database.
_HIDDEN = re.compile(
    "[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f"
    "\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e"
    "\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb"
    "\U000110bd\U000110cd\U00013430-\U00013438\U0001bca0-\U0001bca3\U0001d173-\U0001d17a"
    "\U000e0001\U000e0020-\U000e007f"
    "\ud800-\udfff]"
)
# Windows, old Mac and Unicode line breaks, and the form feeds and vertical tabs word processors leave.
_LINE_BREAKS = re.compile("\r\n|[\n\v\f\r\x85\u2028\u2029]")


def remove_hidden(value, *, multiline=False):
    """`value` without the characters never stored.

    Single-line text gets a space for each tab or line break; multi-line text keeps its tabs and has every
    line break as "\\n". Every text field of the portal's records is saved through this.
    """
    if value.isprintable():
        return value
    if multiline:
        value = _LINE_BREAKS.sub("\n", value)
    else:
        value = _LINE_BREAKS.sub(" ", value).replace("\t", " ")
    return _HIDDEN.sub("", value)


def _without_hidden(value):
    # Nearly every value is printable, which rules out every hidden character in one quick pass: a roster
    # import cleans each cell of 100.000 rows.
    return value if value.isprintable() else _HIDDEN.sub("", value)


def clean(value):
    """NFC, single spaces, no leading or trailing space, nothing hidden: the form every name is stored in."""
    if value is None:
        return ""
    return _SPACES.sub(" ", unicodedata.normalize("NFC", _without_hidden(str(value)))).strip()


def clean_multiline(value):
    """clean() for prose and comments: NFC and nothing hidden, but tabs and line breaks ("\\n") kept."""
    if value is None:
        return ""
    return unicodedata.normalize("NFC", remove_hidden(str(value), multiline=True)).strip()


def text_fields(model):
    """The model's stored text as (attname, multiline): its CharFields on one line, its TextFields on several."""
    return [
        (field.attname, isinstance(field, models.TextField))
        for field in model._meta.concrete_fields
        if isinstance(field, models.CharField | models.TextField)
    ]


def fold(value):
    """Lowercase ASCII with diacritics removed and 'đ' as 'd', for search: 'Đức' -> 'duc'."""
    decomposed = unicodedata.normalize("NFD", clean(value).lower())
    without_marks = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return without_marks.replace("đ", "d")


def _split_syllable(syllable):
    """Return (letters, tone) for one syllable: base letters with their own marks, and its tone 0-5."""
    letters = []
    tone = 0
    for ch in unicodedata.normalize("NFD", syllable.lower()):
        if ch in _TONES:
            tone = _TONES[ch]
        elif unicodedata.combining(ch):
            if letters:
                letters[-1] = _LETTER_MARKS.get((letters[-1], ch), letters[-1])
        else:
            letters.append(ch)
    return letters, tone


def syllable_key(syllable):
    letters, tone = _split_syllable(syllable)
    coded = "".join(_LETTER_CODES[ch] for ch in letters if ch in _LETTER_CODES)
    return f"{coded}{_END_OF_SYLLABLE}{tone}"


def sort_key(*parts):
    """Key that orders names syllable by syllable: letters first, then tone.

    Pass the parts in the order they should be compared, e.g. given name, family name, middle name.
    """
    syllables = [s for part in parts for s in clean(part).split(" ") if s]
    return "".join(syllable_key(s) for s in syllables)


def split_full_name(full_name):
    """'Nguyễn Kiều Hưng' -> ('Nguyễn', 'Kiều', 'Hưng'): family first, given name last."""
    words = clean(full_name).split(" ")
    if len(words) == 1:
        return "", "", words[0]
    return words[0], " ".join(words[1:-1]), words[-1]

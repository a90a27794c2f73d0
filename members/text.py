"""Vietnamese text: normal form, search folding and the alphabetical sort key.

The sort key is a string of ASCII digits only, so it orders the same under SQLite's binary collation and
under any PostgreSQL collation (digits have no accents, cases or ignorable punctuation to disagree on).
"""

import re
import unicodedata

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


def clean(value):
    """NFC, single spaces, no leading or trailing space: the form every name is stored in."""
    if value is None:
        return ""
    return _SPACES.sub(" ", unicodedata.normalize("NFC", str(value))).strip()


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

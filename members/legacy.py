"""Vietnamese text typed in the legacy TCVN3 (ABC) and VNI encodings, recognised and turned into Unicode.

Sheets kept since the 1990s were typed with .VnTime (TCVN3) or VNI-Times fonts: the bytes were
Vietnamese, but Excel stored them as the Western (Windows-1252) characters with the same codes, so
"Nguyễn Văn Hùng" reads "NguyÔn V¨n Hïng" (TCVN3) or "Nguyeãn Vaên Huøng" (VNI). Those characters are
ordinary Latin-1 letters too, and "Hà" or "Tô" are both real Unicode Vietnamese and possible legacy
text, so a cell is converted only when the conversion reads as Vietnamese better than the cell does
(`score`): every word is checked against the shape of a Vietnamese syllable.
"""

import re
import unicodedata

TCVN3 = "TCVN3"
VNI = "VNI"
ENCODING_NAMES = {TCVN3: "TCVN3 (ABC)", VNI: "VNI"}

# TCVN 5712:1993 (the ABC fonts' VN3 table, with VN1's capitals where VN3 leaves a gap). Each byte is
# listed once with the Unicode letter it stands for.
_TCVN3_BYTES = {
    0xA1: "Ă", 0xA2: "Â", 0xA3: "Ê", 0xA4: "Ô", 0xA5: "Ơ", 0xA6: "Ư", 0xA7: "Đ",
    0xA8: "ă", 0xA9: "â", 0xAA: "ê", 0xAB: "ô", 0xAC: "ơ", 0xAD: "ư", 0xAE: "đ", 0xAF: "Ằ",
    0xB5: "à", 0xB6: "ả", 0xB7: "ã", 0xB8: "á", 0xB9: "ạ", 0xBA: "Ẳ", 0xBB: "ằ", 0xBC: "ẳ",
    0xBD: "ẵ", 0xBE: "ắ", 0xBF: "Ẵ", 0xC0: "Ắ", 0xC1: "Ầ", 0xC2: "Ẩ", 0xC3: "Ẫ", 0xC4: "Ấ",
    0xC5: "Ề", 0xC6: "ặ", 0xC7: "ầ", 0xC8: "ẩ", 0xC9: "ẫ", 0xCA: "ấ", 0xCB: "ậ", 0xCC: "è",
    0xCD: "Ể", 0xCE: "ẻ", 0xCF: "ẽ", 0xD0: "é", 0xD1: "ẹ", 0xD2: "ề", 0xD3: "ể", 0xD4: "ễ",
    0xD5: "ế", 0xD6: "ệ", 0xD7: "ì", 0xD8: "ỉ", 0xD9: "Ễ", 0xDA: "Ế", 0xDB: "Ồ", 0xDC: "ĩ",
    0xDD: "í", 0xDE: "ị", 0xDF: "ò", 0xE0: "Ổ", 0xE1: "ỏ", 0xE2: "õ", 0xE3: "ó", 0xE4: "ọ",
    0xE5: "ồ", 0xE6: "ổ", 0xE7: "ỗ", 0xE8: "ố", 0xE9: "ộ", 0xEA: "ờ", 0xEB: "ở", 0xEC: "ỡ",
    0xED: "ớ", 0xEE: "ợ", 0xEF: "ù", 0xF0: "Ỗ", 0xF1: "ủ", 0xF2: "ũ", 0xF3: "ú", 0xF4: "ụ",
    0xF5: "ừ", 0xF6: "ử", 0xF7: "ữ", 0xF8: "ứ", 0xF9: "ự", 0xFA: "ỳ", 0xFB: "ỷ", 0xFC: "ỹ",
    0xFD: "ý", 0xFE: "ỵ", 0xFF: "Ố",
}  # fmt: skip

# VNI-Windows writes a few letters as one byte and every other mark as a byte after the vowel.
_VNI_LETTERS = {
    0xD1: "Đ", 0xF1: "đ", 0xD4: "Ơ", 0xF4: "ơ", 0xD6: "Ư", 0xF6: "ư",
    0xCC: "Ì", 0xEC: "ì", 0xCD: "Í", 0xED: "í", 0xC6: "Ỉ", 0xE6: "ỉ", 0xD3: "Ĩ", 0xF3: "ĩ",
    0xD2: "Ị", 0xF2: "ị", 0xCE: "Ỵ", 0xEE: "ỵ",
}  # fmt: skip
_GRAVE, _ACUTE, _HOOK, _TILDE, _DOT = "\u0300", "\u0301", "\u0309", "\u0303", "\u0323"
_CIRCUMFLEX, _BREVE, _HORN = "\u0302", "\u0306", "\u031b"
# Mark bytes, lower case; the upper-case letter is the same mark for a capital.
_VNI_MARKS = {
    0xF8: _GRAVE, 0xF9: _ACUTE, 0xFB: _HOOK, 0xF5: _TILDE, 0xEF: _DOT,
    0xE2: _CIRCUMFLEX, 0xE0: _CIRCUMFLEX + _GRAVE, 0xE1: _CIRCUMFLEX + _ACUTE, 0xE5: _CIRCUMFLEX + _HOOK,
    0xE3: _CIRCUMFLEX + _TILDE, 0xE4: _CIRCUMFLEX + _DOT,
    0xEA: _BREVE, 0xE8: _BREVE + _GRAVE, 0xE9: _BREVE + _ACUTE, 0xFA: _BREVE + _HOOK,
    0xFC: _BREVE + _TILDE, 0xEB: _BREVE + _DOT,
}  # fmt: skip
_VNI_MARKS.update({byte - 0x20: marks for byte, marks in list(_VNI_MARKS.items())})
_VOWELS = set("aeiouyăâêôơư")
_TONE_MARKS = frozenset((_GRAVE, _ACUTE, _HOOK, _TILDE, _DOT))
_LETTER_MARKS = (_CIRCUMFLEX, _BREVE, _HORN)


def _char_to_byte():
    """The character each legacy byte became once Excel read it as Windows-1252 (or Latin-1)."""
    table = {}
    for byte in range(0x80, 0x100):
        table.setdefault(chr(byte), byte)
        try:
            table[bytes([byte]).decode("cp1252")] = byte
        except UnicodeDecodeError:
            pass
    return table


_BYTE_OF = _char_to_byte()
_TCVN3 = {char: _TCVN3_BYTES[byte] for char, byte in _BYTE_OF.items() if byte in _TCVN3_BYTES}
_UNICODE_TO_TCVN3 = {}
for _byte, _letter in sorted(_TCVN3_BYTES.items(), reverse=True):
    _UNICODE_TO_TCVN3[_letter] = bytes([_byte]).decode("cp1252")


def decode_tcvn3(value):
    """The Unicode (NFC) text for TCVN3 text read as Windows-1252; None when a character has no TCVN3 meaning.

    TCVN3 has codes for lower-case toned letters only (capitals came from a second font), so a word
    typed in capitals ("NGUYÔN") comes back in capitals.
    """
    words = []
    for word in value.split(" "):
        out = []
        for char in word:
            if char < "\x80" or char == "\xa0":
                out.append(char)
            elif char in _TCVN3:
                out.append(_TCVN3[char])
            else:
                return None
        decoded = "".join(out)
        ascii_letters = [i for i, ch in enumerate(word) if ch.isascii() and ch.isalpha()]
        capitals = all(word[i].isupper() for i in ascii_letters)
        if capitals and ascii_letters and ascii_letters != [0]:
            decoded = decoded.upper()
        words.append(decoded)
    return unicodedata.normalize("NFC", " ".join(words))


def decode_vni(value):
    """The Unicode (NFC) text for VNI text read as Windows-1252; None when the marks are not where VNI puts them."""
    out = []
    for char in value:
        byte = _BYTE_OF.get(char) if char >= "\x80" else None
        if byte in _VNI_LETTERS:
            out.append(_VNI_LETTERS[byte])
        elif byte in _VNI_MARKS:
            base = unicodedata.normalize("NFD", out[-1]) if out else ""
            marks = _VNI_MARKS[byte]
            letter = base[:1].lower()
            if not letter or letter not in "aeiouy":
                return None
            if any(m in base for m in _TONE_MARKS):
                return None  # a second tone on one vowel
            if (_BREVE in marks or _CIRCUMFLEX in marks) and any(m in base for m in _LETTER_MARKS):
                return None
            if _BREVE in marks and letter != "a" or _CIRCUMFLEX in marks and letter not in "aeo":
                return None
            out[-1] = unicodedata.normalize("NFC", base + marks)
        elif char >= "\x80" and char != "\xa0":
            return None
        else:
            out.append(char)
    return unicodedata.normalize("NFC", "".join(out))


def encode_tcvn3(text):
    """Unicode -> TCVN3 as Excel shows it (Windows-1252 characters); for tests and sample files.

    TCVN3 has no capitals with tone marks: such letters are written with the lower-case code, as the
    upper-case .VnTimeH fonts did.
    """
    out = []
    for char in unicodedata.normalize("NFC", text):
        if char in _UNICODE_TO_TCVN3:
            out.append(_UNICODE_TO_TCVN3[char])
        elif char.lower() in _UNICODE_TO_TCVN3:
            out.append(_UNICODE_TO_TCVN3[char.lower()])
        else:
            out.append(char)
    return "".join(out)


_LETTER_OF_VNI = {letter: bytes([byte]).decode("cp1252") for byte, letter in _VNI_LETTERS.items()}
_VNI_OF_MARKS = {}
for _byte, _marks in sorted(_VNI_MARKS.items()):
    _VNI_OF_MARKS.setdefault((_marks, _byte < 0xE0), bytes([_byte]).decode("cp1252"))


def encode_vni(text):
    """Unicode -> VNI as Excel shows it; for tests and sample files."""
    out = []
    for char in unicodedata.normalize("NFC", text):
        if char in _LETTER_OF_VNI:
            out.append(_LETTER_OF_VNI[char])
            continue
        decomposed = unicodedata.normalize("NFD", char)
        base, marks = decomposed[0], decomposed[1:]
        if not marks:
            out.append(char)
            continue
        if _HORN in marks:
            out.append(_LETTER_OF_VNI[unicodedata.normalize("NFC", base + _HORN)])
        else:
            out.append(base)
        # NFD puts the dot below before the circumflex or breve; VNI names the letter mark first.
        ordered = "".join(m for m in marks if m in (_CIRCUMFLEX, _BREVE)) + "".join(
            m for m in marks if m in _TONE_MARKS
        )
        if ordered:
            out.append(_VNI_OF_MARKS[ordered, base.isupper()])
    return "".join(out)


# --- Does it read as Vietnamese? ------------------------------------------------------------------------

_ONSETS = (
    "ngh", "ng", "gh", "gi", "kh", "nh", "ph", "th", "tr", "ch", "qu",
    "b", "c", "d", "đ", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "x",
)  # fmt: skip
# Vowel groups that may be followed by a final consonant, and those that end in a glide and may not.
_NUCLEI = frozenset("a ă â e ê i o ô ơ u ư y iê oa oă oe oo uâ uê uô uơ uy ươ yê uyê".split())
_OPEN_NUCLEI = frozenset(
    "ai ao au ay âu ây eo êu ia iu oi ôi ơi ui ưi ưu ua ưa oai oao oay oeo uây uôi ươi ươu uya uyu yêu iêu".split()
)
_CODAS = ("ng", "nh", "ch", "c", "m", "n", "p", "t", "")
_WORD_SEPARATORS = re.compile(r"[\s,.;:()\[\]/\\\-–—_\"!?&+*]+")


def _letters_and_tones(word):
    """('nguyên', 4, 1) for 'Nguyến': the letters without tone, where the tone sits, how many tones."""
    letters, tone_at, tones = [], None, 0
    for char in unicodedata.normalize("NFD", word.lower()):
        if char in _TONE_MARKS:
            tones += 1
            tone_at = len(letters) - 1
        elif unicodedata.combining(char):
            if not letters:
                return "", None, 0
            letters[-1] = unicodedata.normalize("NFC", letters[-1] + char)
        else:
            letters.append(char)
    return "".join(letters), tone_at, tones


def _tone_in_place(nucleus, has_coda, at):
    """Where the tone mark may sit in the vowel group: 'hoà' and 'hòa' both, but never 'leõ' for 'lẽo'."""
    if len(nucleus) == 1:
        return at == 0
    if len(nucleus) == 3:
        return at == (2 if nucleus == "uyê" else 1)
    if nucleus in _OPEN_NUCLEI:
        return at == 0
    if not has_coda and nucleus in ("oa", "oe", "uy"):
        return at in (0, 1)
    return at == 1


def _rhyme_allowed(nucleus, coda):
    if coda in ("nh", "ch"):
        return nucleus[-1] in "aêiy"
    if coda in ("ng", "c"):
        return nucleus not in ("i", "y", "ê")
    return True


def is_syllable(word):
    """Whether the word has the shape of one Vietnamese syllable.

    An onset, a vowel group, a final consonant that may follow it, and at most one tone, placed on
    the vowel that carries it.
    """
    letters, tone_at, tones = _letters_and_tones(word)
    if not letters or tones > 1:
        return False
    for onset in (*_ONSETS, ""):
        if not letters.startswith(onset):
            continue
        rest = letters[len(onset) :]
        at = None if tone_at is None else tone_at - len(onset)
        if rest in _OPEN_NUCLEI and (at is None or _tone_in_place(rest, False, at)):
            return True
        for coda in _CODAS:
            nucleus = rest[: len(rest) - len(coda)]
            if not (rest.endswith(coda) and nucleus in _NUCLEI and _rhyme_allowed(nucleus, coda)):
                continue
            if at is None or _tone_in_place(nucleus, bool(coda), at):
                return True
    return False


def _mixed_case(word):
    return any(ch.isupper() for ch in word[1:]) and any(ch.islower() for ch in word)


def score(value, *, case_matters=False):
    """Words shaped like Vietnamese syllables, less those that are not; words with digits count nothing.

    With `case_matters`, a capital inside a lower-case word ("NguyÔn", "QuÕ") is not Vietnamese either:
    TCVN3 puts many lower-case letters on the codes of Western capitals.
    """
    total = 0
    for word in _WORD_SEPARATORS.split(value):
        if not word or any(ch.isdigit() for ch in word):
            continue
        valid = is_syllable(word) and not (case_matters and _mixed_case(word))
        total += 1 if valid else -1
    return total


# Letters that only Unicode Vietnamese has (outside Latin-1): a cell holding one is not legacy text.
_UNICODE_ONLY = re.compile(
    "[\u0102\u0103\u0110\u0111\u0128\u0129\u0168\u0169\u01a0\u01a1\u01af\u01b0\u0300-\u036f\u1ea0-\u1ef9]"
)


class Detector:
    """Converts cell after cell, and remembers which encoding the sheet turned out to use.

    A cell that reads equally well both ways ("Tó" is a word, and TCVN3 for "Tú") follows the
    sheet: once several cells have been clearly one legacy encoding, such ties are converted too.
    """

    SETTLED_AFTER = 3

    def __init__(self):
        self.converted = {TCVN3: 0, VNI: 0}

    @property
    def sheet_encoding(self):
        tcvn3, vni = self.converted[TCVN3], self.converted[VNI]
        if tcvn3 >= self.SETTLED_AFTER and not vni:
            return TCVN3
        if vni >= self.SETTLED_AFTER and not tcvn3:
            return VNI
        return None

    def to_unicode(self, value):
        """(text, encoding): the text in Unicode, and TCVN3 or VNI when it was converted from that encoding."""
        if value.isascii() or _UNICODE_ONLY.search(value):
            return value, None
        original = score(value, case_matters=True)
        best, best_score, best_encoding = value, original, None
        for encoding, decode in ((TCVN3, decode_tcvn3), (VNI, decode_vni)):
            decoded = decode(value)
            if decoded is None or decoded == value:
                continue
            decoded_score = score(decoded)
            wins = decoded_score > best_score
            tie_with_sheet = decoded_score == original and encoding == self.sheet_encoding
            if wins or (tie_with_sheet and best_encoding is None):
                best, best_score, best_encoding = decoded, decoded_score, encoding
        if best_encoding:
            self.converted[best_encoding] += 1
        return best, best_encoding

"""TCVN3 and VNI text recognised and converted; Unicode text, even when it could be read as legacy, left alone."""

import pytest

from members import legacy

NAMES = [
    "Nguyễn Văn Hùng",
    "Trần Thị Ngọc Ánh",
    "Đặng Văn Đức",
    "Uông Thị Kim Yến",
    "Lê Thị Hường",
    "Khuất Quang Thuỵ",
]


@pytest.mark.parametrize("name", NAMES)
def test_tcvn3_and_vni_round_trip(name):
    assert legacy.decode_tcvn3(legacy.encode_tcvn3(name)).lower() == name.lower()
    assert legacy.decode_vni(legacy.encode_vni(name)) == name


@pytest.mark.parametrize("name", NAMES)
def test_the_detector_converts_legacy_and_keeps_unicode(name):
    assert legacy.Detector().to_unicode(legacy.encode_vni(name)) == (name, legacy.VNI)
    text, encoding = legacy.Detector().to_unicode(legacy.encode_tcvn3(name))
    assert (text.lower(), encoding) == (name.lower(), legacy.TCVN3)
    assert legacy.Detector().to_unicode(name) == (name, None)


def test_the_example_strings():
    detector = legacy.Detector()
    assert detector.to_unicode("NguyÔn V¨n Hïng") == ("Nguyễn Văn Hùng", legacy.TCVN3)
    assert detector.to_unicode("Nguyeãn Vaên Huøng") == ("Nguyễn Văn Hùng", legacy.VNI)


@pytest.mark.parametrize("value", ["Lê Hà", "Hoà", "Tô Thị Hà", "José Müller", "Café 2024"])
def test_latin1_unicode_is_not_mistaken_for_legacy(value):
    assert legacy.Detector().to_unicode(value) == (value, None)


def test_a_settled_sheet_decides_words_that_read_both_ways():
    detector = legacy.Detector()
    for header in ("Hä vµ tªn", "Ngµy sinh", "Giíi tÝnh"):
        detector.to_unicode(header)
    # "Dòng" is a word, and TCVN3 for "Dũng": in a TCVN3 sheet it is the latter.
    assert detector.to_unicode("Phan Minh Dòng") == ("Phan Minh Dũng", legacy.TCVN3)


def test_syllables():
    assert all(
        legacy.is_syllable(w) for w in ["nguyễn", "khuyến", "quốc", "giường", "hoà", "hòa", "thuỷ", "nghiêng"]
    )
    assert not any(legacy.is_syllable(w) for w in ["nguyôn", "leõ", "ịng", "hwa"])

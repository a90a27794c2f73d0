"""Vietnamese names: stored in NFC, searched without diacritics, sorted like a Vietnamese dictionary."""

import random
import unicodedata

import pytest
from django.db import connection
from django.db.models.functions import Collate

from members import text
from members.models import Person
from tests.conftest import make_person

# Dictionary order: a ă â ... d đ ... o ô ơ ... u ư; a shorter syllable before a longer one; letters before tones.
DICTIONARY_ORDER = ["An", "Anh", "Ánh", "Ăn", "Ân", "Dũng", "Đức", "Oanh", "Ô", "Ơn", "Uyên", "Ưng"]
# Tones: none, huyền, hỏi, ngã, sắc, nặng.
TONE_ORDER = ["Ma", "Mà", "Mả", "Mã", "Má", "Mạ"]


def shuffled(values, seed=5):
    values = list(values)
    random.Random(seed).shuffle(values)
    return values


def test_it_orders_letters_like_a_vietnamese_dictionary():
    assert sorted(shuffled(DICTIONARY_ORDER), key=text.sort_key) == DICTIONARY_ORDER


def test_it_orders_tones_none_huyen_hoi_nga_sac_nang():
    assert sorted(shuffled(TONE_ORDER), key=text.sort_key) == TONE_ORDER


def test_it_compares_the_letters_of_a_syllable_before_its_tone():
    # "Mạ" has the heaviest tone but fewer letters than "Man", so it still comes first.
    assert sorted(["Man", "Mạ", "Mà"], key=text.sort_key) == ["Mà", "Mạ", "Man"]


def test_it_ignores_case_when_sorting():
    assert text.sort_key("ĐỨC") == text.sort_key("Đức")


def test_it_orders_people_in_the_database_like_the_dictionary(db):
    for given_name in shuffled(DICTIONARY_ORDER):
        make_person(f"Nguyễn Văn {given_name}")

    ordered = list(Person.objects.order_by("sort_key").values_list("given_name", flat=True))

    assert ordered == DICTIONARY_ORDER


def test_it_orders_tones_in_the_database(db):
    for given_name in shuffled(TONE_ORDER):
        make_person(f"Lê Văn {given_name}")

    assert list(Person.objects.values_list("given_name", flat=True)) == TONE_ORDER


@pytest.mark.parametrize("collation", ["vi-x-icu", "en-US-x-icu", "und-x-icu"])
def test_it_orders_people_the_same_under_any_postgresql_collation(db, collation):
    # Production databases are created with whatever locale the server has; the digit-only key must not care.
    if connection.vendor != "postgresql":
        pytest.skip("collations are a PostgreSQL question")
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_collation WHERE collname = %s", [collation])
        if cursor.fetchone() is None:
            pytest.skip(f"this PostgreSQL has no {collation} collation")
    for given_name in shuffled(DICTIONARY_ORDER + TONE_ORDER):
        make_person(f"Nguyễn Văn {given_name}")

    ordered = Person.objects.order_by(Collate("sort_key", collation)).values_list("given_name", flat=True)

    assert list(ordered) == sorted(DICTIONARY_ORDER + TONE_ORDER, key=text.sort_key)


ROSTER_ORDER = ["Lê Anh An", "Lê Thị An", "Lê Văn An", "Trần Văn An", "Đỗ Thị Ánh", "Nguyễn Văn Bình"]


def test_it_sorts_a_roster_by_given_name_then_family_name_then_middle_name():
    def key(full_name):
        family, middle, given = text.split_full_name(full_name)
        return text.sort_key(given, family, middle)

    assert sorted(shuffled(ROSTER_ORDER), key=key) == ROSTER_ORDER


def test_it_sorts_people_in_the_database_by_given_name_then_family_name_then_middle_name(db):
    for full_name in shuffled(ROSTER_ORDER):
        make_person(full_name)

    assert [person.full_name for person in Person.objects.all()] == ROSTER_ORDER


def test_it_folds_diacritics_and_case_for_search():
    assert text.fold("Nguyễn Kiều Hưng") == "nguyen kieu hung"
    assert text.fold("Đ") == "d"
    assert text.fold("đặng ĐỨC") == "dang duc"
    assert text.fold("  Ưng   Thị\tỞ ") == "ung thi o"


def test_it_folds_decomposed_text_like_composed_text():
    assert text.fold(unicodedata.normalize("NFD", "Nguyễn Kiều Hưng")) == "nguyen kieu hung"


def test_it_collapses_and_trims_spaces_when_cleaning():
    assert text.clean("  Nguyễn   Kiều \t Hưng\n") == "Nguyễn Kiều Hưng"
    assert text.clean(None) == ""


def test_it_splits_a_full_name_into_family_middle_and_given_names():
    assert text.split_full_name("Uông Thị Kim Yến") == ("Uông", "Thị Kim", "Yến")
    assert text.split_full_name("Hưng") == ("", "", "Hưng")


def test_it_stores_decomposed_names_in_composed_form(db):
    nfd = unicodedata.normalize("NFD", "Nguyễn Kiều Hưng")
    assert nfd != "Nguyễn Kiều Hưng"
    family, middle, given = nfd.split(" ")
    person = Person.objects.create(family_name=family, middle_name=middle, given_name=given, gender="M")

    person.refresh_from_db()

    assert person.full_name == "Nguyễn Kiều Hưng"
    assert unicodedata.is_normalized("NFC", person.family_name)
    assert unicodedata.is_normalized("NFC", person.given_name)
    # The decomposed and composed spellings sort and search as one name.
    assert person.sort_key == text.sort_key("Hưng", "Nguyễn", "Kiều")
    assert person.search_name == "nguyen kieu hung"


def test_it_stores_names_with_single_spaces(db):
    person = Person.objects.create(
        family_name=" Uông ", middle_name="Thị   Kim", given_name="Yến ", gender="F"
    )

    person.refresh_from_db()

    assert person.full_name == "Uông Thị Kim Yến"


@pytest.fixture
def hung_and_duc(db):
    return make_person("Nguyễn Kiều Hưng"), make_person("Đặng Văn Đức"), make_person("Nguyễn Văn Giang")


@pytest.mark.parametrize("query", ["nguyen kieu hung", "Nguyễn Kiều Hưng", "NGUYEN kieu", "hung nguyen"])
def test_it_finds_a_person_with_or_without_diacritics(hung_and_duc, query):
    hung, _, _ = hung_and_duc

    assert list(Person.objects.search(query)) == [hung]


def test_it_finds_d_with_stroke_when_searching_for_d(hung_and_duc):
    _, duc, _ = hung_and_duc

    assert list(Person.objects.search("duc")) == [duc]
    assert list(Person.objects.search("ĐỨC")) == [duc]


def test_it_finds_a_person_searched_in_decomposed_form(hung_and_duc):
    hung, _, _ = hung_and_duc

    assert list(Person.objects.search(unicodedata.normalize("NFD", "Kiều Hưng"))) == [hung]


def test_it_finds_everyone_matching_every_word(hung_and_duc):
    hung, _, giang = hung_and_duc

    assert set(Person.objects.search("nguyen")) == {hung, giang}
    assert list(Person.objects.search("nguyen duc")) == []


# ---------- Characters that are never stored ----------

# Each one changes what a name or a paragraph shows, or breaks the database, without being seen.
NEVER_STORED = {
    "NUL": "\x00",
    "bell": "\x07",
    "escape": "\x1b",
    "delete": "\x7f",
    "C1 control": "\x9b",
    "left-to-right embedding": "\u202a",
    "right-to-left embedding": "\u202b",
    "pop directional formatting": "\u202c",
    "left-to-right override": "\u202d",
    "right-to-left override": "\u202e",
    "left-to-right isolate": "\u2066",
    "right-to-left isolate": "\u2067",
    "first strong isolate": "\u2068",
    "pop directional isolate": "\u2069",
    "left-to-right mark": "\u200e",
    "right-to-left mark": "\u200f",
    "arabic letter mark": "\u061c",
    "zero-width space": "\u200b",
    "zero-width non-joiner": "\u200c",
    "zero-width joiner": "\u200d",
    "word joiner": "\u2060",
    "byte-order mark": "\ufeff",
    "soft hyphen": "\u00ad",
    "invisible tag letter": "\U000e0041",
    "lone surrogate": "\ud800",
}


@pytest.mark.parametrize("character", NEVER_STORED.values(), ids=NEVER_STORED.keys())
def test_it_removes_characters_that_are_never_stored_when_cleaning(character):
    assert text.clean(f"Nguyễn Kiều{character} Hư{character}ng") == "Nguyễn Kiều Hưng"


@pytest.mark.parametrize("character", NEVER_STORED.values(), ids=NEVER_STORED.keys())
def test_it_removes_characters_that_are_never_stored_from_multi_line_text(character):
    assert text.clean_multiline(f"Dòng{character} một\nDòng hai{character}") == "Dòng một\nDòng hai"


def test_it_removes_every_control_and_format_character_the_unicode_database_knows():
    # Format characters (Cf) are the ones that display differently than they read; a new Unicode version
    # adding one shows up here.
    for code in range(0x110000):
        character = chr(code)
        if unicodedata.category(character) in ("Cc", "Cf") and not character.isspace():
            assert text.clean(f"a{character}b") == "ab", f"U+{code:04X}"
            assert text.remove_hidden(f"a{character}b", multiline=True) == "ab", f"U+{code:04X}"


def test_it_keeps_tabs_and_line_breaks_in_multi_line_text_in_one_form():
    assert text.clean_multiline("  Mở đầu\r\n\tMột\rHai\u2028Ba\n\n") == "Mở đầu\n\tMột\nHai\nBa"


def test_it_turns_tabs_and_line_breaks_into_spaces_in_single_line_text():
    assert text.remove_hidden("Hội\tKH&KT\r\nxã\u2029Sơn Hồng\u202e") == "Hội KH&KT xã Sơn Hồng"


def test_it_leaves_text_without_hidden_characters_alone():
    value = "Phó Chủ tịch UBND huyện (2018–2023), 4★ OCOP"

    assert text.remove_hidden(value) is value
    assert text.remove_hidden(value, multiline=True) is value


def test_it_composes_what_a_removed_character_kept_apart():
    assert text.clean("Hu\u200b\u031bng") == "Hưng"


def test_it_cleans_multi_line_text_to_composed_form():
    assert text.clean_multiline(unicodedata.normalize("NFD", "Nguyễn Kiều Hưng")) == "Nguyễn Kiều Hưng"
    assert text.clean_multiline(None) == ""

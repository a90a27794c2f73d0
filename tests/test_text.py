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

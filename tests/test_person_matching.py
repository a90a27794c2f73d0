"""Who someone typed or read from a sheet may be: the same name, and a birth date that agrees as far as
both are known. One query, however many are looked for."""

import datetime

import pytest

from members import text
from members.dates import PartialDate, Precision
from tests.conftest import make_person

pytestmark = pytest.mark.django_db

NAME = text.fold("Nguyễn Văn An")


def born(day=None, month=None, year=1968):
    if day:
        return PartialDate(datetime.date(year, month, day))
    if month:
        return PartialDate(datetime.date(year, month, 1), Precision.MONTH)
    return PartialDate(datetime.date(year, 1, 1), Precision.YEAR)


@pytest.fixture
def namesakes_of_an():
    """Five people called Nguyễn Văn An: born 15/03/1968, in 03/1968, in 1968, in 1969, and unknown."""
    people = {}
    for label, birth in [
        ("day", born(15, 3)),
        ("month", born(month=3)),
        ("year", born()),
        ("other_year", born(year=1969)),
        ("unknown", None),
    ]:
        person = make_person("Nguyễn Văn An")
        person.birth = birth
        person.save()
        people[label] = person
    make_person("Nguyễn Văn Bình", birth_date=datetime.date(1968, 3, 15))
    return people


def labels(found, people):
    by_pk = {person.pk: label for label, person in people.items()}
    return [by_pk[person.pk] for person in found]


def test_the_most_precise_common_part_of_the_birth_date_decides(namesakes_of_an, django_assert_num_queries):
    from members.models import Person

    keys = [
        (NAME, born(15, 3)),
        (NAME, born(16, 3)),
        (NAME, born(month=3)),
        (NAME, born(month=4)),
        (NAME, born()),
        (NAME, datetime.date(1969, 7, 1)),
        (NAME, None),
        (text.fold("Trần Văn Không"), born()),
    ]
    with django_assert_num_queries(1):
        found = Person.objects.namesakes(keys)
    people = namesakes_of_an
    assert labels(found[keys[0]], people) == ["day", "month", "year"]
    # Another day of March 1968: not the one born on the 15th, maybe the ones known to the month or year.
    assert labels(found[keys[1]], people) == ["month", "year"]
    assert labels(found[keys[2]], people) == ["day", "month", "year"]
    assert labels(found[keys[3]], people) == ["year"]
    assert labels(found[keys[4]], people) == ["day", "month", "year"]
    assert labels(found[keys[5]], people) == ["other_year"]
    assert labels(found[keys[6]], people) == ["unknown"]
    assert found[keys[7]] == []


def test_the_query_does_not_grow_with_the_keys(namesakes_of_an, django_assert_num_queries):
    from members.models import Person

    keys = [(text.fold(f"Người Số {n}"), born(year=1950 + n % 40)) for n in range(300)]
    with django_assert_num_queries(1):
        Person.objects.namesakes(keys)
    assert Person.objects.namesakes([]) == {}


def test_the_age_follows_what_is_known(namesakes_of_an):
    on = datetime.date(2024, 3, 1)
    ages = {label: person.age_on(on) for label, person in namesakes_of_an.items()}
    assert ages == {"day": 55, "month": 56, "year": 56, "other_year": 55, "unknown": None}

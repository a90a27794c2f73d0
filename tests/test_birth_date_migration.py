"""Upgrading keeps every birth date as it was: each is known to the day, and none moves."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from members.dates import PartialDate, Precision
from members.models import Person

# Migrating changes the schema, which SQLite refuses inside the transaction an ordinary test runs in.
pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("members", "0011_remove_hidden_characters_from_stored_text")]
AFTER = [("members", "0012_birth_dates_known_to_the_month_or_year")]


def migrate(targets):
    """Bring the database to `targets` and return the models as they were there."""
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor.loader.project_state(targets).apps


@pytest.fixture(autouse=True)
def back_to_the_latest_schema():
    yield
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


def people_before_the_upgrade(apps):
    Person = apps.get_model("members", "Person")
    born = Person.objects.create(
        family_name="Nguyễn",
        middle_name="Văn",
        given_name="An",
        gender="M",
        birth_date=datetime.date(1968, 3, 15),
        sort_key="an",
        search_name="nguyen van an",
    )
    unknown = Person.objects.create(
        family_name="Trần", given_name="Bình", gender="F", sort_key="binh", search_name="tran binh"
    )
    return born.pk, unknown.pk


def test_upgrading_keeps_every_birth_date_known_to_the_day():
    born_pk, unknown_pk = people_before_the_upgrade(migrate(BEFORE))

    apps = migrate(AFTER)

    People = apps.get_model("members", "Person")
    assert list(People.objects.order_by("pk").values_list("birth_date", "birth_date_precision")) == [
        (datetime.date(1968, 3, 15), "day"),
        (None, "day"),
    ]
    assert Person.objects.get(pk=born_pk).birth == PartialDate(datetime.date(1968, 3, 15), Precision.DAY)
    assert Person.objects.get(pk=unknown_pk).birth is None


def test_going_back_keeps_the_first_day_of_each_birth_date():
    people_before_the_upgrade(migrate(BEFORE))
    migrate(AFTER)
    Person.objects.filter(given_name="An").update(
        birth_date=datetime.date(1968, 1, 1), birth_date_precision=Precision.YEAR
    )

    apps = migrate(BEFORE)

    people = apps.get_model("members", "Person").objects.order_by("pk")
    assert list(people.values_list("birth_date", flat=True)) == [datetime.date(1968, 1, 1), None]

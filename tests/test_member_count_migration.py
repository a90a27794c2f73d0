"""Upgrading a database that already holds rosters fills the member-count ledger, so its counts are right
at once, without running `rebuild_member_counts` by hand."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from members import member_counts
from members.models import Block, Federation

# Migrating changes the schema, which SQLite refuses inside the transaction an ordinary test runs in.
pytestmark = pytest.mark.django_db(transaction=True)

LEDGER_CREATED = [("members", "0006_member_count_ledger")]
LEDGER_FILLED = [("members", "0008_member_count_ledger_from_rosters")]
JOINED = datetime.date(2015, 1, 1)


def migrate(targets):
    """Bring the database to `targets` and return the models as they were there."""
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor.loader.project_state(targets).apps


def rosters_before_the_upgrade(apps):
    """A federation as an older version left it: the ledger's table is there, and empty.

    Hưng is on two rosters of one block, Yến on one of each block, Đức left, Mai joins later, and Sơn Kim
    closed with Tâm still open on its roster.
    """
    Federation = apps.get_model("members", "Federation")
    Association = apps.get_model("members", "Association")
    Person = apps.get_model("members", "Person")
    Membership = apps.get_model("members", "Membership")
    federation = Federation.objects.create(
        name="Liên hiệp hội Hương Sơn", short_name="Hương Sơn", parent_body="Tỉnh", locality="Hương Sơn"
    )

    def association(code, block, closed_on=None):
        return Association.objects.create(
            federation=federation,
            code=code,
            name=code,
            block=block,
            established_on=datetime.date(2010, 1, 1),
            closed_on=closed_on,
            closed_reason="dissolved" if closed_on else "",
            sort_key=code,
            search_name=code,
        )

    son_hong, pho_chau = association("son-hong", Block.COMMUNES), association("pho-chau", Block.COMMUNES)
    agriculture = association("nong-nghiep", Block.AGENCIES)
    son_kim = association("son-kim", Block.COMMUNES, closed_on=datetime.date(2021, 1, 1))
    for name, association, joined_on, left_on in [
        ("Hưng", son_hong, JOINED, None),
        ("Hưng", pho_chau, datetime.date(2016, 1, 1), None),
        ("Yến", son_hong, JOINED, None),
        ("Yến", agriculture, JOINED, None),
        ("Đức", pho_chau, JOINED, datetime.date(2020, 6, 30)),
        ("Mai", son_hong, datetime.date(2023, 5, 1), None),
        ("Tâm", son_kim, JOINED, None),
    ]:
        person, _created = Person.objects.get_or_create(
            given_name=name,
            defaults={"family_name": "Lê", "gender": "M", "sort_key": name, "search_name": name},
        )
        Membership.objects.create(
            person=person,
            association=association,
            joined_on=joined_on,
            left_on=left_on,
            leave_reason="moved" if left_on else "",
        )
    return federation.pk


def test_upgrading_fills_the_ledger_from_the_rosters():
    federation_pk = rosters_before_the_upgrade(migrate(LEDGER_CREATED))

    migrate(LEDGER_FILLED)

    federation = Federation.objects.get(pk=federation_pk)
    assert member_counts.differences(federation) == []
    for day in [JOINED, datetime.date(2020, 6, 30), datetime.date(2021, 1, 1), datetime.date(2023, 5, 1)]:
        assert member_counts.verify(federation, day).ok, day
    assert member_counts.counts_on(federation, datetime.date(2022, 1, 1)) == (
        2,
        {Block.AGENCIES: 1, Block.COMMUNES: 2},
    )


def test_going_back_empties_the_ledger_as_it_was():
    federation_pk = rosters_before_the_upgrade(migrate(LEDGER_CREATED))
    migrate(LEDGER_FILLED)

    apps = migrate(LEDGER_CREATED)

    assert (
        not apps.get_model("members", "MemberCountChange")
        .objects.filter(federation_id=federation_pk)
        .exists()
    )

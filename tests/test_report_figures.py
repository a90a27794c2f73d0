"""The term report's member counts agree with the members app's, in one aggregate query whatever the size."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext

from members.member_counts import count_directly as count_members
from members.models import Association, Block, Membership, Person
from tests.conftest import make_association
from tests.test_pages import add_members

DAY = datetime.date(2024, 1, 5)


def _blocks(day):
    return dict(Association.objects.active_on(day).values_list("id", "block"))


def _by_block_the_long_way(day):
    return {
        block: Person.objects.filter(
            id__in=Membership.objects.active_on(day).filter(association__block=block).values("person_id")
        ).count()
        for block in Block.values
    }


def test_it_counts_each_person_once_in_all_and_once_in_each_of_their_blocks(people, federation):
    total, by_block = count_members(DAY, _blocks(DAY))
    # Hưng is on the rosters of both blocks; An left Phố Châu in 2020.
    assert total == Person.objects.members_on(DAY).count() == 4
    assert by_block == _by_block_the_long_way(DAY) == {Block.AGENCIES: 1, Block.COMMUNES: 4}


def test_it_leaves_out_associations_not_active_on_the_day(people, federation):
    later = make_association(
        federation, "y-hoc", "Hội Y học", Block.AGENCIES, established_on=datetime.date(2024, 6, 1)
    )
    add_members(later, 3, joined_on=datetime.date(2024, 6, 1))
    assert count_members(DAY, _blocks(DAY)) == (4, {Block.AGENCIES: 1, Block.COMMUNES: 4})
    autumn = datetime.date(2024, 9, 1)
    assert count_members(autumn, _blocks(autumn))[0] == Person.objects.members_on(autumn).count() == 7


def test_a_block_without_associations_counts_zero(people, son_hong, pho_chau):
    communes_only = {pk: block for pk, block in _blocks(DAY).items() if block == Block.COMMUNES}
    assert count_members(DAY, communes_only) == (4, {Block.AGENCIES: 0, Block.COMMUNES: 4})
    assert count_members(DAY, {}) == (0, {Block.AGENCIES: 0, Block.COMMUNES: 0})


def test_it_is_one_query_however_many_members(people, son_hong):
    blocks = _blocks(DAY)
    with CaptureQueriesContext(connection) as small:
        count_members(DAY, blocks)
    add_members(son_hong, 200)
    with CaptureQueriesContext(connection) as large:
        assert count_members(DAY, blocks)[0] == 204
    assert len(small.captured_queries) == len(large.captured_queries) == 1

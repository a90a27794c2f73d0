"""The member-count ledger gives the same counts as the rosters on every day, whatever path changed them."""

import datetime
import logging
import random
from collections import Counter

import pytest
from django.core.management import CommandError, call_command

from members import demo, importing, member_counts, services
from members.models import (
    Block,
    ClosedReason,
    Federation,
    LeaveReason,
    MemberCountChange,
    Membership,
)
from reports import services as report_services
from reports.models import Initiative, Level
from tests.conftest import make_association, make_person
from tests.fixtures.rosters import media_root, upload, xlsx_bytes  # noqa: F401
from tests.test_pages import add_members

ONE_DAY = datetime.timedelta(days=1)
JOINED = datetime.date(2015, 1, 1)
AN_LEFT = datetime.date(2020, 6, 30)


def around(*days):
    """Each day with the day before and the day after."""
    return sorted({d + offset * ONE_DAY for d in days for offset in (-1, 0, 1)})


def assert_right(federation, *days):
    """The ledger agrees with the rosters on these days, and on every other day too."""
    days = around(JOINED, AN_LEFT, *days)
    ledger = {day: member_counts.counts_on(federation, day) for day in days}
    direct = {
        day: member_counts.count_directly(day, member_counts.active_blocks(federation, day)) for day in days
    }
    assert ledger == direct
    assert member_counts.differences(federation) == []
    return ledger


def test_the_fixtures_members_are_counted_from_the_day_they_join_to_the_day_they_leave(people, federation):
    counts = assert_right(federation)
    assert counts[JOINED - ONE_DAY] == (0, {Block.AGENCIES: 0, Block.COMMUNES: 0})
    # Hưng is on the rosters of both blocks and counts once in all.
    assert counts[JOINED] == (5, {Block.AGENCIES: 1, Block.COMMUNES: 5})
    assert counts[AN_LEFT] == (4, {Block.AGENCIES: 1, Block.COMMUNES: 4})


def test_admitting_a_member(people, federation, son_hong):
    day = datetime.date(2022, 3, 1)
    services.admit_member(make_person("Hồ Văn Mới"), son_hong, actor=None, joined_on=day)
    assert assert_right(federation, day)[day][0] == 5


def test_leaving(people, federation, son_hong):
    day = datetime.date(2022, 3, 1)
    services.record_leaving(
        son_hong.memberships.get(person=people["yen"]), actor=None, left_on=day, reason=LeaveReason.MOVED
    )
    counts = assert_right(federation, day)
    assert counts[day - ONE_DAY][0] == 4
    assert counts[day][0] == 3


@pytest.mark.parametrize("rejoined_on", [AN_LEFT, datetime.date(2023, 1, 1)])
def test_rejoining_the_day_one_left_or_later(people, federation, pho_chau, rejoined_on):
    services.admit_member(people["an"], pho_chau, actor=None, joined_on=rejoined_on)
    counts = assert_right(federation, rejoined_on)
    assert counts[rejoined_on][0] == 5


def test_a_second_association_of_the_same_block_counts_once(people, federation, pho_chau, son_hong):
    joined, left = datetime.date(2022, 3, 1), datetime.date(2023, 1, 1)
    services.admit_member(people["yen"], pho_chau, actor=None, joined_on=joined)
    services.record_leaving(
        son_hong.memberships.get(person=people["yen"]), actor=None, left_on=left, reason=LeaveReason.MOVED
    )
    counts = assert_right(federation, joined, left)
    assert counts[joined] == counts[left] == (4, {Block.AGENCIES: 1, Block.COMMUNES: 4})


def test_an_association_of_the_other_block_counts_in_both(people, federation, agriculture):
    day = datetime.date(2022, 3, 1)
    services.admit_member(people["duc"], agriculture, actor=None, joined_on=day)
    counts = assert_right(federation, day)
    assert counts[day] == (4, {Block.AGENCIES: 2, Block.COMMUNES: 4})


def test_moving_to_another_association(people, federation, pho_chau, son_hong):
    day = datetime.date(2022, 3, 1)
    services.record_leaving(
        pho_chau.memberships.get(person=people["duc"]),
        actor=None,
        left_on=day,
        reason=LeaveReason.TRANSFERRED,
    )
    services.admit_member(people["duc"], son_hong, actor=None, joined_on=day)
    assert assert_right(federation, day)[day][0] == 4


def test_changing_the_day_someone_joined(people, federation, son_hong):
    membership = son_hong.memberships.get(person=people["anh"])
    day = datetime.date(2019, 9, 1)
    services.update_member(
        membership,
        actor=None,
        expected_version=people["anh"].version,
        opened_with={"joined_on": JOINED},
        person_fields={},
        membership_fields={"joined_on": day},
    )
    counts = assert_right(federation, day)
    # An has not left yet; Ánh is counted from the new day on.
    assert (counts[day - ONE_DAY][0], counts[day][0]) == (4, 5)


@pytest.mark.parametrize("merged", [False, True])
def test_closing_an_association(people, federation, pho_chau, son_hong, secretariat, merged):
    day = datetime.date(2022, 1, 1)
    services.close_association(
        pho_chau,
        actor=secretariat,
        closed_on=day,
        reason=ClosedReason.MERGED if merged else ClosedReason.DISSOLVED,
        merged_into=son_hong if merged else None,
    )
    counts = assert_right(federation, day)
    assert counts[day][0] == (4 if merged else 3)


def test_editing_an_associations_dates_and_block_with_a_plain_save(people, federation, pho_chau):
    closed, established = datetime.date(2022, 1, 1), datetime.date(2016, 5, 1)
    pho_chau.closed_on, pho_chau.closed_reason = closed, ClosedReason.DISSOLVED
    pho_chau.save()
    # Its roster is left open: the association's own date ends the counting.
    assert pho_chau.memberships.filter(left_on__isnull=True).exists()
    assert assert_right(federation, closed)[closed][0] == 3

    pho_chau.established_on = established
    pho_chau.block = Block.AGENCIES
    pho_chau.save()
    counts = assert_right(federation, closed, established)
    # Phố Châu's Đức and An now count in the agencies' block, beside Hưng.
    assert counts[established] == (5, {Block.AGENCIES: 3, Block.COMMUNES: 3})


def test_deleting_a_membership(people, federation, son_hong):
    son_hong.memberships.get(person=people["hung"]).delete()
    son_hong.memberships.get(person=people["yen"]).delete()
    counts = assert_right(federation)
    assert counts[JOINED] == (4, {Block.AGENCIES: 1, Block.COMMUNES: 3})


def test_plain_saves_as_the_admin_makes_them(people, federation, son_hong, agriculture):
    joined = datetime.date(2021, 4, 1)
    Membership(person=people["an"], association=agriculture, joined_on=joined).save()
    membership = son_hong.memberships.get(person=people["anh"])
    membership.left_on, membership.leave_reason = datetime.date(2022, 2, 2), LeaveReason.RESIGNED
    membership.save()
    # Moved onto someone else: the person it leaves is counted again too.
    moved = son_hong.memberships.get(person=people["yen"])
    moved.person = make_person("Võ Thị Chuyển", gender="F")
    moved.save()
    membership.card_number = "SH-1"
    membership.save()
    # An is back; Yến is not, Chuyển is.
    assert assert_right(federation, joined, datetime.date(2022, 2, 2))[joined][0] == 5


def test_a_change_is_counted_once_when_blocks_and_receivers_all_see_it(people, federation, son_hong):
    """The outer block counts it; the nested block of record_leaving and the receivers of the plain save
    leave it alone."""
    day = datetime.date(2022, 1, 1)
    hung = people["hung"]
    with member_counts.tracking([hung.pk]):
        membership = son_hong.memberships.get(person=hung)
        services.record_leaving(membership, actor=None, left_on=day, reason=LeaveReason.MOVED)
        Membership(person=hung, association=son_hong, joined_on=day + ONE_DAY).save()
    counts = assert_right(federation, day)
    # For that one day Hưng is on the agencies' roster only.
    assert counts[day] == (4, {Block.AGENCIES: 1, Block.COMMUNES: 3})


def test_random_rosters_agree_on_every_day(federation):
    """Memberships of every shape, written by plain saves, against the rosters on each day anything changes."""
    rng = random.Random(7)
    start = datetime.date(2010, 1, 1)

    def some_day():
        return start + datetime.timedelta(days=rng.randrange(0, 4000))

    associations = []
    for index in range(5):
        established = some_day()
        closed = established + datetime.timedelta(days=rng.randrange(300, 3000)) if index % 2 else None
        associations.append(
            make_association(
                federation,
                f"hoi-{index}",
                f"Hội {index}",
                Block.AGENCIES if index < 2 else Block.COMMUNES,
                established_on=established,
                closed_on=closed,
                closed_reason=ClosedReason.DISSOLVED if closed else "",
            )
        )
    for index in range(25):
        person = make_person(f"Trần Văn Số{index}")
        open_in = set()
        for _ in range(rng.randrange(1, 5)):
            association = rng.choice(associations)
            joined = some_day()
            left = joined + datetime.timedelta(days=rng.randrange(0, 2000))
            if association.pk not in open_in and rng.random() < 0.4:
                open_in.add(association.pk)
                left = None
            Membership(
                person=person,
                association=association,
                joined_on=joined,
                left_on=left,
                leave_reason=LeaveReason.OTHER if left else "",
            ).save()
    days = {
        d
        for m in Membership.objects.select_related("association")
        for d in (m.joined_on, m.left_on, m.association.established_on, m.association.closed_on)
        if d
    }
    assert_right(federation, *days)


def test_rebuild_gives_back_what_the_saves_kept(people, federation, pho_chau, son_hong, secretariat):
    services.close_association(
        pho_chau,
        actor=secretariat,
        closed_on=datetime.date(2022, 1, 1),
        reason=ClosedReason.MERGED,
        merged_into=son_hong,
    )
    kept = set(MemberCountChange.objects.exclude(delta=0).values_list("scope", "day", "delta"))
    assert member_counts.rebuild(federation) == (len(kept), 0)
    assert set(MemberCountChange.objects.values_list("scope", "day", "delta")) == kept


def test_bulk_writers_apply_the_difference_themselves(people, federation, son_hong):
    before = member_counts.contributions([people["yen"].pk, people["duc"].pk])
    Membership.objects.filter(person=people["yen"]).update(
        left_on=datetime.date(2021, 1, 1), leave_reason="moved"
    )
    assert member_counts.differences(federation) != []
    member_counts.apply_difference(before, member_counts.contributions([people["yen"].pk, people["duc"].pk]))
    assert_right(federation, datetime.date(2021, 1, 1))


def test_contributions_read_any_number_of_people_in_a_few_queries(
    people, son_hong, django_assert_max_num_queries
):
    ids = [p.pk for p in add_members(son_hong, 2000)] + [p.pk for p in people.values()]
    with django_assert_max_num_queries(4):
        contributions = member_counts.contributions(ids)
    halves = member_counts.contributions(ids[:1000])
    halves.update(member_counts.contributions(ids[1000:]))
    assert contributions == halves


def test_counts_on_is_one_query_however_many_members(people, federation, son_hong, django_assert_num_queries):
    day = datetime.date(2024, 1, 5)
    with django_assert_num_queries(1):
        assert member_counts.counts_on(federation, day)[0] == 4
    add_members(son_hong, 300)
    with django_assert_num_queries(1):
        assert member_counts.counts_on(federation, day)[0] == 304


def test_the_demo_loads_with_its_counts(db):
    federation = demo.load().federation
    assert_right(federation, demo.CONGRESS_IV, demo.CONGRESS_V, demo.MERGER_DATE)
    assert member_counts.counts_on(federation, demo.CONGRESS_V)[0] > 8000


def _corrupt(federation):
    MemberCountChange.objects.create(federation=federation, scope="", day=datetime.date(2016, 1, 1), delta=7)


def test_publishing_repairs_a_wrong_ledger_first(
    term_report, federation, secretariat, settings, tmp_path, caplog
):
    settings.MEDIA_ROOT = tmp_path
    Initiative.objects.create(
        term=term_report.term,
        title="Giống chè cành",
        authors="Nguyễn Văn Sơn",
        level=Level.PROVINCE,
        recognised_on=datetime.date(2020, 5, 1),
    )
    _corrupt(federation)
    assert not member_counts.verify(federation, term_report.dated).ok
    with caplog.at_level(logging.WARNING, logger="reports.services"):
        version = report_services.publish_version(term_report, actor=secretariat)
    assert version.content["figures"]["so_hoi_vien"] == "04"
    assert "ledger (11," in caplog.text and "rosters (4," in caplog.text
    assert member_counts.differences(federation) == []


def test_the_command_checks_and_rebuilds(people, federation, capsys):
    call_command("rebuild_member_counts", "--check")
    assert "khớp" in capsys.readouterr().out

    _corrupt(federation)
    with pytest.raises(CommandError) as raised:
        call_command("rebuild_member_counts", "--check")
    assert raised.value.returncode == 1
    assert "01/01/2016" in capsys.readouterr().out

    call_command("rebuild_member_counts")
    assert "sửa 1 dòng sai" in capsys.readouterr().out
    call_command("rebuild_member_counts", "--check")


def test_each_federation_has_its_own_counts(people, federation):
    other = Federation.objects.create(
        name="Liên hiệp hội Vũ Quang", short_name="Vũ Quang", parent_body="Tỉnh", locality="Vũ Quang"
    )
    association = make_association(other, "vu-quang", "Hội Vũ Quang", Block.COMMUNES)
    services.admit_member(make_person("Lê Văn Khác"), association, actor=None, joined_on=JOINED)
    assert member_counts.counts_on(other, JOINED)[0] == 1
    assert_right(federation)
    assert_right(other)


def test_no_members_counts_zero(federation):
    assert member_counts.counts_on(federation, JOINED) == (0, dict.fromkeys(Block.values, 0))
    assert member_counts.rebuild(federation) == (0, 0)
    assert Counter() == member_counts.contributions([])


def test_a_roster_import_moves_the_ledger_by_what_it_wrote(people, federation, son_hong, secretariat):
    """New people, someone linked from another association, and a changed joining day, in one import.

    The secretariat's import: it links someone from another roster straight away, where a lead's asks it to.
    """
    rows = [
        ["STT", "Họ và tên", "Ngày sinh", "Giới tính", "Ngày vào hội", "Số thẻ hội viên"],
        [1, "Trần Văn Mới", "02/03/1980", "Nam", "01/03/2022", "SH-90"],
        [2, "Hồ Thị Mai", "04/05/1985", "Nữ", "15/06/2023", "SH-91"],
        [3, "Đặng Văn Đức", "20/01/1985", "Nam", "01/03/2022", "SH-92"],  # on Phố Châu's roster
        [4, "Uông Thị Kim Yến", "09/09/1978", "Nữ", "01/07/2016", ""],  # joined later than stored
    ]
    staged = importing.stage_import(son_hong, upload(xlsx_bytes(rows), "ds.xlsx"), actor=secretariat)
    assert importing.apply_import(staged, actor=secretariat) == {
        "create": 2,
        "update": 1,
        "unchanged": 0,
        "reject": 0,
        "link": 1,
    }
    days = [datetime.date(2016, 7, 1), datetime.date(2022, 3, 1), datetime.date(2023, 6, 15)]
    counts = assert_right(federation, *days)
    assert counts[datetime.date(2016, 7, 1) - ONE_DAY][1][Block.COMMUNES] == 4  # Yến not yet
    assert counts[datetime.date(2023, 6, 15)][0] == 6  # Đức, now on two rosters, counts once

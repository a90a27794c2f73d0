"""The questions the term report asks of the records "as of" a date, and the invariants the database keeps."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from members import services
from members.models import (
    Association,
    Block,
    Body,
    ClosedReason,
    EndReason,
    Mandate,
    Membership,
    Person,
    Role,
    StartMethod,
    Term,
)
from tests.conftest import CONGRESS_IV, CONGRESS_V, make_association, make_person

YEN_LEFT = datetime.date(2021, 7, 1)
AN_LEFT = datetime.date(2020, 6, 30)
ONE_DAY = datetime.timedelta(days=1)


def grant(person, term, body=Body.EXECUTIVE, role=Role.MEMBER, started_on=None, **extra):
    return services.grant_mandate(
        person,
        term,
        actor=None,
        body=body,
        role=role,
        started_on=started_on or term.congress_date,
        start_method=StartMethod.CONGRESS,
        **extra,
    )


def held_by(date, body):
    return {m.person.full_name for m in Mandate.objects.held_on(date).on_body(body).select_related("person")}


# Who sat on each body on a date.


def test_it_lists_who_sat_on_each_body_on_a_date(committee):
    on_date = datetime.date(2020, 1, 1)

    assert held_by(on_date, Body.EXECUTIVE) == {"Nguyễn Kiều Hưng", "Uông Thị Kim Yến"}
    assert held_by(on_date, Body.STANDING) == {"Nguyễn Kiều Hưng"}
    assert held_by(on_date, Body.INSPECTION) == set()


def test_it_counts_a_seat_as_held_from_the_day_it_starts(committee):
    assert held_by(CONGRESS_IV - ONE_DAY, Body.EXECUTIVE) == set()
    assert held_by(CONGRESS_IV, Body.EXECUTIVE) == {"Nguyễn Kiều Hưng", "Uông Thị Kim Yến"}


def test_it_counts_a_seat_as_given_up_on_the_day_it_ends(committee):
    assert "Uông Thị Kim Yến" in held_by(YEN_LEFT - ONE_DAY, Body.EXECUTIVE)
    assert held_by(YEN_LEFT, Body.EXECUTIVE) == {"Nguyễn Kiều Hưng"}


def test_it_agrees_with_the_mandate_on_whether_it_is_held(committee):
    seat = Mandate.objects.get(person__given_name="Yến")

    assert seat.is_active_on(YEN_LEFT - ONE_DAY)
    assert not seat.is_active_on(YEN_LEFT)
    assert seat.is_departure


def test_it_lists_the_officers_on_the_standing_committee(committee, people):
    officers = Mandate.objects.held_on(datetime.date(2020, 1, 1)).officers()

    assert [(m.person, m.role) for m in officers] == [(people["hung"], Role.CHAIR)]


# Associations of each block active on a date.


def test_it_counts_associations_by_block_on_a_date(son_hong, pho_chau, agriculture):
    assert Association.objects.count_by_block(datetime.date(2020, 1, 1)) == {
        Block.AGENCIES: 1,
        Block.COMMUNES: 2,
    }


def test_it_counts_no_association_before_it_was_established(federation):
    make_association(
        federation,
        "son-kim-1",
        "Hội KH&KT xã Sơn Kim 1",
        Block.COMMUNES,
        established_on=datetime.date(2019, 3, 1),
    )

    assert Association.objects.count_by_block(datetime.date(2019, 2, 28)) == {
        Block.AGENCIES: 0,
        Block.COMMUNES: 0,
    }
    assert Association.objects.count_by_block(datetime.date(2019, 3, 1))[Block.COMMUNES] == 1


def test_it_counts_a_merged_association_until_the_day_it_closes(son_hong, pho_chau, agriculture, secretariat):
    closed_on = datetime.date(2022, 1, 1)
    services.close_association(
        pho_chau, actor=secretariat, closed_on=closed_on, reason=ClosedReason.MERGED, merged_into=son_hong
    )

    assert Association.objects.count_by_block(closed_on - ONE_DAY)[Block.COMMUNES] == 2
    assert Association.objects.count_by_block(closed_on)[Block.COMMUNES] == 1
    assert Association.objects.count_by_block(closed_on)[Block.AGENCIES] == 1


# Members of the federation on a date.


def test_it_counts_members_on_a_date_once_each(people):
    # Hưng is on two rosters (agriculture and Sơn Hồng) and counts once; An was still a member.
    assert Person.objects.members_on(datetime.date(2019, 1, 1)).count() == 5


def test_it_stops_counting_a_member_on_the_day_they_left(people):
    assert people["an"] in Person.objects.members_on(AN_LEFT - ONE_DAY)
    assert people["an"] not in Person.objects.members_on(AN_LEFT)
    assert Person.objects.members_on(AN_LEFT).count() == 4


def test_it_counts_nobody_before_they_joined(people):
    assert Person.objects.members_on(datetime.date(2014, 12, 31)).count() == 0


def test_it_stops_counting_members_of_an_association_once_it_closed(people, pho_chau):
    # Closed on the record alone, with the roster not (yet) ended: the association's date still decides.
    closed_on = datetime.date(2022, 1, 1)
    Association.objects.filter(pk=pho_chau.pk).update(
        closed_on=closed_on, closed_reason=ClosedReason.DISSOLVED
    )

    assert people["duc"] in Person.objects.members_on(closed_on - ONE_DAY)
    assert people["duc"] not in Person.objects.members_on(closed_on)
    assert Person.objects.members_on(closed_on).count() == 3


def test_it_counts_members_moved_by_a_merger_once(people, pho_chau, son_hong, secretariat):
    closed_on = datetime.date(2022, 1, 1)
    services.close_association(
        pho_chau, actor=secretariat, closed_on=closed_on, reason=ClosedReason.MERGED, merged_into=son_hong
    )

    assert people["duc"] in Person.objects.members_on(closed_on)
    assert Person.objects.members_on(closed_on).count() == 4


# Who left a body during a term, when and why.


def test_it_lists_who_left_a_body_during_the_term_with_date_and_reason(committee, people):
    departures = Mandate.objects.departures(committee)

    assert [(m.person, m.body, m.ended_on, m.end_reason) for m in departures] == [
        (people["yen"], Body.EXECUTIVE, YEN_LEFT, EndReason.TO_COMMUNE)
    ]


def test_it_does_not_count_the_end_of_the_term_as_a_departure(committee, term_v, people):
    chair = Mandate.objects.get(person=people["hung"], body=Body.STANDING)
    services.end_mandate(chair, actor=None, ended_on=CONGRESS_V, reason=EndReason.TERM_ENDED)

    assert [m.person for m in Mandate.objects.departures(committee)] == [people["yen"]]


def test_it_lists_departures_of_the_given_term_only(committee, term_v, people):
    seat = grant(people["duc"], term_v)
    services.end_mandate(seat, actor=None, ended_on=datetime.date(2025, 2, 1), reason=EndReason.RETIRED)

    assert [m.person for m in Mandate.objects.departures(committee)] == [people["yen"]]
    assert [m.person for m in Mandate.objects.departures(term_v)] == [people["duc"]]


# Terms.


def test_it_finds_the_term_running_on_a_date(term_iv, term_v):
    assert Term.objects.current_on(CONGRESS_IV - ONE_DAY) is None
    assert Term.objects.current_on(CONGRESS_IV) == term_iv
    assert Term.objects.current_on(CONGRESS_V - ONE_DAY) == term_iv
    assert Term.objects.current_on(CONGRESS_V) == term_v


def test_it_ends_a_term_when_the_next_congress_opens(term_iv, term_v):
    assert term_iv.ends_on() == CONGRESS_V
    assert term_v.ends_on() is None
    assert str(term_iv) == "Khoá IV, nhiệm kỳ 2018–2023"


# Invariants the database keeps even when the services are bypassed.


def refused_by_database(make):
    with pytest.raises(IntegrityError), transaction.atomic():
        make()


def test_it_refuses_a_membership_that_ends_before_it_starts(people, son_hong):
    person = make_person("Võ Thị Hương", gender="F")
    fields = dict(
        person=person,
        association=son_hong,
        joined_on=datetime.date(2020, 1, 1),
        left_on=datetime.date(2019, 12, 31),
        leave_reason="moved",
    )

    with pytest.raises(ValidationError):
        Membership(**fields).full_clean()
    refused_by_database(lambda: Membership.objects.create(**fields))


def test_it_refuses_a_second_open_membership_of_the_same_association(people, son_hong):
    fields = dict(person=people["yen"], association=son_hong, joined_on=datetime.date(2021, 1, 1))

    with pytest.raises(ValidationError):
        Membership(**fields).full_clean()
    refused_by_database(lambda: Membership.objects.create(**fields))


def test_it_allows_rejoining_after_leaving(people, pho_chau):
    rejoined = Membership(person=people["an"], association=pho_chau, joined_on=datetime.date(2023, 1, 1))

    rejoined.full_clean()
    rejoined.save()

    assert people["an"].memberships.count() == 2


def test_it_refuses_a_membership_that_ended_without_a_reason(people):
    membership = people["duc"].memberships.get()
    membership.left_on = datetime.date(2022, 1, 1)

    with pytest.raises(ValidationError):
        membership.full_clean()
    refused_by_database(membership.save)


def test_it_refuses_a_mandate_ended_without_a_reason(committee, people):
    seat = Mandate.objects.get(person=people["hung"], body=Body.EXECUTIVE)
    seat.ended_on = datetime.date(2022, 1, 1)

    with pytest.raises(ValidationError):
        seat.full_clean()
    refused_by_database(seat.save)


def test_it_refuses_a_mandate_that_ends_before_it_starts(committee, people):
    seat = Mandate.objects.get(person=people["hung"], body=Body.EXECUTIVE)
    seat.ended_on = CONGRESS_IV - ONE_DAY
    seat.end_reason = EndReason.RETIRED

    refused_by_database(seat.save)


def test_it_refuses_a_reason_on_a_mandate_still_held(committee, people):
    seat = Mandate.objects.get(person=people["hung"], body=Body.EXECUTIVE)
    seat.end_reason = EndReason.RETIRED

    refused_by_database(seat.save)


def test_it_refuses_a_closed_association_without_a_reason(pho_chau):
    pho_chau.closed_on = datetime.date(2022, 1, 1)

    with pytest.raises(ValidationError):
        pho_chau.full_clean()
    refused_by_database(pho_chau.save)


def test_it_refuses_merged_into_unless_the_association_merged(pho_chau, son_hong):
    pho_chau.closed_on = datetime.date(2022, 1, 1)
    pho_chau.closed_reason = ClosedReason.DISSOLVED
    pho_chau.merged_into = son_hong

    refused_by_database(pho_chau.save)


# Derived values.


def test_it_gives_a_persons_age_on_a_date(people):
    hung = people["hung"]  # born 02/05/1970

    assert hung.age_on(datetime.date(2024, 5, 1)) == 53
    assert hung.age_on(datetime.date(2024, 5, 2)) == 54
    assert Person(given_name="Lan").age_on(datetime.date(2024, 1, 1)) is None


def test_it_keeps_an_associations_search_name_folded(federation):
    association = make_association(
        federation, "tay-son", "Hội  KH&KT  thị trấn Tây Sơn", Block.COMMUNES, commune="Tây Sơn"
    )

    assert association.name == "Hội KH&KT thị trấn Tây Sơn"
    assert association.search_name == "hoi kh&kt thi tran tay son tay-son tay son"

"""`load_election_demo`: congress V's elections set up and not counted, once; and the whole count run on them.

The demo federation takes a few seconds to build, so the module builds it once inside a transaction that is
rolled back when the module ends; each test runs in its own savepoint on top of it.
"""

import datetime

import pytest
from django.db import transaction
from django.test import override_settings

from congress.demo_elections import load_election_demo
from congress.models import Ballot, Candidate, Congress, Election
from congress.services import elections as services
from members import demo
from members.models import Body, Mandate, Membership, Term, User

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo_congress(django_db_setup, django_db_blocker):
    fast_hashing = override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])
    with django_db_blocker.unblock(), fast_hashing, transaction.atomic():
        federation = demo.load().federation
        term = Term.objects.get(federation=federation, ordinal=5)
        congress, _created = Congress.objects.get_or_create(term=term)
        actor = User.objects.get(email=demo.SECRETARIAT_EMAIL)
        summary = load_election_demo(congress, actor)
        yield congress, actor, summary
        transaction.set_rollback(True)


def _elections(congress):
    executive = Election.objects.get(congress=congress, body=Body.EXECUTIVE)
    standing = Election.objects.get(congress=congress, body=Body.STANDING)
    return executive, standing


def test_the_executive_committee_election_has_19_seats_and_22_candidates(demo_congress):
    congress, _actor, summary = demo_congress
    executive, _standing = _elections(congress)
    assert (executive.seats, executive.candidates.count()) == (19, 22)
    assert summary.startswith("Bầu cử tại Đại hội lần thứ V: Ban Chấp hành 19 người, 22 người ứng cử;")
    outgoing = set(
        Mandate.objects.held_on(congress.date)
        .filter(term__ordinal=4, body=Body.EXECUTIVE)
        .values_list("person_id", flat=True)
    )
    listed = set(executive.candidates.values_list("person_id", flat=True))
    assert len(outgoing) == 14
    assert outgoing <= listed
    newcomers = listed - outgoing
    assert len(newcomers) == 8
    # The newcomers are on an association's roster on the congress day.
    assert (
        set(
            Membership.objects.active_on(congress.date)
            .filter(person__in=newcomers)
            .values_list("person_id", flat=True)
        )
        == newcomers
    )


def test_the_list_is_in_vietnamese_order_and_nothing_is_counted_yet(demo_congress):
    congress, _actor, _summary = demo_congress
    executive, _standing = _elections(congress)
    candidates = list(executive.candidates.select_related("person").order_by("number"))
    assert [c.number for c in candidates] == list(range(1, 23))
    keys = [c.person.sort_key for c in candidates]
    assert keys == sorted(keys)
    assert not Ballot.objects.filter(election__congress=congress).exists()
    assert executive.ballots_issued is None


def test_the_standing_committee_election_is_set_up_from_the_same_list(demo_congress):
    congress, _actor, _summary = demo_congress
    executive, standing = _elections(congress)
    assert (standing.seats, standing.candidates.count(), standing.start_method) == (5, 6, "committee")
    assert set(standing.candidates.values_list("person_id", flat=True)) <= set(
        executive.candidates.values_list("person_id", flat=True)
    )


def test_a_second_run_changes_nothing(demo_congress):
    congress, actor, summary = demo_congress
    before = (Election.objects.count(), Candidate.objects.count(), Candidate.history.count())
    assert load_election_demo(congress, actor) == summary
    assert (Election.objects.count(), Candidate.objects.count(), Candidate.history.count()) == before


def test_the_whole_count_can_be_run_on_the_demo(demo_congress):
    """100 ballots: 60 cross out the last three names, 40 the first three; numbers 1-19 are elected."""
    congress, actor, _summary = demo_congress
    executive, _standing = _elections(congress)
    everyone = set(range(1, 23))
    ballots = [(n, everyone - {20, 21, 22}) for n in range(1, 61)] + [
        (n, everyone - {1, 2, 3}) for n in range(61, 101)
    ]
    for entry in (1, 2):
        rows = [["Số phiếu", "Giữ tên"]] + [[n, ", ".join(map(str, sorted(kept)))] for n, kept in ballots]
        services.import_ballots(executive, rows, actor=actor, entry=entry)
    services.set_ballot_totals(executive, actor=actor, issued=105)
    executive.refresh_from_db()
    count = services.election_count(executive)
    assert count.result.status == "complete"
    assert sorted(c.number for c in count.result.elected) == list(range(1, 20))

    services.confirm_result(executive, actor=actor)
    new = Mandate.objects.held_on(congress.date).filter(term__ordinal=5, body=Body.EXECUTIVE)
    old = Mandate.objects.held_on(congress.date - datetime.timedelta(days=1)).filter(
        term__ordinal=4, body=Body.EXECUTIVE
    )
    assert (new.count(), old.count()) == (19, 14)
    assert not Mandate.objects.held_on(congress.date).filter(term__ordinal=4, body=Body.EXECUTIVE).exists()

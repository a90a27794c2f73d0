"""The congress demo: congress V's delegates, check-in, the draft open for comments; once.

The demo federation takes a few seconds to build, so the module builds it (and the term report's demo the
congress demo reads) once inside a transaction that is rolled back when the module ends.
"""

import datetime

import pytest
from django.db import transaction
from django.test import override_settings

from congress.demo import load_delegates_demo, load_documents_demo, on_demo_loaded
from congress.demo_hall import load_hall_demo
from congress.models import (
    AgendaItem,
    CheckIn,
    Comment,
    Congress,
    CongressDocument,
    Delegate,
    DelegateKind,
    HallOfficer,
    Motion,
    MotionStatus,
    MotionVote,
    SpeakerRequest,
)
from congress.services.delegates import attendance, quorum_reached
from members import demo
from members.models import Body, Mandate, Person, Term, User
from reports.demo import load_report_demo

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo_congress(django_db_setup, django_db_blocker, tmp_path_factory):
    fast_hashing = override_settings(
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
        MEDIA_ROOT=tmp_path_factory.mktemp("media"),
    )
    with django_db_blocker.unblock(), fast_hashing, transaction.atomic():
        federation = demo.load().federation
        actor = User.objects.get(email=demo.SECRETARIAT_EMAIL)
        load_report_demo(actor)
        people = Person.objects.count()
        summary = on_demo_loaded(None, federation=federation, actor=actor)
        congress = Congress.objects.get(term=Term.objects.get(federation=federation, ordinal=5))
        yield congress, actor, summary, people
        transaction.set_rollback(True)


def kinds(congress):
    delegates = Delegate.objects.filter(congress=congress, revoked_at__isnull=True)
    return {kind: delegates.filter(kind=kind).count() for kind in DelegateKind.values}


def test_about_150_delegates_are_summoned_from_the_people_already_there(demo_congress):
    congress, _actor, summary, people = demo_congress
    assert kinds(congress) == {"elected": 133, "ex_officio": 14, "appointed": 4, "guest": 5}
    assert Person.objects.count() == people
    assert "151 được triệu tập" in summary


def test_each_association_fills_its_quota_from_its_own_members(demo_congress):
    congress, *_ = demo_congress
    for quota in congress.quotas.select_related("association"):
        elected = Delegate.objects.filter(
            congress=congress,
            association=quota.association,
            kind=DelegateKind.ELECTED,
            revoked_at__isnull=True,
        )
        assert elected.count() == quota.seats == congress.quota_for(quota.members)
        for delegate in elected:
            assert delegate.person.memberships.active_on(congress.date).filter(association=quota.association)


def test_ex_officio_are_the_outgoing_committee_and_guests_those_who_left_it(demo_congress):
    congress, *_ = demo_congress
    eve = congress.date - datetime.timedelta(days=1)
    committee = set(
        Mandate.objects.held_on(eve)
        .filter(term__ordinal=4, body=Body.EXECUTIVE)
        .values_list("person_id", flat=True)
    )
    ex_officio = set(
        congress.delegates.filter(kind=DelegateKind.EX_OFFICIO).values_list("person_id", flat=True)
    )
    assert ex_officio == committee and len(committee) == 14
    guests = set(
        congress.delegates.filter(kind=DelegateKind.GUEST).values_list("person__given_name", flat=True)
    )
    assert guests == {"Mạnh", "Yến", "Hương", "Tân", "Sơn"}


def test_most_delegates_checked_in_and_the_demo_account_is_a_delegate(demo_congress):
    congress, *_ = demo_congress
    assert attendance(congress) == {"summoned": 151, "present": 143}
    assert quorum_reached(congress)
    assert not CheckIn.objects.filter(delegate__kind=DelegateKind.GUEST).exists()
    account = User.objects.get(email=demo.DELEGATE_EMAIL)
    delegacy = congress.delegates.get(account=account)
    assert (delegacy.person, delegacy.kind) == (account.person, DelegateKind.EX_OFFICIO)
    assert congress.delegates.filter(revoked_at__isnull=False).count() == 1


def test_the_first_draft_is_open_for_comments_with_a_few_comments(demo_congress):
    congress, *_ = demo_congress
    draft = CongressDocument.objects.get(congress=congress, report_version__isnull=False)
    assert (draft.report_version.label, draft.comments_open, draft.comments_close_at) == (
        "Dự thảo lần 1",
        True,
        None,
    )
    comments = Comment.objects.filter(document=draft)
    assert comments.count() == 6
    assert comments.filter(delegate__account__email=demo.DELEGATE_EMAIL).count() == 3
    assert CongressDocument.objects.filter(congress=congress, report_version__isnull=True).count() == 1


def test_loading_again_changes_nothing(demo_congress):
    congress, actor, *_ = demo_congress
    before = (
        Delegate.history.count(),
        CheckIn.objects.count(),
        Comment.objects.count(),
        congress.documents.count(),
    )
    load_delegates_demo(congress, actor=actor)
    load_documents_demo(congress, actor=actor)
    after = (
        Delegate.history.count(),
        CheckIn.objects.count(),
        Comment.objects.count(),
        congress.documents.count(),
    )
    assert after == before


def test_the_hall_is_on_the_election_with_the_morning_behind_it(demo_congress):
    congress, actor, summary, _people = demo_congress
    items = list(AgendaItem.objects.filter(congress=congress).order_by("position"))
    assert [item.status for item in items] == ["done"] * 6 + ["current", "planned"]
    assert items[6].title.startswith("Bầu Ban Chấp hành khoá V")
    assert all(item.started_at.date() == congress.date for item in items[:7])
    assert "Hội trường: chương trình 8 phần" in summary
    present = Delegate.objects.filter(congress=congress).counted().present().count()
    closed = Motion.objects.filter(congress=congress, status=MotionStatus.CLOSED)
    assert closed.count() == 4 and all(motion.passed for motion in closed)
    for motion in closed:
        assert motion.present == present and motion.cast <= present
        assert MotionVote.objects.filter(motion=motion).count() == motion.cast
        assert motion.opened_at.date() == congress.date
    secret = closed.get(secret=True)
    assert set(MotionVote.objects.filter(motion=secret).values_list("choice", flat=True)) == {""}
    assert Motion.objects.get(congress=congress, status=MotionStatus.DRAFT).title.startswith(
        "Thông qua Nghị quyết"
    )
    spoke = SpeakerRequest.objects.filter(item__congress=congress, status="done")
    assert spoke.count() == 4 and all(s.seconds_spoken > 0 for s in spoke)
    assert (
        SpeakerRequest.objects.filter(item__congress=congress, kind="contribution").exclude(file="").count()
        == 3
    )
    assert HallOfficer.objects.filter(congress=congress, body="presidium").count() == 3
    assert Congress.objects.get(pk=congress.pk).screen_token
    assert load_hall_demo(congress, actor=actor) == ""

"""Votes on motions: who may vote, once only, the quorum, the majority base, abstentions, and secrecy."""

import datetime
import json
import re

import pytest
from django.apps import apps
from django.core import serializers

from congress.models import Choice, MajorityBase, Motion, MotionStatus, MotionVote
from congress.services import CongressError
from congress.services import delegates as delegate_services
from congress.services import hall as services
from members.models import Person

pytestmark = pytest.mark.django_db


def vote(hall, key, motion, choice):
    delegate = hall[key]
    return services.cast_vote(motion, delegate, actor=delegate.account, choice=choice)


def test_a_present_delegate_votes_once_and_a_retry_counts_nothing(hall):
    motion = hall["agenda_vote"]
    first = vote(hall, "anh", motion, Choice.YES)
    again = vote(hall, "anh", motion, Choice.NO)
    assert first.counted and not again.counted
    assert "một lần" in again.message
    motion.refresh_from_db()
    assert (motion.yes, motion.no, motion.abstain) == (1, 0, 0)
    assert MotionVote.objects.filter(motion=motion).count() == 1
    assert MotionVote.objects.get(motion=motion).choice == Choice.YES


def test_a_delegate_not_checked_in_is_refused_and_nothing_is_counted(hall):
    motion = hall["agenda_vote"]
    with pytest.raises(CongressError, match="chưa điểm danh"):
        vote(hall, "dung", motion, Choice.YES)
    motion.refresh_from_db()
    assert motion.cast == 0
    assert not MotionVote.objects.filter(motion=motion).exists()


def test_a_guest_and_a_revoked_delegate_cannot_vote(hall, secretariat):
    motion = hall["agenda_vote"]
    for key in ("yen", "an"):
        with pytest.raises(CongressError, match="đại biểu chính thức"):
            services.cast_vote(motion, hall[key], actor=secretariat, choice=Choice.YES)
    assert Motion.objects.get(pk=motion.pk).cast == 0


def test_a_vote_on_a_closed_or_unopened_motion_is_refused_and_leaves_no_trace(hall, secretariat):
    closed = services.close_motion(hall["agenda_vote"], actor=secretariat)
    with pytest.raises(CongressError, match="không mở"):
        vote(hall, "anh", closed, Choice.YES)
    with pytest.raises(CongressError, match="không mở"):
        vote(hall, "anh", hall["secret_motion"], Choice.YES)
    assert not MotionVote.objects.filter(motion__in=[closed, hall["secret_motion"]]).exists()
    assert Motion.objects.get(pk=closed.pk).cast == 0


def test_an_unknown_choice_is_refused(hall):
    with pytest.raises(CongressError, match="Tán thành"):
        vote(hall, "anh", hall["agenda_vote"], "maybe")


def test_a_vote_cannot_open_without_the_quorum(congress_v, secretariat):
    congress = congress_v["congress"]
    delegate_services.check_in(congress_v["hung"], actor=secretariat)
    delegate_services.check_in(
        congress_v["anh"], actor=secretariat
    )  # two of four: more than half needs three
    motion = services.add_motion(congress, actor=secretariat, title="Thông qua chương trình")
    with pytest.raises(CongressError, match="có 2, cần ít nhất 3"):
        services.open_motion(motion, actor=secretariat)
    assert Motion.objects.get(pk=motion.pk).status == MotionStatus.DRAFT
    delegate_services.check_in(congress_v["duc"], actor=secretariat)
    assert services.open_motion(motion, actor=secretariat).status == MotionStatus.OPEN


def test_only_one_vote_is_open_at_a_time(hall, secretariat):
    with pytest.raises(CongressError, match="chưa kết thúc"):
        services.open_motion(hall["secret_motion"], actor=secretariat)


@pytest.mark.parametrize(
    "counts, present, summoned, rule, expected",
    [
        # Votes cast: abstentions are valid votes, so they are in the base and are not yeses.
        ((2, 1, 0), 3, 4, MajorityBase.VALID_BALLOTS, (3, True)),
        ((1, 0, 1), 3, 4, MajorityBase.VALID_BALLOTS, (2, False)),
        ((2, 0, 1), 3, 4, MajorityBase.VALID_BALLOTS, (3, True)),
        ((50, 40, 20), 120, 130, MajorityBase.VALID_BALLOTS, (110, False)),
        ((56, 34, 20), 120, 130, MajorityBase.VALID_BALLOTS, (110, True)),
        # Present: a delegate present who did not vote counts against.
        ((2, 0, 0), 4, 4, MajorityBase.PRESENT, (4, False)),
        ((3, 0, 0), 4, 5, MajorityBase.PRESENT, (4, True)),
        # Summoned: the absent count against too.
        ((3, 0, 0), 4, 6, MajorityBase.SUMMONED, (6, False)),
        ((4, 0, 0), 4, 6, MajorityBase.SUMMONED, (6, True)),
        # Exactly half is not more than half; nothing cast passes nothing.
        ((1, 1, 0), 2, 2, MajorityBase.VALID_BALLOTS, (2, False)),
        ((0, 0, 0), 3, 4, MajorityBase.VALID_BALLOTS, (0, False)),
    ],
)
def test_the_majority_is_counted_against_the_congress_base(counts, present, summoned, rule, expected):
    yes, no, abstain = counts
    assert (
        services.outcome(
            yes=yes, no=no, abstain=abstain, present=present, summoned=summoned, majority_base=rule
        )
        == expected
    )


@pytest.mark.parametrize(
    "rule, choices, base, passed",
    [
        (MajorityBase.VALID_BALLOTS, {"hung": Choice.YES, "anh": Choice.YES, "duc": Choice.ABSTAIN}, 3, True),
        (MajorityBase.VALID_BALLOTS, {"hung": Choice.YES, "anh": Choice.NO, "duc": Choice.ABSTAIN}, 3, False),
        # Two yeses of three present pass; of four summoned they are only half.
        (MajorityBase.PRESENT, {"hung": Choice.YES, "anh": Choice.YES}, 3, True),
        (MajorityBase.SUMMONED, {"hung": Choice.YES, "anh": Choice.YES}, 4, False),
    ],
)
def test_a_closed_vote_records_its_result_with_the_numbers_it_was_read_against(
    hall, secretariat, rule, choices, base, passed
):
    congress = hall["congress"]
    delegate_services.update_congress_settings(congress, actor=secretariat, majority_base=rule)
    motion = services.add_motion(congress, actor=secretariat, title="Thông qua báo cáo", secret=True)
    services.close_motion(hall["agenda_vote"], actor=secretariat)
    services.open_motion(motion, actor=secretariat)
    for key, choice in choices.items():
        vote(hall, key, motion, choice)
    motion = services.close_motion(motion, actor=secretariat)
    assert (motion.summoned, motion.present, motion.needed) == (4, 3, 3)
    assert motion.majority_base == rule
    assert (motion.base, motion.passed) == (base, passed)
    assert motion.history.first().history_user == secretariat
    assert motion.history.first().passed is passed


def test_a_vote_that_lost_its_quorum_before_closing_passes_nothing(hall, secretariat):
    congress = hall["congress"]
    motion = hall["agenda_vote"]
    for key in ("hung", "anh", "duc"):
        vote(hall, key, motion, Choice.YES)
    # Three more delegates are summoned while the vote runs: three present of seven is short of four.
    for given in ("Bình", "Cường", "Lan"):
        person = Person.objects.create(family_name="Trần", given_name=given, gender="M")
        delegate_services.summon_delegate(congress, person, actor=secretariat, kind="appointed")
    motion = services.close_motion(motion, actor=secretariat)
    assert (motion.summoned, motion.present, motion.needed) == (7, 3, 4)
    assert motion.yes == 3 and not motion.quorate
    assert motion.passed is False


def test_a_cancelled_vote_has_no_result(hall, secretariat):
    vote(hall, "anh", hall["agenda_vote"], Choice.YES)
    motion = services.cancel_motion(hall["agenda_vote"], actor=secretariat)
    assert motion.status == MotionStatus.CANCELLED and motion.passed is None
    with pytest.raises(CongressError):
        services.close_motion(motion, actor=secretariat)


# --- Secrecy -----------------------------------------------------------------------------------------------

TIMESTAMP = re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?")


def everything_stored():
    """{(model, pk): fields} of every row of every table the portal has, history tables included."""
    rows = {}
    for model in apps.get_models(include_auto_created=True):
        for row in serializers.serialize("python", model._default_manager.all()):
            rows[(row["model"], row["pk"])] = json.loads(json.dumps(row["fields"], default=str))
    return rows


def written_since(before, after, motion):
    """The rows added or changed between two snapshots, with what may differ between two runs of the same
    scenario made neutral: row ids, timestamps, and the motion's own id, title and place in the list."""
    written = []
    for key, fields in after.items():
        if before.get(key) == fields:
            continue
        model, pk = key
        if model in ("congress.motion", "congress.historicalmotion"):
            fields = {**fields, "position": "<position>"}
        text = json.dumps(
            {
                "model": model,
                "pk": "this motion" if (model, pk) == ("congress.motion", motion.pk) else "new row",
                **fields,
            },
            sort_keys=True,
        )
        text = TIMESTAMP.sub("<time>", text)
        text = text.replace(json.dumps(motion.title), '"<title>"')
        text = re.sub(rf'"(motion|id|history_id)": {motion.pk}\b', r'"\1": "this motion"', text)
        text = re.sub(r'"history_id": \d+', '"history_id": "new row"', text)
        written.append(text)
    return sorted(written)


def run_vote(hall, secretariat, motion, choices):
    services.open_motion(motion, actor=secretariat)
    for key, choice in choices:
        vote(hall, key, motion, choice)
    return services.close_motion(motion, actor=secretariat)


@pytest.mark.parametrize("secret", [True, False])
def test_a_secret_vote_stores_nothing_that_links_a_delegate_to_a_choice(hall, secretariat, secret):
    """Two runs of one vote in which Hưng and Ánh swap their choices must leave the same records behind.

    If anything stored (a row, a history entry, a log table) followed one delegate's choice, the two runs would
    differ; on an open vote they must differ, which shows the comparison can tell.
    """
    congress = hall["congress"]
    services.close_motion(hall["agenda_vote"], actor=secretariat)
    first = services.add_motion(congress, actor=secretariat, title="Lần một", secret=secret)
    second = services.add_motion(congress, actor=secretariat, title="Lần hai", secret=secret)

    start = everything_stored()
    run_vote(hall, secretariat, first, [("hung", Choice.YES), ("anh", Choice.NO), ("duc", Choice.ABSTAIN)])
    middle = everything_stored()
    run_vote(hall, secretariat, second, [("hung", Choice.NO), ("anh", Choice.YES), ("duc", Choice.ABSTAIN)])
    end = everything_stored()

    one, two = written_since(start, middle, first), written_since(middle, end, second)
    assert any('"congress.motionvote"' in row for row in one)  # the comparison sees the vote rows
    if secret:
        assert one == two
        assert set(
            MotionVote.objects.filter(motion__in=[first, second]).values_list("choice", flat=True)
        ) == {""}
    else:
        assert one != two
    for motion in (first, second):
        motion.refresh_from_db()
        assert (motion.yes, motion.no, motion.abstain, motion.passed) == (1, 1, 1, False)


def test_a_secret_vote_keeps_who_voted_and_when(hall, secretariat):
    congress = hall["congress"]
    services.close_motion(hall["agenda_vote"], actor=secretariat)
    motion = services.add_motion(congress, actor=secretariat, title="Quy chế", secret=True)
    services.open_motion(motion, actor=secretariat)
    vote(hall, "duc", motion, Choice.NO)
    row = MotionVote.objects.get(motion=motion)
    assert row.delegate == hall["duc"] and row.choice == ""
    assert row.cast_at.date() >= datetime.date(2024, 1, 1)

"""What the hall's pages show: read here once, in a fixed number of queries, for the delegate's phone, the
presiding board's desk and the projector screen alike."""

import datetime
from dataclasses import dataclass, field

from django.utils import timezone

from congress.models import (
    AgendaItem,
    AgendaStatus,
    CheckIn,
    HallBody,
    HallOfficer,
    Motion,
    MotionStatus,
    MotionVote,
    SpeakerKind,
    SpeakerRequest,
    SpeakerStatus,
)
from congress.models.hall import OPEN_SPEAKER_STATUSES
from congress.services.delegates import attendance_board
from congress.services.hall import speaker_deadline

RESULT_SHOWN_FOR = datetime.timedelta(minutes=15)


@dataclass
class Hall:
    congress: object
    now: object
    agenda: list
    current: object  # the current AgendaItem or None
    speaking: object  # the SpeakerRequest speaking now, or None
    deadline: object  # when the speaker's time runs out, or None
    listed: list  # speakers waiting their turn on the current item, in order
    requested: list  # requests the presiding board has not yet placed (current item)
    contributions: list  # written contributions on the current item
    motion: object  # the open motion, or None
    last_result: object  # the latest closed motion, or None
    board: object  # attendance_board
    officers: dict = field(default_factory=dict)  # {HallBody: [HallOfficer]}
    # The delegate's own: their requests on any item, their vote on the open motion (a MotionVote or None).
    own_requests: list = field(default_factory=list)
    own_vote: object = None
    own_present: bool = False

    @property
    def recent_result(self):
        """The latest result while it is news: closed in the last quarter of an hour and no vote open since."""
        if self.motion is not None or self.last_result is None:
            return None
        return self.last_result if self.now - self.last_result.closed_at < RESULT_SHOWN_FOR else None

    @property
    def can_vote(self):
        return self.motion is not None and self.own_vote is None


def hall(congress, delegate=None, *, officers=False):
    """Everything the hall's pages need, in the same few queries however many items, speakers and votes."""
    agenda = list(
        AgendaItem.objects.filter(congress=congress).prefetch_related("documents").order_by("position", "id")
    )
    current = next((item for item in agenda if item.status == AgendaStatus.CURRENT), None)
    # Written contributions of every item (the programme lists them), and the current item's open requests.
    papers = SpeakerRequest.objects.filter(
        item__congress=congress, kind=SpeakerKind.CONTRIBUTION, status=SpeakerStatus.LISTED
    )
    if current is not None:
        papers = papers | SpeakerRequest.objects.filter(item=current, status__in=OPEN_SPEAKER_STATUSES)
    speakers = list(
        papers.select_related("delegate__person", "delegate__association").order_by(
            "position", "requested_at", "id"
        )
    )
    by_item = {item.pk: item for item in agenda}
    for item in agenda:
        item.papers = []
    for speaker in speakers:
        speaker.item = by_item[speaker.item_id]
        if speaker.kind == SpeakerKind.CONTRIBUTION and speaker.status == SpeakerStatus.LISTED:
            speaker.item.papers.append(speaker)
    speakers = [s for s in speakers if current is not None and s.item_id == current.pk]
    speaking = next((s for s in speakers if s.status == SpeakerStatus.SPEAKING), None)
    motion = Motion.objects.filter(congress=congress, status=MotionStatus.OPEN).select_related("item").first()
    last_result = (
        Motion.objects.filter(congress=congress, status=MotionStatus.CLOSED)
        .order_by("-closed_at", "-id")
        .first()
    )
    result = Hall(
        congress=congress,
        now=timezone.now(),
        agenda=agenda,
        current=current,
        speaking=speaking,
        deadline=speaker_deadline(speaking) if speaking else None,
        listed=[s for s in speakers if s.status == SpeakerStatus.LISTED and s.kind == SpeakerKind.SPEECH],
        requested=[s for s in speakers if s.status == SpeakerStatus.REQUESTED],
        contributions=[
            s for s in speakers if s.kind == SpeakerKind.CONTRIBUTION and s.status == SpeakerStatus.LISTED
        ],
        motion=motion,
        last_result=last_result,
        board=attendance_board(congress),
    )
    if officers:
        seated = HallOfficer.objects.filter(congress=congress).select_related(
            "delegate__person", "delegate__association"
        )
        result.officers = {body: [o for o in seated if o.body == body] for body in HallBody}
    if delegate is not None:
        result.own_requests = list(
            SpeakerRequest.objects.filter(delegate=delegate, item__congress=congress)
            .select_related("item")
            .order_by("-requested_at", "-id")
        )
        result.own_present = CheckIn.objects.filter(delegate=delegate).exists()
        if motion is not None:
            result.own_vote = MotionVote.objects.filter(motion=motion, delegate=delegate).first()
    return result


def motions(congress):
    return list(Motion.objects.filter(congress=congress).select_related("item").order_by("position", "id"))

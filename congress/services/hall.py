"""The hall on the day: the programme and its current item, the presiding board, the speakers, the votes.

Every change is a function here, atomic, with the acting user keyword-only and recorded in the history, and
each tells the live pages what moved (`live.changed`) once its transaction commits.

Votes: `cast_vote` records that the delegate voted (`MotionVote`, once per motion by a unique constraint) and
raises the motion's count in the same transaction, with an UPDATE that only succeeds while the motion is open.
A retry, a second tab or a double tap meets the constraint and counts nothing. On a secret motion the choice
goes into the count only: the `MotionVote` row has no choice, the motion is not saved (so not copied into its
history) while votes come in, and nothing else is written, so no stored record links a delegate to a choice.
"""

import datetime
import secrets
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from congress import live
from congress.models import (
    AgendaItem,
    AgendaStatus,
    Choice,
    Congress,
    Delegate,
    HallBody,
    HallOfficer,
    MajorityBase,
    Motion,
    MotionStatus,
    MotionVote,
    SpeakerKind,
    SpeakerRequest,
    SpeakerStatus,
)
from congress.models.hall import OPEN_SPEAKER_STATUSES
from congress.services import CongressError
from congress.services import clean as _clean
from congress.services import save as _save
from congress.services.delegates import attendance_board
from members import text


def _next_position(queryset):
    return (queryset.aggregate(last=Max("position"))["last"] or 0) + 1


# --- The programme ----------------------------------------------------------------------------------------

AGENDA_FIELDS = ("title", "presenter", "day", "starts_at", "ends_at", "speaking_minutes", "position")


def _set_agenda_fields(item, fields):
    unknown = set(fields) - set(AGENDA_FIELDS) - {"documents"}
    if unknown:
        raise TypeError(f"not agenda fields: {sorted(unknown)}")
    for name, value in fields.items():
        if name == "documents":
            continue
        setattr(item, name, text.clean(value) if name in ("title", "presenter") else value)


def _set_documents(item, documents, actor):
    if documents is None:
        return
    documents = list(documents)
    if any(document.congress_id != item.congress_id for document in documents):
        raise CongressError(_("Chỉ gắn được tài liệu của chính Đại hội này."))
    item._history_user = actor
    item.documents.set(documents)


@transaction.atomic
def add_agenda_item(congress, *, actor, title, **fields):
    item = AgendaItem(congress=congress, title=title)
    fields.setdefault("position", _next_position(AgendaItem.objects.filter(congress=congress)))
    documents = fields.pop("documents", None)
    _set_agenda_fields(item, fields)
    item.title = text.clean(title)
    _clean(item)
    _save(item, actor)
    _set_documents(item, documents, actor)
    live.changed(congress.pk, "agenda")
    return item


@transaction.atomic
def update_agenda_item(item, *, actor, **fields):
    item = AgendaItem.objects.select_for_update().get(pk=item.pk)
    documents = fields.pop("documents", None)
    _set_agenda_fields(item, fields)
    _clean(item)
    _save(item, actor)
    _set_documents(item, documents, actor)
    live.changed(item.congress_id, "agenda")
    return item


@transaction.atomic
def remove_agenda_item(item, *, actor):
    item = AgendaItem.objects.select_for_update().get(pk=item.pk)
    if item.status != AgendaStatus.PLANNED:
        raise CongressError(_("Mục đã bắt đầu thì không xoá được khỏi chương trình."))
    if item.speakers.exists() or item.motions.exists():
        raise CongressError(_("Mục đã có người đăng ký phát biểu hoặc có biểu quyết; không xoá được."))
    item._history_user = actor
    item.delete()
    live.changed(item.congress_id, "agenda")


@transaction.atomic
def start_item(item, *, actor):
    """Make this the item the hall is on; the one before it is marked done."""
    item = AgendaItem.objects.select_for_update().get(pk=item.pk)
    if item.is_current:
        return item
    now = timezone.now()
    for current in AgendaItem.objects.select_for_update().filter(
        congress_id=item.congress_id, status=AgendaStatus.CURRENT
    ):
        current.status = AgendaStatus.DONE
        current.ended_at = now
        _save(current, actor)
    item.status = AgendaStatus.CURRENT
    item.started_at = item.started_at or now
    item.ended_at = None
    _save(item, actor)
    live.changed(item.congress_id, "agenda", "speakers")
    return item


@transaction.atomic
def finish_item(item, *, actor):
    item = AgendaItem.objects.select_for_update().get(pk=item.pk)
    if not item.is_current:
        raise CongressError(_("Mục này không phải mục đang diễn ra."))
    if item.speakers.filter(status=SpeakerStatus.SPEAKING).exists():
        raise CongressError(_("Còn người đang phát biểu: hãy dừng lượt phát biểu trước."))
    item.status = AgendaStatus.DONE
    item.ended_at = timezone.now()
    _save(item, actor)
    live.changed(item.congress_id, "agenda", "speakers")
    return item


# --- The presiding board and the secretaries ----------------------------------------------------------------


@transaction.atomic
def add_officer(congress, delegate, *, actor, body, role=""):
    if delegate.congress_id != congress.pk or not delegate.is_counted:
        raise CongressError(_("Chỉ chọn được đại biểu chính thức của Đại hội này."))
    if body not in HallBody.values:
        raise CongressError(_("Hãy chọn Đoàn Chủ tịch hoặc Đoàn Thư ký."))
    if HallOfficer.objects.filter(congress=congress, delegate=delegate, body=body).exists():
        raise CongressError(
            _("%(name)s đã ở trong %(body)s.")
            % {"name": delegate.person.full_name, "body": HallBody(body).label}
        )
    officer = HallOfficer(
        congress=congress,
        delegate=delegate,
        body=body,
        role=text.clean(role),
        position=_next_position(HallOfficer.objects.filter(congress=congress, body=body)),
    )
    _save(officer, actor)
    live.changed(congress.pk, "agenda")
    return officer


@transaction.atomic
def remove_officer(officer, *, actor):
    officer._history_user = actor
    officer.delete()
    live.changed(officer.congress_id, "agenda")


def runs_the_hall(user, congress):
    """Whether the account may run the hall: the secretariat, or a member of the congress's presiding board."""
    if not user.is_authenticated:
        return False
    if user.is_secretariat:
        return True
    return HallOfficer.objects.filter(
        congress=congress,
        body=HallBody.PRESIDIUM,
        delegate__account=user,
        delegate__revoked_at__isnull=True,
    ).exists()


# --- Speakers -----------------------------------------------------------------------------------------------


def _at_the_congress(delegate, congress_id):
    """The delegate as stored now, when they are a counted delegate of this congress (not a guest, not revoked);
    with `present` telling whether they checked in. None otherwise."""
    delegate = (
        Delegate.objects.select_related("check_in").filter(pk=delegate.pk, congress_id=congress_id).first()
    )
    if delegate is None or not delegate.is_counted:
        return None
    delegate.present = hasattr(delegate, "check_in")
    return delegate


@transaction.atomic
def request_to_speak(item, delegate, *, actor, kind=SpeakerKind.SPEECH, topic="", file=None):
    """A delegate asks to speak on an item (from the hall: checked in), or registers a written contribution.

    The presiding board or the secretariat may register either on a delegate's behalf.
    """
    item = AgendaItem.objects.select_for_update().select_related("congress").get(pk=item.pk)
    delegate = _at_the_congress(delegate, item.congress_id)
    if delegate is None:
        raise CongressError(_("Chỉ đại biểu chính thức của Đại hội này mới đăng ký phát biểu."))
    if item.status == AgendaStatus.DONE:
        raise CongressError(_("Mục “%(item)s” đã xong.") % {"item": item.title})
    if kind == SpeakerKind.SPEECH:
        if item.speakers_closed:
            raise CongressError(_("Danh sách phát biểu của mục này đã khoá."))
        if not delegate.present:
            raise CongressError(_("Đại biểu chưa điểm danh nên chưa đăng ký phát biểu được."))
    elif kind == SpeakerKind.CONTRIBUTION:
        if not file:
            raise CongressError(_("Hãy chọn tệp bài tham luận."))
    else:
        raise CongressError(_("Hình thức không đúng."))
    if SpeakerRequest.objects.filter(
        item=item, delegate=delegate, kind=kind, status__in=OPEN_SPEAKER_STATUSES
    ).exists():
        if kind == SpeakerKind.SPEECH:
            raise CongressError(
                _("Đại biểu đã đăng ký phát biểu ở mục này; đang chờ Đoàn Chủ tịch xếp lượt.")
            )
        raise CongressError(_("Đại biểu đã gửi bài tham luận cho mục này."))
    speaker = SpeakerRequest(
        item=item,
        delegate=delegate,
        kind=kind,
        topic=text.clean(topic or ""),
        registered_by=actor,
        status=SpeakerStatus.REQUESTED if kind == SpeakerKind.SPEECH else SpeakerStatus.LISTED,
    )
    if file:
        speaker.file = file
    if speaker.status == SpeakerStatus.LISTED:
        speaker.position = _next_position(SpeakerRequest.objects.filter(item=item, kind=kind))
    _clean(speaker, exclude=["registered_by"])
    try:
        with transaction.atomic():
            _save(speaker, actor)
    except IntegrityError:
        raise CongressError(_("Đại biểu đã đăng ký phát biểu ở mục này.")) from None
    live.changed(item.congress_id, "speakers")
    return speaker


def _locked_speaker(speaker):
    return (
        SpeakerRequest.objects.select_for_update()
        .select_related("item", "delegate__person")
        .get(pk=speaker.pk)
    )


def _move_speaker(speaker, actor, status, *, allowed, refusal, **fields):
    speaker = _locked_speaker(speaker)
    if speaker.status not in allowed:
        raise CongressError(refusal)
    speaker.status = status
    for name, value in fields.items():
        setattr(speaker, name, value)
    _save(speaker, actor)
    live.changed(speaker.item.congress_id, "speakers")
    return speaker


@transaction.atomic
def withdraw_request(speaker, *, actor):
    return _move_speaker(
        speaker,
        actor,
        SpeakerStatus.WITHDRAWN,
        allowed=[SpeakerStatus.REQUESTED, SpeakerStatus.LISTED],
        refusal=_("Lượt này không rút được nữa."),
    )


@transaction.atomic
def admit_speaker(speaker, *, actor):
    """The presiding board puts a request on the list, at its end."""
    item_speakers = SpeakerRequest.objects.filter(item_id=speaker.item_id, kind=SpeakerKind.SPEECH)
    return _move_speaker(
        speaker,
        actor,
        SpeakerStatus.LISTED,
        allowed=[SpeakerStatus.REQUESTED],
        refusal=_("Chỉ xếp lượt được cho người đang xin phát biểu."),
        position=_next_position(item_speakers.exclude(pk=speaker.pk)),
    )


@transaction.atomic
def decline_speaker(speaker, *, actor):
    return _move_speaker(
        speaker,
        actor,
        SpeakerStatus.DECLINED,
        allowed=[SpeakerStatus.REQUESTED, SpeakerStatus.LISTED],
        refusal=_("Lượt này đã phát biểu hoặc đã rút."),
    )


@transaction.atomic
def move_speaker(speaker, *, actor, up):
    """Swap a listed speaker with the one before (up) or after them on the list."""
    speaker = _locked_speaker(speaker)
    if speaker.status != SpeakerStatus.LISTED:
        raise CongressError(_("Chỉ đổi thứ tự được cho người đang trong danh sách."))
    listed = SpeakerRequest.objects.select_for_update().filter(
        item_id=speaker.item_id, kind=speaker.kind, status=SpeakerStatus.LISTED
    )
    neighbour = (
        listed.filter(position__lt=speaker.position).order_by("-position").first()
        if up
        else listed.filter(position__gt=speaker.position).order_by("position").first()
    )
    if neighbour is None:
        return speaker
    speaker.position, neighbour.position = neighbour.position, speaker.position
    _save(speaker, actor)
    _save(neighbour, actor)
    live.changed(speaker.item.congress_id, "speakers")
    return speaker


@transaction.atomic
def start_speaker(speaker, *, actor):
    """Give the floor: the item must be the current one; whoever was speaking on it stops."""
    speaker = _locked_speaker(speaker)
    if not speaker.item.is_current:
        raise CongressError(
            _("Hãy chuyển sang mục “%(item)s” trước khi mời phát biểu.") % {"item": speaker.item.title}
        )
    if speaker.status not in (SpeakerStatus.REQUESTED, SpeakerStatus.LISTED):
        raise CongressError(_("Lượt này đã phát biểu hoặc đã rút."))
    now = timezone.now()
    for other in SpeakerRequest.objects.select_for_update().filter(
        item_id=speaker.item_id, status=SpeakerStatus.SPEAKING
    ):
        other.status = SpeakerStatus.DONE
        other.ended_at = now
        _save(other, actor)
    if speaker.position is None:
        speaker.position = _next_position(
            SpeakerRequest.objects.filter(item_id=speaker.item_id, kind=speaker.kind)
        )
    speaker.status = SpeakerStatus.SPEAKING
    speaker.started_at = now
    _save(speaker, actor)
    live.changed(speaker.item.congress_id, "speakers")
    return speaker


@transaction.atomic
def stop_speaker(speaker, *, actor):
    return _move_speaker(
        speaker,
        actor,
        SpeakerStatus.DONE,
        allowed=[SpeakerStatus.SPEAKING],
        refusal=_("Người này không đang phát biểu."),
        ended_at=timezone.now(),
    )


@transaction.atomic
def close_speakers(item, *, actor, closed=True):
    item = AgendaItem.objects.select_for_update().get(pk=item.pk)
    item.speakers_closed = closed
    _save(item, actor)
    live.changed(item.congress_id, "speakers")
    return item


def speaker_deadline(speaker):
    """When the speaker's time runs out, or None without a limit."""
    if speaker.started_at is None or not speaker.item.speaking_minutes:
        return None
    return speaker.started_at + datetime.timedelta(minutes=speaker.item.speaking_minutes)


# --- Motions and votes --------------------------------------------------------------------------------------

MOTION_FIELDS = ("title", "secret", "item", "position")


@transaction.atomic
def add_motion(congress, *, actor, title, secret=False, item=None):
    if item is not None and item.congress_id != congress.pk:
        raise CongressError(_("Mục chương trình không thuộc Đại hội này."))
    motion = Motion(
        congress=congress,
        title=text.clean(title),
        secret=secret,
        item=item,
        position=_next_position(Motion.objects.filter(congress=congress)),
    )
    _clean(motion, exclude=["opened_by", "closed_by"])
    _save(motion, actor)
    live.changed(congress.pk, "vote")
    return motion


def _locked_motion(motion):
    return Motion.objects.select_for_update().get(pk=motion.pk)


@transaction.atomic
def update_motion(motion, *, actor, **fields):
    motion = _locked_motion(motion)
    if motion.status != MotionStatus.DRAFT:
        raise CongressError(_("Biểu quyết đã mở thì không sửa được nội dung."))
    unknown = set(fields) - set(MOTION_FIELDS)
    if unknown:
        raise TypeError(f"not motion fields: {sorted(unknown)}")
    for name, value in fields.items():
        setattr(motion, name, text.clean(value) if name == "title" else value)
    if motion.item_id is not None and motion.item.congress_id != motion.congress_id:
        raise CongressError(_("Mục chương trình không thuộc Đại hội này."))
    _clean(motion, exclude=["opened_by", "closed_by"])
    _save(motion, actor)
    live.changed(motion.congress_id, "vote")
    return motion


@transaction.atomic
def open_motion(motion, *, actor):
    """Open the vote: only with the congress quorate, and one vote at a time."""
    motion = _locked_motion(motion)
    if motion.status != MotionStatus.DRAFT:
        raise CongressError(_("Biểu quyết này đã mở hoặc đã kết thúc."))
    congress = Congress.objects.select_for_update().get(pk=motion.congress_id)
    board = attendance_board(congress)
    if not board.reached:
        raise CongressError(
            _("Chưa đủ số đại biểu có mặt để biểu quyết: có %(present)s, cần ít nhất %(needed)s.")
            % {"present": board.present, "needed": board.needed}
        )
    if Motion.objects.filter(congress=congress, status=MotionStatus.OPEN).exists():
        raise CongressError(_("Đang có một biểu quyết khác chưa kết thúc."))
    motion.status = MotionStatus.OPEN
    motion.majority_base = congress.majority_base
    motion.opened_at = timezone.now()
    motion.opened_by = actor
    _save(motion, actor)
    live.changed(motion.congress_id, "vote")
    return motion


@dataclass
class VoteResult:
    motion: Motion
    counted: bool

    @property
    def message(self):
        if self.counted:
            return _("Đã ghi nhận biểu quyết của bạn.")
        return _("Bạn đã biểu quyết nội dung này; mỗi đại biểu chỉ được tính một lần.")


def cast_vote(motion, delegate, *, actor, choice):
    """Record one delegate's vote; a second one (retry, another tab, a double tap) counts nothing."""
    if choice not in Choice.values:
        raise CongressError(_("Hãy chọn Tán thành, Không tán thành hoặc Không biểu quyết."))
    delegate = _at_the_congress(delegate, motion.congress_id)
    if delegate is None:
        raise CongressError(_("Chỉ đại biểu chính thức của Đại hội này mới biểu quyết."))
    if not delegate.present:
        raise CongressError(_("Đại biểu chưa điểm danh nên chưa biểu quyết được. Hãy đến bàn điểm danh."))
    try:
        with transaction.atomic():
            MotionVote.objects.create(
                motion=motion, delegate=delegate, choice="" if motion.secret else choice
            )
            # Counted only while the motion is open: a vote racing the close waits for its lock and then
            # finds it closed, and the whole vote is undone.
            counted = Motion.objects.filter(pk=motion.pk, status=MotionStatus.OPEN).update(
                **{choice: F(choice) + 1}
            )
            if not counted:
                raise CongressError(_("Biểu quyết này không mở (chưa mở hoặc đã kết thúc)."))
    except IntegrityError:
        return VoteResult(motion, counted=False)
    live.changed(motion.congress_id, "tally")
    return VoteResult(motion, counted=True)


def outcome(*, yes, no, abstain, present, summoned, majority_base):
    """(base, passed): the number "more than half" is counted against, and whether the yeses are more than half.

    Abstentions are valid votes: they count in the base of votes cast, and are not yeses.
    """
    if majority_base == MajorityBase.SUMMONED:
        base = summoned
    elif majority_base == MajorityBase.PRESENT:
        base = present
    else:
        base = yes + no + abstain
    return base, base > 0 and 2 * yes > base


@transaction.atomic
def close_motion(motion, *, actor):
    """End the vote and write the result down with the numbers it was read against."""
    motion = _locked_motion(motion)
    if motion.status != MotionStatus.OPEN:
        raise CongressError(_("Biểu quyết này không đang mở."))
    board = attendance_board(motion.congress)
    motion.summoned, motion.present, motion.needed = board.summoned, board.present, board.needed
    motion.base, passed = outcome(
        yes=motion.yes,
        no=motion.no,
        abstain=motion.abstain,
        present=board.present,
        summoned=board.summoned,
        majority_base=motion.majority_base,
    )
    motion.passed = passed and motion.quorate
    motion.status = MotionStatus.CLOSED
    motion.closed_at = timezone.now()
    motion.closed_by = actor
    _save(motion, actor)
    live.changed(motion.congress_id, "vote", "tally")
    return motion


@transaction.atomic
def cancel_motion(motion, *, actor):
    """Drop a motion not yet decided; votes already cast stay recorded and are not counted in any result."""
    motion = _locked_motion(motion)
    if motion.status not in (MotionStatus.DRAFT, MotionStatus.OPEN):
        raise CongressError(_("Biểu quyết đã kết thúc thì không huỷ được."))
    motion.status = MotionStatus.CANCELLED
    motion.closed_at = timezone.now()
    motion.closed_by = actor
    _save(motion, actor)
    live.changed(motion.congress_id, "vote", "tally")
    return motion


# --- The projector screen --------------------------------------------------------------------------------


@transaction.atomic
def new_screen_token(congress, *, actor):
    """A new address for the hall's projector screen; screens on the old one stop showing anything."""
    congress = Congress.objects.select_for_update().get(pk=congress.pk)
    congress.screen_token = secrets.token_urlsafe(18)
    congress.save(update_fields=["screen_token"])
    return congress


def congress_for_screen(token):
    if not token:
        return None
    return Congress.objects.select_related("term__federation").filter(screen_token=token).first()

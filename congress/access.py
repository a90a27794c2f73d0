"""Fetch-and-authorise for the congress pages (delegates, check-in, documents, comments).

The secretariat sees everything. A delegate (any account linked to a delegate of the congress who is
neither a guest nor revoked: a lead summoned as a delegate too) sees the congress's documents, their own
comments and their own card, and in the hall asks to speak and votes. The presiding board runs the hall with
the secretariat; the projector screen opens with its token alone. Anyone else is told nothing is there (404); nobody signed out gets past sign-in.
"""

from django.http import Http404
from django.shortcuts import get_object_or_404

from congress.models import (
    AgendaItem,
    Comment,
    Congress,
    CongressDocument,
    Delegate,
    DelegateKind,
    HallOfficer,
    Motion,
    SheetImport,
    SpeakerRequest,
)
from congress.services.delegates import delegate_of
from congress.services.hall import congress_for_screen, runs_the_hall
from members.access import require_secretariat


def latest_congress():
    return Congress.objects.select_related("term__federation").order_by("-term__ordinal").first()


def latest_delegacy(user):
    """The account's delegate seat at the most recent congress it is summoned to (not as a guest), or None."""
    return (
        Delegate.objects.filter(account=user, revoked_at__isnull=True)
        .exclude(kind=DelegateKind.GUEST)
        .order_by("-congress__term__ordinal")
        .first()
    )


def get_congress(user, pk):
    """A congress, for the secretariat only."""
    require_secretariat(user)
    return get_object_or_404(Congress.objects.select_related("term__federation"), pk=pk)


def get_congress_for_reader(user, pk):
    """(congress, delegate): the secretariat (delegate None) or one of the congress's delegates."""
    congress = get_object_or_404(Congress.objects.select_related("term__federation"), pk=pk)
    if user.is_secretariat:
        return congress, None
    delegate = delegate_of(user, congress)
    if delegate is None:
        raise Http404
    return congress, delegate


def get_delegate(user, pk):
    require_secretariat(user)
    return get_object_or_404(
        Delegate.objects.select_related("person", "association", "account", "congress__term__federation"),
        pk=pk,
    )


def get_own_or_any_delegate(user, pk):
    """A delegate's card: the secretariat sees any, a delegate only their own."""
    delegate = get_object_or_404(
        Delegate.objects.select_related("person", "association", "congress__term__federation"), pk=pk
    )
    if user.is_secretariat:
        return delegate
    own = delegate_of(user, delegate.congress)
    if own is None or own.pk != delegate.pk:
        raise Http404
    return delegate


def get_document(user, pk):
    """(document, delegate) for a reader of its congress."""
    document = get_object_or_404(
        CongressDocument.objects.select_related("congress__term__federation", "report_version__report"), pk=pk
    )
    _congress, delegate = get_congress_for_reader(user, document.congress_id)
    return document, delegate


def get_document_for_secretariat(user, pk):
    require_secretariat(user)
    return get_object_or_404(
        CongressDocument.objects.select_related("congress__term__federation", "report_version__report"), pk=pk
    )


def get_comment(user, pk):
    """The secretariat's view of any comment; a delegate's of their own only (another's answers 404)."""
    comment = get_object_or_404(
        Comment.objects.select_related("document__congress", "delegate__person", "author"), pk=pk
    )
    if user.is_secretariat:
        return comment
    if not user.is_authenticated or comment.delegate.account_id != user.pk:
        raise Http404
    if delegate_of(user, comment.document.congress) is None:
        raise Http404
    return comment


def get_comment_for_secretariat(user, pk):
    require_secretariat(user)
    return get_object_or_404(Comment.objects.select_related("document", "delegate__person"), pk=pk)


def get_sheet_import(user, pk):
    """A sheet uploaded to a congress, for the secretariat only."""
    require_secretariat(user)
    return get_object_or_404(
        SheetImport.objects.select_related(
            "congress__term__federation", "election", "uploaded_by", "applied_by"
        ),
        pk=pk,
    )


# --- The hall on the day ------------------------------------------------------------------------------------


def get_hall(user, pk):
    """(congress, delegate, runs): a reader of the congress, their delegacy (None for the secretariat), and
    whether they run the hall (the secretariat, or a member of the presiding board)."""
    congress, delegate = get_congress_for_reader(user, pk)
    return congress, delegate, runs_the_hall(user, congress)


def get_congress_to_run(user, pk):
    """A congress, for those who run its hall: the secretariat and the presiding board; anyone else 404."""
    congress = get_object_or_404(Congress.objects.select_related("term__federation"), pk=pk)
    if not runs_the_hall(user, congress):
        raise Http404
    return congress


def _to_run(user, queryset, pk):
    obj = get_object_or_404(queryset, pk=pk)
    if not runs_the_hall(user, obj.congress):
        raise Http404
    return obj


def get_item_to_run(user, pk):
    return _to_run(user, AgendaItem.objects.select_related("congress__term"), pk)


def get_motion_to_run(user, pk):
    return _to_run(user, Motion.objects.select_related("congress__term"), pk)


def get_speaker_to_run(user, pk):
    speaker = get_object_or_404(
        SpeakerRequest.objects.select_related("item__congress__term", "delegate__person"), pk=pk
    )
    get_item_to_run(user, speaker.item_id)
    return speaker


def get_item_for_delegate(user, pk):
    """(item, delegate): an item of a congress the user is a delegate of; the secretariat without a seat and
    everyone else are told nothing is there."""
    item = get_object_or_404(AgendaItem.objects.select_related("congress__term"), pk=pk)
    delegate = delegate_of(user, item.congress)
    if delegate is None:
        raise Http404
    return item, delegate


def get_own_speaker(user, pk):
    """A delegate's own request to speak (to withdraw it); another's answers 404."""
    speaker = get_object_or_404(SpeakerRequest.objects.select_related("item__congress", "delegate"), pk=pk)
    delegate = delegate_of(user, speaker.item.congress)
    if delegate is None or delegate.pk != speaker.delegate_id:
        raise Http404
    return speaker


def get_contribution(user, pk):
    """A written contribution's file: for the secretariat and the congress's delegates."""
    speaker = get_object_or_404(
        SpeakerRequest.objects.select_related("item__congress__term", "delegate__person").exclude(file=""),
        pk=pk,
    )
    get_congress_for_reader(user, speaker.item.congress_id)
    return speaker


def get_motion_for_voter(user, pk):
    """(motion, delegate): a motion of a congress the user is a delegate of (guests and revoked codes are not)."""
    motion = get_object_or_404(Motion.objects.select_related("congress"), pk=pk)
    delegate = delegate_of(user, motion.congress)
    if delegate is None:
        raise Http404
    return motion, delegate


def get_congress_for_screen(token):
    """The congress whose projector screen this token opens; a wrong or replaced token answers 404."""
    congress = congress_for_screen(token)
    if congress is None:
        raise Http404
    return congress


def get_agenda_item(user, pk):
    """A programme item, for the secretariat that prepares the programme."""
    require_secretariat(user)
    return get_object_or_404(AgendaItem.objects.select_related("congress__term"), pk=pk)


def get_officer(user, pk):
    require_secretariat(user)
    return get_object_or_404(HallOfficer.objects.select_related("congress", "delegate__person"), pk=pk)

"""Fetch-and-authorise for the congress pages (delegates, check-in, documents, comments).

The secretariat sees everything. A delegate (any account linked to a delegate of the congress who is
neither a guest nor revoked: a lead summoned as a delegate too) sees the congress's documents, their own
comments and their own card. Anyone else is told nothing is there (404); nobody signed out gets past sign-in.
"""

from django.http import Http404
from django.shortcuts import get_object_or_404

from congress.models import Comment, Congress, CongressDocument, Delegate, DelegateKind, SheetImport
from congress.services.delegates import delegate_of
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

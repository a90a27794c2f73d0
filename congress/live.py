"""Tells the hall's live pages that something changed."""


def changed(congress_id, *topics):
    """Announce that these topics of the congress changed (once the current transaction commits)."""


def event_stream(request, congress_id):
    from django.http import HttpResponse

    return HttpResponse(status=204)

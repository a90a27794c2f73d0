"""The congress's live events: what a hall page's EventSource reads (see congress.live)."""

from django.contrib.auth.decorators import login_required
from django.urls import path

from congress import access, live


@login_required
def events(request, pk):
    """Which topics of the congress changed, for its secretariat and its delegates; versions only."""
    congress, _delegate = access.get_congress_for_reader(request.user, pk)
    return live.event_stream(request, congress.pk)


urlpatterns = [
    path("<int:pk>/su-kien/", events, name="events"),
]

import posixpath

from django.contrib.auth.decorators import login_required
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404
from django.shortcuts import redirect

from members import access
from members import views as member_views
from members.models import UserRole


@login_required
def home(request):
    """The first page after sign-in: delegates go to their congress documents, everyone else to members' home."""
    if request.user.role == UserRole.DELEGATE and not request.user.is_secretariat:
        return redirect("congress:home")
    return member_views.home(request)


@login_required
def stored_file(request, name):
    """A stored file by its storage name, for the secretariat only: the admin links its files here.

    Everyone else gets files from the pages that check who may see them (a congress document, a report
    version). Always an attachment, so an uploaded page or image never runs in the portal's name.
    """
    access.require_secretariat(request.user)
    if not default_storage.exists(name):
        raise Http404
    return FileResponse(
        default_storage.open(name, "rb"), as_attachment=True, filename=posixpath.basename(name)
    )

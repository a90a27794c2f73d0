from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect

from members import views as member_views
from members.models import UserRole


@login_required
def home(request):
    """The first page after sign-in: delegates go to their congress documents, everyone else to members' home."""
    if request.user.role == UserRole.DELEGATE and not request.user.is_secretariat:
        return redirect("congress:home")
    return member_views.home(request)

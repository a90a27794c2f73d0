from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect

from members import access


@login_required
def home(request):
    if request.user.is_secretariat:
        return HttpResponse("dashboard")
    return redirect("members:associations")


@login_required
def association_list(request):
    return HttpResponse("list")


@login_required
def association_detail(request, pk):
    association = access.get_association(request.user, pk)
    return HttpResponse(association.name)


@login_required
def committee(request):
    access.require_secretariat(request.user)
    return HttpResponse("committee")


@login_required
def person_detail(request, pk):
    person = access.get_person(request.user, pk)
    return HttpResponse(person.full_name)

import datetime

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone

from members import access, figures, selectors
from members.forms import AssociationFilterForm, CommitteeDateForm, RosterFilterForm
from members.models import Block, Federation, Term


def _page(request, queryset):
    return Paginator(queryset, settings.PAGE_SIZE).get_page(request.GET.get("trang"))


@login_required
def home(request):
    user = request.user
    if user.is_secretariat:
        return _dashboard(request)
    if user.is_lead:
        associations = list(user.associations.values_list("pk", flat=True)[:2])
        if len(associations) == 1:
            return redirect("members:association", pk=associations[0])
        return redirect("members:associations")
    return render(request, "members/welcome.html")


def _dashboard(request):
    today = timezone.localdate()
    federation = Federation.objects.first()
    numbers = figures.federation_figures(today, federation)
    members_by_block = selectors.members_by_block(today)
    blocks = [
        {
            "code": block,
            "label": label,
            "associations": numbers.associations_by_block[block],
            "members": members_by_block[block],
        }
        for block, label in Block.choices
    ]
    return render(
        request,
        "members/dashboard.html",
        {
            "today": today,
            # Also the header's: given here, the page frame does not fetch it a second time.
            "federation": federation,
            "figures": numbers,
            "blocks": blocks,
            "events": selectors.term_changes(numbers.current_term),
        },
    )


@login_required
def association_list(request):
    today = timezone.localdate()
    form = AssociationFilterForm(request.GET)
    associations = form.filter(access.visible_associations(request.user), today)
    associations = selectors.with_member_count(associations).order_by("sort_key", "id")
    page = _page(request, associations)
    return render(
        request,
        "members/association_list.html",
        {"form": form, "page": page, "today": today},
    )


@login_required
def association_detail(request, pk):
    association = access.get_association(request.user, pk)
    form = RosterFilterForm(request.GET)
    query, left = form.values()
    page = _page(request, selectors.roster(association, left=left, query=query))
    return render(
        request,
        "members/association_detail.html",
        {
            "association": association,
            "form": form,
            "query": query,
            "left": left,
            "page": page,
            "counts": selectors.association_status_counts(association),
            "leads": list(association.leads.filter(is_active=True).order_by("full_name", "email")),
            "merged_from": selectors.merged_from(association),
            "today": timezone.localdate(),
        },
    )


@login_required
def committee(request):
    access.require_secretariat(request.user)
    today = timezone.localdate()
    form = CommitteeDateForm(request.GET if "ngay" in request.GET else None)
    date = form.date(today)
    terms = list(Term.objects.order_by("ordinal"))
    term = next((t for t in reversed(terms) if t.congress_date <= date), None)
    # Each congress day, and the eve of the next one: the committee as elected and as it ended the term.
    shortcuts = []
    for this, following in zip(terms, [*terms[1:], None], strict=True):
        shortcuts.append(("congress", this, this.congress_date))
        if following is not None:
            shortcuts.append(("term_end", this, following.congress_date - datetime.timedelta(days=1)))
    return render(
        request,
        "members/committee.html",
        {
            "form": form,
            "date": date,
            "today": today,
            "term": term,
            "shortcuts": shortcuts,
            "bodies": selectors.committee_on(date),
            "events": selectors.term_changes(term),
        },
    )


@login_required
def person_detail(request, pk):
    person = access.get_person(request.user, pk)
    memberships = selectors.visible_memberships(request.user, person)
    mandates = list(person.mandates.select_related("term").order_by("started_on", "id"))
    today = timezone.localdate()
    return render(
        request,
        "members/person_detail.html",
        {
            "person": person,
            "memberships": memberships,
            "mandates": mandates,
            "history": selectors.person_history(person, memberships, mandates),
            "age": person.age_on(today),
            "today": today,
        },
    )


def not_offered(request):
    raise Http404

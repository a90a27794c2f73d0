"""Election pages: setting up, the ballot paper, the two entries, the count, its confirmation and corrections;
and the congress's resolution with its targets. All of it is the secretariat's (acting as the counting board).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, re_path, reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from congress import counting, history
from congress.election_forms import (
    BallotForm,
    BallotTotalsForm,
    CandidateSearchForm,
    CorrectionForm,
    ElectionForm,
    ImportForm,
    ResolutionForm,
    TargetForm,
    TieDecisionForm,
)
from congress.models import Ballot, Candidate, Congress, Election, Entry, Resolution
from congress.services import CongressError
from congress.services import elections as services
from members.access import require_secretariat
from members.exporting import file_response
from members.importing import SheetError
from members.models import Mandate, Person
from members.paging import page_of
from reports.figures import FIGURES
from reports.models import Target

SEARCH_LIMIT = 20
# The entered-ballots list is narrow: a word for what each ballot is.
SHORT_VALIDITY = {
    counting.Validity.VALID: gettext_lazy("Hợp lệ"),
    counting.Validity.SPOILED: gettext_lazy("Hỏng"),
    counting.Validity.BLANK: gettext_lazy("Gạch hết"),
    counting.Validity.TOO_MANY: gettext_lazy("Quá số"),
}


def _election(request, pk):
    require_secretariat(request.user)
    return get_object_or_404(
        Election.objects.select_related("congress__term__federation", "runoff_of", "confirmed_by"), pk=pk
    )


def _congress(request, pk):
    require_secretariat(request.user)
    return get_object_or_404(Congress.objects.select_related("term__federation"), pk=pk)


def _result_url(election):
    return reverse("congress:election_result", args=[election.pk])


# --- The elections of each congress, and setting one up ------------------------------------------------


@login_required
def election_list(request):
    require_secretariat(request.user)
    congresses = (
        Congress.objects.select_related("term")
        .prefetch_related(
            Prefetch(
                "elections",
                queryset=Election.objects.annotate(
                    candidate_count=Count("candidates", distinct=True),
                    ballot_count=Count("ballots", distinct=True),
                ).order_by("held_on", "id"),
            )
        )
        .order_by("-term__ordinal")
    )
    return render(request, "congress/elections/list.html", {"congresses": congresses})


@login_required
def election_create(request, congress_pk):
    congress = _congress(request, congress_pk)
    form = ElectionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            election = services.create_election(congress, actor=request.user, **form.cleaned_data)
        except CongressError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _("Đã tạo cuộc bầu “%(title)s”. Hãy lập danh sách người ứng cử.") % {"title": election.title},
            )
            return redirect("congress:election_candidates", election.pk)
    return render(request, "congress/elections/form.html", {"congress": congress, "form": form})


@login_required
def election_edit(request, pk):
    election = _election(request, pk)
    initial = {name: getattr(election, name) for name in ("title", "body", "role", "seats", "held_on")}
    form = ElectionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        fields = {**form.cleaned_data, "held_on": form.cleaned_data["held_on"] or election.congress.date}
        try:
            services.update_election(election, actor=request.user, **fields)
        except CongressError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Đã lưu."))
            return redirect("congress:election", election.pk)
    return render(
        request,
        "congress/elections/form.html",
        {"congress": election.congress, "form": form, "election": election},
    )


@login_required
def election_detail(request, pk):
    election = _election(request, pk)
    candidates = election.candidates.select_related("person", "mandate").order_by("number")
    entries = dict(
        Ballot.objects.filter(election=election).values_list("entry").annotate(n=Count("id")).order_by()
    )
    return render(
        request,
        "congress/elections/detail.html",
        {
            "election": election,
            "candidates": candidates,
            "entries": [(entry, label, entries.get(entry, 0)) for entry, label in Entry.choices],
            # Both entries hold ballots: the minutes and the printed log can be drawn.
            "counted": all(entries.get(entry) for entry in Entry.values),
            "runoffs": election.runoffs.order_by("id"),
            "changes": history.election_changes(election),
        },
    )


@login_required
def election_candidates(request, pk):
    election = _election(request, pk)
    if request.method == "POST":
        chosen = request.POST.get("person", "")
        person = get_object_or_404(Person, pk=int(chosen) if chosen.isdigit() else 0)
        try:
            services.add_candidate(election, person, actor=request.user)
        except CongressError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Đã thêm %(name)s vào danh sách.") % {"name": person.full_name})
        query = request.POST.get("q", "")
        return redirect(
            reverse("congress:election_candidates", args=[election.pk])
            + (f"?{urlencode({'q': query})}" if query else "")
        )
    search = CandidateSearchForm(request.GET or None)
    candidates = list(election.candidates.select_related("person").order_by("number"))
    found = []
    if search.is_valid() and search.cleaned_data["q"].strip():
        listed = {c.person_id for c in candidates}
        found = [
            (person, person.pk in listed)
            for person in Person.objects.search(search.cleaned_data["q"]).order_by("sort_key", "id")[
                :SEARCH_LIMIT
            ]
        ]
    return render(
        request,
        "congress/elections/candidates.html",
        {
            "election": election,
            "candidates": candidates,
            "search": search,
            "found": found,
            "locked": election.is_confirmed or election.ballots.exists(),
        },
    )


@login_required
@require_POST
def candidate_remove(request, pk, candidate_pk):
    election = _election(request, pk)
    candidate = get_object_or_404(
        Candidate.objects.select_related("person"), election=election, pk=candidate_pk
    )
    try:
        services.remove_candidate(candidate, actor=request.user)
    except CongressError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Đã bỏ %(name)s khỏi danh sách.") % {"name": candidate.person.full_name})
    return redirect("congress:election_candidates", election.pk)


@login_required
def ballot_paper(request, pk):
    election = _election(request, pk)
    if not election.candidates.exists():
        messages.error(request, _("Cuộc bầu chưa có danh sách người ứng cử để in phiếu."))
        return redirect("congress:election_candidates", election.pk)
    return file_response(*services.ballot_paper_pdf(election), inline=True)


# --- Entering ballots ----------------------------------------------------------------------------------


def _entry_page(request, election, entry, form, *, editing=None):
    ballots = list(
        Ballot.objects.filter(election=election, entry=entry).select_related("entered_by").order_by("-number")
    )
    numbers = [n for n, _label in form.fields["kept"].choices]
    rows = []
    for ballot in ballots:
        kept = set(ballot.kept)
        validity = counting.ballot_validity(kept, election.seats, spoiled=ballot.spoiled)
        rows.append(
            {
                "number": ballot.number,
                "kept": len(kept),
                "crossed": counting.join_numbers(set(numbers) - kept),
                "spoiled": ballot.spoiled,
                "validity": validity,
                "label": counting.VALIDITY_LABELS[validity],
                "short": SHORT_VALIDITY[validity],
                "entered_by": ballot.entered_by,
                "entered_at": ballot.entered_at,
            }
        )
    other = Entry.SECOND if entry == Entry.FIRST else Entry.FIRST
    return render(
        request,
        "congress/elections/entry.html",
        {
            "election": election,
            "entry": entry,
            "entry_label": Entry(entry).label,
            "other": other,
            "other_count": Ballot.objects.filter(election=election, entry=other).count(),
            "form": form,
            "rows": rows,
            "editing": editing,
            "locked": election.is_confirmed,
        },
    )


@login_required
def ballot_entry(request, pk, entry):
    election = _election(request, pk)
    entry = int(entry)
    candidates = list(election.candidates.select_related("person").order_by("number"))
    url = reverse("congress:election_entry", args=[election.pk, entry])
    if request.method == "POST":
        form = BallotForm(request.POST, candidates=candidates)
        if form.is_valid():
            data = form.cleaned_data
            try:
                ballot, changed = services.record_ballot(
                    election,
                    actor=request.user,
                    entry=entry,
                    number=data["number"],
                    kept=data["kept"],
                    spoiled=data["spoiled"],
                    replace=data["replace"],
                )
            except CongressError as error:
                form.add_error(None, str(error))
            else:
                validity = counting.ballot_validity(set(ballot.kept), election.seats, spoiled=ballot.spoiled)
                if changed:
                    messages.success(
                        request,
                        _("Đã ghi phiếu số %(number)s: %(validity)s.")
                        % {"number": ballot.number, "validity": counting.VALIDITY_LABELS[validity].lower()},
                    )
                else:
                    messages.info(
                        request,
                        _("Phiếu số %(number)s đã được ghi đúng như vậy từ trước.")
                        % {"number": ballot.number},
                    )
                return redirect(url)
        return _entry_page(
            request, election, entry, form, editing=request.POST.get("replace") and request.POST.get("number")
        )

    editing = None
    number = request.GET.get("so", "")
    if number.isdigit():
        editing = Ballot.objects.filter(election=election, entry=entry, number=int(number)).first()
    if editing is not None:
        initial = {
            "number": editing.number,
            "kept": editing.kept,
            "spoiled": editing.spoiled,
            "replace": True,
        }
    elif number.isdigit() and int(number) > 0:
        # A ballot the other entry has and this one misses: open it under its number.
        initial = {"number": int(number), "kept": [c.number for c in candidates]}
    else:
        last = Ballot.objects.filter(election=election, entry=entry).order_by("-number").first()
        initial = {"number": (last.number + 1) if last else 1, "kept": [c.number for c in candidates]}
    form = BallotForm(initial=initial, candidates=candidates)
    return _entry_page(request, election, entry, form, editing=editing and editing.number)


@login_required
@require_POST
def ballot_remove(request, pk, entry, number):
    election = _election(request, pk)
    try:
        services.remove_ballot(election, actor=request.user, entry=int(entry), number=number)
    except CongressError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("Đã xoá phiếu số %(number)s khỏi lượt nhập %(entry)s.") % {"number": number, "entry": entry},
        )
    return redirect("congress:election_entry", election.pk, int(entry))


@login_required
def ballot_import(request, pk):
    election = _election(request, pk)
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            upload = services.stage_ballot_import(
                election, data["sheet"], actor=request.user, entry=data["entry"], replace=data["replace"]
            )
        except (SheetError, CongressError) as error:
            form.add_error("sheet", str(error))
        else:
            return redirect("congress:sheet_import", pk=upload.pk)
    candidates = election.candidates.select_related("person").order_by("number")
    return render(
        request,
        "congress/elections/import.html",
        {"election": election, "form": form, "candidates": candidates},
    )


@login_required
def ballot_log(request, pk):
    election = _election(request, pk)
    entry = request.GET.get("luot")
    entry = int(entry) if entry in ("1", "2") else None
    page = page_of(request, history.ballot_log_records(election, entry))
    return render(
        request,
        "congress/elections/log.html",
        {
            "election": election,
            "entry": entry,
            "entries": Entry.choices,
            "page": page,
            "lines": history.ballot_log_lines(election, page.object_list, start=page.start_index()),
        },
    )


@login_required
def ballot_log_pdf(request, pk):
    election = _election(request, pk)
    return file_response(*services.ballot_log_pdf(election), inline=True)


# --- The count, its confirmation, corrections ----------------------------------------------------------


@login_required
def election_result(request, pk):
    election = _election(request, pk)
    count = services.election_count(election)
    tie = count.result.tie if count.result else None
    by_number = {c.number: c for c in count.candidates}
    tie_form = None
    if (
        tie is not None
        and tie.rule != counting.TieRule.RUNOFF
        and (not tie.resolved or tie.how == "decision")
    ):
        initial = {"note": count.decision.note} if count.decision else {}
        tie_form = TieDecisionForm(tied=[by_number[n] for n in tie.numbers], initial=initial)
    totals_form = BallotTotalsForm(
        initial={"ballots_issued": election.ballots_issued, "electors_present": election.electors_present}
    )
    corrections = election.corrections.select_related("recorded_by").prefetch_related(
        Prefetch("withdrawn", queryset=Candidate.objects.select_related("person")),
        Prefetch("added", queryset=Candidate.objects.select_related("person")),
    )
    outgoing = election.congress.outgoing_term
    ending = 0
    if outgoing is not None and not election.is_confirmed:
        ending = Mandate.objects.filter(term=outgoing, body=election.body, ended_on__isnull=True).count()
    return render(
        request,
        "congress/elections/result.html",
        {
            "outgoing": outgoing,
            "ending": ending,
            "election": election,
            "count": count,
            "result": count.result,
            "tie": tie,
            "tied": [by_number[n] for n in tie.numbers] if tie else [],
            "tie_form": tie_form,
            "totals_form": totals_form,
            "corrections": corrections,
            "runoffs": election.runoffs.order_by("id"),
            "by_number": by_number,
        },
    )


@login_required
@require_POST
def ballot_totals(request, pk):
    election = _election(request, pk)
    form = BallotTotalsForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Số phiếu phát ra phải là một số nguyên không âm."))
        return redirect(_result_url(election))
    try:
        services.set_ballot_totals(
            election,
            actor=request.user,
            issued=form.cleaned_data["ballots_issued"],
            electors_present=form.cleaned_data["electors_present"],
        )
    except CongressError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Đã lưu số phiếu phát ra."))
    return redirect(_result_url(election))


@login_required
@require_POST
def tie_decision(request, pk):
    election = _election(request, pk)
    candidates = list(election.candidates.select_related("person"))
    form = TieDecisionForm(request.POST, tied=candidates)
    if not form.is_valid():
        messages.error(request, _("Hãy chọn người được chọn và ghi căn cứ của quyết định."))
        return redirect(_result_url(election))
    chosen = [c for c in candidates if c.number in set(form.cleaned_data["chosen"])]
    try:
        services.record_tie_decision(
            election, actor=request.user, chosen=chosen, note=form.cleaned_data["note"]
        )
    except CongressError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Đã ghi quyết định của Đại hội."))
    return redirect(_result_url(election))


@login_required
@require_POST
def confirm(request, pk):
    election = _election(request, pk)
    try:
        election, runoff = services.confirm_result(election, actor=request.user)
    except CongressError as error:
        messages.error(request, str(error))
        return redirect(_result_url(election))
    messages.success(
        request, _("Đã xác nhận kết quả. Danh sách trúng cử đã được ghi vào chức danh của khoá mới.")
    )
    if runoff is not None:
        messages.info(
            request,
            _("Đã tạo cuộc bầu lại cho %(seats)s ghế còn lại giữa những người bằng phiếu.")
            % {"seats": runoff.seats},
        )
        return redirect("congress:election", runoff.pk)
    return redirect(_result_url(election))


@login_required
def minutes(request, pk):
    election = _election(request, pk)
    try:
        return file_response(*services.minutes_pdf(election), inline=True)
    except CongressError as error:
        messages.error(request, str(error))
        return redirect(_result_url(election))


@login_required
def correction(request, pk):
    election = _election(request, pk)
    if not election.is_confirmed:
        messages.error(request, _("Chỉ đính chính được kết quả đã xác nhận."))
        return redirect(_result_url(election))
    candidates = list(election.candidates.select_related("person", "mandate").order_by("number"))
    holders = [c for c in candidates if c.mandate and not c.mandate.ended_on]
    others = [c for c in candidates if c not in holders]
    form = CorrectionForm(
        request.POST or None, holders=holders, others=others, initial={"effective_on": election.held_on}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        by_pk = {c.pk: c for c in candidates}
        try:
            services.record_correction(
                election,
                actor=request.user,
                reason=data["reason"],
                effective_on=data["effective_on"],
                withdrawn=[by_pk[pk] for pk in data["withdrawn"]],
                added=[by_pk[pk] for pk in data["added"]],
            )
        except CongressError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _("Đã ghi biên bản đính chính; chức danh của những người liên quan đã được cập nhật."),
            )
            return redirect(_result_url(election))
    return render(
        request,
        "congress/elections/correction.html",
        {"election": election, "form": form, "holders": holders},
    )


# --- The resolution ------------------------------------------------------------------------------------


@login_required
def resolution(request, congress_pk):
    congress = _congress(request, congress_pk)
    current = Resolution.objects.filter(congress=congress).first()
    initial = {"adopted_on": congress.date}
    if current:
        initial = {"adopted_on": current.adopted_on, "summary": current.summary}
    form = ResolutionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_resolution(congress, actor=request.user, **form.cleaned_data)
        except CongressError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Đã lưu nghị quyết."))
            return redirect("congress:resolution", congress.pk)
    return _resolution_page(request, congress, current, form, TargetForm())


def _resolution_page(request, congress, current, form, target_form):
    targets = [
        (t, FIGURES.get(t.figure))
        for t in Target.objects.filter(term=congress.term).order_by("position", "id")
    ]
    return render(
        request,
        "congress/elections/resolution.html",
        {
            "congress": congress,
            "resolution": current,
            "form": form,
            "target_form": target_form,
            "targets": targets,
        },
    )


@login_required
@require_POST
def target_add(request, congress_pk):
    congress = _congress(request, congress_pk)
    form = TargetForm(request.POST)
    if form.is_valid():
        try:
            services.add_target(congress, actor=request.user, **form.cleaned_data)
        except CongressError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request, _("Đã thêm chỉ tiêu “%(label)s”.") % {"label": form.cleaned_data["label"]}
            )
            return redirect(reverse("congress:resolution", args=[congress.pk]) + "#chi-tieu")
    current = Resolution.objects.filter(congress=congress).first()
    initial = (
        {"adopted_on": current.adopted_on, "summary": current.summary}
        if current
        else {"adopted_on": congress.date}
    )
    return _resolution_page(request, congress, current, ResolutionForm(initial=initial), form)


@login_required
@require_POST
def target_remove(request, congress_pk, target_pk):
    congress = _congress(request, congress_pk)
    target = get_object_or_404(Target, term=congress.term, pk=target_pk)
    services.remove_target(target, actor=request.user)
    messages.success(request, _("Đã bỏ chỉ tiêu “%(label)s”.") % {"label": target.label})
    return redirect(reverse("congress:resolution", args=[congress.pk]) + "#chi-tieu")


urlpatterns = [
    path("bau-cu/", election_list, name="elections"),
    path("bau-cu/tao/<int:congress_pk>/", election_create, name="election_create"),
    path("bau-cu/<int:pk>/", election_detail, name="election"),
    path("bau-cu/<int:pk>/sua/", election_edit, name="election_edit"),
    path("bau-cu/<int:pk>/danh-sach/", election_candidates, name="election_candidates"),
    path(
        "bau-cu/<int:pk>/danh-sach/<int:candidate_pk>/xoa/",
        candidate_remove,
        name="election_candidate_remove",
    ),
    path("bau-cu/<int:pk>/phieu-bau.pdf", ballot_paper, name="election_ballot_paper"),
    re_path(r"^bau-cu/(?P<pk>\d+)/nhap-phieu/(?P<entry>[12])/$", ballot_entry, name="election_entry"),
    re_path(
        r"^bau-cu/(?P<pk>\d+)/nhap-phieu/(?P<entry>[12])/(?P<number>\d+)/xoa/$",
        ballot_remove,
        name="election_ballot_remove",
    ),
    path("bau-cu/<int:pk>/nhap-tep/", ballot_import, name="election_import"),
    path("bau-cu/<int:pk>/nhat-ky-phieu/", ballot_log, name="election_log"),
    path("bau-cu/<int:pk>/nhat-ky-nhap-phieu.pdf", ballot_log_pdf, name="election_log_pdf"),
    path("bau-cu/<int:pk>/ket-qua/", election_result, name="election_result"),
    path("bau-cu/<int:pk>/so-phieu/", ballot_totals, name="election_totals"),
    path("bau-cu/<int:pk>/bang-phieu/", tie_decision, name="election_tie_decision"),
    path("bau-cu/<int:pk>/xac-nhan/", confirm, name="election_confirm"),
    path("bau-cu/<int:pk>/bien-ban-kiem-phieu.pdf", minutes, name="election_minutes"),
    path("bau-cu/<int:pk>/dinh-chinh/", correction, name="election_correction"),
    path("nghi-quyet/<int:congress_pk>/", resolution, name="resolution"),
    path("nghi-quyet/<int:congress_pk>/chi-tieu/", target_add, name="resolution_target_add"),
    path(
        "nghi-quyet/<int:congress_pk>/chi-tieu/<int:target_pk>/xoa/",
        target_remove,
        name="resolution_target_remove",
    ),
]

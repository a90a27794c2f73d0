import datetime

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from members import access, charts, exporting, figures, importing, selectors, services
from members.forms import (
    AssociationFilterForm,
    CommitteeDateForm,
    LeadInvitationForm,
    LeavingForm,
    LinkDecisionForm,
    MemberForm,
    PeopleSearchForm,
    RosterFilterForm,
    RosterUploadForm,
)
from members.models import (
    UNSENT_INVITATIONS,
    Association,
    Block,
    Federation,
    InvitationStatus,
    Term,
    UploadStatus,
    User,
    UserRole,
)
from members.paging import page_of


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
    blocks = [
        {
            "code": block,
            "label": label,
            "associations": numbers.associations_by_block[block],
            "members": numbers.members_by_block[block],
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
            # Each body as the committee page shows it: the current term's, or the previous term's still seated.
            "bodies": {seats.body: seats for seats in selectors.committee_on(today, numbers.current_term)},
            "pending_link_requests": selectors.pending_link_request_count(),
            "charts": charts.dashboard_charts(federation, numbers.current_term, today),
            "staged_imports": selectors.staged_imports(request.user),
        },
    )


@login_required
def association_list(request):
    today = timezone.localdate()
    form = AssociationFilterForm(request.GET)
    associations = form.filter(access.visible_associations(request.user), today)
    associations = selectors.with_member_count(associations, today).order_by("sort_key", "id")
    page = page_of(request, associations)
    return render(
        request,
        "members/association_list.html",
        {
            "form": form,
            "page": page,
            "today": today,
            "staged_imports": selectors.staged_imports(request.user),
        },
    )


@login_required
def association_detail(request, pk):
    association = access.get_association(request.user, pk)
    form = RosterFilterForm(request.GET)
    query, left = form.values()
    page = page_of(request, selectors.roster(association, left=left, query=query))
    today = timezone.localdate()
    term = Term.objects.filter(federation_id=association.federation_id).current_on(today)
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
            "link_requests": selectors.association_link_requests(association),
            "today": today,
            "charts": charts.association_charts(association, term, today),
            "staged_imports": selectors.staged_imports(request.user, association),
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
    # Who recorded each of the term's seats, and each change to one, with the roster's pager.
    seat_history = page_of(request, selectors.seat_history_keys(term)) if term else None
    return render(
        request,
        "members/committee.html",
        {
            "form": form,
            "date": date,
            "today": today,
            "term": term,
            "shortcuts": shortcuts,
            "bodies": selectors.committee_on(date, term),
            "events": selectors.term_changes(term),
            "page": seat_history,
            "seat_history": selectors.seat_history_entries(seat_history.object_list) if term else [],
        },
    )


@login_required
def person_detail(request, pk):
    person, personal = access.get_person(request.user, pk)
    memberships = selectors.visible_memberships(request.user, person)
    today = timezone.localdate()
    context = {"person": person, "personal": personal, "memberships": memberships, "today": today}
    if personal:
        mandates = list(person.mandates.select_related("term").order_by("started_on", "id"))
        context.update(
            mandates=mandates,
            history=selectors.person_history(person, memberships, mandates),
            age=person.age_on(today),
        )
    else:
        # Someone who left the lead's roster: their name and their membership of it, nothing of the record.
        context["history"] = selectors.membership_history(memberships)
    return render(request, "members/person_detail.html", context)


def not_offered(request):
    raise Http404


# --- Changing the roster in the browser ---------------------------------------------------------------

# How long a form's token remembers the result of its first submission.
SUBMISSION_MEMORY = 60 * 60


def _submission_key(request):
    token = request.POST.get("ma_gui", "")
    if not token.isalnum() or len(token) > 64:
        return None
    return f"form-sent:{request.user.pk}:{token}"


def _repeated(request):
    """The redirect a form's first submission answered, when this is the same form sent again."""
    key = _submission_key(request)
    url = cache.get(key) if key else None
    if url is None:
        return None
    messages.info(request, _("Yêu cầu này đã được thực hiện trước đó; không có gì thay đổi thêm."))
    return redirect(url)


def _done(request, url, message, level=messages.SUCCESS):
    key = _submission_key(request)
    if key:
        cache.set(key, url, SUBMISSION_MEMORY)
    messages.add_message(request, level, message)
    return redirect(url)


def _posted(request):
    """The form's data when it was sent, even empty (`request.POST or None` would leave it unbound, silent)."""
    return request.POST if request.method == "POST" else None


def _roster_url(association):
    # No "#danh-sach": the page must open at the top, where the message saying what was done is.
    return reverse("members:association", args=[association.pk])


@login_required
def member_add(request, pk):
    association = access.get_roster(request.user, pk)
    form = MemberForm(_posted(request), initial={"joined_on": timezone.localdate()})
    namesakes = None
    if request.method == "POST" and (again := _repeated(request)) is not None:
        return again
    if request.method == "POST" and form.is_valid():
        namesakes = selectors.same_people(association, request.user, **form.name_and_birth())
        choice = form.choice_among(namesakes)
        if choice is not None:
            try:
                message = _add_chosen(association, form, *choice, actor=request.user)
            except (services.MembersError, ValidationError) as error:
                if (again := _repeated(request)) is not None:
                    return again
                _form_error(form, error)
            else:
                return _done(request, _roster_url(association), message)
    return render(
        request,
        "members/member_form.html",
        {"association": association, "form": form, "namesakes": namesakes, "adding": True},
    )


def _add_chosen(association, form, action, person, *, actor):
    """Add the member the form chose, or ask the secretariat for the record found elsewhere; the message."""
    joining = {"joined_on": form.cleaned_data["joined_on"], "card_number": form.cleaned_data["card_number"]}
    if action == "request":
        services.request_link(association, person, actor=actor, **joining)
        return _(
            "Đã gửi đề nghị liên kết %(name)s vào danh sách hội viên. Văn phòng Liên hiệp hội sẽ xem xét; "
            "kết quả hiện ở mục “Đề nghị liên kết” trên trang của hội."
        ) % {"name": person.full_name}
    # An existing person's record stays as it is; only a new one is made from the form.
    fields = {} if person else form.person_fields()
    membership = services.add_member(association, actor=actor, person=person, **joining, **fields)
    return _("Đã thêm %(name)s vào danh sách hội viên.") % {"name": membership.person.full_name}


def _form_error(form, error):
    """Show a service's refusal on the form: its message, or the fields a model check named."""
    if isinstance(error, ValidationError) and hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    elif isinstance(error, ValidationError):
        form.add_error(None, error)
    else:
        form.add_error(None, str(error))


@login_required
def member_edit(request, pk, person_pk):
    association, membership = access.get_member_record(request.user, pk, person_pk)
    person = membership.person
    form = MemberForm(_posted(request), instance=person, membership=membership)
    if request.method == "POST" and (again := _repeated(request)) is not None:
        return again
    if request.method == "POST" and form.is_valid():
        try:
            services.update_member(
                membership,
                actor=request.user,
                expected_version=form.cleaned_data["version"],
                opened_with=form.opened_with(),
                person_fields=form.person_changes(),
                membership_fields=form.membership_changes(),
            )
        except (services.MembersError, ValidationError) as error:
            _form_error(form, error)
        else:
            person.refresh_from_db()
            return _done(
                request,
                _roster_url(association),
                _("Đã lưu thông tin của %(name)s.") % {"name": person.full_name},
            )
    return render(
        request,
        "members/member_form.html",
        {"association": association, "membership": membership, "person": person, "form": form},
    )


@login_required
def member_leave(request, pk, person_pk):
    association, membership = access.get_membership(request.user, pk, person_pk)
    form = LeavingForm(_posted(request), membership=membership, initial={"left_on": timezone.localdate()})
    if request.method == "POST" and (again := _repeated(request)) is not None:
        return again
    if request.method == "POST" and membership.left_on is None and form.is_valid():
        try:
            services.record_leaving(
                membership,
                actor=request.user,
                left_on=form.cleaned_data["left_on"],
                reason=form.cleaned_data["reason"],
                note=form.cleaned_data["note"],
            )
        except services.MembersError as error:
            if (again := _repeated(request)) is not None:
                return again
            form.add_error(None, str(error))
        else:
            return _done(
                request,
                _roster_url(association),
                _("Đã ghi nhận %(name)s rời hội từ ngày %(date)s.")
                % {
                    "name": membership.person.full_name,
                    "date": formats.date_format(form.cleaned_data["left_on"], "SHORT_DATE_FORMAT"),
                },
            )
    return render(
        request,
        "members/member_leave.html",
        {"association": association, "membership": membership, "person": membership.person, "form": form},
    )


@login_required
def roster_history(request, pk):
    association = access.get_roster(request.user, pk)
    people = access.people_with_personal_data(request.user)
    page = page_of(request, selectors.roster_history_keys(association, people=people))
    return render(
        request,
        "members/roster_history.html",
        {
            "association": association,
            "page": page,
            "entries": selectors.roster_history_entries(page.object_list),
        },
    )


# --- Importing and exporting the roster -----------------------------------------------------------------


IMPORT_ROW_GROUPS = [
    ("reject", gettext_lazy("Dòng lỗi")),
    ("create", gettext_lazy("Hội viên mới")),
    ("link", gettext_lazy("Đã có hồ sơ ở hội khác")),
    ("update", gettext_lazy("Thay đổi")),
    ("unchanged", gettext_lazy("Không thay đổi")),
]


@login_required
def roster_export(request, pk, fmt):
    association = access.get_roster(request.user, pk)
    return exporting.file_response(*exporting.export_roster([association], fmt))


@login_required
def rosters_export(request, fmt):
    access.require_secretariat(request.user)
    associations = list(Association.objects.order_by("block", "sort_key"))
    return exporting.file_response(*exporting.export_roster(associations, fmt))


@login_required
def import_template(request):
    if not (request.user.is_secretariat or request.user.is_lead):
        raise Http404
    return exporting.file_response(*exporting.TemplateExporter().export("xlsx"))


@login_required
def import_upload(request, pk):
    association = access.get_roster(request.user, pk)
    form = RosterUploadForm(_posted(request), request.FILES if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            roster_import = importing.stage_import(association, form.cleaned_data["tep"], actor=request.user)
        except importing.SheetError as error:
            form.add_error("tep", forms.ValidationError(str(error), code="unreadable"))
        else:
            return redirect("members:import_preview", pk=roster_import.pk)
    return render(request, "members/import_upload.html", {"association": association, "form": form})


@login_required
def import_preview(request, pk):
    roster_import = access.get_roster_import(request.user, pk)
    preview = importing.preview(roster_import)
    # What needs reading comes first: rows in error, then new members, then changes; unchanged rows last.
    groups = [
        (action, shown, [row for row in preview.rows if row.action == action], preview.counts.get(action, 0))
        for action, shown in IMPORT_ROW_GROUPS
    ]
    return render(
        request,
        "members/import_preview.html",
        {
            "roster_import": roster_import,
            "association": roster_import.association,
            "preview": preview,
            "groups": [group for group in groups if group[2]],
        },
    )


@login_required
@require_POST
def import_apply(request, pk):
    roster_import = access.get_roster_import(request.user, pk)
    association = roster_import.association
    if (again := _repeated(request)) is not None:
        return again
    try:
        counts = importing.apply_import(roster_import, actor=request.user)
    except importing.SheetError as error:
        roster_import.refresh_from_db()
        if roster_import.status == UploadStatus.APPLIED:
            # Confirmed twice, or by two people: the first one did it.
            messages.info(request, str(error))
            return redirect(_roster_url(association))
        messages.error(request, str(error))
        return redirect("members:import_preview", pk=roster_import.pk)
    numbers = {action: formats.localize(counts.get(action, 0)) for action in (*importing.ACTIONS, "link")}
    message = (
        ngettext(
            "Đã cập nhật danh sách từ tệp: %(create)s hội viên mới, %(update)s hội viên được cập nhật, "
            "%(unchanged)s không thay đổi.",
            "Đã cập nhật danh sách từ tệp: %(create)s hội viên mới, %(update)s hội viên được cập nhật, "
            "%(unchanged)s không thay đổi.",
            counts.get("create", 0),
        )
        % numbers
    )
    if counts.get("link") and access.links_directly(request.user):
        message += (
            " "
            + ngettext(
                "%(link)s người đã có hồ sơ trong Liên hiệp hội được thêm vào hội.",
                "%(link)s người đã có hồ sơ trong Liên hiệp hội được thêm vào hội.",
                counts["link"],
            )
            % numbers
        )
    elif counts.get("link"):
        message += (
            " "
            + ngettext(
                "Đã gửi %(link)s đề nghị liên kết tới Văn phòng Liên hiệp hội.",
                "Đã gửi %(link)s đề nghị liên kết tới Văn phòng Liên hiệp hội.",
                counts["link"],
            )
            % numbers
        )
    return _done(request, _roster_url(association), message)


# --- The secretariat: search across the federation and the leads' accounts ----------------------------------


@login_required
def people_search(request):
    access.require_secretariat(request.user)
    form = PeopleSearchForm(request.GET)
    query = form.query()
    page = page_of(request, selectors.search_people(query)) if query else None
    return render(request, "members/search.html", {"form": form, "query": query, "page": page})


@login_required
def link_requests(request):
    access.require_secretariat(request.user)
    page = page_of(request, selectors.pending_link_requests())
    return render(request, "members/link_requests.html", {"page": page})


@login_required
def link_request(request, pk):
    link = access.get_link_request(request.user, pk)
    form = LinkDecisionForm(_posted(request))
    if request.method == "POST" and (again := _repeated(request)) is not None:
        return again
    if request.method == "POST" and form.is_valid():
        decide = services.approve_link if form.approves else services.decline_link
        try:
            decide(link, actor=request.user, note=form.cleaned_data["note"])
        except services.MembersError as error:
            form.add_error(None, str(error))
        else:
            names = {"name": link.person.full_name, "association": link.association.name}
            if form.approves:
                message = _("Đã thêm %(name)s vào danh sách hội viên của %(association)s.") % names
            else:
                message = _("Đã từ chối đề nghị liên kết %(name)s vào %(association)s.") % names
            return _done(request, reverse("members:link_requests"), message)
    return render(
        request,
        "members/link_request.html",
        {"link": link, "form": form, "memberships": selectors.visible_memberships(request.user, link.person)},
    )


@login_required
def leads(request):
    access.require_secretariat(request.user)
    return render(
        request,
        "members/leads.html",
        {
            "page": page_of(request, selectors.leads_overview()),
            "unsent_invitations": services.lead_invitations().filter(status__in=UNSENT_INVITATIONS).count(),
        },
    )


@login_required
def lead_invite(request):
    access.require_secretariat(request.user)
    initial = {}
    if request.method == "GET" and request.GET.get("email"):
        # "Send again" on the leads page opens this form filled in from the account.
        lead = User.objects.filter(role=UserRole.LEAD, email=request.GET["email"].strip().lower()).first()
        if lead is not None:
            initial = {
                "email": lead.email,
                "full_name": lead.full_name,
                "associations": lead.associations.all(),
            }
    elif request.method == "GET" and request.GET.get("hoi", "").isdigit():
        # "Invite a lead" on an association's page opens this form with that association ticked.
        initial = {"associations": Association.objects.filter(pk=request.GET["hoi"])}
    form = LeadInvitationForm(_posted(request), initial=initial)
    if request.method == "POST" and (again := _repeated(request)) is not None:
        return again
    if request.method == "POST" and form.is_valid():
        try:
            lead = services.invite_lead(
                form.cleaned_data["email"],
                form.cleaned_data["full_name"],
                form.cleaned_data["associations"],
                actor=request.user,
            )
        except services.MembersError as error:
            form.add_error(None, str(error))
        else:
            # The email went out when the account committed, before invite_lead returned.
            invitation = services.lead_invitations().filter(account=lead).first()
            url = reverse("members:leads")
            if invitation.status == InvitationStatus.FAILED:
                return _done(
                    request,
                    url,
                    _(
                        "Đã tạo tài khoản cho %(email)s nhưng chưa gửi được lời mời: %(reason)s Bấm “Gửi lại lời "
                        "mời chưa gửi được” khi máy chủ thư hoạt động lại."
                    )
                    % {"email": lead.email, "reason": invitation.error},
                    level=messages.ERROR,
                )
            if invitation.status == InvitationStatus.PENDING:
                return _done(
                    request,
                    url,
                    _("Lời mời tới %(email)s đang chờ gửi.") % {"email": lead.email},
                    level=messages.INFO,
                )
            return _done(
                request,
                url,
                _("Đã gửi lời mời tới %(email)s. Đường dẫn đặt mật khẩu dùng được một lần.")
                % {"email": lead.email},
            )
    return render(request, "members/lead_invite.html", {"form": form})


def report_retried_invitations(request, invitations):
    """The messages after a retry of unsent invitations, on the leads page and on the delegates page."""
    sent = sum(1 for invitation in invitations if invitation.status == InvitationStatus.SENT)
    if not invitations:
        messages.info(request, _("Không có lời mời nào đang chờ gửi lại."))
    if sent:
        messages.success(
            request, ngettext("Đã gửi lại %(n)s lời mời.", "Đã gửi lại %(n)s lời mời.", sent) % {"n": sent}
        )
    if len(invitations) > sent:
        messages.error(
            request,
            ngettext(
                "%(n)s lời mời vẫn chưa gửi được; lý do ghi bên tên từng người.",
                "%(n)s lời mời vẫn chưa gửi được; lý do ghi bên tên từng người.",
                len(invitations) - sent,
            )
            % {"n": len(invitations) - sent},
        )


@login_required
@require_POST
def lead_invitations_retry(request):
    access.require_secretariat(request.user)
    report_retried_invitations(
        request, services.retry_invitations(services.lead_invitations(), actor=request.user)
    )
    return redirect("members:leads")


@login_required
@require_POST
def lead_revoke(request, pk):
    lead = access.get_lead(request.user, pk)
    if (again := _repeated(request)) is not None:
        return again
    try:
        services.revoke_lead(lead, actor=request.user)
    except services.MembersError as error:
        messages.error(request, str(error))
        return redirect("members:leads")
    return _done(
        request,
        reverse("members:leads"),
        _("Đã thu hồi tài khoản của %(name)s. Những thay đổi người này đã làm vẫn được lưu.")
        % {"name": lead},
    )

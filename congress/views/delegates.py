"""Pages of the congress's delegates: quotas, the list, credentials, cards, check-in and attendance,
and the congress documents with the delegates' comments.

Each view: fetch and authorise (congress.access), read the form, call a service, show its error or redirect.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Prefetch, Q, Sum
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import path, re_path, reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from congress import access, cards, credentials, delegate_import
from congress.exports import CommentsExporter, DelegatesExporter
from congress.forms import (
    CommentForm,
    CongressAssociations,
    CongressSettingsForm,
    CredentialForm,
    DecisionForm,
    DelegateChangeForm,
    DelegateFilterForm,
    DelegateSheetForm,
    DocumentEditForm,
    DocumentForm,
    InviteForm,
    PaperCommentForm,
    RevokeForm,
    SearchForm,
    SummonForm,
)
from congress.models import (
    AgendaItem,
    AgendaStatus,
    CheckInRefusal,
    Comment,
    CommentDecision,
    CongressDocument,
    CredentialStatus,
    Delegate,
    DelegateKind,
    SheetImport,
)
from congress.services import CongressError
from congress.services import delegates as services
from members.exporting import file_response
from members.models import Invitation, InvitationStatus, Person, UploadStatus
from members.paging import page_of
from members.selectors import STAGED_SHOWN
from members.views import report_retried_invitations
from reports.rendering import for_template


def errors_as_messages(request, form):
    """A form posted from a list, not shown again: each of its errors becomes a message on the page it returns to."""
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, error)


def back_to(request, default):
    """Where a form posted from a list returns to: its `next` when it is one of ours."""
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return default


# --- The congress: home, overview, settings -------------------------------------------------------------


@login_required
def home(request):
    """The menu's "Đại hội": the secretariat's overview of the latest congress; a delegate's documents, or the
    hall while the congress is in session (an item of its programme is under way)."""
    user = request.user
    if user.is_secretariat:
        congress = access.latest_congress()
        if congress is None:
            return render(request, "congress/delegates/no_congress.html")
        return redirect("congress:overview", pk=congress.pk)
    delegacy = access.latest_delegacy(user)
    if delegacy is None:
        raise Http404
    if AgendaItem.objects.filter(congress_id=delegacy.congress_id, status=AgendaStatus.CURRENT).exists():
        return redirect("congress:hall", pk=delegacy.congress_id)
    return redirect("congress:documents", pk=delegacy.congress_id)


@login_required
def overview(request, pk):
    congress = access.get_congress(request.user, pk)
    return render(
        request,
        "congress/delegates/overview.html",
        {
            "congress": congress,
            "board": services.attendance_board(congress),
            "counts": services.counts_by_status(congress),
            "quotas": congress.quotas.aggregate(associations=Count("id"), seats=Sum("seats")),
            "documents": congress.documents.count(),
            # Sheets uploaded and previewed but not confirmed: listed here so they are not lost from sight.
            "staged_imports": list(
                SheetImport.objects.filter(congress=congress, status=UploadStatus.STAGED)
                .select_related("election", "uploaded_by")
                .order_by("-uploaded_at", "-id")[:STAGED_SHOWN]
            ),
            "comments": Comment.objects.filter(document__congress=congress).aggregate(
                total=Count("id"), pending=Count("id", filter=Q(decision=CommentDecision.PENDING))
            ),
        },
    )


@login_required
def congress_settings(request, pk):
    congress = access.get_congress(request.user, pk)
    form = CongressSettingsForm.for_congress(congress, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_congress_settings(congress, actor=request.user, **form.cleaned_data)
        except CongressError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Đã lưu các quy định của Đại hội."))
            return redirect("congress:overview", pk=congress.pk)
    return render(request, "congress/delegates/settings.html", {"congress": congress, "form": form})


# --- Quotas -------------------------------------------------------------------------------------------------


@login_required
def quotas(request, pk):
    congress = access.get_congress(request.user, pk)
    rows = services.quota_table(congress)
    if request.method == "POST":
        changed, errors = 0, []
        for row in rows:
            raw = request.POST.get(f"so-{row['association'].pk}", "").strip()
            current = row["quota"].seats if row["quota"] else None
            if raw == "" or (raw.isdigit() and int(raw) == current):
                continue
            if not raw.isdigit():
                errors.append(
                    _("%(association)s: “%(value)s” không phải là số.")
                    % {"association": row["association"].name, "value": raw}
                )
                continue
            try:
                services.set_quota(congress, row["association"], int(raw), actor=request.user)
                changed += 1
            except CongressError as error:
                errors.append(str(error))
        for error in errors:
            messages.error(request, error)
        if changed:
            messages.success(
                request,
                ngettext("Đã lưu phân bổ của %(n)s hội.", "Đã lưu phân bổ của %(n)s hội.", changed)
                % {"n": changed},
            )
        return redirect("congress:quotas", pk=congress.pk)
    totals = {
        "members": sum(r["members"] for r in rows),
        "computed": sum(r["computed"] for r in rows),
        "seats": sum(r["quota"].seats for r in rows if r["quota"]),
        "elected": sum(r["elected"] for r in rows),
    }
    return render(
        request, "congress/delegates/quotas.html", {"congress": congress, "rows": rows, "totals": totals}
    )


@login_required
@require_POST
def quotas_compute(request, pk):
    congress = access.get_congress(request.user, pk)
    keep = request.POST.get("giu-tay") == "1"
    result = services.compute_quotas(congress, actor=request.user, keep_hand_set=keep)
    messages.success(
        request,
        ngettext(
            "Đã tính phân bổ cho %(associations)s hội: %(seats)s đại biểu "
            "(cứ %(per)s hội viên một đại biểu, ít nhất %(minimum)s).",
            "Đã tính phân bổ cho %(associations)s hội: %(seats)s đại biểu "
            "(cứ %(per)s hội viên một đại biểu, ít nhất %(minimum)s).",
            len(result),
        )
        % {
            "associations": len(result),
            "seats": sum(q.seats for q in result),
            "per": congress.members_per_delegate,
            "minimum": congress.minimum_delegates,
        },
    )
    return redirect("congress:quotas", pk=congress.pk)


# --- Delegates ------------------------------------------------------------------------------------------------


@login_required
def delegate_list(request, pk):
    congress = access.get_congress(request.user, pk)
    form = DelegateFilterForm(request.GET, congress=congress)
    values = form.values()
    queryset = (
        services.search_delegates(congress, values["query"])
        if values["query"]
        else services.delegate_list(congress)
    )
    queryset = services.filter_delegates(
        queryset,
        kind=values["kind"],
        association=values["association"],
        credential=values["credential"],
        presence=values["presence"],
    )
    return render(
        request,
        "congress/delegates/delegate_list.html",
        {
            "congress": congress,
            "form": form,
            "page": page_of(request, queryset),
            "counts": services.counts_by_status(congress),
            "filtered": any(values.values()),
        },
    )


@login_required
def delegates_export(request, pk, fmt):
    congress = access.get_congress(request.user, pk)
    return file_response(*DelegatesExporter(congress).export(fmt))


@login_required
def delegate_add(request, pk):
    congress = access.get_congress(request.user, pk)
    search = SearchForm(request.GET)
    query = search.query()
    form = SummonForm(request.POST or None, initial={"kind": DelegateKind.ELECTED}, congress=congress)
    if request.method == "POST" and form.is_valid():
        person = Person.objects.filter(pk=form.cleaned_data["person"]).first()
        if person is None:
            raise Http404
        try:
            delegate = services.summon_delegate(
                congress,
                person,
                actor=request.user,
                kind=form.cleaned_data["kind"],
                association=form.cleaned_data["association"],
            )
        except CongressError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                _("Đã triệu tập %(name)s (%(kind)s).")
                % {"name": person.full_name, "kind": delegate.get_kind_display().lower()},
            )
            if query:
                # Back to the same search, to summon the next person found there.
                return redirect(
                    reverse("congress:delegate_add", args=[congress.pk]) + "?" + urlencode({"q": query})
                )
            return redirect("congress:delegate", pk=delegate.pk)
    results = []
    if query:
        people = (
            Person.objects.search(query)
            .prefetch_related(
                Prefetch(
                    "memberships",
                    queryset=_open_memberships(congress),
                    to_attr="open_memberships",
                ),
                Prefetch("delegacies", queryset=Delegate.objects.filter(congress=congress), to_attr="here"),
            )
            .order_by("sort_key", "id")[:30]
        )
        results = list(people)
    return render(
        request,
        "congress/delegates/delegate_add.html",
        {"congress": congress, "search": search, "query": query, "results": results, "form": form},
    )


def _open_memberships(congress):
    from members.models import Membership

    return Membership.objects.active_on(congress.date).select_related("association")


@login_required
@require_POST
def ex_officio(request, pk):
    congress = access.get_congress(request.user, pk)
    added, already = services.fill_ex_officio(congress, actor=request.user)
    outgoing = congress.outgoing_term
    messages.success(
        request,
        (
            _(
                "Đã thêm %(added)s đại biểu đương nhiên từ Ban Chấp hành khoá %(roman)s; "
                "%(already)s người đã có trong danh sách."
            )
            if already
            else _("Đã thêm %(added)s đại biểu đương nhiên từ Ban Chấp hành khoá %(roman)s.")
        )
        % {"added": len(added), "roman": outgoing.roman if outgoing else "", "already": len(already)},
    )
    return redirect(reverse("congress:delegates", args=[congress.pk]) + "?loai=ex_officio")


def _names(delegates):
    return ", ".join(d.person.full_name for d in delegates[:10]) + ("…" if len(delegates) > 10 else ".")


@login_required
@require_POST
def invite_all(request, pk):
    congress = access.get_congress(request.user, pk)
    result = services.invite_all(congress, actor=request.user)
    failed = result.not_sent()
    messages.success(
        request,
        ngettext(
            "Đã gửi lời mời tới %(n)s đại biểu.",
            "Đã gửi lời mời tới %(n)s đại biểu.",
            len(result.invited) - len(failed),
        )
        % {"n": len(result.invited) - len(failed)},
    )
    if failed:
        messages.error(
            request,
            ngettext(
                "%(n)s lời mời chưa gửi được: %(names)s Lý do ở cột Tài khoản; bấm “Gửi lại lời mời chưa gửi "
                "được” khi máy chủ thư hoạt động lại.",
                "%(n)s lời mời chưa gửi được: %(names)s Lý do ở cột Tài khoản; bấm “Gửi lại lời mời chưa gửi "
                "được” khi máy chủ thư hoạt động lại.",
                len(failed),
            )
            % {"n": len(failed), "names": _names(failed)},
        )
    for delegate, reason in result.refused:
        messages.error(request, f"{delegate.person.full_name}: {reason}")
    if result.without_email:
        messages.warning(
            request,
            ngettext(
                "%(n)s đại biểu chưa có email, chưa gửi được: %(names)s",
                "%(n)s đại biểu chưa có email, chưa gửi được: %(names)s",
                len(result.without_email),
            )
            % {"n": len(result.without_email), "names": _names(result.without_email)},
        )
    return redirect("congress:delegates", pk=congress.pk)


@login_required
@require_POST
def invite_retry(request, pk):
    congress = access.get_congress(request.user, pk)
    report_retried_invitations(request, services.retry_invitations(congress, actor=request.user))
    return redirect("congress:delegates", pk=congress.pk)


@login_required
def delegate_import_upload(request, pk):
    congress = access.get_congress(request.user, pk)
    form = DelegateSheetForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            upload = delegate_import.stage_import(congress, form.cleaned_data["tep"], actor=request.user)
        except delegate_import.SheetError as error:
            form.add_error("tep", str(error))
        else:
            return redirect("congress:sheet_import", pk=upload.pk)
    return render(request, "congress/delegates/import_upload.html", {"congress": congress, "form": form})


@login_required
def delegate_detail(request, pk):
    delegate = access.get_delegate(request.user, pk)
    person = delegate.person
    return render(
        request,
        "congress/delegates/delegate_detail.html",
        {
            "congress": delegate.congress,
            "delegate": delegate,
            "person": person,
            "check_in": getattr(delegate, "check_in", None),
            "age": person.age_on(delegate.congress.date),
            "memberships": person.memberships.active_on(delegate.congress.date).select_related("association"),
            "change_form": DelegateChangeForm(
                initial={"kind": delegate.kind, "association": delegate.association},
                congress=delegate.congress,
            ),
            "credential_form": CredentialForm(
                initial={"status": delegate.credential, "note": delegate.credential_note}
            ),
            "revoke_form": RevokeForm(),
            "invite_form": InviteForm(
                initial={"email": (delegate.account and delegate.account.email) or person.email}
            ),
            "comments": delegate.comments.select_related("document").order_by("-created_at")[:20],
        },
    )


def _delegate_action(request, pk, form_class, action, success):
    delegate = access.get_delegate(request.user, pk)
    extra = {"congress": delegate.congress} if issubclass(form_class, CongressAssociations) else {}
    form = form_class(request.POST, **extra)
    default = reverse("congress:delegate", args=[delegate.pk])
    if not form.is_valid():
        errors_as_messages(request, form)
        return redirect(back_to(request, default))
    try:
        result = action(delegate, form.cleaned_data)
    except CongressError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, success(result or delegate))
    return redirect(back_to(request, default))


@login_required
@require_POST
def delegate_change(request, pk):
    return _delegate_action(
        request,
        pk,
        DelegateChangeForm,
        lambda d, data: services.change_delegate(d, actor=request.user, **data),
        lambda d: (
            _("Đã đổi %(name)s thành %(kind)s.")
            % {"name": d.person.full_name, "kind": d.get_kind_display().lower()}
        ),
    )


@login_required
@require_POST
def delegate_credential(request, pk):
    return _delegate_action(
        request,
        pk,
        CredentialForm,
        lambda d, data: services.record_credential(
            d, actor=request.user, status=data["status"], note=data["note"]
        ),
        lambda d: f"{d.person.full_name}: {d.get_credential_display().lower()}.",
    )


@login_required
@require_POST
def delegate_revoke(request, pk):
    return _delegate_action(
        request,
        pk,
        RevokeForm,
        lambda d, data: services.revoke_delegate(d, actor=request.user, reason=data["reason"]),
        lambda d: (
            _("Đã thu hồi giấy triệu tập của %(name)s; mã QR của người này không còn dùng được.")
            % {"name": d.person.full_name}
        ),
    )


@login_required
@require_POST
def delegate_invite(request, pk):
    delegate = access.get_delegate(request.user, pk)
    form = InviteForm(request.POST)
    back = redirect(back_to(request, reverse("congress:delegate", args=[delegate.pk])))
    if not form.is_valid():
        errors_as_messages(request, form)
        return back
    try:
        delegate = services.invite_delegate(
            delegate,
            actor=request.user,
            email=form.cleaned_data["email"],
            expected_invitation=form.cleaned_data["loi_moi"],
        )
    except CongressError as error:
        messages.error(request, str(error))
        return back
    # Sent when the account committed, before the service returned.
    invitation = Invitation.objects.get(pk=delegate.invitation_id)
    if invitation.status == InvitationStatus.SENT:
        messages.success(request, _("Đã gửi lời mời tới %(email)s.") % {"email": invitation.email})
    elif invitation.status == InvitationStatus.FAILED:
        messages.error(
            request,
            _(
                "Chưa gửi được lời mời tới %(email)s: %(reason)s Bấm “Gửi lại lời mời chưa gửi được” ở danh "
                "sách đại biểu khi máy chủ thư hoạt động lại."
            )
            % {"email": invitation.email, "reason": invitation.error},
        )
    else:
        messages.info(request, _("Lời mời tới %(email)s đang chờ gửi.") % {"email": invitation.email})
    return back


# --- Cards ------------------------------------------------------------------------------------------------------


@login_required
def card(request, pk):
    delegate = access.get_own_or_any_delegate(request.user, pk)
    url = cards.check_in_url(request, delegate)
    return render(
        request,
        "congress/delegates/card.html",
        {"congress": delegate.congress, "delegate": delegate, "url": url, "svg": cards.qr_svg(url)},
    )


@login_required
def card_sheet(request, pk):
    congress = access.get_congress(request.user, pk)
    kind = request.GET.get("loai", "")
    delegates = Delegate.objects.filter(congress=congress, revoked_at__isnull=True).select_related(
        "person", "association"
    )
    if kind in DelegateKind.values:
        delegates = delegates.filter(kind=kind)
    else:
        delegates = delegates.exclude(kind=DelegateKind.GUEST)
        kind = ""
    delegates = delegates.order_by(
        "association__block", "association__sort_key", "person__sort_key", "person_id"
    )
    return render(
        request,
        "congress/delegates/card_sheet.html",
        {
            "congress": congress,
            "cards": cards.with_qr(request, delegates),
            "kind": kind,
            "kinds": DelegateKind.choices,
        },
    )


# --- Credentials ----------------------------------------------------------------------------------------------


@login_required
def credential_board(request, pk):
    congress = access.get_congress(request.user, pk)
    counts = credentials.credential_board_counts(congress)
    status = request.GET.get("tham_tra", "")
    delegates = services.delegate_list(congress).counted()
    if status in CredentialStatus.values:
        delegates = delegates.filter(credential=status)
    return render(
        request,
        "congress/delegates/credentials.html",
        {
            "congress": congress,
            "page": page_of(request, delegates, 100),
            "status": status,
            "statuses": [(value, label, counts.get(value, 0)) for value, label in CredentialStatus.choices],
        },
    )


@login_required
def credential_report(request, pk):
    congress = access.get_congress(request.user, pk)
    report = credentials.CredentialReport(congress)
    content = report.content()
    return render(
        request,
        "congress/delegates/credential_report.html",
        {"congress": congress, "content": for_template(content), "figures": report.figures},
    )


@login_required
def credential_report_pdf(request, pk):
    congress = access.get_congress(request.user, pk)
    return file_response(*credentials.credential_report_pdf(congress))


# --- Check-in and attendance ------------------------------------------------------------------------------------


@login_required
def check_in(request, token):
    """The address in the delegate's QR code. Staff see who it is and check them in with one tap (POST);
    the delegate who scans their own card is told to show it at the door; anyone else finds nothing."""
    delegate = services.delegate_for_token(token)
    if not request.user.is_secretariat:
        if delegate is not None and services.delegate_of(request.user, delegate.congress) == delegate:
            return render(request, "congress/delegates/check_in_own.html", {"delegate": delegate})
        raise Http404
    if delegate is None:
        return render(request, "congress/delegates/check_in.html", {"unknown": True}, status=404)
    result = None
    if request.method == "POST":
        try:
            result = services.check_in(delegate, actor=request.user, method="qr")
        except CongressError as error:
            messages.error(request, str(error))
        else:
            (messages.success if result.created else messages.info)(request, result.message)
            return redirect("congress:check_in", token=token)
    delegate = services.delegate_for_token(token)
    return render(
        request,
        "congress/delegates/check_in.html",
        {
            "congress": delegate.congress,
            "delegate": delegate,
            "check_in": getattr(delegate, "check_in", None),
            "result": result,
            "board": services.attendance_board(delegate.congress),
        },
    )


@login_required
def check_in_desk(request, pk):
    congress = access.get_congress(request.user, pk)
    search = SearchForm(request.GET)
    query = search.query()
    results = list(services.search_delegates(congress, query)[:20]) if query else []
    return render(
        request,
        "congress/delegates/check_in_desk.html",
        {
            "congress": congress,
            "search": search,
            "query": query,
            "results": results,
            "board": services.attendance_board(congress),
            "refusals": CheckInRefusal.objects.filter(congress=congress).select_related("delegate__person")[
                :5
            ],
        },
    )


@login_required
@require_POST
def check_in_by_name(request, pk):
    delegate = access.get_delegate(request.user, pk)
    try:
        result = services.check_in(delegate, actor=request.user, method="name")
    except CongressError as error:
        messages.error(request, f"{delegate.person.full_name}: {error}")
    else:
        (messages.success if result.created else messages.info)(request, result.message)
    return redirect(back_to(request, reverse("congress:check_in_desk", args=[delegate.congress_id])))


@login_required
def attendance(request, pk):
    congress = access.get_congress(request.user, pk)
    latest = (
        Delegate.objects.filter(congress=congress, check_in__isnull=False)
        .select_related("person", "association", "check_in")
        .order_by("-check_in__checked_in_at")[:8]
    )
    return render(
        request,
        "congress/delegates/attendance.html",
        {
            "congress": congress,
            "board": services.attendance_board(congress),
            "latest": latest,
            "now": timezone.now(),
        },
    )


# --- Documents and comments ---------------------------------------------------------------------------------------


@login_required
def documents(request, pk):
    congress, delegate = access.get_congress_for_reader(request.user, pk)
    docs = CongressDocument.objects.filter(congress=congress).select_related("report_version")
    if delegate is None:
        docs = docs.annotate(
            comment_count=Count("comments"),
            pending_count=Count("comments", filter=Q(comments__decision=CommentDecision.PENDING)),
        )
    else:
        docs = docs.annotate(comment_count=Count("comments", filter=Q(comments__delegate=delegate)))
    return render(
        request,
        "congress/delegates/documents.html",
        {
            "congress": congress,
            "delegate": delegate,
            "documents": docs.order_by("position", "id"),
            "now": timezone.now(),
        },
    )


@login_required
def document_add(request, pk):
    congress = access.get_congress(request.user, pk)
    form = DocumentForm(request.POST or None, request.FILES or None, congress=congress)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            document = services.add_document(
                congress,
                actor=request.user,
                title=data["title"],
                description=data["description"],
                file=data["file"],
                report_version=data["report_version"],
                comments_open=data["comments_open"],
                comments_close_at=data["comments_close_at"],
            )
        except CongressError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Đã đăng “%(title)s”.") % {"title": document.title})
            return redirect("congress:documents", pk=congress.pk)
    return render(request, "congress/delegates/document_form.html", {"congress": congress, "form": form})


@login_required
def document_edit(request, pk):
    document = access.get_document_for_secretariat(request.user, pk)
    form = DocumentEditForm.for_document(document, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_document(document, actor=request.user, **form.cleaned_data)
        except CongressError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Đã lưu “%(title)s”.") % {"title": form.cleaned_data["title"]})
            return redirect("congress:documents", pk=document.congress_id)
    return render(
        request,
        "congress/delegates/document_form.html",
        {"congress": document.congress, "document": document, "form": form},
    )


def _document_page(request, document, delegate, form=None, status=200):
    own = []
    if delegate is not None:
        own = list(Comment.objects.filter(document=document, delegate=delegate).order_by("created_at", "id"))
    open_now = document.accepts_comments_at(timezone.now())
    if form is None and delegate is not None and open_now:
        form = CommentForm(document=document, initial={"paragraph": request.GET.get("doan", "")})
    paragraph_texts = dict(document.paragraphs())
    # Just sent (?gui=<id>): the thanks are shown beside the paragraph commented on, where the reader is.
    sent = next((c for c in own if str(c.pk) == request.GET.get("gui")), None)
    return render(
        request,
        "congress/delegates/document.html",
        {
            "congress": document.congress,
            "document": document,
            "delegate": delegate,
            "content": for_template(document.report_version.content) if document.is_report_version else None,
            "open_now": open_now,
            "form": form if open_now and delegate is not None else None,
            "own_comments": [(c, paragraph_texts.get(c.paragraph, "")) for c in own],
            "sent": sent,
            "commented_paragraphs": sorted({c.paragraph for c in own if c.paragraph}),
            "comment_total": Comment.objects.filter(document=document).count() if delegate is None else None,
        },
        status=status,
    )


@login_required
def document_detail(request, pk):
    document, delegate = access.get_document(request.user, pk)
    return _document_page(request, document, delegate)


@login_required
def document_download(request, pk):
    document, _delegate = access.get_document(request.user, pk)
    if document.is_report_version:
        version = document.report_version
        name = slugify(f"bao cao khoa {version.report.term.roman} {version.label}") + ".pdf"
        return FileResponse(
            version.pdf.open("rb"), as_attachment=True, filename=name, content_type="application/pdf"
        )
    name = document.file.name.rsplit("/", 1)[-1]
    return FileResponse(document.file.open("rb"), as_attachment=True, filename=name)


@login_required
@require_POST
def comment_add(request, pk):
    document, delegate = access.get_document(request.user, pk)
    if delegate is None:
        # The secretariat reads the comments; it does not send them.
        raise Http404
    form = CommentForm(request.POST, document=document)
    if form.is_valid():
        try:
            comment = services.add_comment(
                document,
                actor=request.user,
                body=form.cleaned_data["text"],
                paragraph=form.cleaned_data["paragraph"],
            )
        except CongressError as error:
            form.add_error(None, str(error))
        else:
            anchor = f"#{comment.paragraph}" if comment.paragraph else "#gop-y-cua-toi"
            return redirect(reverse("congress:document", args=[document.pk]) + f"?gui={comment.pk}{anchor}")
    return _document_page(request, document, delegate, form=form)


@login_required
@require_POST
def comment_withdraw(request, pk):
    comment = access.get_comment(request.user, pk)
    if request.user.is_secretariat and comment.delegate.account_id != request.user.pk:
        raise Http404
    document_pk = comment.document_id
    try:
        services.withdraw_comment(comment, actor=request.user)
    except CongressError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Đã rút góp ý."))
    return redirect(reverse("congress:document", args=[document_pk]) + "#gop-y-cua-toi")


@login_required
def my_comments(request, pk):
    congress, delegate = access.get_congress_for_reader(request.user, pk)
    if delegate is None:
        return redirect("congress:documents", pk=congress.pk)
    comments = (
        Comment.objects.filter(document__congress=congress, delegate=delegate)
        .select_related("document")
        .order_by("-created_at", "-id")
    )
    return render(
        request,
        "congress/delegates/my_comments.html",
        {"congress": congress, "delegate": delegate, "page": page_of(request, comments)},
    )


@login_required
def comment_board(request, pk):
    document = access.get_document_for_secretariat(request.user, pk)
    decision = request.GET.get("xu_ly", "")
    comments = Comment.objects.filter(document=document).select_related(
        "delegate__person", "delegate__association", "decided_by"
    )
    counts = dict(
        Comment.objects.filter(document=document).values_list("decision").annotate(n=Count("id")).order_by()
    )
    if decision in CommentDecision.values:
        comments = comments.filter(decision=decision)
    groups = services.comments_by_paragraph(document, comments.order_by("created_at", "id"))
    return render(
        request,
        "congress/delegates/comments.html",
        {
            "congress": document.congress,
            "document": document,
            "groups": groups,
            "decision": decision,
            "decisions": [(value, label, counts.get(value, 0)) for value, label in CommentDecision.choices],
            "total": sum(counts.values()),
            "paper_form": PaperCommentForm(document=document),
        },
    )


@login_required
@require_POST
def comment_record(request, pk):
    document = access.get_document_for_secretariat(request.user, pk)
    form = PaperCommentForm(request.POST, document=document)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.record_paper_comment(
                document, data["delegate"], actor=request.user, body=data["text"], paragraph=data["paragraph"]
            )
        except CongressError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request, _("Đã ghi góp ý của %(name)s.") % {"name": data["delegate"].person.full_name}
            )
    else:
        errors_as_messages(request, form)
    return redirect("congress:comments", pk=document.pk)


@login_required
def comments_export(request, pk, fmt):
    document = access.get_document_for_secretariat(request.user, pk)
    return file_response(*CommentsExporter(document).export(fmt))


@login_required
@require_POST
def comment_decide(request, pk):
    comment = access.get_comment_for_secretariat(request.user, pk)
    form = DecisionForm(request.POST)
    default = reverse("congress:comments", args=[comment.document_id]) + f"#gop-y-{comment.pk}"
    if not form.is_valid():
        messages.error(request, _("Cách xử lý góp ý không hợp lệ."))
        return redirect(back_to(request, default))
    try:
        services.decide_comment(comment, actor=request.user, **form.cleaned_data)
    except CongressError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("Góp ý của %(name)s: %(decision)s.")
            % {"name": comment.delegate.person.full_name, "decision": comment.get_decision_display().lower()},
        )
    return redirect(back_to(request, default))


urlpatterns = [
    path("", home, name="home"),
    path("<int:pk>/", overview, name="overview"),
    path("<int:pk>/quy-dinh/", congress_settings, name="settings"),
    path("<int:pk>/phan-bo/", quotas, name="quotas"),
    path("<int:pk>/phan-bo/tinh/", quotas_compute, name="quotas_compute"),
    path("<int:pk>/dai-bieu/", delegate_list, name="delegates"),
    re_path(r"^(?P<pk>\d+)/dai-bieu\.(?P<fmt>xlsx|csv)$", delegates_export, name="delegates_export"),
    path("<int:pk>/dai-bieu/them/", delegate_add, name="delegate_add"),
    path("<int:pk>/dai-bieu/duong-nhien/", ex_officio, name="ex_officio"),
    path("<int:pk>/dai-bieu/moi-tat-ca/", invite_all, name="invite_all"),
    path("<int:pk>/dai-bieu/gui-lai-loi-moi/", invite_retry, name="invite_retry"),
    path("<int:pk>/dai-bieu/nhap/", delegate_import_upload, name="delegate_import"),
    path("<int:pk>/the/", card_sheet, name="cards"),
    path("<int:pk>/tham-tra/", credential_board, name="credentials"),
    path("<int:pk>/tham-tra/bao-cao/", credential_report, name="credential_report"),
    path("<int:pk>/tham-tra/bao-cao.pdf", credential_report_pdf, name="credential_report_pdf"),
    path("<int:pk>/diem-danh/", check_in_desk, name="check_in_desk"),
    path("<int:pk>/co-mat/", attendance, name="attendance"),
    path("<int:pk>/tai-lieu/", documents, name="documents"),
    path("<int:pk>/tai-lieu/them/", document_add, name="document_add"),
    path("<int:pk>/gop-y-cua-toi/", my_comments, name="my_comments"),
    path("dai-bieu/<int:pk>/", delegate_detail, name="delegate"),
    path("dai-bieu/<int:pk>/sua/", delegate_change, name="delegate_change"),
    path("dai-bieu/<int:pk>/tham-tra/", delegate_credential, name="delegate_credential"),
    path("dai-bieu/<int:pk>/thu-hoi/", delegate_revoke, name="delegate_revoke"),
    path("dai-bieu/<int:pk>/moi/", delegate_invite, name="delegate_invite"),
    path("dai-bieu/<int:pk>/the/", card, name="card"),
    path("dai-bieu/<int:pk>/diem-danh/", check_in_by_name, name="check_in_by_name"),
    path("diem-danh/<str:token>/", check_in, name="check_in"),
    path("tai-lieu/<int:pk>/", document_detail, name="document"),
    path("tai-lieu/<int:pk>/sua/", document_edit, name="document_edit"),
    path("tai-lieu/<int:pk>/tai-ve/", document_download, name="document_download"),
    path("tai-lieu/<int:pk>/gop-y/", comment_add, name="comment_add"),
    path("tai-lieu/<int:pk>/tong-hop-gop-y/", comment_board, name="comments"),
    path("tai-lieu/<int:pk>/ghi-gop-y/", comment_record, name="comment_record"),
    re_path(
        r"^tai-lieu/(?P<pk>\d+)/tong-hop-gop-y\.(?P<fmt>xlsx|csv)$", comments_export, name="comments_export"
    ),
    path("gop-y/<int:pk>/xu-ly/", comment_decide, name="comment_decide"),
    path("gop-y/<int:pk>/rut/", comment_withdraw, name="comment_withdraw"),
]

"""Sheets uploaded to the congress (a delegate list, a sheet of ballots): the stored preview, confirm, discard.

The upload pages (delegates.py, elections.py) stage the file and send the secretariat here; one page per
upload shows what it would do, and confirming applies it as the preview showed (members.importing.staging).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from congress import access, counting, delegate_import
from congress.models import SheetKind
from congress.services import CongressError
from congress.services import elections as election_services
from members.importing import SheetError, staging
from members.models import UploadStatus


def _again_url(sheet_import):
    if sheet_import.kind == SheetKind.BALLOTS:
        return reverse("congress:election_import", args=[sheet_import.election_id])
    return reverse("congress:delegate_import", args=[sheet_import.congress_id])


@login_required
def sheet_import(request, pk):
    upload = access.get_sheet_import(request.user, pk)
    summary = upload.summary
    ballots = []
    if upload.kind == SheetKind.BALLOTS:
        seats = upload.election.seats
        ballots = [
            (
                number,
                counting.join_numbers(kept) or "—",
                counting.VALIDITY_LABELS[counting.ballot_validity(kept, seats, spoiled=spoiled)],
            )
            for number, kept, spoiled in summary.get("ballots", [])
        ]
    return render(
        request,
        f"congress/uploads/{upload.kind}.html",
        {
            "upload": upload,
            "congress": upload.congress,
            "election": upload.election,
            "summary": summary,
            "counts": summary.get("counts", {}),
            "staged": upload.status == UploadStatus.STAGED,
            "again_url": _again_url(upload),
            "ballots": ballots,
        },
    )


@login_required
@require_POST
def sheet_import_apply(request, pk):
    upload = access.get_sheet_import(request.user, pk)
    try:
        if upload.kind == SheetKind.BALLOTS:
            entered = election_services.apply_ballot_import(upload, actor=request.user)
        else:
            added = delegate_import.apply_import(upload, actor=request.user)
    except (SheetError, CongressError) as error:
        upload.refresh_from_db()
        if upload.status == UploadStatus.APPLIED:
            messages.info(request, str(error))  # confirmed twice, or by two people: the first one did it
        else:
            messages.error(request, str(error))
        return redirect("congress:sheet_import", pk=upload.pk)
    if upload.kind == SheetKind.BALLOTS:
        messages.success(
            request,
            ngettext(
                "Đã nhập %(n)s phiếu vào lượt nhập %(entry)s.",
                "Đã nhập %(n)s phiếu vào lượt nhập %(entry)s.",
                entered,
            )
            % {"n": entered, "entry": upload.entry},
        )
        return redirect("congress:election_entry", upload.election_id, upload.entry)
    messages.success(
        request,
        ngettext("Đã triệu tập %(n)s đại biểu từ tệp.", "Đã triệu tập %(n)s đại biểu từ tệp.", len(added))
        % {"n": len(added)},
    )
    return redirect("congress:delegates", pk=upload.congress_id)


@login_required
@require_POST
def sheet_import_discard(request, pk):
    upload = access.get_sheet_import(request.user, pk)
    try:
        staging.discard(upload)
    except SheetError as error:
        messages.error(request, str(error))
        return redirect("congress:sheet_import", pk=upload.pk)
    messages.info(request, _("Đã huỷ tệp “%(name)s”; không có gì thay đổi.") % {"name": upload.original_name})
    return redirect(_again_url(upload))


urlpatterns = [
    path("tep-tai-len/<int:pk>/", sheet_import, name="sheet_import"),
    path("tep-tai-len/<int:pk>/xac-nhan/", sheet_import_apply, name="sheet_import_apply"),
    path("tep-tai-len/<int:pk>/huy/", sheet_import_discard, name="sheet_import_discard"),
]

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from members.access import require_secretariat
from members.exporting import file_response
from members.models import Term
from members.paging import page_of
from reports import access, figures, history, services
from reports.compare import compare
from reports.document import compose_report
from reports.forms import PublishForm, SectionTextForm, ShortcomingForm
from reports.models import Section, SectionText, TermReport, VersionKind
from reports.placeholders import format_value
from reports.rendering import for_template, render_docx, render_pdf

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def _posted(request):
    """The submitted data, or None on GET: an empty POST is still a submission (of empty fields)."""
    return request.POST if request.method == "POST" else None


@login_required
def report_list(request):
    require_secretariat(request.user)
    reports = (
        TermReport.objects.select_related("term").prefetch_related("versions").order_by("-term__ordinal")
    )
    terms_without = Term.objects.filter(report__isnull=True).order_by("-ordinal")
    return render(request, "reports/report_list.html", {"reports": reports, "terms_without": terms_without})


@login_required
@require_POST
def report_create(request, term_pk):
    require_secretariat(request.user)
    term = get_object_or_404(Term, pk=term_pk)
    report = services.create_report(term, actor=request.user)
    return redirect("reports:detail", report.pk)


@login_required
def report_detail(request, pk):
    report = access.get_report(request.user, pk)
    content = compose_report(report)
    labels = figures.known_figures(report.term)
    missing = sorted({m["figure"] for m in content["missing"]})
    return render(
        request,
        "reports/report_detail.html",
        {
            "report": report,
            "content": for_template(content),
            "missing": [(name, labels[name].label if name in labels else name) for name in missing],
            "versions": report.versions.select_related("published_by").order_by("-number"),
            "sections": Section.choices,
            "publish_form": PublishForm(initial={"kind": VersionKind.DRAFT}),
        },
    )


@login_required
def section_edit(request, pk, section):
    report = access.get_report(request.user, pk)
    if section not in Section.values:
        raise Http404
    current = SectionText.objects.filter(report=report, section=section).first()
    form = SectionTextForm(_posted(request), initial={"body": current.body if current else ""})
    if request.method == "POST" and form.is_valid():
        try:
            services.save_section_text(report, section, form.cleaned_data["body"], actor=request.user)
        except services.ReportsError as exc:
            form.add_error("body", str(exc))
        else:
            messages.success(request, _("Đã lưu mục „%(section)s”.") % {"section": Section(section).label})
            return redirect("reports:detail", report.pk)
    values = figures.compute_figures(figures.load_term_data(report.term, report.dated))
    available = [
        (name, d.label, format_value(values.get(name)))
        for name, d in figures.known_figures(report.term).items()
    ]
    return render(
        request,
        "reports/section_edit.html",
        {"report": report, "section": Section(section), "form": form, "available": available},
    )


@login_required
def section_history(request, pk, section):
    report = access.get_report(request.user, pk)
    if section not in Section.values:
        raise Http404
    records = history.section_text_records(report, section)
    page = page_of(request, records)
    return render(
        request,
        "reports/section_history.html",
        {
            "report": report,
            "section": Section(section),
            "page": page,
            "changes": history.section_text_changes(page.object_list, records),
        },
    )


@login_required
def shortcomings(request, pk):
    report = access.get_report(request.user, pk)
    known = figures.known_figures(report.term)
    form = ShortcomingForm(_posted(request), figures=known)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_shortcoming(
                report, form.cleaned_data["text"], actor=request.user, figure=form.cleaned_data["figure"]
            )
        except services.ReportsError as exc:
            form.add_error("text", str(exc))
        else:
            messages.success(request, _("Đã thêm một tồn tại, hạn chế."))
            return redirect("reports:shortcomings", report.pk)
    items = list(report.shortcomings.all())
    for item in items:
        item.figure_label = known[item.figure].label if item.figure in known else ""
    return render(request, "reports/shortcomings.html", {"report": report, "items": items, "form": form})


@login_required
def shortcoming_edit(request, pk, item_pk):
    report = access.get_report(request.user, pk)
    item = access.get_shortcoming(request.user, report, item_pk)
    known = figures.known_figures(report.term)
    form = ShortcomingForm(
        _posted(request), figures=known, initial={"text": item.text, "figure": item.figure}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_shortcoming(
                item, form.cleaned_data["text"], actor=request.user, figure=form.cleaned_data["figure"]
            )
        except services.ReportsError as exc:
            form.add_error("text", str(exc))
        else:
            messages.success(request, _("Đã lưu."))
            return redirect("reports:shortcomings", report.pk)
    return render(request, "reports/shortcoming_edit.html", {"report": report, "item": item, "form": form})


@login_required
def shortcomings_history(request, pk):
    report = access.get_report(request.user, pk)
    page = page_of(request, history.shortcoming_records(report))
    return render(
        request,
        "reports/shortcomings_history.html",
        {"report": report, "page": page, "changes": history.shortcoming_changes(page.object_list)},
    )


@login_required
@require_POST
def shortcoming_move(request, pk, item_pk, direction):
    report = access.get_report(request.user, pk)
    item = access.get_shortcoming(request.user, report, item_pk)
    services.move_shortcoming(item, actor=request.user, offset=-1 if direction == "len" else 1)
    return redirect("reports:shortcomings", report.pk)


@login_required
@require_POST
def shortcoming_delete(request, pk, item_pk):
    report = access.get_report(request.user, pk)
    item = access.get_shortcoming(request.user, report, item_pk)
    services.remove_shortcoming(item, actor=request.user)
    messages.success(request, _("Đã xoá một tồn tại, hạn chế."))
    return redirect("reports:shortcomings", report.pk)


@login_required
def report_file(request, pk, fmt):
    report = access.get_report(request.user, pk)
    # The preview's mark is part of the Vietnamese document, not of the portal's interface.
    with translation.override("vi"):
        content = compose_report(report, version_label=_("Bản xem trước"))
    filename = f"bao-cao-khoa-{report.term.roman}-xem-truoc.{fmt}"
    if fmt == "pdf":
        return file_response(filename, CONTENT_TYPES[fmt], render_pdf(content), inline=True)
    return file_response(filename, CONTENT_TYPES[fmt], render_docx(content))


@login_required
@require_POST
def publish(request, pk):
    report = access.get_report(request.user, pk)
    form = PublishForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Loại phiên bản không hợp lệ."))
        return redirect("reports:detail", report.pk)
    try:
        version = services.publish_version(
            report, actor=request.user, kind=form.cleaned_data["kind"], note=form.cleaned_data["note"]
        )
    except services.ReportsError as exc:
        messages.error(request, " ".join([str(exc), *exc.details]))
        return redirect("reports:detail", report.pk)
    messages.success(request, _("Đã ban hành %(label)s.") % {"label": version.label})
    return redirect("reports:version", version.pk)


@login_required
def version_detail(request, pk):
    version = access.get_version(request.user, pk)
    others = version.report.versions.exclude(pk=version.pk).order_by("-number")
    return render(
        request,
        "reports/version_detail.html",
        {"version": version, "content": for_template(version.content), "others": others},
    )


@login_required
def version_file(request, pk, fmt):
    version = access.get_version(request.user, pk)
    filename = f"bao-cao-khoa-{version.report.term.roman}-v{version.number}.{fmt}"
    if fmt == "pdf":
        with version.pdf.open("rb") as handle:
            return file_response(filename, CONTENT_TYPES[fmt], handle.read())
    return file_response(filename, CONTENT_TYPES[fmt], render_docx(version.content))


@login_required
def compare_versions(request, pk):
    report = access.get_report(request.user, pk)
    versions = {str(v.number): v for v in report.versions.all()}
    old_key = request.GET.get("tu") or ""
    new_key = request.GET.get("den") or "live"
    old = versions.get(old_key)
    if old is None and versions:
        old = max(versions.values(), key=lambda v: v.number)
        old_key = str(old.number)
    rows = []
    new_label = _("Bản đang soạn")
    if old is not None:
        if new_key != "live" and new_key in versions:
            new_content = versions[new_key].content
            new_label = versions[new_key].label
        else:
            new_key = "live"
            new_content = compose_report(report)
        rows = compare(old.content, new_content)
    return render(
        request,
        "reports/compare.html",
        {
            "report": report,
            "versions": sorted(versions.values(), key=lambda v: v.number),
            "old": old,
            "old_key": old_key,
            "new_key": new_key,
            "new_label": new_label,
            "rows": rows,
            "changed": sum(1 for r in rows if r["status"] != "same"),
            "only_changes": request.GET.get("chi_thay_doi") == "1",
        },
    )

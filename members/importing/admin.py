"""The admin's Import and Export buttons on the roster (memberships), through the same pipeline as the pages.

django-import-export's admin mixin gives the buttons and the URLs (…/membership/import/, …/export/);
its views are replaced here, so an upload in the admin is staged, previewed and applied by
members.importing exactly like one on the association's page, and an export is members.exporting's.
"""

from django import forms
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.decorators import method_decorator
from django.views.decorators.http import require_POST
from import_export.admin import ImportExportMixin

from members import exporting, importing
from members.models import Association, RosterImport


class RosterUploadAdminForm(forms.Form):
    association = forms.ModelChoiceField(
        label="Hội",
        queryset=Association.objects.filter(closed_on__isnull=True).order_by("block", "sort_key"),
    )
    file = forms.FileField(label="Tệp danh sách (.xlsx hoặc .csv)")


class RosterImportExportAdmin(ImportExportMixin):
    import_template_name = "admin/members/roster_import.html"

    def has_import_permission(self, request):
        return request.user.is_secretariat

    def has_export_permission(self, request):
        return request.user.is_secretariat

    def _page(self, request, **context):
        context.update(
            self.admin_site.each_context(request), opts=self.model._meta, title="Nhập danh sách hội viên"
        )
        request.current_app = self.admin_site.name
        return TemplateResponse(request, self.import_template_name, context)

    def import_action(self, request, **kwargs):
        """Step 1: choose the association and the file; the answer is the preview (step 2)."""
        if not self.has_import_permission(request):
            return redirect("admin:index")
        form = RosterUploadAdminForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            try:
                roster_import = importing.stage_import(
                    form.cleaned_data["association"], form.cleaned_data["file"], actor=request.user
                )
            except importing.SheetError as error:
                form.add_error("file", str(error))
            else:
                return self._page(
                    request, roster_import=roster_import, preview=importing.preview(roster_import)
                )
        return self._page(request, form=form)

    @method_decorator(require_POST)
    def process_import(self, request, **kwargs):
        """Step 3: apply the previewed upload; the roster changes all at once or not at all."""
        if not self.has_import_permission(request):
            return redirect("admin:index")
        roster_import = get_object_or_404(
            RosterImport.objects.select_related("association"), pk=request.POST.get("roster_import")
        )
        try:
            counts = importing.apply_import(roster_import, actor=request.user)
        except importing.SheetError as error:
            messages.error(request, str(error))
            roster_import.refresh_from_db()
            return self._page(request, roster_import=roster_import, preview=importing.preview(roster_import))
        messages.success(
            request,
            f"Đã cập nhật danh sách của {roster_import.association.name}: {counts['create']} hội viên mới, "
            f"{counts['update']} cập nhật, {counts['unchanged']} không đổi.",
        )
        return redirect("admin:members_membership_changelist")

    def export_action(self, request):
        """Every roster, as .xlsx (or .csv with ?format=csv), in the template's columns."""
        if not self.has_export_permission(request):
            return redirect("admin:index")
        fmt = "csv" if request.GET.get("format") == "csv" else "xlsx"
        return exporting.file_response(
            *exporting.export_roster(Association.objects.order_by("block", "sort_key"), fmt)
        )

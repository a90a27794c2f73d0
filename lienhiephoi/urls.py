from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from lienhiephoi import views as portal_views
from members import views as member_views

admin.site.site_header = _("Quản trị Liên hiệp hội")
admin.site.site_title = _("Liên hiệp hội")
admin.site.index_title = _("Quản trị dữ liệu")

urlpatterns = [
    path("", portal_views.home, name="home"),
    path("", include("members.urls")),
    path("bao-cao/", include("reports.urls")),
    path("dai-hoi/", include("congress.urls")),
    # Email addresses are set by the secretariat; allauth's page for managing them is not offered.
    path("tai-khoan/email/", member_views.not_offered),
    path("tai-khoan/", include("allauth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("quan-tri/", admin.site.urls),
    # MEDIA_URL: uploaded and generated files are never served as they lie, in any mode.
    path("tep/<path:name>", portal_views.stored_file, name="stored_file"),
]

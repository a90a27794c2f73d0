from django.urls import path, re_path

from reports import views

app_name = "reports"

urlpatterns = [
    path("", views.report_list, name="list"),
    path("tao/<int:term_pk>/", views.report_create, name="create"),
    path("<int:pk>/", views.report_detail, name="detail"),
    path("<int:pk>/muc/<slug:section>/", views.section_edit, name="section"),
    path("<int:pk>/muc/<slug:section>/lich-su/", views.section_history, name="section_history"),
    path("<int:pk>/han-che/", views.shortcomings, name="shortcomings"),
    path("<int:pk>/han-che/lich-su/", views.shortcomings_history, name="shortcomings_history"),
    path("<int:pk>/han-che/<int:item_pk>/", views.shortcoming_edit, name="shortcoming"),
    re_path(
        r"^(?P<pk>\d+)/han-che/(?P<item_pk>\d+)/(?P<direction>len|xuong)/$",
        views.shortcoming_move,
        name="shortcoming_move",
    ),
    path("<int:pk>/han-che/<int:item_pk>/xoa/", views.shortcoming_delete, name="shortcoming_delete"),
    re_path(r"^(?P<pk>\d+)/xem-truoc\.(?P<fmt>pdf|docx)$", views.report_file, name="file"),
    path("<int:pk>/ban-hanh/", views.publish, name="publish"),
    path("<int:pk>/so-sanh/", views.compare_versions, name="compare"),
    path("phien-ban/<int:pk>/", views.version_detail, name="version"),
    re_path(r"^phien-ban/(?P<pk>\d+)/tai\.(?P<fmt>pdf|docx)$", views.version_file, name="version_file"),
]

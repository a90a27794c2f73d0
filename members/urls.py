from django.urls import path, re_path

from members import views

app_name = "members"

urlpatterns = [
    path("hoi/", views.association_list, name="associations"),
    path("hoi/<int:pk>/", views.association_detail, name="association"),
    path("ban-chap-hanh/", views.committee, name="committee"),
    path("nguoi/<int:pk>/", views.person_detail, name="person"),
    # The roster, changed in the browser by the secretariat and the association's leads.
    path("hoi/<int:pk>/them-hoi-vien/", views.member_add, name="member_add"),
    path("hoi/<int:pk>/hoi-vien/<int:person_pk>/sua/", views.member_edit, name="member_edit"),
    path("hoi/<int:pk>/hoi-vien/<int:person_pk>/roi-hoi/", views.member_leave, name="member_leave"),
    path("hoi/<int:pk>/lich-su/", views.roster_history, name="roster_history"),
    # Sheets in and out.
    path("hoi/<int:pk>/nhap-danh-sach/", views.import_upload, name="import_upload"),
    path("nhap-danh-sach/<int:pk>/", views.import_preview, name="import_preview"),
    path("nhap-danh-sach/<int:pk>/cap-nhat/", views.import_apply, name="import_apply"),
    re_path(r"^hoi/(?P<pk>\d+)/danh-sach\.(?P<fmt>xlsx|csv)$", views.roster_export, name="roster_export"),
    re_path(r"^hoi/danh-sach\.(?P<fmt>xlsx|csv)$", views.rosters_export, name="rosters_export"),
    path("hoi/mau-danh-sach.xlsx", views.import_template, name="import_template"),
    # The secretariat's own pages.
    path("tim-kiem/", views.people_search, name="search"),
    path("de-nghi-lien-ket/", views.link_requests, name="link_requests"),
    path("de-nghi-lien-ket/<int:pk>/", views.link_request, name="link_request"),
    path("nguoi-phu-trach/", views.leads, name="leads"),
    path("nguoi-phu-trach/moi/", views.lead_invite, name="lead_invite"),
    path("nguoi-phu-trach/gui-lai-loi-moi/", views.lead_invitations_retry, name="lead_invitations_retry"),
    path("nguoi-phu-trach/<int:pk>/thu-hoi/", views.lead_revoke, name="lead_revoke"),
]

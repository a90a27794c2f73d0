from django.urls import path

from members import views

app_name = "members"

urlpatterns = [
    path("hoi/", views.association_list, name="associations"),
    path("hoi/<int:pk>/", views.association_detail, name="association"),
    path("ban-chap-hanh/", views.committee, name="committee"),
    path("nguoi/<int:pk>/", views.person_detail, name="person"),
]

"""NUL and the messages nobody translated: a form refuses a NUL in Vietnamese, an address with one answers a
Vietnamese 400 before anything reads it, and Django's, the admin's and allauth's own messages read in
Vietnamese too (locale/vi/), as do the pages for errors."""

import pytest
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse
from django.utils import translation

from members.models import Person
from tests.test_pages import text_of

NUL_REFUSED = "Nội dung có ký tự ẩn không hợp lệ (ký tự NUL)."


def test_a_form_with_a_nul_refuses_it_in_vietnamese_and_stores_nothing(client, lead, son_hong):
    client.force_login(lead)

    response = client.post(
        reverse("members:member_add", args=[son_hong.pk]),
        {
            "family_name": "Hoàng",
            "given_name": "Ma\x00i",
            "gender": "F",
            "ethnicity": "Kinh",
            "joined_on": "15/03/2024",
            "ma_gui": "a1",
        },
    )

    assert response.status_code == 200
    assert NUL_REFUSED in text_of(response)
    assert "Null characters" not in text_of(response)
    assert not Person.objects.filter(family_name="Hoàng").exists()


def test_the_sign_in_form_refuses_a_nul_in_vietnamese(client, secretariat):
    response = client.post(reverse("account_login"), {"login": "thu\x00@lienhiephoi.test", "password": "x"})

    assert response.status_code == 200
    assert NUL_REFUSED in text_of(response)


@pytest.mark.parametrize(
    "address",
    [
        "/dai-hoi/diem-danh/%00/",  # a check-in token, looked up as it is
        "/tim-kiem/?q=nguy%00en",  # a search
        "/hoi/?trang=%00",
        "/quan-tri/members/person/?q=%00",
        "/tai-khoan/login/?next=/%00",
    ],
)
def test_a_nul_in_the_address_answers_400_in_vietnamese_before_the_database_is_asked(
    client, secretariat, address, django_assert_num_queries
):
    secretariat.is_staff = True
    secretariat.save()
    client.force_login(secretariat)

    with django_assert_num_queries(0):
        response = client.get(address)

    assert response.status_code == 400
    assert "Yêu cầu không hợp lệ" in text_of(response)


def test_an_address_with_an_encoded_percent_sign_is_not_a_nul(client, secretariat):
    client.force_login(secretariat)

    response = client.get("/tim-kiem/?q=%2500")

    assert response.status_code == 200


def test_a_page_that_does_not_exist_says_so_in_vietnamese(client, secretariat):
    client.force_login(secretariat)

    response = client.get("/khong-co-trang-nay/")

    assert response.status_code == 404
    assert "Không tìm thấy trang" in text_of(response)
    assert "not found" not in text_of(response).lower()


def test_another_associations_member_is_not_found_in_vietnamese(client, other_lead, people):
    client.force_login(other_lead)

    response = client.get(reverse("members:person", args=[people["yen"].pk]))

    assert response.status_code == 404
    assert "Không tìm thấy trang" in text_of(response)


def test_a_form_sent_without_its_security_token_is_explained_in_vietnamese(secretariat):
    client = Client(enforce_csrf_checks=True)

    response = client.post(reverse("account_login"), {"login": "thu@lienhiephoi.test", "password": "x"})

    assert response.status_code == 403
    assert "Biểu mẫu đã cũ" in text_of(response)
    assert "CSRF" not in text_of(response)


def test_the_page_for_a_server_error_is_in_vietnamese_and_needs_no_request():
    with translation.override("vi"):
        page = render_to_string("500.html")

    assert "Cổng đang gặp lỗi" in page


def test_a_password_too_short_is_refused_in_vietnamese(client, lead):
    client.force_login(lead)

    response = client.post(
        reverse("account_change_password"),
        {"oldpassword": "mat-khau-hoi-son-hong", "password1": "abc", "password2": "abc"},
    )

    assert "Mật khẩu quá ngắn: cần ít nhất 8 ký tự." in text_of(response)


def test_two_different_new_passwords_are_refused_in_vietnamese(client, lead):
    client.force_login(lead)

    response = client.post(
        reverse("account_change_password"),
        {
            "oldpassword": "mat-khau-hoi-son-hong",
            "password1": "mot-mat-khau-dai",
            "password2": "mat-khau-khac-han",
        },
    )

    assert "Hai lần nhập mật khẩu phải giống nhau." in text_of(response)


@pytest.fixture
def office(client, secretariat):
    secretariat.is_staff = True
    secretariat.save()
    client.force_login(secretariat)
    return client


def test_the_admin_asks_to_correct_errors_in_vietnamese(office):
    response = office.post(reverse("admin:members_federation_add"), {})

    page = text_of(response)
    assert "Hãy sửa các lỗi dưới đây." in page
    assert "Please correct" not in page
    assert "Skip to main content" not in page


def test_the_admins_change_history_reads_in_vietnamese(office, people):
    response = office.get(reverse("admin:members_person_history", args=[people["hung"].pk]))

    page = text_of(response)
    assert "Lý do sửa" in page
    assert "Change reason" not in page


def test_the_admins_imports_and_exports_read_in_vietnamese(office):
    page = text_of(office.get(reverse("admin:reports_activity_import")))

    assert "Sẽ nhập các cột sau:" in page
    assert "Tệp cần nhập" in page


def test_the_admins_calendar_names_the_days_in_vietnamese(office):
    response = office.get(reverse("admin:jsi18n"))

    assert "Ch\\u1ee7 nh\\u1eadt" in response.content.decode()

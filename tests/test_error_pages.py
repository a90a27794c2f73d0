"""The error pages with DEBUG off, in Vietnamese and in English: each says what happened and leads home.

A 404 and a 403 are drawn in the portal's frame, with its menu; a 400, a 500 and a refused form (CSRF) in the
error frame, which needs nothing from the request or the database.
"""

import pytest
from django.conf import settings as django_settings
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse

from members import views as member_views
from tests.test_pages import text_of

TEXTS = {
    "vi": {
        404: "Không tìm thấy trang",
        403: "Không được phép",
        400: "Yêu cầu không hợp lệ",
        500: "Cổng đang gặp lỗi",
        "csrf": "Biểu mẫu đã cũ",
        "reload": "tải lại trang",
        "home": "Về trang chủ của cổng",
        "menu": "Điều hướng chính",
    },
    "en": {
        404: "Page not found",
        403: "Not allowed",
        400: "Bad request",
        500: "The portal ran into an error",
        "csrf": "This form has expired",
        "reload": "reload the page",
        "home": "Back to the portal’s home page",
        "menu": "Main navigation",
    },
}
LANGUAGES = pytest.mark.parametrize("language", ["vi", "en"])


@pytest.fixture(autouse=True)
def production(settings):
    settings.DEBUG = False


def _client(language, *, user=None, **options):
    client = Client(**options)
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = language
    if user is not None:
        client.force_login(user)
    return client


def _leads_home(response):
    return f'href="{reverse("home")}"' in response.content.decode()


@LANGUAGES
def test_a_missing_page_is_in_the_portals_frame_with_its_menu_and_a_link_home(language, secretariat):
    response = _client(language, user=secretariat).get("/khong-co-trang-nay/")

    assert response.status_code == 404
    page = text_of(response)
    assert TEXTS[language][404] in page and TEXTS[language]["home"] in page
    assert f'aria-label="{TEXTS[language]["menu"]}"' in response.content.decode()
    assert reverse("members:associations") in response.content.decode(), "the menu is there"
    assert _leads_home(response)


@LANGUAGES
def test_a_missing_page_signed_out_leads_home_too(language, db):
    response = _client(language).get("/khong-co-trang-nay/")

    assert response.status_code == 404
    assert TEXTS[language][404] in text_of(response)
    assert _leads_home(response)


@LANGUAGES
def test_a_form_that_expired_says_so_and_to_reload(language, secretariat):
    client = _client(language, enforce_csrf_checks=True)

    response = client.post(reverse("account_login"), {"login": "thu@lienhiephoi.test", "password": "x"})

    assert response.status_code == 403
    page = text_of(response)
    assert TEXTS[language]["csrf"] in page
    assert TEXTS[language]["reload"] in page
    assert "CSRF" not in page
    assert _leads_home(response)


@LANGUAGES
def test_a_server_error_says_so_and_leads_home(language, secretariat, monkeypatch):
    def broken(request):
        raise RuntimeError("a bug")

    monkeypatch.setattr(member_views, "home", broken)
    client = _client(language, user=secretariat, raise_request_exception=False)

    response = client.get(reverse("home"))

    assert response.status_code == 500
    page = text_of(response)
    assert TEXTS[language][500] in page
    assert "Server Error" not in page
    assert _leads_home(response)


@LANGUAGES
def test_a_bad_request_says_so_and_leads_home(language, secretariat):
    response = _client(language, user=secretariat).get("/tim-kiem/?q=nguy%00en")

    assert response.status_code == 400
    assert TEXTS[language][400] in text_of(response)
    assert _leads_home(response)


@LANGUAGES
def test_a_refused_action_says_so_in_the_portals_frame(language, secretariat, monkeypatch):
    def refused(request):
        raise PermissionDenied

    monkeypatch.setattr(member_views, "home", refused)

    response = _client(language, user=secretariat).get(reverse("home"))

    assert response.status_code == 403
    page = text_of(response)
    assert TEXTS[language][403] in page and TEXTS[language]["home"] in page
    assert "403 Forbidden" not in page
    assert _leads_home(response)

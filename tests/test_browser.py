"""The sign-in form in a real Chromium, against the live development server.

Playwright's sync API keeps an event loop running in the test thread, and Django refuses database work in
a thread with a running loop unless told it is safe, as it is here: the loop only drives the browser.
"""

import os
import re
from pathlib import Path

import pytest
from django.utils import translation

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
LOGIN_PATH = "/tai-khoan/login/"

pytestmark = pytest.mark.browser


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        message = f"Chromium not found at {CHROMIUM} (apt-get install chromium, or set CHROMIUM)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    # A Vietnamese office browser: the portal answers in Vietnamese.
    context = browser.new_context(locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh")
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()


def sign_in(page, live_server, email, password):
    page.goto(live_server.url + LOGIN_PATH)
    page.fill('input[name="login"]', email)
    page.fill('input[name="password"]', password)
    with page.expect_navigation():
        page.press('input[name="password"]', "Enter")


def test_secretariat_signs_in_and_reaches_the_dashboard(page, live_server, secretariat, federation, term_iv):
    from playwright.sync_api import expect

    sign_in(page, live_server, "thu@lienhiephoi.test", "mat-khau-van-phong")

    expect(page).to_have_url(live_server.url + "/")
    expect(page.locator("h1")).to_contain_text("Tổng quan")


def test_a_wrong_password_shows_an_error_and_stays_on_the_login_page(page, live_server, secretariat):
    from allauth.account.adapter import get_adapter
    from playwright.sync_api import expect

    sign_in(page, live_server, "thu@lienhiephoi.test", "not-the-password")

    expect(page).to_have_url(re.compile(re.escape(live_server.url + LOGIN_PATH)))
    with translation.override("vi"):
        message = str(get_adapter().error_messages["email_password_mismatch"])
    expect(page.locator("body")).to_contain_text(message)
    expect(page.locator('input[name="password"]')).to_be_visible()

"""The congress in a real Chromium: a delegate on a phone comments on the draft; staff check a delegate in.

Playwright's sync API runs one instance per thread and tests/test_browser.py keeps its Chromium open for the
whole session, so each scenario here drives its own Chromium from a thread of its own (as the elections'
browser test does), and the test checks the database once the browser is done.
"""

import os
import re
import threading

import pytest

from congress.models import CheckIn, Comment
from congress.services import delegates as services
from tests.test_browser import CHROMIUM, sign_in

pytestmark = pytest.mark.browser

PHONE = {
    "viewport": {"width": 390, "height": 844},
    "is_mobile": True,
    "has_touch": True,
    "device_scale_factor": 2,
}


def in_own_browser(scenario, *, timeout=180):
    """Run `scenario(new_page)` against a fresh headless Chromium in another thread; re-raise what it raised."""
    if not CHROMIUM.exists():
        message = f"Chromium not found at {CHROMIUM} (apt-get install chromium, or set CHROMIUM)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    failures = []

    def run():
        from playwright.sync_api import sync_playwright

        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(
                    executable_path=str(CHROMIUM),
                    args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
                )

                def new_page(**options):
                    context = browser.new_context(
                        locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh", accept_downloads=True, **options
                    )
                    context.set_default_timeout(15_000)
                    return context.new_page()

                try:
                    scenario(new_page)
                finally:
                    browser.close()
        except BaseException as error:  # handed to the test's own thread
            failures.append(error)

    worker = threading.Thread(target=run, name="congress-browser")
    worker.start()
    worker.join(timeout)
    assert not worker.is_alive(), "the browser scenario did not finish in time"
    if failures:
        raise failures[0]


def test_a_delegate_on_a_phone_reads_the_draft_comments_on_a_paragraph_and_downloads_it(
    live_server, congress_v
):
    draft = congress_v["draft"]
    pid, paragraph_text = draft.paragraphs()[2]
    downloaded = {}

    def scenario(new_page):
        from playwright.sync_api import expect

        page = new_page(**PHONE)
        sign_in(page, live_server, "dung@lienhiephoi.test", "mat-khau-dai-bieu")
        # Signing in lands a delegate on the congress documents.
        expect(page.locator("h1")).to_have_text("Tài liệu Đại hội")
        page.locator(".doc-list li", has_text="Dự thảo lần 1").get_by_role("link", name="Đọc").click()
        expect(page.locator(".paper .doc-title")).to_be_visible()
        # Nothing is wider than the phone.
        assert page.evaluate("document.documentElement.scrollWidth") <= 390

        paragraph = page.locator(f'.paper [data-paragraph="{pid}"]')
        paragraph.scroll_into_view_if_needed()
        paragraph.tap()
        form = page.locator("#comment-form")
        # The form opens right under the paragraph tapped, quoting it.
        expect(form).to_be_visible()
        assert page.evaluate(f"document.getElementById('{pid}').nextElementSibling.id") == "comment-form"
        expect(form.locator(".quote")).to_contain_text(paragraph_text[:30])
        form.locator("textarea").fill("Đề nghị nêu rõ số lớp tập huấn theo từng năm.")
        with page.expect_navigation():
            form.get_by_role("button", name="Gửi góp ý").tap()
        # The thanks sit right under the paragraph, in view, not at the top of the page.
        thanks = page.locator(f'.paper [data-paragraph="{pid}"] + .sent-note')
        expect(thanks).to_contain_text("Đã gửi góp ý vào đoạn này")
        expect(thanks).to_be_in_viewport()
        expect(page.locator("#gop-y-cua-toi")).to_contain_text(
            "Đề nghị nêu rõ số lớp tập huấn theo từng năm."
        )
        expect(page.locator(f'.paper [data-paragraph="{pid}"]')).to_have_class(re.compile(r"\bhas-comment\b"))

        with page.expect_download() as info:
            page.get_by_role("link", name="Tải PDF").first.tap()
        download = info.value
        downloaded["name"] = download.suggested_filename
        with open(download.path(), "rb") as handle:
            downloaded["bytes"] = handle.read()

    in_own_browser(scenario)

    comment = Comment.objects.get(text="Đề nghị nêu rõ số lớp tập huấn theo từng năm.")
    assert (comment.paragraph, comment.delegate) == (pid, congress_v["dung"])
    assert downloaded == {"name": "bao-cao-khoa-iv-du-thao-lan-1.pdf", "bytes": b"%PDF-1.7 stand-in"}


def test_staff_check_a_delegate_in_from_the_qr_codes_address_and_the_attendance_counts_them(
    live_server, congress_v, secretariat
):
    duc = congress_v["duc"]
    congress = congress_v["congress"]

    def scenario(new_page):
        from playwright.sync_api import expect

        page = new_page(**PHONE)
        sign_in(page, live_server, "thu@lienhiephoi.test", "mat-khau-van-phong")
        # What the phone's camera app opens after reading the card.
        page.goto(f"{live_server.url}/dai-hoi/diem-danh/{duc.token}/")
        expect(page.locator(".check-in-card .who")).to_have_text("Đặng Văn Đức")
        with page.expect_navigation():
            page.get_by_role("button", name="Điểm danh").tap()
        expect(page.locator(".check-in-card .status")).to_contain_text("Đã điểm danh lúc")
        # A second scan is harmless and says so.
        page.goto(f"{live_server.url}/dai-hoi/diem-danh/{duc.token}/")
        expect(page.get_by_role("button", name="Điểm danh")).to_have_count(0)
        expect(page.locator(".check-in-card .status")).to_contain_text("Đã điểm danh lúc")
        # A guest's card is refused with the reason.
        page.goto(f"{live_server.url}/dai-hoi/diem-danh/{congress_v['yen'].token}/")
        expect(page.locator(".check-in-card .status")).to_contain_text("Khách mời không điểm danh")

        board = new_page()
        sign_in(board, live_server, "thu@lienhiephoi.test", "mat-khau-van-phong")
        board.goto(f"{live_server.url}/dai-hoi/{congress.pk}/co-mat/")
        expect(board.locator(".big-count")).to_have_attribute("data-present", "1")
        expect(board.locator(".big-count")).to_have_attribute("data-summoned", "4")

    in_own_browser(scenario)

    assert CheckIn.objects.get().delegate == duc


def test_the_attendance_page_counts_a_check_in_without_being_reloaded(live_server, congress_v, secretariat):
    congress = congress_v["congress"]
    seen = {}

    def scenario(new_page):
        from django.db import connection
        from playwright.sync_api import expect

        board = new_page()
        sign_in(board, live_server, "thu@lienhiephoi.test", "mat-khau-van-phong")
        board.goto(f"{live_server.url}/dai-hoi/{congress.pk}/co-mat/")
        expect(board.locator(".big-count")).to_have_attribute("data-present", "0")
        expect(board.locator("body")).to_have_attribute("data-live-state", "open")
        expect(board.locator(".live-badge")).to_be_hidden()
        board.evaluate("window.loadedOnce = true")
        board.evaluate(
            "document.getElementById('attendance-hero')"
            ".addEventListener('live:updated', () => { window.heroUpdated = true; })"
        )
        try:
            services.check_in(congress_v["duc"], actor=secretariat)
        finally:
            connection.close()
        expect(board.locator(".big-count")).to_have_attribute("data-present", "1", timeout=3000)
        expect(board.locator("#attendance-latest")).to_contain_text("Đặng Văn Đức", timeout=3000)
        assert board.evaluate("window.heroUpdated === true")
        # The same page, not a reload, with its bar drawn again.
        seen["same page"] = board.evaluate("window.loadedOnce === true")
        seen["bar"] = board.evaluate("document.querySelector('.progress span').style.width")
        # Countdowns go by the server's clock, here an hour ahead of the browser's.
        board.evaluate(
            """() => {
                const server = Date.now() + 3600 * 1000;
                const iso = (ms) => new Date(ms).toISOString();
                document.body.insertAdjacentHTML("beforeend",
                    `<span id="left" data-countdown-end="${iso(server + 65500)}" data-server-now="${iso(server)}"></span>` +
                    `<span id="over" data-countdown-end="${iso(server - 12500)}" data-server-now="${iso(server)}"></span>`);
            }"""
        )
        expect(board.locator("#left")).to_have_text(re.compile(r"^01:0[56]$"))
        expect(board.locator("#over")).to_have_text(re.compile(r"^-00:1[23]$"))
        expect(board.locator("#over")).to_have_class("over")
        expect(board.locator("#left")).not_to_have_class("over")

    in_own_browser(scenario)

    assert seen == {"same page": True, "bar": "25%"}


def test_after_its_stream_ends_the_attendance_page_reconnects_and_fetches_what_it_missed(
    live_server, congress_v, secretariat, settings
):
    # Streams end after a second here; the browser reconnects two seconds later.
    settings.LIVE_STREAM_SECONDS = 1
    congress = congress_v["congress"]

    def scenario(new_page):
        from django.db import connection
        from playwright.sync_api import expect

        board = new_page()
        sign_in(board, live_server, "thu@lienhiephoi.test", "mat-khau-van-phong")
        board.goto(f"{live_server.url}/dai-hoi/{congress.pk}/co-mat/")
        expect(board.locator("body")).to_have_attribute("data-live-state", "open")
        expect(board.locator(".big-count")).to_have_attribute("data-present", "0")
        try:
            # Recorded behind the services' back: no event announces it.
            CheckIn.objects.create(delegate=congress_v["duc"], checked_in_by=secretariat, method="qr")
        finally:
            connection.close()
        expect(board.locator(".big-count")).to_have_attribute("data-present", "1", timeout=6000)
        # A reconnection within a few seconds is not shown as a lost connection.
        assert board.evaluate("document.body.getAttribute('data-live-state')") == "open"
        expect(board.locator(".live-badge")).to_be_hidden()

    in_own_browser(scenario)

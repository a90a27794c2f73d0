"""The counting board in a real Chromium: two people enter the same ballots from the keyboard, then the result.

Playwright's sync API runs one instance per thread, and tests/test_browser.py keeps its Chromium open for
the whole session; so this scenario drives its own Chromium from a thread of its own, and the test checks
the database once the browser is done.
"""

import os
import re
import threading

import pytest

from members.models import Body, Mandate, User, UserRole
from tests.conftest import CONGRESS_V
from tests.test_browser import CHROMIUM, sign_in

pytestmark = pytest.mark.browser


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

                def new_page():
                    context = browser.new_context(locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh")
                    context.set_default_timeout(15_000)
                    return context.new_page()

                try:
                    scenario(new_page)
                finally:
                    browser.close()
        except BaseException as error:  # handed to the test's own thread
            failures.append(error)

    worker = threading.Thread(target=run, name="board-browser")
    worker.start()
    worker.join(timeout)
    assert not worker.is_alive(), "the browser scenario did not finish in time"
    if failures:
        raise failures[0]


@pytest.fixture
def second_clerk(db):
    return User.objects.create_user(
        "ha@lienhiephoi.test", "mat-khau-kiem-phieu", role=UserRole.SECRETARIAT, full_name="Lê Thu Hà"
    )


def enter_ballots(page, url, ballots):
    """Each ballot: the numbers crossed out typed in the quick field, Enter; "h" marks it spoiled."""
    from playwright.sync_api import expect

    page.goto(url)
    for number, crossed in ballots:
        expect(page.locator('input[name="number"]')).to_have_value(str(number))
        field = page.locator('input[name="crossed"]')
        expect(field).to_be_focused()
        if crossed == "h":
            page.locator('input[name="spoiled"]').check()
            field.focus()
        else:
            page.keyboard.type(crossed)
        with page.expect_navigation():
            page.keyboard.press("Enter")
        expect(page.locator(".messages")).to_contain_text(f"Đã ghi phiếu số {number}")


def test_two_clerks_enter_the_ballots_and_the_board_sees_the_result(
    live_server, executive_election, secretariat, second_clerk
):
    ballots = [(1, "3"), (2, "2"), (3, "h"), (4, "3"), (5, "*")]
    entry = live_server.url + f"/dai-hoi/bau-cu/{executive_election.pk}/nhap-phieu/"
    result = live_server.url + f"/dai-hoi/bau-cu/{executive_election.pk}/ket-qua/"

    def scenario(new_page):
        from playwright.sync_api import expect

        page = new_page()
        sign_in(page, live_server, "thu@lienhiephoi.test", "mat-khau-van-phong")
        page.goto(entry + "1/")
        # A fresh ballot (3 names for 2 seats, none crossed yet) is not called invalid before anything is typed.
        status = page.locator("#ballot-status")
        expect(status).to_have_text("Phiếu mới: gõ số thứ tự các tên bị gạch, hoặc bấm vào tên để gạch.")
        expect(status).not_to_have_class(re.compile(r"\bbad\b"))
        # Typing a crossed-out number unticks that name and says at once whether the ballot is valid.
        page.keyboard.type("2")
        expect(page.locator("#ballot-status")).to_have_text("Giữ 2/2 tên: hợp lệ")
        expect(page.locator("label.crossed")).to_contain_text("Đặng Văn Đức")
        page.keyboard.press("Backspace")
        expect(page.locator("#ballot-status")).to_have_text("Giữ 3 tên, quá 2 người được bầu: không hợp lệ")
        enter_ballots(page, entry + "1/", ballots)
        expect(page.locator(".entered tbody tr")).to_have_count(5)

        clerk = new_page()
        sign_in(clerk, live_server, "ha@lienhiephoi.test", "mat-khau-kiem-phieu")
        # The second clerk types ballot 4 wrong at first: the result page shows the ballot and both readings.
        enter_ballots(clerk, entry + "2/", ballots[:3] + [(4, "1")] + ballots[4:])
        clerk.goto(result)
        expect(clerk.locator("#doi-chieu")).to_contain_text("Hai lượt khác nhau ở 1 phiếu.")
        expect(clerk.locator("#doi-chieu")).to_contain_text(
            "Phiếu số 4: số 1 được giữ ở lượt 1 nhưng bị gạch ở lượt 2; số 3 bị gạch ở lượt 1 nhưng được giữ ở lượt 2."
        )
        clerk.get_by_role("link", name="Sửa ở lượt 2").click()
        expect(clerk.locator("h2").first).to_contain_text("Sửa phiếu số 4")
        field = clerk.locator('input[name="crossed"]')
        field.fill("3")
        with clerk.expect_navigation():
            field.press("Enter")

        page.goto(result)
        expect(page.locator("#doi-chieu")).to_contain_text("Hai lượt khớp nhau trên toàn bộ 5 phiếu.")
        page.fill('input[name="ballots_issued"]', "6")
        with page.expect_navigation():
            page.get_by_role("button", name="Lưu").click()
        results = page.locator("#ket-qua")
        expect(results).to_contain_text("Đủ số người được bầu")
        # 3 valid ballots: Ánh kept on all 3, Đức on 2, Hưng on 1; more than half of 3 is 2 votes.
        expect(results.locator("tr", has_text="Lê Thị Ánh")).to_contain_text(
            re.compile(r"3\s+100,0%\s+Trúng cử")
        )
        expect(results.locator("tr", has_text="Đặng Văn Đức")).to_contain_text(
            re.compile(r"2\s+66,7%\s+Trúng cử")
        )
        expect(results.locator("tr", has_text="Nguyễn Kiều Hưng")).to_contain_text("Không đủ quá bán")

        page.once("dialog", lambda dialog: dialog.accept())
        with page.expect_navigation():
            page.get_by_role("button", name="Xác nhận kết quả").click()
        expect(page.locator(".messages")).to_contain_text("Đã xác nhận kết quả.")

    in_own_browser(scenario)

    entered_by = {
        (b.entry, b.entered_by.email) for b in executive_election.ballots.select_related("entered_by")
    }
    assert entered_by == {(1, "thu@lienhiephoi.test"), (2, "ha@lienhiephoi.test")}
    held = Mandate.objects.held_on(CONGRESS_V).filter(term__ordinal=5, body=Body.EXECUTIVE)
    assert sorted(held.values_list("person__given_name", flat=True)) == sorted(["Ánh", "Đức"])

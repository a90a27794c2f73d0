"""A lead keeps their roster current from their own sheet, in a real Chromium against the live server.

Signs in, uploads a sheet made here with openpyxl (a new member whose name has diacritics, and a new job
for a member already there), reads the preview, confirms, finds the new member by typing her name without
diacritics, downloads the roster and uploads that file again: the preview then says nothing would change.
"""

import datetime
import os
import re
import threading

import pytest

from tests.roster_fixtures import NEW_MEMBER, roster_sheet, sheet_row
from tests.test_browser import CHROMIUM, sign_in

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

pytestmark = pytest.mark.browser

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def in_own_browser(scenario, timeout=180):
    """Run `scenario(page)` in a Chromium of its own, on a thread of its own; re-raise what it raised.

    Playwright's sync API allows one instance per thread, and tests/test_browser.py keeps its Chromium
    open on the test thread for the whole session.
    """
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
                try:
                    context = browser.new_context(locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh")
                    context.set_default_timeout(15_000)
                    scenario(context.new_page())
                finally:
                    browser.close()
        except BaseException as error:  # handed back to the test's thread
            failures.append(error)

    worker = threading.Thread(target=run, name="roster-browser")
    worker.start()
    worker.join(timeout)
    assert not worker.is_alive(), "the browser scenario did not finish in time"
    if failures:
        raise failures[0]


def upload_sheet(tab, content, name):
    from playwright.sync_api import expect

    tab.get_by_role("link", name="Nhập từ Excel").first.click()
    expect(tab.locator("h1")).to_have_text("Nhập danh sách hội viên từ Excel")
    tab.set_input_files('input[type="file"]', files=[{"name": name, "mimeType": XLSX, "buffer": content}])
    with tab.expect_navigation():
        tab.get_by_role("button", name="Tải lên và xem trước").click()
    expect(tab.locator("h1")).to_have_text("2. Xem trước và xác nhận")


def counts(tab):
    return {
        label: tab.locator(".import-counts .stat", has_text=label).locator(".stat-value").inner_text()
        for label in ("Thêm mới", "Cập nhật", "Không thay đổi", "Dòng lỗi — cần sửa trước khi nhập")
    }


def test_a_lead_updates_the_roster_from_a_sheet_and_round_trips_the_export(
    live_server, lead, son_hong, people, roster_media, tmp_path
):
    yen = sheet_row(
        "Uông Thị Kim Yến", birth_date=datetime.date(1978, 9, 9), job_title="Trạm trưởng trạm y tế"
    )
    sheet = roster_sheet([NEW_MEMBER, yen])

    def scenario(page):
        from playwright.sync_api import expect

        sign_in(page, live_server, "lan@lienhiephoi.test", "mat-khau-hoi-son-hong")
        expect(page.locator("h1")).to_have_text("Hội KH&KT xã Sơn Hồng")

        upload_sheet(page, sheet, "danh-sach-son-hong.xlsx")
        assert counts(page) == {
            "Thêm mới": "1",
            "Cập nhật": "1",
            "Không thay đổi": "0",
            "Dòng lỗi — cần sửa trước khi nhập": "0",
        }
        rows = page.locator("table.import-rows tbody tr")
        expect(rows.filter(has_text="Nguyễn Thị Hằng Nga")).to_contain_text("Thêm mới")
        expect(rows.filter(has_text="Uông Thị Kim Yến")).to_contain_text("Chức vụ: — → Trạm trưởng trạm y tế")

        with page.expect_navigation():
            page.get_by_role("button", name="Xác nhận cập nhật danh sách").click()
        expect(page.locator(".alert-success")).to_contain_text(
            "Đã cập nhật danh sách từ tệp: 1 hội viên mới, 1 hội viên được cập nhật, 0 không thay đổi."
        )

        page.fill("#roster-q", "nguyen thi hang nga")
        with page.expect_navigation():
            page.press("#roster-q", "Enter")
        roster = page.locator("table.roster tbody tr")
        expect(roster).to_have_count(1)
        expect(roster.first).to_contain_text("Nguyễn Thị Hằng Nga")
        expect(roster.first).to_contain_text("SH-900")

        page.get_by_text("Xuất danh sách", exact=True).click()
        with page.expect_download() as download_info:
            page.get_by_role("link", name="Excel (.xlsx)").click()
        download = download_info.value
        assert re.fullmatch(r"danh-sach-hoi-vien-son-hong-\d{8}\.xlsx", download.suggested_filename)
        exported = tmp_path / download.suggested_filename
        download.save_as(exported)

        upload_sheet(page, exported.read_bytes(), download.suggested_filename)
        # Hưng, Yến, Ánh and the new Nga: the file is the roster as it stands.
        assert counts(page) == {
            "Thêm mới": "0",
            "Cập nhật": "0",
            "Không thay đổi": "4",
            "Dòng lỗi — cần sửa trước khi nhập": "0",
        }
        expect(page.locator("table.import-rows tbody tr")).to_have_count(4)
        expect(page.locator("table.import-rows .badge", has_text="Không thay đổi")).to_have_count(4)
        expect(page.locator("body")).to_contain_text(
            "Tệp khớp với danh sách hiện tại: không có gì để thay đổi."
        )

    in_own_browser(scenario)
    assert son_hong.memberships.filter(person__given_name="Nga", card_number="SH-900").count() == 1

"""Every page of each role on a phone (390 × 844): nothing is wider than the screen, and no field is wider
than the card it sits in. The pages are the permission matrix's: every URL the role opens with a GET and
gets a page (files are left out). Also: the main menu folds behind a "Menu" button there, and opens.
"""

import time

import pytest
from django.urls import reverse

from tests.test_browser import sign_in
from tests.test_browser_congress import PHONE, in_own_browser
from tests.test_pages import add_members
from tests.test_permissions import MATRIX, ROLES, _args, _resolve, users  # noqa: F401 (the fixture)

pytestmark = pytest.mark.browser

WIDTH = PHONE["viewport"]["width"]
ACCOUNTS = {
    "secretariat": ("thu@lienhiephoi.test", "mat-khau-van-phong"),
    "lead": ("lan@lienhiephoi.test", "mat-khau-hoi-son-hong"),
    "delegate": ("dung@lienhiephoi.test", "mat-khau-dai-bieu"),
}
# Not pages: downloads the browser would save rather than show, and the live pages' event streams.
FILES = (".pdf", ".xlsx", ".csv", ".docx", "/tai-ve/", "/su-kien/")

# What is too wide on the page: the document itself, and any field wider than its card.
MEASURE = """() => {
  const found = [];
  const width = document.documentElement.scrollWidth;
  if (width > window.innerWidth) found.push("page " + width + "px wide");
  for (const field of document.querySelectorAll("input:not([type=hidden]), textarea, select")) {
    const card = field.closest(".card");
    if (!card || !field.getClientRects().length) continue;
    const box = field.getBoundingClientRect(), edge = card.getBoundingClientRect();
    if (box.right > edge.right + 1 || box.left < edge.left - 1)
      found.push((field.name || field.id || field.tagName) + " wider than its card");
  }
  return found;
}"""


def _pages(request, role):
    column = ROLES.index(role)
    paths = []
    for row in MATRIX:
        method = row[3] if len(row) > 3 else "get"
        if method == "get" and row[2][column] == 200:
            path = reverse(row[0], args=[_resolve(request, arg) for arg in _args(row)])
            if not path.endswith(FILES) and path not in paths:
                paths.append(path)
    return paths


@pytest.fixture
def pages(request, live_server, users, people, committee, son_hong, settings):  # noqa: F811
    paths = {role: _pages(request, role) for role in ACCOUNTS}
    # An attached file open for comments: its page has the general comment form, not the paragraphs'.
    programme = request.getfixturevalue("congress_v")["programme"]
    programme.comments_open = True
    programme.save(update_fields=["comments_open"])
    # Short pages, so the lists show their pager; and a search with many pages of results.
    settings.PAGE_SIZE = 2
    add_members(son_hong, 30)
    paths["secretariat"].append(reverse("members:search") + "?q=tran+hoi+vien&trang=8")
    return paths


def test_no_page_of_any_role_is_wider_than_a_phone(live_server, pages):
    offending = []
    started = time.monotonic()

    def scenario(new_page):
        for role, (email, password) in ACCOUNTS.items():
            page = new_page(**PHONE)
            sign_in(page, live_server, email, password)
            for path in pages[role]:
                page.goto(live_server.url + path)
                problems = page.evaluate(MEASURE)
                # A document open for comments: the comment form opens under the paragraph touched.
                paragraph = page.locator(".commentable .paper [data-paragraph]").first
                if paragraph.count():
                    paragraph.click()
                    page.locator("#comment-form textarea").wait_for()
                    problems += [f"with the comment form open: {p}" for p in page.evaluate(MEASURE)]
                if problems:
                    offending.append(f"{role} {path}: {'; '.join(problems)}")
            page.context.close()

    in_own_browser(scenario, timeout=240)
    assert sum(len(paths) for paths in pages.values()) >= 60, "the matrix's pages were walked"
    assert not offending, "wider than a phone:\n" + "\n".join(offending)
    assert time.monotonic() - started < 60


def test_the_menu_button_opens_the_main_menu_on_a_phone(live_server, users):  # noqa: F811
    def scenario(new_page):
        from playwright.sync_api import expect

        page = new_page(**PHONE)
        sign_in(page, live_server, *ACCOUNTS["secretariat"])
        elections = page.locator(".main-nav").get_by_role("link", name="Bầu cử")
        expect(elections).not_to_be_visible()
        toggle = page.get_by_role("button", name="Menu")
        expect(toggle).to_be_visible()
        expect(toggle).to_have_attribute("aria-expanded", "false")
        toggle.click()
        expect(toggle).to_have_attribute("aria-expanded", "true")
        expect(elections).to_be_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= WIDTH

    in_own_browser(scenario)


def test_the_current_congress_tab_is_scrolled_into_view_on_a_phone(live_server, users, congress_v):  # noqa: F811
    path = reverse("congress:settings", args=[congress_v["congress"].pk])

    def scenario(new_page):
        page = new_page(**PHONE)
        sign_in(page, live_server, *ACCOUNTS["secretariat"])
        page.goto(live_server.url + path)
        seen = page.evaluate(
            """() => {
              const bar = document.querySelector(".congress-tabs");
              const tab = bar.querySelector('[aria-current="page"]');
              const outer = bar.getBoundingClientRect(), inner = tab.getBoundingClientRect();
              return [bar.scrollWidth > bar.clientWidth, inner.left >= outer.left - 1 && inner.right <= outer.right + 1];
            }"""
        )
        assert seen == [True, True], "the tabs overflow and the current one is in view"

    in_own_browser(scenario)

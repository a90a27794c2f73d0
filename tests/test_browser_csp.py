"""The main pages of each role, and the admin's, in a real Chromium under the Content-Security-Policy: the
browser reports no violation, and what the pages' static script does still happens (a question before a
form is sent, the ballot entry's status, the bars drawn to their width).

A violation is caught twice: by a securitypolicyviolation listener installed in every page before its own
scripts run, and by the console, where Chromium explains each refusal.
"""

import pytest
from django.urls import reverse

from tests.test_browser import sign_in
from tests.test_browser_congress import in_own_browser

pytestmark = pytest.mark.browser

LISTEN = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", function (event) {
  window.__cspViolations.push(event.violatedDirective + " " + (event.blockedURI || event.sample || ""));
});
"""


class Visitor:
    """Opens pages in one browser context and keeps every policy violation they report."""

    def __init__(self, page, base_url):
        self.page, self.base_url, self.violations = page, base_url, []
        page.add_init_script(LISTEN)
        page.on(
            "console",
            lambda message: (
                self.violations.append(f"{page.url}: {message.text}")
                if "Content Security Policy" in message.text
                else None
            ),
        )

    def open(self, path):
        response = self.page.goto(self.base_url + path)
        assert response.status < 400, f"{path} answered {response.status}"
        assert "content-security-policy" in response.headers, f"{path} came without the policy"
        self.page.wait_for_load_state("load")
        self.collect()

    def collect(self):
        found = self.page.evaluate("window.__cspViolations || []")
        self.violations += [f"{self.page.url}: {violation}" for violation in found]


@pytest.fixture
def site(
    live_server,
    secretariat,
    lead,
    delegate,
    congress_v,
    executive_election,
    resolution_target,
    term_report,
    report_version,
    son_hong,
    son_hong_upload,
    people,
):
    secretariat.is_staff = secretariat.is_superuser = True
    secretariat.save()
    draft, congress = congress_v["draft"], congress_v["congress"]
    activity_admin = "admin:reports_activity"
    return {
        "anonymous": [reverse("account_login"), reverse("account_reset_password")],
        "secretariat": [
            reverse("home"),
            reverse("members:associations"),
            reverse("members:association", args=[son_hong.pk]),
            reverse("members:person", args=[people["hung"].pk]),
            reverse("members:committee"),
            reverse("members:leads"),
            reverse("members:search") + "?q=nguyen",
            reverse("reports:list"),
            reverse("reports:detail", args=[term_report.pk]),
            reverse("reports:version", args=[report_version.pk]),
            reverse("congress:overview", args=[congress.pk]),
            reverse("congress:delegates", args=[congress.pk]),
            reverse("congress:attendance", args=[congress.pk]),
            reverse("congress:check_in_desk", args=[congress.pk]),
            reverse("congress:card", args=[congress_v["dung"].pk]),
            reverse("congress:cards", args=[congress.pk]),
            reverse("congress:documents", args=[congress.pk]),
            reverse("congress:comments", args=[draft.pk]),
            reverse("congress:quotas", args=[congress.pk]),
            reverse("congress:elections"),
            reverse("congress:election_entry", args=[executive_election.pk, 1]),
            reverse("congress:election_result", args=[executive_election.pk]),
            reverse("congress:resolution", args=[executive_election.congress.pk]),
        ],
        "admin": [
            reverse("admin:index"),
            reverse("admin:members_person_changelist"),
            reverse("admin:members_person_change", args=[people["hung"].pk]),
            reverse("admin:members_person_history", args=[people["hung"].pk]),
            reverse("admin:members_membership_import"),
            reverse(f"{activity_admin}_add"),
            reverse(f"{activity_admin}_import"),
            reverse(f"{activity_admin}_export"),
            reverse("admin:congress_congressdocument_change", args=[draft.pk]),
        ],
        "lead": [
            reverse("members:association", args=[son_hong.pk]),
            reverse("members:member_add", args=[son_hong.pk]),
            reverse("members:import_upload", args=[son_hong.pk]),
            reverse("members:import_preview", args=[son_hong_upload.pk]),
        ],
        "delegate": [reverse("congress:home"), reverse("congress:document", args=[draft.pk])],
        "entry": reverse("congress:election_entry", args=[executive_election.pk, 1]),
        "export": reverse(f"{activity_admin}_export"),
        "attendance": reverse("congress:attendance", args=[congress.pk]),
        "leads": reverse("members:leads"),
    }


def test_the_main_pages_of_every_role_and_the_admin_run_under_the_policy_without_a_violation(
    live_server, site
):
    violations = []
    questions = []

    def scenario(new_page):
        from playwright.sync_api import expect

        def visitor(email=None, password=None):
            page = new_page()
            if email:
                sign_in(page, live_server, email, password)
            return Visitor(page, live_server.url)

        anonymous = visitor()
        for path in site["anonymous"]:
            anonymous.open(path)

        office = visitor("thu@lienhiephoi.test", "mat-khau-van-phong")
        for path in site["secretariat"] + site["admin"]:
            office.open(path)

        # An inline handler is checked when it runs: the admin's export page runs its own.
        office.open(site["export"])
        toggle = office.page.locator("input.select-toggle")
        expect(toggle).to_have_count(1)
        toggle.click()
        office.collect()

        # The static script does what the inline code did.
        office.open(site["entry"])
        expect(office.page.locator("#ballot-status")).not_to_be_empty()
        office.page.locator("input.crossed").fill("1")
        expect(office.page.locator("#ballot-status")).to_contain_text("2/2")
        office.open(site["attendance"])
        assert office.page.evaluate("document.querySelector('.progress span').style.width").endswith("%")
        office.open(site["leads"])

        def answer(dialog):
            questions.append(dialog.message)
            dialog.dismiss()

        office.page.once("dialog", answer)
        office.page.get_by_role("button", name="Thu hồi tài khoản").first.click()
        office.page.wait_for_timeout(300)
        assert office.page.url == live_server.url + site["leads"]
        office.collect()

        lead = visitor("lan@lienhiephoi.test", "mat-khau-hoi-son-hong")
        for path in site["lead"]:
            lead.open(path)

        delegate = visitor("dung@lienhiephoi.test", "mat-khau-dai-bieu")
        for path in site["delegate"]:
            delegate.open(path)
        delegate.page.locator(".paper [data-paragraph]").first.click()
        expect(delegate.page.locator("#comment-form")).to_be_visible()
        delegate.collect()

        for each in (anonymous, office, lead, delegate):
            violations.extend(each.violations)

    in_own_browser(scenario, timeout=300)

    assert violations == []
    assert questions and questions[0].startswith("Thu hồi tài khoản của")

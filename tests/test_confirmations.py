"""Steps that cannot be undone ask before the form is sent (portal.js reads the form's data-confirm)."""

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def form_tag(html, action):
    match = re.search(rf'<form[^>]*action="{re.escape(action)}"[^>]*>', html)
    assert match, f"no form posting to {action}"
    return match.group(0)


def test_publishing_asks_only_when_the_version_is_the_official_one(client, secretariat, term_report):
    client.force_login(secretariat)
    html = client.get(reverse("reports:detail", args=[term_report.pk])).content.decode()
    tag = form_tag(html, reverse("reports:publish", args=[term_report.pk]))
    assert 'data-confirm="Ban hành bản chính thức?' in tag
    assert 'data-confirm-if="kind=official"' in tag


def test_revoking_a_summons_asks_first(client, secretariat, congress_v):
    delegate = congress_v["duc"]
    client.force_login(secretariat)
    html = client.get(reverse("congress:delegate", args=[delegate.pk])).content.decode()
    tag = form_tag(html, reverse("congress:delegate_revoke", args=[delegate.pk]))
    assert f'data-confirm="Thu hồi giấy triệu tập của {delegate.person.full_name}?' in tag


def test_inviting_every_delegate_asks_first(client, secretariat, congress_v):
    congress = congress_v["congress"]
    client.force_login(secretariat)
    html = client.get(reverse("congress:delegates", args=[congress.pk])).content.decode()
    tag = form_tag(html, reverse("congress:invite_all", args=[congress.pk]))
    assert 'data-confirm="Gửi thư mời tạo tài khoản cho mọi đại biểu chưa có tài khoản?"' in tag


ASK_ONLY_FOR_OFFICIAL = """
const form = document.createElement("form");
form.method = "get";
form.action = "#sent";
form.setAttribute("data-confirm", "Ban hành bản chính thức?");
form.setAttribute("data-confirm-if", "kind=official");
form.innerHTML = '<select name="kind"><option value="draft">D</option><option value="official">C</option></select>';
document.body.append(form);
form.elements.kind.value = KIND;
form.requestSubmit();
"""


@pytest.mark.browser
def test_the_browser_asks_for_the_official_version_and_not_for_a_draft(live_server):
    from tests.test_browser import LOGIN_PATH
    from tests.test_browser_congress import in_own_browser

    questions = []

    def scenario(new_page):
        page = new_page()

        def answer(dialog):
            questions.append(dialog.message)
            dialog.dismiss()

        page.on("dialog", answer)
        page.goto(live_server.url + LOGIN_PATH)
        page.evaluate(ASK_ONLY_FOR_OFFICIAL.replace("KIND", '"official"'))
        page.wait_for_timeout(300)
        assert "#sent" not in page.url
        page.goto(live_server.url + LOGIN_PATH)
        page.evaluate(ASK_ONLY_FOR_OFFICIAL.replace("KIND", '"draft"'))
        page.wait_for_url("**#sent")

    in_own_browser(scenario)
    assert questions == ["Ban hành bản chính thức?"]

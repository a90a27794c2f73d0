"""Every response carries a Content-Security-Policy, and no page of the portal writes a script or a style into
itself, so the policy can forbid both. The browser test (test_browser_csp.py) opens the pages under it."""

import re

import pytest
from django.conf import settings
from django.urls import reverse

from lienhiephoi.middleware import _hash

TEMPLATES = settings.BASE_DIR / "templates"
# Documents rendered to PDF by WeasyPrint, never served to a browser: they carry their stylesheet inline.
# Rendered into PDFs by WeasyPrint, never served: their stylesheet is inline on purpose.
DOCUMENTS = {"reports/document.html"}
DOCUMENT_FOLDERS = ("congress/elections/documents/", "congress/hall/documents/")


def policy(response):
    return dict(
        (directive.split(" ", 1) + [""])[:2] for directive in response["Content-Security-Policy"].split("; ")
    )


PORTAL_POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}


@pytest.mark.parametrize(
    "address",
    [
        "/tai-khoan/login/",  # a page
        "/",  # a redirect
        "/static/css/portal.css",  # a static file
        "/khong-co-trang-nay/",  # a page not found
        "/tim-kiem/?q=%00",  # an address refused
    ],
)
def test_every_response_forbids_scripts_and_styles_written_into_pages(db, client, address):
    response = client.get(address)

    assert policy(response) == PORTAL_POLICY


def test_a_downloaded_file_carries_the_policy_too(client, secretariat, report_version):
    client.force_login(secretariat)

    response = client.get(reverse("reports:version_file", args=[report_version.pk, "pdf"]))

    assert response.status_code == 200
    assert policy(response) == PORTAL_POLICY


def test_the_admin_allows_only_the_inline_handler_and_styles_of_its_packages_pages(client, secretariat):
    secretariat.is_staff = True
    secretariat.save()
    client.force_login(secretariat)

    admin_policy = policy(client.get(reverse("admin:reports_activity_export")))

    assert admin_policy == {
        **PORTAL_POLICY,
        "script-src": f"'self' 'unsafe-hashes' {_hash('onSelectToggleChange(event)')}",
        "style-src": f"'self' 'unsafe-hashes' {_hash('padding: 0;')} {_hash('font-weight: bold;')} {_hash('border-top: 0')}",
    }
    assert policy(client.get(reverse("members:associations"))) == PORTAL_POLICY


def served_templates():
    for path in sorted(TEMPLATES.rglob("*.html")):
        name = path.relative_to(TEMPLATES).as_posix()
        if name not in DOCUMENTS and not name.startswith(DOCUMENT_FOLDERS):
            yield name, path.read_text(encoding="utf-8")


INLINE = {
    "an inline script": re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/(ld\+)?json)[^>]*>", re.I),
    "an event handler attribute": re.compile(r"\son[a-z]+\s*=", re.I),
    "a style attribute": re.compile(r"\sstyle\s*=", re.I),
    "a style element": re.compile(r"<style\b", re.I),
    "a javascript: address": re.compile(r"javascript:", re.I),
}


@pytest.mark.parametrize(("name", "source"), [pytest.param(*page, id=page[0]) for page in served_templates()])
def test_no_page_writes_a_script_or_a_style_into_itself(name, source):
    found = [what for what, pattern in INLINE.items() if pattern.search(source)]

    assert not found, f"{name} has {', '.join(found)}: move it to static/ (see static/js/portal.js)"

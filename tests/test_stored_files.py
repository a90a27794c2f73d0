"""Uploaded and generated files are served only through views that check who asks, in every mode.

With DEBUG on, /media/ used to serve every roster sheet, report PDF and congress document to anyone who had
the address, without signing in. Members of the congress get their documents from the congress pages and the
report's versions from the report pages; what the admin links to goes through one address for the
secretariat.
"""

import importlib

import pytest
from django.core.files.storage import default_storage
from django.urls import clear_url_caches, reverse

import lienhiephoi.urls

KINDS = ["roster_sheet", "version_pdf", "congress_document"]


@pytest.fixture
def development_urls(settings, stored_files):
    """The portal's addresses as `bin/demo` loads them, with DEBUG on (the tests run with it off)."""
    settings.DEBUG = True
    importlib.reload(lienhiephoi.urls)
    clear_url_caches()
    yield
    settings.DEBUG = False
    importlib.reload(lienhiephoi.urls)
    clear_url_caches()


@pytest.mark.parametrize("kind", KINDS)
def test_with_debug_on_no_address_under_media_serves_a_stored_file(
    client, stored_files, development_urls, kind
):
    response = client.get(f"/media/{stored_files[kind].pk}")

    assert response.status_code == 404


@pytest.mark.parametrize("kind", KINDS)
def test_a_stored_files_address_sends_someone_signed_out_to_sign_in(client, stored_files, kind):
    response = client.get(default_storage.url(stored_files[kind].pk))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("persona", ["lead", "other_lead", "delegate"])
def test_only_the_secretariat_opens_a_file_by_its_stored_name(client, stored_files, kind, persona, request):
    client.force_login(request.getfixturevalue(persona))

    assert client.get(default_storage.url(stored_files[kind].pk)).status_code == 404


@pytest.mark.parametrize("kind", KINDS)
def test_the_secretariat_downloads_a_stored_file_as_it_is_stored(client, secretariat, stored_files, kind):
    name = stored_files[kind].pk
    client.force_login(secretariat)

    response = client.get(default_storage.url(name))

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    with default_storage.open(name, "rb") as stored:
        assert b"".join(response.streaming_content) == stored.read()


@pytest.mark.parametrize(
    "address", ["/tep/../settings.py", "/tep/%2e%2e/%2e%2e/lienhiephoi/settings.py", "/tep/khong-co.pdf"]
)
def test_nothing_outside_the_stored_files_is_served(client, secretariat, stored_files, address):
    client.force_login(secretariat)

    assert client.get(address).status_code in (400, 404)


@pytest.fixture
def office(client, secretariat):
    # Report versions have no SecretariatAccess in the admin: Django's view permission, a superuser's.
    secretariat.is_staff = secretariat.is_superuser = True
    secretariat.save()
    client.force_login(secretariat)
    return client


def test_the_admin_links_a_report_versions_pdf_to_its_guarded_address(office, stored_files, report_version):
    page = office.get(
        reverse("admin:reports_reportversion_change", args=[report_version.pk])
    ).content.decode()

    assert "/media/" not in page
    assert f'href="{default_storage.url(report_version.pdf.name)}"' in page


def test_the_admin_links_a_congress_document_to_its_guarded_address(office, stored_files, congress_v):
    programme = congress_v["programme"]

    page = office.get(reverse("admin:congress_congressdocument_change", args=[programme.pk])).content.decode()

    assert "/media/" not in page
    assert f'href="{default_storage.url(programme.file.name)}"' in page
    assert office.get(default_storage.url(programme.file.name)).status_code == 200


def test_the_guarded_address_is_the_storages_own():
    assert default_storage.url("congress/documents/chuong-trinh.pdf") == reverse(
        "stored_file", args=["congress/documents/chuong-trinh.pdf"]
    )

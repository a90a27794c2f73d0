"""Roster sheets uploaded and previewed but not yet applied are listed where their users land."""

from django.urls import reverse

from members import importing, selectors


def test_the_secretariat_finds_a_leads_unconfirmed_sheet_on_the_dashboard(
    client, secretariat, son_hong_upload
):
    client.force_login(secretariat)
    html = client.get(reverse("home")).content.decode()
    assert "Tệp tải lên chờ xác nhận" in html
    assert reverse("members:import_preview", args=[son_hong_upload.pk]) in html


def test_a_lead_finds_their_unconfirmed_sheet_on_their_association(
    client, lead, son_hong, son_hong_upload, pho_chau_upload
):
    client.force_login(lead)
    html = client.get(reverse("members:association", args=[son_hong.pk])).content.decode()
    assert reverse("members:import_preview", args=[son_hong_upload.pk]) in html
    assert reverse("members:import_preview", args=[pho_chau_upload.pk]) not in html


def test_only_sheets_the_user_may_apply_and_not_yet_applied_are_listed(
    secretariat, lead, other_lead, son_hong_upload, pho_chau_upload
):
    assert selectors.staged_imports(lead) == [son_hong_upload]
    assert selectors.staged_imports(other_lead) == [pho_chau_upload]
    assert set(selectors.staged_imports(secretariat)) == {son_hong_upload, pho_chau_upload}
    importing.apply_import(son_hong_upload, actor=lead)
    assert selectors.staged_imports(lead) == []


def test_the_congress_overview_lists_its_unconfirmed_sheets(
    client, secretariat, delegate_upload, ballot_upload
):
    client.force_login(secretariat)
    html = client.get(reverse("congress:overview", args=[delegate_upload.congress_id])).content.decode()
    assert reverse("congress:sheet_import", args=[delegate_upload.pk]) in html
    assert reverse("congress:sheet_import", args=[ballot_upload.pk]) in html

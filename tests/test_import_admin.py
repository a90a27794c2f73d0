"""The admin's Import and Export buttons on the memberships lead to the same pipeline as the pages."""

from django.urls import reverse

from members.models import Person, RosterImport, UploadStatus
from tests.fixtures.rosters import HEADER, media_root, upload, xlsx_bytes  # noqa: F401

ROWS = [HEADER, [1, "Trần Văn Mới", "02/03/1980", "Nam", "SH-1"]]


def test_the_secretariat_imports_a_roster_in_two_steps(client, secretariat, son_hong):
    secretariat.is_staff = True
    secretariat.save()
    client.force_login(secretariat)
    changelist = client.get(reverse("admin:members_membership_changelist"))
    assert reverse("admin:members_membership_import") in changelist.content.decode()

    response = client.post(
        reverse("admin:members_membership_import"),
        {"association": son_hong.pk, "file": upload(xlsx_bytes(ROWS))},
    )
    assert response.status_code == 200
    assert "Thêm mới: 1" in response.content.decode()
    roster_import = RosterImport.objects.get()
    assert roster_import.status == UploadStatus.STAGED
    assert not Person.objects.filter(given_name="Mới").exists()

    response = client.post(
        reverse("admin:members_membership_process_import"), {"roster_import": roster_import.pk}
    )
    assert response.status_code == 302
    person = Person.objects.get(given_name="Mới")
    assert person.history.get().history_user == secretariat


def test_the_admin_export_is_the_roster_export(client, secretariat, people):
    secretariat.is_staff = True
    secretariat.save()
    client.force_login(secretariat)
    response = client.get(reverse("admin:members_membership_export"), {"format": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "Họ và tên" in response.content.decode("utf-8-sig")


def test_a_bad_file_in_the_admin_shows_its_message(client, secretariat, son_hong):
    secretariat.is_staff = True
    secretariat.save()
    client.force_login(secretariat)
    response = client.post(
        reverse("admin:members_membership_import"),
        {"association": son_hong.pk, "file": upload(b"%PDF-1.4", "ds.pdf")},
    )
    assert "Đây là tệp PDF" in response.content.decode()
    assert not RosterImport.objects.exists()

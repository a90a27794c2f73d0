"""A request body larger than any upload the portal takes is refused before anything reads or stores it."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from members.models import RosterImport


def test_an_oversized_upload_is_refused_whole_with_a_message(client, lead, son_hong, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.MAX_REQUEST_BYTES = 4096
    client.force_login(lead)
    sheet = SimpleUploadedFile("danh-sach.csv", b"Ho va ten\r\n" + b"Le Van An\r\n" * 1000)
    response = client.post(reverse("members:import_upload", args=[son_hong.pk]), {"tep": sheet})
    assert response.status_code == 413
    assert "Tệp gửi lên quá lớn" in response.content.decode()
    assert "nặng hơn 4,0\xa0KB" in response.content.decode()
    assert not RosterImport.objects.exists()
    assert not any(tmp_path.iterdir())


def test_a_body_within_the_limit_goes_through(client, lead, son_hong, settings):
    settings.MAX_REQUEST_BYTES = 4096
    client.force_login(lead)
    response = client.post(reverse("members:import_upload", args=[son_hong.pk]), {})
    assert response.status_code == 200

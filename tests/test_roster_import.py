"""Updating a roster from a sheet in the browser: upload, preview, confirm."""

import datetime

import pytest
from django.urls import reverse

from members.models import Membership, Person, RosterImport
from tests.roster_fixtures import NEW_MEMBER, roster_sheet, sheet_row, upload
from tests.test_pages import queries_for, section, text_of


@pytest.fixture
def upload_url(son_hong):
    return reverse("members:import_upload", args=[son_hong.pk])


def send(client, url, content, name="danh-sach.xlsx"):
    return client.post(url, {"tep": upload(content, name)})


def test_the_upload_page_offers_the_template(client, lead, son_hong, upload_url):
    client.force_login(lead)
    response = client.get(upload_url)
    html = response.content.decode()
    assert reverse("members:import_template") in html
    assert 'role="alert"' not in html, "nothing was sent yet, so nothing is wrong"
    assert 'type="file"' in html
    response = client.get(reverse("members:import_template"))
    assert response["Content-Disposition"] == 'attachment; filename="mau-danh-sach-hoi-vien.xlsx"'
    assert response.content[:2] == b"PK"


def test_an_unreadable_file_is_explained_and_nothing_is_kept(
    client, lead, son_hong, upload_url, roster_media
):
    client.force_login(lead)
    response = send(
        client, upload_url, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), name="danh-sach.xls"
    )
    assert response.status_code == 200
    page = text_of(response)
    assert "Không đọc được tệp; danh sách chưa thay đổi gì." in page
    assert "Excel 97–2003 (.xls)" in page
    assert not RosterImport.objects.exists()


def test_no_file_chosen_is_explained(client, lead, upload_url):
    client.force_login(lead)
    page = text_of(client.post(upload_url, {}))
    assert "Hãy chọn tệp danh sách để tải lên." in page
    assert "Không đọc được tệp" not in page


def test_an_upload_is_previewed_and_changes_nothing_yet(
    client, lead, son_hong, people, upload_url, roster_media
):
    client.force_login(lead)
    response = send(client, upload_url, roster_sheet([NEW_MEMBER]))
    roster_import = RosterImport.objects.get()
    assert response["Location"] == reverse("members:import_preview", args=[roster_import.pk])
    page = text_of(client.get(response["Location"]))
    assert "Thêm mới 1 Cập nhật 0 Không thay đổi 0 Dòng lỗi — cần sửa trước khi nhập 0" in page
    assert "Xác nhận để thêm 1 hội viên mới và cập nhật 0 hội viên." in page
    rows = section(client.get(response["Location"]), "Từng dòng trong tệp")
    assert "2 Nguyễn Thị Hằng Nga Thêm mới" in rows
    assert not Person.objects.filter(given_name="Nga").exists()


def test_confirming_updates_the_roster_and_says_how(client, lead, son_hong, people, son_hong_upload):
    client.force_login(lead)
    url = reverse("members:import_apply", args=[son_hong_upload.pk])
    response = client.post(url, {"ma_gui": "apply1"}, follow=True)
    assert response.redirect_chain[-1][0].startswith(reverse("members:association", args=[son_hong.pk]))
    assert (
        "Đã cập nhật danh sách từ tệp: 1 hội viên mới, 0 hội viên được cập nhật, 0 không thay đổi."
        in text_of(response)
    )
    nga = Person.objects.get(given_name="Nga")
    membership = nga.memberships.get()
    assert (membership.association, membership.joined_on, membership.card_number) == (
        son_hong,
        datetime.date(2024, 4, 1),
        "SH-900",
    )
    assert membership.history.get().history_user == lead


def test_confirming_twice_adds_once(client, lead, son_hong, people, son_hong_upload):
    client.force_login(lead)
    url = reverse("members:import_apply", args=[son_hong_upload.pk])
    client.post(url, {"ma_gui": "apply2"})
    again = client.post(url, {"ma_gui": "apply2"}, follow=True)
    assert "Yêu cầu này đã được thực hiện trước đó" in text_of(again)
    # From another tab, with another form: told it was done, sent to the roster.
    other_tab = client.post(url, {"ma_gui": "apply3"}, follow=True)
    assert other_tab.redirect_chain[-1][0].startswith(reverse("members:association", args=[son_hong.pk]))
    assert "Tệp này đã được cập nhật lúc" in text_of(other_tab)
    assert Membership.objects.filter(person__given_name="Nga").count() == 1
    page = text_of(client.get(reverse("members:import_preview", args=[son_hong_upload.pk])))
    assert "đã được cập nhật vào danh sách lúc" in page
    assert "Xác nhận cập nhật danh sách" not in page


def test_a_sheet_with_a_bad_row_cannot_be_confirmed(client, lead, son_hong, people, upload_url, roster_media):
    client.force_login(lead)
    bad = sheet_row("Trần Văn Bảy", birth_date="1980", gender="Nam")
    response = send(client, upload_url, roster_sheet([NEW_MEMBER, bad]))
    preview = client.get(response["Location"])
    page = text_of(preview)
    assert "Thêm mới 1 Cập nhật 0 Không thay đổi 0 Dòng lỗi — cần sửa trước khi nhập 1" in page
    assert "Chưa thể cập nhật từ tệp này." in page
    assert "Xác nhận cập nhật danh sách" not in page
    assert "3 Trần Văn Bảy Lỗi — cần sửa trước khi nhập Ngày sinh “1980”" in section(
        preview, "Từng dòng trong tệp"
    )
    roster_import = RosterImport.objects.get()
    response = client.post(reverse("members:import_apply", args=[roster_import.pk]), follow=True)
    assert "Tệp còn 1 dòng lỗi nên chưa cập nhật được gì." in text_of(response)
    assert not Person.objects.filter(given_name="Nga").exists()


def test_the_preview_shows_what_an_update_changes(client, lead, son_hong, people, upload_url, roster_media):
    client.force_login(lead)
    yen = sheet_row("Uông Thị Kim Yến", birth_date=datetime.date(1978, 9, 9), job_title="Trạm trưởng")
    response = send(client, upload_url, roster_sheet([yen]))
    rows = section(client.get(response["Location"]), "Từng dòng trong tệp")
    assert "2 Uông Thị Kim Yến Cập nhật Chức vụ: — → Trạm trưởng" in rows


def test_a_row_of_another_rosters_member_is_previewed_as_a_request_without_their_record(
    client, lead, son_hong, people, upload_url, roster_media
):
    Person.objects.filter(pk=people["duc"].pk).update(phone="0912345678", workplace="Công ty Chè Tây Sơn")
    client.force_login(lead)
    duc = sheet_row("Đặng Văn Đức", birth_date=datetime.date(1985, 1, 20), gender="Nam", phone="0987000111")
    response = send(client, upload_url, roster_sheet([duc]))
    preview = client.get(response["Location"])
    page = text_of(preview)
    assert "0912345678" not in page
    assert "Công ty Chè Tây Sơn" not in page
    assert "Đề nghị liên kết 1" in page
    rows = section(preview, "Từng dòng trong tệp")
    assert "2 Đặng Văn Đức Đề nghị liên kết" in rows
    response = client.post(reverse("members:import_apply", args=[RosterImport.objects.get().pk]), follow=True)
    assert "Đã gửi 1 đề nghị liên kết tới Văn phòng Liên hiệp hội." in text_of(response)
    assert not son_hong.memberships.filter(person=people["duc"]).exists()


def test_the_preview_runs_the_same_queries_however_long_the_sheet(
    client, lead, son_hong, people, upload_url, roster_media, django_assert_num_queries
):
    client.force_login(lead)
    small = send(client, upload_url, roster_sheet([NEW_MEMBER]))["Location"]
    many = [
        sheet_row(f"Trần Văn Số{index:03d}", birth_date=datetime.date(1980, 1, 1 + index % 28), gender="Nam")
        for index in range(60)
    ]
    large = send(client, upload_url, roster_sheet(many))["Location"]
    assert "Thêm mới 60" in text_of(client.get(large))
    assert queries_for(client, small) == queries_for(client, large)
    # Session and user (2), the upload with its association (1), the lead's associations and congress seat
    # for the menu (2), federation (1): the preview was computed when the file was uploaded.
    with django_assert_num_queries(6):
        client.get(large)

"""Exporting rosters: one association's for whoever may see it, every one for the secretariat."""

import csv
import io

from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from members.models import RosterImport
from tests.roster_fixtures import upload
from tests.test_pages import text_of


def xlsx_rows(response):
    sheet = load_workbook(io.BytesIO(response.content)).active
    return [[cell.value for cell in row] for row in sheet.iter_rows()]


def test_a_lead_downloads_their_roster_as_xlsx(client, lead, son_hong, people):
    client.force_login(lead)
    response = client.get(reverse("members:roster_export", args=[son_hong.pk, "xlsx"]))
    today = timezone.localdate().strftime("%Y%m%d")
    assert (
        response["Content-Disposition"] == f'attachment; filename="danh-sach-hoi-vien-son-hong-{today}.xlsx"'
    )
    rows = xlsx_rows(response)
    assert rows[0][:3] == ["STT", "Họ và tên", "Ngày sinh"]
    # Sơn Hồng's three current members in Vietnamese order (by given name); nobody else's.
    assert [row[1] for row in rows[1:]] == ["Lê Thị Ánh", "Nguyễn Kiều Hưng", "Uông Thị Kim Yến"]


def test_csv_opens_in_excel_with_vietnamese_intact(client, lead, son_hong, people):
    client.force_login(lead)
    response = client.get(reverse("members:roster_export", args=[son_hong.pk, "csv"]))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.content.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[1][1:3] == ["Lê Thị Ánh", "03/03/1990"]


def test_the_secretariat_downloads_every_roster(client, secretariat, people):
    client.force_login(secretariat)
    rows = xlsx_rows(client.get(reverse("members:rosters_export", args=["xlsx"])))
    # Hưng is in two associations, so on two rows; An left Phố Châu, so on none.
    names = [row[1] for row in rows[1:]]
    assert sorted(names) == [
        "Lê Thị Ánh",
        "Nguyễn Kiều Hưng",
        "Nguyễn Kiều Hưng",
        "Uông Thị Kim Yến",
        "Đặng Văn Đức",
    ]
    assert "Phan Văn An" not in names


def test_the_roster_page_offers_both_formats(client, lead, son_hong):
    client.force_login(lead)
    html = client.get(reverse("members:association", args=[son_hong.pk])).content.decode()
    assert reverse("members:roster_export", args=[son_hong.pk, "xlsx"]) in html
    assert reverse("members:roster_export", args=[son_hong.pk, "csv"]) in html


def test_an_exported_roster_uploaded_again_changes_nothing(client, lead, son_hong, people, roster_media):
    client.force_login(lead)
    exported = client.get(reverse("members:roster_export", args=[son_hong.pk, "xlsx"]))
    client.post(reverse("members:import_upload", args=[son_hong.pk]), {"tep": upload(exported.content)})
    roster_import = RosterImport.objects.get()
    page = text_of(client.get(reverse("members:import_preview", args=[roster_import.pk])))
    assert "Thêm mới 0 Cập nhật 0 Không thay đổi 3 Dòng lỗi — cần sửa trước khi nhập 0" in page
    assert "Tệp khớp với danh sách hiện tại: không có gì để thay đổi." in page

"""The admin's Export of activities and initiatives: the portal's XLSX and CSV, written by members.exporting."""

import csv
import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from reports.models import Activity, ActivityKind, Initiative, Level


@pytest.fixture
def staff(client, secretariat):
    secretariat.is_staff = True
    secretariat.save(update_fields=["is_staff"])
    client.force_login(secretariat)
    return client


@pytest.fixture
def activity(committee):
    return Activity.objects.create(
        term=committee,
        kind=ActivityKind.TRAINING,
        title='=HYPERLINK("http://evil.example/","x")',
        held_on=datetime.date(2019, 3, 5),
        participants=1200,
        partner="Trạm khuyến nông",
    )


@pytest.fixture
def initiative(committee):
    return Initiative.objects.create(
        term=committee,
        title="+Máy gieo hạt",
        authors="Nguyễn Văn A",
        level=Level.PROVINCE,
        recognised_on=datetime.date(2021, 6, 1),
    )


def downloads(client, url):
    """{format: response} for every format the admin's Export form at `url` offers, every column ticked."""
    form = client.get(url).context["form"]
    columns = {
        name: "on" for name, field in form.fields.items() if getattr(field, "is_selectable_field", False)
    }
    return {
        title: client.post(url, {**columns, "resource": "0", "format": value})
        for value, title in form.fields["format"].choices
        if value
    }


def export(client, model, fmt):
    return downloads(client, reverse(f"admin:reports_{model}_export"))[fmt]


@pytest.mark.parametrize("model", ["activity", "initiative"])
def test_the_admin_offers_the_portals_xlsx_and_csv_only(staff, model):
    form = staff.get(reverse(f"admin:reports_{model}_export")).context["form"]
    assert [title for value, title in form.fields["format"].choices if value] == ["xlsx", "csv"]


def test_activities_export_to_xlsx_with_real_dates_and_inert_text(staff, activity):
    response = export(staff, "activity", "xlsx")
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert response["Content-Disposition"].endswith('.xlsx"')
    sheet = load_workbook(io.BytesIO(response.content)).active
    header = [cell.value for cell in sheet[1]]
    row = dict(zip(header, sheet[2], strict=True))
    assert header[:4] == ["Khoá", "Loại", "Nội dung", "Ngày"]
    assert sheet[1][0].font.b and sheet.freeze_panes == "A2"
    assert row["Nội dung"].value == '\'=HYPERLINK("http://evil.example/","x")'
    assert row["Ngày"].value == datetime.datetime(2019, 3, 5) and row["Ngày"].number_format == "DD/MM/YYYY"
    assert row["Số người tham gia"].value == 1200
    assert row["Loại"].value == ActivityKind.TRAINING.label


def test_initiatives_export_to_csv_as_excel_opens_it(staff, initiative):
    response = export(staff, "initiative", "csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.content.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"), newline="")))
    assert rows == [
        ["Khoá", "Tên đề tài, sáng kiến", "Tác giả", "Cấp", "Ngày công nhận"],
        ["4", "'+Máy gieo hạt", "Nguyễn Văn A", str(Level.PROVINCE.label), "01/06/2021"],
    ]

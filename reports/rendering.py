"""Turn composed report content into HTML, PDF (WeasyPrint) and DOCX (python-docx).

Each renderer takes the content dict that `reports.document` builds or that a version stored, and returns
bytes or text; views and commands only hand those bytes on.
"""

import io

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import translation

from members.charts import Chart
from reports.document import INDEX, NUMBER, TEXT, paragraph_text

STYLESHEET = "reports/document.css"


def stylesheet():
    with open(finders.find(STYLESHEET), encoding="utf-8") as handle:
        return handle.read()


def _default_kinds(columns):
    # Versions published before tables named their column kinds: only the index column is set apart.
    return [INDEX if n == 0 and column == "STT" else TEXT for n, column in enumerate(columns)]


def _chart(block):
    """The drawing of a chart block: its rows' numbers as bars, one series per column after the first."""
    return Chart.of(
        block["caption"],
        block["columns"][1:],
        [(row[0], values, row[1:]) for row, values in zip(block["rows"], block["values"], strict=True)],
        label_heading=block["columns"][0],
        key=f"chart-{block['id']}",
    )


def _cells(cells, kinds):
    return [{"text": text, "kind": kind} for text, kind in zip(cells, kinds, strict=False)]


def for_template(content):
    """The content with every table cell paired with its column's kind, which sets its alignment."""
    blocks = []
    for block in content["blocks"]:
        if block["type"] == "chart":
            block = {**block, "chart": _chart(block)}
        if block["type"] in ("table", "chart"):
            kinds = block.get("kinds") or _default_kinds(block["columns"])
            block = {
                **block,
                "head": _cells(block["columns"], kinds),
                "body": [_cells(row, kinds) for row in block["rows"]],
                "foot": _cells(block["total"], kinds) if block.get("total") else None,
            }
        blocks.append(block)
    return {**content, "blocks": blocks}


def render_html(content):
    """The report as a standalone page, as it prints: cited figures are plain text, missing ones marked."""
    # Printed in Vietnamese whatever language the portal is shown in.
    with translation.override("vi"):
        return render_to_string(
            "reports/document.html",
            {"content": for_template(content), "stylesheet": stylesheet(), "for_print": True},
        )


def render_pdf(content):
    from weasyprint import HTML

    return HTML(string=render_html(content)).write_pdf()


# --- DOCX: the state format in python-docx, shared by every document the portal writes as Word -----------


def docx_document():
    """An empty A4 document with the state format's margins and Times New Roman 14."""
    from docx import Document
    from docx.shared import Cm, Pt

    document = Document()
    section = document.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21)
    section.top_margin = section.bottom_margin = Cm(2)
    section.left_margin, section.right_margin = Cm(3), Cm(1.5)
    normal = document.styles["Normal"]
    normal.font.name = "Times New Roman"
    normal.font.size = Pt(14)
    return document


def docx_paragraph(document, text="", *, bold=False, italic=False, align=None, indent=True, size=None):
    from docx.shared import Cm, Pt

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


def docx_state_header(document, *, parent_body, federation, date_line):
    """The organisation's name top left, the national motto and the place and date line top right."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt

    header = document.add_table(rows=1, cols=2)
    left, right = header.rows[0].cells
    left.width, right.width = Cm(6.5), Cm(10)
    left.paragraphs[0].add_run(parent_body).font.size = Pt(13)
    name = left.add_paragraph().add_run(federation)
    name.bold = True
    name.font.size = Pt(13)
    left.add_paragraph().add_run("———").font.size = Pt(8)
    republic = right.paragraphs[0].add_run("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    republic.bold = True
    republic.font.size = Pt(13)
    motto = right.add_paragraph().add_run("Độc lập - Tự do - Hạnh phúc")
    motto.bold = motto.underline = True
    right.add_paragraph().add_run(date_line).italic = True
    for cell in (left, right):
        for p in cell.paragraphs:
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    return header


def _repeat_as_header(row):
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    properties = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)


def docx_table(document, head, body, foot=None):
    """A bordered table whose head row repeats on every page; cells are {"text", "kind"} as `for_template`
    pairs them, the kind setting the alignment; a foot row (totals) is bold."""
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    align = {
        INDEX: WD_ALIGN_PARAGRAPH.CENTER,
        "date": WD_ALIGN_PARAGRAPH.CENTER,
        NUMBER: WD_ALIGN_PARAGRAPH.RIGHT,
        TEXT: WD_ALIGN_PARAGRAPH.LEFT,
    }
    rows = [head, *body] + ([foot] if foot else [])
    table = document.add_table(rows=len(rows), cols=len(head))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _repeat_as_header(table.rows[0])
    for r, row in enumerate(rows):
        for i, cell in enumerate(row):
            paragraph = table.rows[r].cells[i].paragraphs[0]
            run = paragraph.add_run(cell["text"])
            run.font.size = Pt(12)
            if r == 0:
                run.bold = True
                paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            else:
                run.bold = foot is not None and r == len(rows) - 1
                paragraph.alignment = align.get(cell["kind"], WD_ALIGN_PARAGRAPH.LEFT)
    return table


def docx_bytes(document):
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def render_docx(content):
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    meta = content["meta"]
    document = docx_document()

    def para(text="", **kwargs):
        return docx_paragraph(document, text, **kwargs)

    docx_state_header(
        document, parent_body=meta["parent_body"], federation=meta["federation"], date_line=meta["date_line"]
    )
    if meta.get("version_label"):
        para(meta["version_label"].upper(), bold=True, indent=False, align=WD_ALIGN_PARAGRAPH.CENTER)
    para(meta["title"], bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False)
    para(meta["subtitle"], bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False)

    for block in for_template(content)["blocks"]:
        if block["type"] == "heading":
            para(block["text"], bold=block["level"] <= 3, italic=block["level"] >= 3)
        elif block["type"] == "paragraph":
            para(paragraph_text(block), align=WD_ALIGN_PARAGRAPH.JUSTIFY)
        elif block["type"] in ("table", "chart"):
            if block.get("caption"):
                para(block["caption"], italic=True, indent=False, align=WD_ALIGN_PARAGRAPH.CENTER, size=13)
            docx_table(document, block["head"], block["body"], block["foot"])
            para(indent=False, size=6)

    signature = document.add_table(rows=1, cols=2)
    recipients, signer = signature.rows[0].cells
    recipients.paragraphs[0].add_run("Nơi nhận:").bold = True
    recipients.paragraphs[0].runs[0].italic = True
    for line in (
        f"- Đại biểu dự {meta.get('next_congress') or 'Đại hội'};",
        f"- {meta.get('parent_body_name', '')};",
        "- Lưu: VT.",
    ):
        recipients.add_paragraph().add_run(line).font.size = Pt(11)
    signer.paragraphs[0].add_run(meta["signed_for"]).bold = True
    signer.add_paragraph().add_run(meta["signer_role"]).bold = True
    signer.add_paragraph()
    signer.add_paragraph()
    signer.add_paragraph().add_run(meta["signer_name"]).bold = True
    if meta.get("version_label"):
        signer.add_paragraph().add_run(f"({meta['version_label']})").italic = True
    for p in signer.paragraphs:
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER

    return docx_bytes(document)

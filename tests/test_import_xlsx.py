"""The XLSX reader gives the values openpyxl gives, for the files Excel and other programs write."""

import datetime
import io
import zipfile

import pytest
from openpyxl import Workbook, load_workbook

from members.importing import files, xlsx

WORKBOOK_XML = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"
 xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">
<workbookPr{date1904}/>
<sheets><sheet name="Biểu đồ" sheetId="2" r:id="rId2"/><sheet name="Hội viên" sheetId="1" r:id="rId1"/></sheets>
</workbook>"""

RELS_XML = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"
 Target="worksheets/sheet1.xml"/>
<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/chartsheet"
 Target="/xl/chartsheets/sheet2.xml"/>
<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"
 Target="sharedStrings.xml"/>
<Relationship Id="rId4" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles"
 Target="styles.xml"/>
</Relationships>"""

CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/xl/workbook.xml"
 ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>
<Override PartName="/xl/worksheets/sheet1.xml"
 ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>
<Override PartName="/xl/sharedStrings.xml"
 ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>
<Override PartName="/xl/styles.xml"
 ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>
</Types>"""

ROOT_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
 Target="xl/workbook.xml"/>
</Relationships>"""

# Shared strings as Excel writes them: plain, rich text in runs, and a phonetic run that is not text.
SHARED_STRINGS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="6" uniqueCount="6">
<si><t>Họ và tên</t></si>
<si><t>Ngày sinh</t></si>
<si><t>Ngày vào hội</t></si>
<si><r><rPr><b/></rPr><t>Nguyễn </t></r><r><t xml:space="preserve">Văn Hùng</t></r></si>
<si><t>Trần Thị Yến</t><rPh sb="0" eb="1"><t>チャン</t></rPh></si>
<si><t>A &amp; B &lt;x&gt;</t></si>
</sst>"""

# Cell formats: 0 General, 1 the built-in date 14, 2 a custom dd/mm/yyyy, 3 a custom [h]:mm duration.
STYLES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
<numFmts count="2"><numFmt numFmtId="164" formatCode="dd/mm/yyyy"/><numFmt numFmtId="165" formatCode="[h]:mm"/></numFmts>
<cellXfs count="4"><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="164"/><xf numFmtId="165"/></cellXfs>
</styleSheet>"""

SHEET = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>
<row r="2"><c r="B2" t="s"><v>0</v></c><c r="C2" t="s"><v>1</v></c><c r="D2" t="s"><v>2</v></c></row>
<row r="3"><c r="A3"><v>1</v></c><c r="B3" t="s"><v>3</v></c><c r="C3" s="1"><v>25569</v></c>
<c r="D3" s="2"><v>43330.5</v></c><c r="F3" t="b"><v>1</v></c><c r="G3" t="e"><v>#N/A</v></c></row>
<row r="5"><c r="A5"><v>2.5</v></c><c r="B5" t="s"><v>4</v></c><c r="C5" t="str"><v>=sai</v></c>
<c r="D5" s="3"><v>1.5</v></c><c r="E5" t="inlineStr"><is><t>Số 5</t></is></c><c r="F5" t="s"><v>5</v></c></row>
<row><c t="inlineStr"><is><r><t>Không </t></r><r><t>địa chỉ ô</t></r></is></c><c><v>1E3</v></c><c s="2"/></row>
</sheetData></worksheet>"""


def handmade_workbook(*, date1904=False, sheet=SHEET, chart=True):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", ROOT_RELS)
        archive.writestr("xl/workbook.xml", WORKBOOK_XML.format(date1904=' date1904="1"' if date1904 else ""))
        archive.writestr("xl/_rels/workbook.xml.rels", RELS_XML)
        archive.writestr("xl/sharedStrings.xml", SHARED_STRINGS)
        archive.writestr("xl/styles.xml", STYLES)
        archive.writestr("xl/worksheets/sheet1.xml", sheet)
        if chart:
            archive.writestr("xl/chartsheets/sheet2.xml", "<chartsheet/>")
    buffer.seek(0)
    return buffer


def read_all(stream):
    workbook = xlsx.Workbook(stream)
    try:
        return [(title, list(workbook.rows(target))) for title, target in workbook.sheets]
    finally:
        workbook.close()


def test_shared_strings_styles_and_cell_kinds():
    sheets = read_all(handmade_workbook())
    assert [title for title, _rows in sheets] == ["Hội viên"]  # the chart sheet is not a worksheet
    rows = dict(sheets[0][1])
    assert list(rows) == [2, 3, 5, 6]  # numbers as Excel shows them; a row without r follows the last
    assert rows[2] == (None, "Họ và tên", "Ngày sinh", "Ngày vào hội")
    assert rows[3] == (
        1,
        "Nguyễn Văn Hùng",
        datetime.datetime(1970, 1, 1),
        datetime.datetime(2018, 8, 18, 12, 0),
        None,
        True,
        "#N/A",
    )
    assert rows[5] == (2.5, "Trần Thị Yến", "=sai", datetime.timedelta(hours=36), "Số 5", "A & B <x>")
    assert rows[6] == ("Không địa chỉ ô", 1000.0, None)


@pytest.mark.filterwarnings("ignore:Workbook contains no default style")
def test_values_match_openpyxl_on_the_handmade_file():
    ours = dict(read_all(handmade_workbook())[0][1])
    book = load_workbook(handmade_workbook(chart=False), read_only=True, data_only=True)
    sheet = book["Hội viên"]
    sheet.reset_dimensions()
    theirs = {n: row for n, row in enumerate(sheet.iter_rows(values_only=True), start=1) if any(row)}
    book.close()
    assert ours == theirs


def test_the_1904_calendar():
    rows = dict(read_all(handmade_workbook(date1904=True))[0][1])
    assert rows[3][2] == datetime.datetime(1974, 1, 2)


def test_values_match_openpyxl_on_a_file_openpyxl_writes():
    book = Workbook()
    sheet = book.active
    sheet.title = "Danh sách"
    sheet.append(["STT", "Họ và tên", "Ngày sinh", "Đảng viên", "Ghi chú"])
    sheet.append([1, "Nguyễn Kiều Hưng", datetime.date(1970, 3, 5), True, "=1+1 không chạy"])
    sheet.append([2, "Trần Đình Chiến", datetime.datetime(1968, 12, 31, 8, 30), False, None])
    sheet.append([])
    sheet.append([3.75, "  Lê   Văn  An ", "05/03/1975", None, "x" * 300])
    sheet["H7"] = -12
    buffer = io.BytesIO()
    book.save(buffer)

    buffer.seek(0)
    ours = dict(read_all(buffer)[0][1])
    buffer.seek(0)
    theirs_book = load_workbook(buffer, read_only=True, data_only=True)
    theirs_sheet = theirs_book.active
    theirs_sheet.reset_dimensions()
    theirs = {n: row for n, row in enumerate(theirs_sheet.iter_rows(values_only=True), start=1) if row}
    theirs_book.close()
    assert ours == theirs
    assert ours[2][2] == datetime.datetime(1970, 3, 5)


@pytest.mark.parametrize(
    "broken",
    [
        SHEET.replace("</sheetData></worksheet>", ""),  # cut short
        SHEET.replace('<c r="B3" t="s"><v>3</v>', '<c r="B3" t="s"><v>99</v>'),  # no such shared string
        SHEET.replace('<c r="A3"><v>1</v>', '<c r="A3"><v>một</v>'),  # not a number
    ],
)
def test_a_sheet_broken_in_the_middle_is_refused_with_a_message(broken):
    sheet = files.open_sheet(handmade_workbook(sheet=broken), "hong.xlsx", files.Limits())
    try:
        with pytest.raises(files.SheetError, match="hỏng ở giữa trang tính"):
            for _title, rows in sheet.rows:
                list(rows)
    finally:
        sheet.close()


def test_entities_are_not_expanded():
    hostile = SHEET.replace(
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>',
        '<?xml version="1.0"?><!DOCTYPE w [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;">]>',
    ).replace("<v>=sai</v>", "<v>&b;</v>")
    sheet = files.open_sheet(handmade_workbook(sheet=hostile), "bom.xlsx", files.Limits())
    try:
        values = [cell for _title, rows in sheet.rows for _n, row in rows for cell in row]
    finally:
        sheet.close()
    assert "a" * 70 not in [v for v in values if isinstance(v, str)]

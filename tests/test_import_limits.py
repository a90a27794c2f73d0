"""The reader of every uploaded sheet stays within its limits, whatever a small hostile file claims."""

import io
import time
import zipfile

import pytest

from members.importing import files
from tests.test_import_xlsx import handmade_workbook

SHEET_HEAD = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">{dimension}<sheetData>'
    '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>'
)
SHEET_TAIL = "</sheetData></worksheet>"


def sheet_xml(rows="", dimension=""):
    return SHEET_HEAD.format(dimension=dimension) + rows + SHEET_TAIL


def read(stream, name="danh-sach.xlsx", limits=None):
    """Every row of every sheet, or the SheetError's message; and how long it took."""
    started = time.perf_counter()
    try:
        sheet = files.open_sheet(stream, name, limits or files.Limits())
        try:
            return [(title, list(rows)) for title, rows in sheet.rows], time.perf_counter() - started
        finally:
            sheet.close()
    except files.SheetError as error:
        return str(error), time.perf_counter() - started


@pytest.mark.parametrize("reference", ["ZZZZZZ2", "ZZZZZZZZ2", "XFE2", "GS2"])
def test_a_value_beyond_the_last_column_is_refused_at_once(reference):
    hostile = sheet_xml(f'<row r="2"><c r="{reference}"><v>1</v></c></row>')
    message, seconds = read(handmade_workbook(sheet=hostile))
    assert isinstance(message, str), "the sheet was read"
    assert "quá giới hạn 200 cột" in message
    assert seconds < 1


def test_the_message_names_the_column_and_the_row():
    message, _seconds = read(handmade_workbook(sheet=sheet_xml('<row r="7"><c r="GS7"><v>1</v></c></row>')))
    assert "Dòng 7 có dữ liệu ở cột GS (cột thứ 201)" in message


def test_a_value_in_the_last_allowed_column_is_read():
    sheets, _seconds = read(handmade_workbook(sheet=sheet_xml('<row r="2"><c r="GR2"><v>5</v></c></row>')))
    row = dict(sheets[0][1])[2]
    assert len(row) == 200 and row[-1] == 5


def test_empty_formatted_cells_far_to_the_right_are_left_out():
    rows = '<row r="2"><c r="A2"><v>1</v></c><c r="XFD2" s="1"/><c r="AMJ2" s="1"/></row>'
    sheets, _seconds = read(handmade_workbook(sheet=sheet_xml(rows)))
    assert dict(sheets[0][1])[2] == (1,)


def test_many_cells_without_references_are_bounded_too():
    rows = "<row>" + "<c><v>1</v></c>" * 201 + "</row>"
    message, _seconds = read(handmade_workbook(sheet=sheet_xml(rows)))
    assert "quá giới hạn 200 cột" in message


@pytest.mark.parametrize("dimension", ['<dimension ref="A1:ZZZ2"/>', '<dimension ref="A1:B99999999"/>'])
def test_a_declared_used_range_beyond_the_limits_is_refused_before_any_row(dimension):
    message, seconds = read(handmade_workbook(sheet=sheet_xml(dimension=dimension)))
    assert "Vùng dữ liệu của trang tính" in message
    assert seconds < 1


def test_a_modest_used_range_is_read():
    sheets, _seconds = read(handmade_workbook(sheet=sheet_xml(dimension='<dimension ref="A1:P20000"/>')))
    assert dict(sheets[0][1])[1]


def test_blank_rows_count_toward_the_limit():
    limits = files.Limits(max_rows=100)
    blank = "".join(f'<row r="{n}"/>' for n in range(2, limits.max_sheet_rows + 10))
    message, _seconds = read(handmade_workbook(sheet=sheet_xml(blank)), limits=limits)
    assert "kể cả dòng trống" in message


def test_a_row_number_beyond_excel_is_a_broken_file():
    message, _seconds = read(handmade_workbook(sheet=sheet_xml('<row r="99999999"><c><v>1</v></c></row>')))
    assert "hỏng" in message


def test_unpacked_xml_beyond_the_limit_is_refused_before_parsing():
    limits = files.Limits(max_rows=10)
    padding = " " * (limits.max_unpacked + 1)
    message, seconds = read(handmade_workbook(sheet=sheet_xml() + padding), limits=limits)
    assert "khi giải nén chiếm" in message
    assert seconds < 1


def test_a_zip_member_that_lies_about_its_size_cannot_unpack_more():
    # zipfile stops at the size the directory declares and then fails the CRC: a broken file, not a bomb.
    buffer = handmade_workbook(sheet=sheet_xml('<row r="2"><c r="A2"><v>1</v></c></row>' * 50))
    with zipfile.ZipFile(buffer) as archive:
        members = {info.filename: archive.read(info.filename) for info in archive.infolist()}
    tampered = io.BytesIO()
    with zipfile.ZipFile(tampered, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    raw = bytearray(tampered.getvalue())
    with zipfile.ZipFile(io.BytesIO(bytes(raw))) as archive:
        info = archive.getinfo("xl/worksheets/sheet1.xml")
    # Shrink the declared size in the central directory: the reader must not get more than that.
    central = raw.rfind(b"PK\x01\x02", 0, raw.find(b"xl/worksheets/sheet1.xml", raw.find(b"PK\x01\x02")) + 1)
    raw[central + 24 : central + 28] = (100).to_bytes(4, "little")
    with zipfile.ZipFile(io.BytesIO(bytes(raw))) as archive:
        assert archive.getinfo("xl/worksheets/sheet1.xml").file_size == 100
    message, _seconds = read(io.BytesIO(bytes(raw)))
    assert info.file_size > 100
    assert isinstance(message, str) and "hỏng" in message


def csv_stream(text, encoding="utf-8"):
    return io.BytesIO(text.encode(encoding))


def test_a_nul_anywhere_in_a_csv_is_refused():
    body = "Họ và tên,Ngày sinh\r\n" + "Lê Văn An,01/01/1980\r\n" * 400 + "Lê Văn\x00 Bình,02/02/1980\r\n"
    assert len(body.encode()) > 8192
    message, _seconds = read(csv_stream(body), "danh-sach.csv")
    assert "ký tự NUL" in message and "Dòng 402" in message


def test_a_csv_wider_than_the_limit_is_refused_but_trailing_empty_columns_are_not():
    wide = "Họ và tên,Ngày sinh\r\n" + ",".join(["x"] * 201) + "\r\n"
    assert "quá giới hạn 200 cột" in read(csv_stream(wide), "a.csv")[0]
    trailing = "Họ và tên,Ngày sinh\r\nLê Văn An,01/01/1980" + "," * 5000 + "\r\n"
    sheets, _seconds = read(csv_stream(trailing), "a.csv")
    assert sheets[0][1][1] == (2, ("Lê Văn An", "01/01/1980"))


def test_a_csv_line_of_megabytes_is_refused():
    message, _seconds = read(csv_stream("Họ và tên\r\n" + "a" * (files.MAX_CSV_LINE + 1)), "a.csv")
    assert "dài hơn" in message


def test_blank_csv_rows_count_toward_the_limit():
    limits = files.Limits(max_rows=10)
    message, _seconds = read(csv_stream("Họ và tên\r\n" + "\r\n" * 2000), "a.csv", limits=limits)
    assert "kể cả dòng trống" in message


def test_a_sheet_of_countless_empty_cells_is_refused():
    limits = files.Limits(max_rows=100)
    row = "<row r='2'>" + "<c/>" * (limits.max_cells + 1) + "</row>"
    message, _seconds = read(handmade_workbook(sheet=sheet_xml(row)), limits=limits)
    assert "quá nhiều ô" in message


def test_a_workbook_of_countless_shared_strings_is_refused():
    limits = files.Limits(max_rows=100)
    strings = "".join(f"<si><t>{n}</t></si>" for n in range(limits.max_strings + 1))
    buffer = handmade_workbook(sheet=sheet_xml())
    with zipfile.ZipFile(buffer) as archive:
        members = {info.filename: archive.read(info.filename) for info in archive.infolist()}
    members["xl/sharedStrings.xml"] = (
        '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">' + strings + "</sst>"
    ).encode()
    swollen = io.BytesIO()
    with zipfile.ZipFile(swollen, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    message, _seconds = read(swollen, limits=limits)
    assert "quá nhiều ô" in message

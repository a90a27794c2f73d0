"""Whole-file problems: each shows its message and changes nothing; sheets as people really keep them are read."""

import codecs
import io
import zipfile

import pytest

from members import importing
from members.importing import files
from tests.fixtures.rosters import (  # noqa: F401
    HEADER,
    counts,
    csv_bytes,
    encode_cp1258,
    media_root,
    upload,
    xlsx_bytes,
)

GOOD_ROWS = [HEADER, [1, "Trần Văn Mới", "02/03/1980", "Nam", ""]]


def refused(association, actor, content, name):
    before = counts()
    with pytest.raises(importing.SheetError) as error:
        importing.stage_import(association, upload(content, name), actor=actor)
    assert counts() == before
    return str(error.value)


def test_it_refuses_a_file_that_is_not_a_spreadsheet(son_hong, lead):
    message = refused(son_hong, lead, b"%PDF-1.7 binary", "danh-sach.pdf")
    assert "PDF" in message
    message = refused(son_hong, lead, b"\x89PNG\r\n\x1a\n\x00\x00", "anh.png")
    assert "không phải bảng tính" in message


def test_it_refuses_a_word_document_renamed(son_hong, lead):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    assert "tệp Word" in refused(son_hong, lead, buffer.getvalue(), "danh-sach.xlsx")


def test_it_refuses_a_corrupt_xlsx(son_hong, lead):
    content = xlsx_bytes(GOOD_ROWS)
    assert "bị hỏng" in refused(son_hong, lead, content[: len(content) // 2], "danh-sach.xlsx")
    assert "bị hỏng" in refused(son_hong, lead, b"this is no zip", "danh-sach.xlsx")


def test_it_refuses_a_password_protected_xlsx(son_hong, lead):
    # Excel saves an encrypted workbook as an OLE2 container holding an "EncryptedPackage" stream.
    content = files.OLE_SIGNATURE + b"\x00" * 504 + "EncryptedPackage".encode("utf-16-le") + b"\x00" * 64
    assert "mật khẩu" in refused(son_hong, lead, content, "danh-sach.xlsx")


def test_it_asks_to_save_an_old_xls_as_xlsx(son_hong, lead):
    content = files.OLE_SIGNATURE + b"\x00" * 504 + "Workbook".encode("utf-16-le")
    assert ".xlsx" in refused(son_hong, lead, content, "danh-sach.xls")


def test_it_refuses_a_file_over_the_size_limit(son_hong, lead, settings):
    content = csv_bytes(GOOD_ROWS) + b"\r\n" + b"x" * files.MAX_BYTES
    message = refused(son_hong, lead, content, "danh-sach.csv")
    assert "10 MB" in message


def test_it_refuses_more_rows_than_the_limit(son_hong, lead, monkeypatch):
    monkeypatch.setattr(files, "MAX_ROWS", 3)
    rows = [HEADER] + [[n, f"Lê Văn Số {chr(64 + n)}", "01/01/1980", "Nam", ""] for n in range(1, 5)]
    message = refused(son_hong, lead, xlsx_bytes(rows), "danh-sach.xlsx")
    assert "hơn 3 dòng" in message


def test_it_refuses_a_sheet_without_a_name_column(son_hong, lead):
    rows = [["STT", "Ngày sinh", "Giới tính"], [1, "02/03/1980", "Nam"]]
    assert "cột họ tên" in refused(son_hong, lead, xlsx_bytes(rows), "danh-sach.xlsx")


def test_it_refuses_an_empty_file_or_a_header_without_rows(son_hong, lead):
    assert "trống" in refused(son_hong, lead, b"", "danh-sach.csv")
    assert "không có dòng hội viên" in refused(son_hong, lead, xlsx_bytes([HEADER]), "danh-sach.xlsx")


def test_a_lead_cannot_import_into_another_association(pho_chau, lead):
    assert "không phụ trách" in refused(pho_chau, lead, xlsx_bytes(GOOD_ROWS), "danh-sach.xlsx")


# --- Sheets as they really are -------------------------------------------------------------------------


def staged_rows(association, actor, content, name):
    roster_import = importing.stage_import(association, upload(content, name), actor=actor)
    return importing.preview(roster_import)


def test_it_finds_the_header_on_row_4(son_hong, lead):
    above = [["LIÊN HIỆP CÁC HỘI KH&KT HUYỆN HƯƠNG SƠN"], ["DANH SÁCH HỘI VIÊN"], []]
    result = staged_rows(son_hong, lead, xlsx_bytes(GOOD_ROWS, above=above), "ds.xlsx")
    assert [(row.number, row.action, row.name) for row in result.rows] == [(5, "create", "Trần Văn Mới")]
    assert "Dòng tên cột ở dòng 4; các dòng phía trên được bỏ qua." in result.conversions


def test_it_reads_columns_in_another_order_without_diacritics(son_hong, lead):
    rows = [
        ["gioi tinh", "NGAY SINH", "  ho va ten  ", "So the hoi vien", "Ghi chú"],
        ["nu", "05/06/1988", "Hoàng Thị Mai", "SH-9", "chuyển từ xã khác"],
    ]
    result = staged_rows(son_hong, lead, xlsx_bytes(rows), "ds.xlsx")
    assert result.counts == {"create": 1, "update": 0, "unchanged": 0, "reject": 0}
    assert "Bỏ qua các cột cổng không dùng: “Ghi chú”." in result.conversions


@pytest.mark.parametrize(
    ("encoding", "bom", "label"),
    [
        ("utf-8", codecs.BOM_UTF8, "UTF-8 (có BOM)"),
        ("utf-8", b"", "UTF-8"),
        ("utf-16-le", codecs.BOM_UTF16_LE, "UTF-16"),
        ("cp1258", b"", "Windows-1258"),
    ],
)
def test_it_reads_csv_in_each_encoding(son_hong, lead, encoding, bom, label):
    rows = [
        HEADER,
        [1, "Nguyễn Thị Hường", "02/03/1980", "Nữ", ""],
        [2, "Đặng Quốc Việt", "04/05/1975", "Nam", ""],
    ]
    text = "\r\n".join(",".join(str(v) for v in row) for row in rows)
    if encoding == "cp1258":
        content = encode_cp1258(text)
    else:
        content = bom + text.encode(encoding)
    result = staged_rows(son_hong, lead, content, "ds.csv")
    assert [row.name for row in result.rows] == ["Nguyễn Thị Hường", "Đặng Quốc Việt"]
    assert any(label in note for note in result.conversions)


def test_it_reads_a_semicolon_csv(son_hong, lead):
    content = csv_bytes(GOOD_ROWS, delimiter=";")
    result = staged_rows(son_hong, lead, content, "ds.csv")
    assert [row.name for row in result.rows] == ["Trần Văn Mới"]


def test_it_reads_separate_family_middle_and_given_name_columns(son_hong, lead):
    rows = [["Họ", "Tên đệm", "Tên", "Giới tính"], ["Phan", "Thị Thu", "Hà", "Nữ"]]
    result = staged_rows(son_hong, lead, xlsx_bytes(rows), "ds.xlsx")
    assert [row.name for row in result.rows] == ["Phan Thị Thu Hà"]


def test_it_skips_the_template_example_and_blank_rows(son_hong, lead):
    rows = [HEADER, ["Ví dụ", "Nguyễn Văn An", "05/03/1975", "Nam", ""], [], GOOD_ROWS[1]]
    result = staged_rows(son_hong, lead, xlsx_bytes(rows), "ds.xlsx")
    assert [row.name for row in result.rows] == ["Trần Văn Mới"]
    assert "Bỏ qua dòng ví dụ của tệp mẫu." in result.conversions

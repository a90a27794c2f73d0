"""Reading the sheets people really have: XLSX or CSV, header anywhere in the first rows, any text encoding.

`open_sheet` recognises the file from its bytes (not its name), refuses what is not a readable
spreadsheet with a message in Vietnamese, and returns a `Sheet` whose rows stream from the file:
XLSX through a streaming reader of its sheet XML (xlsx.py), CSV through the csv module, so memory does
not grow with the number of rows.

Why not django-import-export's formats here: its XLSX and CSV formats load the whole file into a
tablib Dataset (every row in memory) and decode CSV with one fixed encoding; the rosters need streaming,
encoding detection and a header that is not on the first row. The columns it would map are in
`columns.py`, and the admin's import/export buttons (members/admin.py) lead to the same pipeline.
"""

import codecs
import csv
import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field

from members import legacy, text
from members.importing import columns, xlsx

MAX_ROWS = 20_000
MAX_BYTES = 10 * 1024 * 1024
# A 10 MB XLSX is compressed XML; more than this unpacked is not a roster but a zip bomb.
MAX_UNPACKED_BYTES = 400 * 1024 * 1024
HEADER_SCAN_ROWS = 30


class RosterFileError(Exception):
    """A problem with the whole file (or with applying it); the message is in Vietnamese and safe to show."""


@dataclass
class Limits:
    """How big a file the import accepts. The benchmark raises them; the pages and the command do not."""

    max_rows: int = field(default_factory=lambda: MAX_ROWS)
    max_bytes: int = field(default_factory=lambda: MAX_BYTES)


def _mb(size):
    return f"{size / 1024 / 1024:.0f} MB".replace(".", ",")


def _thousands(number):
    return f"{number:,}".replace(",", ".")


OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")


def detect_format(head, name, read_all):
    """'xlsx' or 'csv' from the file's first bytes; RosterFileError for anything else."""
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if head.startswith(b"PK\x03\x04"):
        return "xlsx"
    if head.startswith(OLE_SIGNATURE):
        if ENCRYPTED_PACKAGE in read_all():
            raise RosterFileError(
                "Tệp Excel này có đặt mật khẩu nên cổng không mở được. Hãy mở tệp trong Excel, bỏ mật khẩu "
                "(Tệp › Thông tin › Bảo vệ sổ làm việc), lưu lại rồi tải lên."
            )
        raise RosterFileError(
            "Đây là tệp Excel 97–2003 (.xls). Hãy mở bằng Excel, chọn Lưu thành › Sổ làm việc Excel (.xlsx) "
            "rồi tải lên tệp .xlsx."
        )
    if head.startswith(b"%PDF"):
        raise RosterFileError("Đây là tệp PDF, không phải bảng tính. Hãy tải lên tệp Excel (.xlsx) hoặc CSV.")
    if extension in ("xlsx", "xlsm"):
        raise RosterFileError(
            "Tệp .xlsx này bị hỏng hoặc không phải tệp Excel thật. Hãy mở bằng Excel, lưu lại rồi tải lên."
        )
    if extension in ("csv", "txt", "tsv") or not extension:
        if b"\x00" in head and not _utf16_codec(head):
            raise RosterFileError("Tệp này không phải bảng tính (.xlsx hoặc .csv).")
        return "csv"
    raise RosterFileError(
        f"Tệp “.{extension}” không phải bảng tính cổng đọc được. Hãy tải lên tệp Excel (.xlsx) hoặc CSV."
    )


@dataclass
class Sheet:
    """Rows of one sheet, each as (row number as the spreadsheet shows it, tuple of cell values)."""

    kind: str
    rows: object
    notes: list = field(default_factory=list)
    epoch: object = None
    close: object = None


def open_sheet(stream, name, limits):
    """Recognise and open the file; the caller must call `sheet.close()`."""
    stream.seek(0)
    head = stream.read(4096)
    stream.seek(0)

    def read_all():
        stream.seek(0)
        data = stream.read()
        stream.seek(0)
        return data

    if not head:
        raise RosterFileError("Tệp trống, không có gì để đọc.")
    kind = detect_format(head, name, read_all)
    if kind == "xlsx":
        return _open_xlsx(stream)
    return _open_csv(stream, head)


# --- XLSX ----------------------------------------------------------------------------------------------------


def _open_xlsx(stream):
    try:
        with zipfile.ZipFile(stream) as archive:
            names = set(archive.namelist())
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError):
        raise RosterFileError(
            "Tệp .xlsx này bị hỏng nên không đọc được. Hãy mở bằng Excel, lưu lại rồi tải lên."
        ) from None
    if "xl/workbook.xml" not in names:
        if "word/document.xml" in names:
            raise RosterFileError(
                "Đây là tệp Word, không phải bảng tính. Hãy tải lên tệp Excel (.xlsx) hoặc CSV."
            )
        if "content.xml" in names:
            raise RosterFileError(
                "Đây là bảng tính OpenDocument (.ods). Hãy lưu lại dưới dạng Excel (.xlsx) rồi tải lên."
            )
        raise RosterFileError("Tệp này không phải bảng tính Excel (.xlsx).")
    if unpacked > MAX_UNPACKED_BYTES:
        raise RosterFileError("Tệp .xlsx này khi giải nén quá lớn so với một danh sách hội viên.")
    stream.seek(0)
    try:
        workbook = xlsx.Workbook(stream)
    except xlsx.XlsxError:
        raise RosterFileError(
            "Tệp .xlsx này bị hỏng nên không đọc được. Hãy mở bằng Excel, lưu lại rồi tải lên."
        ) from None

    def rows_of(target):
        try:
            yield from workbook.rows(target)
        except xlsx.XlsxError:
            raise RosterFileError("Tệp .xlsx bị hỏng ở giữa trang tính nên không đọc hết được.") from None

    return Sheet(
        kind="xlsx",
        rows=[(title, rows_of(target)) for title, target in workbook.sheets],
        epoch=workbook.epoch,
        close=workbook.close,
    )


# --- CSV -----------------------------------------------------------------------------------------------------


def _utf16_codec(head):
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    sample = head[:400]
    if len(sample) >= 4:
        odd_nuls = sample[1::2].count(0)
        even_nuls = sample[0::2].count(0)
        if odd_nuls > len(sample) // 4 and even_nuls == 0:
            return "utf-16-le"
        if even_nuls > len(sample) // 4 and odd_nuls == 0:
            return "utf-16-be"
    return None


def _is_utf8(sample):
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        decoder.decode(sample, final=False)
    except UnicodeDecodeError:
        return False
    return True


def _vietnamese_score(textual):
    detector = legacy.Detector()
    return sum(legacy.score(detector.to_unicode(line)[0]) for line in textual.splitlines()[:300])


CODEC_NAMES = {
    "utf-8-sig": "UTF-8 (có BOM)",
    "utf-8": "UTF-8",
    "utf-16": "UTF-16",
    "utf-16-le": "UTF-16",
    "utf-16-be": "UTF-16",
    "cp1258": "Windows-1258 (bảng mã tiếng Việt của Windows)",
    "cp1252": "Windows-1252",
}


def detect_codec(head):
    """The text encoding of a CSV file from its first bytes."""
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if utf16 := _utf16_codec(head):
        return utf16
    if _is_utf8(head):
        return "utf-8"
    # An 8-bit file: Vietnamese Windows (1258, tone marks as separate characters) or Western Windows
    # holding TCVN3/VNI text. Whichever reads as more Vietnamese wins.
    as_1258 = unicodedata.normalize("NFC", head.decode("cp1258", errors="replace"))
    as_1252 = head.decode("cp1252", errors="replace")
    if _vietnamese_score(as_1252) > _vietnamese_score(as_1258):
        return "cp1252"
    return "cp1258"


_DELIMITERS = (",", ";", "\t")


def detect_delimiter(sample_text):
    lines = [line for line in sample_text.splitlines()[:HEADER_SCAN_ROWS] if line.strip()]
    counts = {d: sum(line.count(d) for line in lines) for d in _DELIMITERS}
    best = max(_DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] else ","


def _open_csv(stream, head):
    stream.seek(0)
    head = stream.read(65536)
    stream.seek(0)
    codec = detect_codec(head)
    errors = "strict" if codec.startswith("utf") else "replace"
    sample_text = head.decode(codec, errors="ignore")
    delimiter = detect_delimiter(sample_text)
    text_stream = io.TextIOWrapper(stream, encoding=codec, errors=errors, newline="")
    notes = [
        f"Tệp CSV, bảng mã {CODEC_NAMES[codec]}" + ("; đã chuyển sang Unicode." if codec != "utf-8" else ".")
    ]
    if delimiter != ",":
        notes.append(
            {";": "Các cột ngăn cách bằng dấu chấm phẩy.", "\t": "Các cột ngăn cách bằng dấu tab."}[delimiter]
        )

    def rows():
        reader = csv.reader(text_stream, delimiter=delimiter)
        number = 0
        try:
            for number, row in enumerate(reader, start=1):  # noqa: B007
                yield number, tuple(row)
        except UnicodeDecodeError:
            raise RosterFileError(
                f"Tệp CSV có chữ không đọc được theo bảng mã {CODEC_NAMES[codec]} (gần dòng {number + 1}). "
                "Hãy lưu lại tệp với bảng mã UTF-8."
            ) from None
        except csv.Error as error:
            raise RosterFileError(f"Tệp CSV sai định dạng gần dòng {number + 1}: {error}.") from None

    def close():
        # Leave the caller's stream open: detach the wrapper instead of closing it.
        try:
            text_stream.detach()
        except ValueError:
            pass

    return Sheet(kind="csv", rows=[("", rows())], notes=notes, epoch=None, close=close)


# --- Header --------------------------------------------------------------------------------------------------

_COLUMN_NUMBERS = re.compile(r"^\(?\s*\d{1,2}\s*\)?$")


@dataclass
class Header:
    row_number: int
    # Column index -> column key, the first column of each key only.
    positions: dict
    ignored: list
    duplicates: list
    sheet_title: str


def find_header(sheet_rows, detector):
    """Scan the first rows of each sheet for the header; returns (Header, rows iterator after it)."""
    for title, rows in sheet_rows:
        buffered = []
        for number, cells in rows:
            buffered.append((number, cells))
            header = _as_header(number, cells, detector, title)
            if header is not None:
                return header, rows
            if len(buffered) >= HEADER_SCAN_ROWS:
                break
    raise RosterFileError(
        f"Không tìm thấy dòng tên cột có cột họ tên trong {HEADER_SCAN_ROWS} dòng đầu. "
        "Hãy để một dòng tên cột gồm “Họ và tên” (hoặc “Họ”, “Tên”) cùng các cột khác như “Ngày sinh”, "
        "“Giới tính”; có thể tải tệp mẫu để xem."
    )


def _as_header(number, cells, detector, title):
    positions, seen, ignored, duplicates = {}, {}, [], []
    for index, cell in enumerate(cells):
        if cell is None or not isinstance(cell, str) or not cell.strip():
            continue
        header = text.clean(detector.to_unicode(cell)[0])
        key = columns.column_for(header)
        if key is None:
            ignored.append(header)
        elif key in seen:
            duplicates.append((header, seen[key]))
        else:
            positions[index] = key
            seen[key] = header
    keys = set(positions.values())
    if not columns.has_name_columns(keys) or len(keys) < 2:
        return None
    return Header(number, positions, ignored, duplicates, title)


def is_column_numbers(cells):
    """The row of column numbers ("(1) (2) (3)…") that official tables put under the header."""
    filled = [c for c in cells if c is not None and str(c).strip()]
    return len(filled) >= 3 and all(_COLUMN_NUMBERS.match(columns.plain_text(c).strip()) for c in filled)


def thousands(number):
    return _thousands(number)


def megabytes(size):
    return _mb(size)

"""The one reader of uploaded sheets: rosters, delegate lists, ballots and activities all come in through here.

`open_sheet` recognises the file from its bytes (not its name), refuses what is not a readable
spreadsheet with a message in Vietnamese, and returns a `Sheet` whose rows stream from the file:
XLSX through a streaming reader of its sheet XML (xlsx.py), CSV through the csv module, so memory does
not grow with the number of rows. `find_header` finds the header row in the first rows of each sheet,
and `CellText` turns a cell into clean Unicode text (legacy TCVN3/VNI converted, NFC).

Everything is read within `Limits`, whatever the file claims, so that a small hostile file is refused at
once instead of occupying a worker: the file's size; the workbook's XML once unzipped (checked against
the zip's directory before anything is parsed); the sheet's declared used range; the columns (a value
beyond `max_columns` is refused, a row is never padded past it); every row read, blank or not; and NUL
characters in a CSV, which no text sheet holds.

Why not django-import-export's formats here: its XLSX and CSV formats load the whole file into a
tablib Dataset (every row in memory) and decode CSV with one fixed encoding; the rosters need streaming,
encoding detection and a header that is not on the first row. The columns it would map are in
`columns.py`, and the admin's import/export buttons (members/admin.py) lead to the same pipeline.
"""

import codecs
import csv
import datetime
import io
import os
import re
import unicodedata
import zipfile
from collections import Counter
from dataclasses import dataclass, field

from members import legacy, text
from members.importing import xlsx

# Text a spreadsheet would run as a formula; exports make it inert with a leading apostrophe.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

MAX_ROWS = 20_000
MAX_BYTES = 10 * 1024 * 1024
MAX_COLUMNS = 200
HEADER_SCAN_ROWS = 30
# Sheets read to look for a header; a workbook with hundreds of sheets is not a list to import.
MAX_SHEETS = 50
# Unzipped XML a sheet may take per data row, and at least: a roster row of 16 filled cells takes about
# 0,5 KB with shared strings and 1 KB with inline strings.
UNPACKED_PER_ROW = 1024
MIN_UNPACKED = 8 * 1024 * 1024


class SheetError(Exception):
    """A problem with the whole file (or with applying it); the message is in Vietnamese and safe to show."""


@dataclass(frozen=True)
class Limits:
    """How big a sheet an upload may be. Each kind of upload has its own; the benchmark raises them.

    `max_rows` counts the rows the caller takes as data; the reader itself stops at `max_sheet_rows`
    rows of any kind, blank ones included, and at `max_unpacked` bytes of XML.
    """

    max_rows: int = field(default_factory=lambda: MAX_ROWS)
    max_bytes: int = field(default_factory=lambda: MAX_BYTES)
    max_columns: int = MAX_COLUMNS
    # Cells a data row may take on average, empty formatted ones included: a roster row has 16 columns.
    cells_per_row: int = 20

    @property
    def max_sheet_rows(self):
        # Title rows, the header, blank separators and a totals row come on top of the data rows.
        return 2 * self.max_rows + 1000

    @property
    def max_cells(self):
        """Cell elements read in a sheet: each costs time to look at, even an empty one."""
        return self.max_rows * self.cells_per_row + 10_000

    @property
    def max_strings(self):
        """Distinct texts of a workbook (its shared strings): a roster row has a dozen columns of text at most."""
        return self.max_rows * 12 + 10_000

    @property
    def max_unpacked(self):
        return max(MIN_UNPACKED, self.max_rows * UNPACKED_PER_ROW)


OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")


def detect_format(head, name, read_all):
    """'xlsx' or 'csv' from the file's first bytes; SheetError for anything else."""
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if head.startswith(b"PK\x03\x04"):
        return "xlsx"
    if head.startswith(OLE_SIGNATURE):
        if ENCRYPTED_PACKAGE in read_all():
            raise SheetError(
                "Tệp Excel này có đặt mật khẩu nên cổng không mở được. Hãy mở tệp trong Excel, bỏ mật khẩu "
                "(Tệp › Thông tin › Bảo vệ sổ làm việc), lưu lại rồi tải lên."
            )
        raise SheetError(
            "Đây là tệp Excel 97–2003 (.xls). Hãy mở bằng Excel, chọn Lưu thành › Sổ làm việc Excel (.xlsx) "
            "rồi tải lên tệp .xlsx."
        )
    if head.startswith(b"%PDF"):
        raise SheetError("Đây là tệp PDF, không phải bảng tính. Hãy tải lên tệp Excel (.xlsx) hoặc CSV.")
    if extension in ("xlsx", "xlsm"):
        raise SheetError(
            "Tệp .xlsx này bị hỏng hoặc không phải tệp Excel thật. Hãy mở bằng Excel, lưu lại rồi tải lên."
        )
    if extension in ("csv", "txt", "tsv") or not extension:
        if b"\x00" in head and not _utf16_codec(head):
            raise SheetError("Tệp này không phải bảng tính (.xlsx hoặc .csv).")
        return "csv"
    raise SheetError(
        f"Tệp “.{extension}” không phải bảng tính cổng đọc được. Hãy tải lên tệp Excel (.xlsx) hoặc CSV."
    )


@dataclass
class Sheet:
    """The sheets of a file, each as (title, rows); rows are (row number as the spreadsheet shows it, cells)."""

    kind: str
    rows: list
    notes: list = field(default_factory=list)
    epoch: object = None
    close: object = None


def check_size(size, limits):
    if size > limits.max_bytes:
        raise SheetError(
            f"Tệp nặng {megabytes(size)}, quá giới hạn {megabytes(limits.max_bytes)} cho một lần tải lên. "
            "Hãy xoá các trang tính, hình ảnh không cần thiết hoặc chia thành nhiều tệp."
        )


def size_of(stream):
    position = stream.tell()
    stream.seek(0, os.SEEK_END)
    size = stream.tell()
    stream.seek(position)
    return size


def open_sheet(stream, name, limits):
    """Recognise and open the file; the caller must call `sheet.close()`."""
    check_size(size_of(stream), limits)
    stream.seek(0)
    head = stream.read(4096)
    stream.seek(0)

    def read_all():
        stream.seek(0)
        data = stream.read()
        stream.seek(0)
        return data

    if not head:
        raise SheetError("Tệp trống, không có gì để đọc.")
    kind = detect_format(head, name, read_all)
    if kind == "xlsx":
        return _open_xlsx(stream, limits)
    return _open_csv(stream, head, limits)


def _too_many_rows(limits):
    return SheetError(
        f"Trang tính có hơn {thousands(limits.max_sheet_rows)} dòng (kể cả dòng trống), quá giới hạn một lần "
        "tải lên. Hãy xoá các dòng trống thừa ở cuối trang tính, hoặc chia thành nhiều tệp nhỏ hơn."
    )


def _too_wide(column, row, limits):
    if column > xlsx.EXCEL_COLUMNS:
        where = "ở một cột quá cả cột cuối cùng Excel có (XFD): tệp bị hỏng hoặc đã bị sửa ngoài Excel"
    else:
        where = f"ở cột {column_name(column)} (cột thứ {thousands(column)})"
    return SheetError(
        f"Dòng {thousands(row)} có dữ liệu {where}, quá giới hạn {limits.max_columns} cột. "
        "Hãy xoá các cột thừa ở bên phải bảng rồi lưu lại."
    )


def _too_many_cells(limits):
    return SheetError(
        f"Tệp có quá nhiều ô (kể cả ô trống được định dạng) so với một bảng {thousands(limits.max_rows)} dòng. "
        "Hãy chép riêng vùng có dữ liệu sang một tệp mới rồi tải lên."
    )


def _counted(rows, limits):
    """Every row read counts, blank or not, so a sheet of empty rows cannot keep the reader busy."""
    for count, row in enumerate(rows, start=1):
        if count > limits.max_sheet_rows:
            raise _too_many_rows(limits)
        yield row


def column_name(number):
    """27 -> "AA": a column as Excel names it."""
    name = ""
    while number:
        number, remainder = divmod(number - 1, 26)
        name = chr(65 + remainder) + name
    return name


# --- XLSX ----------------------------------------------------------------------------------------------------

_BROKEN_XLSX = "Tệp .xlsx này bị hỏng nên không đọc được. Hãy mở bằng Excel, lưu lại rồi tải lên."


def _open_xlsx(stream, limits):
    try:
        with zipfile.ZipFile(stream) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, OSError):
        raise SheetError(_BROKEN_XLSX) from None
    names = {info.filename for info in infos}
    if "xl/workbook.xml" not in names:
        if "word/document.xml" in names:
            raise SheetError("Đây là tệp Word, không phải bảng tính. Hãy tải lên tệp Excel (.xlsx) hoặc CSV.")
        if "content.xml" in names:
            raise SheetError(
                "Đây là bảng tính OpenDocument (.ods). Hãy lưu lại dưới dạng Excel (.xlsx) rồi tải lên."
            )
        raise SheetError("Tệp này không phải bảng tính Excel (.xlsx).")
    # The sizes come from the zip's directory, and zipfile never unpacks more than a member declares, so
    # this bounds everything parsed below before a byte of it is read.
    unpacked = sum(info.file_size for info in infos)
    if unpacked > limits.max_unpacked:
        raise SheetError(
            f"Tệp .xlsx này khi giải nén chiếm {megabytes(unpacked)}, quá lớn so với một bảng "
            f"{thousands(limits.max_rows)} dòng (tối đa {megabytes(limits.max_unpacked)}). Trang tính có thể chứa "
            "nhiều dòng, cột trống được định dạng: hãy chép riêng vùng có dữ liệu sang một tệp mới rồi tải lên."
        )
    stream.seek(0)
    try:
        workbook = xlsx.Workbook(stream, max_strings=limits.max_strings)
    except xlsx.TooManyCells:
        raise _too_many_cells(limits) from None
    except xlsx.XlsxError:
        raise SheetError(_BROKEN_XLSX) from None

    def rows_of(target):
        try:
            yield from _counted(
                workbook.rows(
                    target,
                    max_columns=limits.max_columns,
                    max_rows=limits.max_sheet_rows,
                    max_cells=limits.max_cells,
                ),
                limits,
            )
        except xlsx.TooWide as wide:
            raise _too_wide(wide.column, wide.row, limits) from None
        except xlsx.TooManyCells:
            raise _too_many_cells(limits) from None
        except xlsx.TooLarge as large:
            raise SheetError(
                f"Vùng dữ liệu của trang tính rộng {thousands(large.rows)} dòng × {thousands(large.columns)} cột, "
                f"quá giới hạn {thousands(limits.max_sheet_rows)} dòng × {limits.max_columns} cột. Hãy xoá các "
                "dòng, cột trống thừa (kể cả định dạng) rồi lưu lại, hoặc chép vùng có dữ liệu sang tệp mới."
            ) from None
        except xlsx.XlsxError:
            raise SheetError("Tệp .xlsx bị hỏng ở giữa trang tính nên không đọc hết được.") from None

    return Sheet(
        kind="xlsx",
        rows=[(title, rows_of(target)) for title, target in workbook.sheets[:MAX_SHEETS]],
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


# A physical line longer than this is not a row of a list (a roster row is under 1 KB).
MAX_CSV_LINE = 256 * 1024


def _open_csv(stream, head, limits):
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
    where = {"line": 0}

    def lines():
        for where["line"], line in enumerate(text_stream, start=1):  # noqa: B020
            if "\x00" in line:
                raise SheetError(
                    f"Dòng {thousands(where['line'])} của tệp CSV có ký tự NUL (mã 0), thứ không có trong một bảng "
                    "chữ: tệp có thể là tệp nhị phân đổi tên, hoặc bị hỏng. Hãy mở bằng Excel rồi lưu lại dạng "
                    "CSV UTF-8 hoặc .xlsx."
                )
            if len(line) > MAX_CSV_LINE:
                raise SheetError(
                    f"Dòng {thousands(where['line'])} của tệp CSV dài hơn {thousands(MAX_CSV_LINE)} ký tự: tệp không "
                    "phải một danh sách. Hãy mở bằng Excel, kiểm tra rồi lưu lại."
                )
            yield line

    def rows():
        reader = csv.reader(lines(), delimiter=delimiter)
        try:
            for number, row in _counted(enumerate(reader, start=1), limits):
                while row and not row[-1]:
                    row.pop()
                if len(row) > limits.max_columns:
                    raise _too_wide(len(row), number, limits)
                yield number, tuple(row)
        except UnicodeDecodeError:
            raise SheetError(
                f"Tệp CSV có chữ không đọc được theo bảng mã {CODEC_NAMES[codec]} (gần dòng {where['line'] + 1}). "
                "Hãy lưu lại tệp với bảng mã UTF-8."
            ) from None
        except csv.Error as error:
            raise SheetError(f"Tệp CSV sai định dạng gần dòng {where['line']}: {error}.") from None

    def close():
        # Leave the caller's stream open: detach the wrapper instead of closing it.
        try:
            text_stream.detach()
        except ValueError:
            pass

    return Sheet(kind="csv", rows=[("", rows())], notes=notes, epoch=None, close=close)


# --- Header and cells ----------------------------------------------------------------------------------------

_COLUMN_NUMBERS = re.compile(r"^\(?\s*\d{1,2}\s*\)?$")


def find_header(sheet, recognise, *, scan_rows=HEADER_SCAN_ROWS):
    """(header, the rows after it) from the first sheet whose first `scan_rows` rows hold one; (None, None).

    `recognise(number, cells, title)` returns a header, whatever the caller makes of one, or None.
    """
    for title, rows in sheet.rows:
        for scanned, (number, cells) in enumerate(rows, start=1):
            header = recognise(number, cells, title)
            if header is not None:
                return header, rows
            if scanned >= scan_rows:
                break
    return None, None


def is_column_numbers(cells):
    """The row of column numbers ("(1) (2) (3)…") that official tables put under the header."""
    filled = [c for c in cells if c is not None and str(c).strip()]
    return len(filled) >= 3 and all(_COLUMN_NUMBERS.match(plain_text(c).strip()) for c in filled)


def plain_text(value):
    """A cell as text, the way a person reads it: 12.0 -> '12', a date -> '05/03/1975'."""
    if value is None:
        return ""
    if isinstance(value, str):
        # Exports write "'=1+1" so that a spreadsheet shows it instead of running it; read it back as typed.
        if value[:1] == "'" and value[1:2] in FORMULA_STARTS and value[1:2]:
            return value[1:]
        return value
    if isinstance(value, bool):
        return "x" if value else ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    return str(value)


class CellText:
    """Cells as the clean Unicode text every import stores: legacy TCVN3/VNI text converted, NFC, single spaces.

    One per sheet read: its detector learns the sheet's legacy encoding from the cells it has seen. It
    counts the cells it converted, for the notes an import shows.
    """

    def __init__(self):
        self.detector = legacy.Detector()
        self.converted = Counter()
        self.decomposed = 0

    def __call__(self, value):
        """(text, the legacy encoding it was converted from or None)."""
        typed = plain_text(value)
        if not isinstance(value, str) or typed.isascii():
            return text.clean(typed), None
        converted, encoding = self.detector.to_unicode(typed)
        if encoding:
            self.converted[encoding] += 1
        elif not unicodedata.is_normalized("NFC", converted):
            self.decomposed += 1
        return text.clean(converted), encoding


def thousands(number):
    return f"{number:,}".replace(",", ".")


def megabytes(size):
    return f"{size / 1024 / 1024:.0f} MB".replace(".", ",")

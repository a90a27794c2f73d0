"""A streaming reader for the cell values of an XLSX workbook: what a roster import needs, and fast.

openpyxl's read-only mode builds an object for every cell and parses every inline or rich-text string
through its descriptor machinery; on a 100.000-row roster that is most of the import's time. Here lxml
parses one <row> at a time, each cell becomes its plain value, and the row's elements are freed before the
next one, so memory stays flat whatever the number of rows. What counts as a date format, and how an
Excel serial number becomes a date, is openpyxl's (`is_date_format`, `from_excel`), so values come out as
they would from `load_workbook(read_only=True, data_only=True)`: str, int, float, bool, datetime (or time
and timedelta for time formats), None for an empty cell, and the error text ("#N/A") for an error cell.

Rows come as (row number as Excel shows it, tuple of values from column A to the row's last cell);
rows absent from the file are not yielded. Anything malformed raises `XlsxError`.

A file is read within bounds whatever it claims, because a 2 KB file can describe a sheet of billions of
cells: a row is never padded past `max_columns` (a value beyond it raises `TooWide`; empty formatted cells
there are dropped), and the sheet's declared used range (<dimension>) is checked before its first row
(`TooLarge`). How many rows to read, and how much XML to unpack, the caller (files.py) decides.
"""

import posixpath
import zipfile

from lxml import etree
from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format, is_timedelta_format
from openpyxl.utils.datetime import CALENDAR_MAC_1904, CALENDAR_WINDOWS_1900, from_excel, from_ISO8601

MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
# Strict OOXML files (Excel's "Strict Open XML Spreadsheet") use other namespaces for the same elements.
STRICT = "{http://purl.oclc.org/ooxml/spreadsheetml/main}"
RELATIONSHIPS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
STRICT_RELATIONSHIPS = "{http://purl.oclc.org/ooxml/officeDocument/relationships}"
PACKAGE_RELATIONSHIPS = "{http://schemas.openxmlformats.org/package/2006/relationships}"


class XlsxError(Exception):
    """The workbook's structure or a sheet's XML cannot be read."""


class TooWide(XlsxError):
    """A value lies beyond the last column a sheet may have; `column` is its number (1 for A)."""

    def __init__(self, column, row):
        super().__init__(f"value in column {column} of row {row}")
        self.column = column
        self.row = row


class TooLarge(XlsxError):
    """The sheet declares a used range larger than the caller allows: (`rows`, `columns`)."""

    def __init__(self, rows, columns):
        super().__init__(f"used range of {rows} rows and {columns} columns")
        self.rows = rows
        self.columns = columns


class TooManyCells(XlsxError):
    """More cell elements, empty ones included, than the caller allows (`limit`)."""

    def __init__(self, limit):
        super().__init__(f"more than {limit} cells")
        self.limit = limit


# The XML of one row: a roster row of 16 filled cells takes about 1 KB, a row formatted out to Excel's last
# column some 300 KB.
MAX_ROW_BYTES = 1024 * 1024


class _Metered:
    """A sheet part read through lxml, stopped when one row's XML grows past `limit` bytes.

    lxml builds a whole row before handing it over; this keeps a hostile row from being built at all. The
    reader sets `since_row` back to 0 at each row. lxml reads ahead, so the bound is a little looser.
    """

    def __init__(self, part, limit, max_cells):
        self.part, self.limit, self.max_cells = part, limit, max_cells
        self.since_row = 0

    def read(self, size=-1):
        data = self.part.read(size)
        self.since_row += len(data)
        if self.since_row > self.limit:
            raise TooManyCells(self.max_cells)
        return data

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.part.close()


CELL_TAGS = frozenset((f"{MAIN}c", f"{STRICT}c"))
ROW_TAGS = frozenset((f"{MAIN}row", f"{STRICT}row"))

# Excel's own limits: XFD1048576 is the last cell a sheet can have.
EXCEL_COLUMNS = 16_384
EXCEL_ROWS = 1_048_576


def _parser_options():
    # No entity expansion, no network, no huge-tree mode: a hostile file cannot expand or reach out.
    return {"resolve_entities": False, "no_network": True, "huge_tree": False, "remove_comments": True}


def _parse(archive, name):
    try:
        with archive.open(name) as part:
            return etree.parse(part, etree.XMLParser(**_parser_options())).getroot()
    except (KeyError, etree.XMLSyntaxError, zipfile.BadZipFile, OSError, EOFError) as error:
        raise XlsxError(f"{name}: {error}") from None


def _ns(root):
    return STRICT if root.tag.startswith(STRICT) else MAIN


def _text_of(item, ns):
    """The text of a shared or inline string (<si> or <is>): its <t>, or its runs' <t>, without phonetic runs."""
    plain = item.find(f"{ns}t")
    if plain is not None:
        return plain.text or ""
    return "".join(t.text or "" for r in item.iterfind(f"{ns}r") for t in r.iterfind(f"{ns}t"))


class Workbook:
    """The sheets of an XLSX file, in the workbook's order; `close()` releases the archive."""

    def __init__(self, stream, *, max_strings=None):
        try:
            self.archive = zipfile.ZipFile(stream)
        except (zipfile.BadZipFile, OSError) as error:
            raise XlsxError(str(error)) from None
        self.names = set(self.archive.namelist())
        workbook = _parse(self.archive, "xl/workbook.xml")
        ns = _ns(workbook)
        properties = workbook.find(f"{ns}workbookPr")
        mac = properties is not None and properties.get("date1904", "").lower() in ("1", "true")
        self.epoch = CALENDAR_MAC_1904 if mac else CALENDAR_WINDOWS_1900
        targets = self._relationships("xl/_rels/workbook.xml.rels", base="xl")
        self.sheets = []
        for sheet in workbook.iterfind(f"{ns}sheets/{ns}sheet"):
            rel = sheet.get(f"{RELATIONSHIPS}id") or sheet.get(f"{STRICT_RELATIONSHIPS}id")
            kind, target = targets.get(rel, ("", None))
            if target is not None and kind.endswith("/worksheet") and target in self.names:
                self.sheets.append((sheet.get("name") or "", target))
        self.strings = self._shared_strings(targets, max_strings)
        self.date_styles, self.timedelta_styles = self._styles(targets)

    def _relationships(self, name, *, base):
        if name not in self.names:
            return {}
        targets = {}
        for rel in _parse(self.archive, name).iterfind(f"{PACKAGE_RELATIONSHIPS}Relationship"):
            target = rel.get("Target") or ""
            if rel.get("TargetMode") == "External":
                continue
            path = target.lstrip("/") if target.startswith("/") else posixpath.normpath(f"{base}/{target}")
            targets[rel.get("Id")] = (rel.get("Type") or "", path)
        return targets

    def _part(self, targets, kind, default):
        for rel_kind, path in targets.values():
            if rel_kind.endswith(f"/{kind}") and path in self.names:
                return path
        return default if default in self.names else None

    def _shared_strings(self, targets, max_strings):
        name = self._part(targets, "sharedStrings", "xl/sharedStrings.xml")
        if name is None:
            return []
        strings = []
        try:
            with self.archive.open(name) as part:
                items = etree.iterparse(
                    part, events=("end",), tag=(f"{MAIN}si", f"{STRICT}si"), **_parser_options()
                )
                for _event, item in items:
                    if max_strings is not None and len(strings) >= max_strings:
                        raise TooManyCells(max_strings)
                    strings.append(_text_of(item, item.tag[: -len("si")]))
                    item.clear(keep_tail=True)
                    parent = item.getparent()
                    while item.getprevious() is not None:
                        del parent[0]
        except (etree.XMLSyntaxError, zipfile.BadZipFile, OSError, EOFError) as error:
            raise XlsxError(f"{name}: {error}") from None
        return strings

    def _styles(self, targets):
        """The indices of the cell formats that show a date (or a duration), as openpyxl decides."""
        name = self._part(targets, "styles", "xl/styles.xml")
        if name is None:
            return frozenset(), frozenset()
        root = _parse(self.archive, name)
        ns = _ns(root)
        codes = dict(BUILTIN_FORMATS)
        for fmt in root.iterfind(f"{ns}numFmts/{ns}numFmt"):
            try:
                codes[int(fmt.get("numFmtId"))] = fmt.get("formatCode") or ""
            except (TypeError, ValueError):
                continue
        dates, durations = set(), set()
        for index, xf in enumerate(root.iterfind(f"{ns}cellXfs/{ns}xf")):
            try:
                code = codes.get(int(xf.get("numFmtId", "0")), "General")
            except ValueError:
                continue
            if is_date_format(code):
                dates.add(index)
                if is_timedelta_format(code):
                    durations.add(index)
        return frozenset(dates), frozenset(durations)

    def rows(self, target, *, max_columns=EXCEL_COLUMNS, max_rows=EXCEL_ROWS, max_cells=None):
        """(row number, values) for each row the sheet stores, streamed; see the module's note on bounds.

        lxml builds one row at a time, which is then dropped; a row's XML may not exceed MAX_ROW_BYTES
        (`TooManyCells`, before it is built), so a row of a million cells never builds up in memory, and
        `max_cells` bounds how many cell elements, empty or not, are looked at in all.
        """
        strings, epoch = self.strings, self.epoch
        dates, durations = self.date_styles, self.timedelta_styles
        max_cells = max_cells or EXCEL_ROWS * EXCEL_COLUMNS
        try:
            part = _Metered(self.archive.open(target), MAX_ROW_BYTES, max_cells)
        except (KeyError, zipfile.BadZipFile, OSError) as error:
            raise XlsxError(f"{target}: {error}") from None
        with part:
            previous, cells = 0, 0
            try:
                elements = etree.iterparse(
                    part,
                    events=("end",),
                    tag=[f"{ns}{name}" for ns in (MAIN, STRICT) for name in ("row", "dimension")],
                    **_parser_options(),
                )
                for _event, row in elements:
                    if row.tag not in ROW_TAGS:
                        _check_used_range(row.get("ref") or "", max_rows=max_rows, max_columns=max_columns)
                        continue
                    part.since_row = 0
                    cells += len(row)
                    if cells > max_cells:
                        raise TooManyCells(max_cells)
                    number = previous = _number_of(row, previous)
                    values = []
                    ns = row.tag[:-3]
                    value_tag, inline_tag = f"{ns}v", f"{ns}is"
                    for cell in row:
                        if cell.tag not in CELL_TAGS:
                            continue
                        ref = cell.get("r")
                        column = _column_of(ref) if ref else len(values) + 1
                        if not len(
                            cell
                        ):  # an empty cell, often only formatted: it holds its place in the row
                            if len(values) < column <= max_columns:
                                values.extend([None] * (column - len(values)))
                            continue
                        kind = cell.get("t")
                        raw = cell.findtext(value_tag) or None  # a formula never calculated has <v/>
                        if column > max_columns:
                            # Formatting far to the right is common and harmless; a value there is not read.
                            if raw is not None or (kind == "inlineStr" and cell.find(inline_tag) is not None):
                                raise TooWide(column, number)
                            continue
                        if column > len(values) + 1:
                            values.extend([None] * (column - 1 - len(values)))
                        if kind == "s":
                            value = strings[_string_index(raw)] if raw is not None else None
                        elif kind == "inlineStr":
                            inline = cell.find(inline_tag)
                            value = _text_of(inline, ns) if inline is not None else None
                        elif raw is None:
                            value = None
                        elif kind is None or kind == "n":
                            value = float(raw) if ("." in raw or "E" in raw or "e" in raw) else int(raw)
                            style = cell.get("s")
                            if style is not None and int(style) in dates:
                                try:
                                    value = from_excel(value, epoch, timedelta=int(style) in durations)
                                except (ValueError, OverflowError):
                                    pass  # not a day Python can hold: the number stays, the date check says why
                        elif kind == "b":
                            value = raw in ("1", "true")
                        elif kind == "d":
                            value = from_ISO8601(raw)
                        else:  # "str" (a formula's text) and "e" (an error such as #N/A) are text.
                            value = raw
                        if column <= len(values):
                            values[column - 1] = value  # cells out of order: the later one wins, as in Excel
                        else:
                            values.append(value)
                    row.clear(keep_tail=True)
                    # Drop the rows already read from the tree so memory does not grow with the sheet.
                    parent = row.getparent()
                    while row.getprevious() is not None:
                        del parent[0]
                    yield number, tuple(values)
            except (
                etree.XMLSyntaxError,
                zipfile.BadZipFile,
                OSError,
                EOFError,
                ValueError,
                IndexError,
                OverflowError,
            ) as error:
                raise XlsxError(f"{target}: {error}") from None

    def close(self):
        self.archive.close()


_COLUMN_OF_LETTERS = {}


def _column_of(ref):
    """_column_index, remembered by the reference's letters: a sheet uses the same few columns on every row."""
    letters = ref.rstrip("0123456789$")
    column = _COLUMN_OF_LETTERS.get(letters)
    if column is None:
        column = _column_index(ref)
        if len(_COLUMN_OF_LETTERS) < 1024:
            _COLUMN_OF_LETTERS[letters] = column
    return column


def _column_index(ref):
    """1 for "A7", 28 for "AB7"; a reference past Excel's last column (XFD) is refused without reading it all."""
    index = 0
    for position, char in enumerate(ref):
        if "A" <= char <= "Z":
            index = index * 26 + ord(char) - 64
        elif "a" <= char <= "z":
            index = index * 26 + ord(char) - 96
        else:
            break
        if position >= 3:  # four letters or more: beyond XFD whatever they are
            return EXCEL_COLUMNS + 1
    if not index:
        raise ValueError(f"cell reference {ref[:20]!r}")
    return index


def _number_of(row, previous):
    """A row's number as Excel shows it: its r attribute, or the one after the previous row."""
    number = row.get("r")
    number = int(number) if number else previous + 1
    if not 0 < number <= EXCEL_ROWS:
        raise ValueError(f"row number {number}")
    return number


def _string_index(raw):
    index = int(raw)
    if index < 0:
        raise IndexError(f"shared string {index}")
    return index


def _row_index(ref):
    digits = ref.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz$")
    return int(digits) if digits.isdigit() and len(digits) <= 7 else EXCEL_ROWS + 1


def _check_used_range(ref, *, max_rows, max_columns):
    """Refuse a sheet that says it spans more rows or columns than allowed ("A1:ZZZZ2", "A1:B9999999")."""
    corners = [corner.replace("$", "") for corner in ref.split(":")[:2] if corner]
    if not corners:
        return
    try:
        columns = [_column_index(corner) for corner in corners]
    except ValueError:
        return  # a used range that names no cell says nothing; the cells themselves are checked
    rows = [_row_index(corner) for corner in corners]
    width = max(columns) - min(columns) + 1
    height = max(rows) - min(rows) + 1
    if width > max_columns or height > max_rows:
        raise TooLarge(height, width)

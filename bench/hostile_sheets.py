"""How fast, and in how much memory, the one sheet reader refuses hostile files (and reads good ones).

    DEBUG=1 .venv/bin/python bench/hostile_sheets.py
    DEBUG=1 .venv/bin/python bench/hostile_sheets.py --cases zz_cell,blank_rows

Each file is made in a scratch folder, then read in a fresh Python process (so that its memory is its own)
through the path its kind of upload takes: a roster (members.importing.files with the roster's limits and
the roster's header), a delegate list (congress.delegate_import.read_rows), a ballot sheet
(congress.services.elections.read_ballot_rows) or an admin import of activities
(members.admin_formats.read_dataset). It prints, per file: its size, how it ended (the Vietnamese
message, or how many rows were read), the seconds taken, the peak of memory Python allocated (tracemalloc)
and how much the process's resident memory grew at its peak (ru_maxrss against the resident size before
reading, which includes lxml's own allocations). The targets: every hostile file refused in under 1 s with
under 100 MB of memory.
"""

import argparse
import io
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def _workbook(sheet_xml_chunks, *, strings=("Họ và tên", "Ngày sinh", "Giới tính")):
    """An .xlsx whose one sheet's XML is the concatenated chunks (an iterable, so it can be huge and streamed)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="xml" ContentType="application/xml"/></Types>',
        )
        archive.writestr(
            "xl/workbook.xml",
            f'<workbook xmlns="{MAIN}" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
            '<sheets><sheet name="Danh sách" sheetId="1" r:id="rId1"/></sheets></workbook>',
        )
        archive.writestr(
            "xl/_rels/workbook.xml.rels",
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
            'worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
        )
        archive.writestr(
            "xl/sharedStrings.xml",
            f'<sst xmlns="{MAIN}">' + "".join(f"<si><t>{s}</t></si>" for s in strings) + "</sst>",
        )
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as part:
            for chunk in sheet_xml_chunks:
                part.write(chunk.encode())
    return buffer.getvalue()


HEADER_ROW = (
    '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c></row>'
)


def _sheet(*rows, dimension=""):
    yield f'<?xml version="1.0"?><worksheet xmlns="{MAIN}">{dimension}<sheetData>{HEADER_ROW}'
    for row in rows:
        yield from row
    yield "</sheetData></worksheet>"


def _blank_rows(megabytes):
    """`megabytes` of empty rows, streamed in chunks; alike, so they pack into a small file."""
    chunk = "<row/>" * 100_000
    for _ in range(megabytes * 1024 * 1024 // len(chunk)):
        yield chunk


def _good_roster(rows):
    yield from (
        f'<row r="{n}"><c r="A{n}" t="inlineStr"><is><t>Nguyễn Văn Số {n}</t></is></c>'
        f'<c r="B{n}" t="inlineStr"><is><t>05/03/1975</t></is></c><c r="C{n}" t="inlineStr"><is><t>Nam</t></is></c></row>'
        for n in range(2, rows + 2)
    )


def _csv(lines):
    return "\r\n".join(lines).encode()


def _cases():
    """name -> (kind, file name, a function making the bytes, what the issue or the case is)."""
    return {
        "zz_cell": (
            "roster",
            "a.xlsx",
            lambda: _workbook(_sheet(['<row r="2"><c r="ZZZZZZ2"><v>1</v></c></row>'])),
            "one cell at ZZZZZZ2 (was 22 s and 5 GB)",
        ),
        "zzzz_cell": (
            "roster",
            "a.xlsx",
            lambda: _workbook(_sheet(['<row r="2"><c r="ZZZZZZZZ1"><v>1</v></c></row>'])),
            "one cell at ZZZZZZZZ1 (was MemoryError, HTTP 500)",
        ),
        "zz_rows": (
            "roster",
            "a.xlsx",
            lambda: _workbook(
                _sheet(*[[f'<row r="{n}"><c r="ZZZZZZ{n}"><v>1</v></c></row>'] for n in range(2, 802)])
            ),
            "800 rows with a cell at ZZZZZZ (held a worker 120 s)",
        ),
        "blank_rows": (
            "roster",
            "a.xlsx",
            lambda: _workbook(_sheet(_blank_rows(390))),
            "390 MB of blank rows in a small file (was 96 s)",
        ),
        "blank_rows_small": (
            "roster",
            "a.xlsx",
            lambda: _workbook(_sheet(_blank_rows(7))),
            "7 MB of blank rows: under the XML limit, over the row limit",
        ),
        "used_range": (
            "roster",
            "a.xlsx",
            lambda: _workbook(_sheet(dimension='<dimension ref="A1:XFD1048576"/>')),
            "a used range of the whole sheet",
        ),
        "empty_cells": (
            "roster",
            "a.xlsx",
            lambda: _workbook(_sheet(["<row r='2'>" + "<c/>" * 1_500_000 + "</row>"])),
            "one row of 1.500.000 empty cells (6 MB of XML)",
        ),
        "value_cells": (
            "roster",
            "a.xlsx",
            lambda: _workbook(_sheet(["<row r='2'>" + "<c><v>1</v></c>" * 500_000 + "</row>"])),
            "one row of 500.000 cells with a value and no reference",
        ),
        "shared_strings": (
            "roster",
            "a.xlsx",
            lambda: _workbook(_sheet(), strings=["Họ và tên", "Ngày sinh", "Giới tính"] + ["ab"] * 400_000),
            "400.000 shared strings (7 MB)",
        ),
        "csv_nul": (
            "roster",
            "a.csv",
            lambda: _csv(
                ["Họ và tên,Ngày sinh,Giới tính"] + ["Lê Văn An,01/01/1980,Nam"] * 30_000 + ["Lê\x00Bình,,"]
            ),
            "a NUL after 30.000 good rows",
        ),
        "csv_wide": (
            "roster",
            "a.csv",
            lambda: _csv(["Họ và tên,Ngày sinh,Giới tính", "x" + ",x" * 4_000_000]),
            "a line of 4.000.000 cells (8 MB)",
        ),
        "csv_blank": (
            "roster",
            "a.csv",
            lambda: _csv(["Họ và tên,Ngày sinh,Giới tính"] + [""] * 4_000_000),
            "4.000.000 blank lines (8 MB)",
        ),
        "delegates_zz": (
            "delegates",
            "a.xlsx",
            lambda: _workbook(
                _sheet(['<row r="2"><c r="ZZZZZZ2"><v>1</v></c></row>']),
                strings=["Họ và tên", "Loại đại biểu", "Mã hội"],
            ),
            "a delegate list with a cell at ZZZZZZ2",
        ),
        "delegates_blank": (
            "delegates",
            "a.xlsx",
            lambda: _workbook(_sheet(_blank_rows(390)), strings=["Họ và tên", "Loại đại biểu", "Mã hội"]),
            "a delegate list with 390 MB of blank rows",
        ),
        "ballots_zz": (
            "ballots",
            "a.xlsx",
            lambda: _workbook(
                _sheet(
                    ['<row r="2"><c r="ZZZZZZ2"><v>1</v></c></row>'],
                ),
                strings=["Số phiếu", "1", "2"],
            ),
            "a ballot sheet with a cell at ZZZZZZ2 (was read by openpyxl, unbounded)",
        ),
        "ballots_blank": (
            "ballots",
            "a.xlsx",
            lambda: _workbook(_sheet(_blank_rows(390)), strings=["Số phiếu", "1", "2"]),
            "a ballot sheet with 390 MB of blank rows (was 181 s and 5,1 GB)",
        ),
        "activities_zz": (
            "activities",
            "a.xlsx",
            lambda: _workbook(
                _sheet(['<row r="2"><c r="ZZZZZZ2"><v>1</v></c></row>']), strings=["Khoá", "Loại", "Nội dung"]
            ),
            "an admin activities import with a cell at ZZZZZZ2 (was tablib/openpyxl)",
        ),
        "activities_blank": (
            "activities",
            "a.xlsx",
            lambda: _workbook(_sheet(_blank_rows(390)), strings=["Khoá", "Loại", "Nội dung"]),
            "an admin activities import with 390 MB of blank rows",
        ),
        "good_roster_20000": (
            "roster",
            "a.xlsx",
            lambda: _workbook(_sheet(_good_roster(20_000))),
            "a good roster of 20.000 rows (read, for comparison)",
        ),
    }


# --- One reading, in its own process --------------------------------------------------------------------------


def _read(kind, path):
    """Read the file the way its kind of upload does; returns what happened, as text."""
    from members.importing import columns, files

    with open(path, "rb") as stream:
        try:
            if kind == "roster":
                sheet = files.open_sheet(stream, path.name, files.Limits())
                cell_text = files.CellText()
                try:
                    header, rows = files.find_header(
                        sheet, lambda n, c, t: columns.recognise_header(n, c, t, cell_text=cell_text)
                    )
                    count = sum(1 for _ in rows) if header else 0
                finally:
                    sheet.close()
                return f"read {count} rows" if header else "no header"
            if kind == "delegates":
                from congress.delegate_import import read_rows

                return f"read {len(read_rows(stream, path.name)[1])} rows"
            if kind == "ballots":
                from congress.services.elections import read_ballot_rows

                return f"read {len(read_ballot_rows(stream, path.name))} rows"
            from members.admin_formats import read_dataset

            return f"read {len(read_dataset(stream.read(), path.name))} rows"
        except files.SheetError as error:
            return f"refused: {error}"


def _resident_kb():
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def worker(kind, path, out):
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lienhiephoi.settings")
    sys.path.insert(0, str(ROOT))
    django.setup()
    import congress.delegate_import  # noqa: F401  (imported before measuring, like a running worker)
    import congress.services.elections  # noqa: F401
    import members.admin_formats  # noqa: F401

    before = _resident_kb()
    started = time.perf_counter()
    outcome = _read(kind, path)
    seconds = time.perf_counter() - started
    peak_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    tracemalloc.start()
    _read(kind, path)
    _current, traced = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    Path(out).write_text(
        json.dumps(
            {
                "outcome": outcome,
                "seconds": seconds,
                "rss_growth_mb": (peak_rss - before) / 1024,
                "traced_mb": traced / 1024 / 1024,
            }
        )
    )


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--cases", help="comma-separated case names (default: all)")
    parser.add_argument("--worker", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        kind, path, out = args.worker
        worker(kind, Path(path), out)
        return
    cases = _cases()
    chosen = args.cases.split(",") if args.cases else list(cases)
    print(f"{'case':<20} {'kind':<10} {'file':>10} {'seconds':>8} {'RSS +MB':>8} {'py MB':>7}  outcome")
    failures = 0
    with tempfile.TemporaryDirectory() as folder:
        for name in chosen:
            kind, file_name, make, what = cases[name]
            path = Path(folder) / f"{name}-{file_name}"
            path.write_bytes(make())
            out = Path(folder) / f"{name}.json"
            subprocess.run(
                [sys.executable, __file__, "--worker", kind, str(path), str(out)],
                check=True,
                cwd=ROOT,
                env={**os.environ, "DEBUG": os.environ.get("DEBUG", "1")},
            )
            result = json.loads(out.read_text())
            hostile = not name.startswith("good")
            ok = not hostile or (
                result["outcome"].startswith("refused")
                and result["seconds"] < 1
                and max(result["rss_growth_mb"], result["traced_mb"]) < 100
            )
            failures += not ok
            size = path.stat().st_size
            print(
                f"{name:<20} {kind:<10} {size / 1024:>8.0f}KB {result['seconds']:>8.3f} "
                f"{result['rss_growth_mb']:>8.1f} {result['traced_mb']:>7.1f}  "
                f"{'' if ok else 'MISSED TARGET '}{result['outcome'][:110]}"
            )
            print(f"{'':<20} {what}")
    print(
        f"\n{len(chosen) - failures} of {len(chosen)} within the targets (hostile: refused, < 1 s, < 100 MB)."
    )
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()

"""django-import-export's admin Import and Export (the report's activities and initiatives), in the portal's ways.

django-import-export reads and writes XLSX and CSV through tablib, which loads a whole workbook with
openpyxl, pads every row to the sheet's declared width, knows one text encoding and writes formulas as
they are. Its admin keeps its own steps (choose a file, preview the rows it would change, confirm; choose
what to export), but the files go through the portal's one reader and one exporter:

- import: read by members.importing.files within `LIMITS` (the format recognised from its bytes, the CSV's
  encoding detected, legacy TCVN3/VNI text converted, the header found in the first rows), and what cannot
  be read is said in Vietnamese;
- export: written by members.exporting's `SheetExporter`, so formula-like text is made inert and the file
  looks like the portal's other sheets.

`SheetFormatsMixin` offers these two formats, and nothing else, on an ImportExportModelAdmin.
"""

import io

import tablib
from django import forms
from import_export.formats.base_formats import Format
from import_export.forms import ImportForm

from members.exporting import CONTENT_TYPES, SheetColumn, SheetExporter
from members.importing import files
from members.importing.files import SheetError

LIMITS = files.Limits(max_rows=5000, max_bytes=5 * 1024 * 1024)


def read_dataset(content, name):
    """A tablib Dataset of the sheet: the first row naming two columns or more as headers, the rows below."""
    sheet = files.open_sheet(io.BytesIO(content), name, LIMITS)
    cell_text = files.CellText()

    def text_or_value(value):
        return cell_text(value)[0] if isinstance(value, str) else value

    def header_row(_number, cells, _title):
        # A title above the table fills one cell (often merged across it); the header names two or more.
        named = [c for c in cells if isinstance(c, str) and cell_text(c)[0]]
        return cells if len(named) >= 2 else None

    try:
        header, rows = files.find_header(sheet, header_row)
        if header is None:
            raise SheetError("Tệp không có dòng tên cột nào trong các dòng đầu.")
        headers = [cell_text(cell)[0] for cell in header]
        dataset = tablib.Dataset(headers=headers)
        for _number, cells in rows:
            values = [text_or_value(value) for value in cells[: len(headers)]]
            if not any(value not in (None, "") for value in values):
                continue
            if len(dataset) >= LIMITS.max_rows:
                raise SheetError(
                    f"Tệp có hơn {files.thousands(LIMITS.max_rows)} dòng, quá giới hạn một lần nhập."
                )
            dataset.append(values + [None] * (len(headers) - len(values)))
        return dataset
    finally:
        sheet.close()


class DatasetExporter(SheetExporter):
    """The rows of a tablib Dataset under its headers."""

    wrap = True

    def __init__(self, dataset):
        self.dataset = dataset
        self.columns = [SheetColumn(str(header), width=24) for header in dataset.headers]

    def iterate_list(self):
        return iter(self.dataset)


class SheetFormat(Format):
    """A format whose files are read by members.importing.files and written by members.exporting."""

    fmt = ""

    def __init__(self, encoding=None):
        # django-import-export passes an encoding on confirming; the reader detects it from the file.
        self.encoding = encoding

    def get_title(self):
        return self.fmt

    def get_extension(self):
        return self.fmt

    def get_content_type(self):
        return CONTENT_TYPES[self.fmt]

    def create_dataset(self, in_stream):
        return read_dataset(in_stream, f"tep.{self.fmt}")

    def export_data(self, dataset, **kwargs):
        return DatasetExporter(dataset).export(self.fmt)[2]

    def can_import(self):
        return True

    def can_export(self):
        return True


class XlsxSheet(SheetFormat):
    fmt = "xlsx"


class CsvSheet(SheetFormat):
    fmt = "csv"


class SheetImportForm(ImportForm):
    """The admin's import form, refusing a file over the size limit before it is stored or read."""

    def clean_import_file(self):
        upload = self.cleaned_data["import_file"]
        try:
            files.check_size(upload.size, LIMITS)
        except SheetError as error:
            raise forms.ValidationError(str(error)) from None
        return upload


class SheetFormatsMixin:
    """For an ImportExportModelAdmin: XLSX and CSV only, read by the one reader and written by the one exporter."""

    import_formats = [XlsxSheet, CsvSheet]
    export_formats = [XlsxSheet, CsvSheet]
    import_form_class = SheetImportForm

    def get_data_for_export(self, request, queryset, **kwargs):
        # Dates and numbers as themselves: the exporter writes them as XLSX dates and numbers, or dd/mm/yyyy.
        kwargs["force_native_type"] = True
        return super().get_data_for_export(request, queryset, **kwargs)

    def add_data_read_fail_error_to_form(self, form, e):
        if isinstance(e, SheetError):
            form.add_error("import_file", str(e))
        else:
            super().add_data_read_fail_error_to_form(form, e)

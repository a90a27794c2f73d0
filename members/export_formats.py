"""django-import-export's admin Export, written by members.exporting like every other sheet of the portal.

The admin turns the records into a tablib Dataset through the resource; the formats here hand its rows to
`SheetExporter` instead of letting tablib write them, so the download is neutralised and looks like the
portal's other sheets. `SheetExportMixin` offers these formats and nothing else on an admin.
"""

from import_export.formats.base_formats import Format

from members.exporting import CONTENT_TYPES, SheetColumn, SheetExporter


class DatasetExporter(SheetExporter):
    """The rows of a tablib Dataset under its headers."""

    wrap = True

    def __init__(self, dataset):
        self.dataset = dataset
        self.columns = [SheetColumn(str(header), width=24) for header in dataset.headers]

    def iterate_list(self):
        return iter(self.dataset)


class SheetFormat(Format):
    fmt = None

    def get_title(self):
        return self.fmt

    def get_extension(self):
        return self.fmt

    def get_content_type(self):
        return CONTENT_TYPES[self.fmt]

    def can_export(self):
        return True

    def export_data(self, dataset, **kwargs):
        return DatasetExporter(dataset).export(self.fmt)[2]


class XLSXFormat(SheetFormat):
    fmt = "xlsx"


class CSVFormat(SheetFormat):
    fmt = "csv"


class SheetExportMixin:
    """For an ImportExportModelAdmin: Export offers the portal's XLSX and CSV only."""

    export_formats = [XLSXFormat, CSVFormat]

    def get_data_for_export(self, request, queryset, **kwargs):
        # Dates and numbers as themselves: the exporter writes them as XLSX dates and numbers, or dd/mm/yyyy.
        kwargs["force_native_type"] = True
        return super().get_data_for_export(request, queryset, **kwargs)

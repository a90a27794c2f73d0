"""`export_roster ASSOCIATION_CODE -o FILE`: a roster to .xlsx or .csv (from the extension) in the template's columns.

`export_roster all -o FILE` writes every association's roster, one after another.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from members.exporting import export_roster
from members.models import Association


class Command(BaseCommand):
    help = "Xuất danh sách hội viên của một hội (hoặc “all”: mọi hội) ra tệp .xlsx hoặc .csv."

    def add_arguments(self, parser):
        parser.add_argument("association", metavar="ASSOCIATION_CODE", help="mã hội, hoặc all")
        parser.add_argument("-o", "--output", required=True, metavar="FILE", help="tệp .xlsx hoặc .csv")

    def handle(self, *args, **options):
        path = Path(options["output"])
        fmt = path.suffix.lower().lstrip(".")
        if fmt not in ("xlsx", "csv"):
            raise CommandError("Tên tệp phải kết thúc bằng .xlsx hoặc .csv.")
        if options["association"] == "all":
            associations = list(Association.objects.order_by("block", "sort_key"))
        else:
            associations = list(Association.objects.filter(code=options["association"]))
            if not associations:
                raise CommandError(f"Không có hội nào mang mã «{options['association']}».")
        _filename, _content_type, content = export_roster(associations, fmt)
        path.write_bytes(content)
        self.stdout.write(f"Đã ghi {path} ({len(content):,} byte).".replace(",", "."))

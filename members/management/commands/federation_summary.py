"""The federation's figures on a date, as the reports cite them: `federation_summary [--as-of DATE] [--json]`."""

import datetime
import json

from django.core.management.base import BaseCommand, CommandError
from django.utils import formats, timezone, translation

from members import dates
from members.figures import federation_figures
from members.models import Block, Federation


def parse_date(value):
    """The --as-of day, read as the portal reads every day (members.dates)."""
    try:
        read = dates.read_date(value)
    except dates.DateError as error:
        reason = error.message
    else:
        if read is not None:
            return read.date
        reason = "chưa ghi ngày"
    raise CommandError(
        f"Ngày «{value}» không hợp lệ: {reason}. Lệnh nhận ngày theo dạng năm-tháng-ngày (ví dụ 2024-03-15) "
        "hoặc ngày/tháng/năm (ví dụ 15/03/2024)."
    )


def number(value):
    return formats.number_format(value, force_grouping=True)


def day(iso):
    return formats.date_format(datetime.date.fromisoformat(iso), "SHORT_DATE_FORMAT")


def describe(figures, federation_name=""):
    """The figures of `FederationFigures.as_json()` as Vietnamese text, one fact a line."""
    with translation.override("vi"):
        terms = {t["name"]: t for t in figures["terms"]}
        lines = [federation_name] if federation_name else []
        heading = f"Số liệu ngày {day(figures['as_of'])}"
        current = terms.get(figures["current_term"])
        if current:
            heading += f" – nhiệm kỳ khoá {current['name']} ({current['start']}–{current['end']})"
        else:
            heading += " – chưa có nhiệm kỳ nào bắt đầu"
        lines.append(heading)
        associations = figures["associations"]
        lines += [
            f"Hội thành viên: {number(associations['total'])}",
            f"  - {Block.AGENCIES.label}: {number(associations['agencies'])}",
            f"  - {Block.COMMUNES.label}: {number(associations['communes'])}",
            f"Hội viên: {number(figures['members'])} người",
            f"  - {Block.AGENCIES.label}: {number(figures['members_by_block'][Block.AGENCIES])} người",
            f"  - {Block.COMMUNES.label}: {number(figures['members_by_block'][Block.COMMUNES])} người",
            f"Ban Chấp hành: {number(figures['executive_committee'])} người",
            f"Ban Thường vụ: {number(figures['standing_committee'])} người",
            f"Ban Kiểm tra: {number(figures['inspection_committee'])} người",
        ]
        if figures["officers"]:
            lines.append("Lãnh đạo Liên hiệp hội:")
            for officer in figures["officers"]:
                job = f" ({officer['job']})" if officer.get("job") else ""
                lines.append(f"  - {officer['role']}: {officer['name']}{job}")
        else:
            lines.append("Lãnh đạo Liên hiệp hội: chưa có")
        if figures["congresses"]:
            congresses = "; ".join(
                f"lần thứ {c['ordinal']} ngày {day(c['date'])}" for c in figures["congresses"]
            )
            lines.append(f"Đại hội: {congresses}")
    return "\n".join(lines)


class Command(BaseCommand):
    help = "In số liệu của Liên hiệp hội (hội thành viên, hội viên, Ban Chấp hành, lãnh đạo) vào một ngày."

    def add_arguments(self, parser):
        parser.add_argument(
            "--as-of",
            metavar="NGÀY",
            help="ngày lấy số liệu, dạng 2024-03-15 hoặc 15/03/2024 (mặc định: hôm nay)",
        )
        parser.add_argument("--json", action="store_true", help="in dạng JSON")

    def handle(self, *args, **options):
        date = timezone.localdate() if options["as_of"] is None else parse_date(options["as_of"])
        federation = Federation.objects.first()
        figures = federation_figures(date, federation).as_json()
        if options["json"]:
            self.stdout.write(json.dumps(figures, ensure_ascii=False, indent=2))
        else:
            self.stdout.write(describe(figures, federation.name if federation else ""))

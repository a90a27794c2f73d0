from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from members.models import Term
from reports.document import compose_report
from reports.models import TermReport
from reports.rendering import render_docx, render_html, render_pdf

ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4, "V": 5, "VI": 6, "VII": 7, "VIII": 8, "IX": 9, "X": 10}


class Command(BaseCommand):
    help = "Ghi báo cáo kiểm điểm nhiệm kỳ (bản đang soạn hoặc một phiên bản đã ban hành) ra tệp."
    # --version names a report version here, not the program's version: ours replaces Django's.
    suppressed_base_arguments = {"--version"}

    def create_parser(self, prog_name, subcommand, **kwargs):
        return super().create_parser(prog_name, subcommand, conflict_handler="resolve", **kwargs)

    def add_arguments(self, parser):
        parser.add_argument("--term", required=True, help="Khoá, ví dụ IV hoặc 4")
        parser.add_argument("--version", type=int, help="Số thứ tự phiên bản đã ban hành")
        parser.add_argument("--format", choices=["pdf", "html", "docx"], default="pdf")
        parser.add_argument("-o", "--output", required=True, help="Tệp đích")

    def handle(self, *args, **options):
        text = options["term"].strip().upper()
        ordinal = ROMAN.get(text) or (int(text) if text.isdigit() else None)
        term = Term.objects.filter(ordinal=ordinal).first() if ordinal else None
        if term is None:
            raise CommandError(f"Không có nhiệm kỳ khoá {options['term']}.")
        report = TermReport.objects.filter(term=term).first()
        if report is None:
            raise CommandError(f"Nhiệm kỳ khoá {term.roman} chưa có báo cáo.")
        if options["version"]:
            version = report.versions.filter(number=options["version"]).first()
            if version is None:
                raise CommandError(f"Báo cáo không có phiên bản số {options['version']}.")
            content = version.content
            if options["format"] == "pdf":
                with version.pdf.open("rb") as handle:
                    data = handle.read()
                return self._write(options["output"], data)
        else:
            content = compose_report(report)
            if content["missing"]:
                names = ", ".join(sorted({m["figure"] for m in content["missing"]}))
                self.stderr.write(f"Lưu ý: còn số liệu chưa có dữ liệu: {names}")
        fmt = options["format"]
        if fmt == "pdf":
            data = render_pdf(content)
        elif fmt == "docx":
            data = render_docx(content)
        else:
            data = render_html(content).encode("utf-8")
        self._write(options["output"], data)

    def _write(self, output, data):
        Path(output).write_bytes(data)
        self.stdout.write(f"Đã ghi {output} ({len(data):,} byte).".replace(",", "."))

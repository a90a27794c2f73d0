"""`import_roster ASSOCIATION_CODE FILE [--dry-run] [--as EMAIL]`: a roster sheet into an association's roster.

The same pipeline as the upload page: prints what was created, updated, left unchanged and rejected (with
row, column, value and reason), and exits non-zero with nothing written when any row is rejected.
"""

from django.core.management.base import BaseCommand, CommandError

from members import importing
from members.models import Association, User


class Command(BaseCommand):
    help = "Nhập danh sách hội viên của một hội từ tệp Excel (.xlsx) hoặc CSV."

    def add_arguments(self, parser):
        parser.add_argument("association", metavar="ASSOCIATION_CODE", help="mã hội, ví dụ son-hong")
        parser.add_argument("file", metavar="FILE", help="tệp .xlsx hoặc .csv")
        parser.add_argument("--dry-run", action="store_true", help="chỉ xem trước, không ghi gì")
        parser.add_argument(
            "--as", dest="actor", metavar="EMAIL", help="tài khoản ghi vào lịch sử là người nhập"
        )
        parser.add_argument(
            "--show", type=int, default=50, help="số dòng chi tiết in ra cho mỗi loại (mặc định 50)"
        )

    def handle(self, *args, **options):
        association = Association.objects.filter(code=options["association"]).first()
        if association is None:
            raise CommandError(f"Không có hội nào mang mã «{options['association']}».")
        actor = None
        if options["actor"]:
            actor = User.objects.filter(email=options["actor"].strip().lower(), is_active=True).first()
            if actor is None:
                raise CommandError(f"Không có tài khoản đang hoạt động với email «{options['actor']}».")
        try:
            result = importing.import_file(
                association, options["file"], actor=actor, dry_run=options["dry_run"]
            )
        except FileNotFoundError:
            raise CommandError(f"Không tìm thấy tệp «{options['file']}».") from None
        except importing.SheetError as error:
            raise CommandError(str(error)) from None
        self.print_result(association, result, options["show"])
        rejected = result.counts["reject"]
        if rejected:
            raise CommandError(
                f"{rejected} dòng bị từ chối: danh sách chưa thay đổi gì. Hãy sửa tệp rồi chạy lại."
            )
        if options["dry_run"]:
            self.stdout.write("Chạy thử (--dry-run): chưa ghi gì vào danh sách.")
        else:
            self.stdout.write(self.style.SUCCESS(f"Đã cập nhật danh sách hội viên của {association.name}."))

    def print_result(self, association, result, show):
        counts = result.counts
        self.stdout.write(f"{association.name} ({association.code})")
        for note in result.conversions:
            self.stdout.write(f"  * {note}")
        self.stdout.write(
            f"Thêm mới: {counts['create']}  Cập nhật: {counts['update']}  "
            f"Không thay đổi: {counts['unchanged']}  Từ chối: {counts['reject']}"
            + (f"  Đã có hồ sơ ở hội khác: {counts['link']}" if counts.get("link") else "")
        )
        shown = dict.fromkeys(counts, 0)
        for row in result.rows:
            if row.action == "unchanged" or shown[row.action] >= show:
                continue
            shown[row.action] += 1
            label = {"create": "thêm", "update": "sửa", "link": "liên kết", "reject": "LỖI"}[row.action]
            self.stdout.write(f"  dòng {row.number} [{label}] {row.name}")
            for column, value, message in row.errors:
                self.stdout.write(f"      {column} «{value}»: {message}")
            for column, old, new in row.changes:
                self.stdout.write(f"      {column}: {old or '—'} → {new or '—'}")
            for note in row.notes:
                self.stdout.write(f"      ({note})")
        if result.truncated:
            self.stdout.write("  (chỉ in một phần các dòng; số đếm ở trên là của cả tệp)")

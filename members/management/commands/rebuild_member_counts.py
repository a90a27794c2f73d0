"""Recompute the member-count ledger from the rosters: `rebuild_member_counts [--check]`.

Needed after rows were written around the services and the model's signals (loaddata, raw SQL, a restore
of one table); `--check` only compares and exits 1 when the ledger is wrong, for a cron job or a deployment.
"""

import time

from django.core.management.base import BaseCommand, CommandError
from django.utils import formats, timezone

from members import member_counts
from members.management.commands.federation_summary import day, number
from members.models import Block, Federation


class Command(BaseCommand):
    help = (
        "Tính lại sổ đếm hội viên (số hội viên theo từng ngày) từ danh sách hội viên. "
        "Với --check: chỉ kiểm tra, không sửa; thoát với mã 1 nếu sổ có chỗ sai."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--check", action="store_true", help="Chỉ kiểm tra sổ đếm với danh sách hội viên, không sửa."
        )

    def handle(self, *args, check=False, **options):
        wrong = 0
        for federation in Federation.objects.order_by("pk"):
            if check:
                wrong += self.check_one(federation)
            else:
                self.rebuild_one(federation)
        if wrong:
            raise CommandError(
                f"Sổ đếm hội viên có {number(wrong)} dòng sai. Chạy lệnh rebuild_member_counts "
                "(không có --check) để tính lại."
            )

    def check_one(self, federation):
        differences = member_counts.differences(federation)
        if not differences:
            self.stdout.write(f"{federation.short_name}: sổ đếm hội viên khớp với danh sách hội viên.")
            return 0
        (_federation_id, scope, first_day), stored, expected = differences[0]
        self.stdout.write(
            f"{federation.short_name}: sổ đếm hội viên có {number(len(differences))} dòng sai; "
            f"dòng đầu tiên: ngày {day(first_day.isoformat())} ({_scope_label(scope)}), "
            f"sổ ghi {stored:+d}, đúng ra {expected:+d}."
        )
        return len(differences)

    def rebuild_one(self, federation):
        started = time.perf_counter()
        rebuilt = member_counts.rebuild(federation)
        today = timezone.localdate()
        total, by_block = member_counts.counts_on(federation, today)
        self.stdout.write(
            self.style.SUCCESS(
                f"{federation.short_name}: đã tính lại sổ đếm hội viên trong "
                f"{formats.number_format(time.perf_counter() - started, 1)} giây: "
                f"{number(rebuilt.rows)} dòng thay đổi theo ngày, sửa {number(rebuilt.corrected)} dòng sai."
            )
        )
        blocks = "; ".join(f"{Block(block).label}: {number(n)}" for block, n in by_block.items())
        self.stdout.write(f"  Hội viên ngày {day(today.isoformat())}: {number(total)} người ({blocks}).")


def _scope_label(scope):
    return Block(scope).label if scope else "mọi khối"

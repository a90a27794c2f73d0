"""Enter one entry of an election's ballots from a sheet: `import_ballots ELECTION_ID FILE --entry 1|2`."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from congress.models import Election
from congress.services import CongressError
from congress.services import elections as services
from members.importing import SheetError
from members.models import User


class Command(BaseCommand):
    help = (
        "Nhập phiếu bầu của một lượt nhập từ tệp .xlsx hoặc .csv: mỗi dòng một phiếu, cột đầu là số phiếu, "
        "rồi mỗi người ứng cử một cột (1 hoặc x là giữ tên) hoặc một cột “Giữ tên”; cột “Hỏng” tuỳ chọn. "
        "Tệp có lỗi thì không phiếu nào được nhập."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "election_id", type=int, help="Số hiệu cuộc bầu (xem trong địa chỉ trang bầu cử)."
        )
        parser.add_argument("file", help="Tệp .xlsx hoặc .csv.")
        parser.add_argument("--entry", type=int, choices=[1, 2], required=True, help="Lượt nhập: 1 hoặc 2.")
        parser.add_argument(
            "--replace", action="store_true", help="Thay toàn bộ các phiếu đã có của lượt nhập này bằng tệp."
        )
        parser.add_argument("--actor", help="Email của người nhập (để ghi vào lịch sử).")

    def handle(self, *args, election_id, file, entry, replace, actor=None, **options):
        election = Election.objects.select_related("congress__term").filter(pk=election_id).first()
        if election is None:
            raise CommandError(f"Không có cuộc bầu số {election_id}.")
        user = None
        if actor:
            user = User.objects.filter(email=actor.strip().lower(), is_active=True).first()
            if user is None:
                raise CommandError(f"Không có tài khoản đang hoạt động với email {actor}.")
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"Không tìm thấy tệp {file}.")
        try:
            with path.open("rb") as handle:
                imported = services.import_ballot_sheet(
                    election, handle, path.name, actor=user, entry=entry, replace=replace
                )
        except (CongressError, SheetError) as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            self.style.SUCCESS(f"Đã nhập {imported} phiếu vào lượt nhập {entry} của “{election.title}”.")
        )

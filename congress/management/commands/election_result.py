"""An election's count as it stands: `election_result ELECTION_ID [--json]`."""

import json

from django.core.management.base import BaseCommand, CommandError

from congress import counting
from congress.models import Election
from congress.services import elections as services


def as_json(count):
    election, result = count.election, count.result
    totals = count.totals.as_dict() if count.totals else None
    candidates = []
    rows = {row.number: row for row in result.candidates} if result else {}
    for candidate in count.candidates:
        row = rows.get(candidate.number)
        candidates.append(
            {
                "number": candidate.number,
                "name": candidate.person.full_name,
                "person_id": candidate.person_id,
                "votes": row.votes if row else None,
                "percent": None if row is None or row.percent is None else str(row.percent),
                "outcome": str(row.outcome) if row else None,
                "elected": bool(row and row.elected),
            }
        )
    if election.is_confirmed:
        status = "confirmed"
    elif result is None:
        status = "incomplete"
    else:
        status = str(result.status)
    return {
        "election": {"id": election.pk, "title": election.title, "seats": election.seats},
        "status": status,
        "result_status": str(result.status) if result else None,
        "totals": totals,
        "majority": None
        if result is None
        else {"base": str(result.base_kind), "of": result.base, "needed": result.needed},
        "entries": {str(entry): info.count for entry, info in count.entries.items()},
        "differences": [d.describe() for d in count.differences],
        "problems": count.problems,
        "tie": None
        if result is None or result.tie is None
        else {
            "votes": result.tie.votes,
            "numbers": list(result.tie.numbers),
            "seats": result.tie.seats,
            "rule": str(result.tie.rule),
            "resolved": result.tie.resolved,
            "chosen": list(result.tie.chosen),
        },
        "candidates": candidates,
    }


class Command(BaseCommand):
    help = "Kết quả kiểm phiếu của một cuộc bầu: tổng số phiếu, số phiếu từng người, ai trúng cử, trạng thái."

    def add_arguments(self, parser):
        parser.add_argument("election_id", type=int)
        parser.add_argument("--json", action="store_true", help="In kết quả dạng JSON.")

    def handle(self, *args, election_id, **options):
        election = Election.objects.select_related("congress__term").filter(pk=election_id).first()
        if election is None:
            raise CommandError(f"Không có cuộc bầu số {election_id}.")
        count = services.election_count(election)
        if options["json"]:
            self.stdout.write(json.dumps(as_json(count), ensure_ascii=False, indent=2))
            return
        self.stdout.write(self.describe(count))

    def describe(self, count):
        election, result = count.election, count.result
        lines = [election.title, f"Số người được bầu: {election.seats}"]
        for entry, info in count.entries.items():
            lines.append(f"Lượt nhập {entry}: {info.count} phiếu")
        lines += [f"  {d.describe()}" for d in count.differences]
        if result is None:
            lines.append("Chưa có kết quả:")
            lines += [f"  - {p}" for p in count.problems]
            return "\n".join(lines)
        t = result.totals
        lines += [
            f"Phiếu phát ra: {t.issued} · thu vào: {t.returned} · hợp lệ: {t.valid} · không hợp lệ: {t.invalid}",
        ]
        if result.require_majority:
            lines.append(
                f"Quá bán: hơn một nửa {result.base_label} ({result.base}), từ {result.needed} phiếu."
            )
        for row in result.candidates:
            lines.append(
                f"  {row.number:>2}. {row.name:<32} {row.votes:>5}  {row.percent_label:>7}  {row.outcome_label}"
            )
        lines.append(
            "Trạng thái: "
            + ("Đã xác nhận. " if election.is_confirmed else "Chưa xác nhận. ")
            + result.status_label
        )
        if result.status == counting.Status.TIE:
            lines.append(
                f"Bằng phiếu ở ghế cuối: số {counting.join_numbers(result.tie.numbers)} cho {result.tie.seats} ghế."
            )
        return "\n".join(lines)

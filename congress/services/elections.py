"""Elections: the candidate list, the two entries of the ballots, the count, its confirmation and corrections.

Every change is a function here, atomic, with the acting user recorded in the history. The count itself
is worked out by the pure functions of congress/counting.py; `election_count` gathers what they need in
a fixed number of queries. Confirming a result is the one step that touches the members app: it grants
the new term's mandates and ends the outgoing committee's (members.services).
"""

import hashlib
import json
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, F, Max
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from congress import counting, history
from congress.models import (
    Ballot,
    Candidate,
    Correction,
    Election,
    ElectionStatus,
    Entry,
    Resolution,
    SheetImport,
    SheetKind,
    TieDecision,
)
from congress.services import CongressError
from congress.services import clean as _clean
from congress.services import save as _save
from congress.services.delegates import attendance
from members import services as members_services
from members.importing import files, staging
from members.importing.files import SheetError
from members.models import Body, EndReason, Mandate, Role, StartMethod
from reports.document import date_line
from reports.figures import FIGURES
from reports.models import Target

# Roles an election may fill on each body; officers sit on the standing committee.
ROLES_BY_BODY = {
    Body.EXECUTIVE: [Role.MEMBER],
    Body.STANDING: [Role.MEMBER, Role.CHAIR, Role.VICE_CHAIR, Role.GENERAL_SECRETARY],
    Body.INSPECTION: [Role.MEMBER, Role.HEAD, Role.DEPUTY_HEAD],
}


def _lock(election):
    return Election.objects.select_for_update().select_related("congress__term").get(pk=election.pk)


def _require_open(election):
    if election.status == ElectionStatus.CONFIRMED:
        raise CongressError(
            f"Kết quả “{election.title}” đã được xác nhận lúc "
            f"{timezone.localtime(election.confirmed_at):%H:%M %d/%m/%Y} và không thể thay đổi. "
            "Muốn sửa, hãy lập biên bản đính chính."
        )


# --- Setting up an election ----------------------------------------------------------------------------


def start_method_for(body):
    """The executive committee is elected by the congress; the other bodies by the new committee."""
    return StartMethod.CONGRESS if body == Body.EXECUTIVE else StartMethod.COMMITTEE


def _check_setup(election):
    if election.role not in ROLES_BY_BODY[election.body]:
        raise CongressError(
            f"{election.get_body_display()} không có chức danh {election.get_role_display().lower()}."
        )
    congress_date = election.congress.date
    if election.by_congress and election.held_on != congress_date:
        raise CongressError(f"Bầu cử tại Đại hội diễn ra ngày Đại hội ({congress_date:%d/%m/%Y}).")
    if election.held_on < congress_date:
        raise CongressError(
            f"Phiên họp của Ban Chấp hành không thể trước ngày Đại hội ({congress_date:%d/%m/%Y})."
        )


@transaction.atomic
def create_election(congress, *, actor, title, body, seats, held_on=None, role=Role.MEMBER):
    election = Election(
        congress=congress,
        title=title.strip(),
        body=body,
        role=role,
        start_method=start_method_for(body),
        seats=seats,
        held_on=held_on or congress.date,
    )
    _check_setup(election)
    _clean(election)
    return _save(election, actor)


@transaction.atomic
def update_election(election, *, actor, **fields):
    """Change the title, seats, date or seat while the election is open; the body decides the start method."""
    election = _lock(election)
    _require_open(election)
    if ("body" in fields or "role" in fields) and election.ballots.exists():
        if (
            fields.get("body", election.body) != election.body
            or fields.get("role", election.role) != election.role
        ):
            raise CongressError(_("Đã có phiếu được nhập: không thể đổi cơ quan hay chức danh của cuộc bầu."))
    for name, value in fields.items():
        setattr(election, name, value)
    election.start_method = start_method_for(election.body)
    _check_setup(election)
    _clean(election)
    return _save(election, actor)


def _require_list_editable(election):
    _require_open(election)
    if election.ballots.exists():
        raise CongressError(
            "Đã có phiếu được nhập theo số thứ tự của danh sách này: không thể thay đổi danh sách. "
            "Muốn sửa, hãy xoá các phiếu đã nhập ở cả hai lượt trước."
        )


def _renumber(election, actor):
    """Number the list in Vietnamese alphabetical order (by given name), as the ballot prints it."""
    candidates = list(election.candidates.select_related("person").order_by("person__sort_key", "person_id"))
    # Move every number out of the way first, so that the unique (election, number) holds at each step.
    Candidate.objects.filter(election=election).update(number=F("number") + 10000)
    for number, candidate in enumerate(candidates, start=1):
        changed = candidate.number != number
        candidate.number = number
        if changed:
            _save(candidate, actor)
        else:
            Candidate.objects.filter(pk=candidate.pk).update(number=number)
    return candidates


@transaction.atomic
def add_candidate(election, person, *, actor):
    election = _lock(election)
    _require_list_editable(election)
    if election.candidates.filter(person=person).exists():
        raise CongressError(f"{person.full_name} đã có trong danh sách.")
    last = election.candidates.aggregate(n=Max("number"))["n"] or 0
    candidate = _save(Candidate(election=election, person=person, number=last + 1), actor)
    _renumber(election, actor)
    candidate.refresh_from_db()
    return candidate


@transaction.atomic
def remove_candidate(candidate, *, actor):
    election = _lock(candidate.election)
    _require_list_editable(election)
    candidate._history_user = actor
    candidate.delete()
    _renumber(election, actor)


# --- Entering ballots ----------------------------------------------------------------------------------


def _check_entry(entry):
    if entry not in Entry.values:
        raise CongressError(_("Lượt nhập phải là 1 hoặc 2."))


@transaction.atomic
def record_ballot(election, *, actor, entry, number, kept, spoiled=False, replace=False):
    """Enter one ballot in one entry. Returns (ballot, changed).

    The same ballot sent again unchanged (a double click, a page sent twice) changes nothing; a different
    ballot under a number already entered is refused unless `replace` says it is a deliberate edit.
    """
    election = _lock(election)
    _require_open(election)
    _check_entry(entry)
    if number < 1:
        raise CongressError(_("Số phiếu phải là số nguyên dương."))
    numbers = set(election.candidates.values_list("number", flat=True))
    unknown = set(kept) - numbers
    if unknown:
        raise CongressError(f"Không có người nào mang số {counting.join_numbers(unknown)} trong danh sách.")
    kept = sorted(kept)
    existing = Ballot.objects.filter(election=election, entry=entry, number=number).first()
    if existing is not None:
        if existing.kept == kept and existing.spoiled == spoiled:
            return existing, False
        if not replace:
            raise CongressError(
                f"Phiếu số {number} đã có ở lượt nhập {entry} với nội dung khác. "
                "Muốn sửa phiếu này, hãy chọn “Sửa” ở danh sách phiếu đã nhập."
            )
        existing.kept, existing.spoiled, existing.entered_by = kept, spoiled, actor
        return _save(existing, actor), True
    ballot = Ballot(
        election=election, entry=entry, number=number, kept=kept, spoiled=spoiled, entered_by=actor
    )
    return _save(ballot, actor), True


@transaction.atomic
def remove_ballot(election, *, actor, entry, number):
    election = _lock(election)
    _require_open(election)
    ballot = Ballot.objects.filter(election=election, entry=entry, number=number).first()
    if ballot is None:
        raise CongressError(f"Lượt nhập {entry} không có phiếu số {number}.")
    ballot._history_user = actor
    ballot.delete()


def _candidate_infos(candidates):
    return [counting.Candidate(c.number, c.person.full_name, c.person.birth) for c in candidates]


def import_ballots(election, rows, *, actor, entry, replace=False):
    """Enter a whole sheet's rows (header first) as one entry; nothing is written unless every row is right."""
    candidates = list(election.candidates.select_related("person"))
    try:
        parsed = counting.parse_sheet(rows, _candidate_infos(candidates))
    except counting.SheetError as error:
        raise CongressError(_sheet_problems(error.problems)) from None
    return enter_ballots(election, parsed, actor=actor, entry=entry, replace=replace)


def _sheet_problems(problems):
    return "Tệp có lỗi, chưa nhập phiếu nào:\n" + "\n".join(f"- {p}" for p in problems)


def _clash_message(entry, clash):
    shown = counting.join_numbers(clash[:20]) + ("…" if len(clash) > 20 else "")
    return (
        f"Lượt nhập {entry} đã có các phiếu số {shown}; chưa nhập phiếu nào. Nếu tệp này thay cho "
        "những gì đã nhập, hãy chọn “Thay toàn bộ lượt nhập” (với lệnh import_ballots: --replace)."
    )


@transaction.atomic
def enter_ballots(election, ballots, *, actor, entry, replace=False):
    """Enter parsed ballots (counting.Ballot) as one entry, all or none. Returns how many were entered."""
    election = _lock(election)
    _require_open(election)
    _check_entry(entry)
    if not election.candidates.exists():
        raise CongressError(_("Cuộc bầu chưa có danh sách người ứng cử."))
    existing = Ballot.objects.filter(election=election, entry=entry)
    if replace:
        for ballot in existing:
            ballot._history_user = actor
            ballot.delete()
    else:
        clash = sorted(set(existing.values_list("number", flat=True)) & {b.number for b in ballots})
        if clash:
            raise CongressError(_clash_message(entry, clash))
    rows = [
        Ballot(
            election=election,
            entry=entry,
            number=b.number,
            kept=sorted(b.kept),
            spoiled=b.spoiled,
            entered_by=actor,
        )
        for b in ballots
    ]
    bulk_create_with_history(rows, Ballot, batch_size=500, default_user=actor)
    return len(rows)


# --- Ballot sheets: read by the one reader, staged, previewed and confirmed -------------------------------

# A ballot row has a column per candidate.
BALLOT_LIMITS = files.Limits(max_rows=5000, max_bytes=5 * 1024 * 1024, cells_per_row=64)
# The preview lists this many ballots; the counts cover them all.
PREVIEW_BALLOTS = 500


def read_ballot_rows(stream, name):
    """[(row number, cells as text)] from the header (the row with "Số phiếu") on, read within BALLOT_LIMITS."""
    sheet = files.open_sheet(stream, name, BALLOT_LIMITS)
    cell_text = files.CellText()
    try:
        header, rows = files.find_header(
            sheet, lambda number, cells, _title: (number, cells) if counting.is_ballot_header(cells) else None
        )
        if header is None:
            raise SheetError(
                f"Không tìm thấy dòng tiêu đề có cột “Số phiếu” trong {files.HEADER_SCAN_ROWS} dòng đầu. "
                "Dòng tiêu đề gồm “Số phiếu”, rồi các cột người ứng cử (hoặc “Giữ tên”, “Gạch tên”) và “Hỏng”."
            )
        numbered = [header, *rows]
        if len(numbered) > BALLOT_LIMITS.max_rows + 1:
            raise SheetError(f"Tệp có hơn {files.thousands(BALLOT_LIMITS.max_rows)} phiếu, quá giới hạn.")
        return [(number, [cell_text(cell)[0] for cell in cells]) for number, cells in numbered]
    finally:
        sheet.close()


@dataclass
class BallotPlan:
    """What a sheet of ballots would enter: the ballots, or the problems that stop all of them."""

    entry: int
    replace: bool
    ballots: list = field(default_factory=list)
    problems: list = field(default_factory=list)
    replaced: int = 0

    @property
    def counts(self):
        return {"create": 0 if self.problems else len(self.ballots), "reject": len(self.problems)}

    @property
    def fingerprint(self):
        planned = [
            self.entry,
            self.replace,
            self.replaced,
            [[b.number, sorted(b.kept), b.spoiled] for b in self.ballots],
            self.problems,
        ]
        return hashlib.sha256(json.dumps(planned, ensure_ascii=False).encode()).hexdigest()

    def summary(self):
        return {
            "counts": self.counts,
            "problems": self.problems,
            "ballots": [[b.number, sorted(b.kept), b.spoiled] for b in self.ballots[:PREVIEW_BALLOTS]],
            "total": len(self.ballots),
            "replaced": self.replaced,
            "conversions": [],
            "fingerprint": self.fingerprint,
        }


def plan_ballot_import(election, stream, name, *, entry, replace):
    """Read a ballot sheet and say what it would enter into the entry; writes nothing."""
    plan = BallotPlan(entry=entry, replace=replace)
    candidates = list(election.candidates.select_related("person"))
    if not candidates:
        plan.problems.append(_("Cuộc bầu chưa có danh sách người ứng cử."))
        return plan
    try:
        plan.ballots = counting.parse_numbered_sheet(
            read_ballot_rows(stream, name), _candidate_infos(candidates)
        )
    except counting.SheetError as error:
        plan.problems.extend(error.problems)
        return plan
    existing = set(Ballot.objects.filter(election=election, entry=entry).values_list("number", flat=True))
    if replace:
        plan.replaced = len(existing)
    elif clash := sorted(existing & {b.number for b in plan.ballots}):
        plan.problems.append(_clash_message(entry, clash))
    return plan


def import_ballot_sheet(election, stream, name, *, actor, entry, replace=False):
    """Read a sheet and enter it at once, all or none (the command's path; the pages stage it first)."""
    with transaction.atomic():
        plan = plan_ballot_import(_lock(election), stream, name, entry=entry, replace=replace)
        if plan.problems:
            raise CongressError(_sheet_problems(plan.problems))
        return enter_ballots(election, plan.ballots, actor=actor, entry=entry, replace=replace)


def stage_ballot_import(election, upload, *, actor, entry, replace=False):
    """Keep a sheet of ballots with its preview; raises SheetError for a file that cannot be read."""
    _require_open(election)
    _check_entry(entry)
    return staging.stage(
        SheetImport(
            congress_id=election.congress_id,
            kind=SheetKind.BALLOTS,
            election=election,
            entry=entry,
            replace=replace,
            uploaded_by=actor,
        ),
        upload,
        limits=BALLOT_LIMITS,
        plan=lambda stream, name: plan_ballot_import(election, stream, name, entry=entry, replace=replace),
    )


def apply_ballot_import(sheet_import, *, actor):
    """Enter a staged sheet of ballots, as its preview showed, all or none; returns how many were entered."""

    def run(locked, stream):
        election = _lock(locked.election)
        _require_open(election)
        plan = plan_ballot_import(
            election, stream, locked.original_name, entry=locked.entry, replace=locked.replace
        )
        if plan.problems:
            raise staging.Rejected(plan)
        enter_ballots(election, plan.ballots, actor=actor, entry=locked.entry, replace=locked.replace)
        return plan

    plan = staging.apply(
        sheet_import,
        actor=actor,
        run=run,
        changed_message=(
            "Các phiếu đã nhập của lượt này hoặc danh sách người ứng cử đã thay đổi kể từ lúc xem trước. "
            "Bản xem trước đã được làm mới: hãy xem lại rồi xác nhận."
        ),
    )
    return len(plan.ballots)


@transaction.atomic
def set_ballot_totals(election, *, actor, issued, electors_present=None):
    """The board's count of ballots handed out (and, at a committee session, of members present)."""
    election = _lock(election)
    _require_open(election)
    election.ballots_issued = issued
    if not election.by_congress:
        election.electors_present = electors_present
    return _save(election, actor)


# --- The count -----------------------------------------------------------------------------------------


@dataclass
class EntryInfo:
    entry: int
    count: int = 0
    by: list = field(default_factory=list)  # who entered its ballots, by name
    user_ids: set = field(default_factory=set)


@dataclass
class Base:
    kind: str
    value: int | None
    label: str
    missing: str = ""


@dataclass
class ElectionCount:
    """Everything the result page, the minutes and the commands show about an election's count."""

    election: Election
    candidates: list
    entries: dict
    differences: list
    base: Base
    totals: counting.Totals | None = None
    result: counting.Result | None = None
    problems: list = field(default_factory=list)
    decision: TieDecision | None = None

    @property
    def agreed(self):
        return all(info.count for info in self.entries.values()) and not self.differences

    @property
    def same_person_both_entries(self):
        first, second = (self.entries[e].user_ids for e in Entry.values)
        return bool(first & second)

    @property
    def can_confirm(self):
        if self.election.is_confirmed or self.result is None or self.problems:
            return False
        return self.result.status != counting.Status.TIE or self.result.tie.rule == counting.TieRule.RUNOFF


def majority_base(election, totals):
    """What "more than half" is counted on: the congress's rule, read for this election's electorate."""
    kind = election.congress.majority_base
    if kind == counting.MajorityBase.VALID_BALLOTS:
        return Base(kind, totals.valid if totals else None, "số phiếu hợp lệ")
    if election.by_congress:
        present = attendance(election.congress)
        if kind == counting.MajorityBase.SUMMONED:
            return Base(kind, present["summoned"], "số đại biểu được triệu tập")
        return Base(kind, present["present"], "số đại biểu có mặt")
    # At the new committee's session the electors are its members, not the congress's delegates.
    if kind == counting.MajorityBase.SUMMONED:
        members = (
            Mandate.objects.held_on(election.held_on)
            .filter(term=election.congress.term, body=Body.EXECUTIVE)
            .count()
        )
        missing = "" if members else "Ban Chấp hành khoá mới chưa có ai vào ngày phiên họp."
        return Base(kind, members, "số uỷ viên Ban Chấp hành", missing)
    missing = "" if election.electors_present else "Chưa nhập số uỷ viên Ban Chấp hành có mặt."
    return Base(kind, election.electors_present, "số uỷ viên Ban Chấp hành có mặt", missing)


def election_count(election):
    """Read the two entries, compare them and, when they agree and the totals add up, decide the result.

    A confirmed election answers with the result it was confirmed with. The number of queries does not
    depend on the number of ballots or candidates.
    """
    candidates = list(election.candidates.select_related("person").order_by("number"))
    entries = {e: EntryInfo(e) for e in Entry.values}
    ballots = {e: [] for e in Entry.values}
    for ballot in Ballot.objects.filter(election=election).select_related("entered_by").order_by("number"):
        ballots[ballot.entry].append(counting.Ballot(ballot.number, frozenset(ballot.kept), ballot.spoiled))
        info = entries[ballot.entry]
        info.count += 1
        if ballot.entered_by_id:
            info.user_ids.add(ballot.entered_by_id)
        who = str(ballot.entered_by) if ballot.entered_by else "(nhập bằng lệnh)"
        if who not in info.by:
            info.by.append(who)
    differences = counting.compare_entries(ballots[Entry.FIRST], ballots[Entry.SECOND])
    decision = TieDecision.objects.filter(election=election).prefetch_related("chosen").first()
    if election.is_confirmed:
        result = counting.Result.from_dict(election.result)
        base = Base(result.base_kind, result.base, counting.BASE_LABELS[result.base_kind])
        return ElectionCount(
            election, candidates, entries, differences, base, result.totals, result, [], decision
        )

    count = ElectionCount(election, candidates, entries, differences, Base("", None, ""), decision=decision)
    if not candidates:
        count.problems.append(_("Cuộc bầu chưa có danh sách người ứng cử."))
    for entry, info in entries.items():
        if not info.count:
            count.problems.append(f"Lượt nhập {entry} chưa có phiếu nào.")
    if differences:
        count.problems.append(
            f"Hai lượt nhập chưa khớp ở {len(differences)} phiếu. Hãy đối chiếu với phiếu giấy và sửa lượt nhập sai."
        )
    totals = None
    if candidates and not differences and ballots[Entry.FIRST]:
        totals, votes = counting.tally(
            ballots[Entry.FIRST],
            election.seats,
            [c.number for c in candidates],
            issued=election.ballots_issued,
        )
        count.problems += counting.check_totals(totals)
    elif election.ballots_issued is None:
        count.problems.append(_("Chưa nhập số phiếu phát ra."))
    count.totals = totals
    count.base = majority_base(election, totals)
    if count.base.missing:
        count.problems.append(count.base.missing)
    if totals is not None and not count.problems:
        try:
            count.result = counting.decide(
                _candidate_infos(candidates),
                votes,
                seats=election.seats,
                totals=totals,
                base_kind=count.base.kind,
                base=count.base.value,
                tie_rule=election.congress.tie_rule,
                require_majority=election.requires_majority,
                decision={c.number for c in decision.chosen.all()} if decision else None,
            )
        except counting.CountingError as error:
            count.problems.append(str(error))
    return count


# --- Ties, confirmation, corrections -------------------------------------------------------------------


@transaction.atomic
def record_tie_decision(election, *, actor, chosen, note):
    """Record whom the congress chose among those tied at the last seat (rule "congress decides",
    or "older first" when age cannot tell them apart)."""
    election = _lock(election)
    _require_open(election)
    count = election_count(election)
    tie = count.result.tie if count.result else None
    if tie is None or (tie.resolved and tie.how != "decision"):
        raise CongressError(_("Cuộc bầu này không có trường hợp bằng phiếu nào cần quyết định."))
    if tie.rule == counting.TieRule.RUNOFF:
        raise CongressError(
            "Theo quy chế của Đại hội, người bằng phiếu ở ghế cuối được bầu lại, không chọn trực tiếp."
        )
    numbers = {c.number for c in chosen}
    if not numbers <= set(tie.numbers):
        raise CongressError(_("Chỉ được chọn trong số những người bằng phiếu ở ghế cuối."))
    if len(numbers) != tie.seats:
        raise CongressError(f"Hãy chọn đúng {tie.seats} người cho {tie.seats} ghế còn lại.")
    decision = count.decision or TieDecision(election=election)
    decision.note = note.strip()
    decision.recorded_by = actor
    _clean(decision)
    _save(decision, actor)
    decision.chosen.set(chosen)
    return decision


def _grant(candidate, election, *, actor, started_on, note):
    try:
        return members_services.grant_mandate(
            candidate.person,
            election.congress.term,
            actor=actor,
            body=election.body,
            role=election.role,
            started_on=started_on,
            start_method=election.start_method,
            note=note[:255],
        )
    except members_services.MembersError as error:
        raise CongressError(str(error)) from None
    except ValidationError:
        raise CongressError(
            f"{candidate.person.full_name} đang giữ chức danh {election.seat_label.lower()} "
            f"khoá {election.congress.term.roman}; không thể giao thêm lần nữa."
        ) from None


@transaction.atomic
def confirm_result(election, *, actor):
    """Freeze the count and make it real: the elected get the new term's mandates from the election day,
    and the outgoing term's open mandates on the same body end on the congress day. With a tie left to a
    runoff, the runoff among the tied is created for the remaining seats. Returns (election, runoff)."""
    election = _lock(election)
    _require_open(election)
    count = election_count(election)
    if count.problems:
        raise CongressError("Chưa thể xác nhận kết quả: " + " ".join(count.problems))
    if not count.can_confirm:
        raise CongressError(
            "Chưa thể xác nhận kết quả: còn người bằng phiếu ở ghế cuối. Hãy ghi lại quyết định của Đại hội."
        )
    result = count.result
    by_number = {c.number: c for c in count.candidates}
    note = f"Trúng cử: {election.title}"
    for elected in result.elected:
        candidate = by_number[elected.number]
        candidate.mandate = _grant(candidate, election, actor=actor, started_on=election.held_on, note=note)
        _save(candidate, actor)
    outgoing = election.congress.outgoing_term
    if outgoing is not None:
        for mandate in Mandate.objects.filter(term=outgoing, body=election.body, ended_on__isnull=True):
            members_services.end_mandate(
                mandate, actor=actor, ended_on=election.congress.date, reason=EndReason.TERM_ENDED
            )
    election.status = ElectionStatus.CONFIRMED
    election.confirmed_at = timezone.now()
    election.confirmed_by = actor
    election.result = result.as_dict()
    _save(election, actor)

    runoff = None
    if result.tie is not None and not result.tie.resolved:
        runoff = _save(
            Election(
                congress=election.congress,
                runoff_of=election,
                title=f"Bầu lại: {election.title}",
                body=election.body,
                role=election.role,
                start_method=election.start_method,
                seats=result.tie.seats,
                held_on=election.held_on,
                electors_present=election.electors_present,
            ),
            actor,
        )
        for number in result.tie.numbers:
            _save(Candidate(election=runoff, person=by_number[number].person, number=number), actor)
        _renumber(runoff, actor)
    return election, runoff


@transaction.atomic
def record_correction(election, *, actor, reason, effective_on, withdrawn=(), added=()):
    """A recorded act changing who holds a confirmed election's seats; the confirmed count is kept as it was.

    A seat withdrawn ends on `effective_on` (on its first day, it is as if it was never held); a seat added
    starts that day.
    """
    election = _lock(election)
    if not election.is_confirmed:
        raise CongressError(
            _("Chỉ đính chính được kết quả đã xác nhận. Khi chưa xác nhận, hãy sửa lượt nhập.")
        )
    reason = reason.strip()
    if not reason:
        raise CongressError(_("Hãy ghi lý do đính chính."))
    withdrawn, added = list(withdrawn), list(added)
    if not withdrawn and not added:
        raise CongressError(_("Đính chính phải có ít nhất một người thôi giữ ghế hoặc nhận ghế."))
    if effective_on < election.held_on:
        raise CongressError(f"Ngày hiệu lực không thể trước ngày bầu ({election.held_on:%d/%m/%Y}).")
    holders = {
        c.pk: c
        for c in election.candidates.select_related("mandate", "person")
        if c.mandate and not c.mandate.ended_on
    }
    for candidate in withdrawn:
        if candidate.pk not in holders:
            raise CongressError(f"{candidate.person.full_name} không giữ ghế nào từ cuộc bầu này.")
    for candidate in added:
        if candidate.election_id != election.pk:
            raise CongressError(f"{candidate.person.full_name} không có trong danh sách của cuộc bầu này.")
        if candidate.pk in holders:
            raise CongressError(f"{candidate.person.full_name} đang giữ ghế từ cuộc bầu này.")
    if len(holders) - len(withdrawn) + len(added) > election.seats:
        raise CongressError(f"Sau đính chính, số người giữ ghế vượt quá {election.seats} ghế của cuộc bầu.")

    for candidate in withdrawn:
        if effective_on < holders[candidate.pk].mandate.started_on:
            raise CongressError(f"Ngày hiệu lực không thể trước ngày {candidate.person.full_name} nhận ghế.")

    correction = _save(
        Correction(election=election, reason=reason, effective_on=effective_on, recorded_by=actor), actor
    )
    note = f"Đính chính kết quả “{election.title}”: {reason}"
    for candidate in withdrawn:
        members_services.end_mandate(
            holders[candidate.pk].mandate,
            actor=actor,
            ended_on=effective_on,
            reason=EndReason.OTHER,
            note=note[:255],
        )
    for candidate in added:
        candidate.mandate = _grant(candidate, election, actor=actor, started_on=effective_on, note=note)
        _save(candidate, actor)
    correction.withdrawn.set(withdrawn)
    correction.added.set(added)
    return correction


# --- The resolution and its targets --------------------------------------------------------------------


@transaction.atomic
def record_resolution(congress, *, actor, adopted_on, summary):
    resolution = Resolution.objects.select_for_update().filter(congress=congress).first() or Resolution(
        congress=congress
    )
    if adopted_on < congress.date:
        raise CongressError(f"Nghị quyết không thể thông qua trước ngày Đại hội ({congress.date:%d/%m/%Y}).")
    resolution.adopted_on = adopted_on
    resolution.summary = summary.strip()
    _clean(resolution)
    return _save(resolution, actor)


@transaction.atomic
def add_target(congress, *, actor, label, figure, target_value, unit=""):
    """A target of the resolution for the term the congress opens; the term report measures it by `figure`."""
    if figure not in FIGURES:
        raise CongressError(_("Hãy chọn số liệu đối chiếu trong danh sách."))
    term = congress.term
    last = Target.objects.filter(term=term).aggregate(n=Max("position"))["n"]
    target = Target(
        term=term,
        label=label.strip(),
        figure=figure,
        target_value=target_value,
        unit=unit.strip(),
        position=(last or 0) + 1,
    )
    _clean(target)
    return _save(target, actor)


@transaction.atomic
def remove_target(target, *, actor):
    target._history_user = actor
    target.delete()


# --- Documents -----------------------------------------------------------------------------------------

PDF = "application/pdf"


def _stylesheet():
    from reports.rendering import stylesheet

    return stylesheet()


def _render_pdf(html):
    from weasyprint import HTML

    return HTML(string=html).write_pdf()


def _header(election):
    federation = election.congress.term.federation
    return {
        "parent_body": federation.parent_body.upper(),
        "federation": federation.name_on_documents.upper(),
        "date_line": date_line(federation.locality, election.held_on),
    }


def _render_document(template, context):
    # Ballots and minutes are Vietnamese documents whatever language the portal is shown in.
    with translation.override("vi"):
        return render_to_string(template, context)


def ballot_paper_html(election):
    candidates = election.candidates.select_related("person").order_by("number")
    return _render_document(
        "congress/elections/documents/ballot.html",
        {
            "election": election,
            "candidates": candidates,
            "header": _header(election),
            "stylesheet": _stylesheet(),
        },
    )


def ballot_paper_pdf(election):
    """The ballot the counting board hands out: (filename, content type, bytes)."""
    return f"phieu-bau-{election.pk}.pdf", PDF, _render_pdf(ballot_paper_html(election))


def minutes_html(election, count=None):
    count = count or election_count(election)
    if count.result is None:
        raise CongressError("Chưa có kết quả để lập biên bản: " + " ".join(count.problems))
    return _render_document(
        "congress/elections/documents/minutes.html",
        {
            "election": election,
            "count": count,
            "result": count.result,
            "header": _header(election),
            "stylesheet": _stylesheet(),
        },
    )


def minutes_pdf(election, count=None):
    """The minutes of the count (biên bản kiểm phiếu); a draft until the result is confirmed."""
    return f"bien-ban-kiem-phieu-{election.pk}.pdf", PDF, _render_pdf(minutes_html(election, count))


def ballot_log_html(election):
    # The log's own words (what each line did) are part of the Vietnamese document too.
    with translation.override("vi"):
        lines = history.ballot_log_lines(election, history.ballot_log_records(election))
        kept = dict(
            Ballot.objects.filter(election=election).values_list("entry").annotate(n=Count("id")).order_by()
        )
        return render_to_string(
            "congress/elections/documents/ballot_log.html",
            {
                "election": election,
                "lines": lines,
                "entered": [(entry, kept.get(entry, 0)) for entry in Entry.values],
                "printed_at": timezone.localtime(),
                "header": _header(election),
                "stylesheet": _stylesheet(),
            },
        )


def ballot_log_pdf(election):
    """The ballot entry log (nhật ký nhập phiếu): every ballot entered, changed and removed, by whom and when,
    printed to be filed with the minutes of the count."""
    return f"nhat-ky-nhap-phieu-{election.pk}.pdf", PDF, _render_pdf(ballot_log_html(election))

"""What the records of an election say about who did what and when: its ballot log and its own changes.

Ballots, the candidate list, tie decisions and corrections keep their history (django-simple-history); these
functions read it for the pages and the printed log in a fixed number of queries, whatever its length.
"""

from dataclasses import dataclass

from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import pgettext, pgettext_lazy

from congress import counting
from congress.models import Ballot, Candidate, Correction, Election, ElectionStatus, TieDecision
from members.models import Person
from members.selectors import HistoryEntry, field_changes

BALLOT_ACTIONS = {
    "+": pgettext_lazy("ballot log", "Nhập"),
    "~": pgettext_lazy("ballot log", "Sửa"),
    "-": pgettext_lazy("ballot log", "Xoá"),
}


# --- The ballot log ------------------------------------------------------------------------------------


@dataclass
class LogLine:
    """One line of the ballot log: a ballot entered, changed or removed in one entry."""

    position: int
    when: object
    who: object
    entry: int
    number: int
    kind: str  # "+" entered, "~" changed, "-" removed
    action: str
    what: str


def ballot_log_records(election, entry=None):
    """Every recorded change to the election's ballots (of one entry, if given), oldest first.

    A queryset, so that a Paginator counts and slices it in the database.
    """
    records = Ballot.history.filter(election_id=election.pk)
    if entry is not None:
        records = records.filter(entry=entry)
    return records.select_related("history_user").order_by("history_date", "history_id")


def _ballot_text(kept, spoiled, numbers):
    """A ballot as the board reads the paper: the names crossed out, by their numbers."""
    if spoiled:
        return _("phiếu hỏng")
    crossed = numbers - set(kept)
    if not crossed:
        return _("không gạch tên nào")
    return _("gạch %(numbers)s") % {"numbers": counting.join_numbers(crossed)}


def _ballot_change(before, after, numbers):
    if before.spoiled or after.spoiled:
        return f"{_ballot_text(before.kept, before.spoiled, numbers)} → {_ballot_text(after.kept, after.spoiled, numbers)}"
    return _("gạch: %(old)s → %(new)s") % {
        "old": counting.join_numbers(numbers - set(before.kept)) or "—",
        "new": counting.join_numbers(numbers - set(after.kept)) or "—",
    }


def ballot_log_lines(election, records, *, start=1):
    """The log's lines for `records` (one page of `ballot_log_records`, or all of it), numbered from `start`.

    A change is shown against the ballot's record before it. Two queries: the candidates' numbers (the names
    are crossed out by number, and the list cannot change while a ballot is entered) and the earlier records
    of the ballots on the page.
    """
    records = list(records)
    numbers = set(election.candidates.values_list("number", flat=True))
    earlier = (
        Ballot.history.filter(id__in={r.id for r in records})
        .order_by("history_date", "history_id")
        .only("id", "history_date", "kept", "spoiled")
    )
    previous, last_seen = {}, {}
    for record in earlier:
        previous[record.history_id] = last_seen.get(record.id)
        last_seen[record.id] = record
    lines = []
    for position, record in enumerate(records, start=start):
        before = previous.get(record.history_id)
        if record.history_type == "~" and before is not None:
            what = _ballot_change(before, record, numbers)
        else:
            what = _ballot_text(record.kept, record.spoiled, numbers)
        lines.append(
            LogLine(
                position=position,
                when=record.history_date,
                who=record.history_user,
                entry=record.entry,
                number=record.number,
                kind=record.history_type,
                action=str(BALLOT_ACTIONS[record.history_type]),
                what=what,
            )
        )
    return lines


# --- The election's own changes ------------------------------------------------------------------------

# Filled in by the service with the record that says so; shown by the entry itself, not as a field.
ELECTION_SKIP = ["congress", "runoff_of", "start_method", "status", "confirmed_at", "confirmed_by", "result"]
TOTALS = {"ballots_issued", "electors_present"}


def _entry(record, action, subject="", changes=(), details=()):
    entry = HistoryEntry(record.history_date, record.history_user, subject, action, list(changes))
    entry.details = list(details)
    return entry


def _election_entries(election):
    records = Election.history.filter(id=election.pk).select_related("history_user")
    entries, previous = [], None
    for record in records.order_by("history_date", "history_id"):
        if previous is None:
            action = (
                pgettext("election history", "Tạo cuộc bầu lại")
                if record.runoff_of_id
                else pgettext("election history", "Tạo cuộc bầu")
            )
            entries.append(_entry(record, action, record.title))
        elif record.status == ElectionStatus.CONFIRMED and previous.status != ElectionStatus.CONFIRMED:
            elected = [row.name for row in counting.Result.from_dict(record.result).elected]
            detail = (
                _("Trúng cử: %(names)s") % {"names": ", ".join(elected)}
                if elected
                else _("Không ai trúng cử.")
            )
            entries.append(_entry(record, pgettext("election history", "Xác nhận kết quả"), details=[detail]))
        else:
            changes = field_changes(record, previous, ELECTION_SKIP)
            if changes:
                changed = set(record.diff_against(previous, excluded_fields=ELECTION_SKIP).changed_fields)
                action = (
                    pgettext("election history", "Nhập số phiếu phát ra")
                    if changed <= TOTALS
                    else pgettext("election history", "Sửa thông tin cuộc bầu")
                )
                entries.append(_entry(record, action, changes=changes))
        previous = record
    return entries


def _names(candidate_ids, person_of, names):
    shown = sorted((names.get(person_of.get(pk), "—") for pk in candidate_ids), key=str)
    return ", ".join(shown) or "—"


def _tie_entries(election, person_of, names):
    """Each decision recorded: the note saved, then the people chosen set in the same call.

    Setting the chosen adds records of its own; a record starts a new decision when the decision was saved
    again (`recorded_at` moves on every save), and the decision's last record holds whom it chose.
    """
    records = list(
        TieDecision.history.filter(election_id=election.pk)
        .select_related("history_user")
        .order_by("history_date", "history_id")
    )
    chosen_by_record = {}
    if records:
        rows = TieDecision.history.model.chosen.filter(history__election_id=election.pk)
        for history_id, candidate_id in rows.values_list("history_id", "candidate_id"):
            chosen_by_record.setdefault(history_id, []).append(candidate_id)
    acts = []
    for record in records:
        if not acts or record.history_type == "+" or record.recorded_at != acts[-1][0].recorded_at:
            acts.append([record])
        else:
            acts[-1].append(record)
    label = TieDecision._meta.get_field("chosen").verbose_name
    entries, before = [], "—"
    for act in acts:
        first, last = act[0], act[-1]
        chosen = _names(chosen_by_record.get(last.history_id, []), person_of, names)
        entries.append(
            _entry(
                first,
                pgettext("election history", "Ghi quyết định khi bằng phiếu"),
                first.note,
                changes=[(str(label), before, chosen)],
            )
        )
        before = chosen
    return entries


def _correction_entries(election, person_of, names):
    corrections = Correction.objects.filter(election=election).select_related("recorded_by")
    entries = []
    for correction in corrections.prefetch_related("withdrawn", "added"):
        details = [
            _("Hiệu lực từ %(date)s")
            % {"date": formats.date_format(correction.effective_on, "SHORT_DATE_FORMAT")}
        ]
        withdrawn = [c.pk for c in correction.withdrawn.all()]
        added = [c.pk for c in correction.added.all()]
        if withdrawn:
            details.append(_("Thôi giữ ghế: %(names)s") % {"names": _names(withdrawn, person_of, names)})
        if added:
            details.append(_("Nhận ghế: %(names)s") % {"names": _names(added, person_of, names)})
        entry = HistoryEntry(
            correction.recorded_at,
            correction.recorded_by,
            correction.reason,
            pgettext("election history", "Lập biên bản đính chính"),
            [],
        )
        entry.details = details
        entries.append(entry)
    return entries


def election_changes(election):
    """What was done to the election itself, latest first, each with who did it and when: its creation and
    edits, the totals entered, candidates added to and removed from the list, tie decisions, the confirmation
    and the corrections. Renumbering the list and linking the elected to their seats follow from those and
    are left out.

    A fixed number of queries: the histories of the election, of its candidates and of its tie decision
    (with whom each chose), the names of the people listed, and the corrections with their candidates.
    """
    candidate_records = list(
        Candidate.history.filter(election_id=election.pk)
        .select_related("history_user")
        .order_by("history_date")
    )
    person_of = {record.id: record.person_id for record in candidate_records}
    names = {
        person.pk: person.full_name
        for person in Person.objects.filter(pk__in=set(person_of.values())).only(
            "family_name", "middle_name", "given_name"
        )
    }
    entries = _election_entries(election)
    for record in candidate_records:
        if record.history_type == "+":
            entries.append(
                _entry(
                    record,
                    pgettext("election history", "Thêm vào danh sách"),
                    names.get(record.person_id, "—"),
                )
            )
        elif record.history_type == "-":
            entries.append(
                _entry(
                    record,
                    pgettext("election history", "Bỏ khỏi danh sách"),
                    names.get(record.person_id, "—"),
                )
            )
    entries += _tie_entries(election, person_of, names)
    entries += _correction_entries(election, person_of, names)
    entries.sort(key=lambda e: e.when, reverse=True)
    return entries

"""The count of an election, as pure functions: nothing here reads or writes the database.

A paper ballot prints the candidates numbered from 1 in Vietnamese alphabetical order; the delegate keeps
the names they vote for and crosses out the others. A ballot is entered as the set of numbers kept, plus
"spoiled" for a torn, marked or unofficial paper. The counting board enters every ballot twice,
independently; `compare_entries` says where the two entries disagree, and only agreeing entries are
counted. `decide` applies the congress's rules: more than half of the chosen base, the highest first,
and the tie rule at the last seat.

Messages are in Vietnamese: they are shown to the counting board as they are.
"""

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

from django.utils.translation import gettext_lazy

from members import numbers, text
from members.dates import PartialDate


class CountingError(ValueError):
    """Input the count cannot use; the message says what to fix."""


class SheetError(CountingError):
    """A ballot sheet with mistakes; `problems` lists each, with its row."""

    def __init__(self, problems):
        self.problems = list(problems)
        super().__init__("\n".join(self.problems))


# --- One ballot ----------------------------------------------------------------------------------------


class Validity(StrEnum):
    VALID = "valid"
    SPOILED = "spoiled"
    BLANK = "blank"
    TOO_MANY = "too_many"


VALIDITY_LABELS = {
    Validity.VALID: gettext_lazy("Hợp lệ"),
    Validity.SPOILED: gettext_lazy("Phiếu hỏng"),
    Validity.BLANK: gettext_lazy("Gạch hết tên"),
    Validity.TOO_MANY: gettext_lazy("Giữ quá số người được bầu"),
}


@dataclass(frozen=True)
class Ballot:
    """A ballot as entered: its number and the candidate numbers left standing on it."""

    number: int
    kept: frozenset = frozenset()
    spoiled: bool = False

    def __post_init__(self):
        object.__setattr__(self, "kept", frozenset(self.kept))

    def validity(self, seats):
        return ballot_validity(self.kept, seats, spoiled=self.spoiled)


def ballot_validity(kept, seats, *, spoiled=False):
    """A spoiled paper, a ballot with every name crossed out, or one keeping more names than seats is invalid."""
    if spoiled:
        return Validity.SPOILED
    if not kept:
        return Validity.BLANK
    if len(kept) > seats:
        return Validity.TOO_MANY
    return Validity.VALID


MAX_RANGE = 1000
_NUMBER_OR_RANGE = re.compile(r"^(\d+)(?:-(\d+))?$")


def parse_numbers(value, known):
    """Candidate numbers typed as "3 7 15", "3, 7, 15", "3-5" or "*" (all of them), checked against `known`."""
    value = re.sub(r"\s*[-–]\s*", "-", text.clean(value))
    known = set(known)
    if not value:
        return set()
    if value == "*":
        return known
    numbers = set()
    for part in re.split(r"[,;\s]+", value):
        if not part:
            continue
        match = _NUMBER_OR_RANGE.match(part)
        if not match:
            raise CountingError(
                f"Không hiểu “{part}”: hãy ghi số thứ tự, cách nhau bởi dấu cách hoặc dấu phẩy."
            )
        first, last = int(match.group(1)), int(match.group(2) or match.group(1))
        if last < first:
            raise CountingError(f"Khoảng “{part}” ngược: số đầu phải nhỏ hơn số cuối.")
        if last - first > MAX_RANGE:
            raise CountingError(f"Khoảng “{part}” quá dài.")
        numbers.update(range(first, last + 1))
    unknown = sorted(numbers - known)
    if unknown:
        shown = join_numbers(unknown[:10]) + ("…" if len(unknown) > 10 else "")
        raise CountingError(
            f"Không có người nào mang số {shown} trong danh sách (từ 1 đến {max(known) if known else 0})."
        )
    return numbers


def join_numbers(numbers):
    return ", ".join(str(n) for n in sorted(numbers))


# --- Two entries of the same ballots -------------------------------------------------------------------


class DifferenceKind(StrEnum):
    ONLY_FIRST = "only_first"
    ONLY_SECOND = "only_second"
    DIFFERENT = "different"


@dataclass(frozen=True)
class Difference:
    number: int
    kind: DifferenceKind
    first: Ballot | None = None
    second: Ballot | None = None

    @property
    def kept_only_first(self):
        return sorted(self.first.kept - self.second.kept) if self.kind == DifferenceKind.DIFFERENT else []

    @property
    def kept_only_second(self):
        return sorted(self.second.kept - self.first.kept) if self.kind == DifferenceKind.DIFFERENT else []

    @property
    def spoiled_differs(self):
        return self.kind == DifferenceKind.DIFFERENT and self.first.spoiled != self.second.spoiled

    def describe(self):
        """One line for the board: which ballot, and what each entry says about it."""
        if self.kind == DifferenceKind.ONLY_FIRST:
            return f"Phiếu số {self.number}: chỉ có ở lượt nhập 1, lượt nhập 2 chưa nhập."
        if self.kind == DifferenceKind.ONLY_SECOND:
            return f"Phiếu số {self.number}: chỉ có ở lượt nhập 2, lượt nhập 1 chưa nhập."
        parts = []
        if self.spoiled_differs:
            which = 1 if self.first.spoiled else 2
            parts.append(f"lượt {which} ghi là phiếu hỏng, lượt {3 - which} không")
        if self.kept_only_first:
            parts.append(f"số {join_numbers(self.kept_only_first)} được giữ ở lượt 1 nhưng bị gạch ở lượt 2")
        if self.kept_only_second:
            parts.append(f"số {join_numbers(self.kept_only_second)} bị gạch ở lượt 1 nhưng được giữ ở lượt 2")
        return f"Phiếu số {self.number}: " + "; ".join(parts) + "."


def compare_entries(first: Iterable[Ballot], second: Iterable[Ballot]):
    """Every ballot number on which the two entries disagree, in order; empty when they match exactly."""
    first = {b.number: b for b in first}
    second = {b.number: b for b in second}
    differences = []
    for number in sorted(first.keys() | second.keys()):
        a, b = first.get(number), second.get(number)
        if b is None:
            differences.append(Difference(number, DifferenceKind.ONLY_FIRST, first=a))
        elif a is None:
            differences.append(Difference(number, DifferenceKind.ONLY_SECOND, second=b))
        elif a.kept != b.kept or a.spoiled != b.spoiled:
            differences.append(Difference(number, DifferenceKind.DIFFERENT, first=a, second=b))
    return differences


# --- Totals and votes ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Totals:
    issued: int | None
    returned: int
    valid: int
    spoiled: int = 0
    blank: int = 0
    too_many: int = 0
    # Given only when checking totals typed by hand; otherwise the sum of the three kinds.
    declared_invalid: int | None = None

    @property
    def invalid(self):
        if self.declared_invalid is not None:
            return self.declared_invalid
        return self.spoiled + self.blank + self.too_many

    def as_dict(self):
        return {
            "issued": self.issued,
            "returned": self.returned,
            "valid": self.valid,
            "invalid": self.invalid,
            "spoiled": self.spoiled,
            "blank": self.blank,
            "too_many": self.too_many,
        }


def tally(ballots: Iterable[Ballot], seats, candidate_numbers, *, issued=None):
    """(Totals, votes): how many ballots of each kind, and each candidate's votes from the valid ones."""
    votes = dict.fromkeys(candidate_numbers, 0)
    counts = dict.fromkeys(Validity, 0)
    for ballot in ballots:
        unknown = ballot.kept - votes.keys()
        if unknown:
            raise CountingError(
                f"Phiếu số {ballot.number} giữ số {join_numbers(unknown)}, không có trong danh sách."
            )
        validity = ballot.validity(seats)
        counts[validity] += 1
        if validity == Validity.VALID:
            for number in ballot.kept:
                votes[number] += 1
    totals = Totals(
        issued=issued,
        returned=sum(counts.values()),
        valid=counts[Validity.VALID],
        spoiled=counts[Validity.SPOILED],
        blank=counts[Validity.BLANK],
        too_many=counts[Validity.TOO_MANY],
    )
    return totals, votes


def check_totals(totals: Totals):
    """What does not add up, as sentences; empty when issued ≥ returned = valid + invalid > 0."""
    problems = []
    if totals.issued is None:
        problems.append("Chưa nhập số phiếu phát ra.")
    if totals.returned == 0:
        problems.append("Chưa có phiếu nào được nhập.")
    if totals.issued is not None and totals.returned > totals.issued:
        problems.append(
            f"Số phiếu thu vào ({totals.returned}) nhiều hơn số phiếu phát ra ({totals.issued}): "
            "hãy kiểm tra lại số phiếu phát ra và số phiếu đã nhập."
        )
    if totals.valid + totals.invalid != totals.returned:
        problems.append(
            f"Số phiếu hợp lệ ({totals.valid}) cộng số phiếu không hợp lệ ({totals.invalid}) "
            f"không bằng số phiếu thu vào ({totals.returned})."
        )
    return problems


# --- The result ----------------------------------------------------------------------------------------


class MajorityBase(StrEnum):
    VALID_BALLOTS = "valid_ballots"
    SUMMONED = "summoned"
    PRESENT = "present"


BASE_LABELS = {
    MajorityBase.VALID_BALLOTS: gettext_lazy("số phiếu hợp lệ"),
    MajorityBase.SUMMONED: gettext_lazy("số đại biểu được triệu tập"),
    MajorityBase.PRESENT: gettext_lazy("số đại biểu có mặt"),
}


class TieRule(StrEnum):
    RUNOFF = "runoff"
    OLDER_FIRST = "older_first"
    CONGRESS_DECIDES = "congress_decides"


class Outcome(StrEnum):
    ELECTED = "elected"
    BELOW_MAJORITY = "below_majority"
    OUTRANKED = "outranked"
    TIED = "tied"


OUTCOME_LABELS = {
    Outcome.ELECTED: gettext_lazy("Trúng cử"),
    Outcome.BELOW_MAJORITY: gettext_lazy("Không đủ quá bán"),
    Outcome.OUTRANKED: gettext_lazy("Đủ quá bán, ít phiếu hơn người trúng cử"),
    Outcome.TIED: gettext_lazy("Bằng phiếu ở ghế cuối, chờ giải quyết"),
}


class Status(StrEnum):
    COMPLETE = "complete"
    SHORT = "short"
    TIE = "tie"


STATUS_LABELS = {
    Status.COMPLETE: gettext_lazy("Đủ số người được bầu"),
    Status.SHORT: gettext_lazy("Số người trúng cử ít hơn số người được bầu"),
    Status.TIE: gettext_lazy("Có người bằng phiếu ở ghế cuối, chưa giải quyết"),
}


@dataclass(frozen=True)
class Candidate:
    number: int
    name: str
    # Known to the day, the month or the year (a date is one known to the day); decides ties, older first.
    birth: PartialDate | None = None

    def __post_init__(self):
        object.__setattr__(self, "birth", PartialDate.coerce(self.birth))


@dataclass(frozen=True)
class CandidateResult:
    number: int
    name: str
    votes: int
    percent: Decimal | None
    outcome: Outcome

    @property
    def elected(self):
        return self.outcome == Outcome.ELECTED

    @property
    def outcome_label(self):
        return OUTCOME_LABELS[self.outcome]

    @property
    def percent_label(self):
        return format_percent(self.percent)


@dataclass(frozen=True)
class Tie:
    """Candidates with equal votes at the last seat, more of them than the seats left for them."""

    votes: int
    numbers: tuple
    seats: int
    rule: TieRule
    chosen: tuple = ()
    how: str = ""  # "older_first" or "decision" once resolved
    # A decision was recorded but names people who are no longer exactly the tied ones (entries changed since).
    decision_mismatch: bool = False

    @property
    def resolved(self):
        return bool(self.chosen)


@dataclass(frozen=True)
class Result:
    seats: int
    base_kind: MajorityBase
    base: int
    require_majority: bool
    totals: Totals
    candidates: tuple
    tie: Tie | None = None
    notes: tuple = field(default_factory=tuple)

    @property
    def needed(self):
        """The fewest votes that make more than half of the base."""
        return self.base // 2 + 1 if self.require_majority else None

    @property
    def elected(self):
        return sorted((c for c in self.candidates if c.elected), key=lambda c: (-c.votes, c.number))

    @property
    def unfilled(self):
        return self.seats - len(self.elected)

    @property
    def status(self):
        if self.tie is not None and not self.tie.resolved:
            return Status.TIE
        if self.unfilled:
            return Status.SHORT
        return Status.COMPLETE

    @property
    def status_label(self):
        return STATUS_LABELS[self.status]

    @property
    def base_label(self):
        return BASE_LABELS[self.base_kind]

    def as_dict(self):
        return {
            "seats": self.seats,
            "base_kind": str(self.base_kind),
            "base": self.base,
            "needed": self.needed,
            "require_majority": self.require_majority,
            "status": str(self.status),
            "totals": self.totals.as_dict(),
            "candidates": [
                {
                    "number": c.number,
                    "name": c.name,
                    "votes": c.votes,
                    "percent": None if c.percent is None else str(c.percent),
                    "outcome": str(c.outcome),
                    "elected": c.elected,
                }
                for c in self.candidates
            ],
            "tie": None
            if self.tie is None
            else {
                "votes": self.tie.votes,
                "numbers": list(self.tie.numbers),
                "seats": self.tie.seats,
                "rule": str(self.tie.rule),
                "chosen": list(self.tie.chosen),
                "how": self.tie.how,
                "decision_mismatch": self.tie.decision_mismatch,
            },
            "notes": list(self.notes),
        }

    @classmethod
    def from_dict(cls, data):
        totals = data["totals"]
        tie = data.get("tie")
        return cls(
            seats=data["seats"],
            base_kind=MajorityBase(data["base_kind"]),
            base=data["base"],
            require_majority=data["require_majority"],
            totals=Totals(
                issued=totals["issued"],
                returned=totals["returned"],
                valid=totals["valid"],
                spoiled=totals["spoiled"],
                blank=totals["blank"],
                too_many=totals["too_many"],
            ),
            candidates=tuple(
                CandidateResult(
                    number=c["number"],
                    name=c["name"],
                    votes=c["votes"],
                    percent=None if c["percent"] is None else Decimal(c["percent"]),
                    outcome=Outcome(c["outcome"]),
                )
                for c in data["candidates"]
            ),
            tie=None
            if tie is None
            else Tie(
                votes=tie["votes"],
                numbers=tuple(tie["numbers"]),
                seats=tie["seats"],
                rule=TieRule(tie["rule"]),
                chosen=tuple(tie["chosen"]),
                how=tie["how"],
                decision_mismatch=tie["decision_mismatch"],
            ),
            notes=tuple(data.get("notes", ())),
        )


def percent(votes, base):
    """Votes as a percentage of the base, to one decimal, rounded half up; None without a base."""
    return numbers.percent(votes, base)


def format_percent(value):
    """87,5% (in English 87.5%); a dash without a base."""
    return numbers.format_percent(value, empty="—")


def _by_age(tied, seats):
    """The `seats` oldest of the tied, or None when birth dates are missing or the oldest cannot be told apart."""
    if any(c.birth is None for c in tied):
        return None
    ordered = sorted(tied, key=lambda c: c.birth.date)
    # Told apart only when each of the oldest was surely born before each of the others, whatever the days
    # a birth date known to the month or the year leaves open.
    youngest_kept = max(c.birth.last_day for c in ordered[:seats])
    if youngest_kept >= min(c.birth.date for c in ordered[seats:]):
        return None
    return tuple(sorted(c.number for c in ordered[:seats]))


def decide(
    candidates: Sequence[Candidate],
    votes,
    *,
    seats,
    totals: Totals,
    base_kind=MajorityBase.VALID_BALLOTS,
    base,
    tie_rule=TieRule.RUNOFF,
    require_majority=True,
    decision=None,
):
    """Who is elected: more than half of `base` (unless `require_majority` is off, as in a runoff),
    the highest first while seats remain; equal votes at the last seat are a tie, resolved by the rule.

    `decision` is the set of candidate numbers the congress chose among the tied, when one was recorded.
    """
    base_kind = MajorityBase(base_kind)
    tie_rule = TieRule(tie_rule)
    if require_majority and not base:
        raise CountingError(
            f"Không tính được quá bán: {BASE_LABELS[base_kind]} đang là 0. "
            "Hãy kiểm tra điểm danh đại biểu hoặc số phiếu hợp lệ."
        )
    by_number = {c.number: c for c in candidates}
    if require_majority:
        passing = [c for c in candidates if votes.get(c.number, 0) * 2 > base]
    else:
        passing = list(candidates)
    passing.sort(key=lambda c: (-votes.get(c.number, 0), c.number))

    elected, tie, notes = set(), None, []
    if len(passing) <= seats:
        elected = {c.number for c in passing}
    else:
        last = votes.get(passing[seats - 1].number, 0)
        if votes.get(passing[seats].number, 0) < last:
            elected = {c.number for c in passing[:seats]}
        else:
            clear = [c for c in passing if votes.get(c.number, 0) > last]
            tied = [c for c in passing if votes.get(c.number, 0) == last]
            remaining = seats - len(clear)
            elected = {c.number for c in clear}
            chosen, how, mismatch = (), "", False
            if tie_rule == TieRule.OLDER_FIRST:
                chosen = _by_age(tied, remaining) or ()
                how = "older_first" if chosen else ""
                if not chosen:
                    notes.append(
                        "Không phân định được theo tuổi (thiếu ngày sinh hoặc trùng ngày sinh): "
                        "cần Đại hội quyết định."
                    )
            if not chosen and decision is not None and tie_rule != TieRule.RUNOFF:
                decided = tuple(sorted(set(decision)))
                if set(decided) <= {c.number for c in tied} and len(decided) == remaining:
                    chosen, how = decided, "decision"
                else:
                    mismatch = True
            tie = Tie(
                votes=last,
                numbers=tuple(sorted(c.number for c in tied)),
                seats=remaining,
                rule=tie_rule,
                chosen=chosen,
                how=how,
                decision_mismatch=mismatch,
            )
            elected |= set(chosen)

    tied_numbers = set(tie.numbers) if tie is not None and not tie.resolved else set()
    passing_numbers = {c.number for c in passing}
    results = []
    for c in sorted(candidates, key=lambda c: c.number):
        if c.number in elected:
            outcome = Outcome.ELECTED
        elif c.number in tied_numbers:
            outcome = Outcome.TIED
        elif c.number in passing_numbers:
            outcome = Outcome.OUTRANKED
        else:
            outcome = Outcome.BELOW_MAJORITY
        count = votes.get(c.number, 0)
        results.append(
            CandidateResult(c.number, by_number[c.number].name, count, percent(count, base), outcome)
        )
    return Result(
        seats=seats,
        base_kind=base_kind,
        base=base,
        require_majority=require_majority,
        totals=totals,
        candidates=tuple(results),
        tie=tie,
        notes=tuple(notes),
    )


# --- Ballot sheets -------------------------------------------------------------------------------------

_MARK_KEPT = {"1", "x", "v", "co", "giu", "✓", "✔", "true", "yes"}
_MARK_CROSSED = {"", "0", "-", "khong", "gach", "false", "no"}
_MARK_SPOILED = {"1", "x", "v", "co", "hong", "phieu hong", "✓", "✔", "true", "yes"}
_BALLOT_HEADERS = re.compile(r"^(so\s*)?(thu tu\s*)?phieu(\s*so)?$|^stt$|^so$|^ballot")
_CANDIDATE_HEADER = re.compile(r"^(?:uv|ung vien|ung cu vien|so|nguoi)?\s*(\d+)(?:[.)\-:]\s*(.*))?$")


def _cell(value):
    """A sheet cell as clean text; whole numbers stored as floats by spreadsheets lose their ".0"."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return text.clean(value)


def _column_kind(header, names):
    folded = text.fold(header)
    if not folded:
        return ("empty", None)
    if _BALLOT_HEADERS.match(folded):
        return ("ballot", None)
    if "hong" in folded or "spoil" in folded:
        return ("spoiled", None)
    if "giu" in folded or "dong y" in folded or "kept" in folded:
        return ("kept", None)
    if "gach" in folded or "crossed" in folded:
        return ("crossed", None)
    match = _CANDIDATE_HEADER.match(folded)
    if match:
        return ("candidate", int(match.group(1)))
    if folded in names:
        return ("candidate", names[folded])
    return ("unknown", None)


def is_ballot_header(cells):
    """Whether a sheet row is the header of a ballot sheet: it has the "Số phiếu" column."""
    return any(isinstance(c, str) and _BALLOT_HEADERS.match(text.fold(c)) for c in cells)


def parse_sheet(rows: Iterable[Sequence], candidates: Sequence[Candidate]):
    """Ballots from rows given in order from the sheet's first row; see `parse_numbered_sheet`."""
    return parse_numbered_sheet(enumerate(rows, start=1), candidates)


def parse_numbered_sheet(numbered_rows: Iterable[tuple[int, Sequence]], candidates: Sequence[Candidate]):
    """Ballots from a sheet's (row number, cells): a header row, then one row per ballot.

    Columns: the ballot number ("Số phiếu"); then either one column per candidate (headed by the number or
    the name) with 1 or x for a name kept and nothing for a name crossed out, or one column listing the
    numbers kept ("Giữ tên": "1, 2, 5") or crossed out ("Gạch tên"); and optionally "Hỏng" (x for spoiled).
    Raises SheetError listing every problem found, so nothing is imported from a sheet with mistakes.
    """
    numbers = {c.number for c in candidates}
    names = {text.fold(c.name): c.number for c in candidates}
    rows = [(line, [_cell(v) for v in row]) for line, row in numbered_rows]
    start = next((i for i, (_line, row) in enumerate(rows) if any(row)), None)
    if start is None:
        raise SheetError(["Tệp không có dữ liệu."])
    header = rows[start][1]
    columns, problems = {}, []
    for index, title in enumerate(header):
        kind, number = _column_kind(title, names)
        if kind == "unknown":
            problems.append(
                f"Cột {index + 1} (“{title}”): không rõ là cột gì. Tiêu đề cột phải là “Số phiếu”, "
                "số thứ tự hoặc họ tên người ứng cử, “Giữ tên”, “Gạch tên” hoặc “Hỏng”."
            )
        elif kind == "candidate":
            if number not in numbers:
                problems.append(
                    f"Cột {index + 1} (“{title}”): không có người nào mang số {number} trong danh sách."
                )
            elif number in columns.get("candidate", {}).values():
                problems.append(f"Cột {index + 1} (“{title}”): người số {number} đã có cột khác.")
            else:
                columns.setdefault("candidate", {})[index] = number
        elif kind != "empty":
            if kind in columns:
                problems.append(f"Cột {index + 1} (“{title}”): có hai cột “{title}”.")
            columns[kind] = index
    if "ballot" not in columns:
        problems.append("Thiếu cột “Số phiếu”.")
    modes = [kind for kind in ("candidate", "kept", "crossed") if kind in columns]
    if not modes:
        problems.append("Thiếu các cột người ứng cử (hoặc một cột “Giữ tên” hay “Gạch tên”).")
    elif len(modes) > 1:
        problems.append(
            "Chỉ dùng một cách ghi: mỗi người một cột, hoặc một cột “Giữ tên”, hoặc một cột “Gạch tên”."
        )
    elif modes == ["candidate"]:
        missing = numbers - set(columns["candidate"].values())
        if missing:
            problems.append(f"Thiếu cột của người số {join_numbers(missing)}.")
    if problems:
        raise SheetError(problems)

    def cell(row, index):
        return row[index] if index < len(row) else ""

    ballots, seen = [], {}
    for line, row in rows[start + 1 :]:
        if not any(row):
            continue
        raw = cell(row, columns["ballot"])
        if not re.fullmatch(r"\d+", raw) or int(raw) < 1:
            problems.append(f"Dòng {line}: số phiếu “{raw}” không hợp lệ (phải là số nguyên dương).")
            continue
        number = int(raw)
        if number in seen:
            problems.append(f"Dòng {line}: phiếu số {number} trùng với dòng {seen[number]}.")
            continue
        seen[number] = line
        spoiled = False
        if "spoiled" in columns:
            mark = text.fold(cell(row, columns["spoiled"]))
            if mark in _MARK_SPOILED:
                spoiled = True
            elif mark not in _MARK_CROSSED:
                problems.append(
                    f"Dòng {line}, cột “Hỏng”: không hiểu “{cell(row, columns['spoiled'])}”; ghi x nếu phiếu hỏng."
                )
                continue
        try:
            kept = _kept_on_row(row, columns, numbers, cell)
        except CountingError as error:
            problems.append(f"Dòng {line}: {error}")
            continue
        ballots.append(Ballot(number, frozenset(kept), spoiled))
    if problems:
        raise SheetError(problems)
    if not ballots:
        raise SheetError(["Tệp có dòng tiêu đề nhưng không có phiếu nào."])
    return ballots


def _kept_on_row(row, columns, numbers, cell):
    if "kept" in columns:
        return parse_numbers(cell(row, columns["kept"]), numbers)
    if "crossed" in columns:
        return numbers - parse_numbers(cell(row, columns["crossed"]), numbers)
    kept = set()
    for index, number in columns["candidate"].items():
        value = cell(row, index)
        mark = text.fold(value)
        if mark in _MARK_KEPT:
            kept.add(number)
        elif mark not in _MARK_CROSSED:
            raise CountingError(
                f"ô của người số {number} ghi “{value}”: ghi 1 hoặc x nếu giữ tên, để trống hoặc 0 nếu gạch tên."
            )
    return kept

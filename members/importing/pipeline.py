"""One pass over a roster sheet: read each row, check it, match it to the roster, and (when applying) write.

The same pass serves the preview (nothing written) and the confirmed import (written inside the caller's
transaction, rolled back whole if any row is rejected). Rows are handled `CHUNK_ROWS` at a time: each
chunk costs a fixed handful of queries (four reads, then at most one bulk insert or update per table
and its history), so the cost of an import grows with its chunks, not with its rows, and only one
chunk's ORM objects are alive at once.
"""

import contextlib
import datetime
import decimal
import functools
import hashlib
import io
import json
import sqlite3
import uuid
from collections import Counter
from dataclasses import dataclass, field

from django.conf import settings
from django.db import connection
from django.utils import timezone, translation
from simple_history.utils import bulk_update_with_history

from members import access, legacy, member_counts, services, text
from members.dates import Precision
from members.importing import columns, files
from members.importing.columns import HEADERS, CellError
from members.importing.staging import Rejected
from members.models import Association, LinkRequest, LinkRequestStatus, Membership, Person

CHUNK_ROWS = 1000
UPDATE_BATCH = 500
# The preview keeps this many rows of each kind to show, and counts all of them.
PREVIEW_LIMITS = {"reject": 1000, "update": 500, "create": 300, "link": 300, "unchanged": 200}
# Every sheet is counted in these; LINK, a row of someone already on another roster, only when it has some.
ACTIONS = ("create", "update", "unchanged", "reject")
LINK = "link"

PERSON_KEYS = (
    "birth_date", "gender", "ethnicity", "academic_title", "degree", "education_level", "political_theory",
    "party_member", "workplace", "job_title", "phone", "email",
)  # fmt: skip
TEXT_KEYS = ("ethnicity", "education_level", "workplace", "job_title")
EXAMPLE_MARKS = {"vi du", "vd", "mau", "dong mau", "dong vi du"}
TOTAL_ROW_STARTS = ("tong cong", "tong so", "cong ")


@dataclass
class RowResult:
    """One row of the sheet and what the import does with it.

    `number` is the row number the spreadsheet shows; `action` one of create, update, unchanged,
    reject, link (someone with the row's name and birth date is in the federation but not on this
    roster: linked to it, or asked for, without reading or changing their record); `changes` lists
    (column, old, new) for an update; `errors` lists (column, value, message) for a rejected row;
    `notes` say what was converted on the way.
    """

    number: int
    action: str
    name: str = ""
    changes: list = field(default_factory=list)
    errors: list = field(default_factory=list)
    notes: list = field(default_factory=list)

    def as_json(self):
        return [self.number, self.action, self.name, self.changes, self.errors, self.notes]

    @classmethod
    def from_json(cls, data):
        number, action, name, changes, errors, notes = data
        return cls(
            number,
            action,
            name,
            [tuple(change) for change in changes],
            [tuple(error) for error in errors],
            list(notes),
        )


class _Row:
    """A row being read: its result, the values it gives and the keys it is matched by."""

    __slots__ = ("result", "values", "membership_values", "search_name", "birth", "card", "target")

    def __init__(self, number):
        self.result = RowResult(number, "create")
        self.values = {}
        self.membership_values = {}
        self.search_name = ""
        self.birth = None  # a PartialDate: known to the day, the month or the year
        self.card = ""
        self.target = None

    def reject(self, key, value, message):
        self.result.action = "reject"
        self.result.errors.append((HEADERS.get(key, key), columns.plain_text(value), message))


class Outcome:
    """Counts, the rows kept for the preview, file-level notes and a fingerprint of everything planned."""

    def __init__(self):
        self.counts = dict.fromkeys(ACTIONS, 0)
        self.rows = []
        self.kept = dict.fromkeys(ACTIONS, 0)
        self.conversions = []
        self.total_rows = 0
        self._digest = hashlib.sha256()

    def add(self, result, target):
        self.counts[result.action] = self.counts.get(result.action, 0) + 1
        self.total_rows += 1
        if self.kept.get(result.action, 0) < PREVIEW_LIMITS[result.action]:
            self.kept[result.action] = self.kept.get(result.action, 0) + 1
            self.rows.append(result)
        payload = [result.number, result.action, result.changes, result.errors, target]
        self._digest.update(json.dumps(payload, ensure_ascii=False, default=str).encode())

    @property
    def fingerprint(self):
        return self._digest.hexdigest()

    @property
    def truncated(self):
        return len(self.rows) < self.total_rows

    def summary(self):
        return {
            "counts": self.counts,
            "rows": [row.as_json() for row in sorted(self.rows, key=lambda r: r.number)],
            "conversions": self.conversions,
            "total_rows": self.total_rows,
            "truncated": self.truncated,
            "fingerprint": self.fingerprint,
        }


@contextlib.contextmanager
def full_sqlite_batches():
    """Let Django batch bulk queries up to SQLite's real variable limit instead of its 999 default.

    SQLite has allowed 32,766 variables since 3.32; Django 5.2 still assumes 999, which would cut each
    chunk's insert into dozens of queries. Only this connection's features change, and only for the
    duration of the import.
    """
    if connection.vendor != "sqlite":
        yield
        return
    connection.ensure_connection()
    limit = connection.connection.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
    features = connection.features
    had_own = "max_query_params" in vars(features)
    previous = features.max_query_params
    features.max_query_params = max(previous, limit)
    try:
        yield
    finally:
        if had_own:
            features.max_query_params = previous
        else:
            del features.max_query_params


class RosterPass:
    """Reads a sheet into `Outcome`, writing to the roster when `apply` is true."""

    def __init__(self, association, sheet, *, actor, apply, source_name, today=None):
        self.association = association
        self.sheet = sheet
        self.actor = actor
        self.apply = apply
        self.today = today or timezone.localdate()
        self.now = timezone.now()
        self.reason = f"Nhập danh sách từ tệp {source_name}"[:100]
        self.cell_text = files.CellText()
        self.outcome = Outcome()
        # What the written chunks change in the member-count ledger, applied once at the end.
        self.count_changes = Counter()
        self.seen = {}
        # Birth dates known only to the month or the year, which agree with more than one day: few, so kept whole.
        self.seen_partial = {}
        self.seen_targets = {}
        self.matched_open = 0
        self.skipped = {"blank": 0, "example": 0, "numbers": 0, "total": 0}
        self.codes = {text.fold(code): name for code, name in Association.objects.values_list("code", "name")}
        self.own_code = text.fold(association.code)
        # Someone found on another roster is put on this one by the secretariat; a lead's import asks it to.
        self.links_directly = access.links_directly(actor)
        # People of the current chunk whom a pending request already asks for on this roster.
        self.pending_links = set()

    # --- Reading ---------------------------------------------------------------------------------------

    def run(self, limits):
        # The stored preview is Vietnamese whatever the uploader's language, the services' messages included.
        with translation.override("vi"):
            return self._run(limits)

    def _run(self, limits):
        header, rows = files.find_header(
            self.sheet, functools.partial(columns.recognise_header, cell_text=self.cell_text)
        )
        if header is None:
            raise files.SheetError(
                f"Không tìm thấy dòng tên cột có cột họ tên trong {files.HEADER_SCAN_ROWS} dòng đầu. "
                "Hãy để một dòng tên cột gồm “Họ và tên” (hoặc “Họ”, “Tên”) cùng các cột khác như “Ngày sinh”, "
                "“Giới tính”; có thể tải tệp mẫu để xem."
            )
        self.header = header
        self.positions = sorted(header.positions.items())
        self.keys = set(header.positions.values())
        self._header_notes(header)
        chunk = []
        data_rows = 0
        numbers_checked = False
        for number, cells in rows:
            if not numbers_checked:
                numbers_checked = True
                if files.is_column_numbers(cells):
                    self.skipped["numbers"] += 1
                    continue
            row = self.read_row(number, cells)
            if row is None:
                continue
            data_rows += 1
            if data_rows > limits.max_rows:
                raise files.SheetError(
                    f"Tệp có hơn {files.thousands(limits.max_rows)} dòng hội viên, quá giới hạn một lần tải lên. "
                    "Hãy chia thành nhiều tệp nhỏ hơn."
                )
            chunk.append(row)
            if len(chunk) >= CHUNK_ROWS:
                self.settle(chunk)
                chunk = []
        if chunk:
            self.settle(chunk)
        if not data_rows:
            raise files.SheetError(
                f"Dưới dòng tên cột (dòng {header.row_number}) không có dòng hội viên nào."
            )
        self._closing_notes()
        if self.apply and self.outcome.counts["reject"]:
            raise Rejected(self.outcome)
        if self.apply:
            member_counts.apply_difference(Counter(), self.count_changes)
        return self.outcome

    def _header_notes(self, header):
        notes = self.outcome.conversions
        notes.extend(self.sheet.notes)
        if header.sheet_title and len(self.sheet.rows) > 1:
            notes.append(f"Đọc trang tính “{header.sheet_title}”.")
        if header.row_number > 1:
            notes.append(f"Dòng tên cột ở dòng {header.row_number}; các dòng phía trên được bỏ qua.")
        if header.ignored:
            notes.append(
                "Bỏ qua các cột cổng không dùng: " + ", ".join(f"“{h}”" for h in header.ignored) + "."
            )
        for duplicate, first in header.duplicates:
            notes.append(f"Cột “{duplicate}” trùng ý nghĩa với cột “{first}”: chỉ đọc cột “{first}”.")
        if "full_name" in self.keys and {"family_name", "given_name", "family_and_middle"} & self.keys:
            notes.append("Có cả cột “Họ và tên” và các cột họ, tên riêng: đọc cột “Họ và tên”.")

    def _closing_notes(self):
        notes = self.outcome.conversions
        for encoding in (legacy.TCVN3, legacy.VNI):
            if count := self.cell_text.converted[encoding]:
                notes.append(
                    f"{files.thousands(count)} ô chữ gõ bằng bảng mã {legacy.ENCODING_NAMES[encoding]} "
                    "đã được chuyển sang Unicode."
                )
        if self.cell_text.decomposed:
            notes.append(
                f"{files.thousands(self.cell_text.decomposed)} ô chữ Unicode tổ hợp (NFD) đã được chuẩn hoá về "
                "Unicode dựng sẵn (NFC)."
            )
        if self.skipped["example"]:
            notes.append("Bỏ qua dòng ví dụ của tệp mẫu.")
        if self.skipped["numbers"]:
            notes.append("Bỏ qua dòng đánh số cột dưới dòng tên cột.")
        if self.skipped["total"]:
            notes.append("Bỏ qua dòng tổng cộng.")
        on_roster = self.association.memberships.filter(left_on__isnull=True).count()
        added = self.outcome.counts["create"] + (
            self.outcome.counts.get(LINK, 0) if self.links_directly else 0
        )
        missing = on_roster - self.matched_open - (added if self.apply else 0)
        if missing > 0:
            notes.append(
                f"{files.thousands(missing)} hội viên đang có trong danh sách của hội nhưng không có trong tệp. "
                "Cổng không tự xoá ai; nếu họ đã rời hội, hãy ghi rời hội trên trang của họ."
            )

    def _text(self, key, raw, result):
        value, encoding = self.cell_text(raw)
        if encoding:
            result.notes.append(
                f"{HEADERS[key]}: đã chuyển từ mã {legacy.ENCODING_NAMES[encoding]} sang Unicode"
            )
        return value

    def read_row(self, number, cells):
        """The row's values, checked; None for rows that are not members (blank, example, totals)."""
        raw = {}
        width = len(cells)
        for index, key in self.positions:
            if index < width:
                value = cells[index]
                if value is not None and value != "":
                    raw[key] = value
        if not raw or set(raw) == {"stt"}:
            self.skipped["blank"] += 1
            return None
        row = _Row(number)
        result = row.result
        stt = raw.get("stt")
        if isinstance(stt, str) and not stt.strip().isdigit() and columns.header_key(stt) in EXAMPLE_MARKS:
            self.skipped["example"] += 1
            return None
        names = {key: self._text(key, raw[key], result) for key in _NAME_KEYS if key in raw}
        if self._is_total_row(names, raw):
            self.skipped["total"] += 1
            return None
        self._read_name(row, names)
        for key in self.keys:
            if key in _NAME_KEYS or key == "stt":
                continue
            value = raw.get(key)
            try:
                self._read_value(row, key, value)
            except CellError as error:
                row.reject(key, value, str(error))
        self._check_dates(row, raw)
        return row

    def _is_total_row(self, names, raw):
        name = " ".join(names.values())
        if not name or set(raw) - {"stt", *_NAME_KEYS}:
            return False
        folded = text.fold(name)
        return folded.startswith(TOTAL_ROW_STARTS) or not any(ch.isalpha() for ch in folded)

    def _read_name(self, row, names):
        if "full_name" in names:
            family, middle, given = text.split_full_name(columns.capitalised_name(names["full_name"]))
            typed = names["full_name"]
        elif "family_and_middle" in names or "family_name" in names:
            leading = names.get("family_and_middle") or " ".join(
                p for p in (names.get("family_name", ""), names.get("middle_name", "")) if p
            )
            family, _, middle = columns.capitalised_name(leading).partition(" ")
            given = columns.capitalised_name(names.get("given_name", ""))
            typed = " ".join(p for p in (leading, names.get("given_name", "")) if p)
        else:
            family = middle = given = typed = ""
            given = names.get("given_name", "")
        full = " ".join(p for p in (family, middle, given) if p)
        row.result.name = full or typed
        if not full:
            row.reject("full_name", "", "thiếu họ và tên")
            return
        if not family or not given:
            row.reject("full_name", typed, "cần cả họ và tên (ít nhất hai từ)")
            return
        if not any(ch.isalpha() for ch in full):
            row.reject("full_name", typed, "không phải họ tên")
            return
        if full != text.clean(typed) and text.fold(full) == text.fold(typed):
            row.result.notes.append("Họ và tên: đã viết hoa chữ cái đầu mỗi từ")
        for key, value in (("family_name", family), ("middle_name", middle), ("given_name", given)):
            if len(value) > columns.MAX_LENGTHS[key]:
                row.reject("full_name", typed, f"{HEADERS[key]} dài quá {columns.MAX_LENGTHS[key]} ký tự")
                return
        row.values.update(family_name=family, middle_name=middle, given_name=given)
        row.search_name = text.fold(full)

    def _read_value(self, row, key, raw):
        if key == "party_member":
            # A tick column: an empty cell means "no".
            row.values[key] = columns.parse_yes_no(raw)
            return
        if raw is None:
            return
        result = row.result
        if key == "birth_date":
            value, notes = columns.parse_birth_date(raw, epoch=self.sheet.epoch, today=self.today)
            result.notes.extend(f"{HEADERS[key]}: {note}" for note in notes)
            row.values[key] = row.birth = value
            return
        if key == "joined_on":
            value, notes = columns.parse_date(raw, epoch=self.sheet.epoch, today=self.today)
            result.notes.extend(f"{HEADERS[key]}: {note}" for note in notes)
            row.membership_values[key] = value
            return
        value = self._text(key, raw, result)
        if not value:
            return
        if key == "gender":
            row.values[key] = columns.parse_gender(value)
        elif key == "academic_title":
            row.values[key] = columns.parse_title(value)
        elif key == "degree":
            row.values[key] = columns.parse_degree(value)
        elif key == "political_theory":
            row.values[key] = columns.parse_theory(value)
        elif key in TEXT_KEYS:
            row.values[key] = columns.parse_limited(key, value)
        elif key == "phone":
            value, notes = columns.parse_phone(raw, value)
            result.notes.extend(f"{HEADERS[key]}: {note}" for note in notes)
            row.values[key] = value
        elif key == "email":
            row.values[key] = columns.parse_email(value)
        elif key == "card_number":
            row.membership_values[key] = row.card = columns.parse_limited(key, value)
        elif key == "association":
            folded = text.fold(value)
            if folded != self.own_code:
                other = self.codes.get(folded)
                where = f"dòng của {other}" if other else "không có hội nào mang mã này"
                raise CellError(f"{where}; tệp này chỉ cập nhật được danh sách của {self.association.name}")

    def _check_dates(self, row, raw):
        """The rules every way onto a roster keeps (members.services), each broken one rejecting the row."""
        born, joined = row.birth, row.membership_values.get("joined_on")
        if problem := services.birth_date_problem(born, today=self.today):
            row.reject("birth_date", raw.get("birth_date"), problem)
        if joined is not None:
            if problem := services.joining_problem(
                self.association, joined, birth_date=born, today=self.today
            ):
                row.reject("joined_on", raw.get("joined_on"), problem)

    # --- Matching and writing ----------------------------------------------------------------------------

    def _check_duplicate(self, row):
        # Kept for every row of the file, so only hashes of its keys: a few dozen bytes a row.
        keys = [hash(("name", row.search_name, row.birth))]
        if row.card:
            keys.append(hash(("card", row.card)))
        for index, key in enumerate(keys):
            if key in self.seen:
                if index == 1:
                    row.reject("card_number", row.card, f"trùng số thẻ với dòng {self.seen[key]}")
                elif row.birth is None:
                    row.reject(
                        "full_name",
                        row.result.name,
                        f"trùng với dòng {self.seen[key]} (cùng họ tên, không có ngày sinh để phân biệt)",
                    )
                else:
                    row.reject(
                        "full_name",
                        row.result.name,
                        f"trùng với dòng {self.seen[key]} (cùng họ tên và ngày sinh)",
                    )
                return
        if row.birth is not None and (earlier := self._agreeing_row(row)):
            row.reject(
                "full_name",
                row.result.name,
                f"trùng với dòng {earlier} (cùng họ tên, ngày sinh khớp ở phần cả hai dòng cùng ghi)",
            )
            return
        for key in keys:
            self.seen[key] = row.result.number
        if row.birth is not None and row.birth.precision != Precision.YEAR:
            self.seen.setdefault(
                self._month_key(row.search_name, *row.birth.at(Precision.MONTH)), row.result.number
            )
        if row.birth is not None and row.birth.precision != Precision.DAY:
            partial = hash(("partial", row.search_name, row.birth.date.year))
            self.seen_partial.setdefault(partial, []).append((row.birth, row.result.number))

    @staticmethod
    def _month_key(name, year, month):
        return hash(("month", name, year, month))

    def _agreeing_row(self, row):
        """An earlier row with the same name whose birth date may be this row's, as far as both are known
        (1968 and 15/03/1968), or None. Rows with the same full birth date are caught by the exact key."""
        name, birth = row.search_name, row.birth
        for other, number in self.seen_partial.get(hash(("partial", name, birth.date.year)), ()):
            if other.agrees_with(birth):
                return number
        if birth.precision == Precision.DAY:
            return None  # the earlier full dates that agree with a full date are equal to it: the exact key
        year = birth.date.year
        months = range(1, 13) if birth.precision == Precision.YEAR else (birth.date.month,)
        for month in months:
            if (number := self.seen.get(self._month_key(name, year, month))) is not None:
                return number
        return None

    def settle(self, chunk):
        """Match a chunk of rows to the roster, decide each one, and write the chunk when applying."""
        for row in chunk:
            if row.result.action != "reject":
                self._check_duplicate(row)
        live = [row for row in chunk if row.result.action != "reject"]
        by_card, persons_by_key, memberships_by_person = self._fetch(live)
        new_people, new_memberships, changed_people, changed_memberships = [], [], {}, {}
        link_rows = []
        for row in live:
            self._decide(row, by_card, persons_by_key, memberships_by_person)
            action, membership = row.result.action, row.target
            if action == "update":
                if self._person_changed(row):
                    changed_people[membership.person_id] = membership.person
                if self._membership_changed(row):
                    changed_memberships[membership.pk] = membership
            elif action == "create":
                new_people.append(membership.person)
                new_memberships.append(membership)
            elif action == LINK and self.links_directly:
                # The record is another roster's: on this one it goes as it is, whatever the row says.
                new_memberships.append(membership)
            elif action == LINK:
                link_rows.append(row)
        for row in chunk:
            membership = row.target
            if row.result.action == "reject" or membership is None:
                ident = None
            elif membership.pk:
                ident = ["membership", membership.pk]
            else:
                ident = ["person", membership.person.pk]
            self.outcome.add(row.result, ident)
        if self.apply:
            self._write(
                new_people, new_memberships, list(changed_people.values()), list(changed_memberships.values())
            )
            self._request_links(link_rows)

    def _request_links(self, rows):
        """A lead's rows of people on other rosters become requests to the secretariat, one by one: they are few."""
        for row in rows:
            membership = row.target
            try:
                services.request_link(
                    self.association,
                    membership.person,
                    actor=self.actor,
                    joined_on=membership.joined_on,
                    card_number=membership.card_number,
                    reason=self.reason,
                )
            except services.MembersError as error:
                raise files.SheetError(f"Dòng {row.result.number}: {error}") from None

    def _fetch(self, rows):
        """Four queries for the chunk: memberships by card, people by name, those people's memberships here and
        the requests to link them here that are still pending."""
        cards = {row.card for row in rows if row.card}
        names = {row.search_name for row in rows}
        by_card, people, persons_by_key, memberships_by_person = {}, {}, {}, {}
        if cards:
            query = Membership.objects.filter(
                association=self.association, left_on__isnull=True, card_number__in=cards
            ).select_related("person")
            if self.apply:
                query = query.select_for_update()
            by_card = {m.card_number: m for m in query}
        if names:
            # By name and the year of birth together (one query): a common name alone would fetch, and
            # lock, every namesake in the federation for every chunk. A birth date known to the year
            # finds those born that year, whose birth date agrees as far as both are known.
            query = Person.objects.all()
            if self.apply:
                query = query.select_for_update()
            persons_by_key = query.namesakes({(row.search_name, row.birth) for row in rows})
            for found in persons_by_key.values():
                for person in found:
                    people.setdefault(person.pk, person)
            # One object per person, whichever key found them.
            persons_by_key = {key: [people[p.pk] for p in found] for key, found in persons_by_key.items()}
        # One object per person and per membership, however the rows reach them, so edits are not lost.
        for membership in by_card.values():
            membership.person = people.setdefault(membership.person_id, membership.person)
        if people:
            known = {m.pk: m for m in by_card.values()}
            query = Membership.objects.filter(association=self.association, person_id__in=people).order_by(
                "-joined_on", "-id"
            )
            for membership in query:
                membership = known.setdefault(membership.pk, membership)
                membership.person = people[membership.person_id]
                memberships_by_person.setdefault(membership.person_id, []).append(membership)
            self.pending_links = set(
                LinkRequest.objects.filter(
                    association=self.association, person_id__in=people, status=LinkRequestStatus.PENDING
                ).values_list("person_id", flat=True)
            )
        return by_card, persons_by_key, memberships_by_person

    def _decide(self, row, by_card, persons_by_key, memberships_by_person):
        result = row.result
        membership = by_card.get(row.card) if row.card else None
        candidates = persons_by_key.get((row.search_name, row.birth), [])
        if membership is None:
            here = [
                m
                for person in candidates
                for m in memberships_by_person.get(person.pk, [])
                if m.left_on is None
            ]
            if len(here) > 1:
                row.reject(
                    "full_name",
                    result.name,
                    f"danh sách của hội đã có {len(here)} hội viên cùng họ tên và ngày sinh; ghi số thẻ để phân biệt",
                )
                return
            membership = here[0] if here else None
        if membership is not None:
            if self._claim(row, ("membership", membership.pk)):
                return
            self.matched_open += 1
            row.target = membership
            changes = self._changes(membership.person, row) + self._membership_changes(membership, row)
            result.action = "update" if changes else "unchanged"
            result.changes = changes
            return
        # Not on this roster, but someone with that name and birth date is in the federation: their record is
        # another roster's (or nobody's now), so the row neither shows it nor changes it, and that person is
        # linked to this roster as they are, or asked for.
        if row.birth is not None and candidates:
            person = candidates[0]
            if self._claim(row, ("person", person.pk)):
                return
            if person.pk in self.pending_links:
                result.action = "unchanged"
                result.notes.append(
                    "Đã có đề nghị liên kết người cùng họ tên và ngày sinh này vào hội, "
                    "đang chờ Văn phòng Liên hiệp hội xem xét"
                )
                return
            if self.links_directly:
                result.notes.append(
                    "Đã có người cùng họ tên và ngày sinh ở ngoài danh sách của hội: khi xác nhận, người đó được "
                    "thêm vào hội với hồ sơ có sẵn; thông tin trong dòng này không ghi vào hồ sơ đó"
                )
            else:
                result.notes.append(
                    "Đã có người cùng họ tên và ngày sinh ở ngoài danh sách của hội: khi xác nhận, cổng đề nghị "
                    "Văn phòng Liên hiệp hội liên kết người đó vào hội; thông tin trong dòng này không ghi vào "
                    "hồ sơ đó"
                )
            if any(m.left_on is not None for m in memberships_by_person.get(person.pk, [])):
                result.notes.append("Người này từng là hội viên của hội và đã rời hội: nay vào lại")
            if len(candidates) > 1:
                result.notes.append(
                    f"Có {len(candidates)} hồ sơ cùng họ tên và ngày sinh; dùng hồ sơ tạo sớm nhất"
                )
            self._join(row, person, LINK)
            return
        if "gender" not in row.values:
            row.reject("gender", "", "bắt buộc với hội viên mới: ghi Nam hoặc Nữ")
            return
        person = Person(
            family_name=row.values["family_name"],
            middle_name=row.values["middle_name"],
            given_name=row.values["given_name"],
            gender=row.values["gender"],
            birth=row.birth,
            ethnicity=row.values.get("ethnicity") or "Kinh",
            academic_title=row.values.get("academic_title", ""),
            degree=row.values.get("degree", ""),
            political_theory=row.values.get("political_theory", ""),
            education_level=row.values.get("education_level", ""),
            party_member=row.values.get("party_member", False),
            workplace=row.values.get("workplace", ""),
            job_title=row.values.get("job_title", ""),
            phone=row.values.get("phone", ""),
            email=row.values.get("email", ""),
        )
        person.normalize()
        self._join(row, person, "create")

    def _join(self, row, person, action):
        """The row's membership of this roster for `person`; a row without a joining date joins today."""
        result = row.result
        joined = row.membership_values.get("joined_on")
        if joined is None:
            joined = self.today
            if problem := services.joining_problem(
                self.association, joined, birth_date=person.birth, today=self.today
            ):
                row.reject("joined_on", "", problem)
                return
            result.notes.append(f"Chưa ghi ngày vào hội: lấy ngày cập nhật danh sách {joined:%d/%m/%Y}")
        row.target = Membership(
            person=person, association=self.association, joined_on=joined, card_number=row.card
        )
        result.action = action

    def _claim(self, row, target):
        """Two rows may not land on one member; the later one is rejected."""
        target = hash(target)
        if target in self.seen_targets:
            row.reject(
                "full_name",
                row.result.name,
                f"cùng một hội viên với dòng {self.seen_targets[target]}",
            )
            return True
        self.seen_targets[target] = row.result.number
        return False

    def _changes(self, person, row):
        """(column, old, new) for each value in the row that differs from the person's record."""
        values = row.values
        changes = []
        new_name = (values["family_name"], values["middle_name"], values["given_name"])
        if new_name != (person.family_name, person.middle_name, person.given_name):
            changes.append((HEADERS["full_name"], person.full_name, " ".join(p for p in new_name if p)))
        for key in PERSON_KEYS:
            if key in values and _differs(person, key, values[key]):
                changes.append(
                    (
                        HEADERS[key],
                        columns.display(key, _stored(person, key)),
                        columns.display(key, values[key]),
                    )
                )
        return changes

    def _membership_changes(self, membership, row):
        changes = []
        for key in ("joined_on", "card_number"):
            new = row.membership_values.get(key)
            if new is not None and new != "" and getattr(membership, key) != new:
                changes.append(
                    (HEADERS[key], columns.display(key, getattr(membership, key)), columns.display(key, new))
                )
        return changes

    def _person_changed(self, row):
        """Copy the row's values onto the person it matched; whether anything changed."""
        person = row.target.person
        values = row.values
        changed = False
        for key in ("family_name", "middle_name", "given_name", *PERSON_KEYS):
            if key in values and _differs(person, key, values[key]):
                setattr(person, "birth" if key == "birth_date" else key, values[key])
                changed = True
        if changed:
            person.normalize()
            person.version += 1
            person.updated_at = self.now
        return changed

    def _membership_changed(self, row):
        membership = row.target
        changed = False
        for key in ("joined_on", "card_number"):
            new = row.membership_values.get(key)
            if new is not None and new != "" and getattr(membership, key) != new:
                setattr(membership, key, new)
                changed = True
        return changed

    def _write(self, new_people, new_memberships, changed_people, changed_memberships):
        history = {"default_user": self.actor, "default_change_reason": self.reason, "default_date": self.now}
        # People already stored whose memberships change; the people created have no count before.
        known = {m.person.pk for m in new_memberships if m.person.pk is not None}
        known |= {m.person_id for m in changed_memberships}
        before = member_counts.contributions(known)
        if new_people:
            insert_objects(new_people, Person)
            insert_history(new_people, Person, user=self.actor, reason=self.reason, when=self.now)
        if new_memberships:
            for membership in new_memberships:
                membership.person_id = membership.person.pk
            insert_objects(new_memberships, Membership)
            insert_history(new_memberships, Membership, user=self.actor, reason=self.reason, when=self.now)
        if changed_people:
            bulk_update_with_history(
                changed_people, Person, fields=PERSON_UPDATE_FIELDS, batch_size=UPDATE_BATCH, **history
            )
        if changed_memberships:
            bulk_update_with_history(
                changed_memberships,
                Membership,
                fields=["joined_on", "card_number"],
                batch_size=UPDATE_BATCH,
                **history,
            )
        after = member_counts.contributions(known | {person.pk for person in new_people})
        self.count_changes.update(after)
        self.count_changes.subtract(before)


def _stored(person, key):
    """The person's value for a column; the birth date as it is known (a PartialDate)."""
    return person.birth if key == "birth_date" else getattr(person, key)


def _differs(person, key, new):
    """Whether the row's value changes the record. A birth date changes it when it disagrees or says more
    (15/03/1968 for 1968); a row that says less ("1968" for 15/03/1968) leaves the record as it is."""
    if key != "birth_date":
        return getattr(person, key) != new
    old = person.birth
    if old is None or not old.agrees_with(new):
        return True
    return new.coarser(old) == old.precision and new.precision != old.precision


def insert_objects(objs, model):
    """Insert new instances of `model` in bulk and give each its primary key.

    What `bulk_create` does, without compiling every value of every row through the SQL compiler, which
    on a 100.000-row import costs more than the database's own work. Values are prepared by each field
    (`pre_save` for auto_now fields, `get_db_prep_save` where the driver cannot take the Python value
    as it is), so rows are stored exactly as the ORM stores them. Other databases take `bulk_create`.
    """
    if connection.vendor not in ("sqlite", "postgresql"):
        model.objects.bulk_create(objs, batch_size=CHUNK_ROWS)
        return
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    auto = [f for f in fields if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)]
    for auto_field in auto:
        for obj in objs:
            auto_field.pre_save(obj, add=True)
    rows = _prepared_rows(objs, [(f.attname, f) for f in fields])
    keys = _insert_rows(model._meta.db_table, [f.column for f in fields], rows, pk=model._meta.pk.column)
    for obj, key in zip(objs, keys, strict=True):
        obj.pk = key
        obj._state.adding = False
        obj._state.db = connection.alias


def _insert_rows(table, columns, rows, *, pk=None):
    """Insert tuples of column values; with `pk`, return the new rows' keys in the order of the rows.

    PostgreSQL takes the rows through COPY, much faster than INSERT for thousands of rows; the keys are
    drawn from the table's sequence first and copied with the rows. SQLite takes multi-row INSERTs,
    with RETURNING for the keys (one statement holds as many rows as its variable limit allows).
    """
    quote = connection.ops.quote_name
    keys = []
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            if pk is not None:
                cursor.execute(
                    "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                    [quote(table), pk, len(rows)],
                )
                keys = [key for (key,) in cursor.fetchall()]
                columns = [pk, *columns]
                rows = [(key, *row) for key, row in zip(keys, rows, strict=True)]
            lines = io.StringIO("".join("\t".join(map(_copy_text, row)) + "\n" for row in rows))
            names = ", ".join(quote(column) for column in columns)
            cursor.cursor.copy_expert(f"COPY {quote(table)} ({names}) FROM STDIN", lines)
            return keys
        names = ", ".join(quote(column) for column in columns)
        row_sql = "(" + ", ".join(["%s"] * len(columns)) + ")"
        if pk is None:
            cursor.executemany(f"INSERT INTO {quote(table)} ({names}) VALUES {row_sql}", rows)
            return keys
        per_query = _sqlite_variable_limit() // len(columns)
        for start in range(0, len(rows), per_query):
            batch = rows[start : start + per_query]
            cursor.execute(
                f"INSERT INTO {quote(table)} ({names}) VALUES {', '.join([row_sql] * len(batch))} "
                f"RETURNING {quote(pk)}",
                [value for row in batch for value in row],
            )
            keys += [key for (key,) in cursor.fetchall()]
    if len(keys) != len(rows):
        raise RuntimeError(f"{table}: {len(rows)} rows inserted, {len(keys)} keys returned")
    return keys


_COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def _copy_text(value):
    """A value in COPY's text format."""
    if value is None:
        return "\\N"
    if value is True:
        return "t"
    if value is False:
        return "f"
    if isinstance(value, str):
        return value.translate(_COPY_ESCAPES)
    if isinstance(value, datetime.date):  # dates and aware datetimes, in ISO 8601 as PostgreSQL reads them
        return value.isoformat()
    if isinstance(value, int | float | decimal.Decimal | uuid.UUID):
        return str(value)
    raise TypeError(f"no COPY text for a {type(value).__name__}")


def _sqlite_variable_limit():
    connection.ensure_connection()
    return connection.connection.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)


def _prepared_rows(objs, fields):
    """Tuples of the values of `fields` ((attname, field) pairs) of each object, ready for the driver."""
    plain = {attname for attname, field in fields if field.get_internal_type() in _PLAIN_TYPES}
    prepared = [(attname, field.get_db_prep_save) for attname, field in fields if attname not in plain]
    order = [attname for attname, _field in fields]
    rows = []
    for obj in objs:
        values = {attname: getattr(obj, attname) for attname in plain}
        for attname, prep in prepared:
            values[attname] = prep(getattr(obj, attname), connection)
        rows.append(tuple([values[attname] for attname in order]))
    return rows


def insert_history(objs, model, *, user, reason, when):
    """The "created" history rows of `objs`, as simple_history's bulk_create_with_history writes them.

    Same table, columns and values (every tracked field, history_date, history_user, history_change_reason,
    history_type "+"), but one multi-row INSERT per chunk from tuples: bulk_history_create builds a
    historical model instance per row and has bulk_create compile every value again, which on a
    10.000-row import took as long as everything else together. Values still go through each field's
    get_db_prep_save, so they are stored exactly as the ORM stores them. Other databases, or a history
    model with extra fields, take simple_history's own path.
    """
    if not getattr(settings, "SIMPLE_HISTORY_ENABLED", True) or not objs:
        return
    history = model.history.model
    if connection.vendor not in ("sqlite", "postgresql") or hasattr(history, "history_relation"):
        bulk_create_with_history_rows(objs, model, user=user, reason=reason, when=when)
        return
    tracked = [(f.attname, history._meta.get_field(f.name)) for f in history.tracked_fields]
    extra = [
        history._meta.get_field(name) for name in ("history_date", "history_change_reason", "history_type")
    ]
    user_field = history._meta.get_field("history_user")
    columns = (
        [field.column for _attname, field in tracked]
        + [field.column for field in extra]
        + [user_field.column]
    )
    constant = [
        extra[0].get_db_prep_save(when, connection),
        extra[1].get_db_prep_save(reason, connection),
        "+",
        user.pk if user is not None else None,
    ]
    rows = [row + tuple(constant) for row in _prepared_rows(objs, tracked)]
    _insert_rows(history._meta.db_table, columns, rows)


# Types whose Python value the database driver takes as it is (get_db_prep_save returns it unchanged).
_PLAIN_TYPES = {
    "CharField", "TextField", "SlugField", "EmailField", "BooleanField", "IntegerField", "BigIntegerField",
    "PositiveIntegerField", "PositiveSmallIntegerField", "SmallIntegerField", "AutoField", "BigAutoField",
    "ForeignKey",
}  # fmt: skip


def bulk_create_with_history_rows(objs, model, *, user, reason, when):
    model.history.bulk_history_create(
        objs, default_user=user, default_change_reason=reason, default_date=when
    )


_NAME_KEYS = ("full_name", "family_and_middle", "family_name", "middle_name", "given_name")
PERSON_UPDATE_FIELDS = [
    "family_name", "middle_name", "given_name", *PERSON_KEYS, "birth_date_precision", "sort_key", "search_name",
    "version", "updated_at",
]  # fmt: skip

"""Import a list of delegates from a sheet: read, match to people already in the portal, preview, apply.

Columns: Họ và tên, Ngày sinh, Mã hội, Loại đại biểu (headers matched without regard to accents or case),
read through the same path as the rosters (members.importing's file reader and legacy-encoding detector).
A row names a person who must already be on the portal (matched by folded name and birth date); nobody
is ever created here, so no person is copied. The preview is signed and handed back on confirmation, and
the confirmed rows are applied in one transaction: all of them or none.
"""

import datetime
from dataclasses import dataclass, field

from django.core import signing
from django.db import transaction

from congress.models import Delegate, DelegateKind, DelegateQuota
from congress.services import CongressError
from congress.services.delegates import summon_delegate
from members import text
from members.models import Association, Person

MAX_SHEET_BYTES = 5 * 1024 * 1024
MAX_ROWS = 2000
HEADER_SCAN_ROWS = 30
SIGNING_SALT = "congress.delegate-import"
PLAN_MAX_AGE = 60 * 60

COLUMNS = {
    "name": ("ho va ten", "ho ten", "ten dai bieu", "dai bieu"),
    "birth_date": ("ngay sinh", "ngay thang nam sinh", "sinh ngay"),
    "association": ("ma hoi", "ma hoi thanh vien", "ma doan"),
    "kind": ("loai dai bieu", "loai", "thanh phan"),
}
KINDS = {
    "chinh thuc": DelegateKind.ELECTED,
    "dai bieu chinh thuc": DelegateKind.ELECTED,
    "bau": DelegateKind.ELECTED,
    "do hoi bau": DelegateKind.ELECTED,
    "duong nhien": DelegateKind.EX_OFFICIO,
    "dai bieu duong nhien": DelegateKind.EX_OFFICIO,
    "chi dinh": DelegateKind.APPOINTED,
    "dai bieu chi dinh": DelegateKind.APPOINTED,
    "khach moi": DelegateKind.GUEST,
    "khach": DelegateKind.GUEST,
}
DATE_FORMATS = ["%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d"]


class SheetError(Exception):
    """The file cannot be read as a delegate list; the message says why, in Vietnamese."""


# --- Reading ------------------------------------------------------------------------------------------------


def read_table(upload):
    """(header, rows) of the sheet: the first row that names the delegate columns, and the rows after it.

    The file is opened by the roster import's reader (members.importing.files.open_sheet), so delegate
    lists are read as rosters are: XLSX or CSV recognised from its bytes, the CSV's encoding detected, and
    each cell typed in a legacy encoding (TCVN3, VNI) turned into Unicode (members.legacy.Detector).
    Each row is (its number as the spreadsheet shows it, its cells).
    """
    from members.importing.files import Limits, SheetError, open_sheet
    from members.legacy import Detector

    if upload.size > MAX_SHEET_BYTES:
        raise SheetError("Tệp lớn hơn 5 MB; danh sách đại biểu không lớn đến thế.")
    detector = Detector()

    def cell(value):
        return detector.to_unicode(value)[0] if isinstance(value, str) else value

    try:
        sheet = open_sheet(upload, upload.name or "", Limits())
    except SheetError as error:
        raise SheetError(str(error)) from None
    try:
        for _title, numbered in sheet.rows:
            header, rows = None, []
            for number, cells in numbered:
                cells = [cell(c) for c in cells]
                if header is None:
                    if _is_header(cells):
                        header = cells
                    elif number > HEADER_SCAN_ROWS:
                        break
                    continue
                if any(str(c).strip() for c in cells if c is not None):
                    rows.append((number, cells))
                if len(rows) > MAX_ROWS:
                    raise SheetError(f"Tệp có hơn {MAX_ROWS} dòng; danh sách đại biểu không dài đến thế.")
            if header is not None:
                return [str(c or "") for c in header], rows
    except SheetError as error:
        raise SheetError(str(error)) from None
    finally:
        sheet.close()
    raise SheetError(
        "Không tìm thấy dòng tên cột. Dòng tên cột phải có “Họ và tên” và “Loại đại biểu” "
        "(cùng “Ngày sinh”, “Mã hội”)."
    )


def _is_header(cells):
    folded = {text.fold(c) for c in cells if isinstance(c, str)}
    return any(name in folded for name in COLUMNS["name"]) and any(name in folded for name in COLUMNS["kind"])


def _columns(headers):
    folded = [text.fold(h) for h in headers]
    found = {}
    for key, names in COLUMNS.items():
        for index, header in enumerate(folded):
            if header in names:
                found[key] = index
                break
    missing = [key for key in ("name", "kind") if key not in found]
    if missing:
        raise SheetError(
            "Tệp thiếu cột "
            + ", ".join({"name": "“Họ và tên”", "kind": "“Loại đại biểu”"}[k] for k in missing)
            + ". Dòng đầu tiên phải là tên các cột: Họ và tên, Ngày sinh, Mã hội, Loại đại biểu."
        )
    return found


def _date(value):
    if value in ("", None):
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    raw = text.clean(value)
    for fmt in DATE_FORMATS:
        try:
            return datetime.datetime.strptime(raw, fmt).date()
        except ValueError:
            continue
    raise ValueError(raw)


# --- Matching and the preview --------------------------------------------------------------------------------


@dataclass
class Row:
    line: int
    name: str
    birth_date: datetime.date | None = None
    code: str = ""
    kind: str = ""
    person: Person | None = None
    association: Association | None = None
    errors: list = field(default_factory=list)
    already: bool = False

    @property
    def ok(self):
        return not self.errors and not self.already

    @property
    def kind_label(self):
        return DelegateKind(self.kind).label if self.kind else ""


@dataclass
class Plan:
    rows: list

    @property
    def to_add(self):
        return [r for r in self.rows if r.ok]

    @property
    def rejected(self):
        return [r for r in self.rows if r.errors]

    @property
    def already(self):
        return [r for r in self.rows if r.already and not r.errors]

    def signed(self, congress):
        payload = {
            "congress": congress.pk,
            "rows": [
                [r.line, r.person.pk, r.kind, r.association.pk if r.association else None]
                for r in self.to_add
            ],
        }
        return signing.dumps(payload, salt=SIGNING_SALT, compress=True)


def plan_import(congress, upload):
    """Read the sheet and say, row by row, who would be summoned and what stops the others."""
    headers, raw_rows = read_table(upload)
    columns = _columns(headers)
    rows = []
    for number, cells in raw_rows:

        def cell(key, cells=cells):
            index = columns.get(key)
            return cells[index] if index is not None and index < len(cells) else ""

        row = Row(line=number, name=text.clean(cell("name")))
        if not row.name:
            continue
        try:
            row.birth_date = _date(cell("birth_date"))
        except ValueError as error:
            row.errors.append(f"Ngày sinh “{error}” không đúng dạng ngày/tháng/năm.")
        row.code = text.clean(cell("association")).lower()
        kind_text = text.fold(cell("kind"))
        row.kind = KINDS.get(kind_text, "")
        if not row.kind:
            row.errors.append(
                f"Loại đại biểu “{text.clean(cell('kind'))}” không rõ; dùng: Chính thức, Đương nhiên, Chỉ định, Khách mời."
            )
        rows.append(row)
    _match(congress, rows)
    return Plan(rows)


def _match(congress, rows):
    names = {text.fold(r.name) for r in rows}
    people = {}
    for person in Person.objects.filter(search_name__in=names).order_by("id"):
        people.setdefault((person.search_name, person.birth_date), []).append(person)
    codes = {r.code for r in rows if r.code}
    associations = {a.code: a for a in Association.objects.filter(code__in=codes)}
    existing = {d.person_id: d for d in Delegate.objects.filter(congress=congress)}
    quotas = dict(DelegateQuota.objects.filter(congress=congress).values_list("association_id", "seats"))
    taken = {}
    for d in existing.values():
        if d.kind == DelegateKind.ELECTED and d.revoked_at is None:
            taken[d.association_id] = taken.get(d.association_id, 0) + 1
    seen = {}
    for row in rows:
        if row.errors:
            continue
        matches = people.get((text.fold(row.name), row.birth_date), [])
        if not matches:
            born = f", sinh ngày {row.birth_date:%d/%m/%Y}" if row.birth_date else " (không có ngày sinh)"
            row.errors.append(
                f"Không tìm thấy {row.name}{born} trong cổng thông tin. Đại biểu phải là người đã có tên trong "
                "danh sách hội viên; hãy kiểm tra họ tên, ngày sinh hoặc thêm người này vào danh sách hội trước."
            )
            continue
        if len(matches) > 1:
            row.errors.append(
                f"Có {len(matches)} người cùng họ tên và ngày sinh; hãy thêm người này bằng tay."
            )
            continue
        row.person = matches[0]
        if row.person.pk in seen:
            row.errors.append(f"Trùng với dòng {seen[row.person.pk]}.")
            continue
        if row.code:
            row.association = associations.get(row.code)
            if row.association is None:
                row.errors.append(f"Không có hội nào mang mã “{row.code}”.")
                continue
        if row.kind == DelegateKind.ELECTED and row.association is None:
            row.errors.append("Đại biểu chính thức do hội bầu phải ghi mã hội.")
            continue
        # From here on the row stands for its person: a later row naming them again is a duplicate.
        seen[row.person.pk] = row.line
        delegate = existing.get(row.person.pk)
        if delegate is not None and delegate.revoked_at is None:
            row.already = True
            if delegate.kind != row.kind or delegate.association_id != (
                row.association and row.association.pk
            ):
                row.errors.append(
                    f"Đã có trong danh sách Đại hội với loại “{delegate.get_kind_display()}”; "
                    "muốn đổi, hãy sửa trên trang của đại biểu."
                )
            continue
        if row.kind == DelegateKind.ELECTED:
            seats = quotas.get(row.association.pk)
            if seats is None:
                row.errors.append(f"{row.association.name} chưa được phân bổ số đại biểu.")
                continue
            if taken.get(row.association.pk, 0) >= seats:
                row.errors.append(f"{row.association.name} đã đủ {seats} đại biểu theo phân bổ.")
                continue
            taken[row.association.pk] = taken.get(row.association.pk, 0) + 1


@transaction.atomic
def apply_import(congress, signed_plan, *, actor):
    """Summon every confirmed row in one transaction; one refusal undoes them all. Returns the delegates."""
    try:
        payload = signing.loads(signed_plan, salt=SIGNING_SALT, max_age=PLAN_MAX_AGE)
    except signing.BadSignature:
        raise CongressError("Bản xem trước đã hết hạn hoặc không hợp lệ; hãy tải tệp lên lại.") from None
    if payload.get("congress") != congress.pk:
        raise CongressError("Bản xem trước này thuộc một Đại hội khác.")
    people = Person.objects.in_bulk([row[1] for row in payload["rows"]])
    associations = Association.objects.in_bulk([row[3] for row in payload["rows"] if row[3]])
    added = []
    for line, person_pk, kind, association_pk in payload["rows"]:
        try:
            added.append(
                summon_delegate(
                    congress,
                    people[person_pk],
                    actor=actor,
                    kind=kind,
                    association=associations.get(association_pk),
                )
            )
        except CongressError as error:
            raise CongressError(f"Dòng {line}: {error} Không đại biểu nào được thêm.") from None
    return added

"""Import a list of delegates from a sheet: read, match to people already in the portal, preview, confirm.

Columns: Họ và tên, Ngày sinh, Mã hội, Loại đại biểu (headers matched without regard to accents or case).
The sheet is read by the one reader of uploads (members.importing.files, within `LIMITS`), and staged,
previewed and confirmed the way every upload is (members.importing.staging): the preview is stored with
the file, and confirming works the plan out again from the stored file and applies it only if it is still
the plan shown, in one transaction. A row names a person who must already be on the portal (matched by
folded name and birth date); nobody is ever created here, so no person is copied. A sheet with rows that
cannot be imported imports nothing until they are fixed.
"""

import hashlib
import json
from dataclasses import dataclass, field

from django.utils import translation
from openpyxl.utils.datetime import WINDOWS_EPOCH

from congress.models import Delegate, DelegateKind, DelegateQuota, SheetImport, SheetKind
from congress.services import CongressError
from congress.services.delegates import summon_delegate
from members import dates, text
from members.importing import files, staging
from members.importing.files import SheetError
from members.models import Association, Person

__all__ = ["LIMITS", "SheetError", "apply_import", "plan_import", "stage_import"]

LIMITS = files.Limits(max_rows=2000, max_bytes=5 * 1024 * 1024)

COLUMNS = {
    "name": ("ho va ten", "ho ten", "ten dai bieu", "dai bieu"),
    "birth_date": ("ngay sinh", "ngay thang nam sinh", "sinh ngay", "nam sinh"),
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


# --- Reading ------------------------------------------------------------------------------------------------


def _header(number, cells, title, *, cell_text):
    """{column key: index} when the row names the delegate columns (at least the name and the kind)."""
    folded = [text.fold(cell_text(c)[0]) if isinstance(c, str) else "" for c in cells]
    found = {}
    for key, names in COLUMNS.items():
        index = next((i for i, header in enumerate(folded) if header in names), None)
        if index is not None:
            found[key] = index
    return found if {"name", "kind"} <= set(found) else None


def read_rows(stream, name):
    """(the sheet's calendar, [(row number, {column key: cell text or value})]) of its delegate rows.

    Read within LIMITS; the calendar (1900 or 1904) is what a birth date typed as a day number counts from.
    """
    sheet = files.open_sheet(stream, name, LIMITS)
    cell_text = files.CellText()
    try:
        columns, rows = files.find_header(sheet, lambda n, c, t: _header(n, c, t, cell_text=cell_text))
        if columns is None:
            raise SheetError(
                "Không tìm thấy dòng tên cột. Dòng tên cột phải có “Họ và tên” và “Loại đại biểu” "
                "(cùng “Ngày sinh”, “Mã hội”)."
            )
        found = []
        for number, cells in rows:
            if files.is_column_numbers(cells):
                continue
            values = {}
            for key, index in columns.items():
                value = cells[index] if index < len(cells) else None
                values[key] = (
                    value if key == "birth_date" and not isinstance(value, str) else cell_text(value)[0]
                )
            if not any(v for v in values.values()):
                continue
            found.append((number, values))
            if len(found) > LIMITS.max_rows:
                raise SheetError(
                    f"Tệp có hơn {files.thousands(LIMITS.max_rows)} dòng; danh sách đại biểu không dài đến thế."
                )
        return sheet.epoch or WINDOWS_EPOCH, found
    finally:
        sheet.close()


# --- Matching and the preview --------------------------------------------------------------------------------


@dataclass
class Row:
    line: int
    name: str
    birth: dates.PartialDate | None = None  # known to the day, the month or the year
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

    def as_json(self):
        return {
            "line": self.line,
            "name": self.name,
            "birth_date": str(self.birth) if self.birth else "",
            "kind": str(self.kind_label),
            "group": self.association.name if self.association else self.code,
            "errors": self.errors,
            "already": self.already,
        }


@dataclass
class Plan:
    rows: list
    notes: list = field(default_factory=list)

    @property
    def to_add(self):
        return [r for r in self.rows if r.ok]

    @property
    def rejected(self):
        return [r for r in self.rows if r.errors]

    @property
    def already(self):
        return [r for r in self.rows if r.already and not r.errors]

    @property
    def counts(self):
        return {"create": len(self.to_add), "unchanged": len(self.already), "reject": len(self.rejected)}

    @property
    def fingerprint(self):
        """Who would be summoned, as what and for which association, and what stops the other rows."""
        planned = [
            [r.line, r.person.pk if r.person else None, r.kind, r.association.pk if r.association else None]
            + [r.errors, r.already]
            for r in self.rows
        ]
        return hashlib.sha256(json.dumps(planned, ensure_ascii=False).encode()).hexdigest()

    def summary(self):
        return {
            "counts": self.counts,
            "rows": [row.as_json() for row in self.rows],
            "conversions": self.notes,
            "fingerprint": self.fingerprint,
        }


def plan_import(congress, stream, name=None):
    """Read the sheet and say, row by row, who would be summoned and what stops the others; writes nothing."""
    rows = []
    epoch, found = read_rows(stream, name or staging.file_name(stream, "dai-bieu"))
    for number, cells in found:
        row = Row(line=number, name=cells.get("name", ""))
        if not row.name:
            continue
        try:
            read = dates.read_birth_date(cells.get("birth_date"), epoch=epoch)
        except dates.DateError as error:
            row.errors.append(f"Ngày sinh “{files.plain_text(cells.get('birth_date'))}”: {error.message}.")
        else:
            row.birth = read.birth if read else None
        row.code = cells.get("association", "").lower()
        row.kind = KINDS.get(text.fold(cells.get("kind", "")), "")
        if not row.kind:
            row.errors.append(
                f"Loại đại biểu “{cells.get('kind', '')}” không rõ; dùng: Chính thức, Đương nhiên, Chỉ định, Khách mời."
            )
        rows.append(row)
    _match(congress, rows)
    return Plan(rows)


def _match(congress, rows):
    # By name and birth date as far as both are known: a row's "1968" finds someone born 15/03/1968.
    people = Person.objects.namesakes({(text.fold(r.name), r.birth) for r in rows if not r.errors})
    codes = {r.code for r in rows if r.code}
    # Only the congress's own associations send delegates: one merged or closed before it is named as such.
    associations = {a.code: a for a in congress.associations().filter(code__in=codes)}
    gone = set(
        Association.objects.filter(code__in=codes - associations.keys()).values_list("code", flat=True)
    )
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
        matches = people.get((text.fold(row.name), row.birth), [])
        if not matches:
            with translation.override("vi"):  # the sheet's reasons are Vietnamese, as the rest of them
                born = f", sinh {row.birth.phrase}" if row.birth else " (không có ngày sinh)"
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
            if row.association is None and row.code in gone:
                row.errors.append(
                    f"Hội mang mã “{row.code}” không còn hoạt động vào ngày Đại hội (đã sáp nhập hoặc giải thể)."
                )
                continue
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


def stage_import(congress, upload, *, actor):
    """Keep the uploaded list with its preview; raises SheetError for a file that cannot be read."""
    return staging.stage(
        SheetImport(congress=congress, kind=SheetKind.DELEGATES, uploaded_by=actor),
        upload,
        limits=LIMITS,
        plan=lambda stream, name: plan_import(congress, stream, name),
    )


def apply_import(sheet_import, *, actor):
    """Summon every row of a staged list in one transaction, as its preview showed; returns the delegates."""
    added = []

    def run(locked, stream):
        plan = plan_import(locked.congress, stream, locked.original_name)
        if plan.rejected:
            raise staging.Rejected(plan)
        for row in plan.to_add:
            try:
                added.append(
                    summon_delegate(
                        locked.congress, row.person, actor=actor, kind=row.kind, association=row.association
                    )
                )
            except CongressError as error:
                raise CongressError(f"Dòng {row.line}: {error} Không đại biểu nào được thêm.") from None
        return plan

    staging.apply(
        sheet_import,
        actor=actor,
        run=run,
        changed_message=(
            "Danh sách đại biểu hoặc hồ sơ hội viên đã thay đổi kể từ lúc xem trước, nên kết quả sẽ khác. "
            "Bản xem trước đã được làm mới: hãy xem lại rồi xác nhận."
        ),
    )
    return added

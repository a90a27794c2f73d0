"""Importing an association's roster from the Excel or CSV sheet it already keeps.

Two steps in the browser, one in the command line, one pipeline underneath (`pipeline.RosterPass`):

The upload → preview → confirm lifecycle is members.importing.staging's, which the congress's uploads
share; the file is read by members.importing.files, the one reader of sheets.

- `stage_import(association, uploaded_file, *, actor) -> RosterImport`: checks the file, stores it
  (MEDIA_ROOT/roster-imports/…) with its sha256 and the computed preview; nothing on the roster changes.
  Raises `SheetError` for a file that cannot be read (then nothing at all is stored).
- `preview(roster_import) -> Preview`: what the import will do, row by row (see `Preview`).
- `apply_import(roster_import, *, actor) -> dict`: the confirmed import, all or nothing; a lead's rows of
  people on other rosters become requests to the secretariat. Refuses with
  `SheetError` when a row is rejected, when it was already applied (a double submit changes nothing),
  when the stored file changed, or when the roster changed since the preview so that the import would
  now do something else (the stored preview is then refreshed to show what it would do now).
- `import_file(association, path_or_file, *, actor, dry_run=False) -> ImportResult`: the command's and
  the benchmark's entry: the same pass, reading the file once and writing as it goes inside one
  transaction that is rolled back if any row is rejected.
- `discard_import(roster_import, *, actor)`: drop a staged upload.

Every person and membership created or changed gets a history record whose user is `actor` and whose
reason names the file. Limits for one upload: `files.MAX_ROWS` member rows (20.000) and
`files.MAX_BYTES` (10 MB); the largest association has a few thousand members.

Decisions a reader may look for:
- A row matches a member of this association by card number when it has one, else by name (compared
  without diacritics or case) and birth date, compared as far as both are known (a row's "1968" matches
  a record born 15/03/1968; Person.objects.namesakes). Someone with that name and birth date elsewhere in the
  federation is not created again, and their record, another roster's, is neither shown in the preview
  nor changed: the secretariat's import adds them to this association as they are, a lead's asks the
  secretariat to (a link request, members.services.request_link).
- An empty cell leaves the stored value as it is (a sheet that lacks phone numbers does not erase
  them); the "Đảng viên" tick column is the exception: empty means no.
- A birth date may be known to the year ("1968", a cell holding 1968) or to the month ("03/1968"): it is
  stored with that precision, never as an invented 1 January. A row that says less than the record
  ("1968" for 15/03/1968) leaves the record's birth date as it is; one that says more fills it in.
- A new member without a join date joins on the day of the import (the preview says so).
"""

import os
from dataclasses import dataclass, field

from django.core.files import File
from django.db import transaction
from django.utils import formats, timezone

from members.importing import files, staging
from members.importing.files import MAX_BYTES, MAX_ROWS, Limits, SheetError
from members.importing.pipeline import ACTIONS, LINK, Outcome, RosterPass, RowResult, full_sqlite_batches
from members.importing.staging import Rejected
from members.models import Association, RosterImport, UploadStatus

__all__ = [
    "ACTIONS",
    "LINK",
    "MAX_BYTES",
    "MAX_ROWS",
    "ImportResult",
    "Limits",
    "Preview",
    "RowResult",
    "SheetError",
    "apply_import",
    "discard_import",
    "import_file",
    "preview",
    "stage_import",
]


@dataclass
class Preview:
    """What an import does, for the preview page.

    `rows`: RowResult objects in sheet order (for a big file, the first rows of each kind only; see
    `truncated`); `counts`: {"create", "update", "unchanged", "reject"} -> number, over the whole file,
    and "link" when some rows are of people on other rosters;
    `conversions`: file-level notes (encoding detected, header row found at row N, legacy text converted,
    columns ignored, members missing from the file); `can_apply`: nothing rejected and not yet applied.
    """

    rows: list
    counts: dict
    conversions: list
    can_apply: bool
    total_rows: int = 0
    truncated: bool = False
    status: str = UploadStatus.STAGED
    applied: bool = False

    @classmethod
    def from_summary(cls, summary, status=UploadStatus.STAGED):
        stored = summary.get("counts", {})
        counts = {action: stored.get(action, 0) for action in ACTIONS}
        if stored.get(LINK):
            counts[LINK] = stored[LINK]
        return cls(
            rows=[RowResult.from_json(row) for row in summary.get("rows", [])],
            counts=counts,
            conversions=list(summary.get("conversions", [])),
            can_apply=status == UploadStatus.STAGED and not counts["reject"],
            total_rows=summary.get("total_rows", 0),
            truncated=summary.get("truncated", False),
            status=status,
            applied=status == UploadStatus.APPLIED,
        )


@dataclass
class ImportResult(Preview):
    """`import_file`'s answer: the preview of the pass, and whether it was written."""

    roster_import: RosterImport | None = field(default=None)


def _may_change(actor, association):
    """The secretariat may import into any roster, a lead into their own; None is the system (commands)."""
    if actor is None or actor.is_secretariat:
        return True
    return actor.is_lead and actor.associations.filter(pk=association.pk).exists()


def _check_actor(actor, association):
    if not _may_change(actor, association):
        raise SheetError(
            f"Tài khoản này không phụ trách {association.name} nên không cập nhật được danh sách của hội."
        )
    if association.closed_on is not None:
        raise SheetError(f"{association.name} đã thôi hoạt động; danh sách của hội không nhận thêm thay đổi.")


def _run(association, stream, name, *, actor, apply, limits):
    sheet = files.open_sheet(stream, name, limits)
    try:
        return RosterPass(association, sheet, actor=actor, apply=apply, source_name=name).run(limits)
    finally:
        sheet.close()


def _same_file_note(association, digest):
    earlier = (
        RosterImport.objects.filter(association=association, sha256=digest, status=UploadStatus.APPLIED)
        .order_by("-applied_at")
        .first()
    )
    if earlier is None:
        return None
    when = formats.date_format(timezone.localtime(earlier.applied_at), "SHORT_DATETIME_FORMAT")
    return f"Tệp này giống hệt tệp đã cập nhật vào danh sách lúc {when}."


def stage_import(association, uploaded_file, *, actor):
    """Read an uploaded sheet and keep it with its preview; raises SheetError for an unreadable file."""
    _check_actor(actor, association)
    limits = Limits()

    def plan(stream, name):
        return _run(association, stream, name, actor=actor, apply=False, limits=limits)

    roster_import = RosterImport(association=association, uploaded_by=actor)
    staging.stage(
        roster_import,
        uploaded_file,
        limits=limits,
        plan=plan,
        name=staging.file_name(uploaded_file, "danh-sach"),
    )
    if note := _same_file_note(association, roster_import.sha256):
        roster_import.summary["conversions"].append(note)
        roster_import.save(update_fields=["summary"])
    return roster_import


def preview(roster_import):
    """The stored preview of a staged (or applied) upload; no query beyond the object itself."""
    return Preview.from_summary(roster_import.summary, roster_import.status)


def apply_import(roster_import, *, actor):
    """Apply a staged upload to the roster, all or nothing; returns the counts {create, update, unchanged, reject}."""
    _check_actor(actor, roster_import.association)

    def run(locked, stream):
        with full_sqlite_batches():
            # Two imports into one roster wait for each other, like two forms adding a member.
            association = Association.objects.select_for_update().get(pk=locked.association_id)
            return _run(association, stream, locked.original_name, actor=actor, apply=True, limits=Limits())

    outcome = staging.apply(
        roster_import,
        actor=actor,
        run=run,
        changed_message=(
            "Danh sách hội viên đã thay đổi kể từ lúc xem trước, nên kết quả cập nhật sẽ khác. "
            "Bản xem trước đã được làm mới: hãy xem lại rồi xác nhận."
        ),
    )
    return dict(outcome.counts)


def discard_import(roster_import, *, actor):
    """Drop a staged upload: it can no longer be applied; the file is kept with the record."""
    _check_actor(actor, roster_import.association)
    return staging.discard(roster_import)


def import_file(association, path_or_file, *, actor, dry_run=False, limits=None):
    """Import a sheet from a path or an open binary file in one pass: the command's and the benchmark's path.

    With `dry_run` nothing is written. Otherwise the rows are written as they are read, inside one
    transaction that is rolled back if any row is rejected (`result.applied` is then False); an applied
    import is recorded as a RosterImport with its file, like one confirmed in the browser.
    """
    _check_actor(actor, association)
    limits = limits or Limits()
    if isinstance(path_or_file, str | os.PathLike):
        name = os.path.basename(path_or_file)
        with open(path_or_file, "rb") as stream:
            return _import_stream(association, stream, name, actor=actor, dry_run=dry_run, limits=limits)
    name = staging.file_name(path_or_file, "danh-sach")
    return _import_stream(association, path_or_file, name, actor=actor, dry_run=dry_run, limits=limits)


def _import_stream(association, stream, name, *, actor, dry_run, limits):
    files.check_size(files.size_of(stream), limits)
    digest = staging.digest(stream)
    if dry_run:
        outcome = _run(association, stream, name, actor=actor, apply=False, limits=limits)
        return _result(outcome, applied=False)
    try:
        with transaction.atomic(), full_sqlite_batches():
            locked = Association.objects.select_for_update().get(pk=association.pk)
            outcome = _run(locked, stream, name, actor=actor, apply=True, limits=limits)
            record = RosterImport(
                association=association,
                uploaded_by=actor,
                original_name=name[:255],
                sha256=digest,
                status=UploadStatus.APPLIED,
                summary=outcome.summary(),
                applied_at=timezone.now(),
                applied_by=actor,
            )
            stream.seek(0)
            record.file.save(name, File(stream, name=name), save=False)
            record.save()
    except Rejected as rejected:
        return _result(rejected.outcome, applied=False)
    return _result(outcome, applied=True, roster_import=record)


def _result(outcome: Outcome, *, applied, roster_import=None):
    summary = outcome.summary()
    return ImportResult(
        rows=[RowResult.from_json(row) for row in summary["rows"]],
        counts=dict(outcome.counts),
        conversions=list(outcome.conversions),
        can_apply=not outcome.counts["reject"],
        total_rows=outcome.total_rows,
        truncated=outcome.truncated,
        status=UploadStatus.APPLIED if applied else UploadStatus.STAGED,
        applied=applied,
        roster_import=roster_import,
    )

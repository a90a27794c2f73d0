"""Upload → preview → confirm: one way for every sheet that changes records (rosters, delegates, ballots).

- `stage(record, uploaded_file, *, limits, plan)`: reads the file within its limits, works out what it would
  do (`plan(stream, name) -> outcome`, nothing written), and stores the file, its sha256 and the outcome's
  summary on `record` (a members.models.StagedUpload). A file that cannot be read raises SheetError and
  nothing is stored.
- `apply(record, *, actor, run, changed_message)`: the confirmation, all or nothing. The record is locked,
  so a double submit waits and then finds it applied; the stored file must still have its digest; `run(locked,
  stream) -> outcome` works the plan out again and writes it inside the transaction; if the plan is no
  longer the one the preview showed (its fingerprint differs), everything is rolled back and the stored
  preview is refreshed to show what the file would do now.
- `discard(record)`: the upload can no longer be applied; the file stays with the record.

An outcome has `summary()` (a JSON-able dict with "counts", "conversions" and "fingerprint") and
`fingerprint`, a digest of everything it would write; a run raises `Rejected(outcome)` to roll back when
rows turned out to be wrong.
"""

import hashlib
import os

from django.core.files import File
from django.db import transaction
from django.utils import formats, timezone

from members.importing import files
from members.importing.files import SheetError
from members.models import UploadStatus


class Rejected(Exception):
    """Raised inside the transaction to roll back an upload whose rows are not all right."""

    def __init__(self, outcome):
        super().__init__("rejected rows")
        self.outcome = outcome


class _FileChanged(Exception):
    pass


class _PlanChanged(Exception):
    def __init__(self, outcome):
        super().__init__("plan changed")
        self.outcome = outcome


def digest(stream):
    stream.seek(0)
    sha = hashlib.sha256()
    for block in iter(lambda: stream.read(1024 * 1024), b""):
        sha.update(block)
    stream.seek(0)
    return sha.hexdigest()


def file_name(uploaded_file, default):
    return os.path.basename(getattr(uploaded_file, "name", "") or default)


def stage(record, uploaded_file, *, limits, plan, name=None):
    """Plan the upload and keep it, with its preview, on `record`; returns the saved record."""
    name = name or file_name(uploaded_file, "tep")
    size = getattr(uploaded_file, "size", None)
    files.check_size(size if size is not None else files.size_of(uploaded_file), limits)
    record.sha256 = digest(uploaded_file)
    record.original_name = name[:255]
    record.summary = plan(uploaded_file, name).summary()
    uploaded_file.seek(0)
    record.file.save(name, File(uploaded_file), save=False)
    record.save()
    return record


def refuse_if_not_staged(record):
    if record.status == UploadStatus.APPLIED:
        when = formats.date_format(timezone.localtime(record.applied_at), "SHORT_DATETIME_FORMAT")
        who = record.applied_by or "hệ thống"
        raise SheetError(
            f"Tệp này đã được cập nhật lúc {when} (người xác nhận: {who}); không có gì thay đổi thêm."
        )
    if record.status == UploadStatus.DISCARDED:
        raise SheetError("Tệp này đã bị huỷ. Hãy tải tệp lên lại nếu vẫn muốn cập nhật.")
    if record.status == UploadStatus.FAILED:
        raise SheetError("Tệp này không còn dùng được. Hãy tải tệp lên lại.")
    rejected = record.summary.get("counts", {}).get("reject", 0)
    if rejected:
        raise SheetError(
            f"Tệp còn {files.thousands(rejected)} dòng lỗi nên chưa cập nhật được gì. "
            "Hãy sửa các dòng đó trong Excel rồi tải lên lại."
        )


def apply(record, *, actor, run, changed_message):
    """Apply a staged upload, all or nothing; returns the outcome of the run that was written."""
    model = type(record)
    try:
        with transaction.atomic():
            locked = model.objects.select_for_update().get(pk=record.pk)
            refuse_if_not_staged(locked)
            try:
                with locked.file.open("rb") as stream:
                    if digest(stream) != locked.sha256:
                        raise _FileChanged
                    outcome = run(locked, stream)
            except OSError:  # the stored file is gone or unreadable
                raise _FileChanged from None
            if outcome.fingerprint != locked.summary.get("fingerprint"):
                raise _PlanChanged(outcome)
            locked.status = UploadStatus.APPLIED
            locked.applied_at = timezone.now()
            locked.applied_by = actor
            locked.summary = {**outcome.summary(), "conversions": locked.summary.get("conversions", [])}
            locked.save(update_fields=["status", "applied_at", "applied_by", "summary"])
    except _FileChanged:
        model.objects.filter(pk=record.pk).update(status=UploadStatus.FAILED)
        raise SheetError(
            "Tệp đã lưu không còn như lúc tải lên nên cổng không cập nhật theo nó. Hãy tải tệp lên lại."
        ) from None
    except (_PlanChanged, Rejected) as changed:
        conversions = record.summary.get("conversions", [])
        model.objects.filter(pk=record.pk).update(
            summary={**changed.outcome.summary(), "conversions": conversions}
        )
        raise SheetError(changed_message) from None
    record.refresh_from_db()
    return outcome


@transaction.atomic
def discard(record):
    """Drop a staged upload: it can no longer be applied; the file is kept with the record."""
    locked = type(record).objects.select_for_update().get(pk=record.pk)
    if locked.status != UploadStatus.STAGED:
        refuse_if_not_staged(locked)
    locked.status = UploadStatus.DISCARDED
    locked.save(update_fields=["status"])
    return locked

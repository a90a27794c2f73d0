"""Staging, preview and the confirmed import: all or nothing, idempotent, in the history with the importer."""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from members import importing
from members.models import LinkRequest, Membership, Person, UploadStatus
from tests.fixtures.rosters import HEADER, counts, media_root, member_rows, stream, upload, xlsx_bytes  # noqa: F401

NEW_ROWS = [
    HEADER + ["Nơi công tác"],
    [1, "Trần Văn Mới", "02/03/1980", "Nam", "SH-1", "UBND xã"],
    [2, "Hồ Thị Mai", "04/05/1985", "Nữ", "SH-2", "Trường tiểu học"],
]


def stage(association, actor, rows, name="danh-sach.xlsx"):
    return importing.stage_import(association, upload(xlsx_bytes(rows), name), actor=actor)


def test_staging_stores_the_file_and_its_preview_but_changes_no_member(son_hong, lead):
    before = counts()
    roster_import = stage(son_hong, lead, NEW_ROWS)
    after = counts()
    assert after == {**before, "imports": before["imports"] + 1}
    assert roster_import.status == UploadStatus.STAGED
    assert roster_import.uploaded_by == lead
    assert roster_import.file.name.startswith("roster-imports/")
    assert len(roster_import.sha256) == 64
    preview = importing.preview(roster_import)
    assert preview.counts == {"create": 2, "update": 0, "unchanged": 0, "reject": 0}
    assert preview.can_apply
    assert [(row.number, row.action, row.name) for row in preview.rows] == [
        (2, "create", "Trần Văn Mới"),
        (3, "create", "Hồ Thị Mai"),
    ]


def test_applying_writes_every_row_with_the_importer_in_the_history(son_hong, lead):
    roster_import = stage(son_hong, lead, NEW_ROWS)
    assert importing.apply_import(roster_import, actor=lead) == {
        "create": 2,
        "update": 0,
        "unchanged": 0,
        "reject": 0,
    }
    person = Person.objects.get(given_name="Mai")
    membership = Membership.objects.get(person=person, association=son_hong)
    assert (membership.card_number, person.workplace, person.gender) == ("SH-2", "Trường tiểu học", "F")
    for record in (person.history.get(), membership.history.get()):
        assert record.history_user == lead
        assert record.history_type == "+"
        assert record.history_change_reason == "Nhập danh sách từ tệp danh-sach.xlsx"
    roster_import.refresh_from_db()
    assert (roster_import.status, roster_import.applied_by) == (UploadStatus.APPLIED, lead)


def test_created_people_are_valid_records(son_hong, lead):
    importing.apply_import(stage(son_hong, lead, NEW_ROWS), actor=lead)
    for person in Person.objects.filter(given_name__in=["Mới", "Mai"]):
        person.full_clean()
        assert person.sort_key and person.search_name


def test_a_file_with_a_rejected_row_cannot_be_applied_and_changes_nothing(son_hong, lead):
    roster_import = stage(son_hong, lead, [*NEW_ROWS, [3, "Lê Văn Sai", "31/02/1990", "Nam", "", ""]])
    assert not importing.preview(roster_import).can_apply
    before = counts()
    with pytest.raises(importing.SheetError, match="1 dòng lỗi"):
        importing.apply_import(roster_import, actor=lead)
    assert counts() == before


def test_importing_the_same_file_twice_changes_nothing_the_second_time(son_hong, lead):
    # One file, uploaded twice: openpyxl stamps each file it writes with the second it was made.
    content = xlsx_bytes(NEW_ROWS)
    importing.apply_import(
        importing.stage_import(son_hong, upload(content, "a.xlsx"), actor=lead), actor=lead
    )
    before = counts()
    second = importing.stage_import(son_hong, upload(content, "a.xlsx"), actor=lead)
    preview = importing.preview(second)
    assert preview.counts == {"create": 0, "update": 0, "unchanged": 2, "reject": 0}
    assert any("giống hệt tệp đã cập nhật" in note for note in preview.conversions)
    importing.apply_import(second, actor=lead)
    after = counts()
    assert {**after, "imports": before["imports"]} == before


def test_a_double_submit_applies_once_and_says_so(son_hong, lead):
    roster_import = stage(son_hong, lead, NEW_ROWS)
    importing.apply_import(roster_import, actor=lead)
    before = counts()
    with pytest.raises(importing.SheetError, match="đã được cập nhật lúc"):
        importing.apply_import(roster_import, actor=lead)
    assert counts() == before


def test_a_stored_file_that_changed_is_not_applied(son_hong, lead):
    roster_import = stage(son_hong, lead, NEW_ROWS)
    with roster_import.file.open("wb") as stored:
        stored.write(xlsx_bytes([*NEW_ROWS, [3, "Kẻ Chen Vào", "01/01/1990", "Nam", "", ""]]))
    before = counts()
    with pytest.raises(importing.SheetError, match="không còn như lúc tải lên"):
        importing.apply_import(roster_import, actor=lead)
    assert counts() == before
    roster_import.refresh_from_db()
    assert roster_import.status == UploadStatus.FAILED


def test_a_roster_changed_since_the_preview_is_previewed_again(son_hong, lead, secretariat):
    roster_import = stage(son_hong, lead, NEW_ROWS)
    # Someone adds Mai by hand between preview and confirmation.
    importing.import_file(son_hong, stream(xlsx_bytes([NEW_ROWS[0], NEW_ROWS[2]])), actor=secretariat)
    before = counts()
    with pytest.raises(importing.SheetError, match="đã thay đổi kể từ lúc xem trước"):
        importing.apply_import(roster_import, actor=lead)
    assert counts() == before
    roster_import.refresh_from_db()
    assert importing.preview(roster_import).counts == {"create": 1, "update": 0, "unchanged": 1, "reject": 0}
    importing.apply_import(roster_import, actor=lead)
    assert Person.objects.filter(given_name__in=["Mới", "Mai"]).count() == 2


def test_changed_values_are_listed_old_to_new_and_bump_the_version(son_hong, lead, people):
    anh = people["anh"]
    version = anh.version
    rows = [
        ["Họ và tên", "Ngày sinh", "Giới tính", "Nơi công tác", "Đảng viên"],
        ["Lê Thị Ánh", "03/03/1990", "Nữ", "Trạm Y tế xã", "x"],
    ]
    roster_import = stage(son_hong, lead, rows)
    (row,) = importing.preview(roster_import).rows
    assert row.action == "update"
    assert row.changes == [("Đảng viên", "Không", "Có"), ("Nơi công tác", "", "Trạm Y tế xã")]
    importing.apply_import(roster_import, actor=lead)
    anh.refresh_from_db()
    assert (anh.workplace, anh.party_member, anh.version) == ("Trạm Y tế xã", True, version + 1)
    latest = anh.history.order_by("-history_id").first()
    assert (latest.history_type, latest.history_user) == ("~", lead)


def test_a_member_is_matched_by_card_number_first(son_hong, lead, people):
    membership = Membership.objects.get(person=people["yen"], association=son_hong)
    membership.card_number = "SH-77"
    membership.save()
    rows = [HEADER, [1, "Uông Thị Kim Yến", "10/09/1978", "Nữ", "SH-77"]]
    (row,) = importing.preview(stage(son_hong, lead, rows)).rows
    assert row.action == "update"
    assert row.changes == [("Ngày sinh", "09/09/1978", "10/09/1978")]


DUC_PHONE = "0912345678"
# Đức as a sheet of Sơn Hồng has him: another phone and workplace than those Phố Châu keeps.
DUC_ROWS = [
    HEADER + ["Điện thoại", "Nơi công tác"],
    [1, "Đặng Văn Đức", "20/01/1985", "Nam", "SH-5", "0987000111", "Xưởng mộc Sơn Hồng"],
]


@pytest.fixture
def duc(people):
    """Đức, on Phố Châu's roster only, with the phone and workplace Phố Châu keeps."""
    Person.objects.filter(pk=people["duc"].pk).update(phone=DUC_PHONE, workplace="Công ty Chè Tây Sơn")
    return Person.objects.get(pk=people["duc"].pk)


def test_a_row_matching_another_rosters_member_shows_none_of_their_record(son_hong, lead, secretariat, duc):
    for uploader in (lead, secretariat):
        roster_import = stage(son_hong, uploader, DUC_ROWS)
        stored = json.dumps(roster_import.summary, ensure_ascii=False)
        assert DUC_PHONE not in stored
        assert "Công ty Chè Tây Sơn" not in stored
        (row,) = importing.preview(roster_import).rows
        assert (row.action, row.changes) == ("link", [])


def test_a_leads_row_matching_another_rosters_member_becomes_a_link_request(son_hong, lead, duc):
    roster_import = stage(son_hong, lead, DUC_ROWS)
    (row,) = importing.preview(roster_import).rows
    assert any("đề nghị Văn phòng Liên hiệp hội liên kết" in note for note in row.notes)
    people_before = Person.objects.count()
    done = importing.apply_import(roster_import, actor=lead)
    assert done["link"] == 1
    assert Person.objects.count() == people_before
    assert not son_hong.memberships.filter(person=duc).exists()
    after = Person.objects.get(pk=duc.pk)
    assert (after.phone, after.workplace, after.version) == (DUC_PHONE, "Công ty Chè Tây Sơn", duc.version)
    link = LinkRequest.objects.get()
    assert (link.association, link.person, link.requested_by, link.card_number) == (
        son_hong,
        duc,
        lead,
        "SH-5",
    )
    assert link.history.get().history_change_reason == "Nhập danh sách từ tệp danh-sach.xlsx"


def test_a_pending_request_is_not_made_twice(son_hong, lead, duc):
    importing.apply_import(stage(son_hong, lead, DUC_ROWS), actor=lead)
    roster_import = stage(son_hong, lead, DUC_ROWS)
    (row,) = importing.preview(roster_import).rows
    assert row.action == "unchanged"
    assert any("đang chờ Văn phòng Liên hiệp hội xem xét" in note for note in row.notes)
    importing.apply_import(roster_import, actor=lead)
    assert LinkRequest.objects.count() == 1


def test_the_secretariat_links_directly_and_changes_nothing_of_the_record(son_hong, secretariat, duc):
    roster_import = stage(son_hong, secretariat, DUC_ROWS)
    done = importing.apply_import(roster_import, actor=secretariat)
    assert done["link"] == 1
    membership = son_hong.memberships.get(person=duc, left_on__isnull=True)
    assert membership.card_number == "SH-5"
    after = Person.objects.get(pk=duc.pk)
    assert (after.phone, after.workplace, after.version) == (DUC_PHONE, "Công ty Chè Tây Sơn", duc.version)
    assert not LinkRequest.objects.exists()
    assert set(duc.memberships.values_list("association__code", flat=True)) == {"pho-chau", "son-hong"}


def test_blank_cells_keep_what_is_stored(son_hong, lead, people):
    hung = people["hung"]
    rows = [["Họ và tên", "Ngày sinh", "Chức vụ"], ["Nguyễn Kiều Hưng", "02/05/1970", ""]]
    (row,) = importing.preview(stage(son_hong, lead, rows)).rows
    assert row.action == "unchanged"
    hung.refresh_from_db()
    assert hung.job_title == "Phó Chủ tịch UBND huyện"


def test_discarding_a_staged_upload(son_hong, lead):
    roster_import = stage(son_hong, lead, NEW_ROWS)
    importing.discard_import(roster_import, actor=lead)
    with pytest.raises(importing.SheetError, match="đã bị huỷ"):
        importing.apply_import(roster_import, actor=lead)


@pytest.mark.parametrize("changes", [False, True])
def test_applying_takes_the_same_number_of_queries_for_50_or_500_rows(son_hong, secretariat, changes):
    def queries(count, start):
        rows = member_rows(count, start=start)
        if changes:
            # Import once, then change every row's card, so the measured run updates every member.
            importing.import_file(son_hong, stream(xlsx_bytes(rows)), actor=secretariat)
            for row in rows[1:]:
                row[4] += "-moi"
        roster_import = importing.stage_import(son_hong, upload(xlsx_bytes(rows)), actor=secretariat)
        with CaptureQueriesContext(connection) as captured:
            importing.apply_import(roster_import, actor=secretariat)
        return len(captured)

    # A fixed number a chunk of 1.000 rows: lock the import and the association, three reads per chunk,
    # then one insert (or update) per table and per history table, and the import's own record.
    assert queries(50, start=1) == queries(500, start=1000)

"""Importing a delegate list from a sheet: people matched, never created; a preview; one transaction."""

import io
import unicodedata

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from congress import delegate_import
from congress.models import Delegate, DelegateKind
from congress.services import delegates as services
from members.models import Person

pytestmark = pytest.mark.django_db

HEADER = ["Họ và tên", "Ngày sinh", "Mã hội", "Loại đại biểu"]


def xlsx(rows, header=HEADER):
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.active.append(header)
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile("dai-bieu.xlsx", buffer.getvalue())


def csv(text):
    return SimpleUploadedFile("dai-bieu.csv", text.encode("utf-8"))


@pytest.fixture
def ready(bare_congress, people, committee, secretariat):
    services.compute_quotas(bare_congress, actor=secretariat)
    return bare_congress


def outcome(plan):
    return [(r.line, r.name, r.kind, bool(r.person), r.errors, r.already) for r in plan.rows]


def test_rows_are_matched_by_folded_name_and_birth_date(ready):
    import datetime

    plan = delegate_import.plan_import(
        ready,
        xlsx(
            [
                # Typed without accents, and as decomposed Unicode (NFD) as some office files hold it.
                ["Le Thi Anh", "03/03/1990", "son-hong", "Chính thức"],
                [
                    unicodedata.normalize("NFD", "Đặng Văn Đức"),
                    datetime.datetime(1985, 1, 20),
                    "PHO-CHAU",
                    "chinh thuc",
                ],
                ["Nguyễn Kiều Hưng", "02/05/1970", "", "Đương nhiên"],
                ["Uông Thị Kim Yến", "09/09/1978", "", "Khách mời"],
            ]
        ),
    )
    assert [(r.person.full_name, r.kind, r.association and r.association.code) for r in plan.to_add] == [
        ("Lê Thị Ánh", DelegateKind.ELECTED, "son-hong"),
        ("Đặng Văn Đức", DelegateKind.ELECTED, "pho-chau"),
        ("Nguyễn Kiều Hưng", DelegateKind.EX_OFFICIO, None),
        ("Uông Thị Kim Yến", DelegateKind.GUEST, None),
    ]
    assert not plan.rejected


def test_a_birth_date_known_to_the_year_or_month_finds_the_person_born_then(ready):
    plan = delegate_import.plan_import(
        ready,
        xlsx(
            [
                ["Lê Thị Ánh", 1990, "son-hong", "Chính thức"],
                ["Đặng Văn Đức", "01/1985", "pho-chau", "Chính thức"],
                ["Nguyễn Kiều Hưng", "06/1970", "", "Đương nhiên"],
            ]
        ),
    )
    assert [r.person.full_name for r in plan.to_add] == ["Lê Thị Ánh", "Đặng Văn Đức"]
    [hung] = plan.rejected
    assert hung.errors[0].startswith(
        "Không tìm thấy Nguyễn Kiều Hưng, sinh tháng 06/1970 trong cổng thông tin."
    )
    assert plan.rows[0].as_json()["birth_date"] == "1990"


def test_sheets_are_read_as_rosters_are_legacy_encodings_and_a_title_above_the_header(ready):
    from members.legacy import encode_tcvn3
    from tests.fixtures.rosters import encode_cp1258

    # An office sheet: a title row, then the header; names typed with a TCVN3 font; a Windows-1258 CSV.
    sheet = xlsx([[encode_tcvn3("Lê Thị Ánh"), "03/03/1990", "son-hong", encode_tcvn3("Chính thức")]])
    plan = delegate_import.plan_import(ready, sheet)
    assert [(r.line, r.person.full_name) for r in plan.to_add] == [(2, "Lê Thị Ánh")]
    data = "DANH SÁCH ĐẠI BIỂU\r\nHọ và tên;Ngày sinh;Mã hội;Loại đại biểu\r\nĐặng Văn Đức;20/01/1985;;Chỉ định\r\n"
    plan = delegate_import.plan_import(ready, SimpleUploadedFile("ds.csv", encode_cp1258(data)))
    assert [(r.line, r.person.full_name, r.kind) for r in plan.to_add] == [(3, "Đặng Văn Đức", "appointed")]


def test_people_not_in_the_portal_are_reported_and_never_created(ready):
    people_before = Person.objects.count()
    plan = delegate_import.plan_import(
        ready,
        csv(
            "Họ và tên,Ngày sinh,Mã hội,Loại đại biểu\n"
            "Trần Văn Mới,01/01/1980,son-hong,Chính thức\n"
            "Lê Thị Ánh,04/03/1990,son-hong,Chính thức\n"
        ),
    )
    assert [r.errors[0].split(" trong cổng")[0] for r in plan.rejected] == [
        "Không tìm thấy Trần Văn Mới, sinh ngày 01/01/1980",
        "Không tìm thấy Lê Thị Ánh, sinh ngày 04/03/1990",
    ]
    assert Person.objects.count() == people_before


def test_the_preview_names_every_problem_of_a_row(ready, people, secretariat):
    services.summon_delegate(ready, people["hung"], actor=secretariat, kind=DelegateKind.EX_OFFICIO)
    services.summon_delegate(ready, people["yen"], actor=secretariat, kind=DelegateKind.GUEST)
    plan = delegate_import.plan_import(
        ready,
        xlsx(
            [
                ["Lê Thị Ánh", "03/03/1990", "khong-co", "Chính thức"],
                ["Lê Thị Ánh", "03/03/1990", "son-hong", "Chính thức"],
                ["Lê Thị Ánh", "03/03/1990", "son-hong", "Chính thức"],
                ["Đặng Văn Đức", "20/01/1985", "", "Chính thức"],
                ["Đặng Văn Đức", "32/01/1985", "pho-chau", "Chính thức"],
                ["Phan Văn An", "01/12/1960", "", "Đại biểu danh dự"],
                ["Nguyễn Kiều Hưng", "02/05/1970", "", "Đương nhiên"],
                ["Uông Thị Kim Yến", "09/09/1978", "", "Chỉ định"],
            ]
        ),
    )
    results = {r.line: (r.errors, r.already) for r in plan.rows}
    assert results[2][0] == ["Không có hội nào mang mã “khong-co”."]
    assert results[3] == ([], False)
    assert results[4][0] == ["Trùng với dòng 3."]
    assert results[5][0] == ["Đại biểu chính thức do hội bầu phải ghi mã hội."]
    assert results[6][0][0] == "Ngày sinh “32/01/1985”: ngày 32/01/1985 không có trong lịch."
    assert "Loại đại biểu “Đại biểu danh dự” không rõ" in results[7][0][0]
    assert results[8] == ([], True)
    assert "Đã có trong danh sách Đại hội với loại “Khách mời”" in results[9][0][0]
    assert [r.line for r in plan.to_add] == [3]


def test_rows_beyond_an_associations_quota_are_refused_in_the_preview(ready):
    plan = delegate_import.plan_import(
        ready,
        xlsx(
            [
                ["Lê Thị Ánh", "03/03/1990", "son-hong", "Chính thức"],
                ["Uông Thị Kim Yến", "09/09/1978", "son-hong", "Chính thức"],
                ["Nguyễn Kiều Hưng", "02/05/1970", "son-hong", "Chính thức"],
            ]
        ),
    )
    assert [r.errors for r in plan.rows][2] == ["Hội KH&KT xã Sơn Hồng đã đủ 2 đại biểu theo phân bổ."]


def test_a_sheet_without_the_columns_is_refused(ready):
    with pytest.raises(delegate_import.SheetError, match="Không tìm thấy dòng tên cột"):
        delegate_import.plan_import(
            ready, xlsx([["Lê Thị Ánh", "03/03/1990"]], header=["Họ và tên", "Ngày sinh"])
        )


def staged(congress, actor, rows):
    return delegate_import.stage_import(congress, xlsx(rows), actor=actor)


def test_applying_adds_every_confirmed_row_or_none(ready, people, secretariat, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    upload = staged(
        ready,
        secretariat,
        [
            ["Lê Thị Ánh", "03/03/1990", "son-hong", "Chính thức"],
            ["Đặng Văn Đức", "20/01/1985", "", "Chỉ định"],
        ],
    )
    assert not Delegate.objects.exists()
    # Between the preview and the confirmation, Đức was summoned by hand: the whole sheet is refused and
    # the stored preview now says what the sheet would do.
    services.summon_delegate(ready, people["duc"], actor=secretariat, kind=DelegateKind.APPOINTED)
    with pytest.raises(delegate_import.SheetError, match="đã thay đổi kể từ lúc xem trước"):
        delegate_import.apply_import(upload, actor=secretariat)
    assert not Delegate.objects.filter(person=people["anh"]).exists()
    upload.refresh_from_db()
    assert upload.summary["counts"] == {"create": 1, "unchanged": 1, "reject": 0}


def test_a_sheet_with_a_wrong_row_imports_nobody_until_it_is_fixed(ready, secretariat, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    upload = staged(
        ready,
        secretariat,
        [["Lê Thị Ánh", "03/03/1990", "son-hong", "Chính thức"], ["Không Có Ai", "", "", "Chỉ định"]],
    )
    with pytest.raises(delegate_import.SheetError, match="còn 1 dòng lỗi"):
        delegate_import.apply_import(upload, actor=secretariat)
    assert not Delegate.objects.exists()


def test_confirming_twice_summons_once(ready, secretariat, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    upload = staged(ready, secretariat, [["Lê Thị Ánh", "03/03/1990", "son-hong", "Chính thức"]])
    assert len(delegate_import.apply_import(upload, actor=secretariat)) == 1
    with pytest.raises(delegate_import.SheetError, match="đã được cập nhật lúc"):
        delegate_import.apply_import(upload, actor=secretariat)
    assert Delegate.objects.count() == 1


def test_upload_preview_and_confirm_in_the_browser(client, ready, secretariat, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(secretariat)
    response = client.post(
        reverse("congress:delegate_import", args=[ready.pk]),
        {
            "tep": xlsx(
                [["Lê Thị Ánh", "03/03/1990", "son-hong", "Chính thức"], ["Không Có Ai", "", "", "Chỉ định"]]
            )
        },
        follow=True,
    )
    html = response.content.decode()
    assert "1 người sẽ được triệu tập · 0 đã có trong danh sách · 1 dòng có lỗi" in html
    assert "Không tìm thấy Không Có Ai" in html
    assert "Xác nhận nhập" not in html  # nothing to confirm until the sheet is fixed
    assert not Delegate.objects.exists()

    response = client.post(
        reverse("congress:delegate_import", args=[ready.pk]),
        {"tep": xlsx([["Lê Thị Ánh", "03/03/1990", "son-hong", "Chính thức"]])},
        follow=True,
    )
    upload = response.context["upload"]
    assert "Xác nhận nhập" in response.content.decode()
    response = client.post(reverse("congress:sheet_import_apply", args=[upload.pk]), follow=True)
    assert "Đã triệu tập 1 đại biểu từ tệp." in response.content.decode()
    delegate = Delegate.objects.get()
    assert (delegate.person.full_name, delegate.kind) == ("Lê Thị Ánh", DelegateKind.ELECTED)
    assert delegate.history.first().history_user == secretariat
    upload.refresh_from_db()
    assert (upload.status, upload.applied_by, upload.uploaded_by) == ("applied", secretariat, secretariat)

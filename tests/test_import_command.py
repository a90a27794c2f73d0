"""`import_roster`: the same import from the command line; a rejected row means a non-zero exit and nothing written."""

import pytest
from django.core.management import CommandError, call_command

from members.models import Person, RosterImport
from tests.fixtures.rosters import HEADER, counts, media_root, xlsx_bytes  # noqa: F401

ROWS = [
    HEADER,
    [1, "Trần Văn Mới", "02/03/1980", "Nam", "SH-1"],
    [2, "Hồ Thị Mai", "04/05/1985", "Nữ", "SH-2"],
]


@pytest.fixture
def sheet(tmp_path):
    def write(rows, name="danh-sach.xlsx"):
        path = tmp_path / name
        path.write_bytes(xlsx_bytes(rows))
        return str(path)

    return write


def test_it_imports_and_prints_the_summary(son_hong, lead, sheet, capsys):
    call_command("import_roster", "son-hong", sheet(ROWS), "--as", lead.email)
    out = capsys.readouterr().out
    assert "Thêm mới: 2  Cập nhật: 0  Không thay đổi: 0  Từ chối: 0" in out
    assert "dòng 3 [thêm] Hồ Thị Mai" in out
    mai = Person.objects.get(given_name="Mai")
    assert mai.history.get().history_user == lead
    assert RosterImport.objects.get().applied_by == lead


def test_a_dry_run_writes_nothing(son_hong, sheet, capsys):
    before = counts()
    call_command("import_roster", "son-hong", sheet(ROWS), "--dry-run")
    assert "Chạy thử" in capsys.readouterr().out
    assert counts() == before


def test_it_exits_non_zero_with_nothing_written_when_a_row_is_rejected(son_hong, sheet, capsys):
    before = counts()
    with pytest.raises(CommandError, match="1 dòng bị từ chối"):
        call_command("import_roster", "son-hong", sheet([*ROWS, [3, "Lê Văn Sai", "31/02/1990", "Nam", ""]]))
    out = capsys.readouterr().out
    assert "dòng 4 [LỖI] Lê Văn Sai" in out
    assert "Ngày sinh «31/02/1990»: ngày 31/02/1990 không có trong lịch" in out
    assert counts() == before


def test_it_reports_an_unreadable_file_and_an_unknown_association(son_hong, tmp_path):
    bad = tmp_path / "ds.xlsx"
    bad.write_bytes(b"not a zip")
    with pytest.raises(CommandError, match="bị hỏng"):
        call_command("import_roster", "son-hong", str(bad))
    with pytest.raises(CommandError, match="Không có hội nào"):
        call_command("import_roster", "khong-co", str(bad))

"""`import_ballots` and `election_result`: Vietnamese messages, a non-zero exit and nothing written on bad input."""

import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from congress.models import Ballot
from tests.election_fixtures import enter_both


def _sheet(tmp_path, text, name="phieu.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_import_ballots_enters_a_sheet_into_an_entry(executive_election, secretariat, tmp_path, capsys):
    path = _sheet(tmp_path, "Số phiếu,1,2,3,Hỏng\n1,x,x,,\n2,,,1,\n3,,,,x\n")
    call_command("import_ballots", executive_election.pk, path, "--entry", "2", "--actor", secretariat.email)
    assert "Đã nhập 3 phiếu vào lượt nhập 2" in capsys.readouterr().out
    assert sorted(Ballot.objects.values_list("entry", "number", "kept", "spoiled")) == [
        (2, 1, [1, 2], False),
        (2, 2, [3], False),
        (2, 3, [], True),
    ]
    assert {b.entered_by for b in Ballot.objects.all()} == {secretariat}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["999999", "{sheet}", "--entry", "1"], "Không có cuộc bầu số 999999."),
        (["{election}", "/khong/co/tep.csv", "--entry", "1"], "Không tìm thấy tệp"),
        (["{election}", "{bad}", "--entry", "1"], "Dòng 3: số phiếu “ba” không hợp lệ"),
        (
            ["{election}", "{sheet}", "--entry", "1", "--actor", "ai@dau.vn"],
            "Không có tài khoản đang hoạt động",
        ),
    ],
)
def test_import_ballots_refuses_bad_input_and_writes_nothing(executive_election, tmp_path, args, message):
    values = {
        "election": str(executive_election.pk),
        "sheet": _sheet(tmp_path, "Số phiếu,Giữ tên\n1,1\n"),
        "bad": _sheet(tmp_path, "Số phiếu,Giữ tên\n1,1\nba,2\n", "sai.csv"),
    }
    with pytest.raises(CommandError, match=message):
        call_command("import_ballots", *[a.format(**values) for a in args])
    assert not Ballot.objects.exists()


def test_import_ballots_needs_an_entry_of_1_or_2(executive_election, tmp_path):
    with pytest.raises(CommandError):
        call_command("import_ballots", executive_election.pk, _sheet(tmp_path, "x"), "--entry", "3")


def test_election_result_as_json_lists_votes_elected_totals_and_status(counted_election, capsys):
    call_command("election_result", counted_election.pk, "--json")
    data = json.loads(capsys.readouterr().out)
    assert data["status"] == "complete"
    assert data["totals"] == {
        "issued": 5,
        "returned": 4,
        "valid": 4,
        "invalid": 0,
        "spoiled": 0,
        "blank": 0,
        "too_many": 0,
    }
    assert data["majority"] == {"base": "valid_ballots", "of": 4, "needed": 3}
    assert [(c["name"], c["votes"], c["percent"], c["elected"]) for c in data["candidates"]] == [
        ("Lê Thị Ánh", 3, "75.0", True),
        ("Đặng Văn Đức", 3, "75.0", True),
        ("Nguyễn Kiều Hưng", 1, "25.0", False),
    ]


def test_election_result_says_what_is_missing_before_the_entries_agree(
    executive_election, secretariat, capsys
):
    enter_both(executive_election, [(1, {1})], actor=secretariat)
    Ballot.objects.filter(entry=2).update(kept=[2])
    call_command("election_result", executive_election.pk, "--json")
    data = json.loads(capsys.readouterr().out)
    assert data["status"] == "incomplete"
    assert data["differences"] == [
        "Phiếu số 1: số 1 được giữ ở lượt 1 nhưng bị gạch ở lượt 2; số 2 bị gạch ở lượt 1 nhưng được giữ ở lượt 2."
    ]
    assert all(c["votes"] is None and c["elected"] is False for c in data["candidates"])


def test_election_result_as_text_and_after_confirmation(confirmed_election, capsys):
    call_command("election_result", confirmed_election.pk)
    out = capsys.readouterr().out
    assert "Phiếu phát ra: 5 · thu vào: 4 · hợp lệ: 4 · không hợp lệ: 0" in out
    assert "75,0%" in out
    assert "Trạng thái: Đã xác nhận." in out
    call_command("election_result", confirmed_election.pk, "--json")
    assert json.loads(capsys.readouterr().out)["status"] == "confirmed"


def test_election_result_of_an_unknown_election_fails(db):
    with pytest.raises(CommandError, match="Không có cuộc bầu số 424242."):
        call_command("election_result", 424242)

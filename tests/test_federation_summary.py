"""`manage.py federation_summary`: the federation's figures on a date, as JSON or as Vietnamese text."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.test_pages import add_members

pytestmark = pytest.mark.django_db


def summary(*args):
    out = StringIO()
    call_command("federation_summary", *args, stdout=out)
    return out.getvalue()


def summary_json(*args):
    return json.loads(summary(*args, "--json"))


def test_it_prints_the_figures_on_the_given_date_as_json(committee, term_v, people):
    figures = summary_json("--as-of", "2022-01-01")

    assert figures["as_of"] == "2022-01-01"
    # Sơn Hồng and Phố Châu (communes) and the district agriculture association (agencies).
    assert figures["associations"] == {"total": 3, "agencies": 1, "communes": 2}
    # Five joined; An left in 2020; Hưng sits on two rosters and counts once.
    assert figures["members"] == 4
    # Yến left the executive committee for a commune on 01/07/2021.
    assert figures["executive_committee"] == 1
    assert figures["standing_committee"] == 1
    assert [{"name": o["name"], "role": o["role"]} for o in figures["officers"]] == [
        {"name": "Nguyễn Kiều Hưng", "role": "Chủ tịch"}
    ]
    assert [{k: t[k] for k in ("name", "start", "end")} for t in figures["terms"]] == [
        {"name": "IV", "start": 2018, "end": 2023},
        {"name": "V", "start": 2024, "end": 2029},
    ]
    assert figures["congresses"] == [
        {"ordinal": "IV", "date": "2018-08-17"},
        {"ordinal": "V", "date": "2024-03-15"},
    ]


def test_it_counts_a_seat_given_up_until_the_day_before(committee):
    assert summary_json("--as-of", "2021-06-30")["executive_committee"] == 2
    assert summary_json("--as-of", "2021-07-01")["executive_committee"] == 1


@pytest.mark.parametrize("written", ["01/07/2021", "1-7-2021", "01.07.2021", "01/07/21"])
def test_it_reads_day_first_dates_as_well(committee, term_v, people, written):
    assert summary_json("--as-of", written) == summary_json("--as-of", "2021-07-01")


def test_it_defaults_to_today(committee):
    assert summary_json()["as_of"] == timezone.localdate().isoformat()


def test_it_prints_a_readable_summary_in_vietnamese(committee, term_v, people):
    text = summary("--as-of", "2022-01-01")

    assert text.splitlines()[:2] == [
        "Liên hiệp các hội Khoa học và Kỹ thuật huyện Hương Sơn",
        "Số liệu ngày 01/01/2022 – nhiệm kỳ khoá IV (2018–2023)",
    ]
    assert "Hội thành viên: 3\n" in text
    assert "  - Khối cơ quan, doanh nghiệp, trường học: 1\n" in text
    assert "  - Khối xã, thị trấn: 2\n" in text
    assert "Hội viên: 4 người\n" in text
    # Hưng is on the rosters of both blocks: in each block's line, and once in all.
    assert "Hội viên: 4 người\n  - Khối cơ quan, doanh nghiệp, trường học: 1 người\n" in text
    assert "  - Khối xã, thị trấn: 4 người\n" in text
    assert "Ban Chấp hành: 1 người\n" in text
    assert "  - Chủ tịch: Nguyễn Kiều Hưng (Phó Chủ tịch UBND huyện)\n" in text
    assert "Đại hội: lần thứ IV ngày 17/08/2018; lần thứ V ngày 15/03/2024" in text


def test_it_says_when_no_term_has_begun(committee):
    text = summary("--as-of", "2018-08-16")

    assert "Số liệu ngày 16/08/2018 – chưa có nhiệm kỳ nào bắt đầu" in text
    assert "Lãnh đạo Liên hiệp hội: chưa có" in text


def test_it_groups_thousands_with_dots(son_hong):
    add_members(son_hong, 1234)

    text = summary("--as-of", "2022-01-01")
    assert "Hội viên: 1.234 người\n" in text
    assert "  - Khối xã, thị trấn: 1.234 người\n" in text
    assert summary_json("--as-of", "2022-01-01")["members"] == 1234


def test_it_reads_the_figures_in_as_many_queries_whatever_the_data(committee, term_v, people, son_hong):
    def queries():
        with CaptureQueriesContext(connection) as captured:
            summary("--as-of", "2022-01-01")
        return len(captured)

    small = queries()
    add_members(son_hong, 50)

    assert queries() == small


def test_it_works_on_an_empty_database(db):
    figures = summary_json("--as-of", "2024-03-15")

    assert figures["associations"] == {"total": 0, "agencies": 0, "communes": 0}
    assert figures["members"] == 0
    assert figures["terms"] == []


@pytest.mark.parametrize("bad", ["2024-13-01", "30/02/2024", "hôm qua", "", "2024/03/15"])
def test_it_refuses_a_bad_date_with_a_message_in_vietnamese(committee, bad):
    with pytest.raises(CommandError) as raised:
        summary("--as-of", bad)

    message = str(raised.value)
    assert f"Ngày «{bad}» không hợp lệ" in message
    assert "2024-03-15" in message and "15/03/2024" in message


@pytest.mark.parametrize(
    ("bad", "reason"),
    [
        ("30/02/2024", "ngày 30/02/2024 không có trong lịch"),
        ("2024/03/15", "ghi sai thứ tự; hãy ghi ngày/tháng/năm, năm ở cuối, ví dụ 15/03/2024"),
        ("2024", "chỉ có năm"),
    ],
)
def test_it_says_what_is_wrong_with_a_bad_date(committee, bad, reason):
    with pytest.raises(CommandError, match=f"Ngày «{bad}» không hợp lệ: {reason}"):
        summary("--as-of", bad)

"""The count as pure functions (congress/counting.py): ballots, the two entries, totals, the result, sheets."""

import datetime
from decimal import Decimal

import pytest

from congress import counting
from congress.counting import (
    Ballot,
    Candidate,
    CountingError,
    DifferenceKind,
    MajorityBase,
    Outcome,
    SheetError,
    Status,
    TieRule,
    Totals,
    Validity,
)

# --- One ballot ----------------------------------------------------------------------------------------


def test_a_ballot_keeping_some_names_up_to_the_seats_is_valid():
    assert counting.ballot_validity({1, 2, 3}, 3) == Validity.VALID
    assert counting.ballot_validity({2}, 3) == Validity.VALID


def test_a_ballot_keeping_more_names_than_seats_is_invalid():
    assert counting.ballot_validity({1, 2, 3, 4}, 3) == Validity.TOO_MANY


def test_a_ballot_with_every_name_crossed_out_is_invalid():
    assert counting.ballot_validity(set(), 3) == Validity.BLANK


def test_a_spoiled_ballot_is_invalid_whatever_it_keeps():
    assert counting.ballot_validity({1, 2}, 3, spoiled=True) == Validity.SPOILED
    assert counting.ballot_validity(set(), 3, spoiled=True) == Validity.SPOILED


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("3 7 15", {3, 7, 15}),
        ("3, 7,15", {3, 7, 15}),
        ("3;7", {3, 7}),
        ("3-5", {3, 4, 5}),
        ("3 - 5, 9", {3, 4, 5, 9}),
        ("3–5", {3, 4, 5}),
        ("", set()),
        ("   ", set()),
        ("*", set(range(1, 16))),
    ],
)
def test_crossed_out_numbers_can_be_typed_in_the_usual_ways(typed, expected):
    assert counting.parse_numbers(typed, range(1, 16)) == expected


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("16", "Không có người nào mang số 16"),
        ("2 x", "Không hiểu “x”"),
        ("5-3", "ngược"),
        ("14-40", "Không có người nào mang số 16, 17, 18, 19, 20, 21, 22, 23, 24, 25…"),
    ],
)
def test_numbers_that_are_not_on_the_list_are_refused_with_a_reason(typed, message):
    with pytest.raises(CountingError, match=message):
        counting.parse_numbers(typed, range(1, 16))


def test_a_range_too_long_to_be_a_ballot_is_refused():
    with pytest.raises(CountingError, match="quá dài"):
        counting.parse_numbers("1-999999", range(1, 16))


# --- Two entries ---------------------------------------------------------------------------------------


def test_two_entries_of_the_same_ballots_agree():
    first = [Ballot(1, {1, 2}), Ballot(2, {3}, spoiled=True)]
    second = [Ballot(2, {3}, spoiled=True), Ballot(1, {2, 1})]
    assert counting.compare_entries(first, second) == []


def test_a_ballot_missing_from_one_entry_is_shown_with_its_number():
    first = [Ballot(1, {1}), Ballot(2, {2}), Ballot(3, {3})]
    second = [Ballot(1, {1}), Ballot(4, {4})]
    differences = counting.compare_entries(first, second)
    assert [(d.number, d.kind) for d in differences] == [
        (2, DifferenceKind.ONLY_FIRST),
        (3, DifferenceKind.ONLY_FIRST),
        (4, DifferenceKind.ONLY_SECOND),
    ]
    assert differences[0].describe() == "Phiếu số 2: chỉ có ở lượt nhập 1, lượt nhập 2 chưa nhập."
    assert differences[2].describe() == "Phiếu số 4: chỉ có ở lượt nhập 2, lượt nhập 1 chưa nhập."


def test_a_ballot_entered_differently_says_which_names_differ():
    differences = counting.compare_entries([Ballot(7, {1, 2, 4})], [Ballot(7, {1, 2, 5})])
    (difference,) = differences
    assert difference.kind == DifferenceKind.DIFFERENT
    assert difference.kept_only_first == [4]
    assert difference.kept_only_second == [5]
    assert difference.describe() == (
        "Phiếu số 7: số 4 được giữ ở lượt 1 nhưng bị gạch ở lượt 2; "
        "số 5 bị gạch ở lượt 1 nhưng được giữ ở lượt 2."
    )


def test_a_ballot_spoiled_in_one_entry_only_is_a_difference():
    (difference,) = counting.compare_entries([Ballot(3, {1})], [Ballot(3, {1}, spoiled=True)])
    assert difference.spoiled_differs
    assert difference.describe() == "Phiếu số 3: lượt 2 ghi là phiếu hỏng, lượt 1 không."


# --- Totals --------------------------------------------------------------------------------------------


def test_votes_come_from_valid_ballots_only():
    ballots = [
        Ballot(1, {1, 2}),
        Ballot(2, {1, 2, 3}),  # too many for 2 seats
        Ballot(3, set()),  # blank
        Ballot(4, {1}, spoiled=True),
        Ballot(5, {3}),
    ]
    totals, votes = counting.tally(ballots, 2, [1, 2, 3], issued=6)
    assert totals == Totals(issued=6, returned=5, valid=2, spoiled=1, blank=1, too_many=1)
    assert totals.invalid == 3
    assert votes == {1: 1, 2: 1, 3: 1}


def test_a_ballot_keeping_a_number_not_on_the_list_cannot_be_counted():
    with pytest.raises(CountingError, match="Phiếu số 1 giữ số 9"):
        counting.tally([Ballot(1, {9})], 2, [1, 2, 3])


def test_totals_that_add_up_raise_nothing():
    assert counting.check_totals(Totals(issued=10, returned=9, valid=8, spoiled=1)) == []


def test_more_ballots_returned_than_issued_is_refused():
    problems = counting.check_totals(Totals(issued=8, returned=9, valid=9))
    assert problems == [
        "Số phiếu thu vào (9) nhiều hơn số phiếu phát ra (8): hãy kiểm tra lại số phiếu phát ra và số phiếu đã nhập."
    ]


def test_valid_and_invalid_that_do_not_make_the_returned_are_refused():
    problems = counting.check_totals(Totals(issued=10, returned=9, valid=7, declared_invalid=1))
    assert problems == ["Số phiếu hợp lệ (7) cộng số phiếu không hợp lệ (1) không bằng số phiếu thu vào (9)."]


def test_a_count_without_ballots_issued_or_returned_is_refused():
    assert counting.check_totals(Totals(issued=None, returned=0, valid=0)) == [
        "Chưa nhập số phiếu phát ra.",
        "Chưa có phiếu nào được nhập.",
    ]


# --- The result ----------------------------------------------------------------------------------------

A, B, C, D = (
    Candidate(1, "Lê Văn An", datetime.date(1970, 1, 1)),
    Candidate(2, "Trần Thị Bình", datetime.date(1965, 6, 1)),
    Candidate(3, "Võ Văn Cường", datetime.date(1980, 3, 3)),
    Candidate(4, "Hồ Thị Dung", datetime.date(1965, 6, 1)),
)


def _decide(
    votes,
    *,
    seats,
    valid=None,
    base=None,
    base_kind=MajorityBase.VALID_BALLOTS,
    candidates=(A, B, C, D),
    **kw,
):
    valid = valid if valid is not None else max(votes.values())
    totals = Totals(issued=valid, returned=valid, valid=valid)
    return counting.decide(
        candidates,
        votes,
        seats=seats,
        totals=totals,
        base_kind=base_kind,
        base=valid if base is None else base,
        **kw,
    )


def _elected(result):
    return [c.number for c in result.elected]


def test_the_highest_are_elected_when_more_pass_than_there_are_seats():
    result = _decide({1: 9, 2: 7, 3: 8, 4: 6}, seats=2, valid=10)
    assert _elected(result) == [1, 3]
    assert result.status == Status.COMPLETE
    outcomes = {c.number: c.outcome for c in result.candidates}
    assert outcomes == {1: Outcome.ELECTED, 2: Outcome.OUTRANKED, 3: Outcome.ELECTED, 4: Outcome.OUTRANKED}


def test_exactly_half_is_not_more_than_half():
    result = _decide({1: 10, 2: 11, 3: 0, 4: 0}, seats=2, valid=20)
    assert result.needed == 11
    assert _elected(result) == [2]
    assert {c.number: c.outcome for c in result.candidates}[1] == Outcome.BELOW_MAJORITY


def test_the_majority_base_changes_who_is_elected():
    """20 valid ballots, 30 delegates summoned, 25 present: 12, 14 and 16 votes pass differently."""
    votes = {1: 12, 2: 14, 3: 16}
    candidates = (A, B, C)
    on_valid = _decide(votes, seats=3, valid=20, candidates=candidates)
    on_summoned = _decide(
        votes, seats=3, valid=20, base=30, base_kind=MajorityBase.SUMMONED, candidates=candidates
    )
    on_present = _decide(
        votes, seats=3, valid=20, base=25, base_kind=MajorityBase.PRESENT, candidates=candidates
    )
    assert _elected(on_valid) == [3, 2, 1]
    assert _elected(on_summoned) == [3]
    assert _elected(on_present) == [3, 2]
    assert (on_valid.needed, on_summoned.needed, on_present.needed) == (11, 16, 13)
    assert on_present.base_label == "số đại biểu có mặt"


def test_fewer_passing_than_seats_leaves_seats_unfilled():
    result = _decide({1: 8, 2: 4, 3: 3, 4: 2}, seats=3, valid=10)
    assert _elected(result) == [1]
    assert result.status == Status.SHORT
    assert result.unfilled == 2


def test_equal_votes_that_all_fit_in_the_seats_are_no_tie():
    result = _decide({1: 8, 2: 8, 3: 9, 4: 1}, seats=3, valid=10)
    assert result.tie is None
    assert _elected(result) == [3, 1, 2]


def test_equal_votes_below_the_majority_are_no_tie():
    result = _decide({1: 9, 2: 4, 3: 4, 4: 1}, seats=2, valid=10)
    assert result.tie is None
    assert result.status == Status.SHORT


def test_a_tie_at_the_last_seat_under_the_runoff_rule_waits_for_the_runoff():
    result = _decide({1: 9, 2: 7, 3: 7, 4: 7}, seats=2, valid=10, tie_rule=TieRule.RUNOFF)
    assert result.status == Status.TIE
    assert result.tie.numbers == (2, 3, 4)
    assert result.tie.seats == 1
    assert result.tie.votes == 7
    assert _elected(result) == [1]
    assert [c.outcome for c in result.candidates] == [
        Outcome.ELECTED,
        Outcome.TIED,
        Outcome.TIED,
        Outcome.TIED,
    ]


def test_a_runoff_rule_ignores_a_recorded_decision():
    result = _decide({1: 9, 2: 7, 3: 7, 4: 7}, seats=2, valid=10, tie_rule=TieRule.RUNOFF, decision={2})
    assert result.status == Status.TIE


def test_a_tie_under_older_first_elects_the_older_candidate():
    result = _decide({1: 9, 2: 7, 3: 7, 4: 1}, seats=2, valid=10, tie_rule=TieRule.OLDER_FIRST)
    assert result.status == Status.COMPLETE
    assert result.tie.chosen == (2,)  # Bình, born 1965, before Cường, born 1980
    assert result.tie.how == "older_first"
    assert _elected(result) == [1, 2]
    assert {c.number: c.outcome for c in result.candidates}[3] == Outcome.OUTRANKED


def test_older_first_cannot_decide_between_people_born_the_same_day():
    result = _decide({1: 9, 2: 7, 3: 1, 4: 7}, seats=2, valid=10, tie_rule=TieRule.OLDER_FIRST)
    assert result.status == Status.TIE
    assert "Không phân định được theo tuổi" in result.notes[0]
    decided = _decide({1: 9, 2: 7, 3: 1, 4: 7}, seats=2, valid=10, tie_rule=TieRule.OLDER_FIRST, decision={4})
    assert decided.tie.how == "decision"
    assert _elected(decided) == [1, 4]


def test_older_first_without_a_birth_date_needs_a_decision():
    unknown = Candidate(3, "Võ Văn Cường")
    result = _decide(
        {1: 9, 2: 7, 3: 7}, seats=2, valid=10, tie_rule=TieRule.OLDER_FIRST, candidates=(A, B, unknown)
    )
    assert result.status == Status.TIE


def test_older_first_with_a_birth_year_only_decides_only_when_the_years_tell_them_apart():
    from members.dates import PartialDate, Precision

    def born_in(year, month=None):
        if month:
            return PartialDate(datetime.date(year, month, 1), Precision.MONTH)
        return PartialDate(datetime.date(year, 1, 1), Precision.YEAR)

    # Bình born "in 1965" against Cường born 03/03/1980: Bình is surely older.
    b = Candidate(2, "Trần Thị Bình", born_in(1965))
    result = _decide(
        {1: 9, 2: 7, 3: 7}, seats=2, valid=10, tie_rule=TieRule.OLDER_FIRST, candidates=(A, b, C)
    )
    assert (result.status, result.tie.chosen) == (Status.COMPLETE, (2,))
    # Born "in 1980" against 03/03/1980: either may be older.
    c = Candidate(3, "Võ Văn Cường", born_in(1980))
    tied = Candidate(2, "Trần Thị Bình", datetime.date(1980, 3, 3))
    result = _decide(
        {1: 9, 2: 7, 3: 7}, seats=2, valid=10, tie_rule=TieRule.OLDER_FIRST, candidates=(A, tied, c)
    )
    assert result.status == Status.TIE
    # Born in 02/1980 against 03/03/1980: the month says who is older.
    c = Candidate(3, "Võ Văn Cường", born_in(1980, 2))
    result = _decide(
        {1: 9, 2: 7, 3: 7}, seats=2, valid=10, tie_rule=TieRule.OLDER_FIRST, candidates=(A, tied, c)
    )
    assert (result.status, result.tie.chosen) == (Status.COMPLETE, (3,))


def test_a_tie_under_congress_decides_is_flagged_until_a_decision_is_recorded():
    votes = {1: 9, 2: 7, 3: 7, 4: 7}
    flagged = _decide(votes, seats=3, valid=10, tie_rule=TieRule.CONGRESS_DECIDES)
    assert flagged.status == Status.TIE
    assert flagged.tie.seats == 2
    decided = _decide(votes, seats=3, valid=10, tie_rule=TieRule.CONGRESS_DECIDES, decision={2, 4})
    assert decided.status == Status.COMPLETE
    assert _elected(decided) == [1, 2, 4]


@pytest.mark.parametrize("decision", [{2}, {2, 3, 4}, {1, 2}])
def test_a_decision_that_does_not_fit_the_tie_is_not_applied(decision):
    result = _decide(
        {1: 9, 2: 7, 3: 7, 4: 7}, seats=3, valid=10, tie_rule=TieRule.CONGRESS_DECIDES, decision=decision
    )
    assert result.status == Status.TIE
    assert result.tie.decision_mismatch


def test_a_runoff_elects_the_highest_without_a_majority():
    result = _decide({2: 3, 3: 4}, seats=1, valid=10, require_majority=False, candidates=(B, C))
    assert result.needed is None
    assert _elected(result) == [3]


def test_no_base_means_no_majority_can_be_counted():
    with pytest.raises(CountingError, match="số đại biểu có mặt đang là 0"):
        _decide({1: 1}, seats=1, valid=1, base=0, base_kind=MajorityBase.PRESENT)


@pytest.mark.parametrize(
    ("votes", "base", "shown"),
    [
        (7, 8, "87,5%"),
        (2, 3, "66,7%"),
        (1, 8, "12,5%"),
        (1, 2000, "0,1%"),
        (142, 142, "100,0%"),
        (0, 5, "0,0%"),
    ],
)
def test_percentages_have_one_decimal_and_a_decimal_comma(votes, base, shown):
    assert counting.format_percent(counting.percent(votes, base)) == shown


def test_a_percentage_without_a_base_is_a_dash():
    assert counting.percent(3, 0) is None
    assert counting.format_percent(None) == "—"


def test_a_result_survives_being_stored_and_read_back():
    result = _decide({1: 9, 2: 7, 3: 7, 4: 7}, seats=2, valid=10, tie_rule=TieRule.RUNOFF)
    again = counting.Result.from_dict(result.as_dict())
    assert again == result
    assert again.candidates[0].percent == Decimal("90.0")


# --- Sheets --------------------------------------------------------------------------------------------

LIST = [Candidate(1, "Lê Thị Ánh"), Candidate(2, "Đặng Văn Đức"), Candidate(3, "Nguyễn Kiều Hưng")]


def test_a_sheet_with_a_column_per_candidate_reads_1_and_x_as_kept():
    rows = [
        [None, None],
        ["Số phiếu", "1", "2", "3", "Hỏng"],
        [1, "x", None, 1.0, None],
        [2.0, "X", "1", "", ""],
        [3, None, None, None, "x"],
        [None, None, None, None, None],
        [4, "", "", "", ""],
    ]
    assert counting.parse_sheet(rows, LIST) == [
        Ballot(1, {1, 3}),
        Ballot(2, {1, 2}),
        Ballot(3, set(), spoiled=True),
        Ballot(4, set()),
    ]


def test_candidate_columns_may_be_headed_by_names_in_any_unicode_form():
    import unicodedata

    rows = [
        ["Phiếu số", unicodedata.normalize("NFD", "Lê Thị Ánh"), "2. Đặng Văn Đức", "nguyen kieu hung"],
        [5, 1, 0, 1],
    ]
    assert counting.parse_sheet(rows, LIST) == [Ballot(5, {1, 3})]


def test_a_sheet_may_list_the_kept_or_the_crossed_numbers_in_one_column():
    kept = [["Số phiếu", "Giữ tên", "Hỏng"], [1, "1, 3", ""], [2, "", ""], [3, "1-3", "x"]]
    assert counting.parse_sheet(kept, LIST) == [
        Ballot(1, {1, 3}),
        Ballot(2, set()),
        Ballot(3, {1, 2, 3}, True),
    ]
    crossed = [["Số phiếu", "Gạch tên"], [1, "2"], [2, ""]]
    assert counting.parse_sheet(crossed, LIST) == [Ballot(1, {1, 3}), Ballot(2, {1, 2, 3})]


def test_a_sheet_with_mistakes_lists_every_one_with_its_row():
    rows = [
        ["Số phiếu", "1", "2", "3", "Hỏng"],
        [1, "x", "", "?", ""],
        ["a", "x", "", "", ""],
        [3, "x", "", "", "có lẽ"],
        [1, "", "", "", ""],
    ]
    with pytest.raises(SheetError) as caught:
        counting.parse_sheet(rows, LIST)
    assert caught.value.problems == [
        "Dòng 2: ô của người số 3 ghi “?”: ghi 1 hoặc x nếu giữ tên, để trống hoặc 0 nếu gạch tên.",
        "Dòng 3: số phiếu “a” không hợp lệ (phải là số nguyên dương).",
        "Dòng 4, cột “Hỏng”: không hiểu “có lẽ”; ghi x nếu phiếu hỏng.",
        "Dòng 5: phiếu số 1 trùng với dòng 2.",
    ]


@pytest.mark.parametrize(
    ("header", "message"),
    [
        (["1", "2", "3"], "Thiếu cột “Số phiếu”."),
        (["Số phiếu", "1", "2"], "Thiếu cột của người số 3."),
        (["Số phiếu", "1", "2", "3", "Ghi chú"], "Cột 5 (“Ghi chú”): không rõ là cột gì."),
        (["Số phiếu", "1", "2", "3", "4"], "không có người nào mang số 4"),
        (["Số phiếu", "1", "2", "3", "Giữ tên"], "Chỉ dùng một cách ghi"),
        (["Số phiếu"], "Thiếu các cột người ứng cử"),
    ],
)
def test_a_sheet_with_a_wrong_header_is_refused(header, message):
    with pytest.raises(SheetError) as caught:
        counting.parse_sheet([header, [1] + [""] * (len(header) - 1)], LIST)
    assert any(message in problem for problem in caught.value.problems)


def test_an_empty_sheet_is_refused():
    with pytest.raises(SheetError, match="Tệp không có dữ liệu."):
        counting.parse_sheet([[None, ""]], LIST)
    with pytest.raises(SheetError, match="không có phiếu nào"):
        counting.parse_sheet([["Số phiếu", "Giữ tên"]], LIST)

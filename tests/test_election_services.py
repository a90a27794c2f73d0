"""Elections through their services: the list, the two entries, the count, confirmation, ties, corrections."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from congress import counting
from congress.models import (
    Ballot,
    CheckIn,
    Correction,
    Delegate,
    DelegateKind,
    Election,
    ElectionStatus,
    MajorityBase,
    SheetImport,
    TieRule,
)
from congress.services import CongressError
from congress.services import elections as services
from members.importing import SheetError
from members.models import Body, EndReason, Mandate, Role, StartMethod
from reports.figures import compute_figures, load_term_data
from tests.conftest import CONGRESS_V, make_person
from tests.election_fixtures import enter_both

DAY_BEFORE = CONGRESS_V - datetime.timedelta(days=1)
# 7 ballots for 2 seats: Ánh 5, Đức 4, Hưng 4; all pass (more than 3.5), Đức and Hưng tie for the last seat.
TIED_BALLOTS = [(1, {1, 2}), (2, {1, 2}), (3, {1, 3}), (4, {1, 3}), (5, {2, 3}), (6, {2, 3}), (7, {1})]


def _executive_holders(date):
    return sorted(
        (m.person.given_name, m.term.ordinal)
        for m in Mandate.objects.held_on(date).on_body(Body.EXECUTIVE).select_related("person", "term")
    )


def _count(election, ballots, actor, issued=None):
    enter_both(election, ballots, actor=actor)
    services.set_ballot_totals(election, actor=actor, issued=issued or len(ballots))
    election.refresh_from_db()
    return services.election_count(election)


# --- Setting up ----------------------------------------------------------------------------------------


def test_an_executive_committee_election_is_held_by_the_congress_on_its_day(executive_election):
    assert executive_election.start_method == StartMethod.CONGRESS
    assert executive_election.held_on == CONGRESS_V
    assert executive_election.seat_label == "Uỷ viên Ban Chấp hành"


def test_an_executive_committee_election_on_another_day_is_refused(election_congress, secretariat):
    with pytest.raises(CongressError, match="ngày Đại hội"):
        services.create_election(
            election_congress,
            actor=secretariat,
            title="BCH",
            body=Body.EXECUTIVE,
            seats=19,
            held_on=DAY_BEFORE,
        )


def test_a_standing_committee_election_is_held_by_the_new_committee(election_congress, secretariat):
    session = CONGRESS_V + datetime.timedelta(days=1)
    election = services.create_election(
        election_congress, actor=secretariat, title="BTV", body=Body.STANDING, seats=5, held_on=session
    )
    assert election.start_method == StartMethod.COMMITTEE
    assert election.held_on == session
    with pytest.raises(CongressError, match="không thể trước ngày Đại hội"):
        services.update_election(election, actor=secretariat, held_on=DAY_BEFORE)


def test_an_officer_election_names_its_role_and_a_body_without_that_role_is_refused(
    election_congress, secretariat
):
    chair = services.create_election(
        election_congress,
        actor=secretariat,
        title="Bầu Chủ tịch",
        body=Body.STANDING,
        role=Role.CHAIR,
        seats=1,
    )
    assert chair.seat_label == "Chủ tịch"
    with pytest.raises(CongressError, match="không có chức danh chủ tịch"):
        services.create_election(
            election_congress, actor=secretariat, title="?", body=Body.EXECUTIVE, role=Role.CHAIR, seats=1
        )


def test_candidates_are_numbered_in_vietnamese_alphabetical_order(executive_election, people, secretariat):
    def numbers():
        return [(c.number, c.person.given_name) for c in executive_election.candidates.order_by("number")]

    assert numbers() == [(1, "Ánh"), (2, "Đức"), (3, "Hưng")]
    services.add_candidate(executive_election, people["an"], actor=secretariat)
    assert numbers() == [(1, "An"), (2, "Ánh"), (3, "Đức"), (4, "Hưng")]
    services.remove_candidate(executive_election.candidates.get(number=2), actor=secretariat)
    assert numbers() == [(1, "An"), (2, "Đức"), (3, "Hưng")]


def test_a_person_is_listed_once(executive_election, people, secretariat):
    with pytest.raises(CongressError, match="Nguyễn Kiều Hưng đã có trong danh sách"):
        services.add_candidate(executive_election, people["hung"], actor=secretariat)


def test_the_list_is_locked_once_a_ballot_is_entered(executive_election, people, secretariat):
    services.record_ballot(executive_election, actor=secretariat, entry=1, number=1, kept={1})
    with pytest.raises(CongressError, match="không thể thay đổi danh sách"):
        services.add_candidate(executive_election, people["an"], actor=secretariat)
    with pytest.raises(CongressError, match="không thể thay đổi danh sách"):
        services.remove_candidate(executive_election.candidates.first(), actor=secretariat)


# --- Entering ballots ----------------------------------------------------------------------------------


def test_the_same_ballot_sent_twice_is_recorded_once(executive_election, secretariat):
    first, changed = services.record_ballot(
        executive_election, actor=secretariat, entry=1, number=5, kept={2, 1}
    )
    again, changed_again = services.record_ballot(
        executive_election, actor=secretariat, entry=1, number=5, kept={1, 2}
    )
    assert (changed, changed_again) == (True, False)
    assert first.pk == again.pk
    assert first.kept == [1, 2]
    assert first.history.count() == 1
    assert first.history.first().history_user == secretariat


def test_another_ballot_under_an_entered_number_is_refused_unless_it_replaces_it(
    executive_election, secretariat
):
    services.record_ballot(executive_election, actor=secretariat, entry=1, number=5, kept={1, 2})
    with pytest.raises(CongressError, match="Phiếu số 5 đã có ở lượt nhập 1 với nội dung khác"):
        services.record_ballot(executive_election, actor=secretariat, entry=1, number=5, kept={3})
    ballot, changed = services.record_ballot(
        executive_election, actor=secretariat, entry=1, number=5, kept={3}, replace=True
    )
    assert changed and ballot.kept == [3]
    # The same number in the other entry is that entry's own ballot.
    services.record_ballot(executive_election, actor=secretariat, entry=2, number=5, kept={1})


def test_a_ballot_keeping_a_number_not_on_the_list_is_refused(executive_election, secretariat):
    with pytest.raises(CongressError, match="Không có người nào mang số 4"):
        services.record_ballot(executive_election, actor=secretariat, entry=1, number=1, kept={1, 4})


def test_each_kind_of_ballot_is_counted_as_what_it_is(executive_election, secretariat):
    count = _count(
        executive_election,
        [(1, {1, 2}), (2, {1, 2, 3}), (3, set()), (4, {3}, True), (5, {3})],
        secretariat,
        issued=6,
    )
    assert count.totals.as_dict() == {
        "issued": 6,
        "returned": 5,
        "valid": 2,
        "invalid": 3,
        "spoiled": 1,
        "blank": 1,
        "too_many": 1,
    }
    assert [(c.number, c.votes) for c in count.result.candidates] == [(1, 1), (2, 1), (3, 1)]


# --- Two entries ---------------------------------------------------------------------------------------


def test_the_count_waits_for_both_entries(executive_election, secretariat):
    services.record_ballot(executive_election, actor=secretariat, entry=1, number=1, kept={1})
    count = services.election_count(executive_election)
    assert count.result is None
    assert "Lượt nhập 2 chưa có phiếu nào." in count.problems


def test_disagreeing_entries_are_shown_ballot_by_ballot_and_give_no_result(executive_election, secretariat):
    for number, kept in [(1, {1, 2}), (2, {1}), (3, {3})]:
        services.record_ballot(executive_election, actor=secretariat, entry=1, number=number, kept=kept)
    for number, kept in [(1, {1, 2}), (2, {2}), (4, {3})]:
        services.record_ballot(executive_election, actor=secretariat, entry=2, number=number, kept=kept)
    services.set_ballot_totals(executive_election, actor=secretariat, issued=10)
    count = services.election_count(executive_election)
    assert [d.describe() for d in count.differences] == [
        "Phiếu số 2: số 1 được giữ ở lượt 1 nhưng bị gạch ở lượt 2; số 2 bị gạch ở lượt 1 nhưng được giữ ở lượt 2.",
        "Phiếu số 3: chỉ có ở lượt nhập 1, lượt nhập 2 chưa nhập.",
        "Phiếu số 4: chỉ có ở lượt nhập 2, lượt nhập 1 chưa nhập.",
    ]
    assert count.result is None and count.totals is None
    assert "Hai lượt nhập chưa khớp ở 3 phiếu." in count.problems[0]
    with pytest.raises(CongressError, match="Hai lượt nhập chưa khớp"):
        services.confirm_result(executive_election, actor=secretariat)

    services.record_ballot(executive_election, actor=secretariat, entry=2, number=2, kept={1}, replace=True)
    services.record_ballot(executive_election, actor=secretariat, entry=2, number=3, kept={3})
    services.remove_ballot(executive_election, actor=secretariat, entry=2, number=4)
    executive_election.refresh_from_db()
    count = services.election_count(executive_election)
    assert count.differences == [] and count.agreed
    assert count.result.totals.returned == 3


def test_one_person_entering_both_entries_is_noticed(executive_election, secretariat, lead):
    enter_both(executive_election, [(1, {1})], actor=secretariat)
    assert services.election_count(executive_election).same_person_both_entries
    Ballot.objects.filter(entry=2).update(entered_by=lead)
    assert not services.election_count(executive_election).same_person_both_entries


# --- Totals and majority -------------------------------------------------------------------------------


def test_totals_that_do_not_add_up_are_refused(executive_election, secretariat):
    enter_both(executive_election, [(1, {1}), (2, {2}), (3, {1, 2})], actor=secretariat)
    count = services.election_count(executive_election)
    assert "Chưa nhập số phiếu phát ra." in count.problems
    services.set_ballot_totals(executive_election, actor=secretariat, issued=2)
    count = services.election_count(Election.objects.get(pk=executive_election.pk))
    assert count.result is None
    assert "Số phiếu thu vào (3) nhiều hơn số phiếu phát ra (2)" in count.problems[0]
    with pytest.raises(CongressError, match="nhiều hơn số phiếu phát ra"):
        services.confirm_result(executive_election, actor=secretariat)
    assert not Mandate.objects.filter(term__ordinal=5).exists()


def _delegates(congress, summoned, present):
    for index in range(summoned):
        person = make_person(f"Đại Biểu Số{index}")
        delegate = Delegate.objects.create(congress=congress, person=person, kind=DelegateKind.APPOINTED)
        if index < present:
            CheckIn.objects.create(delegate=delegate, method="name")
    guest = Delegate.objects.create(
        congress=congress, person=make_person("Khách Mời Một"), kind=DelegateKind.GUEST
    )
    CheckIn.objects.create(delegate=guest, method="name")


@pytest.mark.parametrize(
    ("base", "elected", "needed"),
    [
        (MajorityBase.VALID_BALLOTS, ["Ánh", "Đức"], 4),  # more than half of 6 valid ballots
        (MajorityBase.PRESENT, ["Ánh"], 5),  # more than half of 8 delegates present
        (MajorityBase.SUMMONED, [], 6),  # more than half of 10 delegates summoned
    ],
)
def test_the_majority_is_counted_on_the_congress_s_base(
    executive_election, secretariat, base, elected, needed
):
    """6 valid ballots, 10 delegates summoned (and a guest, who does not count), 8 of them present."""
    congress = executive_election.congress
    congress.majority_base = base
    congress.save()
    _delegates(congress, summoned=10, present=8)
    ballots = [
        (1, {1, 2}),
        (2, {1, 2}),
        (3, {1, 2}),
        (4, {1, 2}),
        (5, {1, 3}),
        (6, {3}),
    ]  # Ánh 5, Đức 4, Hưng 2
    count = _count(executive_election, ballots, secretariat, issued=10)
    assert count.result.needed == needed
    assert [c.name.split()[-1] for c in count.result.elected] == elected


def test_a_committee_election_counts_its_majority_on_the_new_committee(
    confirmed_election, election_congress, people, secretariat
):
    election_congress.majority_base = MajorityBase.SUMMONED
    election_congress.save()
    standing = services.create_election(
        election_congress, actor=secretariat, title="BTV", body=Body.STANDING, seats=1
    )
    services.add_candidate(standing, people["anh"], actor=secretariat)
    assert services.majority_base(standing, None).value == 2  # Ánh and Đức, the new executive committee
    election_congress.majority_base = MajorityBase.PRESENT
    election_congress.save()
    standing.refresh_from_db()
    assert services.majority_base(standing, None).missing == "Chưa nhập số uỷ viên Ban Chấp hành có mặt."
    services.set_ballot_totals(standing, actor=secretariat, issued=2, electors_present=2)
    standing.refresh_from_db()
    assert services.majority_base(standing, None).value == 2


# --- Confirmation --------------------------------------------------------------------------------------


def test_confirming_gives_the_elected_their_seats_and_ends_the_outgoing_committee(
    counted_election, secretariat
):
    assert _executive_holders(DAY_BEFORE) == [("Hưng", 4)]
    election, runoff = services.confirm_result(counted_election, actor=secretariat)

    assert runoff is None
    assert _executive_holders(DAY_BEFORE) == [("Hưng", 4)]
    assert _executive_holders(CONGRESS_V) == [("Ánh", 5), ("Đức", 5)]
    outgoing = Mandate.objects.get(person__given_name="Hưng", term__ordinal=4, body=Body.EXECUTIVE)
    assert (outgoing.ended_on, outgoing.end_reason) == (CONGRESS_V, EndReason.TERM_ENDED)
    assert outgoing.history.first().history_user == secretariat
    # Another body's seat is ended by that body's election, not this one.
    assert Mandate.objects.get(person__given_name="Hưng", body=Body.STANDING).ended_on is None
    seat = Mandate.objects.get(person__given_name="Ánh")
    assert (seat.term.ordinal, seat.role, seat.start_method, seat.started_on) == (
        5,
        Role.MEMBER,
        StartMethod.CONGRESS,
        CONGRESS_V,
    )
    assert seat.note == f"Trúng cử: {election.title}"
    assert seat.candidacy.election == election
    assert election.status == ElectionStatus.CONFIRMED
    assert election.confirmed_by == secretariat
    assert election.result["status"] == "complete"


def test_a_committee_election_seats_start_on_the_session_day(
    confirmed_election, election_congress, people, secretariat
):
    session = CONGRESS_V + datetime.timedelta(days=2)
    standing = services.create_election(
        election_congress, actor=secretariat, title="BTV", body=Body.STANDING, seats=1, held_on=session
    )
    services.add_candidate(standing, people["anh"], actor=secretariat)
    services.add_candidate(standing, people["duc"], actor=secretariat)
    _count(standing, [(1, {1}), (2, {1})], secretariat)
    services.confirm_result(standing, actor=secretariat)
    seat = Mandate.objects.get(body=Body.STANDING, term__ordinal=5)
    assert (seat.person.given_name, seat.started_on, seat.start_method) == (
        "Ánh",
        session,
        StartMethod.COMMITTEE,
    )
    outgoing_chair = Mandate.objects.get(person__given_name="Hưng", body=Body.STANDING)
    assert (outgoing_chair.ended_on, outgoing_chair.end_reason) == (CONGRESS_V, EndReason.TERM_ENDED)


def test_a_confirmed_result_cannot_be_changed(confirmed_election, people, secretariat):
    snapshot = confirmed_election.result
    attempts = [
        lambda: services.record_ballot(confirmed_election, actor=secretariat, entry=1, number=9, kept={1}),
        lambda: services.remove_ballot(confirmed_election, actor=secretariat, entry=1, number=1),
        lambda: services.add_candidate(confirmed_election, people["an"], actor=secretariat),
        lambda: services.set_ballot_totals(confirmed_election, actor=secretariat, issued=50),
        lambda: services.update_election(confirmed_election, actor=secretariat, seats=3),
        lambda: services.import_ballots(
            confirmed_election, [["Số phiếu", "Giữ tên"], [9, "1"]], actor=None, entry=1
        ),
        lambda: services.confirm_result(confirmed_election, actor=secretariat),
    ]
    for attempt in attempts:
        with pytest.raises(CongressError, match="đã được xác nhận .* không thể thay đổi"):
            attempt()
    confirmed_election.refresh_from_db()
    assert confirmed_election.result == snapshot
    assert Mandate.objects.filter(term__ordinal=5).count() == 2


def test_the_confirmed_result_stays_what_it_was_when_attendance_changes_later(
    confirmed_election, secretariat
):
    confirmed_election.congress.majority_base = MajorityBase.PRESENT
    confirmed_election.congress.save()
    count = services.election_count(Election.objects.get(pk=confirmed_election.pk))
    assert count.result.base_kind == MajorityBase.VALID_BALLOTS
    assert [c.name for c in count.result.elected] == ["Lê Thị Ánh", "Đặng Văn Đức"]


def test_fewer_elected_than_seats_is_confirmed_as_such(executive_election, secretariat):
    # Ánh 3 of 5 valid ballots passes; Đức and Hưng, 1 each, do not: one of two seats is filled.
    count = _count(executive_election, [(1, {1}), (2, {1}), (3, {1}), (4, {2}), (5, {3})], secretariat)
    assert count.result.status == counting.Status.SHORT
    services.confirm_result(executive_election, actor=secretariat)
    assert _executive_holders(CONGRESS_V) == [("Ánh", 5)]


# --- Ties ----------------------------------------------------------------------------------------------


def test_a_tie_under_the_runoff_rule_is_confirmed_with_a_runoff_for_the_seat_left(
    executive_election, secretariat
):
    count = _count(executive_election, TIED_BALLOTS, secretariat)
    assert count.result.status == counting.Status.TIE
    assert count.can_confirm
    election, runoff = services.confirm_result(executive_election, actor=secretariat)
    assert _executive_holders(CONGRESS_V) == [("Ánh", 5)]
    assert runoff.runoff_of == election
    assert runoff.seats == 1
    assert [(c.number, c.person.given_name) for c in runoff.candidates.order_by("number")] == [
        (1, "Đức"),
        (2, "Hưng"),
    ]
    assert not runoff.requires_majority

    count = _count(runoff, [(1, {2}), (2, {1}), (3, {2})], secretariat)
    assert [c.name for c in count.result.elected] == ["Nguyễn Kiều Hưng"]
    services.confirm_result(runoff, actor=secretariat)
    assert sorted(_executive_holders(CONGRESS_V)) == sorted([("Ánh", 5), ("Hưng", 5)])


def test_a_tie_under_older_first_elects_the_older_candidate(executive_election, secretariat):
    executive_election.congress.tie_rule = TieRule.OLDER_FIRST
    executive_election.congress.save()
    count = _count(executive_election, TIED_BALLOTS, secretariat)
    assert count.result.status == counting.Status.COMPLETE
    assert count.result.tie.how == "older_first"
    _, runoff = services.confirm_result(executive_election, actor=secretariat)
    assert runoff is None
    # Hưng (born 1970) is older than Đức (born 1985).
    assert sorted(_executive_holders(CONGRESS_V)) == sorted([("Ánh", 5), ("Hưng", 5)])


def test_a_tie_the_congress_decides_needs_its_recorded_decision(
    executive_election, election_candidates, secretariat
):
    executive_election.congress.tie_rule = TieRule.CONGRESS_DECIDES
    executive_election.congress.save()
    _count(executive_election, TIED_BALLOTS, secretariat)
    with pytest.raises(CongressError, match="còn người bằng phiếu ở ghế cuối"):
        services.confirm_result(executive_election, actor=secretariat)
    with pytest.raises(CongressError, match="Chỉ được chọn trong số những người bằng phiếu"):
        services.record_tie_decision(
            executive_election, actor=secretariat, chosen=[election_candidates["anh"]], note="Biểu quyết"
        )
    with pytest.raises(CongressError, match="Hãy chọn đúng 1 người"):
        services.record_tie_decision(
            executive_election,
            actor=secretariat,
            chosen=[election_candidates["duc"], election_candidates["hung"]],
            note="Biểu quyết",
        )
    decision = services.record_tie_decision(
        executive_election,
        actor=secretariat,
        chosen=[election_candidates["duc"]],
        note="Đại hội biểu quyết giơ tay, 5/7 đại biểu tán thành.",
    )
    assert decision.recorded_by == secretariat
    assert decision.history.first().history_user == secretariat
    count = services.election_count(executive_election)
    assert count.result.tie.how == "decision"
    services.confirm_result(executive_election, actor=secretariat)
    assert sorted(_executive_holders(CONGRESS_V)) == [("Ánh", 5), ("Đức", 5)]


def test_no_decision_is_taken_where_there_is_no_tie(counted_election, election_candidates, secretariat):
    with pytest.raises(CongressError, match="không có trường hợp bằng phiếu"):
        services.record_tie_decision(counted_election, actor=secretariat, chosen=[], note="?")


# --- Corrections ---------------------------------------------------------------------------------------


def test_a_correction_changes_who_holds_the_seats_and_is_recorded(
    confirmed_election, election_candidates, secretariat
):
    snapshot = confirmed_election.result
    correction = services.record_correction(
        confirmed_election,
        actor=secretariat,
        reason="Kiểm lại phiếu số 3 theo đề nghị của Đoàn Chủ tịch: phiếu giữ tên ông Hưng, không phải ông Đức.",
        effective_on=CONGRESS_V,
        withdrawn=[election_candidates["duc"]],
        added=[election_candidates["hung"]],
    )
    assert sorted(_executive_holders(CONGRESS_V)) == sorted([("Ánh", 5), ("Hưng", 5)])
    withdrawn = Mandate.objects.get(person__given_name="Đức", term__ordinal=5)
    assert (withdrawn.ended_on, withdrawn.end_reason) == (CONGRESS_V, EndReason.OTHER)
    assert "Kiểm lại phiếu số 3" in withdrawn.note
    assert correction.recorded_by == secretariat and correction.recorded_at is not None
    assert list(correction.withdrawn.all()) == [election_candidates["duc"]]
    assert list(correction.added.all()) == [election_candidates["hung"]]
    assert {h.history_user for h in Correction.history.all()} == {secretariat}
    confirmed_election.refresh_from_db()
    assert confirmed_election.result == snapshot


def test_a_correction_keeps_within_the_seats_and_needs_a_reason(
    confirmed_election, election_candidates, secretariat
):
    with pytest.raises(CongressError, match="vượt quá 2 ghế"):
        services.record_correction(
            confirmed_election,
            actor=secretariat,
            reason="Thêm người",
            effective_on=CONGRESS_V,
            added=[election_candidates["hung"]],
        )
    with pytest.raises(CongressError, match="Hãy ghi lý do"):
        services.record_correction(
            confirmed_election,
            actor=secretariat,
            reason=" ",
            effective_on=CONGRESS_V,
            withdrawn=[election_candidates["duc"]],
        )
    with pytest.raises(CongressError, match="không giữ ghế nào"):
        services.record_correction(
            confirmed_election,
            actor=secretariat,
            reason="?",
            effective_on=CONGRESS_V,
            withdrawn=[election_candidates["hung"]],
        )
    assert not Correction.objects.exists()


def test_an_open_election_is_corrected_by_its_entries_not_by_a_correction(
    counted_election, election_candidates, secretariat
):
    with pytest.raises(CongressError, match="Chỉ đính chính được kết quả đã xác nhận"):
        services.record_correction(
            counted_election,
            actor=secretariat,
            reason="?",
            effective_on=CONGRESS_V,
            added=[election_candidates["hung"]],
        )


# --- Sheets --------------------------------------------------------------------------------------------


def _staged(election, actor, content, name, **options):
    return services.stage_ballot_import(
        election, SimpleUploadedFile(name, content), actor=actor, **{"entry": 1, **options}
    )


def test_a_csv_sheet_enters_one_entry_once_confirmed(executive_election, secretariat, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    upload = _staged(
        executive_election,
        secretariat,
        "Số phiếu;1;2;3;Hỏng\n1;x;x;;\n2;x;;1;\n3;;;;x\n".encode(),
        "luot-1.csv",
    )
    assert upload.summary["counts"] == {"create": 3, "reject": 0}
    assert not Ballot.objects.exists()  # the preview writes nothing
    assert services.apply_ballot_import(upload, actor=secretariat) == 3
    stored = {b.number: (b.kept, b.spoiled, b.entered_by) for b in executive_election.ballots.filter(entry=1)}
    assert stored == {
        1: ([1, 2], False, secretariat),
        2: ([1, 3], False, secretariat),
        3: ([], True, secretariat),
    }
    assert Ballot.history.filter(history_user=secretariat).count() == 3


def test_an_xlsx_sheet_with_a_title_above_its_header(executive_election, secretariat, settings, tmp_path):
    from openpyxl import Workbook

    settings.MEDIA_ROOT = tmp_path
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["KẾT QUẢ NHẬP PHIẾU LƯỢT 2"])
    sheet.append(["Số phiếu", "Giữ tên"])
    sheet.append([1, "1, 3"])
    sheet.append([2, "hai"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    upload = _staged(executive_election, secretariat, buffer.getvalue(), "luot-2.xlsx", entry=2)
    # The line numbers are the spreadsheet's own, title row included.
    problems = upload.summary["problems"]
    assert len(problems) == 1 and problems[0].startswith("Dòng 4:")
    with pytest.raises(SheetError, match="còn 1 dòng lỗi"):
        services.apply_ballot_import(upload, actor=secretariat)
    assert not Ballot.objects.exists()


def test_a_sheet_with_mistakes_writes_nothing(executive_election, secretariat):
    rows = [["Số phiếu", "1", "2", "3"], [1, "x", "", ""], [2, "x", "?", ""]]
    with pytest.raises(CongressError, match="Dòng 3: ô của người số 2"):
        services.import_ballots(executive_election, rows, actor=secretariat, entry=1)
    assert not Ballot.objects.exists()


def test_a_sheet_does_not_overwrite_entered_ballots_unless_told_to(
    executive_election, secretariat, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    services.record_ballot(executive_election, actor=secretariat, entry=1, number=2, kept={3})
    content = "Số phiếu,Giữ tên\n1,1\n2,2\n".encode()
    upload = _staged(executive_election, secretariat, content, "a.csv")
    assert any("Lượt nhập 1 đã có các phiếu số 2" in p for p in upload.summary["problems"])
    replacing = _staged(executive_election, secretariat, content, "a.csv", replace=True)
    assert replacing.summary["replaced"] == 1
    assert services.apply_ballot_import(replacing, actor=secretariat) == 2
    assert sorted(executive_election.ballots.values_list("number", "kept")) == [(1, [1]), (2, [2])]


def test_ballots_entered_after_the_preview_stop_the_confirmation(
    executive_election, secretariat, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    upload = _staged(executive_election, secretariat, "Số phiếu,Giữ tên\n1,1\n2,2\n".encode(), "a.csv")
    services.record_ballot(executive_election, actor=secretariat, entry=1, number=2, kept={3})
    with pytest.raises(SheetError, match="đã thay đổi kể từ lúc xem trước"):
        services.apply_ballot_import(upload, actor=secretariat)
    assert list(executive_election.ballots.values_list("number", "kept")) == [(2, [3])]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("phieu.pdf", b"%PDF-1.7", "tệp PDF"),
        ("phieu.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, ".xlsx"),
        ("phieu.xlsx", b"not a zip", "bị hỏng"),
    ],
)
def test_only_readable_sheets_are_staged(executive_election, secretariat, name, content, message):
    with pytest.raises(SheetError, match=message):
        _staged(executive_election, secretariat, content, name)
    assert not SheetImport.objects.exists()


# --- Documents -----------------------------------------------------------------------------------------


def test_the_ballot_paper_lists_the_candidates_in_order_with_the_instructions(executive_election):
    html = services.ballot_paper_html(executive_election)
    assert "PHIẾU BẦU CỬ" in html
    assert "Đồng ý giữ nguyên, không đồng ý gạch tên" in html
    assert html.index("Lê Thị Ánh") < html.index("Đặng Văn Đức") < html.index("Nguyễn Kiều Hưng")
    assert "LIÊN HIỆP CÁC HỘI KHOA HỌC VÀ KỸ THUẬT HUYỆN HƯƠNG SƠN" in html
    filename, content_type, data = services.ballot_paper_pdf(executive_election)
    assert (filename, content_type) == (f"phieu-bau-{executive_election.pk}.pdf", "application/pdf")
    assert data.startswith(b"%PDF")


def test_the_minutes_give_totals_votes_percentages_and_the_elected(counted_election):
    html = services.minutes_html(counted_election)
    assert "BIÊN BẢN KIỂM PHIẾU" in html
    assert "DỰ THẢO" in html  # not confirmed yet
    for fact in ["Số phiếu phát ra:", "Số phiếu thu vào:", "Số phiếu hợp lệ:", "Số phiếu không hợp lệ:"]:
        assert fact in html
    assert "75,0%" in html  # Ánh: 3 of 4 valid ballots
    assert "25,0%" in html  # Hưng: 1 of 4
    assert "tức từ 3 phiếu trở lên" in html
    assert html.count("Trúng cử") == 2
    assert services.minutes_pdf(counted_election)[2].startswith(b"%PDF")


def test_no_minutes_without_a_result(executive_election):
    with pytest.raises(CongressError, match="Chưa có kết quả để lập biên bản"):
        services.minutes_html(executive_election)


# --- The resolution ------------------------------------------------------------------------------------


def test_the_resolution_s_targets_belong_to_the_new_term_and_reach_its_report(
    election_congress, term_v, secretariat
):
    resolution = services.record_resolution(
        election_congress,
        actor=secretariat,
        adopted_on=CONGRESS_V,
        summary="Phát triển hội viên, đổi mới hoạt động.",
    )
    assert resolution.history.first().history_user == secretariat
    services.add_target(
        election_congress,
        actor=secretariat,
        label="Thành lập thêm hội",
        figure="so_hoi_thanh_vien",
        target_value=48,
    )
    services.add_target(
        election_congress,
        actor=secretariat,
        label="Hội viên",
        figure="so_hoi_vien",
        target_value=9000,
        unit="người",
    )
    targets = load_term_data(term_v, CONGRESS_V).targets
    assert [(t.label, t.position, t.term_id) for t in targets] == [
        ("Thành lập thêm hội", 1, term_v.pk),
        ("Hội viên", 2, term_v.pk),
    ]
    with pytest.raises(CongressError, match="Hãy chọn số liệu đối chiếu"):
        services.add_target(
            election_congress, actor=secretariat, label="?", figure="khong_co", target_value=1
        )
    with pytest.raises(CongressError, match="không thể thông qua trước ngày Đại hội"):
        services.record_resolution(election_congress, actor=secretariat, adopted_on=DAY_BEFORE, summary="?")


def test_the_next_term_s_report_sees_the_confirmed_committee_at_once(counted_election, term_v, secretariat):
    before = compute_figures(load_term_data(term_v, CONGRESS_V))
    services.confirm_result(counted_election, actor=secretariat)
    after = compute_figures(load_term_data(term_v, CONGRESS_V))
    assert (before["so_uy_vien_bch_bau"], after["so_uy_vien_bch_bau"]) == (None, 2)

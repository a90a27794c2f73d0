"""The election pages as the secretariat (acting as the counting board) uses them."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from congress.models import Ballot, Correction, Election, Resolution, TieRule
from congress.services import elections as services
from members.models import Body, Mandate
from reports.models import Target
from tests.conftest import CONGRESS_V
from tests.election_fixtures import enter_both


@pytest.fixture
def board(client, secretariat):
    client.force_login(secretariat)
    return client


def _url(name, *args):
    return reverse(f"congress:{name}", args=args)


def _queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def _messages(response):
    return [str(m) for m in response.context["messages"]] if response.context else []


# --- Setting up ----------------------------------------------------------------------------------------


def test_the_list_shows_each_congress_with_its_elections(board, executive_election):
    response = board.get(_url("elections"))
    assert response.status_code == 200
    assert "Đại hội lần thứ V" in response.text
    assert executive_election.title in response.text
    assert _url("election_create", executive_election.congress_id) in response.text


def test_an_election_is_created_and_the_board_goes_on_to_its_list(board, election_congress):
    response = board.post(
        _url("election_create", election_congress.pk),
        {
            "title": "Bầu Ban Kiểm tra khoá V",
            "body": Body.INSPECTION,
            "role": "member",
            "seats": "3",
            "held_on": "",
        },
    )
    election = Election.objects.get(title="Bầu Ban Kiểm tra khoá V")
    assert response.status_code == 302
    assert response["Location"] == _url("election_candidates", election.pk)
    assert (election.seats, election.held_on, election.start_method) == (3, CONGRESS_V, "committee")


def test_a_role_the_body_does_not_have_is_shown_on_the_form(board, election_congress):
    response = board.post(
        _url("election_create", election_congress.pk),
        {"title": "?", "body": Body.EXECUTIVE, "role": "chair", "seats": "1"},
    )
    assert response.status_code == 200
    assert "Ban Chấp hành không có chức danh chủ tịch." in response.text
    assert not Election.objects.exists()


def test_candidates_are_found_by_name_without_diacritics_and_added(board, executive_election, people):
    response = board.get(_url("election_candidates", executive_election.pk), {"q": "phan van an"})
    assert "Phan Văn An" in response.text
    response = board.post(
        _url("election_candidates", executive_election.pk), {"person": people["an"].pk, "q": "an"}
    )
    assert response.status_code == 302
    assert executive_election.candidates.get(number=1).person == people["an"]
    listed = board.get(_url("election_candidates", executive_election.pk))
    assert listed.text.index("Phan Văn An") < listed.text.index("Lê Thị Ánh")


@pytest.mark.parametrize("person", ["abc", "", "1 OR 1=1"])
def test_a_forged_person_answers_not_found_and_adds_nobody(board, executive_election, person):
    response = board.post(_url("election_candidates", executive_election.pk), {"person": person})
    assert response.status_code == 404
    assert executive_election.candidates.count() == 3


def test_a_candidate_is_removed_while_no_ballot_is_entered(board, executive_election, election_candidates):
    board.post(_url("election_candidate_remove", executive_election.pk, election_candidates["anh"].pk))
    assert [c.person.given_name for c in executive_election.candidates.order_by("number")] == ["Đức", "Hưng"]


def test_the_ballot_paper_is_a_pdf(board, executive_election):
    response = board.get(_url("election_ballot_paper", executive_election.pk))
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


# --- Entering ballots ----------------------------------------------------------------------------------


def test_the_entry_page_offers_the_next_ballot_with_every_name_kept(board, executive_election, secretariat):
    services.record_ballot(executive_election, actor=secretariat, entry=1, number=7, kept={1})
    response = board.get(_url("election_entry", executive_election.pk, 1))
    assert response.context["form"].initial == {"number": 8, "kept": [1, 2, 3]}
    assert response.text.count('name="kept"') == 3
    assert "autofocus" in response.text


def test_a_ballot_is_entered_with_the_numbers_crossed_out(board, executive_election, secretariat):
    url = _url("election_entry", executive_election.pk, 1)
    response = board.post(url, {"number": "1", "kept": ["1", "2", "3"], "crossed": "2"}, follow=True)
    assert "Đã ghi phiếu số 1: hợp lệ." in _messages(response)
    ballot = Ballot.objects.get()
    assert (ballot.entry, ballot.number, ballot.kept, ballot.spoiled, ballot.entered_by) == (
        1,
        1,
        [1, 3],
        False,
        secretariat,
    )


def test_an_invalid_ballot_is_entered_and_named_as_such(board, executive_election):
    url = _url("election_entry", executive_election.pk, 2)
    response = board.post(url, {"number": "3", "kept": ["1", "2", "3"]}, follow=True)
    assert "Đã ghi phiếu số 3: giữ quá số người được bầu." in _messages(response)
    response = board.post(url, {"number": "4", "crossed": "*"}, follow=True)
    assert "Đã ghi phiếu số 4: gạch hết tên." in _messages(response)
    response = board.post(url, {"number": "5", "kept": ["1"], "spoiled": "on"}, follow=True)
    assert "Đã ghi phiếu số 5: phiếu hỏng." in _messages(response)


def test_the_same_ballot_sent_twice_changes_nothing_and_says_so(board, executive_election):
    url = _url("election_entry", executive_election.pk, 1)
    board.post(url, {"number": "1", "kept": ["1"]})
    response = board.post(url, {"number": "1", "kept": ["1"]}, follow=True)
    assert "Phiếu số 1 đã được ghi đúng như vậy từ trước." in _messages(response)
    assert Ballot.objects.count() == 1


def test_another_ballot_under_the_same_number_is_refused_on_the_page(board, executive_election):
    url = _url("election_entry", executive_election.pk, 1)
    board.post(url, {"number": "1", "kept": ["1"]})
    response = board.post(url, {"number": "1", "kept": ["2"]})
    assert response.status_code == 200
    assert "Phiếu số 1 đã có ở lượt nhập 1 với nội dung khác." in response.text
    assert Ballot.objects.get().kept == [1]


def test_a_number_not_on_the_list_is_refused_on_the_page(board, executive_election):
    response = board.post(_url("election_entry", executive_election.pk, 1), {"number": "1", "crossed": "9"})
    assert "Không có người nào mang số 9" in response.text
    assert not Ballot.objects.exists()


def test_an_entered_ballot_is_opened_edited_and_removed(board, executive_election, secretariat):
    services.record_ballot(executive_election, actor=secretariat, entry=1, number=4, kept={1, 2})
    url = _url("election_entry", executive_election.pk, 1)
    response = board.get(url, {"so": "4"})
    assert response.context["form"].initial == {
        "number": 4,
        "kept": [1, 2],
        "spoiled": False,
        "replace": True,
    }
    assert "Sửa phiếu số 4" in response.text
    board.post(url, {"number": "4", "kept": ["3"], "replace": "True"})
    assert Ballot.objects.get().kept == [3]
    board.post(_url("election_ballot_remove", executive_election.pk, 1, 4))
    assert not Ballot.objects.exists()


def test_the_entry_page_does_not_show_the_other_entry_s_ballots(board, executive_election, secretariat):
    services.record_ballot(executive_election, actor=secretariat, entry=1, number=31, kept={1})
    response = board.get(_url("election_entry", executive_election.pk, 2))
    assert [row["number"] for row in response.context["rows"]] == []
    assert response.context["other_count"] == 1


def test_the_entry_page_s_queries_do_not_grow_with_the_ballots(board, executive_election, secretariat):
    url = _url("election_entry", executive_election.pk, 1)
    enter_both(executive_election, [(n, {1}) for n in range(1, 3)], actor=secretariat)
    few = _queries(board, url)
    enter_both(executive_election, [(n, {2, 3}) for n in range(3, 60)], actor=secretariat)
    assert _queries(board, url) == few


# --- Import --------------------------------------------------------------------------------------------


def test_a_sheet_is_previewed_then_imported_into_the_chosen_entry(
    board, executive_election, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    sheet = SimpleUploadedFile("luot2.csv", 'Số phiếu,Giữ tên,Hỏng\n1,"1, 2",\n2,3,\n3,,x\n'.encode())
    preview = board.post(
        _url("election_import", executive_election.pk), {"sheet": sheet, "entry": "2"}, follow=True
    )
    assert "Tệp có 3 phiếu." in preview.content.decode()
    assert not Ballot.objects.exists()
    upload = preview.context["upload"]
    response = board.post(_url("sheet_import_apply", upload.pk), follow=True)
    assert "Đã nhập 3 phiếu vào lượt nhập 2." in _messages(response)
    assert sorted(Ballot.objects.filter(entry=2).values_list("number", "kept", "spoiled")) == [
        (1, [1, 2], False),
        (2, [3], False),
        (3, [], True),
    ]
    again = board.post(_url("sheet_import_apply", upload.pk), follow=True)
    assert any("đã được cập nhật lúc" in m for m in _messages(again))
    assert Ballot.objects.count() == 3


def test_a_sheet_with_mistakes_is_shown_row_by_row_and_nothing_is_written(
    board, executive_election, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    sheet = SimpleUploadedFile("luot1.csv", "Số phiếu,1,2,3\n1,x,,\nhai,x,,\n".encode())
    response = board.post(
        _url("election_import", executive_election.pk), {"sheet": sheet, "entry": "1"}, follow=True
    )
    assert response.context["summary"]["problems"] == [
        "Dòng 3: số phiếu “hai” không hợp lệ (phải là số nguyên dương).",
    ]
    assert "Xác nhận nhập" not in response.content.decode()
    assert board.post(_url("sheet_import_apply", response.context["upload"].pk)).status_code == 302
    assert not Ballot.objects.exists()


def test_an_unreadable_file_is_refused_on_the_upload_form(board, executive_election):
    sheet = SimpleUploadedFile("luot1.xlsx", b"PK\x03\x04 not really")
    response = board.post(_url("election_import", executive_election.pk), {"sheet": sheet, "entry": "1"})
    assert response.status_code == 200
    assert "bị hỏng" in str(response.context["form"].errors["sheet"])


# --- The result ----------------------------------------------------------------------------------------


def test_the_result_page_shows_each_disagreement_with_links_to_fix_it(board, executive_election, secretariat):
    services.record_ballot(executive_election, actor=secretariat, entry=1, number=1, kept={1, 2})
    services.record_ballot(executive_election, actor=secretariat, entry=2, number=1, kept={1, 3})
    services.record_ballot(executive_election, actor=secretariat, entry=2, number=2, kept={1})
    response = board.get(_url("election_result", executive_election.pk))
    assert "Hai lượt khác nhau ở 2 phiếu." in response.text
    assert "Phiếu số 1: số 2 được giữ ở lượt 1 nhưng bị gạch ở lượt 2" in response.text
    assert "Phiếu số 2: chỉ có ở lượt nhập 2, lượt nhập 1 chưa nhập." in response.text
    assert _url("election_entry", executive_election.pk, 1) + "?so=2" in response.text
    assert response.context["result"] is None


def test_the_result_page_shows_votes_percentages_and_who_is_elected(board, counted_election):
    response = board.get(_url("election_result", counted_election.pk))
    assert "Hai lượt khớp nhau trên toàn bộ 4 phiếu." in response.text
    assert "75,0%" in response.text and "25,0%" in response.text
    assert "tức từ 3 phiếu trở lên" in response.text
    assert [c.name for c in response.context["result"].elected] == ["Lê Thị Ánh", "Đặng Văn Đức"]
    assert "1 chức danh Ban Chấp hành khoá IV còn lại kết thúc ngày 15/03/2024" in response.text


def test_the_result_page_s_queries_do_not_grow_with_the_ballots(board, counted_election, secretariat):
    url = _url("election_result", counted_election.pk)
    few = _queries(board, url)
    enter_both(counted_election, [(n, {1, 3}) for n in range(5, 80)], actor=secretariat)
    services.set_ballot_totals(counted_election, actor=secretariat, issued=100)
    assert _queries(board, url) == few


def test_the_board_enters_the_ballots_issued(board, executive_election):
    board.post(_url("election_totals", executive_election.pk), {"ballots_issued": "150"})
    executive_election.refresh_from_db()
    assert executive_election.ballots_issued == 150


def test_confirming_on_the_page_gives_the_seats(board, counted_election):
    response = board.post(_url("election_confirm", counted_election.pk), follow=True)
    assert "Đã xác nhận kết quả." in _messages(response)[0]
    assert Mandate.objects.held_on(CONGRESS_V).filter(term__ordinal=5, body=Body.EXECUTIVE).count() == 2
    again = board.post(_url("election_confirm", counted_election.pk), follow=True)
    assert "không thể thay đổi" in _messages(again)[0]


def test_a_tie_the_congress_decides_is_recorded_on_the_page(
    board, executive_election, election_candidates, secretariat
):
    executive_election.congress.tie_rule = TieRule.CONGRESS_DECIDES
    executive_election.congress.save()
    ballots = [(1, {1, 2}), (2, {1, 2}), (3, {1, 3}), (4, {1, 3}), (5, {2, 3}), (6, {2, 3}), (7, {1})]
    enter_both(executive_election, ballots, actor=secretariat)
    services.set_ballot_totals(executive_election, actor=secretariat, issued=7)
    page = board.get(_url("election_result", executive_election.pk))
    assert "Bằng phiếu ở ghế cuối, chờ giải quyết" in page.text
    assert page.context["tie_form"] is not None
    board.post(
        _url("election_tie_decision", executive_election.pk),
        {"chosen": [str(election_candidates["hung"].number)], "note": "Biểu quyết giơ tay"},
    )
    page = board.get(_url("election_result", executive_election.pk))
    assert "Quyết định đã ghi: Biểu quyết giơ tay" in page.text
    assert [c.name for c in page.context["result"].elected] == ["Lê Thị Ánh", "Nguyễn Kiều Hưng"]


def test_the_minutes_are_a_pdf(board, counted_election):
    response = board.get(_url("election_minutes", counted_election.pk))
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_no_minutes_before_the_entries_agree(board, executive_election):
    response = board.get(_url("election_minutes", executive_election.pk), follow=True)
    assert "Chưa có kết quả để lập biên bản" in _messages(response)[0]


def test_a_correction_is_recorded_from_its_form(board, confirmed_election, election_candidates, secretariat):
    page = board.get(_url("election_correction", confirmed_election.pk))
    assert page.context["form"].fields["withdrawn"].choices == [
        (election_candidates["anh"].pk, "1. Lê Thị Ánh"),
        (election_candidates["duc"].pk, "2. Đặng Văn Đức"),
    ]
    response = board.post(
        _url("election_correction", confirmed_election.pk),
        {
            "reason": "Kiểm lại phiếu số 3.",
            "effective_on": "15/03/2024",
            "withdrawn": [election_candidates["duc"].pk],
            "added": [election_candidates["hung"].pk],
        },
        follow=True,
    )
    assert "Đã ghi biên bản đính chính" in _messages(response)[0]
    correction = Correction.objects.get()
    assert (correction.reason, correction.recorded_by) == ("Kiểm lại phiếu số 3.", secretariat)
    assert "Kiểm lại phiếu số 3." in response.text


# --- The resolution ------------------------------------------------------------------------------------


def test_the_resolution_and_its_targets_are_recorded(board, election_congress, term_v):
    url = _url("resolution", election_congress.pk)
    board.post(url, {"adopted_on": "15/03/2024", "summary": "Nâng cao chất lượng hoạt động."})
    assert Resolution.objects.get().summary == "Nâng cao chất lượng hoạt động."
    board.post(
        _url("resolution_target_add", election_congress.pk),
        {
            "label": "Tỷ lệ hội hoạt động tốt",
            "figure": "so_hoi_thanh_vien",
            "target_value": "12,5",
            "unit": "%",
        },
    )
    target = Target.objects.get()
    assert (target.term, target.target_value, target.unit) == (term_v, Decimal("12.5"), "%")
    page = board.get(url)
    assert "Tỷ lệ hội hoạt động tốt" in page.text
    board.post(_url("resolution_target_remove", election_congress.pk, target.pk))
    assert not Target.objects.exists()


def test_a_target_without_a_figure_is_shown_again_with_its_error(board, election_congress):
    response = board.post(
        _url("resolution_target_add", election_congress.pk), {"label": "?", "target_value": "1"}
    )
    assert response.status_code == 200
    assert response.context["target_form"].errors["figure"]


def test_a_search_that_finds_nobody_says_so(board, executive_election):
    response = board.get(_url("election_candidates", executive_election.pk), {"q": "khong co ai"})
    assert "Không tìm thấy ai." in response.text


def test_the_list_s_queries_do_not_grow_with_elections_and_ballots(
    board, counted_election, election_congress, secretariat
):
    few = _queries(board, _url("elections"))
    for seats in (3, 5):
        services.create_election(
            election_congress,
            actor=secretariat,
            title=f"Ban Kiểm tra {seats}",
            body=Body.INSPECTION,
            seats=seats,
        )
    enter_both(counted_election, [(n, {1}) for n in range(5, 30)], actor=secretariat)
    assert _queries(board, _url("elections")) == few

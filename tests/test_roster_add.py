"""Adding a member in the browser: a new person, or someone the federation already knows."""

import datetime

import pytest
from django.urls import reverse

from members.models import Membership, Person
from tests.test_pages import text_of


@pytest.fixture
def add_url(son_hong):
    return reverse("members:member_add", args=[son_hong.pk])


def form(**changes):
    data = {
        "family_name": "Hoàng",
        "middle_name": "Thị",
        "given_name": "Mai",
        "gender": "F",
        "birth_date": "03/04/1992",
        "ethnicity": "Kinh",
        "joined_on": "15/03/2024",
        "card_number": "SH-101",
        "ma_gui": "a1",
    }
    data.update(changes)
    return data


def test_a_new_person_joins_the_roster(client, lead, son_hong, people, add_url):
    client.force_login(lead)
    response = client.post(add_url, form(), follow=True)
    assert response.redirect_chain[-1][0].startswith(reverse("members:association", args=[son_hong.pk]))
    assert "Đã thêm Hoàng Thị Mai vào danh sách hội viên." in text_of(response)
    person = Person.objects.get(given_name="Mai")
    # Dates are read day first: 03/04 is the 3rd of April.
    assert person.birth_date == datetime.date(1992, 4, 3)
    membership = person.memberships.get()
    assert (membership.association, membership.joined_on, membership.card_number) == (
        son_hong,
        datetime.date(2024, 3, 15),
        "SH-101",
    )
    assert person.history.get().history_user == lead
    assert membership.history.get().history_user == lead


def test_the_form_says_what_is_wrong_with_each_date(client, lead, son_hong, add_url):
    client.force_login(lead)
    response = client.post(add_url, form(birth_date="31/02/1992", joined_on="2024-13-01"))
    assert response.status_code == 200
    page = text_of(response)
    assert "Ngày không có thật: tháng 2 năm 1992 không có ngày 31." in page
    assert "Không có tháng 13; hãy ghi theo ngày/tháng/năm." in page
    assert not Person.objects.filter(given_name="Mai").exists()


def test_the_form_reads_a_day_written_with_dots_or_a_two_digit_year(client, lead, son_hong, add_url):
    client.force_login(lead)
    client.post(add_url, form(birth_date="03.04.92", joined_on="15-3-2024"))
    person = Person.objects.get(given_name="Mai")
    assert (person.birth_date, person.memberships.get().joined_on) == (
        datetime.date(1992, 4, 3),
        datetime.date(2024, 3, 15),
    )


def test_someone_with_the_same_name_and_birth_date_is_offered_instead_of_a_duplicate(
    client, lead, people, add_url
):
    duc = people["duc"]
    client.force_login(lead)
    # Typed without the capitals and spacing of the record: the name still matches once folded.
    data = form(family_name="đặng", middle_name="văn ", given_name="Đức", gender="M", birth_date="20/01/1985")
    response = client.post(add_url, data)
    assert response.status_code == 200
    page = text_of(response)
    assert "Đã có 1 người cùng họ tên và ngày sinh trong Liên hiệp hội" in page
    assert "Đặng Văn Đức Nam · sinh ngày 20/01/1985" in page
    assert f'name="chon" value="{duc.pk}"' in response.content.decode()
    # A lead is told that he is in another association, not which one.
    assert "Đang sinh hoạt ở 1 hội" in page
    assert "Phố Châu" not in page
    assert Person.objects.filter(search_name="dang van duc").count() == 1


def test_the_secretariat_sees_where_the_match_is_a_member(client, secretariat, people, add_url):
    client.force_login(secretariat)
    data = form(family_name="Đặng", middle_name="Văn", given_name="Đức", gender="M", birth_date="20/01/1985")
    page = text_of(client.post(add_url, data))
    assert "Đang sinh hoạt: Hội KH&KT thị trấn Phố Châu" in page


def test_adding_the_existing_person_makes_no_new_record(client, lead, son_hong, people, add_url):
    duc = people["duc"]
    client.force_login(lead)
    data = form(family_name="Đặng", middle_name="Văn", given_name="Đức", birth_date="20/01/1985", chon=duc.pk)
    response = client.post(add_url, data)
    assert response.status_code == 302
    assert Person.objects.filter(search_name="dang van duc").count() == 1
    assert Membership.objects.filter(person=duc, association=son_hong, left_on__isnull=True).exists()
    # His record is his own: what the lead typed does not overwrite it.
    assert Person.objects.get(pk=duc.pk).gender == "M"


def test_a_different_person_with_the_same_name_gets_a_new_record(client, lead, son_hong, people, add_url):
    client.force_login(lead)
    data = form(family_name="Đặng", middle_name="Văn", given_name="Đức", gender="M", birth_date="20/01/1985")
    response = client.post(add_url, {**data, "chon": "moi"})
    assert response.status_code == 302
    assert Person.objects.filter(search_name="dang van duc").count() == 2


def test_only_a_person_the_page_offered_can_be_chosen(client, lead, son_hong, people, add_url):
    """An id typed into the form (Phố Châu's An, who left) does not put that person on the roster."""
    client.force_login(lead)
    response = client.post(add_url, form(chon=people["an"].pk))
    assert response.status_code == 200
    assert "Người được chọn không còn khớp với họ tên và ngày sinh đã nhập." in text_of(response)
    assert not son_hong.memberships.filter(person=people["an"]).exists()


def test_without_a_birth_date_the_name_alone_finds_the_match(client, lead, people, add_url):
    client.force_login(lead)
    page = text_of(
        client.post(add_url, form(family_name="Phan", middle_name="Văn", given_name="An", birth_date=""))
    )
    assert "Phan Văn An Nam · sinh ngày 01/12/1960" in page


def test_someone_already_on_this_roster_cannot_be_added_again(client, lead, son_hong, people, add_url):
    client.force_login(lead)
    data = form(family_name="Uông", middle_name="Thị Kim", given_name="Yến", birth_date="09/09/1978")
    response = client.post(add_url, data)
    assert "Đã có trong danh sách hội này" in text_of(response)
    assert f'value="{people["yen"].pk}"' not in response.content.decode()
    response = client.post(add_url, {**data, "chon": "moi"})
    assert (
        "Uông Thị Kim Yến (cùng họ tên và ngày sinh) đã có trong danh sách hội viên của Hội KH&KT xã Sơn Hồng."
        in text_of(response)
    )
    assert Person.objects.filter(search_name="uong thi kim yen").count() == 1


def test_sending_the_form_twice_adds_the_member_once(client, lead, son_hong, add_url):
    client.force_login(lead)
    first = client.post(add_url, form())
    second = client.post(add_url, form(), follow=True)
    assert first.status_code == 302
    assert second.redirect_chain[0][0] == first["Location"]
    assert "Yêu cầu này đã được thực hiện trước đó" in text_of(second)
    assert Person.objects.filter(given_name="Mai").count() == 1
    assert son_hong.memberships.filter(person__given_name="Mai").count() == 1


def test_the_same_details_sent_again_from_a_new_form_do_not_make_a_twin(client, lead, son_hong, add_url):
    client.force_login(lead)
    client.post(add_url, form(ma_gui="first"))
    response = client.post(add_url, form(ma_gui="second", chon="moi"))
    assert response.status_code == 200
    assert "đã có trong danh sách hội viên" in text_of(response)
    assert Person.objects.filter(given_name="Mai").count() == 1


def test_the_roster_links_to_adding_editing_and_leaving(client, lead, son_hong, people):
    client.force_login(lead)
    html = client.get(reverse("members:association", args=[son_hong.pk])).content.decode()
    assert reverse("members:member_add", args=[son_hong.pk]) in html
    assert reverse("members:member_edit", args=[son_hong.pk, people["yen"].pk]) in html
    assert reverse("members:member_leave", args=[son_hong.pk, people["yen"].pk]) in html
    assert reverse("members:roster_history", args=[son_hong.pk]) in html

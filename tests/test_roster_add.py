"""Adding a member in the browser: a new person, or someone the federation already knows."""

import datetime
import re

import pytest
from django.urls import reverse

from members.models import LinkRequest, Membership, Person
from tests.test_pages import section, text_of


@pytest.fixture
def add_url(son_hong):
    return reverse("members:member_add", args=[son_hong.pk])


def form(**changes):
    data = {
        "family_name": "Hoàng",
        "middle_name": "Thị",
        "given_name": "Mai",
        "gender": "F",
        "birth": "03/04/1992",
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
    response = client.post(add_url, form(birth="31/02/1992", joined_on="2024-13-01"))
    assert response.status_code == 200
    page = text_of(response)
    assert "Ngày 31/02/1992 không có trong lịch." in page
    assert "Không có tháng 13; hãy ghi theo ngày/tháng/năm." in page
    assert not Person.objects.filter(given_name="Mai").exists()


def test_the_form_reads_a_day_written_with_dots_or_a_two_digit_year(client, lead, son_hong, add_url):
    client.force_login(lead)
    client.post(add_url, form(birth="03.04.92", joined_on="15-3-2024"))
    person = Person.objects.get(given_name="Mai")
    assert (person.birth_date, person.memberships.get().joined_on) == (
        datetime.date(1992, 4, 3),
        datetime.date(2024, 3, 15),
    )


DUC = {
    "family_name": "Đặng",
    "middle_name": "Văn",
    "given_name": "Đức",
    "gender": "M",
    "birth": "20/01/1985",
}
# What Phố Châu keeps about Đức and Sơn Hồng's lead never typed: none of it may reach her.
DUC_PRIVATE = {
    "phone": "0912 345 678",
    "workplace": "Công ty Chè Tây Sơn",
    "job_title": "Kỹ sư chế biến",
    "email": "duc.dang@example.vn",
}


@pytest.fixture
def duc(people):
    """Đức, a member of Phố Châu, with the personal data Phố Châu keeps about him."""
    Person.objects.filter(pk=people["duc"].pk).update(**DUC_PRIVATE)
    return Person.objects.get(pk=people["duc"].pk)


def test_a_lead_learns_only_that_someone_with_that_name_and_birth_date_exists(client, lead, duc, add_url):
    client.force_login(lead)
    # Typed without the capitals and spacing of the record: the name still matches once folded.
    data = form(family_name="đặng", middle_name="văn ", given_name="Đức", gender="M", birth="20/01/1985")
    response = client.post(add_url, data)
    assert response.status_code == 200
    page, html = text_of(response), response.content.decode()
    assert "Đã có người cùng họ tên và ngày sinh này trong Liên hiệp hội" in page
    for private in DUC_PRIVATE.values():
        assert private not in page
    # Nor where he is, nor a record the form could name.
    assert "Phố Châu" not in page
    assert "Đang sinh hoạt" not in page
    assert str(duc.pk) not in re.findall(r'name="chon" value="([^"]*)"', html)
    assert 'name="chon" value="de-nghi"' in html
    assert Person.objects.filter(search_name="dang van duc").count() == 1
    assert not Membership.objects.filter(person=duc, association__code="son-hong").exists()


def test_the_secretariat_sees_where_the_match_is_a_member(client, secretariat, people, add_url):
    client.force_login(secretariat)
    page = text_of(client.post(add_url, form(**DUC)))
    assert "Đặng Văn Đức Nam · sinh ngày 20/01/1985" in page
    assert "Đang sinh hoạt: Hội KH&KT thị trấn Phố Châu" in page


def test_a_forged_choice_adds_nobody(client, lead, son_hong, duc, add_url):
    """Đức's id sent with his name and birth date, as if the page had offered him: nobody is added."""
    client.force_login(lead)
    response = client.post(add_url, form(**DUC, phone="0999 000 111", chon=duc.pk))
    assert response.status_code == 200
    assert not son_hong.memberships.filter(person=duc).exists()
    assert not LinkRequest.objects.exists()
    duc.refresh_from_db()
    assert duc.phone == DUC_PRIVATE["phone"]


def test_a_lead_asks_the_secretariat_and_its_approval_adds_the_record_as_it_is(
    client, lead, secretariat, son_hong, duc, add_url
):
    version = duc.version
    client.force_login(lead)
    data = form(**DUC, phone="0999 000 111", workplace="Chỗ khác", chon="de-nghi")
    response = client.post(add_url, data, follow=True)
    assert "Đã gửi đề nghị liên kết Đặng Văn Đức vào danh sách hội viên" in text_of(response)
    assert not son_hong.memberships.filter(person=duc).exists()
    link = LinkRequest.objects.get()
    assert (link.association, link.person, link.requested_by, link.status) == (son_hong, duc, lead, "pending")
    assert (link.joined_on, link.card_number) == (datetime.date(2024, 3, 15), "SH-101")
    requests = section(client.get(reverse("members:association", args=[son_hong.pk])), "Đề nghị liên kết")
    assert "Đặng Văn Đức 15/03/2024 SH-101" in requests
    assert "Chờ Văn phòng xem xét" in requests

    client.force_login(secretariat)
    decide = reverse("members:link_request", args=[link.pk])
    assert "0912 345 678" in text_of(client.get(decide)), "the secretariat sees the record it links"
    response = client.post(decide, {"quyet_dinh": "dong-y", "note": "Chuyển từ Phố Châu", "ma_gui": "ok1"})
    assert response.status_code == 302
    membership = son_hong.memberships.get(person=duc, left_on__isnull=True)
    assert (membership.joined_on, membership.card_number) == (datetime.date(2024, 3, 15), "SH-101")
    duc.refresh_from_db()
    assert (duc.phone, duc.workplace, duc.version) == (
        DUC_PRIVATE["phone"],
        DUC_PRIVATE["workplace"],
        version,
    )

    client.force_login(lead)
    requests = section(client.get(reverse("members:association", args=[son_hong.pk])), "Đề nghị liên kết")
    assert "Đã liên kết" in requests
    assert "Chuyển từ Phố Châu" in requests


def test_the_secretariat_links_the_existing_person_directly(client, secretariat, son_hong, duc, add_url):
    client.force_login(secretariat)
    response = client.post(add_url, form(**DUC, phone="0999 000 111", chon=duc.pk))
    assert response.status_code == 302
    assert Person.objects.filter(search_name="dang van duc").count() == 1
    assert son_hong.memberships.filter(person=duc, left_on__isnull=True).exists()
    assert not LinkRequest.objects.exists()
    # His record is his own: what was typed does not overwrite it.
    assert Person.objects.get(pk=duc.pk).phone == DUC_PRIVATE["phone"]


def test_a_different_person_with_the_same_name_gets_a_new_record(client, lead, son_hong, people, add_url):
    client.force_login(lead)
    response = client.post(add_url, {**form(**DUC), "chon": "moi"})
    assert response.status_code == 302
    assert Person.objects.filter(search_name="dang van duc").count() == 2
    assert not LinkRequest.objects.exists()


def test_only_a_person_the_page_offered_can_be_chosen(client, secretariat, son_hong, people, add_url):
    """An id typed into the form (Phố Châu's An, who left) does not put that person on the roster."""
    client.force_login(secretariat)
    response = client.post(add_url, form(chon=people["an"].pk))
    assert response.status_code == 200
    assert "Người được chọn không còn khớp với họ tên và ngày sinh đã nhập." in text_of(response)
    assert not son_hong.memberships.filter(person=people["an"]).exists()


def test_without_a_birth_date_the_name_alone_finds_the_match_for_the_secretariat(
    client, secretariat, people, add_url
):
    client.force_login(secretariat)
    page = text_of(
        client.post(add_url, form(family_name="Phan", middle_name="Văn", given_name="An", birth=""))
    )
    assert "Phan Văn An Nam · sinh ngày 01/12/1960" in page


def test_without_a_birth_date_a_lead_is_told_nothing_of_other_rosters(client, lead, people, add_url):
    client.force_login(lead)
    response = client.post(add_url, form(family_name="Phan", middle_name="Văn", given_name="An", birth=""))
    page = text_of(response)
    assert "01/12/1960" not in page
    assert "cùng họ tên" not in page
    assert 'value="de-nghi"' not in response.content.decode()


def test_someone_already_on_this_roster_cannot_be_added_again(client, lead, son_hong, people, add_url):
    client.force_login(lead)
    data = form(family_name="Uông", middle_name="Thị Kim", given_name="Yến", birth="09/09/1978")
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


@pytest.mark.parametrize(
    ("typed", "stored", "shown"),
    [
        ("1968", (datetime.date(1968, 1, 1), "year"), "1968"),
        ("03/1968", (datetime.date(1968, 3, 1), "month"), "03/1968"),
    ],
)
def test_a_birth_date_known_only_to_the_year_or_month_is_kept_so(
    client, lead, son_hong, people, add_url, typed, stored, shown
):
    client.force_login(lead)
    client.post(add_url, form(birth=typed), follow=True)
    person = Person.objects.get(given_name="Mai")
    assert (person.birth_date, person.birth_date_precision) == stored
    page = text_of(client.get(person.get_absolute_url()))
    assert f"Ngày sinh {shown} ·" in page


def test_a_year_of_birth_finds_the_person_born_that_year(client, secretariat, people, add_url):
    client.force_login(secretariat)
    page = text_of(client.post(add_url, form(**{**DUC, "birth": "1985"})))
    assert "Đặng Văn Đức Nam · sinh ngày 20/01/1985" in page
    page = text_of(client.post(add_url, form(**{**DUC, "birth": "02/1985"})))
    assert "Đặng Văn Đức Nam" not in page


def test_someone_on_this_roster_known_to_the_year_cannot_be_added_again_with_a_full_date(
    client, lead, son_hong, people, add_url
):
    from members import services

    yen = people["yen"]
    Person.objects.filter(pk=yen.pk).update(birth_date=datetime.date(1978, 1, 1), birth_date_precision="year")
    client.force_login(lead)
    data = form(family_name="Uông", middle_name="Thị Kim", given_name="Yến", birth="09/09/1978", chon="moi")
    with pytest.raises(services.MembersError):
        services.add_member(
            son_hong,
            actor=lead,
            joined_on=datetime.date(2024, 1, 1),
            family_name="Uông",
            middle_name="Thị Kim",
            given_name="Yến",
            gender="F",
            birth=datetime.date(1978, 9, 9),
        )
    client.post(add_url, data)
    assert Person.objects.filter(given_name="Yến").count() == 1

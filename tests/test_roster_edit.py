"""Editing a member: the person's details and this association's card and joining date, never overwriting."""

import datetime
import re

import pytest
from django.urls import reverse

from members import services
from members.models import Membership, Person
from tests.test_pages import text_of


@pytest.fixture
def yen(people):
    return people["yen"]


@pytest.fixture
def edit_url(son_hong, yen):
    return reverse("members:member_edit", args=[son_hong.pk, yen.pk])


def opened_form(client, url):
    """The form's fields as the page sends them, the hidden ones included."""
    html = client.get(url).content.decode()
    data = {}
    for tag in re.findall(r"<input[^>]*>", html):
        name = re.search(r'name="([^"]+)"', tag)
        if not name or name.group(1) == "csrfmiddlewaretoken":
            continue
        if 'type="radio"' in tag or 'type="checkbox"' in tag:
            if "checked" in tag:
                value = re.search(r'value="([^"]*)"', tag)
                data[name.group(1)] = value.group(1) if value else "on"
            continue
        value = re.search(r'value="([^"]*)"', tag)
        data[name.group(1)] = value.group(1) if value else ""
    for name, body in re.findall(r'<select name="([^"]+)"[^>]*>(.*?)</select>', html, flags=re.S):
        selected = re.search(r'<option value="([^"]*)"[^>]*selected', body)
        data[name] = selected.group(1) if selected else ""
    return data


def test_the_form_shows_the_record_with_day_first_dates(client, lead, edit_url):
    client.force_login(lead)
    data = opened_form(client, edit_url)
    assert data["birth"] == "09/09/1978"
    assert data["joined_on"] == "01/01/2015"
    assert data["family_name"] == "Uông"
    assert data["gender"] == "F"


def test_saving_changes_the_person_and_the_membership_and_records_who(client, lead, son_hong, yen, edit_url):
    client.force_login(lead)
    data = opened_form(client, edit_url)
    data.update(job_title="Trưởng trạm y tế", card_number="SH-007", joined_on="02/01/2015")
    response = client.post(edit_url, data, follow=True)
    assert "Đã lưu thông tin của Uông Thị Kim Yến." in text_of(response)
    person = Person.objects.get(pk=yen.pk)
    membership = Membership.objects.get(person=yen, association=son_hong)
    assert person.job_title == "Trưởng trạm y tế"
    assert person.version == yen.version + 1
    assert (membership.card_number, membership.joined_on) == ("SH-007", datetime.date(2015, 1, 2))
    assert person.history.latest().history_user == lead
    assert membership.history.latest().history_user == lead


def test_saving_an_unchanged_form_writes_nothing(client, lead, yen, edit_url):
    client.force_login(lead)
    before = (Person.history.count(), Membership.history.count())
    response = client.post(edit_url, opened_form(client, edit_url))
    assert response.status_code == 302
    assert (Person.history.count(), Membership.history.count()) == before
    assert Person.objects.get(pk=yen.pk).version == yen.version


def test_the_second_of_two_people_editing_at_once_is_refused(client, lead, secretariat, yen, edit_url):
    client.force_login(lead)
    data = opened_form(client, edit_url)
    # Meanwhile the secretariat saves her phone number.
    services.update_person(
        Person.objects.get(pk=yen.pk), actor=secretariat, expected_version=yen.version, phone="0912000111"
    )
    data.update(job_title="Trưởng trạm y tế")
    response = client.post(edit_url, data)
    assert response.status_code == 200
    assert (
        "Hồ sơ của Uông Thị Kim Yến vừa được người khác cập nhật. Hãy tải lại trang để xem thay đổi rồi sửa lại."
        in text_of(response)
    )
    person = Person.objects.get(pk=yen.pk)
    assert (person.phone, person.job_title) == ("0912000111", "")


def test_a_card_number_changed_meanwhile_is_not_overwritten(
    client, lead, secretariat, son_hong, yen, edit_url
):
    client.force_login(lead)
    data = opened_form(client, edit_url)
    membership = Membership.objects.get(person=yen, association=son_hong)
    services.update_member(
        membership,
        actor=secretariat,
        expected_version=yen.version,
        opened_with={"joined_on": membership.joined_on, "card_number": ""},
        person_fields={},
        membership_fields={"card_number": "VP-1"},
    )
    data.update(card_number="SH-2", job_title="Y sĩ")
    response = client.post(edit_url, data)
    assert "Thông tin hội viên của Uông Thị Kim Yến vừa được người khác cập nhật." in text_of(response)
    assert Membership.objects.get(pk=membership.pk).card_number == "VP-1"
    # Both change or neither does.
    assert Person.objects.get(pk=yen.pk).job_title == ""


def test_the_page_shown_again_after_a_refusal_keeps_the_version_it_was_opened_with(
    client, lead, secretariat, yen, edit_url
):
    client.force_login(lead)
    data = opened_form(client, edit_url)
    services.update_person(
        Person.objects.get(pk=yen.pk), actor=secretariat, expected_version=yen.version, phone="0912000111"
    )
    response = client.post(edit_url, {**data, "job_title": "Y sĩ"})
    assert f'name="version" value="{yen.version}"' in response.content.decode()


def test_sending_the_form_twice_saves_once(client, lead, yen, edit_url):
    client.force_login(lead)
    data = {**opened_form(client, edit_url), "job_title": "Y sĩ", "ma_gui": "edit1"}
    assert client.post(edit_url, data).status_code == 302
    second = client.post(edit_url, data, follow=True)
    assert "Yêu cầu này đã được thực hiện trước đó" in text_of(second)
    assert Person.objects.get(pk=yen.pk).version == yen.version + 1


def test_a_name_cannot_be_emptied(client, lead, yen, edit_url):
    client.force_login(lead)
    response = client.post(edit_url, {**opened_form(client, edit_url), "given_name": ""})
    assert response.status_code == 200
    assert "Chưa lưu được: hãy sửa các ô được đánh dấu bên dưới." in text_of(response)
    assert Person.objects.get(pk=yen.pk).given_name == "Yến"


def test_a_joining_date_after_the_leaving_date_is_refused(client, secretariat, pho_chau, people):
    # An left Phố Châu, so only the secretariat still changes his record.
    an = people["an"]
    url = reverse("members:member_edit", args=[pho_chau.pk, an.pk])
    client.force_login(secretariat)
    response = client.post(url, {**opened_form(client, url), "joined_on": "01/01/2021"})
    assert "Ngày vào hội không thể sau ngày rời hội." in text_of(response)

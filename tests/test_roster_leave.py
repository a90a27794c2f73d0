"""Recording that a member left: a date and a reason, and nothing deleted."""

import datetime

import pytest
from django.urls import reverse

from members.models import Membership
from tests.test_pages import text_of


@pytest.fixture
def leave_url(son_hong, people):
    return reverse("members:member_leave", args=[son_hong.pk, people["yen"].pk])


def test_a_member_who_left_moves_to_the_left_list(client, lead, son_hong, people, leave_url):
    client.force_login(lead)
    data = {"left_on": "30/06/2024", "reason": "moved", "note": "Chuyển vào Nghệ An", "ma_gui": "x1"}
    response = client.post(leave_url, data, follow=True)
    assert "Đã ghi nhận Uông Thị Kim Yến rời hội từ ngày 30/06/2024." in text_of(response)
    membership = Membership.objects.get(person=people["yen"], association=son_hong)
    assert (membership.left_on, membership.leave_reason, membership.leave_note) == (
        datetime.date(2024, 6, 30),
        "moved",
        "Chuyển vào Nghệ An",
    )
    assert membership.history.latest().history_user == lead
    left = text_of(client.get(reverse("members:association", args=[son_hong.pk]), {"da_roi": 1}))
    assert "Uông Thị Kim Yến" in left
    assert "Chuyển đi nơi khác Chuyển vào Nghệ An" in left


def test_leaving_before_joining_is_refused(client, lead, people, leave_url):
    client.force_login(lead)
    response = client.post(leave_url, {"left_on": "31/12/2014", "reason": "moved"})
    assert "Ngày rời hội không thể trước ngày vào hội (01/01/2015)." in text_of(response)
    assert Membership.objects.get(person=people["yen"], association__code="son-hong").left_on is None


def test_an_association_closing_is_not_a_reason_anyone_picks(client, lead, leave_url):
    client.force_login(lead)
    html = client.get(leave_url).content.decode()
    assert 'value="moved"' in html
    assert 'value="association_closed"' not in html


def test_sending_it_twice_records_it_once(client, lead, people, leave_url):
    client.force_login(lead)
    data = {"left_on": "30/06/2024", "reason": "resigned", "ma_gui": "twice"}
    client.post(leave_url, data)
    second = client.post(leave_url, data, follow=True)
    assert "Yêu cầu này đã được thực hiện trước đó" in text_of(second)
    assert Membership.history.filter(id=people["yen"].memberships.get().pk).count() == 2


def test_the_page_of_someone_who_already_left_says_so(client, other_lead, pho_chau, people):
    client.force_login(other_lead)
    url = reverse("members:member_leave", args=[pho_chau.pk, people["an"].pk])
    page = text_of(client.get(url))
    assert "Phan Văn An đã rời hội từ ngày 30/06/2020 (Chuyển đi nơi khác)." in page
    response = client.post(url, {"left_on": "01/01/2024", "reason": "moved"})
    assert response.status_code == 200
    assert Membership.objects.get(person=people["an"]).left_on == datetime.date(2020, 6, 30)

"""A person's page: personal data for those whose roster the person is on, and the secretariat."""

from django.urls import reverse

from tests.privacy_fixtures import MOVED_PRIVATE, moved_tokens
from tests.test_pages import text_of


def test_a_lead_sees_of_someone_who_left_for_another_roster_only_the_name_and_their_membership(
    client, lead, moved
):
    client.force_login(lead)
    response = client.get(reverse("members:person", args=[moved.pk]))
    assert response.status_code == 200
    page = text_of(response)
    assert "Khổng Thị Minh Châu" in page
    assert "Hội KH&KT xã Sơn Hồng 01/01/2016 — 31/12/2019 Chuyển sang hội khác" in page
    for token in moved_tokens():
        assert token not in page
    assert "Phố Châu" not in page
    assert "Thông tin cá nhân chỉ hiển thị cho hội đang có người này trong danh sách" in page


def test_the_lead_of_the_roster_she_is_on_sees_her_record(client, other_lead, moved):
    client.force_login(other_lead)
    page = text_of(client.get(reverse("members:person", args=[moved.pk])))
    assert "0977 456 012" in page
    assert "29/07/1966" in page
    assert MOVED_PRIVATE["workplace"] in page


def test_the_secretariat_sees_everything(client, secretariat, moved):
    client.force_login(secretariat)
    page = text_of(client.get(reverse("members:person", args=[moved.pk])))
    assert "0977 456 012" in page
    assert "Hội KH&KT xã Sơn Hồng" in page
    assert "Hội KH&KT thị trấn Phố Châu" in page


def test_a_lead_cannot_open_her_record_to_change_it(client, lead, son_hong, moved):
    client.force_login(lead)
    url = reverse("members:member_edit", args=[son_hong.pk, moved.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"phone": "0900 000 000"}).status_code == 404


def test_the_roster_lists_her_among_those_who_left_without_her_personal_data(client, lead, son_hong, moved):
    client.force_login(lead)
    page = text_of(client.get(reverse("members:association", args=[son_hong.pk]), {"da_roi": 1}))
    assert "Khổng Thị Minh Châu" in page
    assert "1966" not in page
    assert MOVED_PRIVATE["workplace"] not in page

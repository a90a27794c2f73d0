"""Requests to link someone already in the federation to a roster: a lead asks, the secretariat decides.

The lead cannot see the other association's record, so the lead only asks; approving admits the person
through admit_member and leaves their record as it is.
"""

import datetime

import pytest
from django.urls import reverse

from members import services
from members.models import LinkRequest, LinkRequestStatus, Person
from members.services import MembersError
from tests.test_pages import queries_for, section, text_of

JOINED = datetime.date(2024, 3, 15)


def test_a_request_records_who_asked_and_changes_no_roster(link_request, son_hong, lead, people):
    duc = people["duc"]
    assert (link_request.status, link_request.requested_by, link_request.requested_at is not None) == (
        LinkRequestStatus.PENDING,
        lead,
        True,
    )
    assert not son_hong.memberships.filter(person=duc).exists()
    assert link_request.history.get().history_user == lead


def test_a_second_pending_request_for_the_same_person_is_refused(link_request, son_hong, lead, people):
    with pytest.raises(MembersError, match="đang chờ Văn phòng Liên hiệp hội xem xét"):
        services.request_link(son_hong, people["duc"], actor=lead, joined_on=JOINED)
    assert LinkRequest.objects.count() == 1


def test_someone_already_on_the_roster_is_not_requested(son_hong, lead, people):
    with pytest.raises(MembersError, match="đã là hội viên"):
        services.request_link(son_hong, people["yen"], actor=lead, joined_on=JOINED)


def test_a_request_keeps_the_rules_of_joining(son_hong, lead, people):
    with pytest.raises(MembersError, match="Ngày vào hội không thể trước ngày sinh."):
        services.request_link(son_hong, people["duc"], actor=lead, joined_on=datetime.date(1980, 1, 1))
    assert not LinkRequest.objects.exists()


def test_approving_admits_the_person_and_leaves_the_record_as_it_is(
    link_request, son_hong, secretariat, people
):
    duc = Person.objects.get(pk=people["duc"].pk)
    records = duc.history.count()
    membership = services.approve_link(link_request, actor=secretariat, note="Đúng người")
    assert (membership.association, membership.person, membership.joined_on, membership.card_number) == (
        son_hong,
        duc,
        JOINED,
        "SH-55",
    )
    assert membership.history.get().history_user == secretariat
    link_request.refresh_from_db()
    assert (link_request.status, link_request.decided_by, link_request.note) == (
        LinkRequestStatus.APPROVED,
        secretariat,
        "Đúng người",
    )
    assert link_request.decided_at is not None
    after = Person.objects.get(pk=duc.pk)
    assert (after.version, after.history.count()) == (duc.version, records)


def test_declining_changes_no_roster(link_request, son_hong, secretariat, people):
    services.decline_link(link_request, actor=secretariat, note="Không phải cùng một người")
    link_request.refresh_from_db()
    assert (link_request.status, link_request.decided_by) == (LinkRequestStatus.DECLINED, secretariat)
    assert not son_hong.memberships.filter(person=people["duc"]).exists()


def test_a_decided_request_is_not_decided_again(link_request, secretariat):
    services.decline_link(link_request, actor=secretariat)
    with pytest.raises(MembersError, match="đã được xử lý"):
        services.approve_link(link_request, actor=secretariat)


def test_only_the_secretariat_decides(link_request, lead, son_hong, people):
    with pytest.raises(MembersError, match="Văn phòng Liên hiệp hội"):
        services.approve_link(link_request, actor=lead)
    assert not son_hong.memberships.filter(person=people["duc"]).exists()


def test_approval_keeps_the_rules_of_joining(link_request, son_hong, secretariat, people):
    """Đức joined Sơn Hồng by hand after the request was sent: approving it would add him twice."""
    services.admit_member(people["duc"], son_hong, actor=secretariat, joined_on=JOINED)
    with pytest.raises(MembersError, match="đã là hội viên"):
        services.approve_link(link_request, actor=secretariat)
    link_request.refresh_from_db()
    assert link_request.status == LinkRequestStatus.PENDING


# --- The secretariat's pages ------------------------------------------------------------------------


def test_the_secretariat_lists_pending_requests_with_the_record(client, secretariat, link_request, people):
    Person.objects.filter(pk=people["duc"].pk).update(phone="0912 345 678", workplace="Công ty Chè Tây Sơn")
    client.force_login(secretariat)
    page = text_of(client.get(reverse("members:link_requests")))
    assert "Đặng Văn Đức" in page
    assert "20/01/1985" in page
    assert "Công ty Chè Tây Sơn" in page
    assert "Hội KH&KT thị trấn Phố Châu" in page, "where he is now"
    assert "Hội KH&KT xã Sơn Hồng" in page, "who asks"
    assert "Phạm Thị Lan" in page
    assert "15/03/2024" in page


def test_decided_requests_leave_the_list(client, secretariat, link_request):
    services.decline_link(link_request, actor=secretariat)
    client.force_login(secretariat)
    page = text_of(client.get(reverse("members:link_requests")))
    assert "Đặng Văn Đức" not in page
    assert "Không có đề nghị nào đang chờ." in page


def test_the_decision_asks_for_a_choice_and_declines_with_a_note(client, secretariat, link_request, son_hong):
    client.force_login(secretariat)
    url = reverse("members:link_request", args=[link_request.pk])
    response = client.post(url, {"note": "?"})
    assert response.status_code == 200
    assert "Hãy chọn đồng ý hoặc từ chối." in text_of(response)
    response = client.post(
        url, {"quyet_dinh": "tu-choi", "note": "Không phải cùng một người", "ma_gui": "no1"}
    )
    assert response["Location"] == reverse("members:link_requests")
    link_request.refresh_from_db()
    assert (link_request.status, link_request.note) == (
        LinkRequestStatus.DECLINED,
        "Không phải cùng một người",
    )
    page = text_of(client.get(url))
    assert "Đề nghị này đã được xử lý" in page
    assert 'value="dong-y"' not in client.get(url).content.decode()


def test_the_dashboard_counts_pending_requests_and_the_menu_leads_to_them(client, secretariat, link_request):
    client.force_login(secretariat)
    response = client.get(reverse("home"))
    html = response.content.decode()
    assert "Đề nghị liên kết chờ xem xét 1" in text_of(response)
    assert html.count(f'href="{reverse("members:link_requests")}"') >= 2, "menu and dashboard"


def test_the_list_runs_the_same_queries_however_many_requests(
    client, secretariat, lead, son_hong, link_request, federation, django_assert_num_queries
):
    from tests.test_pages import add_associations

    client.force_login(secretariat)
    url = reverse("members:link_requests")
    small = queries_for(client, url)
    for association in add_associations(federation, 3):
        for membership in association.memberships.select_related("person"):
            services.request_link(son_hong, membership.person, actor=lead, joined_on=JOINED)
    assert "Trần Thêm2" in text_of(client.get(url))
    assert queries_for(client, url) == small
    # Session and user (2), the page's count and rows with association, person and who asked (2), the
    # people's current memberships with their associations (1), federation (1).
    with django_assert_num_queries(6):
        client.get(url)


# --- What the lead sees -----------------------------------------------------------------------------


def test_the_lead_sees_the_outcome_without_the_records_personal_data(
    client, lead, secretariat, son_hong, link_request, people
):
    Person.objects.filter(pk=people["duc"].pk).update(phone="0912 345 678", workplace="Công ty Chè Tây Sơn")
    services.decline_link(link_request, actor=secretariat, note="Không phải cùng một người")
    client.force_login(lead)
    requests = section(client.get(reverse("members:association", args=[son_hong.pk])), "Đề nghị liên kết")
    assert "Đặng Văn Đức 15/03/2024 SH-55" in requests
    assert "Không liên kết" in requests
    assert "Không phải cùng một người" in requests
    for private in ("0912 345 678", "Công ty Chè Tây Sơn", "20/01/1985", "Phố Châu"):
        assert private not in requests


def test_another_association_sees_none_of_it(client, other_lead, pho_chau, link_request):
    client.force_login(other_lead)
    assert "Đề nghị liên kết" not in text_of(client.get(reverse("members:association", args=[pho_chau.pk])))

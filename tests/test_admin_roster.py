"""People, memberships and committee seats in the admin: the same services, checks and history as on the pages."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from members import member_counts, services
from members.models import (
    Body,
    ClosedReason,
    EndReason,
    LeaveReason,
    Mandate,
    Membership,
    Person,
    Role,
    StartMethod,
    User,
)
from tests.conftest import CONGRESS_IV
from tests.test_pages import text_of


@pytest.fixture
def office(client, secretariat):
    secretariat.is_staff = True
    secretariat.save()
    client.force_login(secretariat)
    return client


def opened(office, membership):
    """What the change page records of the values it was opened with, as the browser sends it back."""
    page = office.get(reverse("admin:members_membership_change", args=[membership.pk]))
    return page.context["adminform"].form["opened_with"].value()


def membership_form(membership=None, **values):
    data = {"person": "", "association": "", "joined_on": "", "card_number": ""}
    if membership is not None:
        data.update(
            person=membership.person_id,
            association=membership.association_id,
            joined_on=membership.joined_on.strftime("%d/%m/%Y"),
            card_number=membership.card_number,
            left_on="",
            leave_reason="",
            leave_note="",
        )
    data.update(values)
    return data


# --- People ---------------------------------------------------------------------------------------------


def test_a_person_added_in_the_admin_is_made_by_the_service(office, secretariat):
    response = office.post(
        reverse("admin:members_person_add"),
        {
            "family_name": "Nguyễn",
            "middle_name": "Thị",
            "given_name": "Hoa",
            "gender": "F",
            "birth": "02/03/1990",
            "ethnicity": "Kinh",
            "workplace": "Trường  THCS Sơn Hồng",
            "memberships-TOTAL_FORMS": 0,
            "memberships-INITIAL_FORMS": 0,
            "mandates-TOTAL_FORMS": 0,
            "mandates-INITIAL_FORMS": 0,
        },
    )

    assert response.status_code == 302
    hoa = Person.objects.get(given_name="Hoa")
    assert (hoa.full_name, hoa.birth_date, hoa.version) == ("Nguyễn Thị Hoa", datetime.date(1990, 3, 2), 1)
    assert hoa.workplace == "Trường THCS Sơn Hồng"
    assert hoa.history.get().history_user == secretariat


# --- Memberships ----------------------------------------------------------------------------------------


def test_a_membership_added_in_the_admin_is_checked_like_on_the_roster_page(office, people, pho_chau):
    services.close_association(
        pho_chau, actor=None, closed_on=datetime.date(2022, 1, 1), reason=ClosedReason.DISSOLVED
    )

    response = office.post(
        reverse("admin:members_membership_add"),
        membership_form(person=people["anh"].pk, association=pho_chau.pk, joined_on="01/06/2023"),
    )

    assert response.status_code == 200
    assert (
        "Hội KH&KT thị trấn Phố Châu không hoạt động vào ngày 01/06/2023: hội đã thôi hoạt động từ ngày"
        in text_of(response)
    )
    assert not Membership.objects.filter(person=people["anh"], association=pho_chau).exists()


def test_a_membership_added_in_the_admin_counts_and_records_who_added_it(
    office, people, pho_chau, federation, secretariat
):
    response = office.post(
        reverse("admin:members_membership_add"),
        membership_form(person=people["anh"].pk, association=pho_chau.pk, joined_on="01/06/2023"),
    )

    assert response.status_code == 302
    added = Membership.objects.get(person=people["anh"], association=pho_chau)
    assert added.joined_on == datetime.date(2023, 6, 1)
    assert added.history.get().history_user == secretariat
    assert member_counts.differences(federation) == []


def test_ending_a_membership_in_the_admin_records_the_leaving(office, people, son_hong, secretariat):
    membership = Membership.objects.get(person=people["yen"], association=son_hong)
    url = reverse("admin:members_membership_change", args=[membership.pk])
    form = membership_form(membership, opened_with=opened(office, membership), leave_reason="moved")

    too_early = office.post(url, {**form, "left_on": "01/01/2000"})
    response = office.post(url, {**form, "left_on": "01/07/2021"})

    assert "Ngày rời hội không thể trước ngày vào hội." in text_of(too_early)
    assert response.status_code == 302
    membership.refresh_from_db()
    assert (membership.left_on, membership.leave_reason) == (datetime.date(2021, 7, 1), LeaveReason.MOVED)
    assert membership.history.first().history_user == secretariat
    # Once ended, the leaving is part of the record: no field of it is offered again.
    form = office.get(url).context["adminform"].form
    assert not {"person", "association", "left_on", "leave_reason"} & set(form.fields)


def test_editing_a_membership_in_the_admin_goes_through_update_member(office, people, son_hong, secretariat):
    membership = Membership.objects.get(person=people["yen"], association=son_hong)
    url = reverse("admin:members_membership_change", args=[membership.pk])
    stale_form = membership_form(membership, card_number="SH-01", opened_with=opened(office, membership))
    services.update_member(
        membership,
        actor=secretariat,
        expected_version=people["yen"].version,
        opened_with={"card_number": ""},
        person_fields={},
        membership_fields={"card_number": "SH-99"},
    )

    stale = office.post(url, stale_form)

    assert stale.status_code == 200
    assert "vừa được người khác cập nhật" in text_of(stale)
    membership.refresh_from_db()
    assert membership.card_number == "SH-99"
    fresh = office.post(
        url, membership_form(membership, card_number="SH-02", opened_with=opened(office, membership))
    )
    assert fresh.status_code == 302
    membership.refresh_from_db()
    assert membership.card_number == "SH-02"
    assert membership.history.first().history_user == secretariat


# --- Committee seats ------------------------------------------------------------------------------------


def mandate_form(**values):
    data = {
        "person": "",
        "term": "",
        "body": Body.EXECUTIVE,
        "role": Role.MEMBER,
        "started_on": "",
        "start_method": StartMethod.COOPTED,
        "job_title": "",
        "note": "",
    }
    data.update(values)
    return data


def test_a_seat_granted_in_the_admin_follows_the_terms_rules(office, people, committee, secretariat):
    url = reverse("admin:members_mandate_add")
    duc = people["duc"]
    duc.job_title = "Trưởng phòng Nông nghiệp"
    duc.save()

    before_congress = office.post(
        url, mandate_form(person=duc.pk, term=committee.pk, started_on="01/01/2018")
    )
    response = office.post(url, mandate_form(person=duc.pk, term=committee.pk, started_on="01/03/2020"))

    assert "Ngày bắt đầu phải từ ngày Đại hội mở nhiệm kỳ trở đi." in text_of(before_congress)
    assert response.status_code == 302
    seat = Mandate.objects.get(person=duc)
    # As grant_mandate does: the job the person holds when the seat is taken.
    assert (seat.started_on, seat.job_title) == (datetime.date(2020, 3, 1), "Trưởng phòng Nông nghiệp")
    assert seat.history.get().history_user == secretariat


def test_ending_a_seat_in_the_admin_goes_through_end_mandate(office, people, committee, secretariat):
    seat = Mandate.objects.get(person=people["hung"], body=Body.EXECUTIVE)
    url = reverse("admin:members_mandate_change", args=[seat.pk])
    data = {
        "ended_on": "01/06/2022",
        "end_reason": EndReason.RETIRED,
        "job_title": seat.job_title,
        "note": "",
    }

    too_early = office.post(url, {**data, "ended_on": "01/01/2018"})
    response = office.post(url, data)

    assert "Ngày thôi không thể trước ngày bắt đầu." in text_of(too_early)
    assert response.status_code == 302
    seat.refresh_from_db()
    assert (seat.ended_on, seat.end_reason) == (datetime.date(2022, 6, 1), EndReason.RETIRED)
    assert seat.history.first().history_user == secretariat
    form = office.get(url).context["adminform"].form
    assert not {"person", "term", "body", "role", "started_on", "ended_on", "end_reason"} & set(form.fields)
    assert seat.started_on == CONGRESS_IV


def test_only_a_superuser_deletes_and_a_deleted_membership_leaves_the_counts_right(
    office, people, federation
):
    changelist = reverse("admin:members_membership_changelist")
    action_form = office.get(changelist).context["action_form"]
    offered = dict(action_form.fields["action"].choices) if action_form else {}
    root = Client()
    root.force_login(User.objects.create_superuser("root@lienhiephoi.test", "mat-khau-goc"))
    entered_by_mistake = Membership.objects.get(person=people["yen"])

    response = root.post(
        changelist, {"action": "delete_selected", "_selected_action": [entered_by_mistake.pk], "post": "yes"}
    )

    assert "delete_selected" not in offered
    assert response.status_code == 302
    assert not Membership.objects.filter(pk=entered_by_mistake.pk).exists()
    assert member_counts.differences(federation) == []

"""Associations in the admin: added, edited, closed and merged through the same services as everywhere else."""

import datetime

import pytest
from django.urls import reverse

from members import member_counts, services
from members.models import Association, Block, ClosedReason, LeaveReason, Membership
from tests.test_pages import text_of

CLOSED_ON = datetime.date(2022, 1, 1)
LATER = datetime.date(2022, 6, 1)


@pytest.fixture
def office(client, secretariat):
    secretariat.is_staff = True
    secretariat.save()
    client.force_login(secretariat)
    return client


def association_form(association, **changes):
    data = {
        "federation": association.federation_id,
        "code": association.code,
        "name": association.name,
        "block": association.block,
        "commune": association.commune,
        "established_on": association.established_on.strftime("%d/%m/%Y"),
        "closed_on": "",
        "closed_reason": "",
        "merged_into": "",
    }
    data.update(changes)
    return data


def change(office, association, **changes):
    return office.post(
        reverse("admin:members_association_change", args=[association.pk]),
        association_form(association, **changes),
    )


def open_members(association):
    return sorted(
        Membership.objects.filter(association=association, left_on__isnull=True).values_list(
            "person__given_name", flat=True
        )
    )


def test_dissolving_in_the_admin_ends_every_membership_that_day(office, people, pho_chau, secretariat):
    response = change(office, pho_chau, closed_on="01/01/2022", closed_reason=ClosedReason.DISSOLVED)

    assert response.status_code == 302
    duc = Membership.objects.get(person=people["duc"], association=pho_chau)
    assert (duc.left_on, duc.leave_reason) == (CLOSED_ON, LeaveReason.ASSOCIATION_CLOSED)
    assert duc.history.first().history_user == secretariat
    assert pho_chau.history.first().history_user == secretariat
    assert open_members(pho_chau) == []


def test_merging_in_the_admin_moves_the_members_and_the_counts_follow(office, people, pho_chau, son_hong):
    federation = pho_chau.federation
    before = member_counts.counts_on(federation, LATER)

    response = change(
        office, pho_chau, closed_on="01/01/2022", closed_reason=ClosedReason.MERGED, merged_into=son_hong.pk
    )

    assert response.status_code == 302
    assert open_members(pho_chau) == []
    assert open_members(son_hong) == ["Hưng", "Yến", "Ánh", "Đức"]
    moved = Membership.objects.get(person=people["duc"], association=son_hong)
    assert moved.joined_on == CLOSED_ON
    # Đức is still a member of the federation, now in Sơn Hồng: the count does not drop.
    assert member_counts.counts_on(federation, LATER) == before
    assert member_counts.verify(federation, LATER).ok
    assert member_counts.differences(federation) == []


def test_a_refused_merge_shows_the_services_reason_and_changes_nothing(office, people, pho_chau, son_hong):
    services.close_association(
        son_hong, actor=None, closed_on=datetime.date(2021, 1, 1), reason=ClosedReason.DISSOLVED
    )

    response = change(
        office, pho_chau, closed_on="01/01/2022", closed_reason=ClosedReason.MERGED, merged_into=son_hong.pk
    )

    assert response.status_code == 200
    assert "Hội KH&KT xã Sơn Hồng không hoạt động vào ngày sáp nhập." in text_of(response)
    pho_chau.refresh_from_db()
    assert pho_chau.closed_on is None
    assert open_members(pho_chau) == ["Đức"]


def test_a_closed_associations_closing_cannot_be_edited_in_the_admin(office, people, pho_chau, secretariat):
    services.close_association(
        pho_chau, actor=secretariat, closed_on=CLOSED_ON, reason=ClosedReason.DISSOLVED
    )

    page = office.get(reverse("admin:members_association_change", args=[pho_chau.pk]))
    form = page.context["adminform"].form
    response = change(office, pho_chau, closed_on="", closed_reason="")

    assert not {"closed_on", "closed_reason", "merged_into"} & set(form.fields)
    assert response.status_code == 302
    pho_chau.refresh_from_db()
    assert (pho_chau.closed_on, pho_chau.closed_reason) == (CLOSED_ON, ClosedReason.DISSOLVED)


def test_an_association_is_added_open_and_its_block_changed_with_the_counts_in_step(
    office, people, federation, son_hong, secretariat
):
    add_page = office.get(reverse("admin:members_association_add"))
    response = change(office, son_hong, block=Block.AGENCIES, name="Hội KH&KT  Sơn Hồng")

    assert "closed_on" not in add_page.context["adminform"].form.fields
    assert response.status_code == 302
    son_hong.refresh_from_db()
    assert (son_hong.block, son_hong.name) == (Block.AGENCIES, "Hội KH&KT Sơn Hồng")
    assert son_hong.history.first().history_user == secretariat
    assert member_counts.differences(federation) == []


def test_an_old_version_cannot_be_restored_over_the_services(office, people, pho_chau, secretariat):
    services.close_association(
        pho_chau, actor=secretariat, closed_on=CLOSED_ON, reason=ClosedReason.DISSOLVED
    )
    open_version = pho_chau.history.last()
    url = reverse("admin:members_association_simple_history", args=[pho_chau.pk, open_version.history_id])

    response = office.post(url, association_form(pho_chau))

    assert response.status_code == 403
    assert Association.objects.get(pk=pho_chau.pk).closed_on == CLOSED_ON

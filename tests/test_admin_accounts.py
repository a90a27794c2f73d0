"""Accounts in the admin: made by the same service as leads' and delegates' accounts; leads revoked on their page."""

import pytest
from django.contrib.admin.models import ADDITION, LogEntry
from django.urls import reverse

from members.models import User, UserRole


@pytest.fixture
def office(client, secretariat):
    secretariat.is_staff = True
    secretariat.save()
    client.force_login(secretariat)
    return client


def test_an_account_added_in_the_admin_is_made_and_logged_by_create_account(office, secretariat):
    response = office.post(
        reverse("admin:members_user_add"),
        {"email": " Hoa@LienHiepHoi.test ", "full_name": "Nguyễn  Thị Hoa", "role": UserRole.DELEGATE,
         "usable_password": "false"},
    )  # fmt: skip

    assert response.status_code == 302
    account = User.objects.get(email="hoa@lienhiephoi.test")
    assert (account.full_name, account.has_usable_password()) == ("Nguyễn Thị Hoa", False)
    (entry,) = LogEntry.objects.filter(object_id=str(account.pk))
    assert (entry.user, entry.action_flag, entry.change_message) == (
        secretariat,
        ADDITION,
        "Tạo tài khoản trong trang quản trị",
    )


def test_a_leads_account_is_revoked_on_the_leads_page_not_in_the_admin(office, lead):
    form = office.get(reverse("admin:members_user_change", args=[lead.pk])).context["adminform"].form

    assert "is_active" not in form.fields


def test_the_admin_offers_no_second_list_of_email_addresses(office):
    page = office.get(reverse("admin:index")).content.decode()
    assert "Email addresses" not in page and "/account/emailaddress/" not in page
    assert office.get(reverse("admin:index") + "account/emailaddress/").status_code == 404

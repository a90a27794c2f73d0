"""A mistyped email is answered the same way everywhere: what is wrong, and an address of the right shape."""

import pytest
from django.urls import reverse

from congress.forms import InviteForm
from members.forms import LeadInvitationForm
from tests.test_pages import text_of

pytestmark = pytest.mark.django_db

MESSAGE = "Địa chỉ email chưa đúng, ví dụ: ten@vi-du.vn."


@pytest.mark.parametrize("form_class", [LeadInvitationForm, InviteForm])
def test_the_portals_forms_say_what_is_wrong_with_an_email(form_class):
    form = form_class({"email": "lan@", "full_name": "Phạm Thị Lan"})
    assert form.errors["email"] == [MESSAGE]


def test_the_sign_in_page_says_what_is_wrong_with_an_email(client):
    page = text_of(client.post("/tai-khoan/login/", {"login": "lan.lienhiephoi.vn", "password": "x"}))
    assert MESSAGE in page and "Nhập địa chỉ email." not in page


def test_the_password_reset_page_says_what_is_wrong_with_an_email(client):
    page = text_of(client.post(reverse("account_reset_password"), {"email": "lan@@vi-du"}))
    assert MESSAGE in page


def test_a_members_email_on_the_roster_form_says_what_is_wrong():
    from members.forms import MemberForm

    form = MemberForm({"email": "khong-phai-email"})
    assert form.errors["email"] == [MESSAGE]


def test_the_admins_person_and_account_forms_say_what_is_wrong_with_an_email(client, secretariat):
    from members.admin import AccountCreationForm, PersonForm

    assert PersonForm({"email": "a b@c"}).errors["email"] == [MESSAGE]
    assert AccountCreationForm({"email": "khong-phai-email"}).errors["email"] == [MESSAGE]

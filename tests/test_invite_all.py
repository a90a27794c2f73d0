"""Inviting every delegate at once: the accounts commit first, the emails go out after, and a mail server's
refusal is shown per person and retried without mailing anyone twice.

These tests commit for real (transaction=True), because what they check is what happens after a commit.
"""

import pytest
from django.urls import reverse

from congress.models import Delegate, DelegateKind
from congress.services import delegates as services
from members.models import InvitationStatus, User, UserRole
from tests.test_pages import text_of

pytestmark = pytest.mark.django_db(transaction=True)

FIVE = ["an", "anh", "duc", "hung", "yen"]


@pytest.fixture
def five_summoned(bare_congress, people, secretariat):
    """Five appointed delegates with an email and no account; in list order An, Ánh, Đức, Hưng, Yến."""
    for key in FIVE:
        person = people[key]
        person.email = f"{key}@example.vn"
        person.save()
        services.summon_delegate(bare_congress, person, actor=secretariat, kind=DelegateKind.APPOINTED)
    return bare_congress


def invite_all(client, congress):
    return client.post(reverse("congress:invite_all", args=[congress.pk]), follow=True)


def test_a_refusal_on_the_third_of_five_mails_commits_everything_and_is_shown(
    client, five_summoned, secretariat, failing_mail, mailoutbox
):
    failing_mail.refuse = {3}
    client.force_login(secretariat)

    response = invite_all(client, five_summoned)

    assert response.status_code == 200
    assert User.objects.filter(role=UserRole.DELEGATE).count() == 5
    assert all(d.account_id for d in Delegate.objects.filter(congress=five_summoned))
    assert sorted(m.to[0] for m in mailoutbox) == [
        "an@example.vn",
        "anh@example.vn",
        "hung@example.vn",
        "yen@example.vn",
    ]
    page = text_of(response)
    assert "Đã gửi lời mời tới 4 đại biểu." in page
    assert "1 lời mời chưa gửi được: Đặng Văn Đức." in page
    duc = Delegate.objects.select_related("invitation").get(person__given_name="Đức")
    assert duc.invitation.status == InvitationStatus.FAILED
    assert "Máy chủ thư từ chối địa chỉ người nhận" in duc.invitation.error


def test_the_delegates_page_shows_each_failure_and_a_retry_mails_only_the_failed_one(
    client, five_summoned, secretariat, failing_mail, mailoutbox
):
    failing_mail.refuse = {3}
    client.force_login(secretariat)
    invite_all(client, five_summoned)
    url = reverse("congress:delegates", args=[five_summoned.pk])

    page = text_of(client.get(url))
    retried = client.post(reverse("congress:invite_retry", args=[five_summoned.pk]), follow=True)
    again = client.post(reverse("congress:invite_retry", args=[five_summoned.pk]), follow=True)
    twice = invite_all(client, five_summoned)

    assert "Đặng Văn Đức" in page and "Chưa gửi được lời mời Máy chủ thư từ chối địa chỉ người nhận" in page
    assert "1 lời mời chưa gửi được" in page
    assert "Đã gửi lại 1 lời mời." in text_of(retried)
    assert "Không có lời mời nào đang chờ gửi lại." in text_of(again)
    assert "Đã gửi lời mời tới 0 đại biểu." in text_of(twice)
    recipients = [m.to[0] for m in mailoutbox]
    assert sorted(recipients) == sorted(f"{key}@example.vn" for key in FIVE)
    assert recipients[-1] == "duc@example.vn"
    duc = Delegate.objects.select_related("invitation").get(person__given_name="Đức")
    assert (duc.invitation.status, duc.invitation.attempts) == (InvitationStatus.SENT, 2)
    assert "Chưa gửi được lời mời" not in text_of(client.get(url))


def test_a_single_invitation_that_cannot_be_sent_says_so_and_the_same_form_twice_sends_once(
    client, five_summoned, secretariat, failing_mail, mailoutbox
):
    failing_mail.refuse = {1}
    client.force_login(secretariat)
    duc = Delegate.objects.get(person__given_name="Đức")
    url = reverse("congress:delegate_invite", args=[duc.pk])

    refused = client.post(url, {"email": "duc@example.vn", "loi_moi": ""}, follow=True)
    duc.refresh_from_db()
    form = {"email": "duc@example.vn", "loi_moi": duc.invitation_id}
    sent = client.post(url, form, follow=True)
    sent_again = client.post(url, form, follow=True)

    assert "Chưa gửi được lời mời tới duc@example.vn: Máy chủ thư từ chối địa chỉ người nhận" in text_of(
        refused
    )
    assert "Đã gửi lời mời tới duc@example.vn." in text_of(sent)
    assert "Lời mời tới duc@example.vn vừa được gửi; không gửi thêm." in text_of(sent_again)
    assert [m.to[0] for m in mailoutbox] == ["duc@example.vn"]

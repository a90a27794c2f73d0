"""Leads' accounts: invited by the secretariat with a one-time link, revoked without losing history.

Also the sign-in rate limit that protects them.
"""

import datetime
import re

import pytest
from allauth.account.forms import default_token_generator
from django.contrib.admin.models import LogEntry
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from members import services
from members.models import Person, User, UserRole
from tests.test_pages import add_associations, queries_for, text_of

PASSWORD = "hoi-son-hong-2024!"


@pytest.fixture
def invited(secretariat, son_hong, pho_chau, mailoutbox, django_capture_on_commit_callbacks):
    # The email goes out when the account commits.
    with django_capture_on_commit_callbacks(execute=True):
        return services.invite_lead(
            "Hoa@LienHiepHoi.test",
            "Nguyễn Thị Hoa",
            [son_hong, pho_chau],
            actor=secretariat,
            portal_url="https://cong.lienhiephoi.test",
        )


def invitation_path(message):
    url = re.search(r"https?://\S+", message.body).group(0)
    return url.split("lienhiephoi.test", 1)[1]


def set_password(client, path):
    """Open the link and choose a password, as the invited lead does."""
    response = client.get(path, follow=True)
    form_url = response.redirect_chain[-1][0] if response.redirect_chain else path
    return client.post(form_url, {"password1": PASSWORD, "password2": PASSWORD}, follow=True)


def test_an_invitation_makes_an_account_without_a_password_and_emails_a_link(invited, son_hong, pho_chau):
    user = User.objects.get(email="hoa@lienhiephoi.test")
    assert user == invited
    assert (user.role, user.full_name, user.is_active) == (UserRole.LEAD, "Nguyễn Thị Hoa", True)
    assert not user.has_usable_password()
    assert set(user.associations.all()) == {son_hong, pho_chau}
    (message,) = mail.outbox
    assert message.to == ["hoa@lienhiephoi.test"]
    assert message.subject == "[Liên hiệp hội] Lời mời tham gia cổng thông tin Liên hiệp hội"
    assert "Văn phòng Liên hiệp hội mời Nguyễn Thị Hoa dùng cổng thông tin" in message.body
    assert "- Hội KH&KT thị trấn Phố Châu\n- Hội KH&KT xã Sơn Hồng" in message.body
    assert "https://cong.lienhiephoi.test/tai-khoan/password/reset/key/" in message.body
    assert "hết hạn sau 3 ngày" in message.body


def test_the_link_sets_a_password_once(client, invited):
    path = invitation_path(mail.outbox[0])
    response = set_password(client, path)
    assert response.status_code == 200
    client.logout()
    assert client.login(email="hoa@lienhiephoi.test", password=PASSWORD)
    client.logout()
    again = client.get(path, follow=True)
    assert "Đường dẫn không còn hiệu lực" in text_of(again)


def test_the_link_expires(client, invited, monkeypatch):
    path = invitation_path(mail.outbox[0])
    later = datetime.datetime.now() + datetime.timedelta(days=4)
    monkeypatch.setattr(default_token_generator, "_now", lambda: later)
    assert "Đường dẫn không còn hiệu lực" in text_of(client.get(path, follow=True))


def test_inviting_again_sends_a_new_link_and_kills_the_old_one(
    client, secretariat, invited, son_hong, django_capture_on_commit_callbacks
):
    first = invitation_path(mail.outbox[0])
    with django_capture_on_commit_callbacks(execute=True):
        services.invite_lead(
            "hoa@lienhiephoi.test",
            "Nguyễn Thị Hoa",
            [son_hong],
            actor=secretariat,
            portal_url="http://x.lienhiephoi.test",
        )
    assert list(User.objects.get(pk=invited.pk).associations.all()) == [son_hong]
    second = invitation_path(mail.outbox[1])
    assert first != second
    assert set_password(client, second).status_code == 200
    client.logout()
    assert "Đường dẫn không còn hiệu lực" in text_of(client.get(first, follow=True))


def test_an_account_in_use_is_not_invited_over(secretariat, lead, son_hong):
    with pytest.raises(services.MembersError, match="đã có tài khoản đang hoạt động"):
        services.invite_lead("lan@lienhiephoi.test", "Phạm Thị Lan", [son_hong], actor=secretariat)
    assert User.objects.get(pk=lead.pk).check_password("mat-khau-hoi-son-hong")


def test_a_secretariat_or_delegate_email_cannot_be_invited_as_a_lead(secretariat, delegate, son_hong):
    for email in ("thu@lienhiephoi.test", "dung@lienhiephoi.test"):
        with pytest.raises(services.MembersError, match="không thể mời làm người phụ trách hội"):
            services.invite_lead(email, "Ai đó", [son_hong], actor=secretariat, portal_url="http://x")


# The email goes out when the account commits: this test commits for real.
@pytest.mark.django_db(transaction=True)
def test_the_invitation_form_sends_the_email(client, secretariat, son_hong, mailoutbox):
    client.force_login(secretariat)
    data = {"email": "hoa@lienhiephoi.test", "full_name": "Nguyễn Thị Hoa", "associations": [son_hong.pk]}
    response = client.post(reverse("members:lead_invite"), {**data, "ma_gui": "moi1"}, follow=True)
    assert "Đã gửi lời mời tới hoa@lienhiephoi.test." in text_of(response)
    (message,) = mailoutbox
    # Built from the request the secretariat made.
    assert "http://testserver/tai-khoan/password/reset/key/" in message.body
    # Sent twice (a double click): one email.
    client.post(reverse("members:lead_invite"), {**data, "ma_gui": "moi1"})
    assert len(mailoutbox) == 1
    entry = LogEntry.objects.get(object_id=str(User.objects.get(email="hoa@lienhiephoi.test").pk))
    assert (entry.user, entry.change_message) == (secretariat, "Gửi lời mời (tài khoản mới)")


def test_the_invitation_form_needs_an_association(client, secretariat, mailoutbox):
    client.force_login(secretariat)
    response = client.post(
        reverse("members:lead_invite"), {"email": "hoa@lienhiephoi.test", "full_name": "Hoa"}
    )
    assert "Hãy chọn ít nhất một hội mà người này phụ trách." in text_of(response)
    assert not mailoutbox


def test_revoking_closes_the_account_and_keeps_what_it_did(client, secretariat, lead, people):
    yen = Person.objects.get(pk=people["yen"].pk)
    services.update_person(yen, actor=lead, expected_version=yen.version, phone="0912")
    client.force_login(secretariat)
    response = client.post(reverse("members:lead_revoke", args=[lead.pk]), {"ma_gui": "r1"}, follow=True)
    assert "Đã thu hồi tài khoản của Phạm Thị Lan." in text_of(response)
    lead.refresh_from_db()
    assert not lead.is_active
    assert not lead.has_usable_password()
    assert Person.history.filter(history_user=lead).count() == 1
    assert list(lead.associations.values_list("code", flat=True)) == ["son-hong"]
    client.logout()
    response = client.post(
        reverse("account_login"), {"login": "lan@lienhiephoi.test", "password": "mat-khau-hoi-son-hong"}
    )
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_a_revoked_lead_signed_in_elsewhere_is_shut_out(client, secretariat, lead, son_hong):
    client.force_login(lead)
    services.revoke_lead(lead, actor=secretariat)
    response = client.get(reverse("members:association", args=[son_hong.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_a_revoked_lead_can_be_invited_again(
    secretariat, lead, son_hong, mailoutbox, django_capture_on_commit_callbacks
):
    services.revoke_lead(lead, actor=secretariat)
    with pytest.raises(services.MembersError, match="đã bị thu hồi từ trước"):
        services.revoke_lead(lead, actor=secretariat)
    with django_capture_on_commit_callbacks(execute=True):
        services.invite_lead(
            "lan@lienhiephoi.test", "Phạm Thị Lan", [son_hong], actor=secretariat, portal_url="http://x"
        )
    lead.refresh_from_db()
    assert lead.is_active
    assert len(mailoutbox) == 1


def test_leads_page_shows_each_lead_their_associations_and_last_roster_change(
    client, secretariat, lead, other_lead, invited, people
):
    yen = Person.objects.get(pk=people["yen"].pk)
    services.update_person(yen, actor=lead, expected_version=yen.version, phone="0912")
    services.record_leaving(
        people["duc"].memberships.get(), actor=other_lead, left_on=datetime.date(2024, 1, 1), reason="moved"
    )
    services.revoke_lead(other_lead, actor=secretariat)
    client.force_login(lead)
    client.logout()
    client.force_login(secretariat)
    page = text_of(client.get(reverse("members:leads")))
    today = timezone.localdate().strftime("%d/%m/%Y")
    assert re.search(
        rf"Nguyễn Thị Hoa hoa@lienhiephoi.test Hội KH&KT thị trấn Phố Châu Hội KH&KT xã Sơn Hồng "
        rf"Chưa nhận lời mời {today} Chưa đăng nhập Chưa cập nhật Gửi lại lời mời Huỷ lời mời",
        page,
    )
    assert re.search(
        rf"Phạm Thị Lan lan@lienhiephoi.test Hội KH&KT xã Sơn Hồng Đang hoạt động {today} "
        rf"\d\d:\d\d {today} \d\d:\d\d {today} Thu hồi tài khoản",
        page,
    )
    assert re.search(
        rf"Trần Văn Bình binh@lienhiephoi.test Hội KH&KT thị trấn Phố Châu Đã thu hồi {today} "
        rf"Chưa đăng nhập \d\d:\d\d {today} Mời lại",
        page,
    )


def test_leads_page_runs_the_same_queries_however_many_leads(
    client, secretariat, lead, other_lead, federation, django_assert_num_queries
):
    client.force_login(secretariat)
    url = reverse("members:leads")
    small = queries_for(client, url)
    for index, association in enumerate(add_associations(federation, 6)):
        services.invite_lead(
            f"hoi{index}@lienhiephoi.test",
            f"Người {index}",
            [association],
            actor=secretariat,
            portal_url="http://x",
        )
    assert queries_for(client, url) == small
    # Session and user (2), count and page of leads with their last roster change (2), their associations (1),
    # their invitations (1), the count of invitations not sent (1), federation (1).
    with django_assert_num_queries(8):
        client.get(url)


def test_the_sixth_failed_sign_in_within_five_minutes_is_refused(client, lead):
    url = reverse("account_login")
    wrong = {"login": "lan@lienhiephoi.test", "password": "sai-mat-khau"}
    for _attempt in range(5):
        assert "Email hoặc mật khẩu không đúng." in text_of(client.post(url, wrong))
    page = text_of(client.post(url, wrong))
    assert "Đăng nhập sai quá nhiều lần. Hãy thử lại sau ít phút." in page
    # Even the right password waits.
    right = {"login": "lan@lienhiephoi.test", "password": "mat-khau-hoi-son-hong"}
    assert "Đăng nhập sai quá nhiều lần" in text_of(client.post(url, right))


def test_the_invitation_form_opens_filled_in_from_an_association_or_a_pending_account(
    client, secretariat, son_hong, invited
):
    client.force_login(secretariat)
    html = client.get(reverse("members:lead_invite"), {"hoi": son_hong.pk}).content.decode()
    assert re.search(rf'value="{son_hong.pk}"[^>]*checked', html)
    html = client.get(reverse("members:lead_invite"), {"email": "hoa@lienhiephoi.test"}).content.decode()
    assert 'value="Nguyễn Thị Hoa"' in html
    assert 'value="hoa@lienhiephoi.test"' in html


@pytest.mark.django_db(transaction=True)
def test_an_email_that_cannot_be_sent_keeps_the_account_shows_why_and_is_retried_once(
    client, secretariat, son_hong, monkeypatch, mailoutbox
):
    def refuse(*args, **kwargs):
        raise ConnectionRefusedError("no mail server")

    client.force_login(secretariat)
    data = {"email": "hoa@lienhiephoi.test", "full_name": "Nguyễn Thị Hoa", "associations": [son_hong.pk]}
    with monkeypatch.context() as patched:
        patched.setattr("django.core.mail.message.EmailMessage.send", refuse)
        response = client.post(reverse("members:lead_invite"), {**data, "ma_gui": "moi1"}, follow=True)

    page = text_of(response)
    assert (
        "Đã tạo tài khoản cho hoa@lienhiephoi.test nhưng chưa gửi được lời mời: "
        "Không kết nối được với máy chủ thư. (no mail server)" in page
    )
    assert re.search(r"Nguyễn Thị Hoa .* Chưa gửi được lời mời Không kết nối được với máy chủ thư", page)
    assert "1 lời mời chưa gửi được" in page
    assert User.objects.get(email="hoa@lienhiephoi.test").role == UserRole.LEAD
    retry = reverse("members:lead_invitations_retry")
    assert "Đã gửi lại 1 lời mời." in text_of(client.post(retry, follow=True))
    assert "Không có lời mời nào đang chờ gửi lại." in text_of(client.post(retry, follow=True))
    # The same form sent again after the failure does not invite a second time.
    client.post(reverse("members:lead_invite"), {**data, "ma_gui": "moi1"})
    assert [m.to for m in mailoutbox] == [["hoa@lienhiephoi.test"]]

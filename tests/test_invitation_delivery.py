"""Invitation emails: recorded with the account, mailed after it commits, failures kept with their reason,
retried without mailing anyone twice. Accounts for leads and delegates are made in one place."""

import pytest
from django.contrib.admin.models import ADDITION, LogEntry
from django.utils import translation

from congress.models import DelegateKind
from congress.services import delegates as congress_services
from members import services
from members.models import Invitation, InvitationStatus, User, UserRole

pytestmark = pytest.mark.django_db


def invite_hoa(secretariat, son_hong, portal_url="https://cong.example"):
    return services.invite_lead(
        "hoa@example.vn", "Nguyễn Thị Hoa", [son_hong], actor=secretariat, portal_url=portal_url
    )


def test_the_email_goes_out_only_once_the_account_is_committed(
    secretariat, son_hong, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as on_commit:
        hoa = invite_hoa(secretariat, son_hong)
        invitation = Invitation.objects.get(account=hoa)
        assert mailoutbox == []
        assert invitation.status == InvitationStatus.PENDING

    for callback in on_commit:
        callback()

    invitation.refresh_from_db()
    assert [m.to for m in mailoutbox] == [["hoa@example.vn"]]
    assert (invitation.status, invitation.attempts, invitation.error) == (InvitationStatus.SENT, 1, "")
    assert invitation.sent_at is not None
    assert invitation.history.first().history_user == secretariat


def test_a_refused_email_is_recorded_with_its_reason_and_the_account_stays(
    secretariat, son_hong, failing_mail, django_capture_on_commit_callbacks
):
    failing_mail.refuse = {1}

    with django_capture_on_commit_callbacks(execute=True):
        hoa = invite_hoa(secretariat, son_hong)

    invitation = Invitation.objects.get(account=hoa)
    assert User.objects.filter(email="hoa@example.vn", role=UserRole.LEAD).exists()
    assert invitation.status == InvitationStatus.FAILED
    assert invitation.error.startswith("Máy chủ thư từ chối địa chỉ người nhận; hãy kiểm tra lại email. (")
    assert "User unknown" in invitation.error
    assert failing_mail.handed == 1


def test_a_retry_mails_what_did_not_go_out_once_and_a_sent_invitation_never_again(
    secretariat, son_hong, pho_chau, failing_mail, mailoutbox, django_capture_on_commit_callbacks
):
    failing_mail.refuse = {1}
    with django_capture_on_commit_callbacks(execute=True):
        hoa = invite_hoa(secretariat, son_hong)
        services.invite_lead(
            "lam@example.vn", "Trần Lâm", [pho_chau], actor=secretariat, portal_url="https://x"
        )

    retried = services.retry_invitations(services.lead_invitations(), actor=secretariat)
    again = services.retry_invitations(services.lead_invitations(), actor=secretariat)
    services.send_invitation(Invitation.objects.get(account=hoa), actor=secretariat)

    assert [(i.email, i.status, i.attempts) for i in retried] == [
        ("hoa@example.vn", InvitationStatus.SENT, 2)
    ]
    assert again == []
    assert sorted(m.to[0] for m in mailoutbox) == ["hoa@example.vn", "lam@example.vn"]
    # A retry outside any request makes its link with the address the invitation was made from.
    assert "https://cong.example/tai-khoan/password/reset/key/" in mailoutbox[-1].body


def test_a_new_invitation_replaces_one_that_did_not_go_out(
    secretariat, son_hong, failing_mail, mailoutbox, django_capture_on_commit_callbacks
):
    failing_mail.refuse = {1}
    with django_capture_on_commit_callbacks(execute=True):
        hoa = invite_hoa(secretariat, son_hong)
    with django_capture_on_commit_callbacks(execute=True):
        invite_hoa(secretariat, son_hong)

    statuses = list(Invitation.objects.filter(account=hoa).order_by("id").values_list("status", flat=True))
    assert statuses == [InvitationStatus.CANCELLED, InvitationStatus.SENT]
    assert services.retry_invitations(services.lead_invitations(), actor=secretariat) == []
    assert len(mailoutbox) == 1


def test_revoking_a_lead_or_a_delegate_withdraws_an_invitation_not_yet_sent(
    secretariat, son_hong, bare_congress, people, failing_mail, django_capture_on_commit_callbacks
):
    failing_mail.refuse = {1, 2}
    duc = congress_services.summon_delegate(
        bare_congress, people["duc"], actor=secretariat, kind=DelegateKind.APPOINTED
    )
    with django_capture_on_commit_callbacks(execute=True):
        hoa = invite_hoa(secretariat, son_hong)
        duc = congress_services.invite_delegate(
            duc, actor=secretariat, email="duc@example.vn", portal_url="https://x"
        )

    services.revoke_lead(hoa, actor=secretariat)
    congress_services.revoke_delegate(duc, actor=secretariat, reason="Thay người khác")

    assert set(Invitation.objects.values_list("status", flat=True)) == {InvitationStatus.CANCELLED}
    assert services.retry_invitations(Invitation.objects.all(), actor=secretariat) == []


def test_leads_and_delegates_accounts_are_made_by_create_account(
    secretariat, son_hong, bare_congress, people
):
    lead = invite_hoa(secretariat, son_hong)
    delegate = congress_services.summon_delegate(
        bare_congress, people["duc"], actor=secretariat, kind=DelegateKind.APPOINTED
    )
    delegate = congress_services.invite_delegate(
        delegate, actor=secretariat, email="Duc@Example.vn", portal_url="https://x"
    )

    for account, role, note in [
        (lead, UserRole.LEAD, "Gửi lời mời (tài khoản mới)"),
        (
            delegate.account,
            UserRole.DELEGATE,
            "Tài khoản đại biểu Đại hội đại biểu lần thứ V, nhiệm kỳ 2024–2029",
        ),
    ]:
        assert (account.role, account.has_usable_password()) == (role, False)
        entry = LogEntry.objects.get(object_id=str(account.pk))
        assert (entry.user, entry.action_flag, entry.change_message) == (secretariat, ADDITION, note)
    assert delegate.account.email == "duc@example.vn" and delegate.account.person == people["duc"]
    with pytest.raises(services.MembersError, match="Email hoa@example.vn đã dùng cho một tài khoản khác."):
        services.create_account("HOA@example.vn", actor=secretariat, role=UserRole.DELEGATE)


def test_a_delegates_invitation_is_in_vietnamese_whatever_language_the_office_uses(
    secretariat, bare_congress, people, mailoutbox, django_capture_on_commit_callbacks
):
    delegate = congress_services.summon_delegate(
        bare_congress, people["duc"], actor=secretariat, kind=DelegateKind.APPOINTED
    )

    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        congress_services.invite_delegate(
            delegate, actor=secretariat, email="duc@example.vn", portal_url="https://x"
        )

    (message,) = mailoutbox
    assert "đại biểu dự Đại hội đại biểu lần thứ V, nhiệm kỳ 2024–2029." in message.body
    assert message.subject == "[Liên hiệp hội] Giấy mời dùng cổng thông tin Đại hội lần thứ V"

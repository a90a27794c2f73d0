"""The congress in the admin: delegates, quotas, check-in and comments change through congress.services."""

import pytest
from django.urls import reverse

from congress.models import CheckIn, Comment, CommentDecision, Delegate, DelegateKind, DelegateQuota
from congress.services import CongressError
from congress.services import delegates as congress_services
from tests.test_pages import text_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def office(client, secretariat):
    secretariat.is_staff = True
    secretariat.save()
    client.force_login(secretariat)
    return client


def delegate_form(delegate, **changes):
    data = {
        "kind": delegate.kind,
        "association": delegate.association_id or "",
        "credential": delegate.credential,
        "credential_note": delegate.credential_note,
        "revoked_reason": delegate.revoked_reason,
    }
    data.update(changes)
    return data


def change_delegate(office, delegate, **changes):
    return office.post(
        reverse("admin:congress_delegate_change", args=[delegate.pk]), delegate_form(delegate, **changes)
    )


def test_summoning_in_the_admin_checks_the_roster_on_the_congress_date(office, congress_v, pho_chau, people):
    congress = congress_v["congress"]
    Delegate.objects.filter(person=people["yen"]).delete()

    response = office.post(
        reverse("admin:congress_delegate_add"),
        {"congress": congress.pk, "person": people["yen"].pk, "kind": DelegateKind.ELECTED, "association": pho_chau.pk},
    )  # fmt: skip

    assert response.status_code == 200
    assert (
        "Uông Thị Kim Yến không có tên trong danh sách hội viên của Hội KH&KT thị trấn Phố Châu"
        in text_of(response)
    )
    assert not Delegate.objects.filter(person=people["yen"]).exists()


def test_a_credential_recorded_in_the_admin_needs_a_reason_and_names_who_checked(
    office, congress_v, secretariat
):
    duc = congress_v["duc"]

    without_reason = change_delegate(office, duc, credential="rejected")
    response = change_delegate(office, duc, credential="rejected", credential_note="Chưa đủ tuổi hội")

    assert "Hãy ghi lý do đại biểu không đủ tư cách." in text_of(without_reason)
    assert response.status_code == 302
    duc.refresh_from_db()
    assert (duc.credential, duc.credential_checked_by) == ("rejected", secretariat)
    assert duc.credential_checked_at is not None


def test_a_reason_entered_in_the_admin_revokes_the_summons(office, congress_v, secretariat):
    duc = congress_v["duc"]

    response = change_delegate(office, duc, revoked_reason="Chuyển công tác")

    assert response.status_code == 302
    duc.refresh_from_db()
    assert duc.revoked_at is not None and duc.revoked_reason == "Chuyển công tác"
    assert duc.history.first().history_user == secretariat


def test_a_quota_lowered_in_the_admin_below_the_elected_is_refused(office, congress_v, pho_chau):
    quota = DelegateQuota.objects.get(congress=congress_v["congress"], association=pho_chau)

    response = office.post(reverse("admin:congress_delegatequota_change", args=[quota.pk]), {"seats": 0})

    assert response.status_code == 200
    assert "Hội KH&KT thị trấn Phố Châu đã có 1 đại biểu được bầu" in text_of(response)
    quota.refresh_from_db()
    assert quota.seats == 1


def test_a_guest_cannot_be_checked_in_from_the_admin(office, congress_v):
    yen = congress_v["yen"]

    response = office.post(reverse("admin:congress_checkin_add"), {"delegate": yen.pk})

    assert response.status_code == 200
    assert "Khách mời không điểm danh và không tính vào số đại biểu." in text_of(response)
    assert not CheckIn.objects.filter(delegate=yen).exists()


def test_a_comment_decided_in_the_admin_records_who_decided(office, congress_v, secretariat):
    comment = congress_v["dung_comment"]

    response = office.post(
        reverse("admin:congress_comment_change", args=[comment.pk]),
        {"decision": CommentDecision.TAKEN, "decision_note": "Đã bổ sung ở dự thảo 2"},
    )

    assert response.status_code == 302
    comment = Comment.objects.get(pk=comment.pk)
    assert (comment.decision, comment.decided_by) == (CommentDecision.TAKEN, secretariat)
    assert comment.text == "Đề nghị bổ sung số liệu."


@pytest.mark.parametrize(
    ("model", "record", "can_add"),
    [
        ("congress", "congress", True),
        ("delegatequota", None, True),
        ("delegate", "duc", True),
        ("checkin", None, True),
        ("checkinrefusal", None, False),
        ("congressdocument", "draft", True),
        ("comment", "dung_comment", True),
    ],
)
def test_each_congress_page_of_the_admin_opens(office, congress_v, secretariat, model, record, can_add):
    congress_services.check_in(congress_v["hung"], actor=secretariat)
    with pytest.raises(CongressError):
        congress_services.check_in(congress_v["yen"], actor=secretariat)
    changelist = office.get(reverse(f"admin:congress_{model}_changelist"))
    instance = congress_v[record] if record else changelist.context["cl"].result_list[0]

    assert changelist.status_code == 200
    assert office.get(reverse(f"admin:congress_{model}_add")).status_code == (200 if can_add else 403)
    assert office.get(reverse(f"admin:congress_{model}_change", args=[instance.pk])).status_code == 200

"""Summoning delegates: quotas, the kinds of delegate, ex officio from the outgoing committee, revoking, accounts."""

import datetime
import io

import pytest
from django.core import mail
from django.urls import reverse

from congress.models import Delegate, DelegateKind, DelegateQuota, QuorumRule
from congress.services import CongressError
from congress.services import delegates as services
from members import services as member_services
from members.models import Body, Role, StartMethod, User, UserRole
from tests.conftest import make_person

pytestmark = pytest.mark.django_db


@pytest.fixture
def ready(bare_congress, people, committee, secretariat):
    """Congress V with its quotas computed (one per two members): Sơn Hồng 2, Phố Châu 1, agriculture 1."""
    services.compute_quotas(bare_congress, actor=secretariat)
    return bare_congress


def seats(congress):
    return dict(DelegateQuota.objects.filter(congress=congress).values_list("association__code", "seats"))


# --- Quotas -----------------------------------------------------------------------------------------------


def test_quotas_are_one_per_n_members_counted_up_with_a_minimum(ready):
    # Sơn Hồng: Hưng, Yến, Ánh (3 → 2); Phố Châu: Đức (An left in 2020); agriculture: Hưng.
    assert seats(ready) == {"son-hong": 2, "pho-chau": 1, "nong-nghiep": 1}
    quota = DelegateQuota.objects.get(congress=ready, association__code="son-hong")
    assert (quota.members, quota.set_by_hand) == (3, False)


def test_the_minimum_applies_to_small_associations(ready, secretariat):
    services.update_congress_settings(ready, actor=secretariat, members_per_delegate=50, minimum_delegates=2)
    ready.refresh_from_db()
    services.compute_quotas(ready, actor=secretariat)
    assert seats(ready) == {"son-hong": 2, "pho-chau": 2, "nong-nghiep": 2}


def test_a_quota_set_by_hand_survives_recomputing_unless_asked(ready, son_hong, secretariat):
    services.set_quota(ready, son_hong, 5, actor=secretariat)
    services.compute_quotas(ready, actor=secretariat)
    assert seats(ready)["son-hong"] == 5
    services.compute_quotas(ready, actor=secretariat, keep_hand_set=False)
    assert seats(ready)["son-hong"] == 2


def test_a_quota_cannot_drop_below_the_delegates_already_elected(ready, son_hong, people, secretariat):
    for key in ("anh", "yen"):
        services.summon_delegate(
            ready, people[key], actor=secretariat, kind=DelegateKind.ELECTED, association=son_hong
        )
    with pytest.raises(CongressError, match="đã có 2 đại biểu"):
        services.set_quota(ready, son_hong, 1, actor=secretariat)


def test_the_quota_page_saves_the_numbers_typed_in(client, ready, son_hong, secretariat):
    client.force_login(secretariat)
    response = client.post(reverse("congress:quotas", args=[ready.pk]), {f"so-{son_hong.pk}": "4"})
    assert response.status_code == 302
    assert seats(ready)["son-hong"] == 4
    page = client.get(reverse("congress:quotas", args=[ready.pk]))
    assert "Đã lưu phân bổ của 1 hội." in page.content.decode()


# --- Summoning --------------------------------------------------------------------------------------------


def test_an_elected_delegate_must_be_a_member_of_the_association_on_the_congress_day(
    ready, people, pho_chau, secretariat
):
    # An left Phố Châu in 2020.
    with pytest.raises(CongressError, match="không có tên trong danh sách hội viên"):
        services.summon_delegate(
            ready, people["an"], actor=secretariat, kind=DelegateKind.ELECTED, association=pho_chau
        )


def test_an_association_elects_no_more_than_its_quota(ready, people, pho_chau, secretariat):
    services.summon_delegate(
        ready, people["duc"], actor=secretariat, kind=DelegateKind.ELECTED, association=pho_chau
    )
    newcomer = make_person("Trần Văn Tư", birth_date=datetime.date(1980, 1, 1))
    member_services.admit_member(newcomer, pho_chau, actor=None, joined_on=datetime.date(2020, 1, 1))
    with pytest.raises(CongressError, match="đã đủ 1 đại biểu"):
        services.summon_delegate(
            ready, newcomer, actor=secretariat, kind=DelegateKind.ELECTED, association=pho_chau
        )


def test_a_person_is_summoned_once_and_never_copied(ready, people, secretariat):
    delegate = services.summon_delegate(ready, people["duc"], actor=secretariat, kind=DelegateKind.APPOINTED)
    assert delegate.person == people["duc"]
    with pytest.raises(CongressError, match="đã có trong danh sách"):
        services.summon_delegate(ready, people["duc"], actor=secretariat, kind=DelegateKind.GUEST)
    assert Delegate.objects.filter(person=people["duc"]).count() == 1


def test_a_revoked_delegate_summoned_again_gets_a_new_code(ready, people, secretariat):
    delegate = services.summon_delegate(ready, people["duc"], actor=secretariat, kind=DelegateKind.APPOINTED)
    old_token = delegate.token
    services.revoke_delegate(delegate, actor=secretariat, reason="Nhầm người")
    again = services.summon_delegate(ready, people["duc"], actor=secretariat, kind=DelegateKind.APPOINTED)
    assert again.pk == delegate.pk
    assert again.revoked_at is None and again.token != old_token


def test_revoking_needs_a_reason_and_takes_the_delegate_out_of_the_count(ready, people, secretariat):
    delegate = services.summon_delegate(ready, people["duc"], actor=secretariat, kind=DelegateKind.APPOINTED)
    with pytest.raises(CongressError, match="lý do"):
        services.revoke_delegate(delegate, actor=secretariat, reason="  ")
    services.revoke_delegate(delegate, actor=secretariat, reason="Hội cử người khác")
    assert services.attendance(ready) == {"summoned": 0, "present": 0}


def test_ex_officio_delegates_are_the_outgoing_committee_on_the_day_before_the_congress(
    ready, people, term_iv, secretariat
):
    # Hưng still sits on the executive committee; Yến left it in 2021; Ánh joins it the day before the congress.
    member_services.grant_mandate(
        people["anh"],
        term_iv,
        actor=None,
        body=Body.EXECUTIVE,
        role=Role.MEMBER,
        started_on=ready.date - datetime.timedelta(days=1),
        start_method=StartMethod.COOPTED,
    )
    added, already = services.fill_ex_officio(ready, actor=secretariat)
    assert {d.person.full_name for d in added} == {"Nguyễn Kiều Hưng", "Lê Thị Ánh"}
    assert all(d.kind == DelegateKind.EX_OFFICIO for d in added)
    added_again, already = services.fill_ex_officio(ready, actor=secretariat)
    assert (added_again, len(already)) == ([], 2)


def test_an_elected_delegate_on_the_outgoing_committee_becomes_ex_officio_and_frees_the_seat(
    ready, people, son_hong, secretariat
):
    hung = services.summon_delegate(
        ready, people["hung"], actor=secretariat, kind=DelegateKind.ELECTED, association=son_hong
    )
    services.fill_ex_officio(ready, actor=secretariat)
    hung.refresh_from_db()
    assert hung.kind == DelegateKind.EX_OFFICIO
    # Sơn Hồng's two seats are free again.
    for key in ("anh", "yen"):
        services.summon_delegate(
            ready, people[key], actor=secretariat, kind=DelegateKind.ELECTED, association=son_hong
        )


def test_the_ex_officio_button_adds_them_and_says_how_many(client, ready, secretariat):
    client.force_login(secretariat)
    response = client.post(reverse("congress:ex_officio", args=[ready.pk]), follow=True)
    assert "Đã thêm 1 đại biểu đương nhiên từ Ban Chấp hành khoá IV." in response.content.decode()


def test_the_secretariat_summons_a_person_found_by_name(client, ready, people, son_hong, secretariat):
    client.force_login(secretariat)
    page = client.get(reverse("congress:delegate_add", args=[ready.pk]), {"q": "le thi anh"})
    assert "Lê Thị Ánh" in page.content.decode()
    response = client.post(
        reverse("congress:delegate_add", args=[ready.pk]) + "?q=le+thi+anh",
        {"person": people["anh"].pk, "kind": DelegateKind.ELECTED, "association": son_hong.pk},
    )
    assert response.status_code == 302
    delegate = Delegate.objects.get(congress=ready, person=people["anh"])
    assert (delegate.kind, delegate.association) == (DelegateKind.ELECTED, son_hong)


def test_a_refused_summons_is_shown_and_adds_nobody(client, ready, people, pho_chau, secretariat):
    client.force_login(secretariat)
    response = client.post(
        reverse("congress:delegate_add", args=[ready.pk]),
        {"person": people["an"].pk, "kind": DelegateKind.ELECTED, "association": pho_chau.pk},
        follow=True,
    )
    assert "không có tên trong danh sách hội viên" in response.content.decode()
    assert not Delegate.objects.exists()


# --- Settings ---------------------------------------------------------------------------------------------


def test_the_settings_form_changes_the_quorum_rule(client, ready, secretariat):
    client.force_login(secretariat)
    data = {
        "venue": "Hội trường mới",
        "quorum_rule": QuorumRule.TWO_THIRDS,
        "majority_base": "summoned",
        "tie_rule": "older_first",
        "members_per_delegate": "40",
        "minimum_delegates": "1",
        "credentials_head": "Phan Đình Thắng",
    }
    response = client.post(reverse("congress:settings", args=[ready.pk]), data)
    assert response.status_code == 302
    ready.refresh_from_db()
    assert (ready.quorum_rule, ready.majority_base, ready.members_per_delegate) == (
        "two_thirds",
        "summoned",
        40,
    )
    assert ready.history.first().history_user == secretariat


# --- Accounts ---------------------------------------------------------------------------------------------


def test_inviting_a_delegate_creates_a_delegate_account_and_emails_a_set_password_link(
    ready, people, secretariat, django_capture_on_commit_callbacks
):
    delegate = services.summon_delegate(ready, people["duc"], actor=secretariat, kind=DelegateKind.APPOINTED)
    # The email goes out when the account commits.
    with django_capture_on_commit_callbacks(execute=True):
        services.invite_delegate(
            delegate, actor=secretariat, email="Duc@Example.vn", portal_url="https://cong.example"
        )
    user = User.objects.get(email="duc@example.vn")
    assert (user.role, user.person, user.has_usable_password()) == (UserRole.DELEGATE, people["duc"], False)
    delegate.refresh_from_db()
    assert delegate.account == user and delegate.invited_at is not None
    (message,) = mail.outbox
    assert message.to == ["duc@example.vn"]
    assert "https://cong.example/tai-khoan/password/reset/key/" in message.body
    assert "Đại hội đại biểu lần thứ V" in message.body


def test_a_lead_summoned_as_a_delegate_keeps_the_account_and_is_told_to_sign_in_with_it(
    ready, people, lead, secretariat, django_capture_on_commit_callbacks
):
    lead.person = people["anh"]
    lead.save(update_fields=["person"])
    delegate = services.summon_delegate(ready, people["anh"], actor=secretariat, kind=DelegateKind.APPOINTED)
    assert delegate.account == lead  # linked on summoning, by the person
    with django_capture_on_commit_callbacks(execute=True):
        services.invite_delegate(delegate, actor=secretariat, portal_url="https://cong.example")
    lead.refresh_from_db()
    assert lead.role == UserRole.LEAD and lead.has_usable_password()
    assert "https://cong.example/dai-hoi/" in mail.outbox[0].body
    assert "password/reset" not in mail.outbox[0].body


def test_an_email_used_by_someone_else_is_refused(ready, people, secretariat, other_lead):
    other_lead.person = people["hung"]
    other_lead.save(update_fields=["person"])
    delegate = services.summon_delegate(ready, people["duc"], actor=secretariat, kind=DelegateKind.APPOINTED)
    with pytest.raises(CongressError, match="tài khoản của người khác"):
        services.invite_delegate(delegate, actor=secretariat, email=other_lead.email, portal_url="https://x")


def test_guests_are_not_invited_and_people_without_email_are_listed(ready, people, secretariat):
    guest = services.summon_delegate(ready, people["yen"], actor=secretariat, kind=DelegateKind.GUEST)
    with pytest.raises(CongressError, match="khách mời"):
        services.invite_delegate(guest, actor=secretariat, email="yen@example.vn", portal_url="https://x")
    services.summon_delegate(ready, people["duc"], actor=secretariat, kind=DelegateKind.APPOINTED)
    people["hung"].email = "hung@example.vn"
    people["hung"].save()
    services.summon_delegate(ready, people["hung"], actor=secretariat, kind=DelegateKind.EX_OFFICIO)
    result = services.invite_all(ready, actor=secretariat, portal_url="https://x")
    assert [d.person.full_name for d in result.invited] == ["Nguyễn Kiều Hưng"]
    assert [d.person.full_name for d in result.without_email] == ["Đặng Văn Đức"]


def test_the_delegate_list_shows_kinds_and_filters_by_name_without_accents(
    client, ready, people, son_hong, secretariat
):
    services.summon_delegate(
        ready, people["anh"], actor=secretariat, kind=DelegateKind.ELECTED, association=son_hong
    )
    services.summon_delegate(ready, people["duc"], actor=secretariat, kind=DelegateKind.APPOINTED)
    client.force_login(secretariat)
    page = client.get(reverse("congress:delegates", args=[ready.pk]), {"q": "dang van duc"}).content.decode()
    assert "Đặng Văn Đức" in page and "Lê Thị Ánh" not in page
    page = client.get(reverse("congress:delegates", args=[ready.pk]), {"loai": "elected"}).content.decode()
    assert "Lê Thị Ánh" in page and "Đặng Văn Đức" not in page


def test_the_delegate_list_exports_with_the_import_columns(client, ready, people, secretariat):
    services.summon_delegate(ready, people["duc"], actor=secretariat, kind=DelegateKind.APPOINTED)
    client.force_login(secretariat)
    response = client.get(reverse("congress:delegates_export", args=[ready.pk, "csv"]))
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("Họ và tên,Ngày sinh,Mã hội,Loại đại biểu")
    assert lines[1].startswith("Đặng Văn Đức,20/01/1985,,Chỉ định")


def test_the_delegate_list_in_xlsx_holds_dates_and_imports_back(client, ready, people, secretariat):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from openpyxl import load_workbook

    from congress import delegate_import

    services.summon_delegate(ready, people["duc"], actor=secretariat, kind=DelegateKind.APPOINTED)
    client.force_login(secretariat)
    content = client.get(reverse("congress:delegates_export", args=[ready.pk, "xlsx"])).content
    row = load_workbook(io.BytesIO(content)).active[2]
    assert (row[0].value, row[1].value) == ("Đặng Văn Đức", datetime.datetime(1985, 1, 20))
    assert row[1].number_format == "DD/MM/YYYY"
    plan = delegate_import.plan_import(ready, SimpleUploadedFile("dai-bieu.xlsx", content))
    assert [(r.name, bool(r.person), r.errors, r.already) for r in plan.rows] == [
        ("Đặng Văn Đức", True, [], True)
    ]


def test_changing_a_delegates_kind_checks_the_quota_of_the_new_association(
    ready, people, son_hong, secretariat
):
    for key in ("anh", "yen"):
        services.summon_delegate(
            ready, people[key], actor=secretariat, kind=DelegateKind.ELECTED, association=son_hong
        )
    hung = services.summon_delegate(ready, people["hung"], actor=secretariat, kind=DelegateKind.APPOINTED)
    with pytest.raises(CongressError, match="đã đủ 2 đại biểu"):
        services.change_delegate(hung, actor=secretariat, kind=DelegateKind.ELECTED, association=son_hong)
    hung.refresh_from_db()
    assert hung.kind == DelegateKind.APPOINTED


def test_the_counting_rules_stay_once_an_election_is_confirmed(confirmed_election, secretariat):
    congress = confirmed_election.congress
    with pytest.raises(CongressError, match="không thể đổi căn cứ tính quá bán"):
        services.update_congress_settings(congress, actor=secretariat, majority_base="summoned")
    # The quorum rule and the quotas are not what a confirmed count was read with.
    services.update_congress_settings(congress, actor=secretariat, quorum_rule=QuorumRule.TWO_THIRDS)

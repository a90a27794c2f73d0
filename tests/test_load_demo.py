"""`manage.py load_demo` builds the federation as the term IV report describes it, once.

Loading takes a few seconds, so the module loads it once inside a transaction that is rolled back when the
module ends; each test runs in its own savepoint on top of it, and no other module sees the demo.
"""

import collections
import datetime
import json
from io import StringIO

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from members import demo
from members.models import (
    Association,
    Block,
    Body,
    ClosedReason,
    EndReason,
    Federation,
    LeaveReason,
    Mandate,
    Membership,
    Person,
    Role,
    Term,
    User,
    UserRole,
)

pytestmark = pytest.mark.django_db

DAY_AFTER_CONGRESS_IV = "2018-08-18"
CONGRESS_V = "2024-03-15"
NAMED_IN_THE_REPORT = {
    "Nguyễn Kiều Hưng",
    "Trần Đình Chiến",
    "Nguyễn Trường Giang",
    "Trần Văn Mạnh",
    "Uông Thị Kim Yến",
    "Võ Thị Hương",
    "Lê Nhật Tân",
    "Nguyễn Văn Sơn",
}


@pytest.fixture(scope="module")
def first_run(django_db_setup, django_db_blocker):
    """The output of the first load_demo; the data stays until the module's last test."""
    # The fast hasher the other tests use (conftest), so the accounts' passwords check in every test.
    fast_hashing = override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])
    with django_db_blocker.unblock(), fast_hashing, transaction.atomic():
        out = StringIO()
        call_command("load_demo", stdout=out)
        yield out.getvalue()
        transaction.set_rollback(True)


def summary_on(date):
    out = StringIO()
    call_command("federation_summary", "--as-of", date, "--json", stdout=out)
    return json.loads(out.getvalue())


def row_counts():
    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models(include_auto_created=True)
    }


def test_it_changes_nothing_when_run_again(first_run):
    before = row_counts()
    out = StringIO()

    call_command("load_demo", stdout=out)

    assert row_counts() == before
    assert "Dữ liệu minh hoạ đã có từ trước" in out.getvalue()
    # The counts cover the history tables, and the first run wrote history for everything it created.
    assert before["members.HistoricalPerson"] == before["members.Person"]
    assert before["members.HistoricalMandate"] > before["members.Mandate"]  # the departures are edits


def test_it_shows_the_committee_elected_at_congress_iv(first_run):
    figures = summary_on(DAY_AFTER_CONGRESS_IV)

    assert figures["executive_committee"] == 19
    assert figures["standing_committee"] == 5
    assert figures["inspection_committee"] == 1
    assert [{"name": o["name"], "role": o["role"]} for o in figures["officers"]] == [
        {"name": "Nguyễn Kiều Hưng", "role": "Chủ tịch"},
        {"name": "Trần Đình Chiến", "role": "Phó Chủ tịch"},
        {"name": "Nguyễn Trường Giang", "role": "Phó Chủ tịch"},
        {"name": "Trần Văn Mạnh", "role": "Tổng thư ký"},
    ]
    assert [o["job"] for o in figures["officers"][:3]] == [
        "Phó Chủ tịch UBND huyện",
        "Giám đốc Công ty Cổ phần Nông nghiệp Hương Sơn",
        "Trưởng phòng Giáo dục và Đào tạo",
    ]
    # The associations of the merged communes were reorganised before congress IV.
    assert figures["associations"] == {"total": 44, "agencies": 19, "communes": 25}


def test_it_shows_the_federation_at_congress_v_as_the_report_does(first_run):
    figures = summary_on(CONGRESS_V)

    assert figures["executive_committee"] == 14
    assert figures["standing_committee"] == 4  # the general secretary went to the province
    assert figures["associations"] == {"total": 44, "agencies": 19, "communes": 25}
    assert figures["members"] > 8000
    assert figures["current_term"] == "V"
    assert figures["congresses"] == [
        {"ordinal": "IV", "date": "2018-08-17"},
        {"ordinal": "V", "date": "2024-03-15"},
    ]


def test_it_keeps_todays_figures_those_of_congress_v(first_run):
    # Nobody joins or leaves in the demo after 2023, and congress V has not elected anyone yet.
    today = timezone.localdate().isoformat()
    assert {**summary_on(today), "as_of": CONGRESS_V} == summary_on(CONGRESS_V)


def test_it_records_the_five_departures_with_their_reasons(first_run):
    term_iv = Term.objects.get(ordinal=4)
    departures = Mandate.objects.departures(term_iv).select_related("person")

    executive = {m.person.full_name: m.end_reason for m in departures.filter(body=Body.EXECUTIVE)}
    assert executive == {
        "Trần Văn Mạnh": EndReason.TO_PROVINCE,
        "Uông Thị Kim Yến": EndReason.TO_COMMUNE,
        "Võ Thị Hương": EndReason.TO_COMMUNE,
        "Lê Nhật Tân": EndReason.RETIRED,
        "Nguyễn Văn Sơn": EndReason.RETIRED,
    }
    assert all(datetime.date(2019, 1, 1) <= m.ended_on <= datetime.date(2023, 12, 31) for m in departures)
    # Mạnh left the standing committee and his office the same day he left the executive committee.
    manh = [m for m in departures if m.person.full_name == "Trần Văn Mạnh"]
    assert {(m.body, m.role) for m in manh} == {
        (Body.EXECUTIVE, Role.MEMBER),
        (Body.STANDING, Role.GENERAL_SECRETARY),
    }
    assert len({m.ended_on for m in manh}) == 1
    jobs = {m.person.full_name: m.job_title for m in departures}
    assert jobs["Lê Nhật Tân"] == "Trưởng phòng Văn hóa – Thông tin"
    assert jobs["Nguyễn Văn Sơn"] == "Giám đốc Xí nghiệp chè Tây Sơn"


def test_it_elects_the_committee_at_congress_iv_and_its_first_session(first_run):
    mandates = Mandate.objects.filter(term__ordinal=4)

    executive = mandates.filter(body=Body.EXECUTIVE)
    assert executive.count() == 19
    assert set(executive.values_list("start_method", "started_on").distinct()) == {
        ("congress", datetime.date(2018, 8, 17))
    }
    assert set(mandates.exclude(body=Body.EXECUTIVE).values_list("start_method", flat=True)) == {"committee"}
    # Every officer, standing member and the head of the inspection committee also holds an elected seat.
    others = set(mandates.exclude(body=Body.EXECUTIVE).values_list("person_id", flat=True))
    assert others <= set(executive.values_list("person_id", flat=True))
    head = mandates.get(body=Body.INSPECTION)
    assert head.role == Role.HEAD
    # Term IV stays open: congress V has not recorded its elections.
    assert not mandates.filter(end_reason=EndReason.TERM_ENDED).exists()


def test_it_makes_every_committee_member_a_member_of_an_association(first_run):
    on_congress_iv = datetime.date(2018, 8, 17)
    committee = Person.objects.filter(mandates__term__ordinal=4).distinct()

    assert committee.count() == 19
    assert set(committee.values_list("id", flat=True)) <= set(
        Person.objects.members_on(on_congress_iv).values_list("id", flat=True)
    )


def test_it_marks_everyone_but_the_people_the_report_names_as_sample_data(first_run):
    named = {p.full_name for p in Person.objects.filter(is_sample=False)}

    assert named == NAMED_IN_THE_REPORT


def test_it_builds_the_federation_and_its_two_blocks(first_run):
    federation = Federation.objects.get()
    assert federation.name == "Liên hiệp các hội Khoa học và Kỹ thuật huyện Hương Sơn"
    assert federation.short_name == "Liên hiệp hội huyện Hương Sơn"
    assert federation.parent_body == "Liên hiệp các Hội KH&KT tỉnh Hà Tĩnh"
    assert federation.locality == "Hương Sơn"

    communes = Association.objects.active_on(datetime.date(2024, 3, 15)).filter(block=Block.COMMUNES)
    assert "Sơn Hồng" in set(communes.values_list("commune", flat=True))
    assert communes.get(code="pho-chau").name == "Hội KH&KT thị trấn Phố Châu"
    assert all(communes.values_list("commune", flat=True))


def test_it_merges_the_associations_of_the_merged_communes(first_run):
    closed = Association.objects.filter(closed_on__isnull=False).select_related("merged_into")

    assert {a.merged_into.commune for a in closed} == {"An Hòa Thịnh", "Tân Mỹ Hà", "Quang Diệm", "Kim Hoa"}
    assert {(a.closed_on, a.closed_reason) for a in closed} == {(demo.MERGER_DATE, ClosedReason.MERGED)}
    # Their members moved to the new association the day of the merger.
    assert not Membership.objects.filter(association__in=closed, left_on__isnull=True).exists()
    moved = Membership.objects.filter(association__in=closed, leave_reason=LeaveReason.ASSOCIATION_CLOSED)
    assert moved.exists()
    for membership in moved.select_related("association")[:20]:
        assert Membership.objects.filter(
            person=membership.person_id,
            association=membership.association.merged_into_id,
            joined_on=demo.MERGER_DATE,
        ).exists()


def test_it_generates_a_realistic_roster(first_run):
    on_congress_v = datetime.date(2024, 3, 15)
    members = Person.objects.members_on(on_congress_v).filter(is_sample=True)
    total = members.count()
    family_names = collections.Counter(members.values_list("family_name", flat=True))
    per_person = collections.Counter(
        Membership.objects.active_on(on_congress_v).values_list("person_id", flat=True)
    )

    assert 0.25 < family_names["Nguyễn"] / total < 0.35
    assert 0.2 < members.filter(party_member=True).count() / total < 0.4
    assert 0.01 < sum(1 for n in per_person.values() if n == 2) / total < 0.03
    assert max(per_person.values()) == 2
    # A few Sơn Hồng retirees are known only by their year of birth, one by the month and year.
    son_hong = members.filter(memberships__association__code="son-hong")
    assert son_hong.filter(birth_date_precision="year").count() == 4
    assert son_hong.filter(birth_date_precision="month").count() == 1
    assert (
        not members.exclude(memberships__association__code="son-hong")
        .exclude(birth_date_precision="day")
        .exists()
    )
    youngest = members.order_by("-birth_date").first()
    oldest = members.order_by("birth_date").first()
    assert 22 <= youngest.age_on(on_congress_v) and oldest.age_on(on_congress_v) <= 75
    assert Membership.objects.exclude(left_on=None).exclude(leave_reason="").exists()
    sizes = collections.Counter(
        Membership.objects.active_on(on_congress_v).values_list("association__block", flat=True)
    )
    assert sizes[Block.COMMUNES] / 25 > 200 > sizes[Block.AGENCIES] / 19


def test_it_records_the_secretariat_as_author_of_every_change(first_run):
    secretariat = User.objects.get(email=demo.SECRETARIAT_EMAIL)

    for model in (Person, Membership, Mandate, Association):
        authors = set(model.history.values_list("history_user", flat=True).distinct())
        assert authors == {secretariat.pk}, model


def test_it_creates_the_three_accounts(first_run):
    secretariat = User.objects.get(email="vanphong@lienhiephoi.vn")
    lead = User.objects.get(email="sonhong@lienhiephoi.vn")
    delegate = User.objects.get(email="daibieu@lienhiephoi.vn")

    assert secretariat.is_superuser and secretariat.is_staff and secretariat.role == UserRole.SECRETARIAT
    assert lead.role == UserRole.LEAD
    assert list(lead.associations.values_list("code", flat=True)) == ["son-hong"]
    assert lead.person.memberships.filter(association__code="son-hong", left_on=None).exists()
    assert delegate.role == UserRole.DELEGATE
    assert delegate.person.mandates.filter(body=Body.EXECUTIVE).exists()
    for user in (secretariat, lead, delegate):
        assert user.check_password("huongson2024")


def test_it_says_how_to_sign_in(first_run):
    assert "Đã nạp dữ liệu minh hoạ" in first_run
    assert "http://127.0.0.1:8000/tai-khoan/login/" in first_run
    for email in ("vanphong@lienhiephoi.vn", "sonhong@lienhiephoi.vn", "daibieu@lienhiephoi.vn"):
        assert email in first_run
    assert "Mật khẩu: huongson2024" in first_run
    assert "Số liệu ngày 15/03/2024" in first_run
    assert "Hội thành viên: 44" in first_run
    assert "Ban Chấp hành: 14 người" in first_run


def test_it_prints_the_sign_in_address_bin_demo_serves_on(first_run):
    from members.management.commands.load_demo import sign_in_url

    out = StringIO()
    call_command("load_demo", address="0.0.0.0:8080", stdout=out)
    assert "Đăng nhập tại http://127.0.0.1:8080/tai-khoan/login/" in out.getvalue()
    assert sign_in_url("9000") == "http://127.0.0.1:9000/tai-khoan/login/"
    assert sign_in_url("192.168.1.5:8000") == "http://192.168.1.5:8000/tai-khoan/login/"


def test_it_refuses_a_database_that_holds_another_federation(first_run):
    Federation.objects.update(short_name="Liên hiệp hội huyện Vũ Quang")

    with pytest.raises(CommandError, match="chỉ nạp vào cơ sở dữ liệu mới tạo"):
        call_command("load_demo", stdout=StringIO())

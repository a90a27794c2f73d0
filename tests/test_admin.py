"""The secretariat's admin at /quan-tri/: who gets in, what the lists cost, search, and the history trail."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from members import services
from members.models import (
    Block,
    Body,
    ClosedReason,
    Person,
    Role,
    StartMethod,
    User,
    UserRole,
)
from tests.conftest import CONGRESS_IV, make_association, make_person

MODELS = ["federation", "term", "association", "person", "membership", "mandate", "user"]


def changelist(model):
    return reverse(f"admin:members_{model}_changelist")


@pytest.fixture
def office(client, secretariat):
    """The secretariat, signed in; admin access needs is_staff as well as the secretariat role."""
    secretariat.is_staff = True
    secretariat.save()
    client.force_login(secretariat)
    return client


@pytest.fixture
def records(committee, term_v):
    return committee


def grow(federation, term, n):
    """n more associations (one merged away), each with a member on its roster and on the committee."""
    merged_into = None
    for i in range(n):
        association = make_association(federation, f"hoi-them-{i}", f"Hội thêm {i}", Block.AGENCIES)
        person = make_person(f"Lê Văn Thêm{i}")
        services.admit_member(person, association, actor=None, joined_on=datetime.date(2015, 1, 1))
        services.grant_mandate(
            person,
            term,
            actor=None,
            body=Body.EXECUTIVE,
            role=Role.MEMBER,
            started_on=CONGRESS_IV,
            start_method=StartMethod.CONGRESS,
        )
        User.objects.create_user(f"them{i}@lienhiephoi.test", role=UserRole.LEAD).associations.add(
            association
        )
        if merged_into is None:
            merged_into = association
        elif i == n - 1:
            services.close_association(
                association,
                actor=None,
                closed_on=datetime.date(2022, 1, 1),
                reason=ClosedReason.MERGED,
                merged_into=merged_into,
            )


def queries_to_open(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("model", MODELS)
def test_it_opens_each_changelist_for_the_secretariat_in_a_fixed_number_of_queries(
    office, records, federation, model
):
    url = changelist(model)
    few = queries_to_open(office, url)

    grow(federation, records, 6)
    many = queries_to_open(office, url)

    # Every row's people, associations and terms come in the page's own query (list_select_related) or
    # one prefetch, so six more of everything cost nothing more.
    assert many == few


@pytest.mark.parametrize("model", MODELS)
def test_it_opens_each_add_change_and_history_page_for_the_secretariat(office, records, model):
    instance = office.get(changelist(model)).context["cl"].result_list[0]

    assert office.get(reverse(f"admin:members_{model}_add")).status_code == 200
    assert office.get(reverse(f"admin:members_{model}_change", args=[instance.pk])).status_code == 200
    assert office.get(reverse(f"admin:members_{model}_history", args=[instance.pk])).status_code == 200


def test_it_lists_the_added_rows(office, records, federation):
    grow(federation, records, 3)

    response = office.get(changelist("mandate"))

    assert response.context["cl"].result_count == 6  # Hưng twice, Yến, and three more
    assert "Lê Văn Thêm2" in response.content.decode()


def test_it_shows_an_associations_status(office, people, pho_chau, son_hong, secretariat):
    services.close_association(
        pho_chau,
        actor=secretariat,
        closed_on=datetime.date(2022, 1, 1),
        reason=ClosedReason.MERGED,
        merged_into=son_hong,
    )

    content = office.get(changelist("association")).content.decode()

    assert "Thôi hoạt động từ 01/01/2022 – sáp nhập vào Hội KH&amp;KT xã Sơn Hồng" in content
    assert "Đang hoạt động" in content


def test_it_filters_associations_that_closed(office, people, pho_chau, secretariat):
    services.close_association(
        pho_chau, actor=secretariat, closed_on=datetime.date(2022, 1, 1), reason=ClosedReason.DISSOLVED
    )

    still_active = office.get(changelist("association"), {"closed": "no"}).context["cl"].result_list
    closed = office.get(changelist("association"), {"closed": "yes"}).context["cl"].result_list

    assert pho_chau not in still_active and len(still_active) == 2
    assert list(closed) == [pho_chau]


# Search without diacritics.


@pytest.mark.parametrize("query", ["nguyen kieu hung", "NGUYEN kieu", "Nguyễn Kiều Hưng"])
def test_it_finds_a_person_searched_without_diacritics(office, people, query):
    results = office.get(changelist("person"), {"q": query}).context["cl"].result_list

    assert list(results) == [people["hung"]]


def test_it_finds_d_with_stroke_in_the_person_search(office, people):
    results = office.get(changelist("person"), {"q": "duc"}).context["cl"].result_list

    assert list(results) == [people["duc"]]


def test_it_finds_an_association_searched_without_diacritics(office, son_hong, pho_chau):
    results = office.get(changelist("association"), {"q": "son hong"}).context["cl"].result_list

    assert list(results) == [son_hong]


def test_it_finds_memberships_by_person_and_association(office, people, son_hong):
    results = office.get(changelist("membership"), {"q": "hung son hong"}).context["cl"].result_list

    assert [(m.person, m.association) for m in results] == [(people["hung"], son_hong)]


def test_it_finds_people_without_diacritics_when_picking_one(office, people):
    response = office.get(
        reverse("admin:autocomplete"),
        {"app_label": "members", "model_name": "mandate", "field_name": "person", "term": "duc"},
    )

    assert [row["text"] for row in response.json()["results"]] == ["Đặng Văn Đức"]


# Who gets in.


def test_it_sends_anonymous_visitors_to_the_admin_login(client, people):
    response = client.get(changelist("person"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))


@pytest.mark.parametrize("persona", ["lead", "delegate"])
def test_it_keeps_other_staff_accounts_out(client, people, persona, request):
    user = request.getfixturevalue(persona)
    user.is_staff = True
    user.save()
    client.force_login(user)

    for url in [reverse("admin:index"), changelist("person"), changelist("association")]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response.url.startswith(reverse("admin:login"))
    person_page = client.get(reverse("admin:members_person_change", args=[people["duc"].pk]))
    assert person_page.status_code == 302


def test_it_keeps_a_secretariat_account_without_staff_status_out(client, secretariat):
    client.force_login(secretariat)

    assert client.get(reverse("admin:index")).status_code == 302


def test_it_does_not_let_the_secretariat_delete_records(office, people):
    response = office.get(reverse("admin:members_person_delete", args=[people["an"].pk]))

    assert response.status_code == 403
    assert Person.objects.filter(pk=people["an"].pk).exists()


def test_it_does_not_let_the_secretariat_make_itself_superuser(office, secretariat):
    form = office.get(reverse("admin:members_user_change", args=[secretariat.pk])).context["adminform"].form

    assert "is_superuser" not in form.fields
    assert "groups" not in form.fields


def test_it_does_not_let_the_secretariat_change_a_superuser(office):
    admin_account = User.objects.create_superuser("admin@lienhiephoi.test", "mat-khau-quan-tri")

    password_page = office.get(reverse("admin:auth_user_password_change", args=[admin_account.pk]))
    change = office.post(
        reverse("admin:members_user_change", args=[admin_account.pk]), {"email": "x@lienhiephoi.test"}
    )

    assert password_page.status_code == 403
    assert change.status_code == 403
    admin_account.refresh_from_db()
    assert admin_account.email == "admin@lienhiephoi.test"


# Changes through the admin, and their history.


def person_form(person, **changes):
    data = {
        "family_name": person.family_name,
        "middle_name": person.middle_name,
        "given_name": person.given_name,
        "gender": person.gender,
        "birth": person.birth_date.strftime("%d/%m/%Y") if person.birth_date else "",
        "ethnicity": person.ethnicity,
        "expected_version": person.version,
        "academic_title": person.academic_title,
        "degree": person.degree,
        "education_level": person.education_level,
        "political_theory": person.political_theory,
        "workplace": person.workplace,
        "job_title": person.job_title,
        "phone": person.phone,
        "email": person.email,
    }
    # The person's memberships and mandates are shown read-only; the form sends none back.
    for prefix in ("memberships", "mandates"):
        data.update({f"{prefix}-TOTAL_FORMS": 0, f"{prefix}-INITIAL_FORMS": 0})
    data.update(changes)
    return data


def test_it_saves_a_person_through_the_admin_and_shows_who_changed_what(office, people, secretariat):
    hung = people["hung"]
    url = reverse("admin:members_person_change", args=[hung.pk])

    response = office.post(url, person_form(hung, job_title="Chủ tịch UBND huyện"))

    assert response.status_code == 302
    hung.refresh_from_db()
    assert hung.job_title == "Chủ tịch UBND huyện"
    assert hung.version == 2
    assert hung.history.first().history_user == secretariat

    history = office.get(reverse("admin:members_person_history", args=[hung.pk]))

    assert history.status_code == 200
    content = history.content.decode()
    assert "Hồ Thị Thu" in content
    assert "Phó Chủ tịch UBND huyện" in content and "Chủ tịch UBND huyện" in content


def test_it_refuses_an_admin_save_from_a_stale_form(office, people, secretariat):
    hung = people["hung"]
    stale = person_form(hung, phone="0000")
    services.update_person(hung, actor=secretariat, expected_version=hung.version, phone="0912 345 678")

    response = office.post(reverse("admin:members_person_change", args=[hung.pk]), stale)

    assert response.status_code == 200
    assert "vừa được người khác cập nhật" in response.content.decode()
    hung.refresh_from_db()
    assert hung.phone == "0912 345 678"


def test_it_records_the_secretariat_as_the_author_of_an_association_added_in_the_admin(
    office, federation, secretariat
):
    response = office.post(
        reverse("admin:members_association_add"),
        {
            "federation": federation.pk,
            "code": "son-tay",
            "name": "Hội KH&KT  xã Sơn Tây",
            "block": Block.COMMUNES,
            "commune": "Sơn Tây",
            "established_on": "01/02/2010",
        },
    )

    assert response.status_code == 302
    association = federation.associations.get(code="son-tay")
    assert association.name == "Hội KH&KT xã Sơn Tây"
    assert association.established_on == datetime.date(2010, 2, 1)
    assert association.history.get().history_user == secretariat


def test_it_creates_an_account_with_email_and_password(office):
    response = office.post(
        reverse("admin:members_user_add"),
        {
            "email": "Hoa@LienHiepHoi.test",
            "full_name": "Nguyễn Thị Hoa",
            "role": UserRole.LEAD,
            "usable_password": "true",
            "password1": "hoa-ky-thuat-2024",
            "password2": "hoa-ky-thuat-2024",
        },
    )

    assert response.status_code == 302
    account = User.objects.get(email="hoa@lienhiephoi.test")
    assert account.check_password("hoa-ky-thuat-2024")
    assert account.role == UserRole.LEAD
    assert not account.is_staff


def test_it_refuses_a_second_account_for_the_same_email_in_other_case(office, secretariat):
    response = office.post(
        reverse("admin:members_user_add"),
        {
            "email": "THU@lienhiephoi.test",
            "role": UserRole.LEAD,
            "usable_password": "false",
        },
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["email"]
    assert User.objects.filter(email__iexact="thu@lienhiephoi.test").count() == 1

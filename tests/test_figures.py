"""The federation's figures on a date, as the term report and the dashboard read them."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext

from members import services
from members.figures import federation_figures, officers_on, seats_on
from members.models import Block, Body, Role, StartMethod
from tests.conftest import CONGRESS_IV, make_association, make_person

AS_OF = datetime.date(2022, 1, 1)


def test_it_reports_the_federation_on_a_date_as_json(committee, term_v, people):
    figures = federation_figures(AS_OF).as_json()

    assert figures == {
        "as_of": "2022-01-01",
        # Sơn Hồng and Phố Châu (communes), the district agriculture association (agencies).
        "associations": {"total": 3, "agencies": 1, "communes": 2},
        # Five people joined; An left in 2020; Hưng sits on two rosters and counts once.
        "members": 4,
        # Hưng is on the rosters of both blocks and counts in each.
        "members_by_block": {"agencies": 1, "communes": 4},
        # Yến left the executive committee for a commune on 01/07/2021.
        "executive_committee": 1,
        "standing_committee": 1,
        "inspection_committee": 0,
        "officers": [
            {
                "name": "Nguyễn Kiều Hưng",
                "role": "Chủ tịch",
                "role_code": "chair",
                "job": "Phó Chủ tịch UBND huyện",
            }
        ],
        "current_term": "IV",
        "terms": [
            {"name": "IV", "ordinal": 4, "start": 2018, "end": 2023, "congress_date": "2018-08-17"},
            {"name": "V", "ordinal": 5, "start": 2024, "end": 2029, "congress_date": "2024-03-15"},
        ],
        "congresses": [{"ordinal": "IV", "date": "2018-08-17"}, {"ordinal": "V", "date": "2024-03-15"}],
    }


def test_it_counts_a_seat_until_the_day_it_is_given_up(committee):
    assert federation_figures(datetime.date(2021, 6, 30)).seats[Body.EXECUTIVE] == 2
    assert federation_figures(datetime.date(2021, 7, 1)).seats[Body.EXECUTIVE] == 1


def test_it_counts_a_person_with_two_roles_on_one_body_once(committee, people):
    # The general secretary is also a member of the standing committee: one person, one place on it.
    manh = make_person("Trần Văn Mạnh")
    for role in (Role.MEMBER, Role.GENERAL_SECRETARY):
        services.grant_mandate(
            manh,
            committee,
            actor=None,
            body=Body.STANDING,
            role=role,
            started_on=CONGRESS_IV,
            start_method=StartMethod.COMMITTEE,
        )

    assert federation_figures(AS_OF).seats[Body.STANDING] == 2  # Hưng and Mạnh


def test_it_has_no_current_term_before_the_first_congress(committee):
    figures = federation_figures(CONGRESS_IV - datetime.timedelta(days=1))

    assert figures.current_term is None
    assert figures.as_json()["current_term"] is None
    assert figures.as_json()["executive_committee"] == 0
    assert figures.officers == []


def test_it_moves_to_the_next_term_on_its_congress_day(committee, term_v):
    assert federation_figures(term_v.congress_date).current_term == term_v


def test_it_reports_zeros_for_an_empty_federation(federation):
    figures = federation_figures(AS_OF)

    assert figures.associations_by_block == {Block.AGENCIES: 0, Block.COMMUNES: 0}
    assert figures.associations_total == 0
    assert figures.members == 0
    assert seats_on(AS_OF) == {Body.EXECUTIVE: 0, Body.STANDING: 0, Body.INSPECTION: 0}
    assert figures.as_json()["terms"] == []


def test_it_names_officers_chair_first_then_vice_chairs_by_given_name(committee, people):
    for full_name, role in [
        ("Nguyễn Trường Giang", Role.VICE_CHAIR),
        ("Trần Văn Mạnh", Role.GENERAL_SECRETARY),
        ("Trần Đình Chiến", Role.VICE_CHAIR),
    ]:
        services.grant_mandate(
            make_person(full_name),
            committee,
            actor=None,
            body=Body.STANDING,
            role=role,
            started_on=CONGRESS_IV,
            start_method=StartMethod.COMMITTEE,
        )

    names = [m.person.full_name for m in officers_on(AS_OF)]

    assert names == ["Nguyễn Kiều Hưng", "Trần Đình Chiến", "Nguyễn Trường Giang", "Trần Văn Mạnh"]


def count_queries(as_of):
    with CaptureQueriesContext(connection) as queries:
        federation_figures(as_of).as_json()
    return len(queries)


def test_it_computes_the_figures_in_a_fixed_number_of_queries(committee, federation):
    # Federation, terms, associations by block, members, seats, officers with their people: six queries.
    assert count_queries(AS_OF) == 6

    for n in range(5):
        association = make_association(federation, f"hoi-{n}", f"Hội số {n}", Block.AGENCIES)
        person = make_person(f"Lê Văn Số{n}")
        services.admit_member(person, association, actor=None, joined_on=datetime.date(2015, 1, 1))
        services.grant_mandate(
            person,
            committee,
            actor=None,
            body=Body.STANDING,
            role=Role.VICE_CHAIR,
            started_on=CONGRESS_IV,
            start_method=StartMethod.COMMITTEE,
        )

    assert federation_figures(AS_OF).members == 9
    assert count_queries(AS_OF) == 6

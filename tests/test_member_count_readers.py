"""Every page that counts members counts them one way: the dashboard, `federation_summary`, the term report,
the congress's quota table and the association list agree on a day, and read their counts in a fixed
number of queries however many members there are."""

import datetime
import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from congress.models import Congress
from congress.services import delegates as congress_services
from members import services
from members.models import Block, Membership, Term
from reports import figures as report_figures
from tests.conftest import CONGRESS_IV, make_association, make_person
from tests.test_pages import add_associations, add_members

ONE_DAY = datetime.timedelta(days=1)


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def mixed(federation, son_hong, pho_chau, agriculture, today):
    """Members whom a careless count gets wrong, with congress V held today.

    - Hưng is on the rosters of Sơn Hồng and Phố Châu, one block: once in that block and once in all;
    - Yến is on Sơn Hồng's and the agriculture association's: once in each block and once in all;
    - Đức is on Phố Châu's only;
    - Mai joins Sơn Hồng tomorrow: not a member yet, though her membership is open;
    - Sơn Kim was closed last month by a plain save, Tâm still open on its roster: no longer counted.
    """
    term_iv = Term.objects.create(
        federation=federation, ordinal=4, start_year=2018, end_year=2023, congress_date=CONGRESS_IV
    )
    term_v = Term.objects.create(
        federation=federation, ordinal=5, start_year=today.year, end_year=today.year + 5, congress_date=today
    )
    joined = datetime.date(2015, 1, 1)
    hung, yen, duc, mai, tam = (
        make_person(name)
        for name in ["Nguyễn Kiều Hưng", "Uông Thị Kim Yến", "Đặng Văn Đức", "Võ Thị Mai", "Lê Văn Tâm"]
    )
    son_kim = make_association(federation, "son-kim", "Hội KH&KT xã Sơn Kim", Block.COMMUNES)
    for person, association in [
        (hung, son_hong),
        (hung, pho_chau),
        (yen, son_hong),
        (yen, agriculture),
        (duc, pho_chau),
        (tam, son_kim),
    ]:
        services.admit_member(person, association, actor=None, joined_on=joined)
    # The services refuse a joining day in the future; a record kept from before that rule may hold one.
    Membership.objects.create(person=mai, association=son_hong, joined_on=today + ONE_DAY)
    son_kim.closed_on, son_kim.closed_reason = today - datetime.timedelta(days=30), "dissolved"
    son_kim.save()
    congress = Congress.objects.create(term=term_v, members_per_delegate=1)
    return {"term_iv": term_iv, "congress": congress, "son_kim": son_kim}


def summary_json(day):
    out = StringIO()
    call_command("federation_summary", "--as-of", day.isoformat(), "--json", stdout=out)
    return json.loads(out.getvalue())


def dashboard_counts(client):
    context = client.get(reverse("home")).context
    return context["figures"].members, {block["code"]: block["members"] for block in context["blocks"]}


def listed_counts(client):
    page = client.get(reverse("members:associations"), {"tinh_trang": "tat-ca"}).context["page"]
    return {association.code: association.member_count for association in page.object_list}


def quota_counts(client, congress):
    page = client.get(reverse("congress:quotas", args=[congress.pk]))
    return {row["association"].code: row["members"] for row in page.context["rows"]}


def test_the_federation_and_its_blocks_count_the_same_on_every_page(client, secretariat, mixed, today):
    client.force_login(secretariat)
    expected = (3, {Block.AGENCIES: 1, Block.COMMUNES: 3})

    assert dashboard_counts(client) == expected
    summary = summary_json(today)
    assert (summary["members"], summary["members_by_block"]) == expected
    report = report_figures.load_term_data(mixed["term_iv"], today)
    assert (report.members, report.members_by_block) == expected
    assert report_figures.compute_figures(report)["so_hoi_vien"] == 3


def test_each_association_counts_the_same_in_the_list_and_the_quota_table(client, secretariat, mixed):
    client.force_login(secretariat)
    expected = {"son-hong": 2, "pho-chau": 2, "nong-nghiep": 1}

    assert quota_counts(client, mixed["congress"]) == expected
    assert listed_counts(client) == {**expected, "son-kim": 0}
    quotas = congress_services.compute_quotas(mixed["congress"], actor=secretariat)
    assert {quota.association.code: quota.members for quota in quotas} == expected


def test_tomorrow_the_joiner_counts_everywhere(client, secretariat, mixed, today):
    tomorrow = today + ONE_DAY
    summary = summary_json(tomorrow)
    assert (summary["members"], summary["members_by_block"]) == (4, {Block.AGENCIES: 1, Block.COMMUNES: 4})
    report = report_figures.load_term_data(mixed["term_iv"], tomorrow)
    assert (report.members, report.members_by_block) == (4, {Block.AGENCIES: 1, Block.COMMUNES: 4})


def queries(read):
    with CaptureQueriesContext(connection) as captured:
        read()
    return len(captured)


def test_the_counts_are_read_in_as_many_queries_however_many_members(
    client, secretariat, mixed, federation, son_hong, today
):
    client.force_login(secretariat)
    readers = {
        "dashboard": lambda: dashboard_counts(client),
        "summary": lambda: summary_json(today),
        "report": lambda: report_figures.load_term_data(mixed["term_iv"], today),
        "list": lambda: listed_counts(client),
        "quotas": lambda: quota_counts(client, mixed["congress"]),
    }
    before = {name: queries(read) for name, read in readers.items()}
    add_associations(federation, 4)
    add_members(son_hong, 30)
    add_members(son_hong, 5, prefix="Sắp vào", joined_on=today + ONE_DAY)
    assert {name: queries(read) for name, read in readers.items()} == before
    # Session and user (2), federation (1), terms, associations by block, the ledger's members in all and
    # by block, seats, officers (5), the term's mandates for the timeline (1), pending link requests (1), the
    # roster sheets waiting to be confirmed (1, listed on the dashboard so an unfinished upload is reachable),
    # the bodies as the committee page shows them (1), the charts (4): the ledger on each day of the term,
    # joiners and leavers, composition, sizes.
    assert before["dashboard"] == 16

"""The federation's figures on a given day, computed from the records in a fixed number of queries."""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from members import member_counts
from members.models import (
    ROLE_ORDER,
    AcademicTitle,
    Association,
    Block,
    Body,
    Degree,
    Federation,
    Gender,
    Mandate,
    Membership,
    Person,
    Term,
)


@dataclass
class FederationFigures:
    as_of: object
    associations_by_block: dict
    members: int
    # Someone on the rosters of both blocks counts in each block, and once in `members`.
    members_by_block: dict
    seats: dict
    officers: list = field(default_factory=list)
    terms: list = field(default_factory=list)
    current_term: object = None

    @property
    def associations_total(self):
        return sum(self.associations_by_block.values())

    def as_json(self):
        return {
            "as_of": self.as_of.isoformat(),
            "associations": {
                "total": self.associations_total,
                "agencies": self.associations_by_block[Block.AGENCIES],
                "communes": self.associations_by_block[Block.COMMUNES],
            },
            "members": self.members,
            "members_by_block": {block: self.members_by_block[block] for block in Block.values},
            "executive_committee": self.seats[Body.EXECUTIVE],
            "standing_committee": self.seats[Body.STANDING],
            "inspection_committee": self.seats[Body.INSPECTION],
            "officers": [
                {
                    "name": m.person.full_name,
                    "role": m.get_role_display(),
                    "role_code": m.role,
                    "job": m.job_title,
                }
                for m in self.officers
            ],
            "current_term": self.current_term.roman if self.current_term else None,
            "terms": [
                {
                    "name": t.roman,
                    "ordinal": t.ordinal,
                    "start": t.start_year,
                    "end": t.end_year,
                    "congress_date": t.congress_date.isoformat(),
                }
                for t in self.terms
            ],
            "congresses": [{"ordinal": t.roman, "date": t.congress_date.isoformat()} for t in self.terms],
        }


def seats_on(date):
    """People sitting on each body on the date; one holding two roles on a body (member and officer) counts once."""
    counts = dict.fromkeys(Body.values, 0)
    for body, _person in Mandate.objects.held_on(date).order_by().values_list("body", "person_id").distinct():
        counts[body] += 1
    return counts


def officers_on(date):
    mandates = Mandate.objects.held_on(date).officers().select_related("person")
    return sorted(mandates, key=lambda m: (ROLE_ORDER[m.role], m.person.sort_key))


def federation_figures(as_of, federation=None):
    federation = federation or Federation.objects.first()
    terms = list(Term.objects.filter(federation=federation)) if federation else []
    current = [t for t in terms if t.congress_date <= as_of]
    members, members_by_block = member_counts.counts_on(federation, as_of)
    return FederationFigures(
        as_of=as_of,
        associations_by_block=Association.objects.count_by_block(as_of),
        members=members,
        members_by_block=members_by_block,
        seats=seats_on(as_of),
        officers=officers_on(as_of),
        terms=terms,
        current_term=current[-1] if current else None,
    )


# --- What the charts show: members over the term, joiners and leavers, composition, associations by size --


def term_days(term, today):
    """The days a term is followed on: the end of each of its years that has passed, then today."""
    first = term.congress_date.year if term else today.year - 4
    last = min(term.end_year, today.year - 1) if term else today.year - 1
    days = [datetime.date(year, 12, 31) for year in range(first, last + 1)]
    return [day for day in days if day < today and (term is None or day >= term.congress_date)] + [today]


def members_over_days(federation, days):
    """[(day, members, {block: members})] from the ledger, in one query."""
    counts = member_counts.counts_on_days(federation, days)
    return [(day, *counts[day]) for day in sorted(counts)]


def joiners_and_leavers(years, association=None):
    """{year: (memberships begun, memberships ended)} in the years, of one association or of all, in one
    query. Someone moving from one association to another ends one membership and begins another."""
    memberships = Membership.objects.all()
    if association is not None:
        memberships = memberships.filter(association=association)
    years = list(years)
    if not years:
        return {}
    counts = memberships.aggregate(
        **{f"in_{year}": Count("id", filter=Q(joined_on__year=year)) for year in years},
        **{f"out_{year}": Count("id", filter=Q(left_on__year=year)) for year in years},
    )
    return {year: (counts[f"in_{year}"], counts[f"out_{year}"]) for year in years}


# Age groups, counted by the year of birth alone: a birth date known only by its year is placed as well as
# a full one. (label, lowest age, highest age); None is open-ended.
AGE_GROUPS = (
    (_("Dưới 30"), None, 29),
    (_("30–39"), 30, 39),
    (_("40–49"), 40, 49),
    (_("50–59"), 50, 59),
    (_("60–69"), 60, 69),
    (_("Từ 70 trở lên"), 70, None),
)
# Titles and degrees are counted apart: a PGS.TS counts under PGS and under TS.
QUALIFICATIONS = (
    ("GS", Q(academic_title=AcademicTitle.PROFESSOR)),
    ("PGS", Q(academic_title=AcademicTitle.ASSOCIATE_PROFESSOR)),
    ("TS", Q(degree__in=[Degree.DOCTOR_OF_SCIENCE, Degree.DOCTOR])),
    ("ThS", Q(degree=Degree.MASTER)),
    ("ĐH", Q(degree=Degree.BACHELOR)),
)


def _birth_years(day, low, high):
    """People aged low..high in the year of the day, by their year of birth."""
    q = Q()
    if high is not None:
        q &= Q(birth_date__year__gte=day.year - high)
    if low is not None:
        q &= Q(birth_date__year__lte=day.year - low)
    return q


@dataclass
class Composition:
    total: int
    # [(label, men, women)], the last row those whose birth year is not known
    ages: list
    men: int
    women: int
    qualifications: list  # [(label, people)]


def composition_on(day, association=None):
    """Who the members are on the day (of one association, or all): age groups by gender, gender, titles
    and degrees. One query, whatever the number of members."""
    memberships = Membership.objects.active_on(day)
    if association is not None:
        memberships = memberships.filter(association=association)
    people = Person.objects.filter(id__in=memberships.values("person_id"))
    men, women = Q(gender=Gender.MALE), Q(gender=Gender.FEMALE)
    groups = [(label, _birth_years(day, low, high)) for label, low, high in AGE_GROUPS]
    groups.append((_("Chưa rõ năm sinh"), Q(birth_date__isnull=True)))
    aggregates = {"total": Count("id"), "men": Count("id", filter=men), "women": Count("id", filter=women)}
    for n, (_label, q) in enumerate(groups):
        aggregates[f"age_{n}_m"] = Count("id", filter=q & men)
        aggregates[f"age_{n}_f"] = Count("id", filter=q & women)
    for n, (_label, q) in enumerate(QUALIFICATIONS):
        aggregates[f"q_{n}"] = Count("id", filter=q)
    counts = people.aggregate(**aggregates)
    return Composition(
        total=counts["total"],
        ages=[(label, counts[f"age_{n}_m"], counts[f"age_{n}_f"]) for n, (label, _q) in enumerate(groups)],
        men=counts["men"],
        women=counts["women"],
        qualifications=[(label, counts[f"q_{n}"]) for n, (label, _q) in enumerate(QUALIFICATIONS)],
    )


# Associations by their number of members: (label, fewest, most).
SIZES = (
    (_("Dưới 50"), 0, 49),
    (_("50–99"), 50, 99),
    (_("100–199"), 100, 199),
    (_("200–499"), 200, 499),
    (_("Từ 500 trở lên"), 500, None),
)


def associations_by_size(day, federation=None):
    """[(label, {block: associations})]: the active associations by their members on the day, counted as
    the association list counts them; one query."""
    from members.selectors import with_member_count

    associations = Association.objects.active_on(day)
    if federation is not None:
        associations = associations.filter(federation=federation)
    rows = [(label, dict.fromkeys(Block.values, 0)) for label, _low, _high in SIZES]
    for block, members in (
        with_member_count(associations, day).values_list("block", "member_count").order_by()
    ):
        for (_label, low, high), (_l, counts) in zip(SIZES, rows, strict=True):
            if members >= low and (high is None or members <= high):
                counts[block] += 1
                break
    return rows

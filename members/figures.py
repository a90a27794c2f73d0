"""The federation's figures on a given day, computed from the records in a fixed number of queries."""

from dataclasses import dataclass, field

from members import member_counts
from members.models import (
    ROLE_ORDER,
    Association,
    Block,
    Body,
    Federation,
    Mandate,
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

"""Demo elections of congress V, set up and not yet counted, so the whole count can be tried in the browser.

- The executive committee: 19 seats, 22 candidates: the 14 members of the outgoing committee still in office
  on the congress day, and 8 people from the member associations (commune leaders, cooperative directors,
  a headmaster, a doctor...), picked from the demo roster in a fixed way so every load picks the same.
- The standing committee, elected by the new committee at its first session the same day: 5 seats,
  6 candidates from that list.

No ballot is entered and no ballot total is set: that is what the demo is for.
"""

from django.db import transaction

from congress.models import Election
from congress.services import elections as services
from members.models import Body, Mandate, Membership

EXECUTIVE_TITLE = "Bầu Ban Chấp hành Liên hiệp hội khoá {roman}, nhiệm kỳ {years}"
STANDING_TITLE = "Bầu Ban Thường vụ Liên hiệp hội khoá {roman}, nhiệm kỳ {years}"
EXECUTIVE_SEATS = 19
STANDING_SEATS = 5
# Jobs the new candidates hold, and how many of each: people an association would put forward.
# The list runs on to more jobs than needed, so that eight are found whatever the roster holds.
NEWCOMERS = 8
NEWCOMER_JOBS = [
    ("Phó Chủ tịch UBND", 3),
    ("Giám đốc hợp tác xã", 2),
    ("Hiệu trưởng", 1),
    ("Bác sĩ", 1),
    ("Trạm trưởng", 1),
    ("Kỹ sư", NEWCOMERS),
    ("Chủ trang trại tổng hợp", NEWCOMERS),
]
# Candidates for the standing committee: the outgoing standing committee still in office, completed from the
# outgoing executive committee, and one newcomer.
STANDING_FROM_OUTGOING = 5


def _continuing(congress, body=Body.EXECUTIVE):
    """The outgoing term's members of `body` still in office on the congress day."""
    outgoing = congress.outgoing_term
    if outgoing is None:
        return []
    seats = (
        Mandate.objects.held_on(congress.date)
        .filter(term=outgoing, body=body)
        .select_related("person")
        .order_by("started_on", "id")
    )
    people = []
    for seat in seats:
        if seat.person not in people:
            people.append(seat.person)
    return people


def _newcomers(congress, exclude):
    """Members on the congress day, aged 35 to 58, each from a different association and workplace."""
    picked, associations = [], set()
    workplaces = {person.workplace for person in exclude}
    for job, wanted in NEWCOMER_JOBS:
        if len(picked) == NEWCOMERS:
            break
        memberships = (
            Membership.objects.active_on(congress.date)
            .filter(person__job_title=job, person__birth_date__isnull=False)
            .exclude(person__in=exclude)
            .select_related("person")
            .order_by("person_id")
        )
        found = 0
        for membership in memberships:
            person = membership.person
            age = person.age_on(congress.date)
            if (
                membership.association_id in associations
                or person.workplace in workplaces
                or person in picked
                or not 35 <= age <= 58
            ):
                continue
            picked.append(person)
            associations.add(membership.association_id)
            workplaces.add(person.workplace)
            found += 1
            if found == wanted or len(picked) == NEWCOMERS:
                break
    return picked


def _election(congress, actor, *, title, body, seats, people):
    election = services.create_election(congress, actor=actor, title=title, body=body, seats=seats)
    for person in people:
        services.add_candidate(election, person, actor=actor)
    return election


def load_election_demo(congress, actor):
    """Set up congress V's executive and standing committee elections; a second run changes nothing.

    Returns a line saying what is there, for load_demo to print.
    """
    term = congress.term
    names = {"roman": term.roman, "years": term.years}
    with transaction.atomic():
        existing = Election.objects.filter(congress=congress, runoff_of__isnull=True)
        executive = existing.filter(body=Body.EXECUTIVE).first()
        if executive is None:
            continuing = _continuing(congress)
            newcomers = _newcomers(congress, continuing)
            executive = _election(
                congress,
                actor,
                title=EXECUTIVE_TITLE.format(**names),
                body=Body.EXECUTIVE,
                seats=EXECUTIVE_SEATS,
                people=continuing + newcomers,
            )
        standing = existing.filter(body=Body.STANDING).first()
        if standing is None:
            listed = [c.person for c in executive.candidates.select_related("person").order_by("id")]
            outgoing = _continuing(congress, Body.STANDING) + _continuing(congress)
            continuing = [p for i, p in enumerate(outgoing) if p in listed and p not in outgoing[:i]]
            newcomers = [p for p in listed if p not in outgoing][:1]
            people = continuing[:STANDING_FROM_OUTGOING] + newcomers
            standing = _election(
                congress,
                actor,
                title=STANDING_TITLE.format(**names),
                body=Body.STANDING,
                seats=STANDING_SEATS,
                people=people,
            )
    return (
        f"Bầu cử tại Đại hội lần thứ {term.roman}: Ban Chấp hành {executive.seats} người, "
        f"{executive.candidates.count()} người ứng cử; Ban Thường vụ {standing.seats} người, "
        f"{standing.candidates.count()} người ứng cử. Chưa nhập phiếu: thử kiểm phiếu tại /dai-hoi/bau-cu/."
    )


__all__ = ["load_election_demo"]

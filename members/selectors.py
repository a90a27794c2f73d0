"""Read-only queries behind the pages: each returns what a page shows in a fixed number of queries."""

from dataclasses import dataclass, field
from itertools import groupby

from django.db.models import Case, CharField, Count, Max, OuterRef, Prefetch, Q, Subquery, Value, When
from django.db.models.functions import Coalesce, Greatest
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from members import access, text
from members.dates import PartialDate
from members.models import (
    ROLE_ORDER,
    Association,
    Body,
    LinkRequest,
    LinkRequestStatus,
    Mandate,
    Membership,
    Person,
    Role,
    RosterImport,
    StartMethod,
    UploadStatus,
    User,
    UserRole,
    active_on_q,
)
from members.services import lead_invitations


def search_associations(queryset, query):
    """Diacritic-insensitive search over name, code and commune: every word of the query must appear."""
    for word in text.fold(query).split():
        queryset = queryset.filter(search_name__contains=word)
    return queryset


def with_member_count(associations, day):
    """The associations, each with `member_count`: the people on its roster on the day, in one query.

    The rule of members.member_counts, whose ledger counts the federation and its blocks: a membership counts
    on the days it covers (joined_on <= day < left_on) while its association is active (established_on <=
    day < closed_on). Someone who joins tomorrow is not counted yet, and an association that has closed
    counts nobody, even with memberships left open on its roster.
    """
    return associations.annotate(member_count=_member_count(day))


def _member_count(day):
    on_roster = active_on_q(day, start="joined_on", end="left_on", prefix="memberships__")
    active = active_on_q(day, start="established_on", end="closed_on")
    return Count("memberships__person", filter=on_roster & active, distinct=True)


def association_counts_on_days(association, days):
    """{day: members} of the association on each day, counted as `with_member_count` counts, in one query."""
    days = sorted(set(days))
    if not days:
        return {}
    counts = (
        Association.objects.filter(pk=association.pk)
        .annotate(**{f"on_{n}": _member_count(day) for n, day in enumerate(days)})
        .values(*(f"on_{n}" for n in range(len(days))))
        .order_by()
        .first()
    ) or {}
    return {day: counts.get(f"on_{n}", 0) for n, day in enumerate(days)}


def roster(association, *, left=False, query=""):
    """The association's memberships, open ones or ended ones, sorted by given name in Vietnamese order."""
    memberships = association.memberships.filter(left_on__isnull=not left).select_related("person")
    if query:
        memberships = memberships.filter(person__in=Person.objects.search(query))
    if left:
        return memberships.order_by("-left_on", "person__sort_key", "id")
    return memberships.order_by("person__sort_key", "person__id", "id")


@dataclass
class BodySeats:
    """One body's seats on a date: those of `term`, or, while `term` has not elected this body yet (`pending`),
    the seats of an earlier term still held (`previous`)."""

    body: str
    label: str
    mandates: list = field(default_factory=list)
    term: object = None
    pending: bool = False

    @property
    def shown_term(self):
        return self.mandates[0].term if self.previous else self.term

    @property
    def previous(self):
        return self.pending and bool(self.mandates)


def committee_on(date, term=None):
    """Who sat on each body on the date, officers first (ROLE_ORDER), then Vietnamese name order.

    A body shows the seats of the term in force on the date (`term`); until that term's congress or committee
    has elected the body, the seats of the previous term still held are shown instead, marked as such, so
    the new term's page never passes off the old committee as its own.
    """
    held = active_on_q(date)
    # The term's seats taken by the date, held or not, tell whether it has elected each body yet.
    elected = Q(term=term, started_on__lte=date) if term is not None else Q(pk__in=[])
    mandates = sorted(
        Mandate.objects.filter(held | elected).select_related("person", "term"),
        key=lambda m: (m.body, ROLE_ORDER[m.role], m.person.sort_key, m.person_id),
    )
    by_body = {body: BodySeats(body, label, term=term) for body, label in Body.choices}
    elected_bodies = set()
    for mandate in mandates:
        if term is not None and mandate.term_id == term.pk:
            elected_bodies.add(mandate.body)
        if mandate.is_active_on(date):
            by_body[mandate.body].mandates.append(mandate)
    if term is not None:
        for seats in by_body.values():
            if seats.body in elected_bodies:
                seats.mandates = [m for m in seats.mandates if m.term_id == term.pk]
            else:
                seats.pending = True
                seats.mandates = [m for m in seats.mandates if m.term.ordinal < term.ordinal]
    return list(by_body.values())


@dataclass
class TermEvent:
    """One dated line of a term's timeline: seats taken together, or the seats one person gave up that day."""

    date: object
    kind: str  # "start" or "end"
    title: str
    mandates: list

    @property
    def mandate(self):
        return self.mandates[0]

    @property
    def person(self):
        return self.mandate.person

    @property
    def seats(self):
        """'uỷ viên Ban Chấp hành, Tổng thư ký Ban Thường vụ': officer titles keep their capital."""
        return ", ".join(_seat_name(m) for m in self.mandates)

    @property
    def reasons(self):
        return list(dict.fromkeys(m.get_end_reason_display() for m in self.mandates))


def _seat_name(mandate):
    role = mandate.get_role_display()
    if mandate.role == Role.MEMBER:
        role = role.lower()
    return _("%(role)s %(body)s") % {"role": role, "body": mandate.get_body_display()}


def _start_title(mandates):
    first = mandates[0]
    body = first.get_body_display()
    count = len(mandates)
    if first.start_method == StartMethod.CONGRESS:
        return ngettext(
            "Đại hội bầu %(body)s: %(count)s người", "Đại hội bầu %(body)s: %(count)s người", count
        ) % {"body": body, "count": count}
    if first.start_method == StartMethod.COMMITTEE:
        return ngettext(
            "Ban Chấp hành bầu %(body)s: %(count)s người",
            "Ban Chấp hành bầu %(body)s: %(count)s người",
            count,
        ) % {"body": body, "count": count}
    return ngettext(
        "Bầu bổ sung %(body)s: %(count)s người", "Bầu bổ sung %(body)s: %(count)s người", count
    ) % {"body": body, "count": count}


def term_changes(term):
    """The term's timeline, oldest first: seats taken (grouped by day, body and how) and seats given up."""
    if term is None:
        return []
    mandates = list(Mandate.objects.filter(term=term).select_related("person"))
    body_order = {body: index for index, body in enumerate(Body.values)}
    # On a congress day the congress elects the executive committee, which then elects the others.
    method_order = {method: index for index, method in enumerate(StartMethod.values)}
    starts = sorted(
        mandates,
        key=lambda m: (
            m.started_on,
            method_order[m.start_method],
            body_order[m.body],
            ROLE_ORDER[m.role],
            m.person.sort_key,
        ),
    )
    events = []
    for (started_on, _method, _body), group in groupby(
        starts, key=lambda m: (m.started_on, m.start_method, m.body)
    ):
        group = list(group)
        events.append(TermEvent(started_on, "start", _start_title(group), group))
    ends = sorted(
        (m for m in mandates if m.is_departure),
        key=lambda m: (m.ended_on, m.person.sort_key, m.person_id, body_order[m.body]),
    )
    for (ended_on, _person), group in groupby(ends, key=lambda m: (m.ended_on, m.person_id)):
        group = list(group)
        event = TermEvent(ended_on, "end", "", group)
        event.title = _("%(name)s thôi %(seats)s") % {"name": event.person.full_name, "seats": event.seats}
        events.append(event)
    # On one day, seats given up come before the seats that replace them; sorted() keeps the order above.
    events.sort(key=lambda e: (e.date, e.kind != "end"))
    return events


@dataclass
class HistoryEntry:
    when: object
    who: object
    subject: str
    action: str
    changes: list


def _display(field, value):
    if value is None or value == "":
        return "—"
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return _("Có") if value else _("Không")
    if hasattr(value, "year") and hasattr(value, "month"):
        return formats.date_format(value, "SHORT_DATE_FORMAT")
    return str(value)


BIRTH_FIELDS = ("birth_date", "birth_date_precision")


def _birth(record):
    return str(PartialDate.of(record.birth_date, record.birth_date_precision) or "—")


def field_changes(record, previous, skip=()):
    """(field label, old, new) for each field a history record changed since the one before, as shown."""
    if previous is None:
        return []
    delta = record.diff_against(previous, excluded_fields=skip)
    model = record.instance_type
    # In the order the form shows the fields, whatever order the diff found them in.
    order = {f.name: index for index, f in enumerate(model._meta.fields)}
    changes = []
    for change in sorted(delta.changes, key=lambda c: order.get(c.field, len(order))):
        model_field = model._meta.get_field(change.field)
        if change.field in BIRTH_FIELDS and hasattr(record, "birth_date_precision"):
            # The birth date and how precisely it is known are one value to the reader: "1968 → 15/03/1968".
            if change.field == "birth_date" or not any(c.field == "birth_date" for c in delta.changes):
                changes.append(
                    (str(model._meta.get_field("birth_date").verbose_name), _birth(previous), _birth(record))
                )
            continue
        changes.append(
            (
                str(model_field.verbose_name),
                _display(model_field, change.old),
                _display(model_field, change.new),
            )
        )
    return changes


def _entries(records, subject, action, skip=()):
    """Turn one object's history (any order) into entries, each diffed against the record before it."""
    entries = []
    records = sorted(records, key=lambda r: (r.history_date, r.history_id))
    previous = None
    for record in records:
        entries.append(
            HistoryEntry(
                when=record.history_date,
                who=record.history_user,
                subject=subject(record),
                action=action(record),
                changes=field_changes(record, previous, skip),
            )
        )
        previous = record
    return entries


_ACTIONS = {"+": gettext_lazy("Tạo mới"), "~": gettext_lazy("Cập nhật"), "-": gettext_lazy("Xoá")}


def _record_action(record):
    return str(_ACTIONS.get(record.history_type, record.history_type))


def _membership_entries(memberships):
    associations = {m.id: m.association for m in memberships}
    records = list(Membership.history.filter(id__in=associations.keys()).select_related("history_user"))
    entries = []
    for _id, group in groupby(sorted(records, key=lambda r: r.id), key=lambda r: r.id):
        entries += _entries(
            group,
            subject=lambda r: _("Hội viên %(association)s") % {"association": associations[r.id]},
            action=_record_action,
            skip=["person", "association"],
        )
    return entries


def membership_history(memberships):
    """Changes to the memberships passed in, latest first: all a lead sees of someone who left their roster."""
    return sorted(_membership_entries(memberships), key=lambda e: e.when, reverse=True)


def person_history(person, memberships, mandates):
    """Changes to the person, their memberships and their mandates, latest first, with who made them.

    Only the memberships passed in are included, so a lead sees none of another association's records.
    """
    terms = {m.id: m.term for m in mandates}
    person_records = list(person.history.select_related("history_user"))
    mandate_records = list(Mandate.history.filter(id__in=terms.keys()).select_related("history_user"))
    entries = _entries(
        person_records,
        subject=lambda r: _("Hồ sơ cá nhân"),
        action=_record_action,
        skip=["version", "created_at"],
    )
    entries += _membership_entries(memberships)
    for _id, group in groupby(sorted(mandate_records, key=lambda r: r.id), key=lambda r: r.id):
        entries += _entries(
            group,
            subject=lambda r: (
                _("%(role)s %(body)s, khoá %(term)s")
                % {"role": r.get_role_display(), "body": r.get_body_display(), "term": terms[r.id].roman}
            ),
            action=_record_action,
            skip=["person", "term"],
        )
    entries.sort(key=lambda e: e.when, reverse=True)
    return entries


def visible_memberships(user, person):
    """The person's memberships the user may see: all for the secretariat, their own associations' for a lead."""
    memberships = person.memberships.select_related("association")
    if not user.is_secretariat:
        memberships = memberships.filter(association__in=access.visible_associations(user))
    return list(memberships.order_by("joined_on", "id"))


def association_status_counts(association):
    return association.memberships.aggregate(
        current=Count("id", filter=Q(left_on__isnull=True)),
        left=Count("id", filter=Q(left_on__isnull=False)),
    )


def merged_from(association):
    return list(Association.objects.filter(merged_into=association).order_by("sort_key"))


# --- The roster in the browser: duplicates, history, federation-wide search and the leads' accounts ---


def _with_current_memberships(people):
    current = Membership.objects.current().select_related("association").order_by("association__sort_key")
    return people.prefetch_related(Prefetch("memberships", queryset=current, to_attr="current_memberships"))


@dataclass
class Namesakes:
    """Who the person being added may be, as the user adding them may learn it.

    `here`: people on this roster now; `offered`: people the user may put on it straight away, shown with
    their record (the secretariat's choice); `requestable`: for a lead, the one record elsewhere in the
    federation with the same name and birth date, which the lead may only ask the secretariat to link and
    is told nothing about beyond its existence.
    """

    here: list
    offered: list
    requestable: Person | None = None

    def __bool__(self):
        return bool(self.here or self.offered or self.requestable)

    @property
    def shown(self):
        """The records the page lists: this roster's own, and those the user may link."""
        return self.here + self.offered


def same_people(association, user, *, family_name, middle_name, given_name, birth):
    """People of the federation who may be the one being added: same name (folded) and a birth date that
    agrees as far as both are known (`Person.objects.namesakes`): 1968 finds someone born 15/03/1968.

    Without a birth date the name alone decides, so that a person typed without one is still offered to
    the secretariat; a lead, who sees no other roster, learns of a namesake elsewhere only when the
    birth date matches too.
    """
    probe = Person(family_name=family_name, middle_name=middle_name, given_name=given_name)
    probe.normalize()
    people = _with_current_memberships(Person.objects.all())
    if birth is None:
        people = list(people.filter(search_name=probe.search_name).order_by("sort_key", "id")[:20])
    else:
        key = (probe.search_name, birth)
        people = people.namesakes([key])[key][:20]
    here = [p for p in people if any(m.association_id == association.pk for m in p.current_memberships)]
    elsewhere = [p for p in people if p not in here]
    if access.links_directly(user):
        return Namesakes(here, elsewhere)
    # The earliest record, as the roster import picks among twins.
    requestable = min(elsewhere, key=lambda p: p.pk) if elsewhere and birth is not None else None
    return Namesakes(here, [], requestable)


def search_people(query):
    """Everyone in the federation whose name holds every word of the query, diacritics and case ignored.

    Each word may match inside a longer one ("an" is in "van"), so the closest come first: the whole name
    as typed, then those whose given name (the name people are called by) is the query's last word.
    """
    words = text.fold(query).split()
    closeness = Value(2)
    if words:
        closeness = Case(
            When(search_name=" ".join(words), then=Value(0)),
            When(search_name__endswith=" " + words[-1], then=Value(1)),
            default=Value(2),
        )
    people = Person.objects.search(query).annotate(closeness=closeness)
    return _with_current_memberships(people).order_by("closeness", "sort_key", "id")


def roster_history_keys(association, *, people):
    """One row per history record of the association's memberships and of the people on them, newest first.

    Records of a person come only for `people` (those whose personal data the reader may see), so the
    changes to someone who has left for another roster are not shown here. A union of the two history
    tables' keys, so a Paginator counts and slices it in the database.
    """
    memberships = (
        Membership.history.filter(association_id=association.pk)
        .annotate(kind=Value("membership", output_field=CharField()))
        .values_list("history_date", "history_id", "kind")
        .order_by()
    )
    people = (
        Person.history.filter(id__in=Membership.objects.filter(association=association).values("person_id"))
        .filter(id__in=people.values("pk"))
        .annotate(kind=Value("person", output_field=CharField()))
        .values_list("history_date", "history_id", "kind")
        .order_by()
    )
    return memberships.union(people, all=True).order_by("-history_date", "-history_id")


def _historical_full_name(record):
    # Not record.instance: building it fetches the fields history leaves out, one query a record.
    return " ".join(p for p in (record.family_name, record.middle_name, record.given_name) if p)


def roster_history_entries(keys):
    """The history entries for one page of keys, each diffed against the record before it.

    Four queries whatever the page holds: the histories of the page's memberships and of its people
    (which include the records before those on the page) and the names of the memberships' people.
    """
    wanted = {(kind, history_id) for _when, history_id, kind in keys}
    membership_ids = Membership.history.filter(
        history_id__in=[h for kind, h in wanted if kind == "membership"]
    ).values("id")
    person_ids = Person.history.filter(history_id__in=[h for kind, h in wanted if kind == "person"]).values(
        "id"
    )
    membership_records = list(Membership.history.filter(id__in=membership_ids).select_related("history_user"))
    person_records = list(Person.history.filter(id__in=person_ids).select_related("history_user"))
    names = {
        person.pk: person.full_name
        for person in Person.objects.filter(pk__in={r.person_id for r in membership_records}).only(
            "family_name", "middle_name", "given_name"
        )
    }

    by_key = {}
    for records, kind, subject, skip in [
        (
            membership_records,
            "membership",
            lambda r: _("Hội viên %(name)s") % {"name": names.get(r.person_id, "—")},
            ["person", "association"],
        ),
        (
            person_records,
            "person",
            lambda r: _("Hồ sơ của %(name)s") % {"name": _historical_full_name(r)},
            ["version", "created_at"],
        ),
    ]:
        for _id, group in groupby(sorted(records, key=lambda r: r.id), key=lambda r: r.id):
            group = sorted(group, key=lambda r: (r.history_date, r.history_id))
            for entry, record in zip(_entries(group, subject, _record_action, skip), group, strict=True):
                if (kind, record.history_id) in wanted:
                    entry.person_id = record.id if kind == "person" else record.person_id
                    # An import names its file here ("Nhập danh sách từ tệp …").
                    entry.reason = record.history_change_reason or ""
                    by_key[kind, record.history_id] = entry
    return [by_key[kind, history_id] for _when, history_id, kind in keys if (kind, history_id) in by_key]


def association_link_requests(association, *, limit=20):
    """The association's latest requests to link someone, pending first: what the lead asked and what came of it."""
    pending_first = Case(When(status=LinkRequestStatus.PENDING, then=Value(0)), default=Value(1))
    return list(
        association.link_requests.select_related("person", "requested_by").order_by(
            pending_first, "-requested_at", "-id"
        )[:limit]
    )


def pending_link_requests():
    """Requests the secretariat has still to decide, oldest first, with the person's current memberships."""
    requests = LinkRequest.objects.filter(status=LinkRequestStatus.PENDING).select_related(
        "association", "person", "requested_by"
    )
    current = Membership.objects.current().select_related("association").order_by("association__sort_key")
    return requests.prefetch_related(
        Prefetch("person__memberships", queryset=current, to_attr="current_memberships")
    ).order_by("requested_at", "id")


def pending_link_request_count():
    return LinkRequest.objects.filter(status=LinkRequestStatus.PENDING).count()


def seat_history_keys(term):
    """The history records of the term's seats, newest first: ids a Paginator counts and slices."""
    return (
        Mandate.history.filter(term_id=term.pk)
        .order_by("-history_date", "-history_id")
        .values_list("history_id", flat=True)
    )


def seat_history_entries(history_ids):
    """The entries for one page of `seat_history_keys`, each diffed against the seat's record before it.

    Two queries whatever the page holds: the histories of the page's seats (which include the records
    before those on the page) and the names of their people.
    """
    history_ids = list(history_ids)
    seats = Mandate.history.filter(history_id__in=history_ids).values("id")
    records = list(Mandate.history.filter(id__in=seats).select_related("history_user"))
    names = {
        person.pk: person.full_name
        for person in Person.objects.filter(pk__in={r.person_id for r in records}).only(
            "family_name", "middle_name", "given_name"
        )
    }

    def subject(record):
        return f"{names.get(record.person_id, '—')}, {_seat_name(record)}"

    def action(record):
        return str(_ACTIONS.get(record.history_type, record.history_type))

    by_history_id = {}
    records.sort(key=lambda r: (r.id, r.history_date, r.history_id))
    for _id, group in groupby(records, key=lambda r: r.id):
        group = list(group)
        for entry, record in zip(_entries(group, subject, action, ["person", "term"]), group, strict=True):
            entry.person_id = record.person_id
            entry.reason = record.history_change_reason or ""
            by_history_id[record.history_id] = entry
    return [by_history_id[h] for h in history_ids if h in by_history_id]


def leads_overview():
    """Every lead's account with their associations and when they last changed a roster, in one query each.

    The last change is the latest history record of a membership or a person that the lead made.
    """
    last_membership_change = (
        Membership.history.filter(history_user=OuterRef("pk"))
        .order_by()
        .values("history_user")
        .annotate(last=Max("history_date"))
        .values("last")
    )
    last_person_change = (
        Person.history.filter(history_user=OuterRef("pk"))
        .order_by()
        .values("history_user")
        .annotate(last=Max("history_date"))
        .values("last")
    )
    memberships = Subquery(last_membership_change)
    people = Subquery(last_person_change)
    return (
        User.objects.filter(role=UserRole.LEAD)
        # Greatest() is NULL on SQLite when either side is; each side falls back on the other.
        .annotate(last_roster_change=Greatest(Coalesce(memberships, people), Coalesce(people, memberships)))
        .prefetch_related(
            Prefetch("associations", queryset=Association.objects.order_by("sort_key")),
            # Newest first: the page shows whether the latest invitation went out.
            Prefetch("invitations", queryset=lead_invitations(), to_attr="latest_invitations"),
        )
        .order_by("-is_active", "full_name", "email")
    )


STAGED_SHOWN = 10


def staged_imports(user, association=None):
    """Roster sheets uploaded and previewed but not yet applied, that the user may apply: newest first, at most
    STAGED_SHOWN, in one query. Nothing is imported until someone confirms, so the page the user lands on lists
    them, or an upload left half-way is lost from sight.
    """
    imports = RosterImport.objects.filter(
        status=UploadStatus.STAGED, association__in=access.visible_associations(user)
    )
    if association is not None:
        imports = imports.filter(association=association)
    return list(
        imports.select_related("association", "uploaded_by").order_by("-uploaded_at", "-id")[:STAGED_SHOWN]
    )

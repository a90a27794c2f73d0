"""Read-only queries behind the pages: each returns what a page shows in a fixed number of queries."""

from dataclasses import dataclass, field
from itertools import groupby

from django.db.models import Count, Q
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from members import access, text
from members.models import (
    ROLE_ORDER,
    Association,
    Block,
    Body,
    Mandate,
    Membership,
    Person,
    Role,
    StartMethod,
)


def search_associations(queryset, query):
    """Diacritic-insensitive search over name, code and commune: every word of the query must appear."""
    for word in text.fold(query).split():
        queryset = queryset.filter(search_name__contains=word)
    return queryset


def with_member_count(queryset):
    return queryset.annotate(
        member_count=Count("memberships", filter=Q(memberships__left_on__isnull=True), distinct=True)
    )


def members_by_block(date):
    """Distinct people with an open membership on the date, per block (a person in two blocks counts in both)."""
    counts = dict.fromkeys(Block.values, 0)
    rows = (
        Membership.objects.active_on(date)
        .values("association__block")
        .annotate(n=Count("person_id", distinct=True))
        .order_by()
    )
    for row in rows:
        counts[row["association__block"]] = row["n"]
    return counts


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
    body: str
    label: str
    mandates: list = field(default_factory=list)


def committee_on(date):
    """Who sat on each body on the date: officers first (ROLE_ORDER), then Vietnamese name order."""
    mandates = sorted(
        Mandate.objects.held_on(date).select_related("person", "term"),
        key=lambda m: (m.body, ROLE_ORDER[m.role], m.person.sort_key, m.person_id),
    )
    by_body = {body: BodySeats(body, label) for body, label in Body.choices}
    for mandate in mandates:
        by_body[mandate.body].mandates.append(mandate)
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
    return f"{role} {mandate.get_body_display()}"


def _start_title(mandates):
    first = mandates[0]
    body = first.get_body_display()
    count = len(mandates)
    if first.start_method == StartMethod.CONGRESS:
        return _("Đại hội bầu %(body)s: %(count)s người") % {"body": body, "count": count}
    if first.start_method == StartMethod.COMMITTEE:
        return _("Ban Chấp hành bầu %(body)s: %(count)s người") % {"body": body, "count": count}
    return _("Bầu bổ sung %(body)s: %(count)s người") % {"body": body, "count": count}


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


def _changes(record, previous, skip):
    if previous is None:
        return []
    delta = record.diff_against(previous, excluded_fields=skip)
    model = record.instance_type
    changes = []
    for change in delta.changes:
        model_field = model._meta.get_field(change.field)
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
                changes=_changes(record, previous, skip),
            )
        )
        previous = record
    return entries


_ACTIONS = {"+": gettext_lazy("Tạo mới"), "~": gettext_lazy("Cập nhật"), "-": gettext_lazy("Xoá")}


def person_history(person, memberships, mandates):
    """Changes to the person, their memberships and their mandates, latest first, with who made them.

    Only the memberships passed in are included, so a lead sees none of another association's records.
    """
    associations = {m.id: m.association for m in memberships}
    terms = {m.id: m.term for m in mandates}
    person_records = list(person.history.select_related("history_user"))
    membership_records = list(
        Membership.history.filter(id__in=associations.keys()).select_related("history_user")
    )
    mandate_records = list(Mandate.history.filter(id__in=terms.keys()).select_related("history_user"))

    def action(record):
        return str(_ACTIONS.get(record.history_type, record.history_type))

    entries = _entries(
        person_records,
        subject=lambda r: _("Hồ sơ cá nhân"),
        action=action,
        skip=["version", "created_at"],
    )
    for _id, group in groupby(sorted(membership_records, key=lambda r: r.id), key=lambda r: r.id):
        entries += _entries(
            group,
            subject=lambda r: _("Hội viên %(association)s") % {"association": associations[r.id]},
            action=action,
            skip=["person", "association"],
        )
    for _id, group in groupby(sorted(mandate_records, key=lambda r: r.id), key=lambda r: r.id):
        entries += _entries(
            group,
            subject=lambda r: (
                _("%(role)s %(body)s, khoá %(term)s")
                % {"role": r.get_role_display(), "body": r.get_body_display(), "term": terms[r.id].roman}
            ),
            action=action,
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

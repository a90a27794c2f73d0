"""How many distinct people are members of a federation on any day, read from a ledger of daily changes.

Every page, command and report that counts members counts them this one way: `counts_on()` for the
federation and its blocks (the dashboard, `federation_summary`, the term report), and
members.selectors.with_member_count() for each association (the association list, the congress's delegate
quotas), which is a different query but the same rule. Someone is a member on day D when one of their
memberships covers D (joined_on <= D < left_on, an open left_on covering every day after joined_on) and its
association is active on D (established_on <= D < closed_on): `active_on_q` on both. So a membership that
starts tomorrow does not count today, and an association that has closed counts nobody from its closing
day, even with memberships left open on its roster.

Counting them from the rosters means going over every membership, which takes longer as the rosters grow.
MemberCountChange holds instead, per federation, scope ("" for all blocks, or a block) and day, by how much
that count changes that day, so the count on a day is the sum of the changes up to it: one small query
whatever the number of members.

What one person adds, for each scope: the union of their memberships of that federation's associations of
that scope, each counting from max(joined_on, established_on) until min(left_on, closed_on), the days
`active_on_q` counts them. Each stretch of the union adds 1 on its first day and takes it off on the day it
ends, so someone on two rosters of one block counts once in it, and once in all.

Every write that changes memberships, or an association's dates, block or federation, moves the ledger by
the difference between the contributions of the people concerned after and before it:

- the services in members.services wrap their change in `tracking(...)`;
- a plain save or delete of a Membership, or a save of an Association (the admin, a shell), is tracked by
  the signal receivers below;
- bulk writers, which send no signals, call `contributions()` before and after their write and then
  `apply_difference()`, or `rebuild()`.

One rule keeps a change from counting twice: a person is tracked by the outermost `tracking()` block that
names them, whose difference covers all that changed for them by the time it ends. Inside it, nested
blocks and the receivers leave that person alone, and the receivers leave alone an association the block
names. Raw saves (loaddata) are not tracked: run `rebuild_member_counts` after loading fixtures.

`verify()` compares the ledger with a direct count; publishing a report calls it first, and the
`rebuild_member_counts` command checks or rebuilds the ledger.
"""

import contextlib
import contextvars
import itertools
import operator
import sqlite3
from collections import Counter, defaultdict
from typing import NamedTuple

from django.apps import apps as installed_apps
from django.db import connection, transaction
from django.db.models import Case, Count, Max, Q, Sum, When

from members.models import Association, Block, MemberCountChange, Membership, Person, active_on_q

ALL = ""
IN_LIST = 900
# The fields the counts depend on: a save that changes none of them leaves the ledger alone.
ASSOCIATION_FIELDS = ("federation_id", "block", "established_on", "closed_on")
MEMBERSHIP_FIELDS = ("person_id", "association_id", "joined_on", "left_on")

# (person ids, association ids) that enclosing tracking() blocks account for, in this thread or task.
_tracked = contextvars.ContextVar("member_counts_tracked", default=(frozenset(), frozenset()))


def _associations(model=Association):
    return {pk: facts for pk, *facts in model.objects.values_list("pk", *ASSOCIATION_FIELDS).order_by()}


def _merged(spans):
    """The union of [start, end) spans (end None: still open) as disjoint spans, in order."""
    spans = sorted(spans, key=operator.itemgetter(0))
    start, end = spans[0]
    for next_start, next_end in spans[1:]:
        if end is None:
            break  # still open: it covers every later span
        if next_start <= end:
            end = None if next_end is None else max(end, next_end)
        else:
            yield start, end
            start, end = next_start, next_end
    yield start, end


def _add_person(counter, memberships, associations):
    """Add to `counter` what one person's (association_id, joined_on, left_on) memberships contribute."""
    spans = defaultdict(list)
    for association_id, joined_on, left_on in memberships:
        federation_id, block, established_on, closed_on = associations[association_id]
        start = max(joined_on, established_on)
        ends = [day for day in (left_on, closed_on) if day is not None]
        end = min(ends) if ends else None
        if end is not None and end <= start:
            continue
        spans[federation_id, ALL].append((start, end))
        spans[federation_id, block].append((start, end))
    for (federation_id, scope), person_spans in spans.items():
        for start, end in _merged(person_spans):
            counter[federation_id, scope, start] += 1
            if end is not None:
                counter[federation_id, scope, end] -= 1


def _chunks(ids):
    """SQLite caps the parameters of a statement; PostgreSQL takes the whole list in one query."""
    size = IN_LIST if connection.features.max_query_params else max(len(ids), 1)
    for index in range(0, len(ids), size):
        yield ids[index : index + size]


def contributions(person_ids):
    """Counter of (federation_id, scope, day) -> change that these people's memberships make, as stored now.

    Two queries, the associations and the people's memberships, whatever the number of people; on SQLite,
    whose statements take a limited number of parameters, one more for each further 900 people.
    """
    ids = sorted(set(person_ids))
    counter = Counter()
    if not ids:
        return counter
    associations = _associations()
    for chunk in _chunks(ids):
        rows = (
            Membership.objects.filter(person_id__in=chunk)
            .order_by("person_id")
            .values_list("person_id", "association_id", "joined_on", "left_on")
        )
        for _person, memberships in itertools.groupby(rows, key=operator.itemgetter(0)):
            _add_person(counter, (row[1:] for row in memberships), associations)
    return counter


def apply_difference(before, after):
    """Move the ledger by `after - before`, two contributions() of the same people around a write.

    INSERT ... ON CONFLICT DO UPDATE adds to the stored changes rather than overwriting them, so
    transactions changing different people never undo each other. One statement on PostgreSQL; on SQLite,
    one per as many rows as its limit of parameters allows (four a row).
    """
    changes = sorted(
        (key, after[key] - before[key]) for key in after.keys() | before.keys() if after[key] != before[key]
    )
    if not changes:
        return
    quote = connection.ops.quote_name
    table = quote(MemberCountChange._meta.db_table)
    federation, scope, day, delta = (
        quote(MemberCountChange._meta.get_field(name).column)
        for name in ("federation", "scope", "day", "delta")
    )
    params = [
        (federation_id, scope_value, connection.ops.adapt_datefield_value(day_value), change)
        for (federation_id, scope_value, day_value), change in changes
    ]
    per_statement = len(params)
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        per_statement = connection.connection.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER) // 4
    with connection.cursor() as cursor:
        for index in range(0, len(params), per_statement):
            batch = params[index : index + per_statement]
            cursor.execute(
                f"INSERT INTO {table} ({federation}, {scope}, {day}, {delta}) "
                f"VALUES {', '.join(['(%s, %s, %s, %s)'] * len(batch))} "
                f"ON CONFLICT ({federation}, {scope}, {day}) "
                f"DO UPDATE SET {delta} = {table}.{delta} + excluded.{delta}",
                [value for row in batch for value in row],
            )


def _lock(person_ids):
    """Lock the people's rows, so that two transactions changing one person cannot both start from the
    same "before". SQLite has no row locks; it lets one transaction write at a time anyway."""
    if connection.features.has_select_for_update:
        for chunk in _chunks(sorted(person_ids)):
            list(Person.objects.select_for_update().filter(pk__in=chunk).order_by("pk").values_list("pk"))


@contextlib.contextmanager
def tracking(person_ids=(), *, associations=()):
    """Keep the ledger right across the block for these people and everyone on the rosters of `associations`.

    Use it around any change to their memberships or to those associations; the difference is applied when
    the block ends without an error. People an enclosing block already tracks are left to it.
    """
    tracked_people, tracked_associations = _tracked.get()
    association_ids = {a.pk for a in associations}
    people = set(person_ids)
    if association_ids:
        people |= set(
            Membership.objects.filter(association_id__in=association_ids).values_list("person_id", flat=True)
        )
    people -= tracked_people
    if not people:
        yield
        return
    with transaction.atomic():
        _lock(people)
        before = contributions(people)
        token = _tracked.set((tracked_people | people, tracked_associations | association_ids))
        try:
            yield
        finally:
            _tracked.reset(token)
        apply_difference(before, contributions(people))


def _expected(federation, apps=installed_apps):
    """What the ledger of one federation (or all) should hold, computed from the memberships: the non-zero
    changes by (federation_id, scope, day).

    Reads the memberships in one pass ordered by person, a chunk at a time, so memory stays bounded by the
    number of distinct days rather than of members.
    """
    associations = _associations(apps.get_model("members", "Association"))
    memberships = (
        apps.get_model("members", "Membership")
        .objects.order_by("person_id")
        .values_list("person_id", "association_id", "joined_on", "left_on")
    )
    if federation is not None:
        memberships = memberships.filter(association__federation=federation)
    counter = Counter()
    rows = memberships.iterator(chunk_size=20_000)
    for _person, person_rows in itertools.groupby(rows, key=operator.itemgetter(0)):
        _add_person(counter, (row[1:] for row in person_rows), associations)
    return {key: delta for key, delta in counter.items() if delta}


def _stored(federation, apps=installed_apps):
    rows = apps.get_model("members", "MemberCountChange").objects.exclude(delta=0)
    if federation is not None:
        rows = rows.filter(federation=federation)
    return {
        (federation_id, scope, day): delta
        for federation_id, scope, day, delta in rows.values_list("federation_id", "scope", "day", "delta")
    }


def differences(federation=None):
    """[((federation_id, scope, day), stored, expected)] wherever the ledger is wrong, in order; empty when
    the count it gives is right on every day."""
    expected, stored = _expected(federation), _stored(federation)
    return [
        (key, stored.get(key, 0), expected.get(key, 0))
        for key in sorted(expected.keys() | stored.keys())
        if stored.get(key, 0) != expected.get(key, 0)
    ]


class Rebuilt(NamedTuple):
    rows: int  # changes now stored
    corrected: int  # of them, or of the ones removed, those that were wrong


def rebuild(federation=None, *, apps=installed_apps):
    """Recompute the ledger of one federation (or all) from the memberships and replace its rows, in one
    transaction.

    A data migration passes its own `apps`, so that the ledger is built from the models as they are at that
    migration, with the same code.
    """
    ledger = apps.get_model("members", "MemberCountChange")
    with transaction.atomic():
        if connection.vendor == "postgresql":
            # Trackers committing while the memberships are read would add their change to rows about to
            # be replaced; this makes them wait and add it to the new rows instead.
            with connection.cursor() as cursor:
                cursor.execute(
                    f"LOCK TABLE {connection.ops.quote_name(ledger._meta.db_table)} "
                    "IN SHARE ROW EXCLUSIVE MODE"
                )
        expected, stored = _expected(federation, apps), _stored(federation, apps)
        rows = ledger.objects.all()
        if federation is not None:
            rows = rows.filter(federation=federation)
        rows.delete()
        ledger.objects.bulk_create(
            [
                ledger(federation_id=federation_id, scope=scope, day=day, delta=delta)
                for (federation_id, scope, day), delta in sorted(expected.items())
            ],
            batch_size=2_000,
        )
    corrected = sum(1 for key in expected.keys() | stored.keys() if stored.get(key) != expected.get(key))
    return Rebuilt(rows=len(expected), corrected=corrected)


def counts_on(federation, day):
    """(members, {block: members}) of the federation on the day, from the ledger: one query, whose cost
    depends on the number of days with changes, not on the number of members."""
    sums = dict(
        MemberCountChange.objects.filter(federation=federation, day__lte=day)
        .values("scope")
        .annotate(total=Sum("delta"))
        .order_by()
        .values_list("scope", "total")
    )
    return sums.get(ALL, 0), {block: sums.get(block, 0) for block in Block.values}


def counts_on_days(federation, days):
    """{day: (members, {block: members})} of the federation on each of the days, as `counts_on` gives them,
    in one query: one sum of the ledger's changes up to each day, per scope."""
    days = sorted(set(days))
    if not days:
        return {}
    sums = {
        row["scope"]: row
        for row in MemberCountChange.objects.filter(federation=federation, day__lte=days[-1])
        .values("scope")
        .annotate(**{f"on_{n}": Sum("delta", filter=Q(day__lte=day)) for n, day in enumerate(days)})
        .order_by()
    }

    def total(scope, n):
        return (sums.get(scope) or {}).get(f"on_{n}") or 0

    return {
        day: (total(ALL, n), {block: total(block, n) for block in Block.values}) for n, day in enumerate(days)
    }


def active_blocks(federation, day):
    """{association id: block} of the federation's associations active on the day."""
    return dict(Association.objects.active_on(day).filter(federation=federation).values_list("id", "block"))


def count_directly(as_of, blocks):
    """People on the rosters of the associations active on the day, from the memberships themselves: in
    all, each person once, and per block, where someone on the rosters of both blocks counts in each.

    The reference the ledger is checked against. `blocks` maps each active association's id to its block.
    One query, aggregated in the database in a single pass over the memberships grouped by person, with no
    join to the associations: the number of queries does not grow with the rosters, the time does.
    """
    if not blocks:
        return 0, dict.fromkeys(Block.values, 0)
    flags = {
        f"in_{block}": Max(
            Case(When(association_id__in=[pk for pk, b in blocks.items() if b == block], then=1), default=0)
        )
        for block in Block.values
    }
    per_person = (
        Membership.objects.filter(
            active_on_q(as_of, start="joined_on", end="left_on"), association_id__in=list(blocks)
        )
        .values("person_id")
        .annotate(**flags)
        .order_by()
    )
    totals = per_person.aggregate(
        people=Count("person_id"), **{block: Sum(f"in_{block}") for block in Block.values}
    )
    return totals["people"], {block: totals[block] or 0 for block in Block.values}


class Verification(NamedTuple):
    ledger: tuple
    direct: tuple

    @property
    def ok(self):
        return self.ledger == self.direct


def verify(federation, day):
    """The ledger's count of the day beside the direct count, each (members, {block: members})."""
    return Verification(
        ledger=counts_on(federation, day), direct=count_directly(day, active_blocks(federation, day))
    )


# --- Plain saves and deletes: connected in MembersConfig.ready -----------------------------------------


def _start(instance, person_ids):
    """Remember the contributions of the people a save or delete is about to change, unless a block
    already tracks them."""
    tracked_people, _associations_tracked = _tracked.get()
    people = set(person_ids) - tracked_people
    instance._member_counts_before = (people, contributions(people)) if people else None


def membership_will_change(sender, instance, raw=False, **kwargs):
    people = set() if raw else {instance.person_id}
    if people and instance.pk is not None:
        stored = Membership.objects.filter(pk=instance.pk).values_list(*MEMBERSHIP_FIELDS).first()
        if stored == tuple(getattr(instance, name) for name in MEMBERSHIP_FIELDS):
            people = set()  # a card number or a note: the counts stay
        elif stored is not None:
            people.add(stored[0])  # moved to another person: the one it leaves changes too
    _start(instance, people)


def membership_will_be_deleted(sender, instance, **kwargs):
    _start(instance, [instance.person_id])


def association_will_change(sender, instance, raw=False, **kwargs):
    _tracked_people, tracked_associations = _tracked.get()
    people = []
    if not raw and instance.pk is not None and instance.pk not in tracked_associations:
        stored = Association.objects.filter(pk=instance.pk).values_list(*ASSOCIATION_FIELDS).first()
        if stored is not None and stored != tuple(getattr(instance, name) for name in ASSOCIATION_FIELDS):
            people = Membership.objects.filter(association_id=instance.pk).values_list("person_id", flat=True)
    _start(instance, people)


def saved_or_deleted(sender, instance, **kwargs):
    """Apply what the save or delete changed for the people its `..._will_...` receiver named."""
    pending = instance.__dict__.pop("_member_counts_before", None)
    if pending is not None:
        people, before = pending
        apply_difference(before, contributions(people))

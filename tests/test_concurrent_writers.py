"""Two clerks at once: one change wins, the other gets the service's own message, never a database error.

On the embedded SQLite a second writer used to fail with "database is locked" (an error page) as soon as two
transactions overlapped. Each test runs two services in two threads, each with its own connection, and holds
each thread's first write until the other has come to its own, so the two transactions overlap for sure
unless the database makes the second one wait for the first, which is what it must do.
"""

import threading

import pytest
from django.db import connection

from congress.models import Ballot
from congress.services import CongressError, elections
from members import importing, services
from members.models import Person
from members.services import MembersError

pytestmark = pytest.mark.django_db(transaction=True)

# How long a first write waits for the other thread's: longer than two transactions need to overlap, short
# enough not to slow the suite when the database rightly keeps the second one waiting.
OVERLAP_WAIT = 2


def at_once(*calls):
    """Run each call in a thread of its own; return what each returned or raised, in order."""
    ready = threading.Barrier(len(calls))
    first_writes = threading.Barrier(len(calls), timeout=OVERLAP_WAIT)
    outcomes = [None] * len(calls)

    def run(index, call):
        held = []

        def hold_first_write(execute, sql, params, many, context):
            if not held and sql.lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE")):
                held.append(sql)
                try:
                    first_writes.wait()
                except threading.BrokenBarrierError:
                    pass  # the other thread is kept waiting by the database
            return execute(sql, params, many, context)

        try:
            with connection.execute_wrapper(hold_first_write):
                ready.wait()
                outcomes[index] = call()
        except Exception as error:  # handed to the test
            outcomes[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    return outcomes


def kinds(outcomes):
    return sorted(type(outcome).__name__ for outcome in outcomes)


def test_two_clerks_confirming_one_roster_upload_apply_it_once(son_hong_upload, lead, secretariat):
    outcomes = at_once(
        lambda: importing.apply_import(son_hong_upload, actor=lead),
        lambda: importing.apply_import(son_hong_upload, actor=secretariat),
    )

    refused = [o for o in outcomes if isinstance(o, Exception)]
    assert kinds(outcomes) == ["SheetError", "dict"], outcomes
    assert str(refused[0]).startswith("Tệp này đã được cập nhật lúc")
    assert Person.objects.filter(given_name="Nga").count() == 1


def test_two_clerks_saving_one_member_keep_the_first_save_and_tell_the_second(people, lead, secretariat):
    anh = people["anh"]

    outcomes = at_once(
        lambda: services.update_person(anh, actor=lead, expected_version=anh.version, job_title="Kỹ sư"),
        lambda: services.update_person(
            anh, actor=secretariat, expected_version=anh.version, job_title="Giáo viên"
        ),
    )

    saved = next(o for o in outcomes if isinstance(o, Person))
    assert kinds(outcomes) == ["MembersError", "Person"], outcomes
    assert "vừa được người khác cập nhật" in str(next(o for o in outcomes if isinstance(o, MembersError)))
    anh.refresh_from_db()
    assert (anh.job_title, anh.version) == (saved.job_title, 2)


def test_the_same_ballot_sent_twice_is_entered_once(executive_election, secretariat):
    def send():
        return elections.record_ballot(executive_election, actor=secretariat, entry=1, number=5, kept=[1, 2])

    outcomes = at_once(send, send)

    assert kinds(outcomes) == ["tuple", "tuple"], outcomes
    assert sorted(changed for _ballot, changed in outcomes) == [False, True]
    assert Ballot.objects.filter(election=executive_election, entry=1, number=5).count() == 1


def test_two_clerks_entering_one_ballot_number_differently_keep_the_first(executive_election, secretariat):
    outcomes = at_once(
        lambda: elections.record_ballot(
            executive_election, actor=secretariat, entry=1, number=5, kept=[1, 2]
        ),
        lambda: elections.record_ballot(
            executive_election, actor=secretariat, entry=1, number=5, kept=[2, 3]
        ),
    )

    assert kinds(outcomes) == ["CongressError", "tuple"], outcomes
    assert "Phiếu số 5 đã có ở lượt nhập 1 với nội dung khác" in str(
        next(o for o in outcomes if isinstance(o, CongressError))
    )
    assert Ballot.objects.filter(election=executive_election, entry=1, number=5).count() == 1


def test_the_embedded_database_keeps_a_write_ahead_log_so_pages_are_read_while_someone_saves():
    if connection.vendor != "sqlite":
        pytest.skip("the write-ahead log is SQLite's")
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        assert cursor.fetchone()[0] == "wal"

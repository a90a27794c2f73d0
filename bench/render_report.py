"""How the term report scales: compose and PDF at demo size, then with N times the members and activities.

    DEBUG=1 .venv/bin/python bench/render_report.py                  # scratch SQLite in /tmp, N = 100
    DEBUG=1 .venv/bin/python bench/render_report.py --scale 10
    DEBUG=1 .venv/bin/python bench/render_report.py --database-url postgres://postgres@127.0.0.1:5432/lhh_reports

The database is a scratch one: it is emptied, migrated and loaded with the demo (as `load_demo` does), then grown
by copying every person with their memberships, and every activity, and the member-count ledger the report
reads is rebuilt from the copies (timed apart from the report). For each size it prints the best of a few runs in seconds, the peak of memory allocated
by Python while the step runs (tracemalloc, measured in a separate run because tracing slows Python down),
and the number of SQL queries, for composing the report and for drawing its PDF. It exits 1 when the
number of queries grows with the data or when the time at the larger size is more than 1.5 times the time
at demo size.
"""

import argparse
import datetime
import os
import re
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATABASE = "sqlite:////tmp/lhh-bench-report.sqlite3"
MAX_RATIO = 1.5


def parse_args():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--scale", type=int, default=100, help="how many times the demo's members and activities"
    )
    parser.add_argument("--database-url", default=DEFAULT_DATABASE, help="a scratch database: it is emptied")
    parser.add_argument("--runs", type=int, default=3, help="runs per measurement; the best is kept")
    return parser.parse_args()


def setup(database_url):
    sys.path.insert(0, str(ROOT))
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DEBUG", "1")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lienhiephoi.settings")
    import django

    django.setup()


def fresh_database(database_url):
    from django.core.management import call_command

    if database_url.startswith("sqlite:///"):
        Path(database_url.removeprefix("sqlite:///")).unlink(missing_ok=True)
        call_command("migrate", verbosity=0)
    else:
        call_command("migrate", verbosity=0)
        call_command("flush", interactive=False, verbosity=0)
    # The demo federation and the report's records, as `load_demo` makes them, without the other apps' demos.
    from members import demo
    from members.models import User
    from reports.demo import load_report_demo

    demo.load()
    load_report_demo(User.objects.get(email=demo.SECRETARIAT_EMAIL))


def _copy_rows(cursor, model, copies, *, id_stride=None, shift=None, overrides=None):
    """Insert `copies` copies of every row of a model with one INSERT ... SELECT: much faster than building
    a million model instances for bulk_create, and the same SQL on SQLite and PostgreSQL.

    With `id_stride`, copy n keeps its ids shifted by n * stride, so rows that point to it can be shifted too;
    `shift` names foreign-key columns to shift that way; `overrides` replaces a column's value by an SQL
    expression.
    """
    from django.db import connection

    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    columns, values = [], []
    for field in model._meta.concrete_fields:
        column = field.column
        if field.primary_key:
            if id_stride is None:
                continue
            expression = f"{quote(column)} + copies.n * {id_stride}"
        elif column in (shift or {}):
            expression = f"{quote(column)} + copies.n * {shift[column]}"
        elif column in (overrides or {}):
            expression = overrides[column]
        else:
            expression = quote(column)
        columns.append(quote(column))
        values.append(expression)
    cursor.execute(
        f"WITH RECURSIVE copies(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM copies WHERE n < {copies}) "
        f"INSERT INTO {table} ({', '.join(columns)}) "
        # Copy by copy, each in the original order, as imports would have added them: rows of one person
        # stay near each other on disk, which is what the memberships' person index reads in order.
        f"SELECT {', '.join(values)} FROM copies CROSS JOIN {table} ORDER BY copies.n, {table}.{quote('id')}"
    )


def grow(scale):
    """Add (scale - 1) copies of every person with their memberships, and of every activity of the term."""
    from django.core.management.color import no_style
    from django.db import connection, transaction
    from django.db.models import Max

    from members.models import Membership, Person
    from reports.models import Activity

    stride = Person.objects.aggregate(last=Max("id"))["last"]
    with transaction.atomic(), connection.cursor() as cursor:
        _copy_rows(cursor, Person, scale - 1, id_stride=stride, overrides={"is_sample": "TRUE"})
        _copy_rows(cursor, Membership, scale - 1, shift={"person_id": stride})
        for statement in connection.ops.sequence_reset_sql(no_style(), [Person, Membership]):
            cursor.execute(statement)
    # Activities are few enough for bulk_create, which also gives each copy its own title and date.
    activities = list(Activity.objects.order_by("id"))
    Activity.objects.bulk_create(
        [
            Activity(
                term_id=a.term_id,
                kind=a.kind,
                title=f"{a.title} ({copy + 1})",
                held_on=a.held_on - datetime.timedelta(days=copy % 28),
                participants=a.participants,
                quantity=a.quantity,
                amount=a.amount,
                partner=a.partner,
                outcome=a.outcome,
            )
            for copy in range(1, scale)
            for a in activities
        ],
        batch_size=5_000,
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def measure(step, runs):
    """(best seconds, peak MiB allocated by Python, queries, result) of a step."""
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    best = None
    for _ in range(runs):
        reset_queries()
        started = time.perf_counter()
        with CaptureQueriesContext(connection) as queries:
            result = step()
        elapsed = time.perf_counter() - started
        best = elapsed if best is None else min(best, elapsed)
    tracemalloc.start()
    step()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return best, peak / 2**20, len(queries.captured_queries), result


def bench(label, runs):
    from members.models import Membership, Person
    from reports.document import compose_report
    from reports.models import Activity, TermReport
    from reports.rendering import render_pdf

    report = TermReport.objects.select_related("term__federation").get(term__ordinal=4)
    render_pdf(compose_report(report))  # warm up: fonts, templates, imports
    compose = measure(lambda: compose_report(report), runs)
    content = compose[3]
    pdf = measure(lambda: render_pdf(content), runs)
    return {
        "label": label,
        "people": Person.objects.count(),
        "memberships": Membership.objects.count(),
        "activities": Activity.objects.count(),
        "members": content["figures"]["so_hoi_vien"],
        "compose": compose[:3],
        "pdf": pdf[:3],
        "pages": pages(pdf[3]),
    }


def pages(pdf):
    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(pdf)
        handle.flush()
        try:
            info = subprocess.run(["pdfinfo", handle.name], capture_output=True, text=True).stdout
        except FileNotFoundError:  # poppler-utils is not installed
            return "?"
    found = re.search(r"^Pages:\s+(\d+)", info, re.M)
    return found.group(1) if found else "?"


def print_row(row):
    compose_s, compose_mib, compose_q = row["compose"]
    pdf_s, pdf_mib, pdf_q = row["pdf"]
    print(
        f"{row['label']:<8} {row['people']:>9,} {row['memberships']:>11,} {row['activities']:>10,} "
        f"{row['members']:>10} | compose {compose_s:6.3f} s {compose_mib:7.1f} MiB {compose_q:3d} q "
        f"| pdf {pdf_s:6.3f} s {pdf_mib:7.1f} MiB {pdf_q:3d} q, {row['pages']} pages "
        f"| total {compose_s + pdf_s:6.3f} s"
    )


def main():
    args = parse_args()
    setup(args.database_url)
    from django.db import connection

    print(f"Database: {connection.vendor} ({args.database_url}); best of {args.runs} runs.")
    fresh_database(args.database_url)
    small = bench("demo", args.runs)
    started = time.perf_counter()
    grow(args.scale)
    print(f"Grown to {args.scale}× in {time.perf_counter() - started:.1f} s.")
    # The copies were written with raw SQL, around the member-count ledger the report reads.
    from members import member_counts

    started = time.perf_counter()
    rebuilt = member_counts.rebuild()
    print(f"Member-count ledger rebuilt in {time.perf_counter() - started:.1f} s ({rebuilt.rows:,} rows).")
    large = bench(f"{args.scale}×", args.runs)

    print(f"{'size':<8} {'people':>9} {'memberships':>11} {'activities':>10} {'members':>10}")
    print_row(small)
    print_row(large)

    small_total = small["compose"][0] + small["pdf"][0]
    large_total = large["compose"][0] + large["pdf"][0]
    ratio = large_total / small_total
    same_queries = small["compose"][2] == large["compose"][2] and small["pdf"][2] == large["pdf"][2]
    print(f"Time at {args.scale}× / demo size: {ratio:.2f} (limit {MAX_RATIO}).")
    print(f"Queries: {'the same at both sizes' if same_queries else 'GROW with the data'}.")
    return 0 if same_queries and ratio <= MAX_RATIO else 1


if __name__ == "__main__":
    sys.exit(main())

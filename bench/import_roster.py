"""How fast a roster sheet imports, against django-import-export's row-by-row import and a plain bulk_create.

    DEBUG=1 .venv/bin/python bench/import_roster.py                                # 10.000 and 100.000 rows
    DEBUG=1 .venv/bin/python bench/import_roster.py --sizes 10000 --databases sqlite
    DEBUG=1 .venv/bin/python bench/import_roster.py --postgres-url postgres://postgres@127.0.0.1:5432/lhh_bench_import

For each size it writes a roster .xlsx in the template's columns (Vietnamese names, dates as Excel dates)
and imports it into an empty association, on each database (a scratch SQLite file in /tmp; a scratch
PostgreSQL database, dropped and created), by:

- portal: `members.importing.import_file`, the path of the upload page and of `import_roster`
  (reading, checks, matching, history rows with the importing user, the RosterImport record);
- import-export: django-import-export's default row-by-row import of the same file into Person
  (a ModelResource; the membership made in after_save_instance; history through simple_history's signals);
- import-export bulk: the same resource with use_bulk=True (memberships in one bulk_create after it,
  no history, since bulk_create sends no signals);
- bulk_create: the rows read with openpyxl and bulk_created as Person and Membership, no checks, no history.

Each figure includes reading the file. Rows per second come from a run without tracing; the peak of memory
allocated by Python (tracemalloc) from a second run, because tracing slows Python down. The tables are
emptied between runs so that every run creates every row. The import-export runs are skipped above
`--max-slow` rows unless asked, since they take minutes.
"""

import argparse
import datetime
import json
import os
import random
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SQLITE_URL = "sqlite:////tmp/lhh-bench-import.sqlite3"
POSTGRES_URL = "postgres://postgres@127.0.0.1:5432/lhh_bench_import"
METHODS = ("portal", "import_export", "import_export_bulk", "bulk_create")


def parse_args():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", default="10000,100000", help="rows per file, comma-separated")
    parser.add_argument("--databases", default="sqlite,postgres", help="sqlite, postgres or both")
    parser.add_argument("--postgres-url", default=POSTGRES_URL, help="a scratch database: it is dropped")
    parser.add_argument("--methods", default=",".join(METHODS), help="which imports to run")
    parser.add_argument("--no-memory", action="store_true", help="skip the tracemalloc runs")
    parser.add_argument(
        "--memory-max-slow",
        type=int,
        default=10000,
        help="measure django-import-export's memory only up to this many rows (its traced run takes long)",
    )
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--database-url", help=argparse.SUPPRESS)
    parser.add_argument("--out", help=argparse.SUPPRESS)
    return parser.parse_args()


# --- The sheet -----------------------------------------------------------------------------------------------

FAMILY = "Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý Uông Kiều Đinh Thái".split()
MIDDLE = (
    "Văn Thị Hữu Đức Minh Thanh Ngọc Kim Quốc Xuân Thu Hồng Bảo Gia Khánh Tuấn Quang Mạnh Diệu Nhật".split()
)
GIVEN = (
    "Hùng Hưng Yến Đức Ánh An Bình Chiến Giang Mạnh Hương Tân Sơn Lan Thu Dũng Khoa Nguyệt Tuyết Khuê "
    "Quyên Loan Oanh Uyên Huệ Thuý Hạnh Phượng Trường Nghĩa Khương Vượng Hoà Xoan Toản Quỳnh Quyết".split()
)
WORK = [
    "UBND xã Sơn Hồng",
    "Trường THCS Phố Châu",
    "Trạm Y tế xã",
    "Công ty CP Nông nghiệp Hương Sơn",
    "HTX chè Tây Sơn",
]
DEGREES = ["", "Đại học", "Cao đẳng", "Trung cấp", "ThS", "TS"]


def write_roster(path, size):
    """A roster of `size` distinct people (name and birth date unique together) in the template's columns."""
    from openpyxl import Workbook

    from members.importing.columns import TEMPLATE_COLUMNS

    rng = random.Random(size)
    # A normal workbook, not write-only: like a file Excel saved, it has a shared-strings table and
    # declares its dimensions, which read-only loading relies on.
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Danh sách hội viên"
    sheet.append([column.header for column in TEMPLATE_COLUMNS])
    start = datetime.date(1950, 1, 1)
    names = len(FAMILY) * len(MIDDLE) * len(GIVEN)
    for n in range(size):
        family, rest = divmod(n % names, len(MIDDLE) * len(GIVEN))
        middle, given = divmod(rest, len(GIVEN))
        born = start + datetime.timedelta(days=(n // names) * 37 + n % 9000)
        sheet.append(
            [
                n + 1,
                f"{FAMILY[family]} {MIDDLE[middle]} {GIVEN[given]}",
                born,
                "Nữ" if MIDDLE[middle] == "Thị" else "Nam",
                "Kinh",
                "",
                rng.choice(DEGREES),
                "Kỹ sư nông nghiệp" if n % 3 == 0 else "",
                "Sơ cấp" if n % 7 == 0 else "",
                "x" if n % 4 == 0 else "",
                rng.choice(WORK),
                "Cán bộ" if n % 5 else "",
                f"09{n % 100000000:08d}",
                "",
                datetime.date(2015 + n % 9, 1 + n % 12, 1 + n % 28),
                f"HV-{n + 1:06d}",
                "",
            ]
        )
    for row in sheet.iter_rows(min_row=2, min_col=3, max_col=3):
        row[0].number_format = "DD/MM/YYYY"
    workbook.save(path)


# --- The imports ---------------------------------------------------------------------------------------------


def empty_tables():
    from django.db import connection

    from members.models import Membership, Person, RosterImport

    for record in RosterImport.objects.all():
        record.file.delete(save=False)  # the stored copies of the benchmark's sheets
    tables = [
        RosterImport._meta.db_table,
        Membership.history.model._meta.db_table,
        Membership._meta.db_table,
        Person.history.model._meta.db_table,
    ]
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"DELETE FROM {table}")
        cursor.execute(
            f"DELETE FROM {Person._meta.db_table} WHERE id NOT IN (SELECT person_id FROM members_user WHERE person_id IS NOT NULL)"
        )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE") if connection.get_autocommit() else None


def run_portal(path, association, actor):
    from members import importing

    limits = importing.Limits(max_rows=10**7, max_bytes=10**10)
    result = importing.import_file(association, path, actor=actor, limits=limits)
    assert result.applied, (result.counts, result.rows[:3])
    return result.counts["create"]


def roster_resource(association, *, bulk):
    from import_export import fields, resources, widgets

    from members import text
    from members.models import Membership, Person

    class PersonRosterResource(resources.ModelResource):
        """Template columns into Person, the way a ModelResource would be written for this sheet."""

        birth_date = fields.Field(
            attribute="birth_date", column_name="Ngày sinh", widget=widgets.DateWidget("%d/%m/%Y")
        )

        class Meta:
            model = Person
            fields = (
                "family_name", "middle_name", "given_name", "gender", "birth_date", "ethnicity", "degree",
                "education_level", "party_member", "workplace", "job_title", "phone", "search_name",
            )  # fmt: skip
            import_id_fields = ("search_name", "birth_date")
            use_bulk = bulk
            batch_size = 1000

        def before_import(self, dataset, **kwargs):
            # The model's fields from the sheet's columns, computed as columns so the resource can map them.
            at = {header: index for index, header in enumerate(dataset.headers)}

            def derive(header, compute):
                dataset.append_col(lambda row: compute(row, at), header=header)

            def names(row, at):
                return text.split_full_name(text.clean(row[at["Họ và tên"]]))

            degrees = {"Đại học": "DH", "Cao đẳng": "CD", "Trung cấp": "TC", "ThS": "ThS", "TS": "TS"}
            derive("family_name", lambda row, at: names(row, at)[0])
            derive("middle_name", lambda row, at: names(row, at)[1])
            derive("given_name", lambda row, at: names(row, at)[2])
            derive("search_name", lambda row, at: text.fold(row[at["Họ và tên"]]))
            derive("gender", lambda row, at: "F" if row[at["Giới tính"]] == "Nữ" else "M")
            derive("ethnicity", lambda row, at: row[at["Dân tộc"]] or "Kinh")
            derive("degree", lambda row, at: degrees.get(row[at["Học vị"]] or "", ""))
            derive("education_level", lambda row, at: row[at["Trình độ chuyên môn"]] or "")
            derive("party_member", lambda row, at: row[at["Đảng viên"]] == "x")
            derive("workplace", lambda row, at: row[at["Nơi công tác"]] or "")
            derive("job_title", lambda row, at: row[at["Chức vụ"]] or "")
            derive("phone", lambda row, at: row[at["Điện thoại"]] or "")

        def after_save_instance(self, instance, row, **kwargs):
            if bulk or kwargs.get("dry_run"):
                return
            Membership.objects.get_or_create(
                person=instance,
                association=association,
                left_on=None,
                defaults={
                    "joined_on": row["Ngày vào hội"].date(),
                    "card_number": row["Số thẻ hội viên"] or "",
                },
            )

        def after_import(self, dataset, result, **kwargs):
            if not bulk:
                return
            people = {
                (name, born): pk
                for name, born, pk in Person.objects.values_list("search_name", "birth_date", "id")
            }
            keys = [
                (text.fold(name), born.date())
                for name, born in zip(dataset["Họ và tên"], dataset["Ngày sinh"], strict=True)
            ]
            joined = dataset["Ngày vào hội"]
            cards = dataset["Số thẻ hội viên"]
            Membership.objects.bulk_create(
                [
                    Membership(
                        person_id=people[key], association=association, joined_on=day.date(), card_number=card
                    )
                    for key, day, card in zip(keys, joined, cards, strict=True)
                ],
                batch_size=1000,
            )

    return PersonRosterResource()


def run_import_export(path, association, actor, *, bulk=False):
    from import_export.formats.base_formats import XLSX

    with open(path, "rb") as stream:
        dataset = XLSX().create_dataset(stream.read())
    result = roster_resource(association, bulk=bulk).import_data(dataset, dry_run=False, raise_errors=True)
    assert not result.has_errors()
    return len(dataset)


def run_bulk_create(path, association, actor):
    from openpyxl import load_workbook

    from members import text
    from members.models import Membership, Person

    workbook = load_workbook(path, read_only=True)
    rows = workbook.worksheets[0].iter_rows(min_row=2, values_only=True)
    created = 0
    while True:
        chunk = [row for _, row in zip(range(1000), rows, strict=False)]
        if not chunk:
            break
        people = []
        for row in chunk:
            family, middle, given = text.split_full_name(row[1])
            people.append(
                Person(
                    family_name=family,
                    middle_name=middle,
                    given_name=given,
                    gender="F" if row[3] == "Nữ" else "M",
                    birth_date=row[2],
                )
            )
        Person.objects.bulk_create(people)
        Membership.objects.bulk_create(
            [
                Membership(
                    person=person, association=association, joined_on=row[14].date(), card_number=row[15]
                )
                for person, row in zip(people, chunk, strict=True)
            ]
        )
        created += len(chunk)
    workbook.close()
    return created


RUNNERS = {
    "portal": run_portal,
    "import_export": run_import_export,
    "import_export_bulk": lambda path, association, actor: run_import_export(
        path, association, actor, bulk=True
    ),
    "bulk_create": run_bulk_create,
}


def worker(args):
    sys.path.insert(0, str(ROOT))
    os.environ["DATABASE_URL"] = args.database_url
    os.environ.setdefault("DEBUG", "1")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lienhiephoi.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    # Measure as in production: with DEBUG, Django keeps the text of every query (each bulk insert is
    # hundreds of kilobytes), which would count in the memory figures and slow every method.
    settings.DEBUG = False

    from members.models import Association, Block, Federation, User, UserRole

    call_command("migrate", verbosity=0)
    federation = Federation.objects.create(
        name="Liên hiệp hội (thử tốc độ)", short_name="bench", parent_body="-", locality="-"
    )
    association = Association.objects.create(
        federation=federation,
        code="bench",
        name="Hội thử tốc độ",
        block=Block.COMMUNES,
        established_on=datetime.date(2000, 1, 1),
    )
    actor = User.objects.create_user(
        "bench@lienhiephoi.test", None, role=UserRole.SECRETARIAT, full_name="Người đo"
    )
    results = []
    workdir = Path(tempfile.mkdtemp(prefix="lhh-bench-import-"))
    for size in [int(s) for s in args.sizes.split(",")]:
        path = workdir / f"roster-{size}.xlsx"
        write_roster(path, size)
        for method in args.methods.split(","):
            empty_tables()
            started, cpu = time.perf_counter(), time.process_time()
            rows = RUNNERS[method](path, association, actor)
            seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
            peak = None
            if not args.no_memory and (
                method.startswith("portal") or method == "bulk_create" or size <= args.memory_max_slow
            ):
                empty_tables()
                tracemalloc.start()
                RUNNERS[method](path, association, actor)
                peak = tracemalloc.get_traced_memory()[1]
                tracemalloc.stop()
            results.append(
                {
                    "database": connection.vendor,
                    "size": size,
                    "method": method,
                    "rows": rows,
                    "seconds": seconds,
                    "cpu": cpu,
                    "peak": peak,
                }
            )
            print(json.dumps(results[-1]), flush=True)
    Path(args.out).write_text(json.dumps(results))


def fresh_postgres(url):
    import psycopg2

    base, _, name = url.rpartition("/")
    connection = psycopg2.connect(base + "/postgres")
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute(f'CREATE DATABASE "{name}"')
    connection.close()


def main():
    args = parse_args()
    if args.worker:
        worker(args)
        return
    results = []
    for database in args.databases.split(","):
        if database == "sqlite":
            url = SQLITE_URL
            Path(url.removeprefix("sqlite:///")).unlink(missing_ok=True)
        else:
            url = args.postgres_url
            fresh_postgres(url)
        with tempfile.NamedTemporaryFile(suffix=".json") as out:
            command = [sys.executable, __file__, "--worker", "--database-url", url, "--out", out.name]
            command += [
                "--sizes",
                args.sizes,
                "--methods",
                args.methods,
                "--memory-max-slow",
                str(args.memory_max_slow),
            ]
            command += ["--no-memory"] if args.no_memory else []
            subprocess.run(command, check=True, cwd=ROOT)
            results += json.loads(Path(out.name).read_text())
    report(results)


def report(results):
    """One line a run: wall seconds, CPU seconds of the Python process, rows a second (wall), peak traced memory."""
    print()
    print(
        f"{'database':<11}{'rows':>9}  {'method':<20}{'seconds':>9}{'cpu s':>8}{'rows/s':>9}{'peak MB':>9}"
        f"{'vs default':>12}{'vs bulk_create':>16}"
    )
    for result in results:
        same = {
            r["method"]: r
            for r in results
            if r["database"] == result["database"] and r["size"] == result["size"]
        }
        rate = result["rows"] / result["seconds"]

        def ratio(method, same=same, rate=rate):
            other = same.get(method)
            return f"{rate / (other['rows'] / other['seconds']):.2f}×" if other else "-"

        peak = f"{result['peak'] / 1024 / 1024:.1f}" if result["peak"] is not None else "-"
        print(
            f"{result['database']:<11}{result['size']:>9}  {result['method']:<20}{result['seconds']:>9.2f}"
            f"{result.get('cpu', 0):>8.2f}{rate:>9.0f}{peak:>9}{ratio('import_export'):>12}{ratio('bulk_create'):>16}"
        )


if __name__ == "__main__":
    main()

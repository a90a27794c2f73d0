"""A congress day against the production server: phones on the hall page, projectors, check-in, two votes.

    .venv/bin/python bench/congress_day.py                  # 120 s, 300 delegates (20 of them late)
    .venv/bin/python bench/congress_day.py --quick          # 30 s, 60 delegates: a smoke run
    .venv/bin/python bench/congress_day.py --seconds 300 --workers 3 --port 8765

Needs PostgreSQL at 127.0.0.1:5432 (user postgres, trust) and Redis at 127.0.0.1:6379. The database
`lhh_bench_congress` is dropped and created again; Redis database 5 is emptied (`--database-url`, `--redis-url`).

Setup (not timed): migrate, collect the static files, load the demo federation, then through the congress
services a congress with N counted delegates (each with an account and a signed-in session written to the
session store), all but the late ones checked in, an item of the programme started, a projector address, and
two motions (an open one, then a secret one). Then the portal is started as in production: gunicorn with
uvicorn's worker (`--workers`, default 2; uvicorn alone when the worker class is missing), DEBUG off, the
cache and the live updates in Redis.

The run (an asyncio client, httpx): every delegate loads the hall page, keeps the congress's event stream open
and loads the page again on an `agenda`, `speakers` or `vote` event after the wait the page gives (data-live-jitter, 0-3 s),
reconnecting when the stream drops; five projector screens keep theirs open and load the screen page on every
event; two staff check the late delegates in at one a second. The chair opens the first motion at t = 20 s;
every delegate votes once within 30 s (5 % tap twice, 2 % vote from a second tab at the same moment), late
delegates who are not checked in yet try first and are refused; when all votes are in the chair closes it.
The secret motion follows when there is time.

It prints, per action, the count and p50/p95/p99 in ms; the errors (HTTP >= 500, timeouts, streams that
dropped and did not reconnect); for each motion the votes expected against the motion's stored count and its
MotionVote rows; the time from the last vote's response until every projector has loaded a page showing the
result (target <= 2 s) and the full count; the peak RSS of each server worker (sampled every second); the
cores. It exits 1 when there are errors, or votes lost or doubled.
"""

import argparse
import asyncio
import bisect
import html
import os
import platform
import random
import re
import resource
import secrets
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = ROOT / ".venv" / "bin"
DEFAULT_DATABASE = "postgres://postgres@127.0.0.1:5432/lhh_bench_congress"
DEFAULT_REDIS = "redis://127.0.0.1:6379/5"
SCREENS = 5
STAFF = 2
RESULT_MARK = "KẾT QUẢ BIỂU QUYẾT"
RESULT_TARGET_SECONDS = 2.0
HALL_TOPICS = {"agenda", "speakers", "vote"}
JITTER_SECONDS = 1.5  # unless the hall page says otherwise (data-live-jitter, in ms)
JITTER = re.compile(r'data-live-jitter="(\d+)"')
DOUBLE_TAP_SHARE = 0.05
SECOND_TAB_SHARE = 0.02
REFUSED_TEXT = "chưa điểm danh"
COUNTED_TEXT = "Đã ghi nhận biểu quyết"
CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
SCREEN_CAST = re.compile(r'class="screen-cast"><strong>([\d.]+)</strong>')
RESULT_TALLY = re.compile(r"<dd><strong>([\d.]+)</strong>")
MOTIONS = [
    ("Thông qua Chương trình Đại hội", False),
    ("Thông qua Quy chế bầu cử Ban Chấp hành", True),
]
CHOICES = ["yes", "no", "abstain"]


def parse_args():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--seconds", type=float, default=None, help="length of the run (default 120)")
    parser.add_argument("--quick", action="store_true", help="a smoke run: 30 s, 60 delegates")
    parser.add_argument("--delegates", type=int, default=None, help="counted delegates (default 300)")
    parser.add_argument("--late", type=int, default=None, help="of them, not checked in at the start (20)")
    parser.add_argument("--workers", type=int, default=2, help="server worker processes")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--database-url", default=DEFAULT_DATABASE, help="PostgreSQL; dropped and created")
    parser.add_argument("--redis-url", default=DEFAULT_REDIS, help="Redis database for the bench; emptied")
    parser.add_argument("--seed", type=int, default=20240315)
    parser.add_argument(
        "--jitter",
        type=float,
        default=None,
        help="seconds a phone waits at most before loading the page again on an event "
        "(default: the hall page's data-live-jitter, or 1.5)",
    )
    args = parser.parse_args()
    if args.seconds is None:
        args.seconds = 30.0 if args.quick else 120.0
    if args.delegates is None:
        args.delegates = 60 if args.quick else 300
    if args.late is None:
        args.late = max(1, round(args.delegates * 20 / 300))
    if not 0 < args.late < args.delegates:
        parser.error("--late must be between 1 and the number of delegates")
    return args


# --- Setup --------------------------------------------------------------------------------------------------


def environment(args):
    """The production settings for the setup here and for the server."""
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="lienhiephoi.settings",
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        DATABASE_URL=args.database_url,
        CACHE_URL=args.redis_url,
        LIVE_REDIS_URL=args.redis_url,
        # Plain HTTP on the hall's LAN: no redirect to HTTPS, cookies not restricted to HTTPS.
        SECURE_SSL_REDIRECT="0",
        SECURE_COOKIES="0",
        SECURE_HSTS_SECONDS="0",
        LOG_LEVEL=os.environ.get("LOG_LEVEL", "WARNING"),
        PYTHONUNBUFFERED="1",
    )
    return env


def fresh_database(database_url):
    import psycopg2

    parts = urlsplit(database_url)
    name = parts.path.lstrip("/")
    if not re.fullmatch(r"\w+", name):
        raise SystemExit(f"Unexpected database name {name!r}")
    maintenance = urlunsplit(parts._replace(path="/postgres"))
    connection = psycopg2.connect(maintenance)
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        cursor.execute(f'CREATE DATABASE "{name}"')
    connection.close()


def collect_static():
    """collectstatic, as production does before it starts. A file the templates load but the checkout lacks
    would make every page that loads it answer 500 (the manifest has no entry for it): the bench says so and
    collects an empty stand-in, since its client runs no scripts anyway."""
    from django.contrib.staticfiles import finders
    from django.core.management import call_command
    from django.test import override_settings

    referenced = set()
    for template in (ROOT / "templates").rglob("*.html"):
        referenced.update(re.findall(r"{% static '([^']+)' %}", template.read_text()))
    missing = sorted(name for name in referenced if finders.find(name) is None)
    if not missing:
        call_command("collectstatic", interactive=False, verbosity=0)
        return []
    with tempfile.TemporaryDirectory() as stand_ins:
        for name in missing:
            path = Path(stand_ins, name)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text("/* stand-in collected by bench/congress_day.py */\n")
        from django.conf import settings

        with override_settings(STATICFILES_DIRS=[*settings.STATICFILES_DIRS, stand_ins]):
            finders.get_finder.cache_clear()
            call_command("collectstatic", interactive=False, verbosity=0)
        finders.get_finder.cache_clear()
    print(
        f"WARNING: the templates load {', '.join(missing)}, missing from this checkout: with DEBUG=0 every "
        "page that loads it answers 500. The bench collected an empty stand-in to measure the rest."
    )
    return missing


@dataclass
class DelegatePlan:
    pk: int
    session: str
    late: bool
    token: str


@dataclass
class Plan:
    congress: int
    hall: str
    events: str
    screen: str
    screen_events: str
    control: str
    delegates: list
    staff_sessions: list
    motions: list  # [(pk, title, secret, vote path, open path, close path)]
    check_in_paths: dict  # delegate pk -> path


def build(args):
    """The congress on the morning of its day, through the services; returns the plan of the run."""
    import django

    django.setup()
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.core.management import call_command
    from django.urls import reverse

    from congress.models import Congress, Delegate, DelegateKind
    from congress.services import delegates as delegate_services
    from congress.services import hall as hall_services
    from members import demo
    from members.models import Person, Term, User, UserRole

    call_command("migrate", verbosity=0)
    collect_static()
    loaded = demo.load()
    chair = User.objects.get(email=demo.SECRETARIAT_EMAIL)
    desk = User.objects.create_user(
        "diemdanh@lienhiephoi.vn", role=UserRole.SECRETARIAT, full_name="Bàn điểm danh"
    )
    term = Term.objects.get(federation=loaded.federation, ordinal=5)
    congress = Congress.objects.create(
        term=term, venue="Hội trường UBND huyện Hương Sơn", members_per_delegate=75
    )

    # People who are members on the day and have no account yet; each gets a delegate's account.
    people = list(
        Person.objects.filter(memberships__left_on__isnull=True, accounts__isnull=True)
        .distinct()
        .order_by("id")[: args.delegates]
    )
    if len(people) < args.delegates:
        raise SystemExit(f"The demo has only {len(people)} people without an account")
    User.objects.bulk_create(
        [
            User(
                email=f"daibieu{n:03d}@daihoi.lienhiephoi.vn",
                full_name=person.full_name,
                role=UserRole.DELEGATE,
                person=person,
                password="!",  # no password: the bench signs them in through the session store
            )
            for n, person in enumerate(people, 1)
        ]
    )
    delegates = [
        delegate_services.summon_delegate(congress, person, actor=chair, kind=DelegateKind.APPOINTED)
        for person in people
    ]
    rng = random.Random(args.seed)
    late = {d.pk for d in rng.sample(delegates, args.late)}
    for delegate in delegates:
        if delegate.pk not in late:
            delegate_services.check_in(delegate, actor=desk, method="qr")

    item = hall_services.add_agenda_item(
        congress, actor=chair, title="Thông qua Chương trình và Quy chế làm việc của Đại hội"
    )
    hall_services.start_item(item, actor=chair)
    congress = hall_services.new_screen_token(congress, actor=chair)
    motions = []
    for title, secret in MOTIONS:
        motion = hall_services.add_motion(congress, actor=chair, title=title, secret=secret, item=item)
        motions.append(
            (
                motion.pk,
                title,
                secret,
                reverse("congress:vote", args=[motion.pk]),
                reverse("congress:motion_action", args=[motion.pk, "mo"]),
                reverse("congress:motion_action", args=[motion.pk, "ket-thuc"]),
            )
        )

    store = import_module(settings.SESSION_ENGINE).SessionStore

    def signed_in(user):
        session = store()
        session[SESSION_KEY] = user._meta.pk.value_to_string(user)
        session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.save()
        return session.session_key

    accounts = {d.pk: d.account for d in Delegate.objects.filter(congress=congress).select_related("account")}
    assert all(accounts.values()), "every delegate has an account"
    return Plan(
        congress=congress.pk,
        hall=reverse("congress:hall", args=[congress.pk]),
        # As the phone page's script asks: only the topics its regions follow.
        events=reverse("congress:events", args=[congress.pk]) + "?topics=" + ",".join(sorted(HALL_TOPICS)),
        screen=reverse("congress:screen", args=[congress.screen_token]),
        screen_events=reverse("congress:screen_events", args=[congress.screen_token]),
        control=reverse("congress:hall_control", args=[congress.pk]),
        delegates=[DelegatePlan(d.pk, signed_in(accounts[d.pk]), d.pk in late, d.token) for d in delegates],
        staff_sessions=[signed_in(chair), signed_in(desk)],
        motions=motions,
        check_in_paths={d.pk: reverse("congress:check_in", args=[d.token]) for d in delegates},
    )


# --- The server ---------------------------------------------------------------------------------------------


class Server:
    """gunicorn with uvicorn's worker class, as production starts it; stopped by its process id."""

    def __init__(self, args, env):
        self.args = args
        self.env = env
        self.process = None
        self.log = tempfile.NamedTemporaryFile(prefix="congress-day-server-", suffix=".log", delete=False)
        self.command = None

    def start(self):
        bind = f"127.0.0.1:{self.args.port}"
        try:
            import uvicorn_worker  # noqa: F401

            self.command = [
                str(VENV_BIN / "gunicorn"),
                "lienhiephoi.asgi:application",
                "-k",
                "uvicorn_worker.UvicornWorker",
                "--workers",
                str(self.args.workers),
                "--bind",
                bind,
                "--graceful-timeout",
                "5",
            ]
        except ImportError:
            self.command = [
                str(VENV_BIN / "uvicorn"),
                "lienhiephoi.asgi:application",
                "--workers",
                str(self.args.workers),
                "--host",
                "127.0.0.1",
                "--port",
                str(self.args.port),
                "--no-access-log",
            ]
        self.process = subprocess.Popen(
            self.command,
            cwd=ROOT,
            env=self.env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def wait_until_up(self, path, timeout=60):
        import httpx

        deadline = time.monotonic() + timeout
        url = f"http://127.0.0.1:{self.args.port}{path}"
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"The server stopped at start-up:\n{self.tail()}")
            try:
                if httpx.get(url, timeout=2).status_code < 500:
                    # Every worker should have started: wait for as many children as workers.
                    if len(self.workers()) >= self.args.workers:
                        return
            except httpx.HTTPError:
                pass
            time.sleep(0.3)
        raise SystemExit(f"The server did not answer within {timeout} s:\n{self.tail()}")

    def workers(self):
        """The worker processes' ids: the children of the process started here."""
        pid = self.process.pid
        try:
            return [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
        except OSError:
            return []

    def tail(self, lines=40):
        self.log.flush()
        return "\n".join(Path(self.log.name).read_text(errors="replace").splitlines()[-lines:])

    def stop(self):
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)  # the group started here, by its id
            self.process.wait()


def cpu_seconds(pid):
    """User + system CPU seconds a process has used so far."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def machine_busy():
    """(busy, total) CPU ticks of the whole machine since boot."""
    values = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = values[3] + values[4]
    return sum(values) - idle, sum(values)


def rss_mib(pid):
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


# --- The run ------------------------------------------------------------------------------------------------


@dataclass
class Delegate:
    plan: DelegatePlan
    client: object = None
    csrf: str = ""
    reload_pending: bool = False
    check_in_started: bool = False
    checked_in: asyncio.Event = field(default_factory=asyncio.Event)


@dataclass
class Fetch:
    start: float
    end: float
    result_of: str  # the title of the motion whose result the page shows, or ""
    count: int | None  # votes cast shown on the page (while open) or the result's total


class Run:
    def __init__(self, args, plan, server):
        import httpx

        self.httpx = httpx
        self.args = args
        self.plan = plan
        self.server = server
        self.rng = random.Random(args.seed + 1)
        self.base = f"http://127.0.0.1:{args.port}"
        self.transport = httpx.AsyncHTTPTransport(
            # Idle connections are dropped before the server's keep-alive (gunicorn's 2 s) ends them.
            limits=httpx.Limits(max_connections=None, max_keepalive_connections=None, keepalive_expiry=1.0)
        )
        self.timings = defaultdict(list)
        self.errors = Counter()
        self.error_examples = []
        self.stopping = False
        self.drops = 0
        self.resent = 0
        self.jitter = args.jitter
        self.events_heard = Counter()  # ("delegate" or "screen", topic) -> events received
        self.broken_streams = set()
        self.changes = []  # (monotonic time the change was answered, what)
        self.screen_fetches = [[] for _ in range(SCREENS)]
        self.votes_expected = defaultdict(dict)  # motion pk -> {delegate pk: choice}
        self.vote_answers = defaultdict(list)  # motion pk -> response times of the vote POSTs
        self.refusals = Counter()  # "refused" / "accepted before check-in"
        self.retries = Counter()
        self.motion_times = {}  # motion pk -> (opened, last vote, closed)
        self.rss_peak = {}
        self.worker_cpu = {}  # pid -> CPU seconds at the last sample
        self.delegates = [Delegate(d) for d in plan.delegates]
        self.by_pk = {d.plan.pk: d for d in self.delegates}
        if args.seconds >= 100:
            self.open_at, self.window = 20.0, 30.0
        else:
            self.open_at, self.window = args.seconds / 5, args.seconds / 4
        # The late ones are checked in at one a second from a little before the vote opens.
        self.check_in_at = max(1.0, self.open_at - args.late / 4)

    def client(self, session, cookies=None):
        jar = {"sessionid": session} if session else {}
        jar.update(cookies or {})
        return self.httpx.AsyncClient(
            base_url=self.base,
            transport=self.transport,
            cookies=jar,
            timeout=self.httpx.Timeout(30.0),
            follow_redirects=False,
        )

    def now(self):
        return time.monotonic() - self.t0

    async def until(self, at):
        delay = at - self.now()
        if delay > 0:
            await asyncio.sleep(delay)

    def error(self, kind, detail):
        if self.stopping:
            return  # a request cut short by the end of the run
        self.errors[kind] += 1
        if self.errors[kind] <= 4:
            self.error_examples.append(f"{self.now():6.1f} s  {kind}: {detail}")

    async def request(self, client, method, path, name, expect=(200,), **kwargs):
        started = time.monotonic()
        for attempt in (1, 2):
            try:
                response = await client.request(method, path, **kwargs)
                break
            except self.httpx.TimeoutException:
                self.error("timeout", f"{method} {path}")
                return None
            except self.httpx.RemoteProtocolError as exc:
                # The server closed an idle kept-alive connection just as it was reused: a browser sends a
                # GET again at once on a new one.
                if method == "GET" and attempt == 1:
                    self.resent += 1
                    continue
                self.error("connection", f"{method} {path}: {exc!r}")
                return None
            except self.httpx.HTTPError as exc:
                self.error("connection", f"{method} {path}: {exc!r}")
                return None
        elapsed = (time.monotonic() - started) * 1000
        if response.status_code >= 500:
            self.error(f"HTTP {response.status_code}", f"{method} {path}")
            return None
        if response.status_code not in expect:
            self.error(f"HTTP {response.status_code} (unexpected)", f"{method} {path}")
            return None
        self.timings[name].append(elapsed)
        return response

    # The event stream, read as an EventSource does: reconnect 2 s after it drops.
    async def stream(self, client, path, key, on_event):
        dropped = False
        while not self.stopping:
            started = time.monotonic()
            try:
                async with client.stream(
                    "GET", path, timeout=self.httpx.Timeout(30.0, read=45.0)
                ) as response:
                    if response.status_code != 200:
                        self.error(f"HTTP {response.status_code}", f"stream {path}")
                    else:
                        self.timings["stream connect"].append((time.monotonic() - started) * 1000)
                        if dropped:
                            self.broken_streams.discard(key)
                            dropped = False
                        event = None
                        async for line in response.aiter_lines():
                            if line.startswith("event:"):
                                event = line[6:].strip()
                            elif line == "" and event:
                                self.events_heard[key[0], event] += 1
                                on_event(event)
                                event = None
            except (self.httpx.HTTPError, self.httpx.StreamError) as exc:
                if self.stopping:
                    return
                detail = f"{type(exc).__name__} on {path}"
                if isinstance(exc, self.httpx.TimeoutException):
                    self.error("timeout", f"stream {detail}")
                elif dropped:
                    self.error("connection", f"stream reconnect failed: {detail}")
            if self.stopping:
                return
            if not dropped:
                self.drops += 1
                dropped = True
                self.broken_streams.add(key)
            await asyncio.sleep(2.0)

    # --- Delegates
    async def load_hall(self, d, client=None):
        response = await self.request(client or d.client, "GET", self.plan.hall, "hall page")
        if response is not None and self.jitter is None:
            found = JITTER.search(response.text)
            self.jitter = int(found.group(1)) / 1000 if found else JITTER_SECONDS
        if response is not None:
            found = CSRF_FIELD.search(response.text)
            if found:
                d.csrf = found.group(1)
        return response

    def delegate_event(self, d, topic):
        if topic in HALL_TOPICS and not d.reload_pending and not self.stopping:
            d.reload_pending = True
            asyncio.create_task(self.reload_hall(d))

    async def reload_hall(self, d):
        await asyncio.sleep(self.rng.uniform(0, self.jitter))
        d.reload_pending = False
        await self.load_hall(d)

    async def delegate(self, d, ramp):
        d.client = self.client(d.plan.session)
        await asyncio.sleep(self.rng.uniform(0, ramp))
        await self.load_hall(d)
        await self.stream(
            d.client, self.plan.events, ("delegate", d.plan.pk), lambda t: self.delegate_event(d, t)
        )

    async def post_vote(self, d, client, vote_path, choice, name="vote POST"):
        response = await self.request(
            client,
            "POST",
            vote_path,
            name,
            expect=(302,),
            data={"csrfmiddlewaretoken": d.csrf or client.cookies.get("csrftoken", ""), "choice": choice},
        )
        return response

    async def vote(self, d, motion, at):
        pk, _title, _secret, vote_path, _open, _close = motion
        await self.until(at)
        choice = self.rng.choice(CHOICES)
        if d.plan.late and not d.checked_in.is_set():
            if not d.check_in_started:
                # Not checked in yet: the phone is refused, the delegate goes to the desk and tries again.
                response = await self.post_vote(d, d.client, vote_path, choice, "vote POST refused")
                if response is not None:
                    page = await self.load_hall(d)  # the redirect back: the page says why
                    text = page.text if page is not None else ""
                    if REFUSED_TEXT in text:
                        self.refusals["refused"] += 1
                    elif COUNTED_TEXT in text:
                        # The check-in won the race with the vote: it counted.
                        self.refusals["accepted before check-in"] += 1
                        self.votes_expected[pk][d.plan.pk] = choice
                        self.vote_answers[pk].append(time.monotonic())
                        return
                    else:
                        self.refusals["unclear"] += 1
            await d.checked_in.wait()
            await asyncio.sleep(self.rng.uniform(0.5, 3.0))
        roll = self.rng.random()
        posts = [self.post_vote(d, d.client, vote_path, choice)]
        if roll < DOUBLE_TAP_SHARE:
            self.retries["double tap"] += 1

            async def again():
                await asyncio.sleep(self.rng.uniform(0.05, 0.3))
                return await self.post_vote(d, d.client, vote_path, choice)

            posts.append(again())
        elif roll < DOUBLE_TAP_SHARE + SECOND_TAB_SHARE:
            self.retries["second tab"] += 1
            tab = self.client(None, cookies=dict(d.client.cookies))
            posts.append(self.post_vote(d, tab, vote_path, choice))
        answers = await asyncio.gather(*posts)
        if all(a is None for a in answers):
            # Failed (counted as an error); the delegate taps again a second later.
            await asyncio.sleep(1.0)
            answers = [await self.post_vote(d, d.client, vote_path, choice)]
        self.votes_expected[pk][d.plan.pk] = choice
        self.vote_answers[pk].append(time.monotonic())
        self.changes.append((time.monotonic(), "vote"))
        asyncio.create_task(self.load_hall(d))  # the redirect back to the hall

    # --- Projectors
    async def screen(self, index):
        client = self.client(None)
        state = {"running": False, "again": False}

        async def fetch():
            while True:
                state["again"] = False
                started = time.monotonic()
                response = await self.request(client, "GET", self.plan.screen, "screen page")
                if response is not None:
                    self.screen_fetches[index].append(self.read_screen(started, response.text))
                if not state["again"] or self.stopping:
                    break
            state["running"] = False

        def on_event(_topic):
            if state["running"]:
                state["again"] = True
            elif not self.stopping:
                state["running"] = True
                asyncio.create_task(fetch())

        state["running"] = True
        await fetch()
        await self.stream(client, self.plan.screen_events, ("screen", index), on_event)

    def read_screen(self, started, text):
        result_of, count = "", None
        if RESULT_MARK in text:
            for _pk, title, *_ in self.plan.motions:
                if html.escape(title) in text:
                    result_of = title
            count = sum(int(n.replace(".", "")) for n in RESULT_TALLY.findall(text))
        else:
            cast = SCREEN_CAST.search(text)
            if cast:
                count = int(cast.group(1).replace(".", ""))
        return Fetch(started, time.monotonic(), result_of, count)

    # --- Staff
    async def staff_page(self, client, path, name):
        response = await self.request(client, "GET", path, name)
        found = CSRF_FIELD.search(response.text) if response is not None else None
        return found.group(1) if found else client.cookies.get("csrftoken", "")

    async def check_in(self, client, d, at):
        await self.until(at)
        d.check_in_started = True
        path = self.plan.check_in_paths[d.plan.pk]
        token = await self.staff_page(client, path, "check-in page")
        response = await self.request(
            client, "POST", path, "check-in POST", expect=(302,), data={"csrfmiddlewaretoken": token}
        )
        if response is not None:
            self.changes.append((time.monotonic(), "check-in"))
        d.checked_in.set()
        await self.request(client, "GET", path, "check-in page")

    async def desk(self, staff):
        late = [d for d in self.delegates if d.plan.late]
        await asyncio.gather(
            *(self.check_in(staff[k % STAFF], d, self.check_in_at + k) for k, d in enumerate(late))
        )

    async def chair(self, client):
        token = self.staff_tokens[0]
        at = self.open_at
        for motion in self.plan.motions:
            pk, title, _secret, _vote, open_path, close_path = motion
            if at + self.window + 10 > self.args.seconds:
                break
            await self.until(at)
            response = await self.request(
                client,
                "POST",
                open_path,
                "motion open/close POST",
                expect=(302,),
                data={"csrfmiddlewaretoken": token},
            )
            opened = time.monotonic()
            self.changes.append((opened, "open"))
            if response is None:
                break
            start = self.now()
            await asyncio.gather(
                *(self.vote(d, motion, start + self.rng.uniform(0, self.window)) for d in self.delegates)
            )
            last_vote = max(self.vote_answers[pk])
            await self.request(
                client,
                "POST",
                close_path,
                "motion open/close POST",
                expect=(302,),
                data={"csrfmiddlewaretoken": token},
            )
            closed = time.monotonic()
            self.changes.append((closed, "close"))
            self.motion_times[pk] = (opened, last_vote, closed)
            at = self.now() + 10

    async def sample_rss(self):
        while not self.stopping:
            for pid in self.server.workers():
                value = rss_mib(pid)
                if value is not None:
                    self.rss_peak[pid] = max(value, self.rss_peak.get(pid, 0))
                used = cpu_seconds(pid)
                if used is not None:
                    self.worker_cpu[pid] = used
            await asyncio.sleep(1.0)

    async def main(self):
        self.t0 = time.monotonic()
        self.busy_at_start = machine_busy()
        self.worker_cpu_at_start = {pid: cpu_seconds(pid) or 0 for pid in self.server.workers()}
        staff = [self.client(s) for s in self.plan.staff_sessions]
        # The staff's first page sets their CSRF cookie; later pages and posts of either share it.
        self.staff_tokens = [await self.staff_page(c, self.plan.control, "control page") for c in staff]
        ramp = min(5.0, self.open_at / 2)
        tasks = [asyncio.create_task(self.sample_rss())]
        tasks += [asyncio.create_task(self.delegate(d, ramp)) for d in self.delegates]
        tasks += [asyncio.create_task(self.screen(i)) for i in range(SCREENS)]
        tasks += [asyncio.create_task(self.desk(staff)), asyncio.create_task(self.chair(staff[0]))]
        await self.until(self.args.seconds)
        self.busy_at_end = machine_busy()
        self.stopping = True
        # Let a vote or a check-in in flight finish, then hang up.
        await asyncio.sleep(0.5)
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        await self.transport.aclose()


# --- Report -------------------------------------------------------------------------------------------------


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered) + 0.5) - 1))]


def print_row(name, values):
    if not values:
        print(f"{name:<34} {0:>7}")
        return
    print(
        f"{name:<34} {len(values):>7} {percentile(values, 0.50):>9.0f} {percentile(values, 0.95):>9.0f} "
        f"{percentile(values, 0.99):>9.0f} {max(values):>9.0f}"
    )


def delivery(run):
    """Per change and per projector: from the change's answer to the end of the first screen load begun after it."""
    latencies = []
    for fetches in run.screen_fetches:
        starts = [f.start for f in fetches]
        for at, _what in run.changes:
            i = bisect.bisect_left(starts, at)
            if i < len(fetches):
                latencies.append((fetches[i].end - at) * 1000)
    return latencies


def on_all_screens(run, since, shows):
    """Seconds from `since` until every projector has loaded a page that `shows`; None if one never did."""
    latest = 0.0
    for fetches in run.screen_fetches:
        first = next((f.end for f in fetches if f.start >= since - 0.001 and shows(f)), None)
        if first is None:
            first = next((f.end for f in fetches if f.end > since and shows(f)), None)
        if first is None:
            return None
        latest = max(latest, first - since)
    return latest


def report(args, run, server, started_cpu):
    from django.db.models import Count

    from congress.models import Motion, MotionVote

    print()
    print(f"{'action':<34} {'count':>7} {'p50 ms':>9} {'p95 ms':>9} {'p99 ms':>9} {'max ms':>9}")
    names = [
        "hall page",
        "vote POST",
        "vote POST refused",
        "check-in page",
        "check-in POST",
        "control page",
        "motion open/close POST",
        "screen page",
        "stream connect",
    ]
    for name in names:
        print_row(name, run.timings.get(name, []))
    print_row("event delivery (change -> screen)", delivery(run))

    broken = len(run.broken_streams)
    errors = sum(run.errors.values()) + broken
    print()
    detail = ", ".join(f"{kind}: {n}" for kind, n in sorted(run.errors.items())) or "none"
    print(
        f"Errors: {errors} ({detail}; streams dropped and not reconnected: {broken}). "
        f"Streams dropped and reconnected: {run.drops - broken}. "
        f"GETs sent again on a new connection (the server had closed the idle one): {run.resent}."
    )
    for example in run.error_examples:
        print(f"    {example}")

    bad_votes = 0
    met_target = True
    for pk, title, secret, *_ in run.plan.motions:
        if pk not in run.motion_times:
            print(f"Motion “{title}”: not held (no time left in the run).")
            continue
        motion = Motion.objects.get(pk=pk)
        expected = run.votes_expected[pk]
        rows = MotionVote.objects.filter(motion_id=pk)
        row_count = rows.count()
        stored = motion.yes + motion.no + motion.abstain
        lost = max(0, len(expected) - stored) + max(0, len(expected) - row_count)
        doubled = max(0, stored - len(expected)) + max(0, row_count - len(expected))
        unexpected_rows = rows.exclude(delegate_id__in=list(expected)).count()
        sent = Counter(expected.values())
        wrong_totals = sent != Counter({c: getattr(motion, c) for c in CHOICES if getattr(motion, c)})
        wrong_choice = 0
        if not secret:
            stored_choices = dict(rows.values_list("delegate_id", "choice"))
            wrong_choice = sum(1 for d, c in expected.items() if stored_choices.get(d) != c)
        per_delegate = rows.values("delegate_id").annotate(n=Count("id")).filter(n__gt=1).count()
        bad = lost + doubled + unexpected_rows + per_delegate + wrong_choice + int(wrong_totals)
        bad_votes += bad
        print(
            f"Motion “{title}” ({'secret' if secret else 'open'}, {motion.get_status_display().lower()}): "
            f"votes expected {len(expected)}, stored yes+no+abstain {stored} "
            f"({motion.yes}/{motion.no}/{motion.abstain}), MotionVote rows {row_count}; "
            f"lost {lost}, doubled {doubled}"
            + (f", rows of delegates who did not vote {unexpected_rows}" if unexpected_rows else "")
            + (f", choices not as sent {wrong_choice}" if wrong_choice else "")
            + (", totals per choice not as sent" if wrong_totals else "")
            + "."
        )
        opened, last_vote, closed = run.motion_times[pk]
        result = on_all_screens(run, last_vote, lambda f, t=title: f.result_of == t)
        total = len(expected)
        full = on_all_screens(run, last_vote, lambda f, n=total: f.count == n)
        ok = result is not None and result <= RESULT_TARGET_SECONDS
        met_target = met_target and ok
        print(
            f"    last vote -> result on all {SCREENS} projectors: "
            + (f"{result:.2f} s" if result is not None else "never")
            + f" (target <= {RESULT_TARGET_SECONDS:.0f} s: {'met' if ok else 'MISSED'}); "
            f"last vote -> full count on all projectors: "
            + (f"{full:.2f} s" if full is not None else "never")
            + f"; the chair's close answered {closed - last_vote:.2f} s after the last vote; "
            f"voting took {last_vote - opened:.1f} s."
        )
    print(
        f"Not checked in: {run.refusals['refused']} votes refused"
        + "".join(f", {n} {what}" for what, n in run.refusals.items() if what != "refused")
        + f"; retries: {run.retries['double tap']} double taps, {run.retries['second tab']} second tabs "
        f"(all motions together)."
    )
    heard = ", ".join(f"{who}s {topic} {n}" for (who, topic), n in sorted(run.events_heard.items()))
    print(
        f"Events received: {heard or 'none'}; phones waited 0-{run.jitter or JITTER_SECONDS:g} s to reload."
    )
    peaks = ", ".join(f"pid {pid} {mib:.0f} MiB" for pid, mib in sorted(run.rss_peak.items())) or "not read"
    print(f"Peak RSS per server worker: {peaks}.")
    usage = resource.getrusage(resource.RUSAGE_SELF)
    client_cpu = usage.ru_utime + usage.ru_stime - started_cpu
    busy = (run.busy_at_end[0] - run.busy_at_start[0]) / max(1, run.busy_at_end[1] - run.busy_at_start[1])
    workers_cpu = sum(used - run.worker_cpu_at_start.get(pid, 0) for pid, used in run.worker_cpu.items())
    print(
        f"Machine: {os.cpu_count()} cores, {platform.machine()}, Python {platform.python_version()}; "
        f"busy {busy:.0%} of the run. CPU seconds in the {args.seconds:.0f} s run: server workers "
        f"{workers_cpu:.1f}, the client (this process, on the same cores) {client_cpu:.1f}, the rest "
        f"(PostgreSQL, Redis, …) {busy * os.cpu_count() * args.seconds - workers_cpu - client_cpu:.1f}."
    )
    return errors, bad_votes, met_target


def main():
    args = parse_args()
    sys.path.insert(0, str(ROOT))
    env = environment(args)
    os.environ.update(env)
    import httpx  # noqa: F401  (fail early when the client is missing)
    import redis

    print(
        f"Setting up: database {args.database_url} (dropped and created), Redis {args.redis_url} (emptied)."
    )
    started = time.perf_counter()
    fresh_database(args.database_url)
    redis.Redis.from_url(args.redis_url).flushdb()
    plan = build(args)
    from django.db import connections

    connections.close_all()
    print(
        f"Set up in {time.perf_counter() - started:.1f} s: {args.delegates} counted delegates "
        f"({args.delegates - args.late} checked in, {args.late} late), {STAFF} staff, {SCREENS} projectors."
    )

    server = Server(args, env)
    interrupted = False

    def on_term(signum, frame):
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, on_term)
    try:
        server.start()
        server.wait_until_up(plan.screen)
        print(
            f"Server: {Path(server.command[0]).name} {' '.join(server.command[1:])} (DEBUG=0, DB_CONN_MAX_AGE={env.get('DB_CONN_MAX_AGE', '0')}, "
            f"workers {server.workers()}); log {server.log.name}"
        )
        before = machine_busy()
        time.sleep(3)
        after = machine_busy()
        idle_load = (after[0] - before[0]) / max(1, after[1] - before[1])
        print(
            f"Machine busy before the run, with the server idle: {idle_load:.0%} (other processes). "
            f"Running for {args.seconds:.0f} s …",
            flush=True,
        )
        run = Run(args, plan, server)
        usage = resource.getrusage(resource.RUSAGE_SELF)
        started_cpu = usage.ru_utime + usage.ru_stime
        asyncio.run(run.main())
    except KeyboardInterrupt:
        interrupted = True
    finally:
        server.stop()
        signal.signal(signal.SIGTERM, previous)
    if interrupted:
        print("Interrupted; the server is stopped.")
        return 130
    errors, bad_votes, met_target = report(args, run, server, started_cpu)
    if errors:
        print(f"Server log (last lines), {server.log.name}:\n{server.tail(20)}")
    else:
        os.unlink(server.log.name)
    return 1 if errors or bad_votes else 0


if __name__ == "__main__":
    sys.exit(main())

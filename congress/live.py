"""Live updates of the congress hall: pages learn that something changed, then fetch it themselves.

A service calls `changed(congress_id, "attendance")` inside its transaction; when the transaction commits, the
hub bumps a version per topic (agenda, speakers, vote, tally, attendance) and wakes every listener of that
congress in every process. `event_stream` is what a page's EventSource reads: `event: <topic>` and
`data: <version>`, nothing else, so no personal data ever goes through it.

With `settings.LIVE_REDIS_URL` the hub INCRs a counter per topic and PUBLISHes the new versions on
`lienhiephoi:hall:<congress id>`; one listener thread per process (started with the first listener,
reconnecting by itself) PSUBSCRIBEs to `lienhiephoi:hall:*` and wakes the local listeners. Without Redis the
hub lives in the process, which is enough for the development server and the tests.
"""

import asyncio
import json
import logging
import os
import threading
import time

import redis
from django.conf import settings
from django.core.handlers.asgi import ASGIRequest
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.http import StreamingHttpResponse
from redis.backoff import NoBackoff
from redis.retry import Retry

logger = logging.getLogger(__name__)

TOPICS = ("agenda", "speakers", "vote", "tally", "attendance")
CHANNEL_PREFIX = "lienhiephoi:hall:"
VERSION_KEY = "lienhiephoi:hall-version:{congress_id}:{topic}"

# After a wake-up the stream waits this long so that a burst of changes goes out as one message per topic.
COALESCE_SECONDS = 0.2
PING_SECONDS = 15
RETRY_MILLISECONDS = 2000


class LocalHub:
    """Versions {congress_id: {topic: int}} and the listeners of this process."""

    def __init__(self):
        self._lock = threading.Lock()
        self.versions = {}
        self._listeners = {}

    # What services call (through `changed`).
    def publish(self, congress_id, topics):
        with self._lock:
            current = self.versions.setdefault(congress_id, {})
            bumped = {topic: current.get(topic, 0) + 1 for topic in topics}
        self.apply(congress_id, bumped)

    def apply(self, congress_id, versions):
        """Take newer versions (an older or repeated one changes nothing) and wake the congress's listeners."""
        with self._lock:
            current = self.versions.setdefault(congress_id, {})
            moved = False
            for topic, version in versions.items():
                if version > current.get(topic, 0):
                    current[topic] = version
                    moved = True
            listeners = list(self._listeners.get(congress_id, ()))
        if not moved:
            return
        for wake in listeners:
            try:
                wake()
            except Exception:  # a closed event loop, say: the other listeners still hear it
                logger.exception("A live listener failed")

    def snapshot(self, congress_id):
        with self._lock:
            return dict(self.versions.get(congress_id, {}))

    def subscribe(self, congress_id, wake):
        """Call `wake()` (from any thread) whenever a version of the congress moves; returns the unsubscriber."""
        with self._lock:
            self._listeners.setdefault(congress_id, set()).add(wake)

        def unsubscribe():
            with self._lock:
                listeners = self._listeners.get(congress_id)
                if listeners is not None:
                    listeners.discard(wake)
                    if not listeners:
                        del self._listeners[congress_id]

        return unsubscribe

    def listened(self):
        with self._lock:
            return list(self._listeners)

    def close(self):
        pass


class RedisHub(LocalHub):
    """The versions are counted in Redis and every process hears every change through its pub/sub."""

    MAX_BACKOFF = 5.0

    def __init__(self, url):
        super().__init__()
        self.url = url
        self.client = redis.Redis.from_url(url, socket_connect_timeout=2, socket_timeout=2)
        self._thread = None
        self._stopping = threading.Event()
        self._pubsub = None
        # Set each time the listener has (re)subscribed; the tests wait on it.
        self.subscribed = threading.Event()

    def publish(self, congress_id, topics):
        try:
            pipe = self.client.pipeline(transaction=False)
            for topic in topics:
                pipe.incr(VERSION_KEY.format(congress_id=congress_id, topic=topic))
            versions = dict(zip(topics, pipe.execute(), strict=True))
            self.client.publish(f"{CHANNEL_PREFIX}{congress_id}", json.dumps(versions))
        except redis.RedisError:
            # Redis is away: this process's pages still hear it; the others catch up when they reconnect.
            logger.warning("Redis did not take a live update of congress %s", congress_id, exc_info=True)
            super().publish(congress_id, topics)
            return
        self.apply(congress_id, versions)

    def subscribe(self, congress_id, wake):
        self._start()
        return super().subscribe(congress_id, wake)

    def _start(self):
        with self._lock:
            if self._thread is not None and self._thread.is_alive():
                return
            self._thread = threading.Thread(target=self._listen, name="live-hall-listener", daemon=True)
            self._thread.start()

    def _listen(self):
        backoff = 0.1
        while not self._stopping.is_set():
            pubsub = None
            try:
                # No read timeout on the subscriber: it waits for messages as long as it takes. No retries
                # inside redis-py either: a lost connection comes here, to reconnect and catch up.
                client = redis.Redis.from_url(
                    self.url, socket_connect_timeout=2, socket_timeout=None, retry=Retry(NoBackoff(), 0)
                )
                pubsub = client.pubsub()
                self._pubsub = pubsub
                pubsub.psubscribe(f"{CHANNEL_PREFIX}*")
                # Once Redis confirms the subscription, catch up on what was missed while away.
                confirmed_by = time.monotonic() + 5
                while True:
                    message = pubsub.get_message(timeout=1.0)
                    if message is not None and message["type"] == "psubscribe":
                        break
                    if message is not None and message["type"] == "pmessage":
                        self._receive(message)
                    if time.monotonic() > confirmed_by:
                        raise redis.ConnectionError("Redis did not confirm the subscription")
                self._catch_up(client)
                self.subscribed.set()
                backoff = 0.1
                for message in pubsub.listen():
                    if self._stopping.is_set():
                        return
                    if message["type"] == "pmessage":
                        self._receive(message)
            except Exception:
                if self._stopping.is_set():
                    return
                self.subscribed.clear()
                logger.warning("The live listener lost Redis; retrying in %.1f s", backoff, exc_info=True)
                self._stopping.wait(backoff)
                backoff = min(backoff * 2, self.MAX_BACKOFF)
            finally:
                if pubsub is not None:
                    try:
                        pubsub.close()
                    except Exception:
                        pass

    def _receive(self, message):
        channel = message["channel"].decode() if isinstance(message["channel"], bytes) else message["channel"]
        try:
            congress_id = int(channel[len(CHANNEL_PREFIX) :])
            versions = {str(topic): int(version) for topic, version in json.loads(message["data"]).items()}
        except (ValueError, TypeError, AttributeError):
            logger.warning("Ignored a malformed live message on %s", channel)
            return
        self.apply(congress_id, versions)

    def _catch_up(self, client):
        for congress_id in self.listened():
            keys = [VERSION_KEY.format(congress_id=congress_id, topic=topic) for topic in TOPICS]
            values = client.mget(keys)
            self.apply(
                congress_id,
                {topic: int(value) for topic, value in zip(TOPICS, values, strict=True) if value is not None},
            )

    def close(self):
        self._stopping.set()
        pubsub = self._pubsub
        if pubsub is not None:
            try:
                pubsub.close()
            except Exception:
                pass
        if self._thread is not None:
            self._thread.join(timeout=2)


_hub = None
_hub_pid = None
_hub_lock = threading.Lock()


def hub():
    """The hub of this process, made at first use (after a fork, anew: threads do not survive one)."""
    global _hub, _hub_pid
    with _hub_lock:
        if _hub is None or _hub_pid != os.getpid():
            url = getattr(settings, "LIVE_REDIS_URL", "")
            _hub = RedisHub(url) if url else LocalHub()
            _hub_pid = os.getpid()
        return _hub


def set_hub(new_hub):
    """Replace the process's hub (tests); returns the previous one."""
    global _hub, _hub_pid
    with _hub_lock:
        previous, _hub, _hub_pid = _hub, new_hub, os.getpid()
        return previous


class _Pending:
    """The topics changed in one transaction, sent together when it commits."""

    def __init__(self):
        self.topics = {}

    def __call__(self):
        target = hub()
        for congress_id, topics in self.topics.items():
            target.publish(congress_id, sorted(topics))


def changed(congress_id, *topics, using=DEFAULT_DB_ALIAS):
    """Tell the hall's pages that `topics` of the congress changed, once the current transaction commits.

    Nothing is sent if it rolls back (or if the savepoint it was called in does); several calls at one level of
    a transaction make one wake-up with all their topics. Outside a transaction it is sent at once.
    """
    unknown = set(topics) - set(TOPICS)
    if unknown or not topics:
        raise ValueError(f"Unknown live topics: {sorted(unknown) or 'none given'}")
    connection = connections[using]
    if not connection.in_atomic_block:
        hub().publish(congress_id, sorted(set(topics)))
        return
    # Calls at the same level of the transaction share one hook. A hook of a savepoint already released is
    # left alone (a test's django_capture_on_commit_callbacks would not run it); a second hook only means a
    # second wake-up, which the streams fold into the first.
    level = set(connection.savepoint_ids)
    pending = next(
        (hook for sids, hook, *_ in connection.run_on_commit if isinstance(hook, _Pending) and sids == level),
        None,
    )
    if pending is None:
        pending = _Pending()
        transaction.on_commit(pending, using=using)
    pending.topics.setdefault(congress_id, set()).update(topics)


# --- The stream ---------------------------------------------------------------------------------------------


def _moved(last, current, topics=TOPICS):
    """The message for every topic whose version moved since `last` (updated in place), or b""."""
    lines = []
    for topic in topics:
        version = current.get(topic, 0)
        if version != last.get(topic, 0):
            last[topic] = version
            lines.append(f"event: {topic}\ndata: {version}\n\n")
    return "".join(lines).encode()


def _sync_stream(source, congress_id, seconds, topics=TOPICS):
    condition = threading.Condition()
    woken = [False]

    def wake():
        with condition:
            woken[0] = True
            condition.notify_all()

    # The stream holds its thread for minutes but needs no database: give the connections back now.
    for connection in connections.all(initialized_only=True):
        if not connection.in_atomic_block:
            connection.close()
    unsubscribe = source.subscribe(congress_id, wake)
    try:
        last = source.snapshot(congress_id)
        yield f"retry: {RETRY_MILLISECONDS}\n\n".encode()
        start = time.monotonic()
        deadline, next_ping = start + seconds, start + PING_SECONDS
        while True:
            now = time.monotonic()
            if now >= deadline:
                return
            with condition:
                if not woken[0]:
                    condition.wait(timeout=min(deadline, next_ping) - now)
                was_woken, woken[0] = woken[0], False
            if was_woken:
                time.sleep(COALESCE_SECONDS)
                with condition:
                    woken[0] = False
                chunk = _moved(last, source.snapshot(congress_id), topics)
                if chunk:
                    yield chunk
            elif time.monotonic() >= next_ping:
                next_ping = time.monotonic() + PING_SECONDS
                yield b": ping\n\n"
    finally:
        unsubscribe()


async def _async_stream(source, congress_id, seconds, topics=TOPICS):
    loop = asyncio.get_running_loop()
    event = asyncio.Event()

    def wake():
        loop.call_soon_threadsafe(event.set)

    unsubscribe = source.subscribe(congress_id, wake)
    try:
        last = source.snapshot(congress_id)
        yield f"retry: {RETRY_MILLISECONDS}\n\n".encode()
        deadline, next_ping = loop.time() + seconds, loop.time() + PING_SECONDS
        while True:
            now = loop.time()
            if now >= deadline:
                return
            try:
                await asyncio.wait_for(event.wait(), timeout=min(deadline, next_ping) - now)
            except TimeoutError:
                pass
            if event.is_set():
                await asyncio.sleep(COALESCE_SECONDS)
                event.clear()
                chunk = _moved(last, source.snapshot(congress_id), topics)
                if chunk:
                    yield chunk
            elif loop.time() >= next_ping:
                next_ping = loop.time() + PING_SECONDS
                yield b": ping\n\n"
    finally:
        unsubscribe()


def wanted_topics(request):
    """The topics a page asks for (`?topics=agenda,vote`; all of them when it names none it knows).

    A delegate's phone asks for no `tally`: the count moving with every vote in the hall is the screen's and
    the desk's, not 300 phones'."""
    asked = [topic for topic in TOPICS if topic in request.GET.get("topics", "").split(",")]
    return tuple(asked) or TOPICS


def event_stream(request, congress_id, *, seconds=None):
    """The server-sent events of one congress for a page's EventSource; the caller has checked who asks.

    Under ASGI the body is an async generator woken from the hub's thread (no thread per connection);
    under WSGI a generator that waits on a condition. Either ends after `seconds` (settings.LIVE_STREAM_SECONDS,
    10 minutes) and the browser opens a new one.
    """
    seconds = settings.LIVE_STREAM_SECONDS if seconds is None else seconds
    topics = wanted_topics(request)
    # The stream needs no database, but the request's connection is only closed when the response ends (up
    # to LIVE_STREAM_SECONDS later): give it back now, or every open hall page holds one.
    connection = connections[DEFAULT_DB_ALIAS]
    if not connection.in_atomic_block:
        connection.close()
    source = hub()
    if isinstance(request, ASGIRequest):
        body = _async_stream(source, congress_id, seconds, topics)
    else:
        body = _sync_stream(source, congress_id, seconds, topics)
    response = StreamingHttpResponse(body, content_type="text/event-stream")
    response["Cache-Control"] = "no-cache"
    response["X-Accel-Buffering"] = "no"
    return response

"""The hall's live updates: changes reach the listeners once committed, and the event stream sends them on."""

import asyncio
import concurrent.futures
import queue
import threading

import pytest
from django.db import connection, transaction
from django.test import AsyncRequestFactory
from django.urls import reverse

from congress import live
from congress.services import delegates as services


@pytest.fixture(autouse=True)
def hub():
    """A fresh in-process hub for each test, whatever the environment says about Redis."""
    fresh = live.LocalHub()
    previous = live.set_hub(fresh)
    yield fresh
    live.set_hub(previous)


def listen(hub, congress_id):
    """The versions seen at each wake-up of a listener of the congress."""
    seen = []
    hub.subscribe(congress_id, lambda: seen.append(hub.snapshot(congress_id)))
    return seen


@pytest.mark.django_db(transaction=True)
def test_a_change_is_heard_when_its_transaction_commits_and_never_when_it_rolls_back(hub):
    seen = listen(hub, 7)
    with transaction.atomic():
        live.changed(7, "vote")
        assert seen == []
    assert seen == [{"vote": 1}]

    with pytest.raises(RuntimeError), transaction.atomic():
        live.changed(7, "vote")
        raise RuntimeError("rolled back")
    assert seen == [{"vote": 1}]
    assert hub.snapshot(7) == {"vote": 1}


@pytest.mark.django_db(transaction=True)
def test_a_change_in_a_savepoint_rolled_back_is_not_heard(hub):
    seen = listen(hub, 7)
    with transaction.atomic():
        with pytest.raises(RuntimeError), transaction.atomic():
            live.changed(7, "agenda")
            raise RuntimeError("rolled back")
        live.changed(7, "speakers")
    assert seen == [{"speakers": 1}]


@pytest.mark.django_db(transaction=True)
def test_two_topics_of_one_transaction_make_one_wake_up_carrying_both_and_versions_count_per_topic(hub):
    seen = listen(hub, 7)
    other = listen(hub, 8)
    with transaction.atomic():
        live.changed(7, "vote")
        live.changed(7, "tally", "vote")
        live.changed(8, "agenda")
    assert seen == [{"vote": 1, "tally": 1}]
    assert other == [{"agenda": 1}]
    live.changed(7, "tally")  # outside a transaction: at once
    assert seen[-1] == {"vote": 1, "tally": 2}
    assert len(seen) == 2


def test_an_unknown_topic_is_refused():
    with pytest.raises(ValueError, match="Unknown live topics"):
        live.changed(7, "votes")


def test_a_listener_that_fails_does_not_stop_the_others(hub):
    def broken():
        raise RuntimeError("closed loop")

    hub.subscribe(7, broken)
    seen = listen(hub, 7)
    hub.publish(7, ["tally"])
    assert seen == [{"tally": 1}]


# --- The stream -------------------------------------------------------------------------------------------


def read_in_thread(iterator):
    """Chunks of a streaming body as a thread reads them, into a queue (None when it ends)."""
    chunks = queue.Queue()

    def run():
        try:
            for chunk in iterator:
                chunks.put(bytes(chunk).decode())
        finally:
            chunks.put(None)

    threading.Thread(target=run, daemon=True).start()
    return chunks


def wait_for(chunks, text, timeout=3):
    received = ""
    while text not in received:
        chunk = chunks.get(timeout=timeout)
        assert chunk is not None, f"the stream ended before {text!r}; it sent {received!r}"
        received += chunk
    return received


def test_the_stream_under_wsgi_sends_the_topic_after_a_check_in(
    client, congress_v, secretariat, settings, django_capture_on_commit_callbacks
):
    settings.LIVE_STREAM_SECONDS = 3
    congress = congress_v["congress"]
    client.force_login(secretariat)
    response = client.get(reverse("congress:events", args=[congress.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/event-stream"
    assert response["Cache-Control"] == "no-cache"
    assert response["X-Accel-Buffering"] == "no"
    body = iter(response.streaming_content)
    assert next(body) == b"retry: 2000\n\n"
    chunks = read_in_thread(body)

    with django_capture_on_commit_callbacks(execute=True):
        services.check_in(congress_v["duc"], actor=secretariat)
        services.check_in(congress_v["hung"], actor=secretariat)
    # Two check-ins in a burst: one event, with the latest version.
    assert wait_for(chunks, "event: attendance\n") == "event: attendance\ndata: 2\n\n"
    # Nothing personal, and the stream ends by itself.
    rest = ""
    while (chunk := chunks.get(timeout=5)) is not None:
        rest += chunk
    assert rest == ""


def test_the_stream_pings_and_ends_by_itself(hub, monkeypatch):
    monkeypatch.setattr(live, "PING_SECONDS", 0.3)
    body = live._sync_stream(hub, 7, 1)
    assert b"".join(body) == b"retry: 2000\n\n" + b": ping\n\n" * 3
    assert hub.listened() == []


def test_the_stream_under_asgi_is_woken_from_another_thread_and_queries_nothing(hub, monkeypatch):
    monkeypatch.setattr(live, "PING_SECONDS", 0.5)
    request = AsyncRequestFactory().get("/dai-hoi/7/su-kien/")
    response = live.event_stream(request, 7, seconds=2)
    assert response.is_async
    assert response["Content-Type"] == "text/event-stream"
    queries = []

    def refuse(execute, sql, params, many, context):
        queries.append(sql)
        raise AssertionError("the event loop queried the database")

    async def scenario():
        chunks = aiter(response)
        assert await anext(chunks) == b"retry: 2000\n\n"
        threads = set()

        def commit_elsewhere():
            threads.add(threading.get_ident())
            live.changed(7, "vote")
            live.changed(7, "tally")

        await asyncio.to_thread(commit_elsewhere)
        assert threading.get_ident() not in threads
        first = await asyncio.wait_for(anext(chunks), 1)
        return first, [chunk async for chunk in chunks]

    def in_its_own_loop():
        # A thread of its own: the browser tests keep an event loop running in the main thread.
        with connection.execute_wrapper(refuse):
            return asyncio.run(scenario())

    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        first, rest = pool.submit(in_its_own_loop).result(timeout=30)
    # Two wake-ups within the pause make one message each for the topics that moved.
    assert first in (b"event: vote\ndata: 1\n\nevent: tally\ndata: 1\n\n", b"event: vote\ndata: 1\n\n")
    text = first.decode() + b"".join(rest).decode()
    assert text.count("event: tally") == 1 and text.count("event: vote") == 1
    assert ": ping\n\n" in text
    assert queries == []
    assert hub.listened() == []


# --- Who may listen ---------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_events_answer_readers_of_the_congress_only(client, congress_v, secretariat, delegate, lead):
    url = reverse("congress:events", args=[congress_v["congress"].pk])
    response = client.get(url)
    assert response.status_code == 302 and response["Location"].startswith(reverse("account_login"))
    client.force_login(lead)
    assert client.get(url).status_code == 404
    for user in (secretariat, delegate):
        client.force_login(user)
        response = client.get(url)
        assert (response.status_code, response["Content-Type"]) == (200, "text/event-stream")
    assert client.get(reverse("congress:events", args=[999999])).status_code == 404


def test_a_page_hears_only_the_topics_it_asks_for(rf, settings):
    """A phone asks for no `tally`: the count that moves with every vote does not reach 300 phones."""
    settings.LIVE_STREAM_SECONDS = 1
    previous = live.set_hub(live.LocalHub())
    try:
        request = rf.get("/dai-hoi/1/su-kien/", {"topics": "agenda,vote,nonsense"})
        assert live.wanted_topics(request) == ("agenda", "vote")
        assert live.wanted_topics(rf.get("/dai-hoi/1/su-kien/")) == live.TOPICS
        response = live.event_stream(request, 1)
        chunks = iter(response.streaming_content)
        assert next(chunks).startswith(b"retry:")
        live.changed(1, "tally")
        live.changed(1, "vote")
        rest = b"".join(chunks)
        assert b"event: vote" in rest and b"tally" not in rest
    finally:
        live.set_hub(previous)

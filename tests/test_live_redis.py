"""The hall's live updates across processes, through Redis (two hubs stand for two processes)."""

import os
import threading
import time
import uuid

import pytest
import redis

from congress import live

URL = os.environ.get("LIVE_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def _redis_answers():
    try:
        return redis.Redis.from_url(URL, socket_connect_timeout=1, socket_timeout=1).ping()
    except redis.RedisError:
        return False


pytestmark = pytest.mark.skipif(
    not _redis_answers(), reason=f"no Redis answering at {URL} (set LIVE_TEST_REDIS_URL to another)"
)


@pytest.fixture
def congress_id():
    """A congress id no other run uses, and its counters removed afterwards."""
    value = uuid.uuid4().int % 10**12 + 10**12
    yield value
    client = redis.Redis.from_url(URL)
    client.delete(*[live.VERSION_KEY.format(congress_id=value, topic=topic) for topic in live.TOPICS])


@pytest.fixture
def hubs():
    made = [live.RedisHub(URL), live.RedisHub(URL)]
    yield made
    for hub in made:
        hub.close()


class Listener:
    """Wakes on the congress's changes in one hub; `wait_for(versions)` within a deadline."""

    def __init__(self, hub, congress_id):
        self.hub, self.congress_id = hub, congress_id
        self.condition = threading.Condition()
        hub.subscribe(congress_id, self.wake)

    def wake(self):
        with self.condition:
            self.condition.notify_all()

    def wait_for(self, versions, timeout):
        deadline = time.monotonic() + timeout
        with self.condition:
            while self.hub.snapshot(self.congress_id) != versions:
                left = deadline - time.monotonic()
                if left <= 0:
                    return False
                self.condition.wait(left)
        return True


def test_a_change_published_by_one_process_reaches_a_listener_of_another_within_a_second(hubs, congress_id):
    one, other = hubs
    listener = Listener(other, congress_id)
    assert other.subscribed.wait(3), "the listener thread did not subscribe"

    started = time.monotonic()
    one.publish(congress_id, ["vote", "tally"])
    assert listener.wait_for({"vote": 1, "tally": 1}, timeout=1)
    assert time.monotonic() - started < 1
    # The publisher's own process knows at once, without waiting for its listener.
    assert one.snapshot(congress_id) == {"vote": 1, "tally": 1}
    one.publish(congress_id, ["vote"])
    assert listener.wait_for({"vote": 2, "tally": 1}, timeout=1)


def test_changed_goes_through_the_process_hub_to_redis(hubs, congress_id, settings):
    one, other = hubs
    listener = Listener(other, congress_id)
    assert other.subscribed.wait(3)
    previous = live.set_hub(one)
    try:
        live.changed(congress_id, "agenda")  # outside a transaction: at once
    finally:
        live.set_hub(previous)
    assert listener.wait_for({"agenda": 1}, timeout=1)


def test_the_listener_comes_back_after_redis_drops_it_and_catches_up(hubs, congress_id):
    one, other = hubs
    listener = Listener(other, congress_id)
    assert other.subscribed.wait(3)
    thread = other._thread
    admin = redis.Redis.from_url(URL)

    admin.client_kill_filter(_type="pubsub")
    # Published while the listener may be away: it catches up when it subscribes again.
    one.publish(congress_id, ["speakers"])
    assert listener.wait_for({"speakers": 1}, timeout=5)
    # Back on the channel, and still delivering.
    deadline = time.monotonic() + 5
    while not other.subscribed.is_set() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert other.subscribed.is_set()
    assert other._thread is thread and thread.is_alive()
    one.publish(congress_id, ["speakers"])
    assert listener.wait_for({"speakers": 2}, timeout=1)


def test_the_process_hub_uses_redis_when_it_is_configured(settings):
    settings.LIVE_REDIS_URL = URL
    previous = live.set_hub(None)
    try:
        made = live.hub()
        assert isinstance(made, live.RedisHub) and made.url == URL
        assert live.hub() is made
        made.close()
        settings.LIVE_REDIS_URL = ""
        live.set_hub(None)
        assert type(live.hub()) is live.LocalHub
    finally:
        live.set_hub(previous)

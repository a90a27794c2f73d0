"""Requests wait in the event loop for their lane (lienhiephoi/lanes.py) instead of all entering Django at once."""

import asyncio
import concurrent.futures

from lienhiephoi.lanes import Lanes, is_urgent
from tests.test_settings import refused

DEBUG_ENV = {"DEBUG": "1"}


def scope(path, method="GET"):
    return {"type": "http", "path": path, "method": method}


class Recorder:
    """An application that takes a while, and notes how many requests were inside it at once, per kind."""

    def __init__(self):
        self.inside = {"urgent": 0, "ordinary": 0, "stream": 0}
        self.most = dict(self.inside)
        self.order = []

    async def __call__(self, scope, receive, send):
        kind = (
            "stream"
            if scope["path"].endswith("/su-kien/")
            else ("urgent" if is_urgent(scope) else "ordinary")
        )
        self.inside[kind] += 1
        self.most[kind] = max(self.most[kind], self.inside[kind])
        await asyncio.sleep(0.02)
        self.order.append(scope["path"])
        self.inside[kind] -= 1


def run(app, scopes):
    async def go():
        await asyncio.gather(*(app(s, None, None) for s in scopes))

    # A thread of its own: the browser tests keep an event loop running in the main thread.
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(asyncio.run, go()).result(timeout=30)


def test_a_burst_of_phones_enters_a_few_at_a_time_and_the_screen_does_not_queue_behind_it():
    recorder = Recorder()
    phones = [scope("/dai-hoi/1/hoi-truong/") for _ in range(60)]
    # The projector asks after the whole burst, and a vote is cast.
    late = [scope("/dai-hoi/man-hinh/abc/"), scope("/dai-hoi/bieu-quyet/4/bo-phieu/", "POST")]
    streams = [scope("/dai-hoi/1/su-kien/") for _ in range(30)]
    run(Lanes(recorder, ordinary=4, urgent=2), phones + late + streams)
    assert recorder.most["ordinary"] == 4
    assert recorder.most["urgent"] == 2
    assert recorder.most["stream"] == 30  # streams wait without a thread: never held back
    # The screen and the vote are served long before the last phone.
    assert max(recorder.order.index(s["path"]) for s in late) < len(recorder.order) // 2


def test_what_is_urgent():
    assert is_urgent(scope("/dai-hoi/bieu-quyet/4/bo-phieu/", "POST"))
    assert is_urgent(scope("/dai-hoi/man-hinh/abc/"))
    assert is_urgent(scope("/dai-hoi/1/dieu-hanh/"))
    assert is_urgent(scope("/dai-hoi/1/diem-danh/"))
    assert not is_urgent(scope("/dai-hoi/1/hoi-truong/"))
    assert not is_urgent(scope("/hoi/22/"))


def test_the_lanes_need_at_least_one_place():
    assert "WEB_REQUESTS must be at least 1, got 0" in refused(**DEBUG_ENV, WEB_REQUESTS="0")
    assert "WEB_URGENT_REQUESTS must be an integer" in refused(**DEBUG_ENV, WEB_URGENT_REQUESTS="six")

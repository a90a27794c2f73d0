"""How many requests each worker lets into Django at once, in two lanes.

Under ASGI Django runs every request in a thread of its own with a database connection of its own, so a burst
(300 phones fetching the hall page when a vote opens) would start 300 threads and open 300 connections, more
than PostgreSQL allows, and the projector's fetch would wait behind all of them. Requests wait their turn here
instead, in the event loop, where waiting costs nothing:

- the urgent lane: what someone is looking at a screen for or has just tapped: votes and every other POST, the
  projector, the presiding board's desk and the check-in desk;
- the ordinary lane: every other page.

Event streams (`/su-kien/`) hold no thread and no connection (congress.live) and pass straight through.
"""

import asyncio

URGENT_PATHS = ("/dai-hoi/man-hinh/",)
URGENT_ENDINGS = ("/dieu-hanh/", "/diem-danh/")
STREAM_ENDING = "/su-kien/"


def is_urgent(scope):
    path = scope.get("path", "")
    return scope.get("method") != "GET" or path.startswith(URGENT_PATHS) or path.endswith(URGENT_ENDINGS)


class Lanes:
    """ASGI middleware: at most `ordinary` ordinary and `urgent` urgent requests inside the application at once."""

    def __init__(self, app, *, ordinary, urgent):
        self.app = app
        self.ordinary = asyncio.Semaphore(ordinary)
        self.urgent = asyncio.Semaphore(urgent)

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or scope.get("path", "").endswith(STREAM_ENDING):
            return await self.app(scope, receive, send)
        async with self.urgent if is_urgent(scope) else self.ordinary:
            return await self.app(scope, receive, send)

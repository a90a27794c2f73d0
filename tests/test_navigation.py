"""Every page a role may open is reachable from the home page in at most three clicks.

For each role, links (<a href>, same host, GET) are followed breadth-first from `/`; every URL of the
permission matrix that the role opens with a GET and gets 200 must turn up within three clicks. The few
that cannot be clicked to are listed in NOT_LINKED with the reason; the admin is not crawled.
"""

from collections import deque
from html.parser import HTMLParser
from urllib.parse import urldefrag, urljoin, urlsplit

import pytest
from django.urls import reverse

from tests.test_permissions import MATRIX, ROLES, _args, _resolve, users  # noqa: F401 (the fixture)

MAX_CLICKS = 3
SERVER = "http://testserver"
# Files are recorded as found but not fetched: nothing links onward from them.
FILE_ENDINGS = (".pdf", ".xlsx", ".csv", ".docx")

QR_CODE = "the address is in the QR code printed on the delegate's card: it is scanned, not clicked"
ADMIN = "the admin's file fields link stored files; the admin is not crawled"
SIGNED_OUT = "offered on the sign-in page, to those who are signed out"
NO_ASSOCIATION = "a delegate leads no association: the list would be empty, so it is not offered"
LIVE = "the congress's live event stream is opened by the hall's pages (data-live-events), not clicked"
LEFT = "An left Phố Châu: those who left are under the roster's tab of leavers, one click further, or found by name"

# (url name, role[, an argument of the row]): why no link leads there.
NOT_LINKED = {
    ("congress:check_in", "secretariat"): QR_CODE,
    ("congress:check_in", "delegate"): QR_CODE,
    ("stored_file", "secretariat"): ADMIN,
    ("congress:events", "secretariat"): LIVE,
    ("congress:events", "delegate"): LIVE,
    ("account_reset_password", "secretariat"): SIGNED_OUT,
    ("account_reset_password", "lead"): SIGNED_OUT,
    ("account_reset_password", "delegate"): SIGNED_OUT,
    ("members:associations", "delegate"): NO_ASSOCIATION,
    ("members:person", "secretariat", "people.an"): LEFT,
    ("members:member_edit", "secretariat", "people.an"): LEFT,
    ("members:member_leave", "secretariat", "people.an"): LEFT,
}


class _Links(HTMLParser):
    """The links of a page: <a href>, and the action of a GET form (the search boxes), which is clicked too."""

    def __init__(self):
        super().__init__()
        self.hrefs = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and attrs.get("href"):
            self.hrefs.append(attrs["href"])
        if tag == "form" and (attrs.get("method") or "get").lower() == "get" and attrs.get("action"):
            self.hrefs.append(attrs["action"])


def _links(response, base):
    parser = _Links()
    parser.feed(response.content.decode())
    for href in parser.hrefs:
        url, _ = urldefrag(urljoin(SERVER + base, href))
        parts = urlsplit(url)
        if parts.scheme != "http" or parts.netloc != "testserver":
            continue  # another host, mailto:, tel:
        # With its query: the roster's "Đã rời hội" tab is ?da_roi=1.
        yield parts.path + (f"?{parts.query}" if parts.query else "")


def _crawl(client):
    """{path: clicks from the home page} for every link found within MAX_CLICKS clicks (a path with any query)."""
    response = client.get("/", follow=True)
    start = response.request["PATH_INFO"]
    found = {"/": 0, start: 0}
    seen = set(found)
    admin = reverse("admin:index")
    queue = deque([(start, 0, response)])
    while queue:
        url, clicks, response = queue.popleft()
        if clicks == MAX_CLICKS or url.startswith(admin):
            continue
        for link in _links(response, url):
            if link in seen:
                continue
            seen.add(link)
            path = urlsplit(link).path
            found.setdefault(path, clicks + 1)
            if clicks + 1 < MAX_CLICKS and not path.endswith(FILE_ENDINGS) and not path.startswith(admin):
                page = client.get(link, follow=True)
                # A link that redirects (the congress's home to its overview) lands on the page it names.
                found.setdefault(page.request["PATH_INFO"], clicks + 1)
                if page.status_code == 200 and page.get("Content-Type", "").startswith("text/html"):
                    queue.append((link, clicks + 1, page))
    return found


# One election goes through these states (tests/election_fixtures.py), so its rows are walked one state at a
# time: the pages of a prepared election (its "Sửa") are not those of a confirmed one (its correction).
ELECTION_STATES = ["executive_election", "counted_election", "confirmed_election"]


def _not_linked(row, role):
    return (row[0], role) in NOT_LINKED or any((row[0], role, arg) in NOT_LINKED for arg in _args(row))


def _may_open(request, role, state):
    """{path: url name} of the matrix's rows that the role opens with a GET and gets 200.

    Rows naming an election are taken in their state's walk; all other rows in the last state's.
    """
    column = ROLES.index(role)
    urls = {}
    for row in MATRIX:
        method = row[3] if len(row) > 3 else "get"
        if method != "get" or row[2][column] != 200 or _not_linked(row, role):
            continue
        states = [arg for arg in _args(row) if arg in ELECTION_STATES] or [ELECTION_STATES[-1]]
        if state in states:
            urls[reverse(row[0], args=[_resolve(request, arg) for arg in _args(row)])] = row[0]
    return urls


@pytest.mark.parametrize(
    ("role", "state"),
    [
        *(("secretariat", state) for state in ELECTION_STATES),
        ("lead", ELECTION_STATES[-1]),
        ("delegate", ELECTION_STATES[-1]),
    ],
)
def test_every_page_a_role_may_open_is_within_three_clicks_of_home(
    request,
    client,
    users,  # noqa: F811
    people,
    committee,
    role,
    state,
):
    targets = _may_open(request, role, state)
    client.force_login(users[role])
    found = _crawl(client)
    missing = sorted(f"{name} {path}" for path, name in targets.items() if path not in found)
    assert not missing, f"not reachable within {MAX_CLICKS} clicks as {role}:\n" + "\n".join(missing)


def test_every_exception_names_a_url_and_a_role_of_the_matrix():
    names = {row[0] for row in MATRIX}
    for name, role, *_ in NOT_LINKED:
        assert name in names and role in ROLES

"""Every URL × every role, one row each: what is not yours answers 404, and nobody signed out gets past sign-in.

The rows live in tests/matrix/, one module per area; a new URL adds rows there. A row names the URL's
arguments by the fixtures that make them, so it reads like a sentence: ("members:person", "people.duc")
is "open Đức, who is in Phố Châu". An argument is a fixture name, "fixture.key" for a fixture that returns
a dict, "missing" for an id that does not exist, or "=text" for a literal (e.g. "=pdf"). A row may end with
"post" for a URL that only takes POST; such rows send an empty form.
"""

import pytest
from django.urls import get_resolver, reverse

from tests.matrix import congress, elections, hall, hall_documents, members, reports, roster

ROLES = ["anonymous", "secretariat", "lead", "other_lead", "delegate"]

MATRIX = (
    members.ROWS
    + roster.ROWS
    + reports.ROWS
    + congress.ROWS
    + elections.ROWS
    + hall.ROWS
    + hall_documents.ROWS
)


def _args(row):
    objects = row[1]
    if objects is None:
        return ()
    return objects if isinstance(objects, tuple) else (objects,)


CASES = [
    pytest.param(row, role, row[2][index], id=f"{row[0]}-{'-'.join(_args(row))}-{role}")
    for row in MATRIX
    for index, role in enumerate(ROLES)
]


@pytest.fixture
def users(secretariat, lead, other_lead, delegate):
    # A real secretariat account is staff, so the admin lets it in.
    secretariat.is_staff = True
    secretariat.save(update_fields=["is_staff"])
    return {"secretariat": secretariat, "lead": lead, "other_lead": other_lead, "delegate": delegate}


def _resolve(request, name):
    if name == "missing":
        return 999999
    if name.startswith("="):
        return name[1:]
    fixture, _, key = name.partition(".")
    value = request.getfixturevalue(fixture)
    if key:
        value = value[key]
    return value.pk


@pytest.mark.parametrize(("row", "role", "expected"), CASES)
def test_status(request, client, users, people, committee, row, role, expected):
    name = row[0]
    method = row[3] if len(row) > 3 else "get"
    url = reverse(name, args=[_resolve(request, arg) for arg in _args(row)])
    if role != "anonymous":
        client.force_login(users[role])
    response = client.post(url) if method == "post" else client.get(url)
    assert response.status_code == expected
    if role == "anonymous" and expected == 302 and not name.startswith("admin"):
        assert response["Location"].startswith(reverse("account_login"))


def _portal_url_names():
    names = set()
    for pattern in get_resolver().url_patterns:
        namespace = getattr(pattern, "namespace", None)
        if namespace in ("members", "reports", "congress"):
            names |= {f"{namespace}:{p.name}" for p in pattern.url_patterns if p.name}
    return names | {"home", "admin:index"}


def test_every_named_url_of_the_portal_has_rows():
    missing = _portal_url_names() - {row[0] for row in MATRIX}
    assert not missing, f"URLs without rows in tests/matrix/: {sorted(missing)}"

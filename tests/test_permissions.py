"""Every URL × every role, one row each: what is not yours answers 404, and nobody signed out gets past sign-in.

A new URL adds rows here. Objects are named by the fixture that makes them, so a row reads like a sentence:
("lead", "person", "duc") is "Lan, who leads Sơn Hồng, opens Đức, who is in Phố Châu".
"""

import pytest
from django.urls import reverse

ROLES = ["anonymous", "secretariat", "lead", "other_lead", "delegate"]

# (url name, object, expected status for each role in ROLES order)
MATRIX = [
    # The secretariat gets the dashboard; a lead of one association is sent to it; a delegate is welcomed.
    ("home", None, [302, 200, 302, 302, 200]),
    # Everybody signed in gets a list of what they may see (a delegate's is empty).
    ("members:associations", None, [302, 200, 200, 200, 200]),
    ("members:association", "son_hong", [302, 200, 200, 404, 404]),
    # A lead forging another association's id.
    ("members:association", "pho_chau", [302, 200, 404, 200, 404]),
    ("members:association", "agriculture", [302, 200, 404, 404, 404]),
    ("members:association", "missing", [302, 404, 404, 404, 404]),
    ("members:committee", None, [302, 200, 404, 404, 404]),
    # Yến is in Sơn Hồng; Đức in Phố Châu; An left Phố Châu (still on its records); Hưng is in Sơn Hồng and
    # in the agriculture association.
    ("members:person", "yen", [302, 200, 200, 404, 404]),
    ("members:person", "duc", [302, 200, 404, 200, 404]),
    ("members:person", "an", [302, 200, 404, 200, 404]),
    ("members:person", "hung", [302, 200, 200, 404, 404]),
    ("members:person", "missing", [302, 404, 404, 404, 404]),
    # Only a secretariat account with staff status reaches the admin; others are sent to its sign-in.
    ("admin:index", None, [302, 200, 302, 302, 302]),
    # The sign-in page sends an already signed-in user on.
    ("account_login", None, [200, 302, 302, 302, 302]),
    ("account_reset_password", None, [200, 200, 200, 200, 200]),
    ("account_change_password", None, [302, 200, 200, 200, 200]),
]

CASES = [
    pytest.param(name, obj, role, statuses[index], id=f"{name}-{obj or ''}-{role}")
    for name, obj, statuses in MATRIX
    for index, role in enumerate(ROLES)
]


@pytest.fixture
def users(secretariat, lead, other_lead, delegate):
    # A real secretariat account is staff, so the admin lets it in.
    secretariat.is_staff = True
    secretariat.save(update_fields=["is_staff"])
    return {"secretariat": secretariat, "lead": lead, "other_lead": other_lead, "delegate": delegate}


@pytest.fixture
def objects(son_hong, pho_chau, agriculture, people, committee):
    return {"son_hong": son_hong, "pho_chau": pho_chau, "agriculture": agriculture, "missing": None, **people}


@pytest.mark.parametrize(("name", "obj", "role", "expected"), CASES)
def test_status(client, users, objects, name, obj, role, expected):
    if obj is None:
        url = reverse(name)
    else:
        target = objects[obj]
        url = reverse(name, args=[target.pk if target else 999999])
    if role != "anonymous":
        client.force_login(users[role])
    response = client.get(url)
    assert response.status_code == expected
    if role == "anonymous" and expected == 302 and not name.startswith("admin"):
        assert response["Location"].startswith(reverse("account_login"))


def test_every_named_url_of_the_portal_has_rows():
    from members import urls as member_urls

    names = {f"members:{pattern.name}" for pattern in member_urls.urlpatterns} | {"home", "admin:index"}
    assert names <= {name for name, _obj, _statuses in MATRIX}

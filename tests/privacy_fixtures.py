"""Someone who left Sơn Hồng's roster for Phố Châu's, with personal data Sơn Hồng's lead must no longer see.

Imported by tests/conftest.py for the tests of what a lead sees of people who are not on their roster.
"""

import datetime

import pytest

from members import services
from tests.conftest import make_person

__all__ = ["moved"]

# Every value is distinctive, so that finding it anywhere in a page or a file can only mean a leak.
MOVED_PRIVATE = {
    "birth_date": datetime.date(1966, 7, 29),
    "phone": "0966 123 789",
    "workplace": "Hợp tác xã Gốm Kim Long",
    "email": "khong.minh.chau@bi-mat.vn",
    "job_title": "Nghệ nhân gốm",
}
# Phố Châu's lead changes these once she is on its roster.
MOVED_LATER = {"phone": "0977 456 012", "job_title": "Giám đốc hợp tác xã"}


def moved_tokens():
    """How the personal data may be written in a page, a CSV or a spreadsheet."""
    born = MOVED_PRIVATE["birth_date"]
    values = [*MOVED_PRIVATE.values(), *MOVED_LATER.values()]
    phones = [MOVED_PRIVATE["phone"], MOVED_LATER["phone"]]
    return [
        *(value for value in values if isinstance(value, str)),
        *(phone.replace(" ", "") for phone in phones),
        born.strftime("%d/%m/%Y"),
        born.isoformat(),
        born.strftime("%d-%m-%Y"),
    ]


@pytest.fixture
def moved(son_hong, pho_chau, secretariat, other_lead):
    """Khổng Thị Minh Châu: on Sơn Hồng's roster 2016–2019, on Phố Châu's since 2020."""
    person = make_person("Khổng Thị Minh Châu", gender="F", **MOVED_PRIVATE)
    first = services.admit_member(person, son_hong, actor=secretariat, joined_on=datetime.date(2016, 1, 1))
    services.record_leaving(
        first, actor=secretariat, left_on=datetime.date(2019, 12, 31), reason="transferred"
    )
    services.admit_member(person, pho_chau, actor=secretariat, joined_on=datetime.date(2020, 1, 1))
    person.refresh_from_db()
    return services.update_person(person, actor=other_lead, expected_version=person.version, **MOVED_LATER)

"""Personas and a small federation, built once per test from the services.

- `secretariat` (Thu) sees everything;
- `lead` (Lan) leads the Sơn Hồng association only;
- `other_lead` (Bình) leads the Phố Châu association only;
- `delegate` (Dũng) has a delegate account and no association.
"""

import datetime
import shutil
import tempfile
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation

from members import services
from members.models import (
    Association,
    Block,
    Body,
    EndReason,
    Federation,
    Person,
    Role,
    StartMethod,
    Term,
    User,
    UserRole,
)

CONGRESS_IV = datetime.date(2018, 8, 17)
CONGRESS_V = datetime.date(2024, 3, 15)


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix, tmp_path_factory):
    """On SQLite the test database is a file, as the portal's is, not pytest-django's shared in-memory one.

    Two connections to a shared in-memory database lock whole tables and never wait for each other, so tests
    of two clerks writing at once need a file; a RAM-backed folder keeps it as fast where there is one.
    """
    database = settings.DATABASES["default"]
    if database["ENGINE"] == "django.db.backends.sqlite3":
        shm = Path("/dev/shm")
        folder = (
            tempfile.mkdtemp(prefix="lienhiephoi-", dir=shm)
            if shm.is_dir()
            else tmp_path_factory.mktemp("db")
        )
        database.setdefault("TEST", {})["NAME"] = str(Path(folder) / "test.sqlite3")
        yield
        shutil.rmtree(folder, ignore_errors=True)
    else:
        yield


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    """Accounts are made in most tests; the real password hasher would make the suite take minutes."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def vietnamese_after_each_test():
    """A request in English leaves English active in the thread; the next test starts in Vietnamese again."""
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def federation(db):
    return Federation.objects.create(
        name="Liên hiệp các hội Khoa học và Kỹ thuật huyện Hương Sơn",
        short_name="Liên hiệp hội Hương Sơn",
        parent_body="Liên hiệp các Hội KH&KT tỉnh Hà Tĩnh",
        locality="Hương Sơn",
    )


@pytest.fixture
def term_iv(federation):
    return Term.objects.create(
        federation=federation, ordinal=4, start_year=2018, end_year=2023, congress_date=CONGRESS_IV
    )


@pytest.fixture
def term_v(federation, term_iv):
    return Term.objects.create(
        federation=federation, ordinal=5, start_year=2024, end_year=2029, congress_date=CONGRESS_V
    )


def make_association(federation, code, name, block, **extra):
    return Association.objects.create(
        federation=federation,
        code=code,
        name=name,
        block=block,
        established_on=extra.pop("established_on", datetime.date(2010, 1, 1)),
        **extra,
    )


@pytest.fixture
def son_hong(federation):
    return make_association(
        federation, "son-hong", "Hội KH&KT xã Sơn Hồng", Block.COMMUNES, commune="Sơn Hồng"
    )


@pytest.fixture
def pho_chau(federation):
    return make_association(
        federation, "pho-chau", "Hội KH&KT thị trấn Phố Châu", Block.COMMUNES, commune="Phố Châu"
    )


@pytest.fixture
def agriculture(federation):
    return make_association(federation, "nong-nghiep", "Hội Nông nghiệp huyện", Block.AGENCIES)


def make_person(full_name, gender="M", **extra):
    family, *middle, given = full_name.split(" ")
    return Person.objects.create(
        family_name=family, middle_name=" ".join(middle), given_name=given, gender=gender, **extra
    )


@pytest.fixture
def people(son_hong, pho_chau, agriculture):
    """Five members: one in two associations, one who left."""
    hung = make_person(
        "Nguyễn Kiều Hưng", birth_date=datetime.date(1970, 5, 2), job_title="Phó Chủ tịch UBND huyện"
    )
    yen = make_person("Uông Thị Kim Yến", gender="F", birth_date=datetime.date(1978, 9, 9))
    duc = make_person("Đặng Văn Đức", birth_date=datetime.date(1985, 1, 20))
    anh = make_person("Lê Thị Ánh", gender="F", birth_date=datetime.date(1990, 3, 3))
    an = make_person("Phan Văn An", birth_date=datetime.date(1960, 12, 1))
    joined = datetime.date(2015, 1, 1)
    for person, association in [
        (hung, agriculture),
        (hung, son_hong),
        (yen, son_hong),
        (duc, pho_chau),
        (anh, son_hong),
        (an, pho_chau),
    ]:
        services.admit_member(person, association, actor=None, joined_on=joined)
    membership = an.memberships.get()
    services.record_leaving(membership, actor=None, left_on=datetime.date(2020, 6, 30), reason="moved")
    return {"hung": hung, "yen": yen, "duc": duc, "anh": anh, "an": an}


@pytest.fixture
def committee(term_iv, people):
    """Hưng chairs; Yến sits on the executive committee and left for a commune on 01/07/2021."""
    hung, yen = people["hung"], people["yen"]
    services.grant_mandate(
        hung,
        term_iv,
        actor=None,
        body=Body.EXECUTIVE,
        role=Role.MEMBER,
        started_on=CONGRESS_IV,
        start_method=StartMethod.CONGRESS,
    )
    services.grant_mandate(
        hung,
        term_iv,
        actor=None,
        body=Body.STANDING,
        role=Role.CHAIR,
        started_on=CONGRESS_IV,
        start_method=StartMethod.COMMITTEE,
    )
    seat = services.grant_mandate(
        yen,
        term_iv,
        actor=None,
        body=Body.EXECUTIVE,
        role=Role.MEMBER,
        started_on=CONGRESS_IV,
        start_method=StartMethod.CONGRESS,
    )
    services.end_mandate(seat, actor=None, ended_on=datetime.date(2021, 7, 1), reason=EndReason.TO_COMMUNE)
    return term_iv


@pytest.fixture
def secretariat(db):
    return User.objects.create_user(
        "thu@lienhiephoi.test", "mat-khau-van-phong", role=UserRole.SECRETARIAT, full_name="Hồ Thị Thu"
    )


@pytest.fixture
def lead(db, son_hong):
    user = User.objects.create_user(
        "lan@lienhiephoi.test", "mat-khau-hoi-son-hong", role=UserRole.LEAD, full_name="Phạm Thị Lan"
    )
    user.associations.add(son_hong)
    return user


@pytest.fixture
def other_lead(db, pho_chau):
    user = User.objects.create_user(
        "binh@lienhiephoi.test", "mat-khau-hoi-pho-chau", role=UserRole.LEAD, full_name="Trần Văn Bình"
    )
    user.associations.add(pho_chau)
    return user


@pytest.fixture
def delegate(db):
    return User.objects.create_user(
        "dung@lienhiephoi.test", "mat-khau-dai-bieu", role=UserRole.DELEGATE, full_name="Võ Văn Dũng"
    )


# Each area's fixtures live beside its tests (congress V's delegates and documents, its elections, the
# report and its versions, the roster's uploaded sheets); imported here so the permission matrix can name them.
from tests.congress_fixtures import *  # noqa: E402,F401,F403
from tests.election_fixtures import *  # noqa: E402,F401,F403
from tests.file_fixtures import *  # noqa: E402,F401,F403
from tests.hall_fixtures import *  # noqa: E402,F401,F403
from tests.link_fixtures import *  # noqa: E402,F401,F403
from tests.mail_fixtures import *  # noqa: E402,F401,F403
from tests.privacy_fixtures import *  # noqa: E402,F401,F403
from tests.report_fixtures import *  # noqa: E402,F401,F403
from tests.roster_fixtures import *  # noqa: E402,F401,F403

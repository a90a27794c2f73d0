"""Fixtures for the elections' tests and permission rows: congress V, its executive committee election.

Imported by tests/conftest.py so that the permission matrix can name them. The election fills two seats
from three candidates (numbered as the ballot prints them: 1 Lê Thị Ánh, 2 Đặng Văn Đức, 3 Nguyễn Kiều Hưng).
"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from congress.models import Congress
from congress.services import elections as services
from members.models import Body

# Four ballots that both entries agree on: Ánh 3, Đức 3, Hưng 1 of 4 valid ballots, 5 issued.
COUNTED_BALLOTS = [(1, {1, 2}), (2, {1, 3}), (3, {1, 2}), (4, {2})]


def enter_both(election, ballots, *, actor=None, second_actor=None):
    """Enter the same ballots in entry 1 and entry 2: [(number, kept numbers[, spoiled])]."""
    for entry, who in ((1, actor), (2, second_actor or actor)):
        for number, kept, *spoiled in ballots:
            services.record_ballot(
                election,
                actor=who,
                entry=entry,
                number=number,
                kept=kept,
                spoiled=bool(spoiled and spoiled[0]),
            )


@pytest.fixture
def election_congress(term_v):
    congress, _created = Congress.objects.get_or_create(
        term=term_v, defaults={"venue": "Hội trường UBND huyện"}
    )
    return congress


@pytest.fixture
def executive_election(election_congress, people, committee, secretariat):
    election = services.create_election(
        election_congress,
        actor=secretariat,
        title="Bầu Ban Chấp hành Liên hiệp hội khoá V, nhiệm kỳ 2024–2029",
        body=Body.EXECUTIVE,
        seats=2,
    )
    for key in ("hung", "duc", "anh"):
        services.add_candidate(election, people[key], actor=secretariat)
    return election


@pytest.fixture
def election_candidates(executive_election, people):
    by_person = {c.person_id: c for c in executive_election.candidates.all()}
    return {key: by_person[person.pk] for key, person in people.items() if person.pk in by_person}


@pytest.fixture
def counted_election(executive_election, secretariat):
    enter_both(executive_election, COUNTED_BALLOTS, actor=secretariat)
    services.set_ballot_totals(executive_election, actor=secretariat, issued=5)
    executive_election.refresh_from_db()
    return executive_election


@pytest.fixture
def confirmed_election(counted_election, secretariat):
    election, _runoff = services.confirm_result(counted_election, actor=secretariat)
    return election


@pytest.fixture
def resolution_target(election_congress, secretariat):
    return services.add_target(
        election_congress,
        actor=secretariat,
        label="Phát triển thêm hội thành viên",
        figure="so_hoi_thanh_vien",
        target_value=50,
        unit="hội",
    )


@pytest.fixture
def ballot_upload(executive_election, secretariat, settings, tmp_path):
    """A sheet of two ballots for entry 1, uploaded and waiting for confirmation."""
    settings.MEDIA_ROOT = tmp_path
    sheet = SimpleUploadedFile("luot-1.csv", 'Số phiếu,Giữ tên\n1,"1, 2"\n2,3\n'.encode())
    return services.stage_ballot_import(executive_election, sheet, actor=secretariat, entry=1)


__all__ = [
    "ballot_upload",
    "confirmed_election",
    "counted_election",
    "election_candidates",
    "election_congress",
    "executive_election",
    "resolution_target",
]

"""The history of a report's prose and shortcomings: who changed what, when, with the words that changed."""

import pytest

from members.models import User, UserRole
from reports import services
from reports.models import Section, SectionText


@pytest.fixture
def signed_in(client, secretariat):
    client.force_login(secretariat)
    return client


@pytest.fixture
def colleague(db):
    return User.objects.create_user(
        "hoa@lienhiephoi.test", "mat-khau-van-phong-2", role=UserRole.SECRETARIAT, full_name="Lê Thị Hoa"
    )


def test_the_first_save_of_a_section_records_who_wrote_it(term_report, secretariat):
    services.save_section_text(term_report, Section.OPENING, "Lời mở đầu.", actor=secretariat)
    text = SectionText.objects.get(report=term_report, section=Section.OPENING)
    records = list(text.history.order_by("history_date", "history_id"))
    assert [(r.history_type, r.history_user, r.body) for r in records] == [("+", secretariat, "Lời mở đầu.")]


def test_saving_a_section_unchanged_adds_nothing_to_its_history(term_report, secretariat):
    services.save_section_text(term_report, Section.OPENING, "Lời mở đầu.", actor=secretariat)
    services.save_section_text(term_report, Section.OPENING, "Lời mở đầu.\n", actor=secretariat)
    assert SectionText.history.filter(report_id=term_report.pk).count() == 1

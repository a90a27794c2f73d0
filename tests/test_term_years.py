"""A term's years are written with an en dash everywhere, "2024–2029", and kept on one line on the pages."""

import datetime
import importlib

import pytest
from django.apps import apps
from django.template import Context, Template

from reports.models import TermReport

pytestmark = pytest.mark.django_db

MIGRATION = importlib.import_module(
    "reports.migrations.0002_report_subtitles_with_an_en_dash_between_the_term_years"
)


def test_congress_titles_use_an_en_dash(bare_congress):
    assert bare_congress.title == "Đại hội đại biểu lần thứ V, nhiệm kỳ 2024–2029"
    assert str(bare_congress) == "Đại hội lần thứ V, nhiệm kỳ 2024–2029"


def test_the_term_years_filter_keeps_the_years_on_one_line(term_v):
    html = Template("{% load portal %}{{ term|term_years }}").render(Context({"term": term_v}))
    assert html == '<span class="nowrap">2024–2029</span>'


def test_the_delegate_card_keeps_the_years_on_one_line(client, secretariat, congress_v):
    from django.urls import reverse

    client.force_login(secretariat)
    html = client.get(reverse("congress:card", args=[congress_v["hung"].pk])).content.decode()
    assert 'nhiệm kỳ <span class="nowrap">2024–2029</span>' in html


def test_stored_subtitles_are_given_an_en_dash_and_back(term_iv):
    report = TermReport.objects.create(
        term=term_iv,
        dated=datetime.date(2024, 1, 5),
        subtitle="Kiểm điểm của Ban Chấp hành Liên hiệp hội khoá IV, nhiệm kỳ 2018-2023",
    )
    MIGRATION.use_en_dash(apps, None)
    report.refresh_from_db()
    assert report.subtitle == "Kiểm điểm của Ban Chấp hành Liên hiệp hội khoá IV, nhiệm kỳ 2018–2023"
    MIGRATION.use_hyphen(apps, None)
    report.refresh_from_db()
    assert report.subtitle.endswith("nhiệm kỳ 2018-2023")

"""Percentages in the reader's language: a decimal comma in Vietnamese, a decimal point in English."""

from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation

from members.numbers import format_percent, percent, percent_of


def test_a_percentage_is_rounded_half_up():
    assert percent(1, 8) == Decimal("12.5")
    assert percent(1, 3) == Decimal("33.3")
    assert percent(2, 3) == Decimal("66.7")
    assert percent(1, 16, decimals=1) == Decimal("6.3")  # 6.25 goes up
    assert percent(95, 100, decimals=0) == Decimal("95")
    assert percent(1, 0) is None


@pytest.mark.parametrize(("language", "expected"), [("vi", "95,4%"), ("en", "95.4%")])
def test_the_decimal_mark_is_the_languages(language, expected):
    with translation.override(language):
        assert percent_of(124, 130) == expected
        assert format_percent(Decimal("95.4")) == expected


def test_without_a_whole_the_placeholder_is_shown():
    assert percent_of(3, 0) == "–"
    assert percent_of(3, 0, empty="-") == "-"
    assert format_percent(None, empty="—") == "—"


def test_whole_percentages_have_no_decimals():
    with translation.override("vi"):
        assert percent_of(19, 20, decimals=0) == "95%"


@pytest.mark.parametrize(("language", "expected"), [("vi", "33,3%"), ("en", "33.3%")])
def test_the_pages_filter_follows_the_language(language, expected):
    with translation.override(language):
        html = Template("{% load delegate_pages %}{{ 1|percent_of:3 }}").render(Context())
    assert html == expected


def test_an_election_result_row_follows_the_language():
    from congress.counting import format_percent as election_percent

    with translation.override("en"):
        assert election_percent(Decimal("87.5")) == "87.5%"
    with translation.override("vi"):
        assert election_percent(Decimal("87.5")) == "87,5%"
        assert election_percent(None) == "—"

"""A lead's pending request that the secretariat link someone already in the federation to their roster.

Imported by tests/conftest.py so that the permission matrix can name `link_request`.
"""

import datetime

import pytest

from members import services

__all__ = ["link_request"]


@pytest.fixture
def link_request(son_hong, lead, people):
    """Sơn Hồng's lead asks for Đức, who is on Phố Châu's roster."""
    return services.request_link(
        son_hong, people["duc"], actor=lead, joined_on=datetime.date(2024, 3, 15), card_number="SH-55"
    )

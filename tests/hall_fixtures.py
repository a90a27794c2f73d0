"""Fixtures for the hall on the day, on top of congress V (tests/congress_fixtures.py).

Counted delegates are Hưng, Ánh, Đức and Dũng (Yến is a guest, An's code was revoked). `hall` checks in Hưng,
Ánh and Đức, so the congress is quorate (three of four) while Dũng, the `delegate` persona, is not checked in.
It adds a programme of two items (the first current, with Hưng on the presiding board), an open motion and a
draft secret one, Ánh's request to speak on the first item and Đức's written contribution on the second. `hall_tokens` names the projector screen's token as `.pk` for the permission matrix.
"""

import types

import pytest
from django.core.files.base import ContentFile

from congress.models import HallBody, SpeakerKind
from congress.services import delegates as delegate_services
from congress.services import hall as services

__all__ = ["hall", "hall_tokens"]


@pytest.fixture
def hall(congress_v, secretariat, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    congress = congress_v["congress"]
    for key in ("hung", "anh", "duc"):
        delegate_services.check_in(congress_v[key], actor=secretariat)
    opening = services.add_agenda_item(
        congress, actor=secretariat, title="Khai mạc Đại hội", presenter="Đoàn Chủ tịch"
    )
    discussion = services.add_agenda_item(
        congress, actor=secretariat, title="Thảo luận báo cáo kiểm điểm", speaking_minutes=5
    )
    services.start_item(opening, actor=secretariat)
    seat = services.add_officer(
        congress, congress_v["hung"], actor=secretariat, body=HallBody.PRESIDIUM, role="Chủ trì"
    )
    agenda_vote = services.add_motion(
        congress, actor=secretariat, title="Thông qua chương trình Đại hội", item=opening
    )
    services.open_motion(agenda_vote, actor=secretariat)
    secret = services.add_motion(congress, actor=secretariat, title="Thông qua quy chế làm việc", secret=True)
    request = services.request_to_speak(
        opening,
        congress_v["anh"],
        actor=congress_v["anh"].account,
        kind=SpeakerKind.SPEECH,
        topic="Về số liệu",
    )
    contribution = services.request_to_speak(
        discussion,
        congress_v["duc"],
        actor=secretariat,
        kind=SpeakerKind.CONTRIBUTION,
        topic="Phát triển hội viên ở cơ sở",
        file=ContentFile(b"%PDF-1.7 tham luan", name="tham-luan.pdf"),
    )
    services.new_screen_token(congress, actor=secretariat)
    congress.refresh_from_db()
    return {
        **congress_v,
        "opening": opening,
        "discussion": discussion,
        "agenda_vote": agenda_vote,
        "secret_motion": secret,
        "anh_request": request,
        "presidium_seat": seat,
        "contribution": contribution,
    }


@pytest.fixture
def hall_tokens(hall):
    """The projector screen's token as `.pk`: ("congress:screen", "hall_tokens.screen")."""
    return {"screen": types.SimpleNamespace(pk=hall["congress"].screen_token)}

"""The congress's minutes and printed programme: what they say, read in a fixed number of queries.

`hall_day` runs the opening item of the `hall` fixture to its end: Ánh and Đức speak, the agenda is adopted by
an open vote (two for, one against) and the working rules by a secret one (two for, one abstaining); the
discussion item has a written contribution by Hưng; Đức is the congress's secretary.
"""

import datetime
import io
import shutil
import subprocess

import docx
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from congress import minutes as documents
from congress.models import Choice, HallBody, SpeakerKind, SpeakerRequest
from congress.services import hall as services

pytestmark = pytest.mark.django_db


def _vote(hall, motion, choices, actor):
    for key, choice in choices.items():
        services.cast_vote(motion, hall[key], actor=actor, choice=choice)


def _speak(speaker, actor, minutes):
    services.start_speaker(speaker, actor=actor)
    services.stop_speaker(speaker, actor=actor)
    started = timezone.now() - datetime.timedelta(minutes=minutes)
    SpeakerRequest.objects.filter(pk=speaker.pk).update(
        started_at=started, ended_at=started + datetime.timedelta(minutes=minutes)
    )


@pytest.fixture
def hall_day(hall, secretariat, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    opening, discussion = hall["opening"], hall["discussion"]
    services.add_officer(
        hall["congress"], hall["duc"], actor=secretariat, body=HallBody.SECRETARIES, role="Thư ký"
    )
    _speak(hall["anh_request"], secretariat, 4)
    duc = services.request_to_speak(
        opening, hall["duc"], actor=secretariat, kind=SpeakerKind.SPEECH, topic="Về công tác hội viên"
    )
    _speak(duc, secretariat, 6)
    _vote(hall, hall["agenda_vote"], {"hung": Choice.YES, "anh": Choice.YES, "duc": Choice.NO}, secretariat)
    services.close_motion(hall["agenda_vote"], actor=secretariat)
    secret = hall["secret_motion"]
    services.open_motion(secret, actor=secretariat)
    _vote(hall, secret, {"hung": Choice.YES, "anh": Choice.ABSTAIN, "duc": Choice.YES}, secretariat)
    services.close_motion(secret, actor=secretariat)
    services.finish_item(opening, actor=secretariat)
    services.request_to_speak(
        discussion,
        hall["hung"],
        actor=secretariat,
        kind=SpeakerKind.CONTRIBUTION,
        topic="Phát triển hội viên ở cơ sở",
        file=SimpleUploadedFile("tham-luan.pdf", b"%PDF-1.7 tham luan"),
    )
    cancelled = services.add_motion(
        hall["congress"], actor=secretariat, title="Thông qua danh sách khách mời"
    )
    services.cancel_motion(cancelled, actor=secretariat)
    hall["congress"].refresh_from_db()
    return hall


def _fresh(congress):
    return type(congress).objects.select_related("term__federation").get(pk=congress.pk)


def test_minutes_follow_the_programme_with_who_spoke_and_what_was_voted(hall_day):
    data = documents.minutes(_fresh(hall_day["congress"]))
    opening, discussion = data["items"]
    assert opening["title"] == "Khai mạc Đại hội" and opening["started_at"] and opening["ended_at"]
    assert [(s["name"], s["minutes"], s["topic"]) for s in opening["speakers"]] == [
        ("Lê Thị Ánh", 4, "Về số liệu"),
        (hall_day["duc"].person.full_name, 6, "Về công tác hội viên"),
    ]
    agenda = opening["motions"][0]
    assert (agenda["yes"], agenda["no"], agenda["abstain"], agenda["passed"]) == (2, 1, 0, True)
    assert agenda["manner"] == "biểu quyết công khai"
    assert (agenda["present"], agenda["needed"], agenda["quorate"]) == (3, 3, True)
    assert discussion["speakers"] == []
    # Đức's contribution comes with the `hall` fixture; Hưng's is sent above.
    assert [c["name"] for c in discussion["contributions"]] == [
        hall_day["duc"].person.full_name,
        hall_day["hung"].person.full_name,
    ]
    secret, cancelled = data["other_motions"]
    assert (secret["yes"], secret["no"], secret["abstain"], secret["manner"]) == (2, 0, 1, "biểu quyết kín")
    assert cancelled["cancelled"] and "yes" not in cancelled
    assert data["attendance"]["summoned"] == 4 and data["attendance"]["present"] == 3
    assert data["attendance"]["guests"] == 1
    assert data["signatures"] == {
        "secretary": hall_day["duc"].person.full_name,
        "chair": hall_day["hung"].person.full_name,
    }


def test_an_election_is_listed_with_its_elected_once_confirmed(hall_day, confirmed_election, secretariat):
    from congress.services import elections

    pending = elections.create_election(
        hall_day["congress"], actor=secretariat, title="Bầu Ban Kiểm tra", body="inspection", seats=1
    )
    rows = documents.minutes(_fresh(hall_day["congress"]))["elections"]
    by_title = {row["title"]: row for row in rows}
    confirmed = by_title[confirmed_election.title]
    assert confirmed["confirmed"] and len(confirmed["elected"]) == 2
    assert confirmed["line"] == "Trúng cử 2/2 người:"
    assert not by_title[pending.title]["confirmed"]
    assert by_title[pending.title]["line"] == "Chưa có kết quả được xác nhận."


def test_the_programme_lists_items_in_order_with_their_documents(hall_day, secretariat):
    services.update_agenda_item(
        hall_day["discussion"],
        actor=secretariat,
        starts_at=datetime.time(8, 30),
        ends_at=datetime.time(10, 0),
        documents=[hall_day["draft"]],
    )
    data = documents.programme(_fresh(hall_day["congress"]))
    assert [item["title"] for item in data["items"]] == ["Khai mạc Đại hội", "Thảo luận báo cáo kiểm điểm"]
    assert data["items"][1]["hours"] == "08:30–10:00"
    assert data["items"][1]["documents"] == ["Báo cáo kiểm điểm (Dự thảo lần 1)"]
    assert data["items"][0]["day"] == hall_day["congress"].date.strftime("%d/%m/%Y")
    assert [(o["name"], o["role"]) for o in data["presidium"]] == [
        (hall_day["hung"].person.full_name, "Chủ trì")
    ]
    assert [o["role"] for o in data["secretaries"]] == ["Thư ký"]


def _queries(function, congress):
    congress = _fresh(congress)
    with CaptureQueriesContext(connection) as captured:
        function(congress)
    return len(captured)


# The programme: items, their documents, the officers. The minutes add the speakers, the motions, the
# attendance (one grouped count) and the elections (their confirmed results are stored on them).
@pytest.mark.parametrize(("function", "expected"), [(documents.programme, 3), (documents.minutes, 7)])
def test_the_number_of_queries_does_not_grow_with_the_rows(hall_day, secretariat, function, expected):
    congress = hall_day["congress"]
    assert _queries(function, congress) == expected
    item = services.add_agenda_item(
        congress, actor=secretariat, title="Bế mạc", documents=[hall_day["programme"]]
    )
    services.start_item(item, actor=secretariat)
    services.add_officer(congress, hall_day["anh"], actor=secretariat, body=HallBody.SECRETARIES)
    for key in ("anh", "duc"):
        request = services.request_to_speak(item, hall_day[key], actor=secretariat)
        _speak(request, secretariat, 2)
    motion = services.add_motion(congress, actor=secretariat, title="Thông qua nghị quyết", item=item)
    services.open_motion(motion, actor=secretariat)
    _vote(hall_day, motion, {"hung": Choice.YES}, secretariat)
    services.close_motion(motion, actor=secretariat)
    assert _queries(function, congress) == expected


# --- The documents -----------------------------------------------------------------------------------------


def _pdf_text(content, tmp_path):
    path = tmp_path / "document.pdf"
    path.write_bytes(content)
    result = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True)
    return " ".join(result.stdout.split())


def _docx_text(content):
    document = docx.Document(io.BytesIO(content))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts += [cell.text for cell in row.cells]
    return " ".join(" ".join(parts).split())


def _says_what_happened(text, hall):
    for phrase in (
        "BIÊN BẢN ĐẠI HỘI",
        "Biên bản",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Tổng số đại biểu được triệu tập: 4; có mặt: 3; vắng mặt: 1.",
        "Đại hội cần ít nhất 3 đại biểu có mặt",
        "Khách mời: 0/1 có mặt.",
        "Lê Thị Ánh",
        "Về số liệu",
        hall["duc"].person.full_name,
        "Về công tác hội viên",
        "Biểu quyết “Thông qua chương trình Đại hội” (biểu quyết công khai)",
        "Tán thành: 2; không tán thành: 1; không biểu quyết: 0 (cộng 3 đại biểu).",
        "Biểu quyết “Thông qua quy chế làm việc” (biểu quyết kín)",
        "Tán thành: 2; không tán thành: 0; không biểu quyết: 1 (cộng 3 đại biểu).",
        "Kết quả: được thông qua.",
        "Căn cứ tính quá bán: Tổng số phiếu hợp lệ (3)",
        "Khi kết thúc biểu quyết có mặt 3/4 đại biểu, cần ít nhất 3: đủ điều kiện biểu quyết.",
        "Biểu quyết “Thông qua danh sách khách mời” (biểu quyết công khai)",
        "Đã huỷ, không lấy kết quả.",
        "Tham luận gửi Đại hội",
        "Phát triển hội viên ở cơ sở",
        "THƯ KÝ ĐẠI HỘI",
        "T.M ĐOÀN CHỦ TỊCH",
    ):
        assert phrase in text, phrase
    # Counts only: between a motion's heading and what follows it no voter is named, on the open vote or the
    # secret one (the speakers' table comes before the first of them).
    voters = [hall[key].person.full_name for key in ("hung", "anh", "duc")]
    for start, end in (
        ("Biểu quyết “Thông qua chương trình Đại hội”", "2. Thảo luận báo cáo kiểm điểm"),
        ("Biểu quyết “Thông qua quy chế làm việc”", "Biểu quyết “Thông qua danh sách khách mời”"),
    ):
        section = text[text.index(start) : text.index(end)]
        assert not [name for name in voters if name in section], section


needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils is not installed")


@needs_poppler
def test_the_minutes_pdf_says_who_spoke_and_what_was_decided(hall_day, tmp_path):
    filename, content_type, content = documents.minutes_pdf(_fresh(hall_day["congress"]))
    assert filename == "bien-ban-dai-hoi-V.pdf" and content_type == "application/pdf"
    _says_what_happened(_pdf_text(content, tmp_path), hall_day)


def test_the_minutes_docx_says_the_same(hall_day):
    filename, content_type, content = documents.minutes_docx(_fresh(hall_day["congress"]))
    assert filename == "bien-ban-dai-hoi-V.docx" and content_type.endswith("wordprocessingml.document")
    _says_what_happened(_docx_text(content), hall_day)


def test_a_secret_vote_leaves_no_trace_of_who_chose_what_in_the_minutes(hall_day):
    # Even were a choice stored on a secret vote's rows, the minutes read only the motion's counts.
    from congress.models import MotionVote

    MotionVote.objects.filter(motion=hall_day["secret_motion"]).update(choice=Choice.NO)
    data = documents.minutes(_fresh(hall_day["congress"]))
    secret = data["other_motions"][0]
    assert (secret["yes"], secret["no"], secret["abstain"]) == (2, 0, 1)
    assert set(secret) & {"votes", "voters", "choices"} == set()


@needs_poppler
def test_the_programme_pdf_lists_the_items_and_the_boards(hall_day, tmp_path):
    filename, _type, content = documents.programme_pdf(_fresh(hall_day["congress"]))
    assert filename == "chuong-trinh-dai-hoi-V.pdf"
    text = _pdf_text(content, tmp_path)
    for phrase in (
        "CHƯƠNG TRÌNH ĐẠI HỘI",
        "Khai mạc Đại hội",
        "Thảo luận báo cáo kiểm điểm",
        "Đoàn Chủ tịch",
        "Chủ trì",
    ):
        assert phrase in text, phrase


def test_the_views_hand_over_the_files_under_their_names(client, hall_day, secretariat, delegate):
    congress = hall_day["congress"]
    client.force_login(secretariat)
    response = client.get(reverse("congress:minutes_docx", args=[congress.pk]))
    assert response["Content-Disposition"] == 'attachment; filename="bien-ban-dai-hoi-V.docx"'
    response = client.get(reverse("congress:minutes_pdf", args=[congress.pk]))
    assert response["Content-Disposition"] == 'inline; filename="bien-ban-dai-hoi-V.pdf"'
    assert response.content.startswith(b"%PDF")
    client.force_login(delegate)
    response = client.get(reverse("congress:programme_pdf", args=[congress.pk]))
    assert response["Content-Disposition"] == 'inline; filename="chuong-trinh-dai-hoi-V.pdf"'

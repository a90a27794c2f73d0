"""The hall's pages through the browser's requests: voting, asking to speak, running the hall, the projector."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from congress.models import (
    AgendaItem,
    Choice,
    Congress,
    HallBody,
    Motion,
    MotionStatus,
    MotionVote,
    SpeakerKind,
    SpeakerRequest,
    SpeakerStatus,
)
from congress.services import delegates as delegate_services
from congress.services import hall as services
from members.models import Person, User, UserRole
from tests.congress_fixtures import ANH_EMAIL

pytestmark = pytest.mark.django_db


@pytest.fixture
def anh(client, hall):
    client.force_login(User.objects.get(email=ANH_EMAIL))
    return client


def texts(response):
    return [str(message) for message in response.context["messages"]] if response.context else []


def test_a_present_delegate_sees_the_vote_and_votes_once_however_often_they_tap(anh, hall):
    motion = hall["agenda_vote"]
    page = anh.get(reverse("congress:hall", args=[hall["congress"].pk]))
    assert reverse("congress:vote", args=[motion.pk]) in page.content.decode()
    url = reverse("congress:vote", args=[motion.pk])
    first = anh.post(url, {"choice": "yes"}, follow=True)
    again = anh.post(url, {"choice": "no"}, follow=True)
    assert "Đã ghi nhận biểu quyết của bạn." in texts(first)
    assert "mỗi đại biểu chỉ được tính một lần" in " ".join(texts(again))
    motion.refresh_from_db()
    assert (motion.yes, motion.no) == (1, 0)
    # The page now says the vote is in, and offers no buttons.
    assert "Bạn đã biểu quyết." in again.content.decode()
    assert url not in again.content.decode()


def test_a_delegate_not_checked_in_is_told_so_and_nothing_is_counted(client, hall, delegate):
    client.force_login(delegate)
    motion = hall["agenda_vote"]
    page = client.get(reverse("congress:hall", args=[hall["congress"].pk]))
    assert "Bạn chưa điểm danh" in page.content.decode()
    response = client.post(reverse("congress:vote", args=[motion.pk]), {"choice": "yes"}, follow=True)
    assert any("chưa điểm danh" in text for text in texts(response))
    assert Motion.objects.get(pk=motion.pk).cast == 0


def test_a_forged_choice_changes_nothing(anh, hall):
    motion = hall["agenda_vote"]
    response = anh.post(reverse("congress:vote", args=[motion.pk]), {"choice": "yes'; --"}, follow=True)
    assert response.status_code == 200
    assert texts(response)
    assert not MotionVote.objects.filter(motion=motion).exists()


def test_a_delegate_asks_to_speak_once_and_may_withdraw(anh, hall):
    item = hall["opening"]
    anh.post(reverse("congress:speaker_withdraw", args=[hall["anh_request"].pk]))
    url = reverse("congress:speak", args=[item.pk])
    first = anh.post(url, {"topic": "Về kinh phí hoạt động"}, follow=True)
    again = anh.post(url, {"topic": "Lần nữa"}, follow=True)
    assert "Đã gửi đăng ký phát biểu. Đoàn Chủ tịch sẽ xếp lượt." in texts(first)
    assert any("đã đăng ký phát biểu" in text for text in texts(again))
    open_requests = SpeakerRequest.objects.filter(item=item, status=SpeakerStatus.REQUESTED)
    assert list(open_requests.values_list("topic", flat=True)) == ["Về kinh phí hoạt động"]


def test_the_presiding_board_runs_the_speakers_list(client, hall, secretariat):
    # Hưng chairs; he signs in with his own delegate account.
    hung = hall["hung"]
    hung.account = User.objects.create_user("hung@lienhiephoi.test", "mat-khau-hung", role=UserRole.DELEGATE)
    hung.save(update_fields=["account"])
    client.force_login(hung.account)
    request = hall["anh_request"]
    services.cancel_motion(hall["agenda_vote"], actor=secretariat)
    assert client.get(reverse("congress:hall_control", args=[hall["congress"].pk])).status_code == 200
    client.post(reverse("congress:speaker_action", args=[request.pk, "xep-luot"]))
    client.post(reverse("congress:speaker_action", args=[request.pk, "moi-noi"]))
    request.refresh_from_db()
    assert request.status == SpeakerStatus.SPEAKING and request.started_at is not None
    screen = client.get(reverse("congress:screen", args=[hall["congress"].screen_token])).content.decode()
    assert "Lê Thị Ánh" in screen and "data-countdown-end" in screen
    client.post(reverse("congress:speaker_action", args=[request.pk, "dung"]))
    request.refresh_from_db()
    assert request.status == SpeakerStatus.DONE and request.seconds_spoken is not None
    assert request.history.filter(history_user=hung.account).exists()
    # Off the presiding board, the desk is closed to him.
    services.remove_officer(hall["presidium_seat"], actor=secretariat)
    assert client.get(reverse("congress:hall_control", args=[hall["congress"].pk])).status_code == 404


def test_the_desk_opens_and_closes_a_vote_and_the_projector_shows_the_result(client, hall, secretariat, anh):
    motion = hall["agenda_vote"]
    anh.post(reverse("congress:vote", args=[motion.pk]), {"choice": "yes"})
    client.force_login(secretariat)
    screen_url = reverse("congress:screen", args=[hall["congress"].screen_token])
    client.logout()
    during = client.get(screen_url).content.decode()
    assert "ĐANG BIỂU QUYẾT" in during and "Thông qua chương trình Đại hội" in during
    client.force_login(secretariat)
    client.post(reverse("congress:motion_action", args=[motion.pk, "ket-thuc"]))
    motion.refresh_from_db()
    assert motion.status == MotionStatus.CLOSED
    client.logout()
    after = client.get(screen_url).content.decode()
    assert "KẾT QUẢ BIỂU QUYẾT" in after
    # One yes of one vote cast: passed, read against the votes cast.
    assert "Được thông qua" in after and "Quá bán tính trên" in after


def test_a_replaced_screen_address_stops_showing_anything(client, hall, secretariat):
    old = hall["congress"].screen_token
    client.force_login(secretariat)
    client.post(reverse("congress:screen_new", args=[hall["congress"].pk]))
    client.logout()
    assert client.get(reverse("congress:screen", args=[old])).status_code == 404
    hall["congress"].refresh_from_db()
    assert client.get(reverse("congress:screen", args=[hall["congress"].screen_token])).status_code == 200


def test_the_secretariat_prepares_the_programme_and_a_wrong_time_is_refused(client, hall, secretariat):
    client.force_login(secretariat)
    url = reverse("congress:agenda", args=[hall["congress"].pk])
    before = AgendaItem.objects.count()
    wrong = client.post(url, {"title": "Bầu Ban Chấp hành", "starts_at": "25:70", "speaking_minutes": 5})
    assert wrong.status_code == 200
    assert "Giờ chưa đúng, ví dụ 07:30." in wrong.content.decode()
    late = client.post(
        url, {"title": "Bầu Ban Chấp hành", "starts_at": "10:00", "ends_at": "09:00", "speaking_minutes": 5}
    )
    assert "Giờ kết thúc phải sau giờ bắt đầu." in late.content.decode()
    assert AgendaItem.objects.count() == before
    client.post(
        url,
        {"title": "Bầu Ban Chấp hành", "starts_at": "10:00", "ends_at": "10:45", "speaking_minutes": 3,
         "documents": [hall["programme"].pk]},
    )  # fmt: skip
    item = AgendaItem.objects.get(title="Bầu Ban Chấp hành")
    assert item.starts_at.strftime("%H:%M") == "10:00" and list(item.documents.all()) == [hall["programme"]]
    assert item.history.first().history_user == secretariat


def test_an_officer_is_a_delegate_of_this_congress(client, hall, secretariat):
    client.force_login(secretariat)
    url = reverse("congress:officer_add", args=[hall["congress"].pk])
    response = client.post(
        url, {"delegate": hall["anh"].pk, "body": HallBody.SECRETARIES, "role": "Thư ký"}, follow=True
    )
    assert hall["congress"].hall_officers.filter(delegate=hall["anh"], body=HallBody.SECRETARIES).exists()
    assert "Đã thêm." in texts(response)
    # The guest is not offered and is refused if forged.
    forged = client.post(url, {"delegate": hall["yen"].pk, "body": HallBody.PRESIDIUM}, follow=True)
    assert texts(forged)
    assert not hall["congress"].hall_officers.filter(delegate=hall["yen"]).exists()


def test_a_contribution_is_uploaded_and_read_by_the_delegates(anh, hall, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    url = reverse("congress:contribution_add", args=[hall["congress"].pk])
    upload = SimpleUploadedFile("tham-luan-anh.pdf", b"%PDF-1.7 bai cua Anh", content_type="application/pdf")
    anh.post(url, {"item": hall["discussion"].pk, "topic": "Hội viên trẻ", "file": upload})
    paper = SpeakerRequest.objects.get(kind=SpeakerKind.CONTRIBUTION, topic="Hội viên trẻ")
    assert paper.delegate == hall["anh"]
    download = anh.get(reverse("congress:contribution_download", args=[paper.pk]))
    assert b"".join(download.streaming_content) == b"%PDF-1.7 bai cua Anh"
    missing = anh.post(url, {"item": hall["discussion"].pk, "topic": "Không có tệp"})
    assert missing.status_code == 200
    assert not SpeakerRequest.objects.filter(topic="Không có tệp").exists()


def _grow(hall, secretariat, n):
    """n more items, n more present delegates asking to speak on the current item, n more closed motions, and a
    new open one."""
    congress = hall["congress"]
    for index in range(n):
        services.add_agenda_item(congress, actor=secretariat, title=f"Phần thêm {index}")
        person = Person.objects.create(family_name="Nguyễn", given_name=f"Thêm{index}", gender="M")
        extra = delegate_services.summon_delegate(congress, person, actor=secretariat, kind="appointed")
        delegate_services.check_in(extra, actor=secretariat)
        services.request_to_speak(hall["opening"], extra, actor=secretariat, topic=f"Ý kiến {index}")
    for motion in Motion.objects.filter(congress=congress, status=MotionStatus.OPEN):
        services.close_motion(motion, actor=secretariat)
    for index in range(n):
        motion = services.add_motion(congress, actor=secretariat, title=f"Biểu quyết {index}")
        services.open_motion(motion, actor=secretariat)
        services.close_motion(motion, actor=secretariat)
    # And one open, with a vote in it.
    motion = services.open_motion(
        services.add_motion(congress, actor=secretariat, title="Đang mở"), actor=secretariat
    )
    services.cast_vote(motion, hall["anh"], actor=secretariat, choice=Choice.YES)


@pytest.mark.parametrize("page", ["hall", "hall_control", "screen"])
def test_the_hall_pages_ask_the_same_number_of_queries_however_much_there_is(client, hall, secretariat, page):
    congress = hall["congress"]
    client.force_login(secretariat)
    url = (
        reverse("congress:screen", args=[congress.screen_token])
        if page == "screen"
        else reverse(f"congress:{page}", args=[congress.pk])
    )

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    _grow(hall, secretariat, 1)
    small = count()
    _grow(hall, secretariat, 6)
    assert count() == small


def test_a_vote_on_another_congress_motion_is_not_found(anh, hall, term_iv):
    """Ánh is a delegate of congress V; a motion of congress IV is not hers to vote on, even by a forged URL."""
    other = Congress.objects.create(term=term_iv)
    motion = Motion.objects.create(congress=other, title="Thông qua chương trình", status=MotionStatus.OPEN)
    assert anh.post(reverse("congress:vote", args=[motion.pk]), {"choice": Choice.YES}).status_code == 404
    assert anh.get(reverse("congress:hall", args=[other.pk])).status_code == 404
    assert Motion.objects.get(pk=motion.pk).cast == 0


def test_a_delegate_opening_the_congress_lands_in_the_hall_while_it_sits(anh, hall, secretariat):
    home = reverse("congress:home")
    assert anh.get(home)["Location"] == reverse("congress:hall", args=[hall["congress"].pk])
    services.finish_item(hall["opening"], actor=secretariat)
    assert anh.get(home)["Location"] == reverse("congress:documents", args=[hall["congress"].pk])


def test_the_live_script_gets_the_regions_alone_and_leaves_the_messages_for_the_page(anh, hall):
    url = reverse("congress:hall", args=[hall["congress"].pk])
    anh.post(reverse("congress:vote", args=[hall["agenda_vote"].pk]), {"choice": "yes"})
    regions = anh.get(url, headers={"X-Live": "1"})
    body = regions.content.decode()
    assert 'id="hall-now"' in body and 'id="bieu-quyet"' in body and "Bạn đã biểu quyết." in body
    assert "<html" not in body and "main-nav" not in body
    assert "X-Live" in regions["Vary"]
    # The message of the vote waits for the page itself.
    assert "Đã ghi nhận biểu quyết của bạn." in anh.get(url).content.decode()

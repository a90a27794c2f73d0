"""The hall in a real Chromium: a delegate on a phone asks to speak and votes; the projector shows the vote and its
result without being reloaded; a second tab does not vote twice; a delegate not checked in cannot vote.

Each scenario drives its own Chromium from a thread (see tests/test_browser_congress.py); the test checks the
database once the browser is done. The live server is the threaded development server, so the pages' event
streams run on the in-process hub.
"""

import datetime
import re

import pytest
from django.utils import timezone

from congress.models import Motion, MotionStatus, MotionVote, SpeakerRequest, SpeakerStatus
from tests.congress_fixtures import ANH_EMAIL, ANH_PASSWORD
from tests.test_browser import sign_in
from tests.test_browser_congress import PHONE, in_own_browser

pytestmark = pytest.mark.browser

SECRETARIAT = ("thu@lienhiephoi.test", "mat-khau-van-phong")
NOT_CHECKED_IN = ("dung@lienhiephoi.test", "mat-khau-dai-bieu")
STREAM = re.compile(r"/su-kien/(\?|$)")


def _no_sideways_scroll(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


def test_a_delegate_on_a_phone_asks_to_speak_and_votes(live_server, hall):
    congress = hall["congress"]
    request = SpeakerRequest.objects.get(pk=hall["anh_request"].pk)
    request.status = SpeakerStatus.WITHDRAWN
    request.save()

    def scenario(new_page):
        from playwright.sync_api import expect

        phone = new_page(**PHONE)
        sign_in(phone, live_server, ANH_EMAIL, ANH_PASSWORD)
        phone.goto(f"{live_server.url}/dai-hoi/{congress.pk}/hoi-truong/")
        expect(phone.locator("#hall-now")).to_contain_text("Khai mạc Đại hội")
        _no_sideways_scroll(phone)

        phone.fill("#hall-speak input[name=topic]", "Về kinh phí cho chi hội")
        phone.get_by_role("button", name="Xin phát biểu").click()
        expect(phone.locator(".messages")).to_contain_text("Đã gửi đăng ký phát biểu")
        expect(phone.locator("#hall-speak")).to_contain_text("Về kinh phí cho chi hội")

        vote = phone.locator("#bieu-quyet")
        expect(vote).to_contain_text("Thông qua chương trình Đại hội")
        for name in ("Tán thành", "Không tán thành", "Không biểu quyết"):
            box = vote.get_by_role("button", name=name, exact=True).bounding_box()
            assert box["width"] <= 390 and box["height"] >= 44  # big enough for a thumb
        vote.get_by_role("button", name="Tán thành", exact=True).click()
        expect(phone.locator(".messages")).to_contain_text("Đã ghi nhận biểu quyết của bạn.")
        expect(vote).to_contain_text("Bạn đã biểu quyết. Tán thành.")
        expect(vote.get_by_role("button", name="Tán thành", exact=True)).to_have_count(0)
        _no_sideways_scroll(phone)

        # The presiding board moves on: the phone follows, with one request for its three regions on the programme.
        fetched = []
        phone.on(
            "request", lambda request: fetched.append(request.url) if request.headers.get("x-live") else None
        )
        desk = new_page(viewport={"width": 1366, "height": 900})
        sign_in(desk, live_server, *SECRETARIAT)
        desk.goto(f"{live_server.url}/dai-hoi/{congress.pk}/dieu-hanh/")
        desk.locator("#control-agenda li", has_text="Thảo luận báo cáo").get_by_role(
            "button", name="Bắt đầu"
        ).click()
        expect(phone.locator("#hall-now")).to_contain_text("Thảo luận báo cáo kiểm điểm", timeout=5_000)
        expect(phone.locator("#hall-programme .current")).to_contain_text("Thảo luận báo cáo kiểm điểm")
        phone.wait_for_timeout(2_000)
        assert len(fetched) == 1, fetched

    in_own_browser(scenario)
    assert SpeakerRequest.objects.filter(
        item=hall["opening"],
        delegate=hall["anh"],
        status=SpeakerStatus.REQUESTED,
        topic="Về kinh phí cho chi hội",
    ).exists()
    motion = Motion.objects.get(pk=hall["agenda_vote"].pk)
    assert (motion.yes, motion.no, motion.abstain) == (1, 0, 0)


def test_the_projector_follows_the_vote_and_shows_its_result_without_reloading(live_server, hall):
    congress = hall["congress"]
    motion = hall["agenda_vote"]

    def scenario(new_page):
        from playwright.sync_api import expect

        screen = new_page(viewport={"width": 1280, "height": 720})
        screen.goto(f"{live_server.url}/dai-hoi/man-hinh/{congress.screen_token}/")
        expect(screen.locator("#screen")).to_contain_text("ĐANG BIỂU QUYẾT")
        expect(screen.locator(".screen-cast")).to_have_text(re.compile(r"^0\s*/3$"))
        # The corner clock is the hall's time (the server's), set going by the script.
        around = [timezone.localtime() + datetime.timedelta(minutes=m) for m in (-1, 0, 1)]
        assert screen.locator(".screen-time").text_content() in {t.strftime("%H:%M") for t in around}
        # A mark that a reload would wipe out.
        screen.evaluate("window.notReloaded = true")
        expect(screen.locator("body")).to_have_attribute("data-live-state", "open")

        phone = new_page(**PHONE)
        sign_in(phone, live_server, ANH_EMAIL, ANH_PASSWORD)
        phone.goto(f"{live_server.url}/dai-hoi/{congress.pk}/hoi-truong/")
        phone.locator("#bieu-quyet").get_by_role("button", name="Tán thành", exact=True).click()
        expect(phone.locator(".messages")).to_contain_text("Đã ghi nhận")
        # Within two seconds of the vote the screen counts it.
        expect(screen.locator(".screen-cast")).to_have_text(re.compile(r"^1\s*/3$"), timeout=2_000)

        desk = new_page(viewport={"width": 1366, "height": 900})
        sign_in(desk, live_server, *SECRETARIAT)
        desk.goto(f"{live_server.url}/dai-hoi/{congress.pk}/dieu-hanh/")
        desk.on("dialog", lambda dialog: dialog.accept())
        desk.get_by_role("button", name="Kết thúc và công bố").click()
        expect(desk.locator("#control-vote")).to_contain_text("Được thông qua")

        expect(screen.locator("#screen")).to_contain_text("KẾT QUẢ BIỂU QUYẾT", timeout=2_000)
        expect(screen.locator("#screen")).to_contain_text("Được thông qua")
        expect(screen.locator(".tally")).to_contain_text("Tán thành")
        assert screen.evaluate("window.notReloaded") is True

    in_own_browser(scenario)
    motion.refresh_from_db()
    assert motion.status == MotionStatus.CLOSED and motion.passed is True and motion.yes == 1


def test_a_second_tab_does_not_vote_twice_and_a_delegate_not_checked_in_cannot_vote(live_server, hall):
    congress = hall["congress"]
    motion = hall["agenda_vote"]

    def scenario(new_page):
        from playwright.sync_api import expect

        first = new_page(**PHONE)
        sign_in(first, live_server, ANH_EMAIL, ANH_PASSWORD)
        second = first.context.new_page()
        for tab in (first, second):
            tab.goto(f"{live_server.url}/dai-hoi/{congress.pk}/hoi-truong/")
            expect(tab.get_by_role("button", name="Không tán thành", exact=True)).to_be_visible()
        first.get_by_role("button", name="Không tán thành", exact=True).click()
        expect(first.locator(".messages")).to_contain_text("Đã ghi nhận")
        # The second tab still shows the buttons it loaded with; its vote counts nothing.
        second.get_by_role("button", name="Tán thành", exact=True).click()
        expect(second.locator(".messages")).to_contain_text("mỗi đại biểu chỉ được tính một lần")
        expect(second.locator("#bieu-quyet")).to_contain_text("Bạn đã biểu quyết. Không tán thành.")

        absent = new_page(**PHONE)
        sign_in(absent, live_server, *NOT_CHECKED_IN)
        absent.goto(f"{live_server.url}/dai-hoi/{congress.pk}/hoi-truong/")
        expect(absent.locator("#bieu-quyet")).to_contain_text("Bạn chưa điểm danh")
        expect(absent.locator("#bieu-quyet").get_by_role("button")).to_have_count(0)
        # Even a vote sent by hand (as an old page or a forged form would) is refused.
        token = absent.evaluate("document.querySelector('input[name=csrfmiddlewaretoken]').value")
        response = absent.request.post(
            f"{live_server.url}/dai-hoi/bieu-quyet/{motion.pk}/bo-phieu/",
            form={"choice": "yes", "csrfmiddlewaretoken": token},
            headers={"Referer": f"{live_server.url}/dai-hoi/{congress.pk}/hoi-truong/"},
        )
        assert "chưa điểm danh" in response.text()

    in_own_browser(scenario)
    motion.refresh_from_db()
    assert (motion.yes, motion.no, motion.abstain) == (0, 1, 0)
    assert MotionVote.objects.filter(motion=motion).count() == 1
    assert not MotionVote.objects.filter(motion=motion, delegate=hall["dung"]).exists()


def test_the_projector_says_when_it_lost_the_hall_and_catches_up_when_it_is_back(live_server, hall, settings):
    """The hall's network drops: the stream ends and the screen cannot reach the portal for a while."""
    congress = hall["congress"]
    settings.LIVE_STREAM_SECONDS = 2  # so that the stream ends soon and the screen has to come back by itself

    def scenario(new_page):
        from playwright.sync_api import expect

        screen = new_page(viewport={"width": 1280, "height": 720})
        screen.goto(f"{live_server.url}/dai-hoi/man-hinh/{congress.screen_token}/")
        expect(screen.locator("body")).to_have_attribute("data-live-state", "open")
        screen.evaluate("window.notReloaded = true")
        lost = screen.locator(".screen-lost")
        expect(lost).to_be_hidden()

        screen.route(STREAM, lambda route: route.abort("internetdisconnected"))
        expect(screen.locator("body")).to_have_attribute("data-live-state", "reconnecting", timeout=10_000)
        expect(lost).to_be_visible()

        # While the screen is cut off, the vote is closed at the desk.
        desk = new_page(viewport={"width": 1366, "height": 900})
        sign_in(desk, live_server, *SECRETARIAT)
        desk.goto(f"{live_server.url}/dai-hoi/{congress.pk}/dieu-hanh/")
        desk.on("dialog", lambda dialog: dialog.accept())
        desk.get_by_role("button", name="Kết thúc và công bố").click()
        expect(desk.locator("#control-vote")).to_contain_text("Không được thông qua")

        screen.unroute(STREAM)
        expect(screen.locator("#screen")).to_contain_text("KẾT QUẢ BIỂU QUYẾT", timeout=10_000)
        expect(lost).to_be_hidden()
        assert screen.evaluate("window.notReloaded") is True

    in_own_browser(scenario)


def test_the_projector_clock_keeps_the_hall_time_going(live_server, hall):
    congress = hall["congress"]

    def scenario(new_page):
        from playwright.sync_api import expect

        screen = new_page(viewport={"width": 1280, "height": 720})
        screen.clock.install()
        screen.goto(f"{live_server.url}/dai-hoi/man-hinh/{congress.screen_token}/")
        clock = screen.locator(".screen-time")
        shown = datetime.datetime.strptime(clock.text_content(), "%H:%M")
        screen.clock.run_for(3 * 60 * 1000)
        later = (shown + datetime.timedelta(minutes=3)).strftime("%H:%M")
        after = (shown + datetime.timedelta(minutes=4)).strftime("%H:%M")
        expect(clock).to_have_text(re.compile(f"^({later}|{after})$"))

    in_own_browser(scenario)

"""Check-in at the door (the QR code's address, or a name typed in) and the live attendance with its quorum."""

import pytest
from django.urls import reverse
from django.utils import timezone

from congress.models import CheckIn, CheckInRefusal, QuorumRule
from congress.services import CongressError
from congress.services import delegates as services

pytestmark = pytest.mark.django_db


def scan(client, delegate):
    return reverse("congress:check_in", args=[delegate.token])


def test_scanning_shows_the_delegate_and_checks_in_only_on_the_button(client, congress_v, secretariat):
    duc = congress_v["duc"]
    client.force_login(secretariat)
    page = client.get(scan(client, duc))
    html = page.content.decode()
    assert "Đặng Văn Đức" in html and "Điểm danh</button>" in html
    assert not CheckIn.objects.filter(delegate=duc).exists()

    response = client.post(scan(client, duc), follow=True)
    check_in = CheckIn.objects.get(delegate=duc)
    assert (check_in.method, check_in.checked_in_by) == ("qr", secretariat)
    assert "Đã điểm danh Đặng Văn Đức lúc" in response.content.decode()


def test_scanning_twice_is_harmless_and_says_when_the_first_scan_was(client, congress_v, secretariat):
    duc = congress_v["duc"]
    client.force_login(secretariat)
    client.post(scan(client, duc))
    first = CheckIn.objects.get(delegate=duc)
    response = client.post(scan(client, duc), follow=True)
    html = response.content.decode()
    clock = timezone.localtime(first.checked_in_at).strftime("%H:%M")
    assert f"đã điểm danh lúc {clock}; không ghi thêm" in html
    assert f"Đã điểm danh lúc {clock}" in html
    assert CheckIn.objects.filter(delegate=duc).count() == 1
    assert services.attendance(congress_v["congress"])["present"] == 1


def test_a_guests_code_is_refused_with_the_reason_and_logged(client, congress_v, secretariat):
    client.force_login(secretariat)
    page = client.get(scan(client, congress_v["yen"]))
    assert "Khách mời không điểm danh" in page.content.decode()
    response = client.post(scan(client, congress_v["yen"]), follow=True)
    assert "Khách mời không điểm danh" in response.content.decode()
    assert not CheckIn.objects.exists()
    refusal = CheckInRefusal.objects.get()
    assert (refusal.delegate, refusal.by) == (congress_v["yen"], secretariat)


def test_a_revoked_code_is_refused_with_the_reason(congress_v, secretariat):
    with pytest.raises(CongressError, match="đã bị thu hồi: Thay bằng người khác"):
        services.check_in(congress_v["an"], actor=secretariat)
    assert CheckInRefusal.objects.count() == 1


def test_a_delegate_who_scans_their_own_code_is_told_to_show_it_at_the_door(client, congress_v, delegate):
    client.force_login(delegate)
    page = client.get(reverse("congress:check_in", args=[congress_v["dung"].token]))
    assert "xuất trình mã" in page.content.decode()
    assert client.post(reverse("congress:check_in", args=[congress_v["dung"].token])).status_code == 200
    assert not CheckIn.objects.exists()


def test_an_unknown_code_answers_404_and_says_so_to_staff(client, congress_v, secretariat):
    client.force_login(secretariat)
    response = client.get(reverse("congress:check_in", args=["not-a-code"]))
    assert response.status_code == 404
    assert "không phải mã đại biểu" in response.content.decode()


def test_the_desk_finds_delegates_by_name_without_accents_and_checks_them_in(client, congress_v, secretariat):
    client.force_login(secretariat)
    desk = reverse("congress:check_in_desk", args=[congress_v["congress"].pk])
    html = client.get(desk, {"q": "dang duc"}).content.decode()
    assert "Đặng Văn Đức" in html and "Lê Thị Ánh" not in html
    response = client.post(
        reverse("congress:check_in_by_name", args=[congress_v["duc"].pk]), {"next": desk + "?q=dang+duc"}
    )
    assert response["Location"] == desk + "?q=dang+duc"
    assert CheckIn.objects.get().method == "name"
    html = client.get(desk, {"q": "dang duc"}).content.decode()
    assert "đã điểm danh lúc" in html


def test_quorum_is_more_than_half_of_the_summoned_by_default(congress_v, secretariat):
    congress = congress_v["congress"]
    # Summoned: Hưng, Ánh, Đức, Dũng (the guest Yến and the revoked An do not count).
    assert services.attendance(congress) == {"summoned": 4, "present": 0}
    assert services.quorum_needed(congress, 4) == 3
    for key in ("hung", "anh"):
        services.check_in(congress_v[key], actor=secretariat)
    assert not services.quorum_reached(congress)
    services.check_in(congress_v["duc"], actor=secretariat)
    assert services.quorum_reached(congress)


def test_two_thirds_is_counted_up(congress_v, secretariat):
    congress = congress_v["congress"]
    congress.quorum_rule = QuorumRule.TWO_THIRDS
    assert [services.quorum_needed(congress, n) for n in (3, 4, 150)] == [2, 3, 100]
    assert [
        services.quorum_needed(congress.__class__(quorum_rule="more_than_half"), n) for n in (3, 4, 150)
    ] == [
        2,
        3,
        76,
    ]


def test_the_attendance_page_counts_by_kind_updates_live_and_shows_the_quorum(
    client, congress_v, secretariat
):
    for key in ("hung", "anh", "duc"):
        services.check_in(congress_v[key], actor=secretariat)
    client.force_login(secretariat)
    congress = congress_v["congress"]
    response = client.get(reverse("congress:attendance", args=[congress.pk]))
    html = response.content.decode()
    assert 'http-equiv="refresh"' not in html and "10 giây" not in html
    assert f'data-live-events="{reverse("congress:events", args=[congress.pk])}"' in html
    for region in ("attendance-hero", "attendance-by-kind", "attendance-latest"):
        assert f'id="{region}" data-live-topics="attendance"' in html
    assert "js/live.js" in html
    assert 'data-present="3" data-summoned="4"' in html
    assert "Đại hội đủ điều kiện tiến hành" in html
    board = response.context["board"]
    assert [(kind, summoned, present) for kind, _label, summoned, present in board.by_kind] == [
        ("elected", 2, 2),
        ("ex_officio", 1, 1),
        ("appointed", 1, 0),
    ]
    assert (board.guests, board.guests_present) == (1, 0)


def test_a_checked_in_delegate_cannot_be_revoked(congress_v, secretariat):
    services.check_in(congress_v["duc"], actor=secretariat)
    with pytest.raises(CongressError, match="đã điểm danh"):
        services.revoke_delegate(congress_v["duc"], actor=secretariat, reason="Nhầm")

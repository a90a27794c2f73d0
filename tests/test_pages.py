"""The pages, as each persona sees them: what they show, in what order and format, and at what query cost."""

import datetime
import html as html_lib
import re
from collections import Counter

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from members import member_counts, services
from members.models import Block, Body, ClosedReason, EndReason, Membership, Person, Role, StartMethod
from tests.conftest import CONGRESS_IV, make_association, make_person


def text_of(response):
    """The page's visible text, tags stripped and spaces collapsed, for order and content checks."""
    html = response.content.decode()
    html = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", html_lib.unescape(re.sub(r"<[^>]+>", " ", html)))


def section(response, start, end=None):
    """The text between two headings, so a check looks only at the part of the page it is about."""
    page = text_of(response)
    begin = page.index(start)
    stop = page.index(end, begin) if end else len(page)
    return page[begin:stop]


def in_order(text, *names):
    positions = [text.index(name) for name in names]
    return positions == sorted(positions)


def queries_for(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


def add_members(association, count, *, prefix="Hội viên", joined_on=datetime.date(2016, 1, 1)):
    """Many people at once, as an import would add them (normalised, then bulk-created)."""
    people = []
    for index in range(count):
        person = Person(
            family_name="Trần",
            middle_name=prefix,
            given_name=f"Số{index:04d}",
            gender="M" if index % 2 else "F",
        )
        person.normalize()
        people.append(person)
    people = Person.objects.bulk_create(people)
    Membership.objects.bulk_create(
        Membership(person=p, association=association, joined_on=joined_on, card_number=f"T{p.pk}")
        for p in people
    )
    # bulk_create sends no signals: count the new members into the ledger, as an import does.
    member_counts.apply_difference(Counter(), member_counts.contributions(p.pk for p in people))
    return people


def add_associations(federation, count):
    created = []
    for index in range(count):
        association = make_association(
            federation, f"hoi-them-{index}", f"Hội thêm số {index}", Block.AGENCIES, commune="Sơn Tây"
        )
        add_members(association, 3, prefix=f"Thêm{index}")
        created.append(association)
    return created


# ---------- Sign-in ----------


def test_anonymous_visitors_are_sent_to_sign_in(client, son_hong):
    for url in [reverse("home"), reverse("members:associations"), reverse("members:committee")]:
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))


def test_sign_in_page_is_in_vietnamese_without_sign_up(client, federation):
    response = client.get(reverse("account_login"))
    assert response.status_code == 200
    page = text_of(response)
    assert "Đăng nhập" in page
    assert "Quên mật khẩu?" in page
    assert federation.name in page
    assert "signup" not in response.content.decode()
    assert "Sign Up" not in page


def test_sign_up_is_closed(client, db):
    response = client.get(reverse("account_signup"))
    assert "Không mở đăng ký" in text_of(response)


def test_password_reset_pages_use_the_portal_frame(client, db):
    response = client.get(reverse("account_reset_password"))
    assert response.status_code == 200
    assert "Đặt lại mật khẩu" in text_of(response)
    assert "css/portal.css" in response.content.decode()


def test_password_reset_email_is_in_vietnamese_and_offers_no_sign_up(client, secretariat, mailoutbox):
    client.post(reverse("account_reset_password"), {"email": "thu@lienhiephoi.test"})
    client.post(reverse("account_reset_password"), {"email": "nobody@lienhiephoi.test"})
    known, unknown = mailoutbox
    assert known.subject.endswith("Đặt lại mật khẩu cổng thông tin Liên hiệp hội")
    assert "/tai-khoan/password/reset/key/" in known.body
    assert "chưa có tài khoản" in unknown.body
    assert "signup" not in unknown.body


def test_signing_in_lands_the_secretariat_on_the_dashboard(client, secretariat):
    response = client.post(
        reverse("account_login"),
        {"login": "thu@lienhiephoi.test", "password": "mat-khau-van-phong"},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == reverse("home")
    assert "Tổng quan" in text_of(response)


def test_sign_out_is_a_post_form_in_the_user_menu(client, secretariat):
    client.force_login(secretariat)
    html = client.get(reverse("home")).content.decode()
    assert f'<form method="post" action="{reverse("account_logout")}">' in html


def test_language_switcher_changes_the_interface_language(client, secretariat):
    client.force_login(secretariat)
    response = client.post(reverse("set_language"), {"language": "en", "next": reverse("home")})
    assert response.status_code == 302
    html = client.get(reverse("home")).content.decode()
    assert '<html lang="en">' in html


# ---------- Dashboard ----------


def test_dashboard_shows_the_federation_today(client, secretariat, committee):
    client.force_login(secretariat)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    stats = section(response, "Số liệu ngày", "Hội thành viên theo khối")
    # Three associations (one agency, two communes); four people on rosters; Hưng sits on two bodies.
    assert re.search(r"Hội thành viên 3 1 khối cơ quan · 2 khối xã, thị trấn", stats)
    assert re.search(r"Hội viên 4 ", stats)
    assert re.search(r"Ban Chấp hành 1 uỷ viên Ban Thường vụ 1 · Ban Kiểm tra 0", stats)
    assert "Khoá IV" in stats
    officers = section(response, "Thường trực Liên hiệp hội", "Biến động")
    assert "Chủ tịch Nguyễn Kiều Hưng Phó Chủ tịch UBND huyện" in officers


def test_dashboard_says_when_the_seats_shown_belong_to_the_previous_term(
    client, secretariat, committee, term_v, people
):
    client.force_login(secretariat)
    stats = section(client.get(reverse("home")), "Số liệu ngày", "Hội thành viên theo khối")
    # Term V's congress has been held, but only term IV's people sit on the committee.
    assert "Ban Chấp hành khoá IV 1 uỷ viên" in stats
    assert "Khoá V chưa bầu Ban Chấp hành: còn giữ ghế là người của khoá trước." in stats
    officers = section(client.get(reverse("home")), "Thường trực Liên hiệp hội", "Biến động")
    assert "Khoá V chưa bầu Ban Thường vụ; đây là Thường trực của khoá trước." in officers

    services.grant_mandate(
        people["duc"],
        term_v,
        actor=None,
        body=Body.EXECUTIVE,
        role=Role.MEMBER,
        started_on=term_v.congress_date,
        start_method=StartMethod.CONGRESS,
    )
    stats = section(client.get(reverse("home")), "Số liệu ngày", "Hội thành viên theo khối")
    assert "khoá IV" not in stats
    assert "chưa bầu Ban Chấp hành" not in stats
    assert "Ban Chấp hành 2 uỷ viên" in stats


def test_dashboard_timeline_lists_the_terms_changes(client, secretariat, committee):
    client.force_login(secretariat)
    timeline = section(client.get(reverse("home")), "Biến động trong nhiệm kỳ")
    assert "17/08/2018 Đại hội bầu Ban Chấp hành: 2 người" in timeline
    assert "01/07/2021 Uông Thị Kim Yến thôi uỷ viên Ban Chấp hành Chuyển công tác về cơ sở" in timeline
    assert in_order(timeline, "17/08/2018", "01/07/2021")


def test_dashboard_groups_thousands_with_dots(client, secretariat, agriculture):
    add_members(agriculture, 1234)
    client.force_login(secretariat)
    stats = section(client.get(reverse("home")), "Số liệu ngày", "Hội thành viên theo khối")
    assert "Hội viên 1.234 " in stats


def test_dashboard_runs_the_same_queries_however_big_the_federation(
    client, secretariat, committee, federation, django_assert_num_queries
):
    client.force_login(secretariat)
    url = reverse("home")
    small = queries_for(client, url)
    add_associations(federation, 5)
    assert queries_for(client, url) == small
    # Session and user (2), federation for the header (1), terms, associations by block, the ledger's
    # members in all and by block, seats, officers (5), the term's mandates for the timeline (1), the
    # count of pending link requests (1), the roster sheets waiting to be confirmed (1, so an upload left
    # half-way can be reached), the bodies as the committee page shows them, to say which term's they are (1),
    # and the charts (4): the ledger summed on each day of the term, joiners and leavers of every year, the
    # members' composition, the associations' sizes.
    with django_assert_num_queries(16):
        client.get(url)


def test_a_lead_of_one_association_lands_on_it(client, lead, son_hong):
    client.force_login(lead)
    response = client.get(reverse("home"))
    assert response["Location"] == reverse("members:association", args=[son_hong.pk])


def test_a_lead_of_several_associations_lands_on_the_list(client, lead, pho_chau):
    lead.associations.add(pho_chau)
    client.force_login(lead)
    response = client.get(reverse("home"))
    assert response["Location"] == reverse("members:associations")


def test_a_delegate_is_sent_to_the_congress_documents(client, delegate):
    client.force_login(delegate)
    response = client.get(reverse("home"))
    assert response["Location"] == reverse("congress:home")


# ---------- Association list ----------


def test_association_list_is_in_vietnamese_order_with_member_counts(client, secretariat, people):
    client.force_login(secretariat)
    page = section(client.get(reverse("members:associations")), "Tên hội")
    assert in_order(page, "Hội KH&KT thị trấn Phố Châu", "Hội KH&KT xã Sơn Hồng", "Hội Nông nghiệp huyện")
    # Sơn Hồng: Hưng, Yến, Ánh; Phố Châu: Đức (An left); agriculture: Hưng.
    assert "Hội KH&KT xã Sơn Hồng son-hong Xã, thị trấn Sơn Hồng 3 Đang hoạt động" in page
    assert "Hội KH&KT thị trấn Phố Châu pho-chau Xã, thị trấn Phố Châu 1 Đang hoạt động" in page


def test_association_search_ignores_diacritics(client, secretariat, son_hong, pho_chau, agriculture):
    client.force_login(secretariat)
    page = text_of(client.get(reverse("members:associations"), {"q": "son hong"}))
    assert "Sơn Hồng" in page
    assert "Phố Châu" not in page
    page = text_of(client.get(reverse("members:associations"), {"q": "NÔNG nghiep"}))
    assert "Hội Nông nghiệp huyện" in page
    assert "Sơn Hồng" not in page


def test_association_list_filters_by_block_and_status(client, secretariat, son_hong, agriculture, federation):
    closed = make_association(federation, "son-kim", "Hội KH&KT xã Sơn Kim", Block.COMMUNES)
    services.close_association(
        closed, actor=None, closed_on=datetime.date(2020, 1, 1), reason=ClosedReason.DISSOLVED
    )
    client.force_login(secretariat)
    url = reverse("members:associations")

    page = text_of(client.get(url, {"khoi": Block.AGENCIES}))
    assert "Hội Nông nghiệp huyện" in page and "Sơn Hồng" not in page

    page = text_of(client.get(url))
    assert "Sơn Kim" not in page, "the list starts with the associations active today"

    page = text_of(client.get(url, {"tinh_trang": "da-thoi"}))
    assert "Sơn Kim" in page and "Đã giải thể từ 01/01/2020" in page
    assert "Sơn Hồng" not in page

    page = text_of(client.get(url, {"tinh_trang": "tat-ca"}))
    assert "Sơn Kim" in page and "Sơn Hồng" in page


def test_an_unknown_filter_value_is_ignored_not_an_error(client, secretariat, son_hong, pho_chau):
    client.force_login(secretariat)
    response = client.get(reverse("members:associations"), {"q": "son hong", "khoi": "khong-co"})
    assert response.status_code == 200
    page = text_of(response)
    assert "Sơn Hồng" in page and "Phố Châu" not in page


def test_a_lead_sees_only_their_associations_in_the_list(client, lead, son_hong, pho_chau, agriculture):
    client.force_login(lead)
    page = text_of(client.get(reverse("members:associations")))
    assert "Sơn Hồng" in page
    assert "Phố Châu" not in page
    assert "Hội Nông nghiệp huyện" not in page


def test_a_delegate_sees_no_associations(client, delegate, son_hong):
    client.force_login(delegate)
    response = client.get(reverse("members:associations"))
    assert response.status_code == 200
    assert "Sơn Hồng" not in text_of(response)


def test_association_list_shows_member_counts_with_thousand_dots(client, secretariat, agriculture):
    add_members(agriculture, 1234)
    client.force_login(secretariat)
    page = text_of(client.get(reverse("members:associations")))
    assert (
        "Hội Nông nghiệp huyện nong-nghiep Cơ quan, doanh nghiệp, trường học — 1.234 Đang hoạt động" in page
    )


def test_association_list_runs_the_same_queries_however_many_associations(
    client, secretariat, people, federation, django_assert_num_queries
):
    client.force_login(secretariat)
    url = reverse("members:associations")
    small = queries_for(client, url)
    add_associations(federation, 12)
    assert queries_for(client, url) == small
    # Session and user (2), the page's count and rows with member counts annotated (2), federation (1), the
    # roster sheets waiting to be confirmed (1: a lead of several associations lands here).
    with django_assert_num_queries(6):
        client.get(url)


# ---------- Association page ----------


def test_roster_is_in_vietnamese_order_by_given_name(client, secretariat, son_hong):
    for name in ["Nguyễn Văn Đức", "Lê Thị Ân", "Trần Văn Dũng", "Phạm Thị Ánh", "Hồ Văn Anh"]:
        person = make_person(name)
        services.admit_member(person, son_hong, actor=None, joined_on=datetime.date(2019, 5, 1))
    client.force_login(secretariat)
    roster = section(client.get(reverse("members:association", args=[son_hong.pk])), "Danh sách hội viên")
    # Letters before tones (Anh, Ánh), 'a' before 'â' (Ánh, Ân), 'd' before 'đ' (Dũng, Đức).
    assert in_order(roster, "Hồ Văn Anh", "Phạm Thị Ánh", "Lê Thị Ân", "Trần Văn Dũng", "Nguyễn Văn Đức")


def test_roster_shows_the_columns_a_secretary_keeps(client, secretariat, son_hong, people):
    membership = people["hung"].memberships.get(association=son_hong)
    membership.card_number = "SH-001"
    membership.save()
    Person.objects.filter(pk=people["hung"].pk).update(workplace="UBND huyện Hương Sơn", degree="ThS")
    client.force_login(secretariat)
    roster = section(client.get(reverse("members:association", args=[son_hong.pk])), "Danh sách hội viên")
    assert (
        "2 Nguyễn Kiều Hưng Nam 1970 Thạc sĩ (ThS) UBND huyện Hương Sơn Phó Chủ tịch UBND huyện 01/01/2015 SH-001"
        in roster
    )


def test_roster_search_ignores_diacritics(client, secretariat, son_hong, pho_chau, people):
    client.force_login(secretariat)
    url = reverse("members:association", args=[son_hong.pk])
    roster = section(client.get(url, {"q": "nguyen kieu hung"}), "Danh sách hội viên")
    assert "Nguyễn Kiều Hưng" in roster
    assert "Uông Thị Kim Yến" not in roster

    roster = section(
        client.get(reverse("members:association", args=[pho_chau.pk]), {"q": "dang"}), "Danh sách hội viên"
    )
    assert "Đặng Văn Đức" in roster


def test_roster_can_show_members_who_left_with_date_and_reason(client, secretariat, pho_chau, people):
    client.force_login(secretariat)
    url = reverse("members:association", args=[pho_chau.pk])
    current = section(client.get(url), "Danh sách hội viên")
    assert "Phan Văn An" not in current and "Sắp xếp theo tên, thứ tự chữ cái tiếng Việt" in current
    roster = section(client.get(url, {"da_roi": "1"}), "Danh sách hội viên")
    assert "Phan Văn An" in roster
    # The tab says how it is sorted: by the day each left, the latest first (selectors.roster).
    assert "Sắp xếp theo ngày rời hội, mới nhất ở trên" in roster and "Sắp xếp theo tên" not in roster
    assert "30/06/2020 Chuyển đi nơi khác" in roster
    assert "Đặng Văn Đức" not in roster


def test_roster_is_paginated(client, secretariat, son_hong, settings):
    settings.PAGE_SIZE = 10
    add_members(son_hong, 25)
    client.force_login(secretariat)
    url = reverse("members:association", args=[son_hong.pk])
    roster = section(client.get(url, {"trang": 3}), "Danh sách hội viên")
    assert "21–25 trong 25" in roster
    assert "Trần Hội viên Số0020" in roster
    assert "Trần Hội viên Số0019" not in roster


def test_a_merged_association_links_to_the_one_it_joined(client, secretariat, son_hong, pho_chau, people):
    services.close_association(
        son_hong,
        actor=None,
        closed_on=datetime.date(2024, 1, 1),
        reason=ClosedReason.MERGED,
        merged_into=pho_chau,
    )
    client.force_login(secretariat)
    response = client.get(reverse("members:association", args=[son_hong.pk]))
    assert "Hội đã sáp nhập vào Hội KH&KT thị trấn Phố Châu từ ngày 01/01/2024" in text_of(response)
    assert reverse("members:association", args=[pho_chau.pk]) in response.content.decode()


def test_association_page_names_its_leads(client, secretariat, lead, son_hong):
    client.force_login(secretariat)
    page = text_of(client.get(reverse("members:association", args=[son_hong.pk])))
    assert "Phạm Thị Lan lan@lienhiephoi.test" in page


def test_a_lead_cannot_open_another_association(client, lead, pho_chau):
    client.force_login(lead)
    assert client.get(reverse("members:association", args=[pho_chau.pk])).status_code == 404


def test_roster_runs_the_same_queries_however_many_members(
    client, secretariat, son_hong, people, settings, django_assert_num_queries
):
    settings.PAGE_SIZE = 20
    client.force_login(secretariat)
    url = reverse("members:association", args=[son_hong.pk])
    small = queries_for(client, url)
    add_members(son_hong, 60)
    assert queries_for(client, url) == small
    # Session and user (2), the association with what it merged into (1), counts (1), leads (1),
    # associations merged into it (1), its link requests with their people (1), the page's count and rows
    # with their people (2), federation (1), its roster sheets waiting to be confirmed (1: a lead lands
    # here), and the charts below the roster (4): the current term, the association's members on each
    # day of the term, joiners and leavers of every year, its composition.
    with django_assert_num_queries(15):
        client.get(url)


# ---------- Committee ----------


def test_committee_shows_who_sat_on_a_date(client, secretariat, committee):
    client.force_login(secretariat)
    url = reverse("members:committee")
    seats = section(
        client.get(url, {"ngay": "01/01/2020"}), "Thành phần vào ngày", "Biến động trong nhiệm kỳ"
    )
    assert "Thành phần vào ngày 01/01/2020" in seats
    executive = seats[seats.index("Ban Chấp hành khoá IV 2 người") : seats.index("Ban Thường vụ")]
    assert in_order(executive, "Nguyễn Kiều Hưng", "Uông Thị Kim Yến")

    seats = section(
        client.get(url, {"ngay": "02/07/2021"}), "Thành phần vào ngày", "Biến động trong nhiệm kỳ"
    )
    assert "Ban Chấp hành khoá IV 1 người" in seats
    assert "Uông Thị Kim Yến" not in seats
    assert (
        "Ban Thường vụ khoá IV 1 người STT Họ và tên Chức danh Chức vụ khi đảm nhiệm Từ ngày 1 Nguyễn Kiều Hưng Chủ tịch"
        in seats
    )


def test_committee_lists_officers_first_then_by_name(client, secretariat, term_iv, people):
    for key, role in [
        ("anh", Role.MEMBER),
        ("duc", Role.VICE_CHAIR),
        ("yen", Role.MEMBER),
        ("hung", Role.CHAIR),
    ]:
        services.grant_mandate(
            people[key],
            term_iv,
            actor=None,
            body=Body.STANDING,
            role=role,
            started_on=CONGRESS_IV,
            start_method=StartMethod.COMMITTEE,
        )
    client.force_login(secretariat)
    seats = section(
        client.get(reverse("members:committee"), {"ngay": "17/08/2018"}),
        "Ban Thường vụ khoá IV 4 người",
        "Ban Kiểm tra",
    )
    assert in_order(seats, "Nguyễn Kiều Hưng", "Đặng Văn Đức", "Lê Thị Ánh", "Uông Thị Kim Yến")


def test_a_new_term_shows_the_previous_terms_seats_as_such_until_it_elects_its_own(
    client, secretariat, committee, term_v, people
):
    client.force_login(secretariat)
    url = reverse("members:committee")
    seats = section(
        client.get(url, {"ngay": "20/03/2024"}), "Thành phần vào ngày", "Biến động trong nhiệm kỳ"
    )
    assert "Ban Chấp hành khoá IV nhiệm kỳ trước 1 người" in seats
    assert "Ban Chấp hành khoá V chưa được bầu. Dưới đây là những người của khoá IV còn giữ ghế." in seats
    assert "Ban Thường vụ khoá V chưa được bầu." in seats and "Ban Kiểm tra khoá V chưa được bầu." in seats
    assert "Nguyễn Kiều Hưng" in seats

    # The congress elects the new executive committee: it alone is shown, the others still wait.
    services.grant_mandate(
        people["duc"],
        term_v,
        actor=None,
        body=Body.EXECUTIVE,
        role=Role.MEMBER,
        started_on=datetime.date(2024, 3, 15),
        start_method=StartMethod.CONGRESS,
    )
    seats = section(
        client.get(url, {"ngay": "20/03/2024"}), "Thành phần vào ngày", "Biến động trong nhiệm kỳ"
    )
    executive = seats[seats.index("Ban Chấp hành khoá V 1 người") : seats.index("Ban Thường vụ")]
    assert "Đặng Văn Đức" in executive and "Nguyễn Kiều Hưng" not in executive
    assert "nhiệm kỳ trước" not in executive and "Ban Chấp hành khoá V chưa được bầu" not in seats
    assert "Ban Thường vụ khoá IV nhiệm kỳ trước 1 người" in seats
    assert "Ban Thường vụ khoá V chưa được bầu. Dưới đây là những người của khoá IV còn giữ ghế." in seats

    # Before congress V, term IV is in force; it elected no inspection committee here, and no earlier term sits.
    seats = section(
        client.get(url, {"ngay": "01/01/2020"}), "Thành phần vào ngày", "Biến động trong nhiệm kỳ"
    )
    assert "nhiệm kỳ trước" not in seats and "còn giữ ghế" not in seats
    assert "Ban Thường vụ khoá IV 1 người" in seats and "Ban Kiểm tra khoá IV chưa được bầu." in seats


def test_committee_defaults_to_today(client, secretariat, committee):
    client.force_login(secretariat)
    today = timezone.localdate().strftime("%d/%m/%Y")
    assert f"Thành phần vào ngày {today}" in text_of(client.get(reverse("members:committee")))


def test_a_bad_date_is_explained_and_today_is_shown(client, secretariat, committee):
    client.force_login(secretariat)
    today = timezone.localdate().strftime("%d/%m/%Y")
    for bad, reason in [
        ("31/02/2020", "Ngày 31/02/2020 không có trong lịch."),
        ("2020/13/45", "Ghi sai thứ tự; hãy ghi ngày/tháng/năm, năm ở cuối, ví dụ 15/03/2024."),
        ("hôm qua", "Không phải ngày; hãy ghi theo ngày/tháng/năm, ví dụ 15/03/2024."),
        ("01/01/0200", "Năm 200 quá sớm (trước năm 1900); hãy kiểm tra lại năm."),
    ]:
        page = text_of(client.get(reverse("members:committee"), {"ngay": bad}))
        assert f"Ngày “{bad}” không đúng. {reason} Trang đang hiển thị ngày hôm nay." in page
        assert f"Thành phần vào ngày {today}" in page


def test_committee_links_to_each_congress_day(client, secretariat, committee, term_v):
    client.force_login(secretariat)
    page = text_of(client.get(reverse("members:committee")))
    assert "Đại hội IV · 17/08/2018" in page
    assert "Cuối khoá IV · 14/03/2024" in page
    assert "Đại hội V · 15/03/2024" in page


def test_committee_shows_the_terms_changes(client, secretariat, committee):
    client.force_login(secretariat)
    timeline = section(
        client.get(reverse("members:committee"), {"ngay": "01/01/2020"}), "Biến động trong nhiệm kỳ"
    )
    assert "01/07/2021 Uông Thị Kim Yến thôi uỷ viên Ban Chấp hành Chuyển công tác về cơ sở" in timeline


def test_seats_one_person_gives_up_on_one_day_make_one_line(client, secretariat, committee, people):
    hung = people["hung"]
    for mandate in hung.mandates.all():
        services.end_mandate(
            mandate, actor=None, ended_on=datetime.date(2022, 3, 1), reason=EndReason.RETIRED
        )
    client.force_login(secretariat)
    timeline = section(client.get(reverse("members:committee")), "Biến động trong nhiệm kỳ")
    assert (
        "01/03/2022 Nguyễn Kiều Hưng thôi uỷ viên Ban Chấp hành, Chủ tịch Ban Thường vụ Nghỉ hưu theo chế độ"
        in timeline
    )
    assert timeline.count("Nguyễn Kiều Hưng thôi") == 1


def test_committee_is_for_the_secretariat_only(client, lead, delegate, committee):
    for user in (lead, delegate):
        client.force_login(user)
        assert client.get(reverse("members:committee")).status_code == 404


def test_committee_runs_the_same_queries_however_many_seats(
    client, secretariat, committee, federation, django_assert_num_queries
):
    client.force_login(secretariat)
    url = reverse("members:committee") + "?ngay=01/01/2020"
    small = queries_for(client, url)
    for association in add_associations(federation, 4):
        for membership in association.memberships.select_related("person"):
            services.grant_mandate(
                membership.person,
                committee,
                actor=None,
                body=Body.EXECUTIVE,
                role=Role.MEMBER,
                started_on=datetime.date(2019, 3, 1),
                start_method=StartMethod.COOPTED,
            )
    assert queries_for(client, url) == small
    # Session and user (2), terms (1), seats held on the date (1), the term's mandates (1), the seats' history:
    # its count and page (2), the records of the page's seats and their people (2), federation (1).
    with django_assert_num_queries(10):
        client.get(url)


# ---------- Person page ----------


def test_person_page_shows_details_memberships_and_mandates(client, secretariat, committee, people):
    client.force_login(secretariat)
    page = text_of(client.get(reverse("members:person", args=[people["yen"].pk])))
    assert "Uông Thị Kim Yến" in page
    assert "Ngày sinh 09/09/1978" in page
    assert "Hội KH&KT xã Sơn Hồng 01/01/2015" in page
    assert (
        "Uỷ viên Ban Chấp hành Đại hội bầu Khoá IV (2018–2023) 17/08/2018 01/07/2021 Chuyển công tác về cơ sở"
        in page
    )


def test_person_page_marks_sample_data(client, secretariat, son_hong):
    person = make_person("Trần Thị Mẫu", gender="F", is_sample=True)
    client.force_login(secretariat)
    assert "dữ liệu mẫu" in text_of(client.get(reverse("members:person", args=[person.pk])))


def test_person_page_shows_who_changed_what(client, secretariat, committee, people):
    hung = Person.objects.get(pk=people["hung"].pk)
    services.update_person(
        hung, actor=secretariat, expected_version=hung.version, job_title="Chủ tịch UBND huyện"
    )
    client.force_login(secretariat)
    history = section(client.get(reverse("members:person", args=[hung.pk])), "Lịch sử thay đổi")
    assert re.search(
        r"Cập nhật: Hồ sơ cá nhân \d\d:\d\d \d\d/\d\d/\d{4} bởi Hồ Thị Thu "
        r"Chức vụ: Phó Chủ tịch UBND huyện → Chủ tịch UBND huyện",
        history,
    )
    assert "Tạo mới: Chủ tịch Ban Thường vụ, khoá IV" in history
    assert "Tạo mới: Hội viên Hội Nông nghiệp huyện" in history
    # The latest change comes first.
    assert history.index("Chức vụ:") < history.index("Tạo mới: Hồ sơ cá nhân")


def test_person_history_shows_a_seat_given_up(client, secretariat, committee, people):
    client.force_login(secretariat)
    history = section(client.get(reverse("members:person", args=[people["yen"].pk])), "Lịch sử thay đổi")
    assert "Ngày thôi: — → 01/07/2021" in history
    assert "Lý do thôi: — → Chuyển công tác về cơ sở" in history


def test_a_lead_sees_their_members_but_not_other_associations_records(client, lead, people):
    client.force_login(lead)
    page = text_of(client.get(reverse("members:person", args=[people["hung"].pk])))
    assert "Hội KH&KT xã Sơn Hồng" in page
    assert "Hội Nông nghiệp huyện" not in page, "Hưng's other association is not the lead's to see"
    assert client.get(reverse("members:person", args=[people["duc"].pk])).status_code == 404


def test_person_page_runs_the_same_queries_however_long_the_history(
    client, secretariat, committee, people, django_assert_num_queries
):
    hung = people["hung"]
    client.force_login(secretariat)
    url = reverse("members:person", args=[hung.pk])
    small = queries_for(client, url)
    for number in range(5):
        hung = Person.objects.get(pk=hung.pk)
        services.update_person(
            hung, actor=secretariat, expected_version=hung.version, phone=f"09120000{number}"
        )
    services.end_mandate(
        hung.mandates.get(body=Body.EXECUTIVE),
        actor=secretariat,
        ended_on=datetime.date(2022, 1, 1),
        reason=EndReason.RETIRED,
    )
    assert queries_for(client, url) == small
    # Session and user (2), person (1), memberships, mandates (2), history of person, memberships, mandates (3),
    # federation (1).
    with django_assert_num_queries(9):
        client.get(url)

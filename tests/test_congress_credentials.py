"""The credentials board and the credential report, its figures checked against the records of the fixture."""

import pytest
from django.urls import reverse

from congress.credentials import credential_figures, credential_report
from congress.models import CredentialStatus
from congress.services import CongressError
from congress.services import delegates as services
from members.models import AcademicTitle, Degree
from reports.document import plain_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def checked(congress_v, people, delegate, secretariat):
    """Hưng (PGS.TS), Ánh (ThS, a party member of the Mường people) and Đức are present; Dũng is not.

    Hưng and Ánh are in good standing, Đức is not (with a reason), Dũng is not yet checked.
    """
    hung, anh = people["hung"], people["anh"]
    hung.academic_title, hung.degree = AcademicTitle.ASSOCIATE_PROFESSOR, Degree.DOCTOR
    hung.save()
    anh.degree, anh.party_member, anh.ethnicity = Degree.MASTER, True, "Mường"
    anh.save()
    for key in ("hung", "anh", "duc"):
        services.check_in(congress_v[key], actor=secretariat)
    for key in ("hung", "anh"):
        services.record_credential(congress_v[key], actor=secretariat, status=CredentialStatus.VERIFIED)
    services.record_credential(
        congress_v["duc"], actor=secretariat, status=CredentialStatus.REJECTED, note="Không có biên bản bầu"
    )
    return congress_v


def names(delegates):
    return [d.person.full_name for d in delegates]


def test_the_figures_count_the_records(checked):
    f = credential_figures(checked["congress"])
    # Summoned: Ánh, Đức (elected), Hưng (ex officio), Dũng (appointed); the guest and the revoked one never count.
    assert (len(f.summoned), len(f.present), f.guests) == (4, 3, 1)
    assert [(kind, s, p) for kind, _label, s, p in f.by_kind] == [
        ("elected", 2, 2),
        ("ex_officio", 1, 1),
        ("appointed", 1, 0),
    ]
    s, p = f.composition, f.composition_present
    assert (s.men, s.women, p.men, p.women) == (3, 1, 2, 1)
    assert (s.party_members, s.minorities) == (1, 1)
    assert (s.titles["PGS"], s.degrees["TS"], s.degrees["ThS"]) == (1, 1, 1)
    # Ages on 15/03/2024: Hưng 53, Ánh 34 (her birthday was on 03/03), Đức 39, Dũng 35.
    assert s.average_age == pytest.approx((53 + 34 + 39 + 35) / 4)
    assert p.average_age == pytest.approx((53 + 34 + 39) / 3)
    assert [(person.full_name, age) for person, age in s.oldest] == [("Nguyễn Kiều Hưng", 53)]
    assert [(person.full_name, age) for person, age in s.youngest] == [("Lê Thị Ánh", 34)]
    assert [(r.association.code, r.quota, r.summoned, r.present) for r in f.by_association] == [
        ("pho-chau", 1, 1, 1),
        ("son-hong", 2, 1, 1),
    ]
    assert f.without_association == (2, 1)
    assert (names(f.verified), names(f.rejected), names(f.pending)) == (
        ["Lê Thị Ánh", "Nguyễn Kiều Hưng"],
        ["Đặng Văn Đức"],
        ["Võ Văn Dũng"],
    )
    assert (f.needed, f.quorum_reached) == (3, True)


def test_ages_and_the_oldest_and_youngest_with_birth_dates_known_only_to_the_month_or_year(checked):
    from members.models import Person

    people = {d.person.given_name: d.person for d in checked.values() if hasattr(d, "person")}
    # Hưng known as born in 1970, Ánh in 1990, Dũng in 06/1988 (Đức stays 20/01/1985).
    Person.objects.filter(pk=people["Hưng"].pk).update(birth_date="1970-01-01", birth_date_precision="year")
    Person.objects.filter(pk=people["Ánh"].pk).update(birth_date="1990-01-01", birth_date_precision="year")
    Person.objects.filter(pk=people["Dũng"].pk).update(birth_date="1988-06-01", birth_date_precision="month")
    s = credential_figures(checked["congress"]).composition
    # On 15/03/2024: Hưng 2024 - 1970 = 54, Ánh 34, Dũng 35 (June not yet come), Đức 39.
    assert s.average_age == pytest.approx((54 + 34 + 35 + 39) / 4)
    assert [(person.full_name, age) for person, age in s.oldest] == [("Nguyễn Kiều Hưng", 54)]
    assert [(person.full_name, age) for person, age in s.youngest] == [("Lê Thị Ánh", 34)]
    text = plain_text(credential_report(checked["congress"]))
    assert "cao tuổi nhất: đồng chí Nguyễn Kiều Hưng (54 tuổi, sinh năm 1970);" in text
    # Dũng known only as born in 1990 too: either of the two may be the youngest, and the report says so.
    Person.objects.filter(pk=people["Dũng"].pk).update(birth_date="1990-01-01", birth_date_precision="year")
    s = credential_figures(checked["congress"]).composition
    assert [person.given_name for person, _age in s.youngest] == ["Ánh", "Dũng"]
    # The report's table of ages (Bảng 3) names both, and says their order is not known.
    assert (
        "Lê Thị Ánh (34 tuổi, sinh năm 1990), Võ Văn Dũng (34 tuổi, sinh năm 1990) (chưa rõ thứ tự tuổi: hồ sơ chỉ ghi năm hoặc tháng sinh)"
        in plain_text(credential_report(checked["congress"])).replace("\n", " ")
    )


def test_the_report_says_it_in_the_documents_words(checked):
    content = credential_report(checked["congress"])
    text = plain_text(content)
    meta = content["meta"]
    assert (meta["title"], meta["signed_for"], meta["signer_role"], meta["signer_name"]) == (
        "BÁO CÁO",
        "TM. BAN THẨM TRA TƯ CÁCH ĐẠI\u00a0BIỂU",
        "TRƯỞNG BAN",
        "Phan Đình Thắng",
    )
    assert meta["subtitle"] == "Thẩm tra tư cách đại biểu dự Đại hội đại biểu lần thứ V, nhiệm kỳ 2024–2029"
    assert meta["date_line"] == "Hương Sơn, ngày 15 tháng 3 năm 2024"
    assert meta["parent_body"] == "LIÊN HIỆP CÁC HỘI KH&KT TỈNH HÀ TĨNH"
    assert (
        "Tổng số đại biểu được triệu tập: 04 đồng chí, gồm 02 đại biểu chính thức do các hội thành viên bầu, "
        "01 đại biểu đương nhiên là uỷ viên Ban Chấp hành khoá IV và 01 đại biểu chỉ định." in text
    )
    assert (
        "Số đại biểu có mặt: 03 đồng chí, bằng 75,0% số đại biểu được triệu tập; vắng mặt 01 đồng chí."
        in text
    )
    assert "ít nhất 03 đồng chí. Số đại biểu có mặt bảo đảm điều kiện để Đại hội tiến hành." in text
    assert "Ngoài ra, Đại hội có 01 khách mời, không tính vào số đại biểu." in text
    assert "Trong số 03 đại biểu có mặt: nam 02 đồng chí (66,7%), nữ 01 đồng chí (33,3%)" in text
    assert "người dân tộc thiểu số 01 đồng chí (33,3%). Về học hàm, học vị: 01 PGS, 01 TS, 01 ThS." in text
    assert "Tuổi bình quân của đại biểu có mặt là 42,0 tuổi, tính đến ngày Đại hội 15/03/2024." in text
    assert "cao tuổi nhất: đồng chí Nguyễn Kiều Hưng (53 tuổi)" in text
    assert "trẻ tuổi nhất: đồng chí Lê Thị Ánh (34 tuổi)" in text
    assert (
        "đã thẩm tra 04 đại biểu được triệu tập: 02 đồng chí đủ tư cách đại biểu; 01 đồng chí không đủ tư cách "
        "(Đặng Văn Đức: Không có biên bản bầu); 01 đồng chí chưa được thẩm tra." in text
    )
    assert "công nhận tư cách của 02 đại biểu có mặt" in text
    tables = [b for b in content["blocks"] if b["type"] == "table"]
    by_kind = tables[0]
    assert by_kind["total"] == ["", "Tổng cộng", "4", "3", "75,0%"]
    composition = {row[1]: row[2:] for row in tables[1]["rows"]}
    assert composition["Nữ"] == ["1", "25,0%", "1", "33,3%"]
    assert composition["Học hàm Phó Giáo sư (PGS)"] == ["1", "25,0%", "1", "33,3%"]


def test_before_anyone_checks_in_the_report_describes_the_summoned(congress_v):
    text = plain_text(credential_report(congress_v["congress"]))
    assert "Chưa có đại biểu nào điểm danh tại Đại hội." in text
    assert "chưa bảo đảm điều kiện" in text
    assert "Trong số 04 đại biểu được triệu tập:" in text


def test_rejecting_needs_a_reason_and_guests_are_not_checked(congress_v, secretariat):
    with pytest.raises(CongressError, match="lý do"):
        services.record_credential(congress_v["duc"], actor=secretariat, status=CredentialStatus.REJECTED)
    with pytest.raises(CongressError, match="Khách mời"):
        services.record_credential(congress_v["yen"], actor=secretariat, status=CredentialStatus.VERIFIED)


def test_the_board_marks_a_delegate_and_returns_to_the_row(client, congress_v, secretariat):
    client.force_login(secretariat)
    board = reverse("congress:credentials", args=[congress_v["congress"].pk])
    response = client.post(
        reverse("congress:delegate_credential", args=[congress_v["duc"].pk]),
        {"status": "verified", "note": "", "next": board + "#d-1"},
    )
    assert response["Location"] == board + "#d-1"
    congress_v["duc"].refresh_from_db()
    assert congress_v["duc"].credential == CredentialStatus.VERIFIED
    assert congress_v["duc"].credential_checked_by == secretariat
    page = client.get(board, {"tham_tra": "pending"}).content.decode()
    assert f'id="d-{congress_v["duc"].pk}"' not in page
    assert f'id="d-{congress_v["dung"].pk}"' in page


def test_the_report_page_shows_the_document_and_the_pdf_is_a_pdf(client, checked, secretariat):
    client.force_login(secretariat)
    page = client.get(reverse("congress:credential_report", args=[checked["congress"].pk]))
    html = page.content.decode()
    assert "TM. BAN THẨM TRA TƯ CÁCH ĐẠI\u00a0BIỂU" in html and "Độc lập - Tự do - Hạnh phúc" in html
    assert "Còn 1 đại biểu chưa được thẩm tra." in html
    response = client.get(reverse("congress:credential_report_pdf", args=[checked["congress"].pk]))
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert "tham-tra-tu-cach-dai-bieu-dai-hoi-V.pdf" in response["Content-Disposition"]

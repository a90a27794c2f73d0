"""The report's PDF, read back the way a delegate's reader reads it: poppler's pdftotext, pdffonts and pdfinfo.

It is in the state format (Decree 30/2020): A4, one serif family (Tinos, metric-compatible with Times New
Roman) embedded, the organisation's name and the national motto, the date line, page numbers from page 2,
the signature block, and the draft mark on a draft. Its Vietnamese text extracts exactly, and the demo
report states the federation's facts the same way wherever they appear.
"""

import re
import shutil
import subprocess

import pytest
from django.core.management import call_command

from reports import services
from reports.document import compose_report
from reports.models import Section
from reports.rendering import render_pdf

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils is not installed")

# Every Vietnamese vowel with every tone mark, in capitals and small letters, and đ/Đ.
DIACRITICS = (
    "Đà Nẵng, Huế, Quảng Trị: ăn ắn ằn ẳn ẵn ặn, ân ấn ần ẩn ẫn ận, ê ế ề ể ễ ệ, ô ố ồ ổ ỗ ộ, "
    "ơ ớ ờ ở ỡ ợ, ư ứ ừ ử ữ ự, á à ả ã ạ, é è ẻ ẽ ẹ, í ì ỉ ĩ ị, ó ò ỏ õ ọ, ú ù ủ ũ ụ, ý ỳ ỷ ỹ ỵ, "
    "ĂẮẰẲẴẶ ÂẤẦẨẪẬ ÊẾỀỂỄỆ ÔỐỒỔỖỘ ƠỚỜỞỠỢ ƯỨỪỬỮỰ ÝỲỶỸỴ đường Đường."
)


def pdftotext(path, *pages, area=None):
    """The text of the pages; `area` is (x, y, width, height) in points, to read one column of the heading."""
    args = ["pdftotext", "-enc", "UTF-8"]
    if pages:
        args += ["-f", str(pages[0]), "-l", str(pages[-1])]
    if area:
        args += ["-x", str(area[0]), "-y", str(area[1]), "-W", str(area[2]), "-H", str(area[3])]
    return subprocess.run([*args, str(path), "-"], capture_output=True, text=True, check=True).stdout


def words(text):
    """Lines joined with single spaces: a sentence reads the same wherever the page broke it."""
    return " ".join(text.split())


def fonts(path):
    """(font name without the subset tag, embedded) for each font of the PDF."""
    output = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    rows = []
    for line in output.splitlines()[2:]:
        columns = line.split()
        name = columns[0].split("+", 1)[-1]
        embedded = columns[-5]
        rows.append((name, embedded))
    return rows


def page_count(path):
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1)), info


@pytest.fixture
def small_pdf(term_report, secretariat, tmp_path):
    services.save_section_text(term_report, Section.OPENING, DIACRITICS, actor=secretariat)
    path = tmp_path / "bao-cao.pdf"
    path.write_bytes(render_pdf(compose_report(term_report)))
    return path


def test_vietnamese_text_extracts_exactly(small_pdf):
    text = words(pdftotext(small_pdf))
    assert DIACRITICS in text
    assert "Ông Nguyễn Kiều Hưng, Phó Chủ tịch UBND huyện, được bầu làm Chủ tịch Liên hiệp hội." in text
    assert "bà Uông Thị Kim Yến chuyển công tác về cơ sở" in text
    assert "- Một số hội chưa báo cáo đúng hạn." in text


def test_it_embeds_one_serif_family_and_no_fallback_font(small_pdf):
    found = fonts(small_pdf)
    assert {name for name, _ in found} <= {"Tinos", "Tinos-Bold", "Tinos-Italic", "Tinos-Bold-Italic"}
    assert {"Tinos", "Tinos-Bold", "Tinos-Italic"} <= {name for name, _ in found}
    assert all(embedded == "yes" for _, embedded in found)


def test_it_is_in_the_state_format(small_pdf):
    pages, info = page_count(small_pdf)
    assert "(A4)" in info
    # The heading's two columns: left of about 95 mm from the page's edge, the organisation; right, the motto.
    left = words(pdftotext(small_pdf, 1, area=(0, 0, 270, 160)))
    right = words(pdftotext(small_pdf, 1, area=(270, 0, 325, 160)))
    assert left == (
        "LIÊN HIỆP CÁC HỘI KH&KT TỈNH HÀ TĨNH LIÊN HIỆP CÁC HỘI KHOA HỌC VÀ KỸ THUẬT HUYỆN HƯƠNG SƠN"
    )
    assert right == (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc Hương Sơn, ngày 05 tháng 01 năm 2024"
    )
    first = words(pdftotext(small_pdf, 1))
    assert "BÁO CÁO Kiểm điểm của Ban Chấp hành Liên hiệp hội khoá IV, nhiệm kỳ 2018–2023" in first
    last = words(pdftotext(small_pdf, pages))
    assert "Nơi nhận:" in last
    assert "TM. BAN CHẤP HÀNH CHỦ TỊCH" in last
    assert last.rstrip().endswith("Nguyễn Kiều Hưng")
    assert "DỰ THẢO" not in words(pdftotext(small_pdf))


def test_pages_are_numbered_from_the_second_at_the_top(term_report, secretariat, tmp_path):
    # Enough prose for three pages.
    services.save_section_text(
        term_report, Section.CONSULTING, "\n".join([DIACRITICS] * 30), actor=secretariat
    )
    path = tmp_path / "dai.pdf"
    path.write_bytes(render_pdf(compose_report(term_report)))
    pages, _ = page_count(path)
    assert pages >= 3
    assert not pdftotext(path, 1).strip().startswith("1")
    for page in range(2, pages + 1):
        assert pdftotext(path, page).split()[0] == str(page)


def test_the_text_sits_inside_the_decree_margins(small_pdf):
    """Left 30-35 mm, right 15-20 mm, top and bottom 20-25 mm (the page number sits in the top margin)."""
    mm = 72 / 25.4
    layout = subprocess.run(
        ["pdftotext", "-bbox", "-f", "1", "-l", "1", str(small_pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    boxes = [
        tuple(float(v) for v in match)
        for match in re.findall(r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)"', layout)
    ]
    assert boxes
    assert 30 * mm - 1 <= min(b[0] for b in boxes) <= 35 * mm
    assert 210 * mm - 20 * mm <= max(b[2] for b in boxes) <= 210 * mm - 15 * mm + 1
    assert min(b[1] for b in boxes) >= 20 * mm - 1
    assert max(b[3] for b in boxes) <= 297 * mm - 20 * mm + 1


def test_a_draft_carries_its_mark(term_report, tmp_path):
    path = tmp_path / "du-thao.pdf"
    path.write_bytes(render_pdf(compose_report(term_report, version_label="Dự thảo lần 1")))
    text = words(pdftotext(path))
    assert text.startswith("DỰ THẢO LẦN 1")
    assert "Nguyễn Kiều Hưng (Dự thảo lần 1)" in text


def test_the_demo_report_states_the_federations_facts_consistently(db, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    call_command("load_demo", stdout=open(tmp_path / "load_demo.txt", "w"))
    path = tmp_path / "bao-cao-khoa-IV.pdf"
    call_command(
        "render_report",
        "--term",
        "IV",
        "--format",
        "pdf",
        "-o",
        str(path),
        stdout=open(tmp_path / "out", "w"),
    )
    text = words(pdftotext(path))

    assert "…" not in text
    # The congress, the committee it elected, and the committee's first session.
    assert (
        "lần thứ IV, nhiệm kỳ 2018–2023, họp ngày 17/08/2018, đã bầu 19 uỷ viên Ban Chấp hành (BCH)" in text
    )
    assert "BCH đã bầu 05 uỷ viên Ban Thường vụ (BTV) và 01 Trưởng Ban Kiểm tra" in text
    assert "Ông Nguyễn Kiều Hưng, Phó Chủ tịch UBND huyện, được bầu làm Chủ tịch Liên hiệp hội." in text
    assert (
        "Ông Trần Đình Chiến – Giám đốc Công ty Cổ phần Nông nghiệp Hương Sơn và ông Nguyễn Trường Giang – "
        "Trưởng phòng Giáo dục và Đào tạo được bầu làm Phó Chủ tịch Liên hiệp hội." in text
    )
    assert "Ông Trần Văn Mạnh, Cán bộ chuyên trách Liên hiệp hội huyện, được bầu làm Tổng thư ký" in text
    # The five who left, with their reasons, and the committee that remains: the same in both places.
    assert (
        "05 uỷ viên không tiếp tục tham gia BCH: 03 người chuyển công tác (ông Trần Văn Mạnh – UVBTV, "
        "Tổng thư ký – chuyển công tác về tỉnh; bà Võ Thị Hương và bà Uông Thị Kim Yến chuyển công tác về "
        "cơ sở), 02 người nghỉ hưu theo chế độ (ông Nguyễn Văn Sơn – Giám đốc Xí nghiệp chè Tây Sơn; "
        "ông Lê Nhật Tân – Trưởng phòng Văn hóa – Thông tin)" in text
    )
    assert "Tính đến thời điểm Đại hội lần thứ V, Ban Chấp hành Liên hiệp hội có 14 người." in text
    assert (
        "Trong nhiệm kỳ có 01 uỷ viên BTV chuyển công tác về tỉnh, 02 uỷ viên BCH chuyển công tác về cơ sở "
        "và 02 uỷ viên BCH nghỉ hưu theo chế độ; BCH còn 14 người." in text
    )
    assert "(Số uỷ viên BCH thôi tham gia trong nhiệm kỳ: 05)" in text
    # Associations and members.
    assert (
        "44 hội thành viên (gồm 19 hội khối cơ quan, doanh nghiệp, trường học và 25 hội khối xã, thị trấn)"
        in text
    )
    assert "hơn 8.000 hội viên" in text
    assert set(re.findall(r"(\d+) hội thành viên", text)) == {"44"}
    assert set(re.findall(r"có ([\d.]+) người\.", text)) == {"14"}
    members = re.search(r"với ([\d.]+) hội viên\.", text).group(1)
    assert int(members.replace(".", "")) > 8000
    assert f"Tổng cộng 44 {members}" in text
    # The term's activities and the district's figures.
    assert "550 năm danh xưng Hương Sơn (1469-2019)" in text
    assert "300 năm ngày sinh Đại danh y Hải Thượng Lãn Ông Lê Hữu Trác (1724-2024)" in text
    assert (
        "cuộc thi trực tuyến về cải cách hành chính và cuộc thi tìm hiểu pháp luật về bảo hiểm xã hội" in text
    )
    assert "06/QĐ-TTg ngày 06/01/2022" in text.replace("/ ", "/")
    assert "23 xã giữ vững và nâng cao các tiêu chí nông thôn mới" in text
    assert "48 sản phẩm OCOP, trong đó 01 sản phẩm đạt 4 sao" in text
    assert "đã đóng góp 69.500.000 đồng" in text
    assert "tổng số có 06 đề tài, sáng kiến được công nhận ở cấp tỉnh" in text
    # Seven shortcomings, then the closing addressed to congress V, and the signature.
    shortcomings = text[text.index("II. NHỮNG TỒN TẠI, HẠN CHẾ") : text.index("Trên đây là báo cáo")]
    assert len(re.findall(r"(?:^| )- ", shortcomings)) == 7
    assert "Ban Chấp hành khoá V, nhiệm kỳ 2024–2029" in text
    assert "TM. BAN CHẤP HÀNH CHỦ TỊCH" in text

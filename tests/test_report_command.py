"""`manage.py render_report --term IV [--version N] --format pdf|html|docx -o FILE`."""

import hashlib
import io
import re

import pytest
from django.core.management import CommandError, call_command
from docx import Document

from reports import services
from reports.models import Indicator, Initiative, Level, Section


def render(tmp_path, name, *args):
    path = tmp_path / name
    out = io.StringIO()
    call_command("render_report", *args, "-o", str(path), stdout=out, stderr=io.StringIO())
    return path, out.getvalue()


@pytest.fixture
def publishable(term_report, secretariat, settings, tmp_path):
    """The fixture report with every figure its prose cites recorded, so it can be published."""
    settings.MEDIA_ROOT = tmp_path / "media"
    Initiative.objects.create(
        term=term_report.term,
        title="Giống chè cành",
        authors="Nguyễn Văn Sơn",
        level=Level.PROVINCE,
        recognised_on="2020-05-01",
    )
    Indicator.objects.create(
        term=term_report.term, code="san_pham_ocop", label="Sản phẩm OCOP", value=48, as_of="2023-12-31"
    )
    services.save_section_text(
        term_report, Section.SCIENCE, "Có {so_de_tai_cap_tinh} đề tài cấp tỉnh.", actor=secretariat
    )
    return term_report


def test_it_writes_the_live_report_in_each_format(publishable, tmp_path):
    pdf, said = render(tmp_path, "r.pdf", "--term", "IV", "--format", "pdf")
    assert pdf.read_bytes().startswith(b"%PDF-")
    assert "Đã ghi" in said
    html, _ = render(tmp_path, "r.html", "--term", "4", "--format", "html")
    page = html.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and "Có 01 đề tài cấp tỉnh." in page
    docx, _ = render(tmp_path, "r.docx", "--term", "iv", "--format", "docx")
    assert "Có 01 đề tài cấp tỉnh." in [p.text for p in Document(str(docx)).paragraphs]


def test_a_published_versions_pdf_is_the_stored_file_byte_for_byte(publishable, secretariat, tmp_path):
    version = services.publish_version(publishable, actor=secretariat)
    # The records change after publishing: the version's files do not.
    Initiative.objects.create(
        term=publishable.term, title="Mới", authors="A", level=Level.PROVINCE, recognised_on="2021-01-01"
    )
    pdf, _ = render(tmp_path, "v1.pdf", "--term", "IV", "--version", "1", "--format", "pdf")
    assert hashlib.sha256(pdf.read_bytes()).hexdigest() == version.pdf_sha256
    with version.pdf.open("rb") as stored:
        assert pdf.read_bytes() == stored.read()
    html, _ = render(tmp_path, "v1.html", "--term", "IV", "--version", "1", "--format", "html")
    assert "Có 01 đề tài cấp tỉnh." in html.read_text(encoding="utf-8")
    assert "DỰ THẢO LẦN 1" in html.read_text(encoding="utf-8")
    docx, _ = render(tmp_path, "v1.docx", "--term", "IV", "--version", "1", "--format", "docx")
    assert "Có 01 đề tài cấp tỉnh." in [p.text for p in Document(str(docx)).paragraphs]
    live, _ = render(tmp_path, "live.html", "--term", "IV", "--format", "html")
    assert "Có 02 đề tài cấp tỉnh." in live.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--term", "IX"], "Không có nhiệm kỳ khoá IX."),
        (["--term", "V"], "Nhiệm kỳ khoá V chưa có báo cáo."),
        (["--term", "IV", "--version", "7"], "Báo cáo không có phiên bản số 7."),
    ],
)
def test_it_says_what_is_missing(term_report, tmp_path, args, message):
    with pytest.raises(CommandError, match=message):
        call_command("render_report", *args, "-o", str(tmp_path / "x.pdf"))
    assert not (tmp_path / "x.pdf").exists()


def test_it_warns_about_figures_without_data_but_writes_the_draft(term_report, secretariat, tmp_path):
    services.save_section_text(
        term_report, Section.SCIENCE, "Có {so_de_tai_cap_tinh} đề tài.", actor=secretariat
    )
    err = io.StringIO()
    call_command(
        "render_report", "--term", "IV", "--format", "html", "-o", str(tmp_path / "x.html"), stderr=err
    )
    assert "so_de_tai_cap_tinh" in err.getvalue()
    page = re.sub(r"<[^>]+>", "", (tmp_path / "x.html").read_text(encoding="utf-8"))
    assert "Có … đề tài." in page

"""The term report's fixtures: the term IV report of the small federation in conftest.py, one of its
shortcomings and a published first draft. Imported by conftest.py so the permission matrix can name them."""

import datetime
import hashlib

import pytest
from django.core.files.base import ContentFile

from reports.document import compose_report
from reports.models import ReportVersion, TermReport, VersionKind
from reports.services import add_shortcoming

__all__ = ["report_shortcoming", "report_version", "term_report"]


@pytest.fixture
def term_report(committee, term_v, secretariat):
    """The term IV report with one shortcoming; its prose is empty, its figures come from the fixtures."""
    report = TermReport.objects.create(
        term=committee, signer_name="Nguyễn Kiều Hưng", dated=datetime.date(2024, 1, 5)
    )
    add_shortcoming(report, "Một số hội chưa báo cáo đúng hạn.", actor=secretariat)
    return report


@pytest.fixture
def report_shortcoming(term_report):
    return term_report.shortcomings.get()


@pytest.fixture
def report_version(term_report, secretariat, settings, tmp_path):
    """A published first draft, stored as publishing stores it but with a stand-in PDF, to keep tests fast."""
    settings.MEDIA_ROOT = tmp_path
    pdf = b"%PDF-1.7 stand-in"
    version = ReportVersion(
        report=term_report,
        number=1,
        kind=VersionKind.DRAFT,
        draft_number=1,
        content=compose_report(term_report, version_label="Dự thảo lần 1"),
        pdf_sha256=hashlib.sha256(pdf).hexdigest(),
        published_by=secretariat,
    )
    version.pdf.save("bao-cao-khoa-IV-v1.pdf", ContentFile(pdf))
    return version

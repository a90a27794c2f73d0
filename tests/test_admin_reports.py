"""The reports in the admin: a report is opened by the same service as on the reports page; versions stay frozen."""

import datetime

import pytest
from django.urls import reverse

from members.models import User
from reports.models import ReportVersion, TermReport

pytestmark = pytest.mark.django_db


@pytest.fixture
def root(client):
    client.force_login(User.objects.create_superuser("root@lienhiephoi.test", "mat-khau-goc"))
    return client


def test_a_published_version_cannot_be_restored_from_its_history(root, report_version):
    frozen = report_version.history.get()
    url = reverse("admin:reports_reportversion_simple_history", args=[report_version.pk, frozen.history_id])

    response = root.post(url, {})

    assert response.status_code == 403
    assert report_version.history.count() == 1
    assert ReportVersion.objects.get(pk=report_version.pk).pdf_sha256 == report_version.pdf_sha256


def test_a_report_opened_in_the_admin_keeps_the_heading_entered_there(root, term_v):
    response = root.post(
        reverse("admin:reports_termreport_add"),
        {"term": term_v.pk, "title": "BÁO CÁO", "subtitle": "Tổng kết nhiệm kỳ", "signed_for": "TM. BAN CHẤP HÀNH",
         "signer_role": "CHỦ TỊCH", "signer_name": "Nguyễn Kiều Hưng", "dated": "15/01/2024"},
    )  # fmt: skip

    assert response.status_code == 302
    report = TermReport.objects.get(term=term_v)
    assert (report.subtitle, report.dated) == ("Tổng kết nhiệm kỳ", datetime.date(2024, 1, 15))
    assert report.history.first().history_user.email == "root@lienhiephoi.test"

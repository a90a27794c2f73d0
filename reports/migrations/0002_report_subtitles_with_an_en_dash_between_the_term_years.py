"""Subtitles saved as "…, nhiệm kỳ 2018-2023" read "…, nhiệm kỳ 2018–2023", as the term's years are written everywhere.

Published versions keep their text: they are the record of what was published.
"""

import re

from django.db import migrations

HYPHENATED = re.compile(r"\b(\d{4})-(\d{4})\b")
EN_DASHED = re.compile(r"\b(\d{4})–(\d{4})\b")


def _rewrite(apps, pattern, dash):
    TermReport = apps.get_model("reports", "TermReport")
    for report in TermReport.objects.exclude(subtitle=""):
        subtitle = pattern.sub(rf"\1{dash}\2", report.subtitle)
        if subtitle != report.subtitle:
            report.subtitle = subtitle
            report.save(update_fields=["subtitle"])


def use_en_dash(apps, schema_editor):
    _rewrite(apps, HYPHENATED, "–")


def use_hyphen(apps, schema_editor):
    _rewrite(apps, EN_DASHED, "-")


class Migration(migrations.Migration):
    dependencies = [("reports", "0001_term_report_records_and_versions")]

    operations = [migrations.RunPython(use_en_dash, use_hyphen)]

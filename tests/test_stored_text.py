"""Every text field of the portal's records is saved without the characters text.py never stores.

A right-to-left override in a name or in the report's prose makes the page and the PDF show something else
than what was typed; a NUL is refused by PostgreSQL (an error page) and kept by SQLite (and exported).
Every save goes through one pre_save rule, the admin's and the services' alike.
"""

import datetime
import importlib
import shutil
import subprocess
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.db import connection
from django.db.models.signals import pre_save
from django.urls import reverse

from congress.models import Comment
from congress.services.delegates import add_comment
from members import exporting, services
from members.models import Federation, Membership, Person
from reports import services as report_services
from reports.document import compose_report
from reports.models import Activity, ActivityKind, Section
from reports.rendering import render_pdf

RLO = "\u202e"
PORTAL_APPS = ["members", "reports", "congress"]


def text_fields(model):
    from django.db import models

    return [
        field
        for field in model._meta.concrete_fields
        if isinstance(field, models.CharField | models.TextField)
    ]


def portal_models():
    return [
        model
        for label in PORTAL_APPS
        for model in apps.get_app_config(label).get_models()
        if text_fields(model)
    ]


@pytest.mark.parametrize("model", portal_models(), ids=lambda model: model._meta.label)
def test_every_text_field_of_every_record_is_saved_without_hidden_characters(db, model):
    instance = model()
    fields = text_fields(model)
    for field in fields:
        setattr(instance, field.attname, f"Sơn{RLO} Hồng\x00\u200b")

    pre_save.send(sender=model, instance=instance, raw=False, using="default", update_fields=None)

    assert {field.name: getattr(instance, field.attname) for field in fields} == {
        field.name: "Sơn Hồng" for field in fields
    }


def test_a_nul_in_a_members_details_is_neither_stored_nor_exported(people, son_hong, secretariat):
    # On PostgreSQL this was an error page; on SQLite the NUL went into the database and the export.
    person = services.create_person(
        actor=secretariat,
        family_name="Trần",
        given_name="Nam",
        gender="M",
        education_level="Kỹ sư\x00 nông nghiệp",
        phone="0912\x00345678",
    )
    services.admit_member(
        person, son_hong, actor=secretariat, joined_on=datetime.date(2024, 1, 2), card_number="SH\x00-7"
    )

    person.refresh_from_db()
    membership = Membership.objects.get(person=person)
    _name, _type, content = exporting.export_roster([son_hong], "csv")

    assert (person.education_level, person.phone, membership.card_number) == (
        "Kỹ sư nông nghiệp",
        "0912345678",
        "SH-7",
    )
    assert b"\x00" not in content
    assert "SH-7" in content.decode("utf-8-sig")


def test_a_leaving_note_is_stored_as_it_reads(people, secretariat):
    membership = people["duc"].memberships.get()

    services.record_leaving(
        membership,
        actor=secretariat,
        left_on=datetime.date(2024, 5, 1),
        reason="other",
        note=f"Chuyển{RLO} vào Nam",
    )

    membership.refresh_from_db()
    assert membership.leave_note == "Chuyển vào Nam"
    assert membership.history.latest().leave_note == "Chuyển vào Nam"


def test_a_persons_history_keeps_the_text_as_stored(people, secretariat):
    hung = people["hung"]

    services.update_person(
        hung, actor=secretariat, expected_version=hung.version, workplace=f"UBND{RLO} huyện"
    )

    assert Person.objects.get(pk=hung.pk).workplace == "UBND huyện"
    assert hung.history.latest().workplace == "UBND huyện"


def test_report_prose_keeps_its_lines_and_loses_its_overrides(term_report, secretariat):
    body = f"Đoạn một{RLO} đảo chiều.\r\n\r\nĐoạn hai\u2066 cô lập\u2069."

    saved = report_services.save_section_text(term_report, Section.CLOSING, body, actor=secretariat)

    saved.refresh_from_db()
    assert saved.body == "Đoạn một đảo chiều.\n\nĐoạn hai cô lập."


def test_a_shortcoming_loses_its_zero_width_characters(term_report, secretariat):
    item = report_services.add_shortcoming(term_report, "Chưa\u200b kịp\ufeff thời.", actor=secretariat)

    item.refresh_from_db()
    assert item.text == "Chưa kịp thời."


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils is not installed")
def test_the_pdf_shows_the_prose_in_the_order_it_was_typed(term_report, secretariat, tmp_path):
    # With U+202E kept, the PDF read "Báo cáo .nạh gnúđ gnợưl ốs".
    report_services.save_section_text(
        term_report, Section.CLOSING, f"Báo cáo {RLO}số lượng đúng hạn.", actor=secretariat
    )

    path = tmp_path / "bao-cao.pdf"
    path.write_bytes(render_pdf(compose_report(term_report)))
    shown = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True
    ).stdout

    assert "Báo cáo số lượng đúng hạn." in " ".join(shown.split())


def test_a_delegates_comment_is_stored_without_hidden_characters(congress_v, delegate):
    comment = add_comment(congress_v["draft"], actor=delegate, body=f"Đề nghị{RLO} sửa\x00 đoạn 2.\nCảm ơn.")

    comment.refresh_from_db()
    assert comment.text == "Đề nghị sửa đoạn 2.\nCảm ơn."
    assert Comment.history.filter(id=comment.pk).latest().text == "Đề nghị sửa đoạn 2.\nCảm ơn."


def test_an_activity_title_on_one_line_gets_spaces_for_its_line_breaks(term_iv):
    activity = Activity.objects.create(
        term=term_iv,
        kind=ActivityKind.TRAINING,
        title="Tập huấn\r\nkỹ thuật\tchăn nuôi",
        held_on=datetime.date(2020, 3, 1),
    )

    activity.refresh_from_db()
    assert activity.title == "Tập huấn kỹ thuật chăn nuôi"


def test_the_admin_saves_the_federations_name_without_an_override(client, secretariat, federation):
    secretariat.is_staff = True
    secretariat.save()
    client.force_login(secretariat)

    response = client.post(
        reverse("admin:members_federation_change", args=[federation.pk]),
        {
            "name": f"Liên hiệp các hội{RLO} KH&KT huyện Hương Sơn",
            "short_name": federation.short_name,
            "document_name": "",
            "parent_body": federation.parent_body,
            "locality": f"Hương{RLO} Sơn",
        },
    )

    assert response.status_code == 302
    federation.refresh_from_db()
    assert (federation.name, federation.locality) == ("Liên hiệp các hội KH&KT huyện Hương Sơn", "Hương Sơn")


# ---------- Text stored before the rule ----------


@pytest.fixture
def cleaning():
    return importlib.import_module("members.migrations.0011_remove_hidden_characters_from_stored_text")


def test_the_migration_cleans_text_stored_before_the_rule(cleaning, people, term_report, secretariat):
    # Written with update(), which bypasses every save, as text from before the rule is.
    hung = people["hung"]
    Person.objects.filter(pk=hung.pk).update(job_title=f"Phó Chủ tịch{RLO} UBND huyện")
    section = report_services.save_section_text(term_report, Section.OPENING, "Mở đầu.", actor=secretariat)
    type(section).objects.filter(pk=section.pk).update(body=f"Mở{RLO} đầu.\r\nHết.")
    Federation.objects.update(locality="Hương\u200bSơn")

    cleaning.remove_hidden_characters(apps, SimpleNamespace(connection=connection))

    hung.refresh_from_db()
    section.refresh_from_db()
    assert hung.job_title == "Phó Chủ tịch UBND huyện"
    assert section.body == "Mở đầu.\nHết."
    assert Federation.objects.get().locality == "HươngSơn"


def test_the_migration_leaves_clean_records_alone(cleaning, people):
    before = {p.pk: (p.job_title, p.updated_at) for p in Person.objects.all()}

    cleaning.remove_hidden_characters(apps, SimpleNamespace(connection=connection))

    assert {p.pk: (p.job_title, p.updated_at) for p in Person.objects.all()} == before

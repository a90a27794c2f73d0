"""Text stored before every save removed hidden characters (bidi overrides, zero-width characters, NUL...)
is cleaned here once, in the portal's three apps, so that pages, exports and documents need not clean it
again when they show it.

Only the rows that hold such a character are written, with update(): this is not a change anyone made, so
it leaves no history and no "updated at". Frozen report versions keep their stored content and PDF (JSON is
not text here), since they are records of what was published.
"""

from django.db import migrations

from members import text

PORTAL_APPS = {"members", "reports", "congress"}


def remove_hidden_characters(apps, schema_editor):
    alias = schema_editor.connection.alias
    # The other apps' records are in this state only when their tables exist; otherwise there is no text yet.
    for model in apps.get_models():
        if model._meta.app_label not in PORTAL_APPS:
            continue
        fields = text.text_fields(model)
        if not fields:
            continue
        rows = model._base_manager.using(alias).values_list("pk", *(name for name, _multiline in fields))
        for pk, *values in rows.iterator(chunk_size=2000):
            changed = {}
            for (name, multiline), value in zip(fields, values, strict=True):
                if value and text.remove_hidden(value, multiline=multiline) != value:
                    changed[name] = text.remove_hidden(value, multiline=multiline)
            if changed:
                model._base_manager.using(alias).filter(pk=pk).update(**changed)


class Migration(migrations.Migration):
    dependencies = [
        ("members", "0010_staged_uploads_share_one_status"),
    ]

    operations = [
        migrations.RunPython(remove_hidden_characters, migrations.RunPython.noop, elidable=True),
    ]

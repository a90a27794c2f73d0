"""Fill the member-count ledger from the rosters already stored.

0006 created the ledger empty, so a database upgraded from before it counted no members until someone ran
`rebuild_member_counts`. Going back empties the ledger again, as 0006 left it.
"""

from django.db import migrations

from members import member_counts


def fill_ledger(apps, schema_editor):
    member_counts.rebuild(apps=apps)


def empty_ledger(apps, schema_editor):
    apps.get_model("members", "MemberCountChange").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("members", "0007_link_requests"),
    ]

    operations = [
        migrations.RunPython(fill_ledger, empty_ledger),
    ]

from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor):
    # The default cache is a database table (see settings.CACHES); sign-in rate limits live there.
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("members", "0001_federation_terms_associations_people_mandates")]

    operations = [migrations.RunPython(create_cache_table, migrations.RunPython.noop)]

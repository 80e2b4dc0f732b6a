"""Create the ``competition_host`` role and its ``host_competitions`` capability."""

from django.db import migrations


def sync(apps, schema_editor):
    from skillcert.core.roles import sync_roles

    sync_roles(apps)


class Migration(migrations.Migration):
    dependencies = [("competitions", "0001_initial"), ("core", "0003_jobs")]

    operations = [migrations.RunPython(sync, migrations.RunPython.noop)]

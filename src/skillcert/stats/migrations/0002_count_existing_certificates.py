"""Count the certificates an installation already holds (later ones are counted as they are issued)."""

from typing import Any

from django.db import migrations


def count_existing(apps: Any, schema_editor: Any) -> None:
    from skillcert.stats.services import rebuild_tallies

    rebuild_tallies(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("stats", "0001_initial"),
        ("certificates", "0002_qualification_capability"),
    ]

    operations = [migrations.RunPython(count_existing, migrations.RunPython.noop)]

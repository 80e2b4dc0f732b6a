"""Job.heartbeat_at: running jobs beat, the reaper fails those whose worker died."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("core", "0004_rate_counters"),
    ]

    operations = [
        migrations.AddField(
            model_name="job",
            name="heartbeat_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="last heartbeat"),
        ),
    ]

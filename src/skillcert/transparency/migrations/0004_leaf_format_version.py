"""Each entry records its leaf format; existing entries keep an empty value, which means format 1.

A nullable column without a default is added in place (``ALTER TABLE … ADD COLUMN``) on SQLite and
PostgreSQL alike: no existing row is rewritten, so the append-only triggers stay untouched.
"""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('transparency', '0003_leaf_commitments_and_head_guard'),
    ]

    operations = [
        migrations.AddField(
            model_name='logleaf',
            name='version',
            field=models.PositiveSmallIntegerField(blank=True, null=True, verbose_name='leaf format'),
        ),
        migrations.AlterField(
            model_name='logleaf',
            name='kind',
            field=models.CharField(choices=[('certificate.issued', 'certificate issued'), ('certificate.revoked', 'certificate revoked'), ('certificate.suspended', 'certificate suspended'), ('certificate.reinstated', 'certificate reinstated'), ('credential.replaced', 'credential re-signed at a new address'), ('institution.changed', 'institution record changed'), ('key.rotated', 'signing key rotated')], max_length=32, verbose_name='event'),
        ),
    ]

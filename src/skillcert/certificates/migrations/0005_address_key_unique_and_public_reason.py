"""Step 2 of 2: the address key becomes required and unique; the public reason category (see 0004).

In a migration of its own so that PostgreSQL alters the table in a transaction without the row updates of 0004.
"""

from django.db import migrations, models

import skillcert.core.ids


def give_categories(apps, schema_editor):
    Certificate = apps.get_model("certificates", "Certificate")
    Certificate.objects.filter(status="revoked").update(status_reason_category="other")
    Certificate.objects.filter(status="suspended").update(status_reason_category="under_review")


class Migration(migrations.Migration):
    dependencies = [("certificates", "0004_address_key")]

    operations = [
        migrations.AlterField(
            model_name="certificate",
            name="address_key",
            field=models.CharField(
                default=skillcert.core.ids.new_address_key,
                editable=False,
                help_text="The unguessable key in the certificate's public addresses (QR page, credential download).",
                max_length=40,
                unique=True,
                verbose_name="address key",
            ),
        ),
        migrations.AddField(
            model_name="certificate",
            name="status_reason_category",
            field=models.CharField(
                blank=True,
                choices=[
                    ("misconduct", "irregularity in the assessment"),
                    ("false_materials", "obtained with false materials"),
                    ("issued_in_error", "issued in error or with wrong details"),
                    ("holder_request", "at the holder's request"),
                    ("institution_withdrawn", "the institution's right to issue was withdrawn"),
                    ("under_review", "under review"),
                    ("other", "other reasons"),
                ],
                max_length=24,
                verbose_name="reason shown to the public",
            ),
        ),
        migrations.AlterField(
            model_name="certificate",
            name="status_reason",
            field=models.TextField(blank=True, verbose_name="reason (staff only)"),
        ),
        migrations.RunPython(give_categories, migrations.RunPython.noop, elidable=False),
    ]

"""Certificates get (step 1 of 2) an unguessable address key and a public reason category.

The address key replaces the public id in the QR page and credential addresses (the public id is
listed in the transparency log, so anyone could open every certificate with it). Existing
certificates get a fresh random key here; their credentials are re-signed with the new address by
``skillcert readdress`` (signing needs the key store, which a migration must not touch).

Existing revocations and suspensions get the category "other reasons" / "under review": the staff
text stays where it was, in the back office only.
"""

from django.db import migrations, models

import skillcert.core.ids


def give_keys(apps, schema_editor):
    Certificate = apps.get_model("certificates", "Certificate")
    batch = []
    for certificate in Certificate.objects.only("pk").iterator(chunk_size=2000):
        certificate.address_key = skillcert.core.ids.new_address_key()
        batch.append(certificate)
        if len(batch) == 2000:
            Certificate.objects.bulk_update(batch, ["address_key"])
            batch = []
    Certificate.objects.bulk_update(batch, ["address_key"])


class Migration(migrations.Migration):
    dependencies = [("certificates", "0003_competition_certificates_without_institution")]

    operations = [
        migrations.AddField(
            model_name="certificate",
            name="address_key",
            field=models.CharField(editable=False, max_length=40, null=True, verbose_name="address key"),
        ),
        migrations.RunPython(give_keys, migrations.RunPython.noop, elidable=False),
    ]

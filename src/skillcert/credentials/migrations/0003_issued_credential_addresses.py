"""Issued credentials know their address; a re-signed credential supersedes the old row instead of replacing it.

Existing rows get no address (their ``id`` carries the certificate's public id, which the public log
lists): they are not served until ``skillcert readdress`` re-signs them at the certificate's address
key, which keeps the old row, marked superseded.
"""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('credentials', '0002_issued_credentials'),
    ]

    operations = [
        migrations.AddField(
            model_name='issuedcredential',
            name='address',
            field=models.CharField(blank=True, max_length=40, verbose_name='address key'),
        ),
        migrations.AddField(
            model_name='issuedcredential',
            name='superseded_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='superseded at'),
        ),
        migrations.AlterField(
            model_name='issuedcredential',
            name='sha256',
            field=models.CharField(db_index=True, max_length=64, verbose_name='SHA-256 of the credential'),
        ),
        migrations.AlterField(
            model_name='issuedcredential',
            name='subject_id',
            field=models.CharField(max_length=32, verbose_name='certificate'),
        ),
        migrations.AddConstraint(
            model_name='issuedcredential',
            constraint=models.UniqueConstraint(condition=models.Q(('superseded_at__isnull', True)), fields=('subject_id',), name='credentials_issuedcredential_one_current_per_subject'),
        ),
        migrations.AddConstraint(
            model_name='issuedcredential',
            constraint=models.UniqueConstraint(condition=models.Q(('address', ''), _negated=True), fields=('address',), name='credentials_issuedcredential_unique_address'),
        ),
    ]

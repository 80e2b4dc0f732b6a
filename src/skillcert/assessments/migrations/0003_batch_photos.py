"""Batches keep the report of each ZIP of candidates' photos uploaded to them (no personal data)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

import skillcert.core.ids


class Migration(migrations.Migration):
    dependencies = [
        ("assessments", "0002_evaluation_standard"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="PhotoArchive",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("created_at", models.DateTimeField(auto_now_add=True, db_index=True, verbose_name="created at")),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="updated at")),
                (
                    "public_id",
                    models.CharField(
                        default=skillcert.core.ids.new_public_id,
                        editable=False,
                        max_length=32,
                        unique=True,
                        verbose_name="public id",
                    ),
                ),
                ("original_name", models.CharField(max_length=255, verbose_name="file name")),
                ("sha256", models.CharField(max_length=64, verbose_name="SHA-256")),
                ("size", models.PositiveBigIntegerField(verbose_name="size")),
                ("entries", models.PositiveIntegerField(default=0, verbose_name="entries")),
                ("photos_saved", models.PositiveIntegerField(default=0, verbose_name="photos saved")),
                ("errors", models.JSONField(blank=True, default=list, verbose_name="entry errors")),
                (
                    "batch",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="photo_archives",
                        to="assessments.batch",
                        verbose_name="batch",
                    ),
                ),
                (
                    "uploaded_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="uploaded by",
                    ),
                ),
            ],
            options={
                "verbose_name": "photo archive",
                "verbose_name_plural": "photo archives",
                "ordering": ["-created_at"],
            },
        ),
    ]

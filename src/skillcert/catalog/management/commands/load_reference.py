"""``skillcert load-reference``: load the shipped reference data (idempotent)."""

from typing import Any

from django.core.management.base import BaseCommand

from skillcert.catalog.loaders import load_reference
from skillcert.catalog.models import NewOccupation, Occupation, QualificationItem, Region


class Command(BaseCommand):
    help = "Load occupations, the qualification catalogue, new occupations and regions from the shipped files."

    def handle(self, *args: Any, **options: Any) -> None:
        touched = load_reference()
        for kind, count in touched.items():
            self.stdout.write(f"{kind}: {count} created or changed")
        self.stdout.write(
            self.style.SUCCESS(
                f"occupations {Occupation.objects.count()}, qualification entries {QualificationItem.objects.count()}, "
                f"new occupations {NewOccupation.objects.count()}, regions {Region.objects.count()}"
            )
        )

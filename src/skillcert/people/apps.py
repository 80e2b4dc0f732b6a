"""App configuration for ``people``."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    """Certificate holders and the protection of their personal data (ID numbers, names, photos)."""

    name = "skillcert.people"
    label = "people"
    verbose_name = _("Certificate holders")

    def ready(self) -> None:
        # checks registers the system checks; photos sets Pillow's pixel limit for the whole process at start.
        from skillcert.people import checks, photos  # noqa: F401

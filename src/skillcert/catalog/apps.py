"""App configuration for ``catalog``."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogConfig(AppConfig):
    """Reference data: occupations, the qualification catalogue, new occupations, regions, levels."""

    name = "skillcert.catalog"
    label = "catalog"
    verbose_name = _("Reference catalogue")

    def ready(self) -> None:
        from skillcert.catalog import demo
        from skillcert.core.demo import STEPS, DemoStep

        STEPS.append(DemoStep(5, "special ability projects", demo.build))
        from skillcert.core.workspace import LINKS, WorkspaceLink

        LINKS.append(
            WorkspaceLink("catalog:manage_projects", _("Special ability assessment projects"), "manage_reference_data")
        )

"""App configuration for ``stats``."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StatsConfig(AppConfig):
    """Talent statistics: tallies kept by the certificate services, public dashboard, staff reports, exports."""

    name = "skillcert.stats"
    label = "stats"
    verbose_name = _("Talent statistics")

    def ready(self) -> None:
        from skillcert.core.workspace import LINKS, WorkspaceLink

        LINKS.append(WorkspaceLink("stats:reports", _("Statistics reports"), "view_reports"))

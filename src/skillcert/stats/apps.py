"""App configuration for ``stats``."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StatsConfig(AppConfig):
    """Talent statistics: tallies kept by the certificate services, public dashboard, staff reports, exports."""

    name = "skillcert.stats"
    label = "stats"
    verbose_name = _("Talent statistics")

    def ready(self) -> None:
        from skillcert.certificates import events
        from skillcert.core.workspace import LINKS, WorkspaceLink
        from skillcert.stats.services import count_issued, count_status_change

        if count_issued not in events.ISSUED:  # the tallies follow every issue and status change (ADR 0008)
            events.ISSUED.append(count_issued)
            events.STATUS_CHANGED.append(count_status_change)

        LINKS.append(WorkspaceLink("stats:reports", _("Statistics reports"), "view_reports"))

"""App configuration for ``supervision``."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupervisionConfig(AppConfig):
    """Supervision: complaints, quality inspections, sanctions and the public claim checker."""

    name = "skillcert.supervision"
    label = "supervision"
    verbose_name = _("Supervision and complaints")

    def ready(self) -> None:
        from skillcert.core.demo import STEPS, DemoStep
        from skillcert.core.workspace import LINKS, WorkspaceLink
        from skillcert.supervision import demo

        STEPS.append(DemoStep(50, "supervision", demo.build))
        LINKS.append(WorkspaceLink("supervision:dashboard", _("Complaints and supervision"), "handle_complaints"))
        LINKS.append(WorkspaceLink("supervision:inspections", _("Quality inspections"), "handle_complaints"))
        LINKS.append(WorkspaceLink("supervision:referrals", _("Referred complaints"), "record_inspection_outcomes"))

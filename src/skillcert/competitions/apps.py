"""App configuration for ``competitions``."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CompetitionsConfig(AppConfig):
    """Competitions (职业技能竞赛): hosts, registration, approval, final results and the three issuing paths."""

    name = "skillcert.competitions"
    label = "competitions"
    verbose_name = _("Competitions")

    def ready(self) -> None:
        from skillcert.certificates import authorities
        from skillcert.competitions import demo
        from skillcert.competitions.selectors import authorisation_behind, authorisation_decision

        # The certificates app asks this one about 一赛一授权 without importing it.
        authorities.AUTHORISATION = authorities.AuthorisationRules(
            decide=authorisation_decision, behind=authorisation_behind
        )
        from skillcert.core.demo import STEPS, DemoStep
        from skillcert.core.workspace import LINKS, WorkspaceLink

        STEPS.append(DemoStep(40, "competitions", demo.build))
        LINKS.append(WorkspaceLink("competitions:manage_list", _("My competitions"), "host_competitions"))
        LINKS.append(WorkspaceLink("competitions:manage_list", _("Competitions to approve"), "approve_competitions"))
        LINKS.append(WorkspaceLink("competitions:hosts", _("Competition hosts"), "approve_competitions"))

"""App configuration for ``institutions``."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InstitutionsConfig(AppConfig):
    """Evaluation institutions: record (备案), scope, lifecycle, operators, API tokens, public directory."""

    name = "skillcert.institutions"
    label = "institutions"
    verbose_name = _("Evaluation institutions")

    def ready(self) -> None:
        from skillcert.core.workspace import LINKS, WorkspaceLink
        from skillcert.institutions import demo  # registers the demo builder

        del demo
        LINKS.append(
            WorkspaceLink(
                "institutions:manage_list", _("Evaluation institutions (records)"), "review_regional_institutions"
            )
        )
        LINKS.append(WorkspaceLink("institutions:mine", _("My institution"), "operate_institution"))

"""App configuration for ``assessments``."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentsConfig(AppConfig):
    """Assessment batches (认定批次): declare, upload results, preview, commit as one job."""

    name = "skillcert.assessments"
    label = "assessments"
    verbose_name = _("Assessment batches")

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy as _

        from skillcert.assessments import jobs  # noqa: F401  (registers the commit job handler)
        from skillcert.core.workspace import LINKS, WorkspaceLink

        LINKS.append(WorkspaceLink("assessments:batches", _("Assessment batches"), "operate_institution"))
        LINKS.append(
            WorkspaceLink(
                "assessments:batches", _("Special ability assessment batches"), "issue_special_ability_certificates"
            )
        )

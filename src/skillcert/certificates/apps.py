"""App configuration for ``certificates``."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CertificatesConfig(AppConfig):
    """Certificates of the three types: numbering, issuance, suspension, revocation, reissue, public query."""

    name = "skillcert.certificates"
    label = "certificates"
    verbose_name = _("Certificates")

    def ready(self) -> None:
        from skillcert.certificates import demo, legacy, printing  # noqa: F401  (they register job handlers)
        from skillcert.core.demo import STEPS, DemoStep
        from skillcert.core.workspace import LINKS, WorkspaceLink

        STEPS.append(DemoStep(30, "certificates", demo.build))
        from skillcert.certificates.trust import CREDENTIAL_KINDS, audit_certificates, check_credential_leaf
        from skillcert.transparency.audit import RECORD_CHECKS, SUBJECT_CHECKS

        for kind in CREDENTIAL_KINDS:
            SUBJECT_CHECKS[kind] = check_credential_leaf
        RECORD_CHECKS["certificates"] = audit_certificates
        for capability in ("operate_institution", "issue_special_ability_certificates", "handle_complaints"):
            LINKS.append(WorkspaceLink("certificates:manage_list", _("Certificates"), capability))

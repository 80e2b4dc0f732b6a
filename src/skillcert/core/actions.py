"""Human labels for the change log's action codes, and the one vocabulary those codes follow.

Every code written now reads ``app.object.verb``: the app that writes it, the kind of record, and
what was done, in English snake case (``certificates.certificate.revoke``,
``institutions.scope.withdraw``, ``credentials.signing_key.create``). The codes stay stable in the
database (they are searched and filtered on); staff read a translated label instead.

Entries written before the vocabulary keep their old codes (the change log is never rewritten):
:data:`LEGACY_ACTIONS` maps each old code to its new one, so an old entry shows the new code's
label and a reader matching an action matches both (:func:`codes_for`, :func:`canonical`).
 Each app registers the labels of the codes its services
write, next to the ``record_change`` calls, with :func:`register`; core registers its own here.
A label is looked up lazily: the first look-up imports every skillcert app's ``services``
module (as the admin discovers ``admin`` modules), so a page never shows a bare code only
because the app that wrote it was not imported yet. An unknown code is shown as it is.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

_labels: dict[str, Any] = {}
_discovered = False
CODE_SHAPE = re.compile(r"^[a-z]+\.[a-z][a-z_]*\.[a-z][a-z_]*$")

LEGACY_ACTIONS: dict[str, str] = {
    # certificates
    "issue": "certificates.certificate.issue",
    "suspend": "certificates.certificate.suspend",
    "reinstate": "certificates.certificate.reinstate",
    "revoke": "certificates.certificate.revoke",
    "issue_refused": "certificates.certificate.refuse_issue",
    # catalog
    "project_recorded": "catalog.project.record",
    "project_edited": "catalog.project.edit",
    "project_published": "catalog.project.publish",
    "project_retired": "catalog.project.retire",
    "project_record_status_set": "catalog.project.set_record_status",
    "project_record_refused": "catalog.project.refuse_record",
    "project_edit_refused": "catalog.project.refuse_edit",
    "project_publish_refused": "catalog.project.refuse_publish",
    "project_retire_refused": "catalog.project.refuse_retire",
    "project_record_status_refused": "catalog.project.refuse_record_status",
    # verification
    "verification_code.created": "verification.code.create",
    "verification_code.revoked": "verification.code.revoke",
    "verification_code.used": "verification.code.use",
    "verification_code.id_checked": "verification.code.check_id",
    # credentials
    "create_signing_key": "credentials.signing_key.create",
    "retire_signing_key": "credentials.signing_key.retire",
    "create_status_list": "credentials.status_list.create",
    "set_revocation": "credentials.status_list.set_revocation",
    "clear_revocation": "credentials.status_list.clear_revocation",
    "set_suspension": "credentials.status_list.set_suspension",
    "clear_suspension": "credentials.status_list.clear_suspension",
    "replace_credential": "credentials.credential.replace",
    # institutions
    "institution.applied": "institutions.institution.apply",
    "institution.approve": "institutions.institution.approve",
    "institution.contacts_changed": "institutions.institution.change_contacts",
    "institution.corrected": "institutions.institution.correct",
    "institution.expire": "institutions.institution.expire",
    "institution.reinstate": "institutions.institution.reinstate",
    "institution.renew": "institutions.institution.renew",
    "institution.revoke": "institutions.institution.revoke",
    "institution.suspend": "institutions.institution.suspend",
    "scope.set": "institutions.scope.set",
    "scope.withdrawn": "institutions.scope.withdraw",
    "operator.linked": "institutions.operator.link",
    "token.created": "institutions.token.create",
    "token.revoked": "institutions.token.revoke",
    # supervision
    "complaint.filed": "supervision.complaint.file",
    "complaint.information_added": "supervision.complaint.add_information",
    "complaint.accept": "supervision.complaint.accept",
    "complaint.reject": "supervision.complaint.reject",
    "complaint.investigate": "supervision.complaint.investigate",
    "complaint.refer": "supervision.complaint.refer",
    "complaint.record_inspection_outcome": "supervision.complaint.record_inspection_outcome",
    "complaint.conclude": "supervision.complaint.conclude",
    "inspection.recorded": "supervision.inspection.record",
    "sanction.imposed": "supervision.sanction.impose",
    # competitions (their results uploads shared "upload_results" with batches: same words, see below)
    "register_host": "competitions.host.register",
    "link_account": "competitions.host.link_account",
    "register": "competitions.competition.register",
    "set_award_rule": "competitions.competition.set_award_rule",
    "apply": "competitions.competition.apply",
    "approve": "competitions.competition.approve",
    "reject": "competitions.competition.reject",
    "authorise": "competitions.competition.authorise",
    "results_submitted": "competitions.result_import.submit",
    "results_approved": "competitions.result_import.approve",
    "results_issued": "competitions.result_import.issue",
    # transparency
    "publish_checkpoint": "transparency.checkpoint.publish",
    # assessments
    "declare": "assessments.batch.declare",
    "declare_refused": "assessments.batch.refuse_declare",
    "upload_results": "assessments.batch.upload_results",
    "upload_photos": "assessments.batch.upload_photos",
    "commit": "assessments.batch.commit",
    "committed": "assessments.batch.complete",
    "commit_failed": "assessments.batch.fail",
    "commit_interrupted": "assessments.batch.interrupt",
    # people
    "registered": "people.holder.register",
    "photo_set": "people.holder.set_photo",
    "corrected": "people.holder.correct",
    "revealed": "people.holder.reveal_id_number",
    "reencrypted": "people.holder.reencrypt",
    "surname_reading_set": "people.surname_reading.set",
    "surname_reading_removed": "people.surname_reading.remove",
    # core
    "bureau_region_set": "core.bureau.set_region",
    "refused_outside_region": "core.bureau.refuse_outside_region",
}
"""Every code written before ``app.object.verb`` → the code written for the same step now.

``upload_results`` was written by both batches and competition result imports with the same
label ("Results uploaded"); it maps to the batch's code, whose label is those same words.
"""


def register(labels: Mapping[str, Any]) -> None:
    """Add an app's labels; the same code may be registered twice only with the same words.

    Two modules registering one code must mean the same step, or the log would read differently
    from what happened: a clash is a programming error, raised at import time.
    """
    for code, label in labels.items():
        known = _labels.get(code)
        if known is not None and str(known) != str(label):
            raise ImproperlyConfigured(f"Change-log action {code!r} has two labels: {known!r} and {label!r}.")
        _labels[code] = label


def _discover() -> None:
    global _discovered
    if _discovered:
        return
    from importlib import import_module

    from django.apps import apps
    from django.utils.module_loading import module_has_submodule

    for config in apps.get_app_configs():
        if config.name.startswith("skillcert.") and module_has_submodule(config.module, "services"):
            import_module(f"{config.name}.services")
    _discovered = True


def canonical(code: str) -> str:
    """The ``app.object.verb`` code of ``code``: itself when current, its new code when legacy."""
    return LEGACY_ACTIONS.get(code, code)


def codes_for(code: str) -> list[str]:
    """``code`` and every legacy code that meant the same step: what a reader filtering on it must match."""
    return [code, *sorted(old for old, new in LEGACY_ACTIONS.items() if new == code)]


def label_for(code: str) -> str:
    """The label of one action code in the active language (a legacy code reads as its new one's label).

    An unknown code is shown as it is.
    """
    _discover()
    label = _labels.get(code, _labels.get(canonical(code)))
    return str(label) if label is not None else code


def registered() -> dict[str, Any]:
    """Every registered code with its (lazy) label, after discovery."""
    _discover()
    return dict(_labels)


register(
    {
        "core.bureau.set_region": _("City bureau linked to its city or prefecture"),
        "core.bureau.refuse_outside_region": _("Refused: outside the bureau's city or prefecture"),
    }
)

"""Roles are code: groups and their capabilities, created by data migrations.

A capability is a Django permission on :class:`skillcert.core.models.Capability`
(``core.<codename>``). Views declare the capability they need in the central map
(:mod:`skillcert.core.permissions`); services check it again.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

CAPABILITIES: dict[str, Any] = {
    "use_backoffice": _("Use the back office"),
    "manage_institutions": _("Record, suspend and revoke evaluation institutions"),
    "review_regional_institutions": _("Review institutions of one city or prefecture"),
    "operate_institution": _("Maintain one's own institution and its assessments"),
    "issue_special_ability_certificates": _("Issue special vocational ability certificates"),
    "issue_qualification_certificates": _("Record vocational qualification certificates"),
    "manage_reference_data": _("Maintain reference data"),
    "approve_competitions": _("Approve competitions and their results"),
    "handle_complaints": _("Handle complaints, inspections and sanctions"),
    "record_inspection_outcomes": _("Record labour inspection outcomes"),
    "manage_signing_keys": _("Manage signing keys"),
    "view_personal_data": _("See unmasked personal data"),
    "view_reports": _("See staff statistics reports"),
    "host_competitions": _("Register competitions and submit their final results"),
}

CENTRE_STAFF = "centre_staff"
CITY_BUREAU = "city_bureau"
INSTITUTION_OPERATOR = "institution_operator"
INSPECTOR = "inspector"
COMPETITION_HOST = "competition_host"

ROLE_LABELS: dict[str, Any] = {
    CENTRE_STAFF: _("Provincial centre staff"),
    CITY_BUREAU: _("City or prefecture HR bureau"),
    INSTITUTION_OPERATOR: _("Evaluation institution operator"),
    INSPECTOR: _("Labour inspector"),
    COMPETITION_HOST: _("Competition host"),
}

ROLES: dict[str, list[str]] = {
    CENTRE_STAFF: [
        "use_backoffice",
        "manage_institutions",
        "review_regional_institutions",
        "issue_special_ability_certificates",
        "issue_qualification_certificates",
        "manage_reference_data",
        "approve_competitions",
        "handle_complaints",
        "manage_signing_keys",
        "view_personal_data",
        "view_reports",
    ],
    CITY_BUREAU: [
        "use_backoffice",
        "review_regional_institutions",
        "issue_special_ability_certificates",
        "view_reports",
    ],
    INSTITUTION_OPERATOR: ["use_backoffice", "operate_institution"],
    INSPECTOR: ["use_backoffice", "record_inspection_outcomes"],
    COMPETITION_HOST: ["use_backoffice", "host_competitions"],
}


def sync_roles(apps: Any) -> None:
    """Create or update the capability permissions and role groups (idempotent).

    Called from data migrations with the historical app registry; a later
    migration that adds capabilities calls it again.
    """
    content_type_model = apps.get_model("contenttypes", "ContentType")
    permission_model = apps.get_model("auth", "Permission")
    group_model = apps.get_model("auth", "Group")
    content_type, _created = content_type_model.objects.get_or_create(app_label="core", model="capability")
    permissions = {}
    for codename, label in CAPABILITIES.items():
        permission, _created = permission_model.objects.update_or_create(
            content_type=content_type, codename=codename, defaults={"name": str(label)[:255]}
        )
        permissions[codename] = permission
    for role, codenames in ROLES.items():
        group, _created = group_model.objects.get_or_create(name=role)
        group.permissions.set([permissions[c] for c in codenames])

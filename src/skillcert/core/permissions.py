"""The central URL → permission map (deny by default).

Every named URL of the project has an entry here. :class:`PermissionMapMiddleware`
enforces it before any view runs; two guard tests check that every URL is in the
map and that every non-public URL rejects anonymous users. A key ending in ``*``
covers a whole namespace (used for Django's admin, which guards itself).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Public:
    """Anyone, without login."""


@dataclass(frozen=True)
class LoggedIn:
    """Any signed-in user (their own workspace, password change)."""


@dataclass(frozen=True)
class Requires:
    """A signed-in user holding ``core.<capability>``."""

    capability: str

    @property
    def permission(self) -> str:
        return f"core.{self.capability}"


@dataclass(frozen=True)
class ApiToken:
    """An API endpoint authenticated by an institution API token (checked by the API's auth class).

    The middleware lets the request through; django-ninja's auth on the endpoint
    answers 401 without a valid token. The guard tests treat it as non-public.
    """


@dataclass(frozen=True)
class StaffAdmin:
    """Django admin: staff accounts only; the admin enforces its own login."""


Rule = Public | LoggedIn | Requires | ApiToken | StaffAdmin

PUBLIC = Public()
LOGGED_IN = LoggedIn()
API_TOKEN = ApiToken()

URL_PERMISSIONS: dict[str, Rule] = {
    # language switch, login
    "set_language": PUBLIC,
    "core:login": PUBLIC,
    "core:two_factor": LOGGED_IN,
    "core:two_factor_setup": LOGGED_IN,
    "core:logout": PUBLIC,
    "core:workspace": LOGGED_IN,
    "core:password_change": LOGGED_IN,
    "core:password_change_done": LOGGED_IN,
    # public pages
    "public:home": PUBLIC,
    "catalog:search": PUBLIC,
    "catalog:occupation": PUBLIC,
    "catalog:projects": PUBLIC,
    "catalog:project": PUBLIC,
    "catalog:manage_projects": Requires("manage_reference_data"),
    "catalog:manage_project_new": Requires("manage_reference_data"),
    "catalog:manage_project": Requires("manage_reference_data"),
    "catalog:manage_project_edit": Requires("manage_reference_data"),
    "catalog:manage_project_record": Requires("manage_reference_data"),
    "catalog:manage_project_action": Requires("manage_reference_data"),
    # API (authentication for non-public endpoints is the API's own, see api/)
    "api:api-root": PUBLIC,
    "api:openapi-json": PUBLIC,
    "api:openapi-view": PUBLIC,
    "api:catalog_occupations": PUBLIC,
    "api:catalog_occupation": PUBLIC,
    # institutions: public directory; back office (pages narrow rows to the user); institution tokens
    "institutions:directory": PUBLIC,
    "institutions:public_detail": PUBLIC,
    "institutions:manage_list": Requires("use_backoffice"),
    "institutions:mine": Requires("operate_institution"),
    "institutions:manage_new": Requires("manage_institutions"),
    "institutions:manage_detail": Requires("use_backoffice"),
    "institutions:record": Requires("manage_institutions"),
    "institutions:contacts": Requires("use_backoffice"),
    "institutions:scope": Requires("manage_institutions"),
    "institutions:withdraw": Requires("manage_institutions"),
    "institutions:operators": Requires("manage_institutions"),
    "institutions:tokens": Requires("use_backoffice"),
    "institutions:revoke_token": Requires("use_backoffice"),
    "institutions:transition": Requires("manage_institutions"),
    "api:institutions_list": PUBLIC,
    "api:institutions_detail": PUBLIC,
    "api:institutions_self": API_TOKEN,
    "api:institutions_self_may_issue": API_TOKEN,
    # credentials: the did:web document and signed status lists are for any verifier
    "credentials:did_document": PUBLIC,
    "credentials:did_document_path": PUBLIC,
    "credentials:status_list": PUBLIC,
    "credentials:issued_credential": PUBLIC,
    # certificates: public two-factor queries and holder pages; back office narrowed to the user's own
    "certificates:query": PUBLIC,
    "certificates:special_query": PUBLIC,
    "certificates:holder": PUBLIC,
    "certificates:holder_pdf": PUBLIC,
    "qr:certificate": PUBLIC,
    "certificates:manage_pdf": Requires("use_backoffice"),
    "certificates:manage_list": Requires("use_backoffice"),
    "certificates:manage_detail": Requires("use_backoffice"),
    "certificates:manage_action": Requires("use_backoffice"),
    "api:certificates_query": PUBLIC,
    # assessments: institutions (and HR bureaus for 专项) see only their own batches
    "assessments:batches": Requires("use_backoffice"),
    "assessments:declare": Requires("use_backoffice"),
    "assessments:template": Requires("use_backoffice"),
    "assessments:batch": Requires("use_backoffice"),
    "assessments:upload": Requires("use_backoffice"),
    "assessments:photos": Requires("use_backoffice"),
    "assessments:review": Requires("use_backoffice"),
    "assessments:commit": Requires("use_backoffice"),
    "assessments:print": Requires("use_backoffice"),
    "assessments:print_download": Requires("use_backoffice"),
    # transparency log: public by design, anyone may audit it
    "transparency:log": PUBLIC,
    "api:log_checkpoint": PUBLIC,
    "api:log_checkpoints": PUBLIC,
    "api:log_entries": PUBLIC,
    "api:log_inclusion_proof": PUBLIC,
    "api:log_consistency_proof": PUBLIC,
    "api:log_key": PUBLIC,
    # talent statistics: public dashboard and its downloads; staff reports (per institution, per batch)
    "stats:dashboard": PUBLIC,
    "stats:export": PUBLIC,
    "stats:reports": Requires("view_reports"),
    "stats:reports_export": Requires("view_reports"),
    "api:stats_index": PUBLIC,
    "api:stats_chart": PUBLIC,
    # supervision: the claim checker, filing and following complaints are public; case pages check the role
    # again (labour inspection sees only referred cases, services refuse staff of one role acting for another)
    "supervision:check": PUBLIC,
    "supervision:complain": PUBLIC,
    "supervision:track": PUBLIC,
    "supervision:case_status": PUBLIC,
    "supervision:add_information": PUBLIC,
    "supervision:dashboard": Requires("handle_complaints"),
    "supervision:cases": Requires("use_backoffice"),
    "supervision:referrals": Requires("record_inspection_outcomes"),
    "supervision:case": Requires("use_backoffice"),
    "supervision:case_action": Requires("use_backoffice"),
    "supervision:case_sanction": Requires("handle_complaints"),
    "supervision:evidence": Requires("handle_complaints"),
    "supervision:inspections": Requires("handle_complaints"),
    "supervision:inspection": Requires("handle_complaints"),
    "api:claims_check": PUBLIC,
    # verification: the one verifier's page and API, holder bundles and codes (signed holder link), employer codes
    "verification:verify": PUBLIC,
    "verification:code": PUBLIC,
    "verification:holder_bundle": PUBLIC,
    "verification:holder_code_create": PUBLIC,
    "verification:holder_code_revoke": PUBLIC,
    "api:verify": PUBLIC,
    # competitions: public list/page/API; back office narrowed to the host's own (services check the role again)
    "competitions:public_list": PUBLIC,
    "competitions:public_detail": PUBLIC,
    "api:competitions_list": PUBLIC,
    "api:competitions_detail": PUBLIC,
    "competitions:manage_list": Requires("use_backoffice"),
    "competitions:register": Requires("host_competitions"),
    "competitions:template": Requires("use_backoffice"),
    "competitions:hosts": Requires("approve_competitions"),
    "competitions:award_rule": Requires("use_backoffice"),
    "competitions:manage_detail": Requires("use_backoffice"),
    "competitions:apply": Requires("host_competitions"),
    "competitions:decide": Requires("approve_competitions"),
    "competitions:upload": Requires("host_competitions"),
    "competitions:import_detail": Requires("use_backoffice"),
    "competitions:submit": Requires("host_competitions"),
    "competitions:approve_results": Requires("approve_competitions"),
    "competitions:issue": Requires("use_backoffice"),
    # Django admin guards itself (staff only)
    "admin:*": StaffAdmin(),
}


def rule_for(view_name: str) -> Rule | None:
    """Return the rule for a URL name, or ``None`` when the URL is not mapped (denied)."""
    rule = URL_PERMISSIONS.get(view_name)
    if rule is not None:
        return rule
    namespace = view_name.partition(":")[0]
    return URL_PERMISSIONS.get(f"{namespace}:*") if ":" in view_name else None

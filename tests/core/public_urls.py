"""The reviewed list of URL names anyone may open without signing in.

This list is written by hand on purpose: it is the test's own statement of what is public, not a copy of
``skillcert.core.permissions.URL_PERMISSIONS``. ``test_public_urls.py`` fails when the map makes any other
URL public, and walks every URL *not* in this list as an anonymous user. Adding a name here is a security
review: say in the commit why the page may be open to everyone and what protects it.
"""

from __future__ import annotations

PUBLIC_URL_NAMES: frozenset[str] = frozenset(
    {
        # language switch and signing in/out
        "set_language",
        "core:login",
        "core:logout",
        # home, occupation catalogue, evaluation specifications
        "public:home",
        "catalog:search",
        "catalog:occupation",
        "catalog:projects",
        "catalog:project",
        # the API's index and description, catalogue and institution directory
        "api:api-root",
        "api:openapi-json",
        "api:openapi-view",
        "api:catalog_occupations",
        "api:catalog_occupation",
        "institutions:directory",
        "institutions:public_detail",
        "api:institutions_list",
        "api:institutions_detail",
        # what any verifier needs: the issuer's DID document, status lists, issued credentials
        "credentials:did_document",
        "credentials:did_document_path",
        "credentials:status_list",
        "credentials:issued_credential",
        # two-factor certificate queries (rate-limited); holder pages behind a signed, expiring link
        "certificates:query",
        "certificates:special_query",
        "certificates:holder",
        "certificates:holder_pdf",
        "qr:certificate",
        "api:certificates_query",
        # the transparency log: anyone may audit it
        "transparency:log",
        "api:log_checkpoint",
        "api:log_checkpoints",
        "api:log_entries",
        "api:log_inclusion_proof",
        "api:log_consistency_proof",
        "api:log_key",
        # talent statistics (counts only)
        "stats:dashboard",
        "stats:export",
        "api:stats_index",
        "api:stats_chart",
        # claim checker and complaints (following a complaint needs its tracking code)
        "supervision:check",
        "supervision:complain",
        "supervision:track",
        "supervision:case_status",
        "supervision:add_information",
        "api:claims_check",
        # the verifier; holder bundles and codes behind the signed holder link; employer codes
        "verification:verify",
        "verification:code",
        "verification:holder_bundle",
        "verification:holder_code_create",
        "verification:holder_code_revoke",
        "api:verify",
        # approved competitions
        "competitions:public_list",
        "competitions:public_detail",
        "api:competitions_list",
        "api:competitions_detail",
    }
)

# Django's admin guards itself (``admin:*`` in the map); these two of its pages answer anyone by design:
# its sign-in form, and signing out (which does nothing for a visitor who is not signed in).
ADMIN_OPEN_PAGES: frozenset[str] = frozenset({"admin:login", "admin:logout"})

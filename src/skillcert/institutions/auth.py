"""API authentication for institutions' own systems: ``Authorization: Bearer sci_…``.

On success ``request.auth`` is the :class:`~skillcert.institutions.models.Institution`
the token belongs to. Tokens are looked up by their visible prefix and compared
by keyed digest in constant time; revoked tokens are refused, and expired ones
(``expires_at``, ``SKILLCERT_API_TOKEN_DAYS`` after creation) with their own
``token_expired`` error so that the institution knows to ask for a new one. Endpoints that
change anything (issuing, uploading results) still ask :func:`may_issue`, so a
suspended institution's token reads its own record but issues nothing.
"""

from __future__ import annotations

import hmac
from typing import Any

from django.http import HttpRequest
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from ninja.security import HttpBearer

from skillcert.core.errors import DomainError
from skillcert.institutions.models import Institution, InstitutionApiToken
from skillcert.institutions.services import TOKEN_PREFIX, TOKEN_PREFIX_LENGTH, token_digest


class TokenExpired(DomainError):
    """A genuine token past its expiry (HTTP 401, code ``token_expired``)."""

    status_code = 401
    code = "token_expired"


def institution_for_token(token: str) -> Institution | None:
    """The institution a live token belongs to, or ``None``; :class:`TokenExpired` for an expired one."""
    prefix = token[:TOKEN_PREFIX_LENGTH]
    if not prefix.startswith(TOKEN_PREFIX) or token[TOKEN_PREFIX_LENGTH : TOKEN_PREFIX_LENGTH + 1] != "_":
        return None
    row = InstitutionApiToken.objects.select_related("institution__region").filter(prefix=prefix).first()
    if row is None or row.revoked_at is not None or not hmac.compare_digest(row.digest, token_digest(token)):
        return None
    if row.is_expired:
        when = formats.date_format(timezone.localtime(row.expires_at), "Y-m-d H:i")
        raise TokenExpired(
            _("This API token expired on %(date)s. Ask for a new token on the institution's API tokens page.")
            % {"date": when}
        )
    # Only a coarse "last used" (once a minute) so that busy systems do not write on every call.
    now = timezone.now()
    if row.last_used_at is None or (now - row.last_used_at).total_seconds() > 60:
        InstitutionApiToken.objects.filter(pk=row.pk).update(last_used_at=now)
    return row.institution


class InstitutionToken(HttpBearer):
    """django-ninja auth class: a valid institution API token, else 401 in the API error shape."""

    openapi_scheme = "bearer"

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        return institution_for_token(token)

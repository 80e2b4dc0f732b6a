"""Domain errors with one shape for pages and the API: ``{"code", "message", "fields"}``.

Services raise these; views show ``message`` and the API returns the shape with
the matching HTTP status. Messages are lazy translations so they render in the
language of the request that shows them.
"""

from __future__ import annotations

from typing import Any


class DomainError(Exception):
    """A refused use case: nothing was changed."""

    status_code = 400
    code = "invalid"
    recorded = False  # set once the refusal has written its own change-log entry, so no wrapper writes another

    def __init__(self, message: Any, *, code: str | None = None, fields: dict[str, list[Any]] | None = None) -> None:
        super().__init__(str(message))
        self.message = message
        if code:
            self.code = code
        self.fields = fields or {}

    def as_dict(self) -> dict[str, Any]:
        """Return the error shape with messages rendered in the active language."""
        return {
            "code": self.code,
            "message": str(self.message),
            "fields": {name: [str(m) for m in messages] for name, messages in self.fields.items()},
        }


class InvalidInput(DomainError):
    """Input failed validation (HTTP 422)."""

    status_code = 422
    code = "invalid_input"


class NotAllowed(DomainError):
    """The action is not allowed in the current state or for this user (HTTP 409/403)."""

    status_code = 409
    code = "not_allowed"


class PermissionDenied(DomainError):
    """The acting user lacks the permission (HTTP 403)."""

    status_code = 403
    code = "permission_denied"


class NotFound(DomainError):
    """The object does not exist or is not visible to this user (HTTP 404)."""

    status_code = 404
    code = "not_found"

"""Schemas shared by every router: one error shape, one OpenAPI component.

django-ninja names an OpenAPI component after the schema class, so two routers
each defining their own ``ErrorOut`` (or any same-named class) silently overwrite
each other in the published document; shared shapes live here instead.
"""

from __future__ import annotations

from ninja import Schema


class ErrorOut(Schema):
    """The project's API error shape (``{code, message, fields}``, see ``api.middleware``)."""

    code: str
    message: str
    fields: dict[str, list[str]]

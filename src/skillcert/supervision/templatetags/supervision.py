"""``{% institution_sanctions institution %}``: the sanctions section of an institution's public page."""

from __future__ import annotations

from typing import Any

from django import template

from skillcert.supervision.selectors import public_sanctions

register = template.Library()


@register.inclusion_tag("supervision/_institution_sanctions.html")
def institution_sanctions(institution: Any) -> dict[str, Any]:
    return {"sanctions": list(public_sanctions(institution))}

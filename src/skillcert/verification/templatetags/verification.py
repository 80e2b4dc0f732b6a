"""``{% verification_panel certificate token %}``: bundle download and verification codes on the holder page."""

from __future__ import annotations

from typing import Any

from django import template

from skillcert.verification.forms import CreateCodeForm

register = template.Library()


@register.inclusion_tag("verification/_holder_panel.html", takes_context=True)
def verification_panel(context: Any, certificate: Any, token: str) -> dict[str, Any]:
    from skillcert.verification.selectors import codes_of

    codes = list(codes_of(holder=certificate.holder_id, certificate=certificate)[:20])
    return {
        "certificate": certificate,
        "token": token,
        "codes": codes,
        "form": CreateCodeForm(auto_id=False),
        "csrf_token": context.get("csrf_token"),
    }

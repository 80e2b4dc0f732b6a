"""Template context shared by every page."""

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

SITE_NAME = _("Sichuan Skill Certificate Registry")


def site(request: HttpRequest) -> dict[str, Any]:
    """Site name, public URL and the request id (shown on error pages for support)."""
    return {
        "SITE_NAME": SITE_NAME,
        "PUBLIC_URL": settings.PUBLIC_URL,
        "REQUEST_ID": getattr(request, "request_id", ""),
    }

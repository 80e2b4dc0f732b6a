"""Template context shared by every page."""

from typing import Any

from django.conf import settings
from django.http import HttpRequest


def site(request: HttpRequest) -> dict[str, Any]:
    """Site name, public URL and the request id (shown on error pages for support)."""
    return {
        "SITE_NAME": settings.SITE_NAME,
        "PUBLIC_URL": settings.PUBLIC_URL,
        "REQUEST_ID": getattr(request, "request_id", ""),
    }

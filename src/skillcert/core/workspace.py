"""The workspace menu: each app registers the back-office pages a capability opens.

Apps append :class:`WorkspaceLink` entries to :data:`LINKS` from their
``AppConfig.ready``; the workspace shows those the user may open.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.urls import reverse


@dataclass(frozen=True)
class WorkspaceLink:
    """One entry of the workspace menu."""

    url_name: str
    label: Any  # lazy translation
    capability: str  # core.<capability> needed; "" for any signed-in user


LINKS: list[WorkspaceLink] = []


def links_for(user: Any) -> list[tuple[str, Any]]:
    """Return ``(url, label)`` for every registered link the user may open (each page once)."""
    seen: dict[str, Any] = {}
    for link in LINKS:
        if not link.capability or user.has_perm(f"core.{link.capability}"):
            seen.setdefault(reverse(link.url_name), link.label)
    return list(seen.items())

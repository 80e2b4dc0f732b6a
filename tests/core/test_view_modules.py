"""One rule for where views live: public pages in ``views.py``, signed-in pages in ``backoffice.py``, API in ``api.py``.

Walks every named URL of the project and reads the module of its view: a page anyone may open
lives in its app's ``views.py``; a page the permission map keeps for signed-in staff, bureaus,
operators or hosts lives in its app's ``backoffice.py``. The API (django-ninja, each app's
``api.py``) and Django's admin are outside the rule, and so are core's sign-in and account pages,
the door to the back office rather than part of it.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.urls import URLPattern, URLResolver, get_resolver

from skillcert.core.permissions import Public, StaffAdmin, rule_for

ACCOUNT_PAGES = {
    "core:login",
    "core:logout",
    "core:two_factor",
    "core:two_factor_setup",
    "core:password_change",
    "core:password_change_done",
    "core:workspace",
}
OUTSIDE_THE_RULE = {"api", "admin"}  # namespaces: ninja's endpoints (each app's api.py), Django's admin
OWN_MODULE = {"qr:certificate": "skillcert.verification.qrpage"}  # the printed QR address: a public page on its own


def _views(patterns: list[Any], namespace: str = "") -> Iterator[tuple[str, Any]]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}:{pattern.namespace}".strip(":") if pattern.namespace else namespace
            yield from _views(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield (f"{namespace}:{pattern.name}" if namespace else pattern.name), pattern.callback


def _module(callback: Any) -> str:
    view_class = getattr(callback, "view_class", None)
    return str((view_class or callback).__module__)


def _misplaced() -> list[str]:
    wrong = []
    for name, callback in _views(get_resolver().url_patterns):
        if name.partition(":")[0] in OUTSIDE_THE_RULE or name in ACCOUNT_PAGES or name == "set_language":
            continue
        rule = rule_for(name)
        module = _module(callback)
        if isinstance(rule, StaffAdmin) or OWN_MODULE.get(name) == module:
            continue
        expected = ".views" if isinstance(rule, Public) else ".backoffice"
        if not (module.startswith("skillcert.") and module.endswith(expected)):
            wrong.append(f"{name} ({type(rule).__name__}) is served from {module}, not an app's {expected[1:]}.py")
    return wrong


def test_public_pages_live_in_views_and_back_office_pages_in_backoffice() -> None:
    assert _misplaced() == []


def test_the_walk_sees_both_kinds() -> None:
    modules = {_module(callback) for _name, callback in _views(get_resolver().url_patterns)}
    assert {"skillcert.assessments.backoffice", "skillcert.competitions.views", "skillcert.stats.backoffice"} <= modules

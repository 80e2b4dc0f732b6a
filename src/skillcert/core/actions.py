"""Human labels for the change log's action codes (``issue``, ``institution.suspend``, ``scope.set`` …).

The codes stay short, stable and English in the database (they are searched and filtered on);
staff read a translated label instead. Each app registers the labels of the codes its services
write, next to the ``record_change`` calls, with :func:`register`; core registers its own here.
A label is looked up lazily: the first look-up imports every skillcert app's ``services``
module (as the admin discovers ``admin`` modules), so a page never shows a bare code only
because the app that wrote it was not imported yet. An unknown code is shown as it is.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

_labels: dict[str, Any] = {}
_discovered = False


def register(labels: Mapping[str, Any]) -> None:
    """Add an app's labels; the same code may be registered twice only with the same words.

    Two apps writing one code (``upload_results``) must mean the same step, or the log would read
    differently from what happened: a clash is a programming error, raised at import time.
    """
    for code, label in labels.items():
        known = _labels.get(code)
        if known is not None and str(known) != str(label):
            raise ImproperlyConfigured(f"Change-log action {code!r} has two labels: {known!r} and {label!r}.")
        _labels[code] = label


def _discover() -> None:
    global _discovered
    if _discovered:
        return
    from importlib import import_module

    from django.apps import apps
    from django.utils.module_loading import module_has_submodule

    for config in apps.get_app_configs():
        if config.name.startswith("skillcert.") and module_has_submodule(config.module, "services"):
            import_module(f"{config.name}.services")
    _discovered = True


def label_for(code: str) -> str:
    """The label of one action code in the active language, or the code itself when none is registered."""
    _discover()
    label = _labels.get(code)
    return str(label) if label is not None else code


def registered() -> dict[str, Any]:
    """Every registered code with its (lazy) label, after discovery."""
    _discover()
    return dict(_labels)


register(
    {
        "bureau_region_set": _("City bureau linked to its city or prefecture"),
        "refused_outside_region": _("Refused: outside the bureau's city or prefecture"),
    }
)

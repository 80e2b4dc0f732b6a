"""OpenAPI components are named after schema classes: two routers must never reuse a name.

django-ninja keeps the last class registered under a name, so a clash makes the
published document describe one endpoint's answer with another's schema (a claims
check once "returned" verification checks). This guard names the clash instead.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil

from ninja import Schema

import skillcert


def test_no_two_api_schemas_share_a_name() -> None:
    owners: dict[str, list[str]] = {}
    for module_info in pkgutil.iter_modules(skillcert.__path__):
        try:
            module = importlib.import_module(f"skillcert.{module_info.name}.api")
        except ModuleNotFoundError:
            continue
        for name, value in vars(module).items():
            if inspect.isclass(value) and issubclass(value, Schema) and value.__module__ == module.__name__:
                owners.setdefault(name, []).append(module.__name__)
    clashes = {name: modules for name, modules in owners.items() if len(modules) > 1}
    assert clashes == {}

"""The import contract holds, and it would catch an app importing one above it or a contract with a cycle."""

from __future__ import annotations

from pathlib import Path

from tests.architecture import imports


def test_every_app_imports_only_the_apps_below_it():
    assert imports.violations() == []
    assert imports.cycle(imports.ALLOWED) == []


def write(root: Path, relative: str, text: str) -> None:
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def test_an_upward_import_is_named_with_its_file_and_line_even_inside_a_function(tmp_path):
    source = tmp_path / "src" / "skillcert"
    write(source, "certificates/__init__.py", "")
    write(
        source,
        "certificates/services.py",
        "from skillcert.core import errors\n\n\ndef f():\n    import skillcert.stats.services\n",
    )
    write(source, "catalog/rules.py", "from skillcert.certificates.models import Certificate\n")
    write(source, "certificates/migrations/0001_initial.py", "from skillcert.stats import models\n")  # frozen history
    assert imports.violations(source) == [
        "src/skillcert/catalog/rules.py:1: catalog may not import certificates",
        "src/skillcert/certificates/services.py:5: certificates may not import stats",
    ]


def test_a_contract_with_a_cycle_is_refused():
    assert imports.cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert imports.cycle({"a": {"b"}, "b": set()}) == []

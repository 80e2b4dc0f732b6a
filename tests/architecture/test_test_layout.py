"""The tests' own layout: builders live in ``tests/factories``; a ``conftest.py`` holds fixtures and is never imported.

Importing another folder's conftest registers its fixtures twice and ties folders together by
accident; a shared builder belongs in ``tests/factories``, a shared fixture in ``tests/conftest.py``.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

TESTS = Path(__file__).resolve().parents[1]


def is_conftest(module: str) -> bool:
    return "conftest" in module.lstrip(".").split(".")


def conftest_modules(tree: ast.AST) -> Iterator[tuple[int, str]]:
    """Each conftest module an import statement names, with its line (``from . import conftest`` too)."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from ((node.lineno, alias.name) for alias in node.names if is_conftest(alias.name))
        elif isinstance(node, ast.ImportFrom):
            base = "." * node.level + (node.module or "")
            if is_conftest(base):
                yield node.lineno, base
            else:
                sep = "" if base.endswith(".") else "."
                yield from ((node.lineno, base + sep + a.name) for a in node.names if a.name == "conftest")


def conftest_imports(root: Path = TESTS) -> list[str]:
    """``path:line module`` for each import of a conftest module anywhere under ``root``."""
    found = []
    for path in sorted(root.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        found += [f"{path.relative_to(root.parent)}:{line} {module}" for line, module in conftest_modules(tree)]
    return found


def test_no_module_imports_a_conftest():
    assert conftest_imports() == []


def test_the_guard_sees_every_form_of_conftest_import(tmp_path):
    (tmp_path / "test_a.py").write_text("from tests.certificates.conftest import valid_id\n")
    (tmp_path / "test_b.py").write_text("def f():\n    import tests.conftest\n")
    (tmp_path / "test_c.py").write_text("from . import conftest\nfrom .conftest import x\n")
    (tmp_path / "test_d.py").write_text("from tests.factories import valid_id\n")
    assert [hit.split(" ")[1] for hit in conftest_imports(tmp_path)] == [
        "tests.certificates.conftest",
        "tests.conftest",
        ".conftest",
        ".conftest",
    ]

"""The import contract between the apps (``make lint``): each app imports only the apps below it.

The layers, bottom first (docs/architecture.md explains them)::

    core
    catalog · people · transparency
    credentials · institutions · documents · api (shared API schemas)
    certificates
    assessments · verification · public
    competitions · supervision
    stats
    config · cli (wiring: may import anything)

``ALLOWED`` below is the contract: the apps each app may import. Every ``from skillcert.<app>`` and
``import skillcert.<app>`` counts, at module level or inside a function (an import hidden in a function
is still a dependency). The contract itself must have no cycle. Run: ``python tests/architecture/imports.py``;
it prints each import that breaks the contract with its file and line, and exits 1 if there is one.
"""

from __future__ import annotations

import ast
import sys
from collections.abc import Iterator
from pathlib import Path

SOURCE = Path(__file__).resolve().parents[2] / "src" / "skillcert"

ALLOWED: dict[str, set[str]] = {
    "core": set(),
    "catalog": {"core"},
    "people": {"core"},
    "transparency": {"core"},
    "credentials": {"core", "transparency"},
    "institutions": {"core", "catalog", "transparency"},
    "documents": {"core", "catalog"},
    "api": {"core", "catalog"},
    "certificates": {"core", "catalog", "people", "transparency", "credentials", "institutions", "documents", "api"},
    "assessments": {"core", "catalog", "people", "institutions", "documents", "certificates"},
    "verification": {"core", "people", "transparency", "credentials", "certificates"},
    "public": {"core", "catalog"},
    "competitions": {"core", "catalog", "people", "institutions", "certificates", "assessments"},
    "supervision": {"core", "catalog", "people", "institutions", "certificates", "api"},
    "stats": {"core", "catalog", "institutions", "certificates", "assessments", "supervision", "api"},
}
WIRING = {"config", "cli"}
"""Settings, URLs, the server and the command line put the apps together: they may import any app."""


def app_of(path: Path, source: Path = SOURCE) -> str:
    relative = path.relative_to(source)
    return relative.parts[0] if len(relative.parts) > 1 else relative.stem


def imported_apps(tree: ast.AST) -> Iterator[tuple[str, int]]:
    """Every ``skillcert.<app>`` a module imports, with the line."""
    for node in ast.walk(tree):
        names: list[str] = []
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module]
        elif isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        for name in names:
            parts = name.split(".")
            if parts[0] == "skillcert" and len(parts) > 1:
                yield parts[1], node.lineno


def violations(source: Path = SOURCE) -> list[str]:
    """Each import of ``source`` that the contract does not allow, as ``file:line: app imports other``."""
    found = []
    for path in sorted(source.rglob("*.py")):
        if "migrations" in path.parts:
            continue  # migrations are frozen history: they reach other apps' models by name
        app = app_of(path, source)
        if app in WIRING or app == "__init__":
            continue
        allowed = ALLOWED.get(app)
        for target, line in imported_apps(ast.parse(path.read_text(encoding="utf-8"))):
            if target == app or (allowed is not None and target in allowed):
                continue
            reason = "an app the contract does not know" if allowed is None else f"{app} may not import {target}"
            found.append(f"{path.relative_to(source.parent.parent)}:{line}: {reason}")
    return found


def cycle(graph: dict[str, set[str]]) -> list[str]:
    """A cycle in ``graph`` (app → apps it may import), or ``[]``."""
    state: dict[str, str] = {}
    path: list[str] = []

    def visit(node: str) -> list[str]:
        state[node] = "open"
        path.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == "open":
                return [*path[path.index(nxt) :], nxt]
            if nxt not in state and (found := visit(nxt)):
                return found
        state[node] = "done"
        path.pop()
        return []

    for node in sorted(graph):
        if node not in state and (found := visit(node)):
            return found
    return []


def main() -> int:
    problems = violations()
    loop = cycle(ALLOWED)
    if loop:
        problems.append("the contract has a cycle: " + " → ".join(loop))
    apps = {p.name for p in SOURCE.iterdir() if p.is_dir() and (p / "__init__.py").exists()}
    problems += [
        f"src/skillcert/{app}: an app the contract does not list" for app in sorted(apps - set(ALLOWED) - WIRING)
    ]
    for problem in problems:
        print(problem)
    print(f"import contract: {len(problems)} problem(s) in {len(apps)} apps")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())

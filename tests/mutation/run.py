"""Mutation testing of the critical modules (`make mutate`): how many planted bugs do the tests catch?

Usage::

    .venv/bin/python tests/mutation/run.py              # every critical module, one after the other
    .venv/bin/python tests/mutation/run.py rules merkle # only these (names from --list)
    .venv/bin/python tests/mutation/run.py --list       # the modules, their source file and test files
    .venv/bin/python tests/mutation/run.py --survivors rules   # also list each surviving mutant

It prints one row per module: mutants, killed, survived, equivalent (reviewed, see ``equivalents.py``),
the score and whether it reaches the 90 % target, and exits 1 when a module misses it.

How mutmut 3 is made to work here (mutmut 3.8.1, pinned in pyproject.toml):

- mutmut copies the ``source_paths`` tree (``src/skillcert``), ``tests/`` and ``pyproject.toml`` into a
  ``mutants/`` directory of its working directory, rewrites the functions of the mutated files into
  trampolines (every mutant is in the file, chosen at call time by the ``MUTANT_UNDER_TEST`` environment
  variable), then runs pytest in-process inside ``mutants/``.
- src layout: the project is installed editable, so ``/work/main/src`` is on ``sys.path`` through a
  ``.pth`` file. mutmut removes every ``sys.path`` entry that resolves to ``./src`` and puts
  ``mutants/src`` first, so ``import skillcert`` loads the mutated copy. Each module runs in its own
  staging directory ``mutants/<module>/`` whose ``src`` and ``tests`` are symbolic links to the real ones:
  they resolve to the same path, so the installed copy is removed from ``sys.path`` there too.
- Per-module settings: mutmut reads ``[tool.mutmut]`` from the ``pyproject.toml`` of its working directory.
  The staging directory gets a copy of the project's file whose ``[tool.mutmut]`` table is extended with
  ``only_mutate`` (the one source file) and ``pytest_add_cli_args_test_selection`` (its test files).
  Everything else (pytest's ``DJANGO_SETTINGS_MODULE``, ``addopts`` with the plugin that sets the test
  environment) comes with the copy, so Django is configured exactly as under ``make test``.
- Django and the test database: mutmut first runs the selected tests once to learn which tests call which
  function, then forks one child per mutant that runs only those tests (``process_isolation = "fork"``), so
  Django and the project are imported once. Each child runs pytest again, which would migrate a fresh
  in-memory SQLite database and load the reference catalogue every time (about two seconds); the plugin
  ``tests/mutation/fastdb.py`` with ``--reuse-db`` (both in ``[tool.mutmut]``) keeps one file database per
  module instead, created by the first run and removed when the module starts afresh. Every test still runs
  in a rolled-back transaction. The runner always uses SQLite (``SKILLCERT_DATABASE_URL`` is removed) and a
  data directory of its own (``SKILLCERT_DATA_DIR``, default ``/tmp/skillcert-mutate-data``).
- Fixed settings: one mutant at a time by default (``--jobs 2`` is safe only for modules whose tests need no
  database, since two processes would wait on the one SQLite file); each module starts from a fresh staging
  directory (``--keep`` reuses the previous results for a quick look).
- Module-level caches are warm in every mutant's process: the children are forked after the first run
  filled them (the claim checker's name matchers, for instance), so a mutant inside a cached function's
  body is never executed unless a test empties the cache first (``monkeypatch.setattr(module, "_cache",
  {})``); such mutants survive whatever the other tests check.
- A mutant counts as killed when a test fails or times out; "no tests" (no selected test calls the
  function) counts as survived. Score = killed / (mutants - reviewed equivalents).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
STAGING = ROOT / "mutants"
TARGET = 0.90
KILLED_CODES = {1, 3, -24, 24, 152, 255, 36}

sys.path.insert(0, str(Path(__file__).resolve().parent))
from equivalents import EQUIVALENT  # noqa: E402


@dataclass(frozen=True)
class Module:
    """One critical module: the file mutmut mutates and the tests that run against it."""

    source: str
    tests: tuple[str, ...]
    owned_elsewhere: bool = False


MODULES: dict[str, Module] = {
    "rules": Module(
        "catalog/rules.py",
        ("tests/catalog/test_rules.py", "tests/catalog/test_rules_oracle.py", "tests/catalog/test_rules_edges.py"),
    ),
    "idnumbers": Module(
        "people/idnumbers.py", ("tests/people/test_idnumbers.py", "tests/people/test_idnumbers_edges.py")
    ),
    "numbering": Module(
        "certificates/numbering.py",
        (
            "tests/certificates/test_numbering.py",
            "tests/certificates/test_numbering_examples.py",
            "tests/certificates/test_numbering_edges.py",
        ),
    ),
    "statuslist": Module(
        "credentials/statuslist.py",
        ("tests/credentials/test_statuslist.py", "tests/credentials/test_statuslist_edges.py"),
    ),
    "merkle": Module(
        "transparency/merkle.py", ("tests/transparency/test_merkle.py", "tests/transparency/test_merkle_edges.py")
    ),
    "masking": Module(
        "people/protection.py", ("tests/people/test_protection.py", "tests/people/test_protection_edges.py")
    ),
    "query": Module(
        "certificates/selectors.py",
        (
            "tests/certificates/test_query.py",
            "tests/certificates/test_query_gaps.py",
            "tests/certificates/test_query_edges.py",
        ),
    ),
    "holderlink": Module(
        "certificates/holderlink.py",
        ("tests/certificates/test_query_gaps.py", "tests/certificates/test_holderlink_edges.py"),
    ),
    "stats-services": Module(
        "stats/services.py",
        ("tests/stats/test_tally.py", "tests/stats/test_revoked.py", "tests/stats/test_tally_rows.py"),
    ),
    "stats-selectors": Module(
        "stats/selectors.py",
        (
            "tests/stats/test_tally.py",
            "tests/stats/test_pages.py",
            "tests/stats/test_revoked.py",
            "tests/stats/test_selectors_edges.py",
        ),
    ),
    "render-levels": Module(
        "documents/render.py",
        (
            "tests/documents/test_render.py",
            "tests/documents/test_level_colours.py",
            "tests/documents/test_render_layout.py",
            "tests/documents/test_fonts_and_batch.py",
            "tests/documents/test_render_mutants.py",
        ),
    ),
    "permissions": Module(
        "core/permissions.py",
        ("tests/core/test_permissions.py", "tests/core/test_public_urls.py", "tests/core/test_permission_rules.py"),
    ),
    # changed by other engineers at the time this was set up: measured last
    "issuing": Module(
        "certificates/services.py",
        (
            "tests/certificates/test_issuing.py",
            "tests/certificates/test_other_types.py",
            "tests/certificates/test_issuing_rows.py",
        ),
        owned_elsewhere=True,
    ),
    "verifier": Module(
        "verification/verifier.py",
        (
            "tests/verification/test_verifier.py",
            "tests/verification/test_key_window.py",
            "tests/verification/test_verifier_edges.py",
        ),
        owned_elsewhere=True,
    ),
    "signing": Module(
        "credentials/signing.py",
        (
            "tests/credentials/test_signing.py",
            "tests/credentials/test_keys.py",
            "tests/credentials/test_vectors.py",
            "tests/credentials/test_signing_edges.py",
            "tests/credentials/test_signing_mutants.py",
        ),
        owned_elsewhere=True,
    ),
    "ratelimit": Module(
        "core/ratelimit.py",
        ("tests/core/test_ratelimit.py", "tests/core/test_ratelimit_edges.py"),
        owned_elsewhere=True,
    ),
    "claims": Module(
        "supervision/claims.py",
        (
            "tests/supervision/test_claims.py",
            "tests/supervision/test_claims_revoked.py",
            "tests/supervision/test_claims_bounds.py",
            "tests/supervision/test_claims_mutants.py",
        ),
        owned_elsewhere=True,
    ),
    "validation": Module(
        "assessments/validation.py",
        (
            "tests/assessments/test_batches.py",
            "tests/assessments/test_validation_edges.py",
            "tests/assessments/test_validation_mutants.py",
        ),
        owned_elsewhere=True,
    ),
}


@dataclass
class Result:
    """The outcome of one module's run."""

    name: str
    total: int
    killed: int
    survivors: list[str]
    equivalent: list[str]

    @property
    def score(self) -> float:
        counted = self.total - len(self.equivalent)
        return self.killed / counted if counted else 1.0


BASELINE: set[str] | None = None  # with --baseline: the test files git knows, to measure the tests as committed


def _existing_tests(module: Module) -> list[str]:
    present = [t for t in module.tests if (ROOT / t).exists() and (BASELINE is None or t in BASELINE)]
    for missing in sorted(set(module.tests) - set(present)):
        print(f"   (no {missing}: left out)")
    return present


def _mutmut_table(module: Module) -> str:
    lines = [
        "[tool.mutmut]",
        f"only_mutate = {json.dumps(['src/skillcert/' + module.source])}",
        f"pytest_add_cli_args_test_selection = {json.dumps(_existing_tests(module))}",
    ]
    return "\n".join(lines) + "\n"


def _stage(name: str, module: Module, keep: bool) -> Path:
    """Make ``mutants/<name>/`` with links to src and tests and a pyproject.toml naming this module."""
    stage = STAGING / name
    test_database = Path(_environment(name)["SKILLCERT_DATA_DIR"]) / f"mutation-test-{name}.sqlite3"
    if stage.exists() and not keep:
        shutil.rmtree(stage)
        test_database.unlink(missing_ok=True)
    stage.mkdir(parents=True, exist_ok=True)
    for link in ("src", "tests"):
        if not (stage / link).exists():
            (stage / link).symlink_to(ROOT / link)
    text = (ROOT / "pyproject.toml").read_text("utf-8")
    if "[tool.mutmut]\n" not in text:
        raise SystemExit("pyproject.toml has no [tool.mutmut] table")
    (stage / "pyproject.toml").write_text(text.replace("[tool.mutmut]\n", _mutmut_table(module), 1), "utf-8")
    return stage


def _environment(name: str) -> dict[str, str]:
    env = dict(os.environ)
    env.pop("SKILLCERT_DATABASE_URL", None)
    env.setdefault("SKILLCERT_DATA_DIR", "/tmp/skillcert-mutate-data")
    env["SKILLCERT_MUTATION_MODULE"] = name
    env["PYTHONHASHSEED"] = "0"
    return env


def _run_mutmut(name: str, stage: Path, jobs: int, verbose: bool) -> None:
    """Run mutmut in the staging directory; its output goes to ``mutmut.log`` there unless ``verbose``."""
    command = [str(ROOT / ".venv" / "bin" / "mutmut"), "run", "--max-children", str(jobs)]
    log = stage / "mutmut.log"
    with log.open("w", encoding="utf-8") as output:
        done = subprocess.run(
            command,
            cwd=stage,
            env=_environment(name),
            stdout=None if verbose else output,
            stderr=subprocess.STDOUT if not verbose else None,
            check=False,
        )
    if done.returncode != 0:
        print(log.read_text("utf-8")[-4000:])
        raise SystemExit(f"mutmut failed in {stage} (exit {done.returncode}); its output is in {log}")


def _collect(name: str, module: Module, stage: Path) -> Result:
    meta = stage / "mutants" / "src" / "skillcert" / (module.source + ".meta")
    codes: dict[str, int | None] = json.loads(meta.read_text("utf-8"))["exit_code_by_key"]
    reviewed = {mutant for module_name, mutant, _reason in EQUIVALENT if module_name == name}
    killed = [key for key, code in codes.items() if code in KILLED_CODES]
    equivalent = [key for key in codes if key in reviewed and key not in killed]
    survivors = sorted(key for key in codes if key not in killed and key not in reviewed)
    return Result(name, len(codes), len(killed), survivors, equivalent)


def _print_table(results: list[Result]) -> None:
    header = f"{'module':<17} {'mutants':>7} {'killed':>7} {'survived':>8} {'equiv.':>6} {'score':>7}  target 90 %"
    print(header)
    print("-" * len(header))
    for r in results:
        verdict = "ok" if r.score >= TARGET else "BELOW"
        print(
            f"{r.name:<17} {r.total:>7} {r.killed:>7} {len(r.survivors):>8} {len(r.equivalent):>6} "
            f"{r.score:>6.1%}  {verdict}"
        )


def _print_survivors(results: list[Result]) -> None:
    for r in results:
        for mutant in r.survivors:
            print(f"survived  {r.name:<17} {mutant}")
        for mutant in r.equivalent:
            reason = next(reason for m, key, reason in EQUIVALENT if m == r.name and key == mutant)
            print(f"equiv.    {r.name:<17} {mutant}: {reason}")
    print(f"(show one: cd {STAGING}/<module> && {ROOT}/.venv/bin/mutmut show <mutant>)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("modules", nargs="*", help="module names (default: all)")
    parser.add_argument("--jobs", type=int, default=1, help="mutants run at once (1 or 2 on a shared machine)")
    parser.add_argument("--keep", action="store_true", help="reuse the previous staging directory and results")
    parser.add_argument("--list", action="store_true", help="list the critical modules and exit")
    parser.add_argument("--survivors", action="store_true", help="list surviving and equivalent mutants")
    parser.add_argument("--baseline", action="store_true", help="use only the test files committed to git")
    parser.add_argument("--verbose", action="store_true", help="show mutmut's own progress output")
    args = parser.parse_args(argv)
    if args.list:
        for name, module in MODULES.items():
            print(f"{name:<17} src/skillcert/{module.source}  <- {' '.join(module.tests)}")
        return 0
    unknown = [m for m in args.modules if m not in MODULES]
    if unknown:
        parser.error(f"unknown module(s) {', '.join(unknown)}; see --list")
    if args.baseline:
        global BASELINE
        listed = subprocess.run(["git", "ls-files", "tests"], cwd=ROOT, capture_output=True, text=True, check=True)
        BASELINE = set(listed.stdout.split())
    results = []
    for name in args.modules or list(MODULES):
        module = MODULES[name]
        print(f"== {name}: src/skillcert/{module.source}", flush=True)
        stage = _stage(name, module, args.keep)
        _run_mutmut(name, stage, args.jobs, args.verbose)
        results.append(_collect(name, module, stage))
    print()
    _print_table(results)
    if args.survivors:
        print()
        _print_survivors(results)
    return 0 if all(r.score >= TARGET for r in results) else 1


if __name__ == "__main__":
    raise SystemExit(main())

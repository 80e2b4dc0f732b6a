"""pytest plugin for mutation runs only: one SQLite test database on disk, reused; fixed Hypothesis settings.

mutmut forks one process per mutant and each runs pytest again; with the usual in-memory test
database every one of them would migrate and load the reference catalogue (about two seconds).
Loaded with ``-p tests.mutation.fastdb --reuse-db`` (see ``[tool.mutmut]`` in pyproject.toml), the
test database is a file in the data directory, created once and reused: every test still runs in a
transaction that is rolled back, and the reference catalogue is restored after any flush by the
``baseline`` fixture of ``tests/conftest.py``. Mutants run one at a time (``--jobs 1``) so that two
processes never hold the file at once.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any


def pytest_configure(config: Any) -> None:
    """Point the default database's test name at a file (SQLite only); fix Hypothesis's settings."""
    from django.conf import settings
    from hypothesis import HealthCheck
    from hypothesis import settings as hypothesis_settings

    # pytest runs again in the same process for every mutant, so class-based property tests meet new instances:
    # that is expected here. Derandomised so that every run of a module draws the same examples.
    hypothesis_settings.register_profile(
        "mutation", suppress_health_check=[HealthCheck.differing_executors], derandomize=True, database=None
    )
    hypothesis_settings.load_profile("mutation")

    database = settings.DATABASES["default"]
    if database["ENGINE"] != "django.db.backends.sqlite3":
        return
    data_dir = Path(os.environ.get("SKILLCERT_DATA_DIR", "/tmp/skillcert-mutate-data"))
    data_dir.mkdir(parents=True, exist_ok=True)
    module = os.environ.get("SKILLCERT_MUTATION_MODULE", "all")
    database.setdefault("TEST", {})["NAME"] = str(data_dir / f"mutation-test-{module}.sqlite3")

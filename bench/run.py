"""``make bench``: speed and memory figures, printed with their targets and ratios (never asserted in tests).

Each benchmark module in this folder exposes ``run() -> list[Figure]``; this
script runs them in a throw-away data directory and prints one table. Name
modules to run only those: ``python bench/run.py bench_credentials``.
"""

from __future__ import annotations

import importlib
import os
import sys
import tempfile
from pathlib import Path

BENCHMARKS = [
    "bench_catalog",
    "bench_import",
    "bench_credentials",
    "bench_documents",
    "bench_transparency",
    "bench_claims",
    "bench_stats",
    "bench_http",
]


def main(argv: list[str]) -> int:
    chosen = [name for name in BENCHMARKS if name in argv] if argv else BENCHMARKS
    unknown = sorted(set(argv) - set(BENCHMARKS))
    if unknown:
        print(f"unknown benchmark(s): {', '.join(unknown)}; choose from {', '.join(BENCHMARKS)}", file=sys.stderr)
        return 2
    # Never the dev database; its data directory is remembered only to reuse its converted font (bench_http).
    os.environ["SKILLCERT_BENCH_SOURCE_DATA_DIR"] = os.environ.get("SKILLCERT_DATA_DIR", "var")
    os.environ["SKILLCERT_DATA_DIR"] = tempfile.mkdtemp(prefix="skillcert-bench-")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "skillcert.config.settings")
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    sys.path.insert(1, str(Path(__file__).resolve().parent.parent))  # benchmarks reuse the tests' fixtures
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    print(f"{'benchmark':<52} {'figure':>14} {'unit':<10} {'target':>10} {'ratio':>8}")
    for name in chosen:
        module = importlib.import_module(name)
        for figure in module.run():
            print(figure.line())
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

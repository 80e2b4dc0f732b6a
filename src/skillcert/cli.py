"""The ``skillcert`` console script.

``skillcert serve`` runs gunicorn (sync workers); every other sub-command is a
Django management command, written with dashes: ``skillcert load-reference``
runs ``load_reference``. ``skillcert help`` lists them all.
"""

from __future__ import annotations

import argparse
import os
import sys

SERVE_HELP = "serve the site with gunicorn (default 127.0.0.1:8000)"
# Commands that read a file and need nothing from the data directory: they start without creating it, a database,
# secrets or a job store (settings.READ_ONLY), so a verifier's machine keeps no trace of them.
READ_ONLY_COMMANDS = {"verify"}


def _setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "skillcert.config.settings")


def serve(argv: list[str]) -> int:
    """Run gunicorn with sync workers and persistent database connections."""
    parser = argparse.ArgumentParser(prog="skillcert serve", description=SERVE_HELP)
    parser.add_argument("--host", default=os.environ.get("SKILLCERT_HOST", "127.0.0.1"))
    parser.add_argument("--port", type=int, default=int(os.environ.get("SKILLCERT_PORT", "8000")))
    parser.add_argument("--workers", type=int, default=int(os.environ.get("SKILLCERT_WORKERS", "3")))
    parser.add_argument("--no-jobs", action="store_true", help="do not start the background job worker")
    args = parser.parse_args(argv)
    _setup_django()
    import django
    from django.core.management import call_command
    from gunicorn.app.wsgiapp import run

    django.setup()
    call_command("check")  # gunicorn never runs Django's system checks: refuse to start without a signing key
    if not args.no_jobs:
        _start_job_worker()

    sys.argv = [
        "gunicorn",
        "skillcert.config.wsgi:application",
        "--config=python:skillcert.config.gunicorn",  # start hooks: the fonts are loaded before the first request
        f"--bind={args.host}:{args.port}",
        f"--workers={args.workers}",
        "--worker-class=sync",
        "--timeout=120",
        "--graceful-timeout=30",
        # Recycle workers now and then so that no slow leak lives forever; jitter keeps them from restarting together.
        # Not too often: a new worker loads the certificate fonts (~1 s of CPU), which at 1,000 requests cost about
        # 1 ms per request, more than a bare Django view.
        "--max-requests=20000",
        "--max-requests-jitter=2000",
        # Bounds on the request line and headers; bodies are bounded by skillcert.core.uploads before they are read.
        "--limit-request-line=8190",
        "--limit-request-fields=100",
        "--limit-request-field_size=8190",
        "--access-logfile=-",
        # Holder-link tokens, verification codes and credentials never reach the access log.
        "--logger-class=skillcert.core.accesslog.RedactingLogger",
    ]
    print(f"skillcert: serving on http://{args.host}:{args.port}/", flush=True)
    run()
    return 0


def _start_job_worker() -> None:
    """Run the Huey consumer beside the web server; it stops when the server stops."""
    import atexit
    import subprocess

    worker = subprocess.Popen([sys.executable, "-m", "skillcert.cli", "run_huey", "--workers", "1", "--quiet"])
    atexit.register(worker.terminate)


def main(argv: list[str] | None = None) -> int:
    """Entry point of the console script."""
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0] in {"-h", "--help"}:
        argv = ["help"]
    command, rest = argv[0], argv[1:]
    if command == "serve":
        return serve(rest)
    if command in READ_ONLY_COMMANDS:
        from skillcert.config.env import start_read_only

        start_read_only()
    _setup_django()
    from django.core.management import execute_from_command_line

    if command == "help" and not rest:
        print(f"usage: skillcert <command> [options]\n\n  serve             {SERVE_HELP}")
        print("  load-reference    load occupations, catalogue, new occupations, regions")
        print("  demo              load the demo data set\n\nDjango commands (migrate, check, …) work too.\n")
    execute_from_command_line(["skillcert", command.replace("-", "_"), *rest])
    return 0


if __name__ == "__main__":
    sys.exit(main())

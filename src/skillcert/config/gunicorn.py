"""gunicorn server hooks of ``skillcert serve`` (given to gunicorn as ``--config python:skillcert.config.gunicorn``).

The command-line options stay in :func:`skillcert.cli.serve`; this module holds only what must run
at a given moment of the server's life:

* :func:`on_starting` (the master, once, before any worker exists) makes sure the certificate
  font is converted: the first conversion takes ~30 s, and doing it here keeps it out of the
  workers, which gunicorn would kill past ``--timeout`` while they wait for it.
* :func:`post_worker_init` (each worker, after it loaded the WSGI application, before its first
  request) reads and registers the fonts, so that no visitor waits ~4 s for the first certificate
  PDF a worker serves. ``post_fork`` would be too early (Django is not set up in the worker yet);
  ``AppConfig.ready`` would make every management command and test process pay for fonts it never
  uses. With ``--max-requests`` a recycled worker loads them again as it starts.
"""

from __future__ import annotations

import os
from typing import Any

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "skillcert.config.settings")


def on_starting(server: Any) -> None:
    """Convert the certificate font once, in the master, if this data directory has none yet."""
    from skillcert.documents.fonts import converted_font_path

    converted_font_path()


def post_worker_init(worker: Any) -> None:
    """Load the certificate fonts in this worker before it serves anything."""
    from skillcert.documents.fonts import load

    load()

"""Bench-only Django settings: the site's own settings with a one-view URLconf (``httpbare_urls``).

``bench_http`` serves it with ``skillcert serve`` exactly as it serves the site (same gunicorn
options, same middleware, same data directory), so that the bare view's figure is the floor the
site's pages are compared with: what Django and the server cost before any page does any work.
"""

from __future__ import annotations

from skillcert.config.settings import *  # noqa: F403  (the very same settings)

ROOT_URLCONF = "httpbare_urls"

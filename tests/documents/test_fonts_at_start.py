"""Each server worker loads the certificate fonts as it starts, not on the first PDF a visitor asks for."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from skillcert import cli

# Run in a new interpreter: this test process may have rendered certificates already.
WORKER = """
import json, os
os.environ["DJANGO_SETTINGS_MODULE"] = "skillcert.config.settings"
import django
django.setup()
from gunicorn.app.wsgiapp import WSGIApplication
from reportlab.pdfbase import pdfmetrics
from skillcert.documents import fonts

app = WSGIApplication("%(prog)s [OPTIONS] [APP_MODULE]")  # reads sys.argv: the options skillcert serve gives
before = fonts.PRIMARY in pdfmetrics.getRegisteredFontNames()
app.cfg.on_starting(None)
app.cfg.post_worker_init(None)
print(json.dumps({
    "before": before,
    "after": fonts.PRIMARY in pdfmetrics.getRegisteredFontNames(),
    "letters_read": fonts.glyph_outlines.cache_info().currsize,
}))
"""


def serve_argv(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The gunicorn command line ``skillcert serve`` builds (gunicorn itself not started)."""
    import django.core.management
    import gunicorn.app.wsgiapp

    monkeypatch.setattr(gunicorn.app.wsgiapp, "run", lambda: None)
    monkeypatch.setattr(django.core.management, "call_command", lambda *args, **kwargs: None)
    monkeypatch.setattr(sys, "argv", list(sys.argv))
    assert cli.serve(["--no-jobs"]) == 0
    return list(sys.argv)


def test_serve_gives_gunicorn_the_start_hooks(monkeypatch: pytest.MonkeyPatch) -> None:
    from gunicorn.app.wsgiapp import WSGIApplication

    from skillcert.config import gunicorn as hooks

    monkeypatch.setattr(sys, "argv", serve_argv(monkeypatch))
    app = WSGIApplication("%(prog)s [OPTIONS] [APP_MODULE]")
    assert app.cfg.post_worker_init is hooks.post_worker_init
    assert app.cfg.on_starting is hooks.on_starting


def test_after_the_worker_start_hook_the_certificate_font_is_registered(monkeypatch: pytest.MonkeyPatch) -> None:
    argv = serve_argv(monkeypatch)
    code = f"import sys; sys.argv = {argv!r}\n" + WORKER
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=dict(os.environ), timeout=300, check=True
    )
    state = json.loads(result.stdout.strip().splitlines()[-1])
    assert state == {"before": False, "after": True, "letters_read": 1}

"""Auditing a running instance over real HTTP, and the test-suite flush that has to empty the log."""

from __future__ import annotations

import subprocess
import sys

import pytest
from django.db import connection

from skillcert.transparency import dbguard, keys, services
from skillcert.transparency.models import LogLeaf
from tests.factories import issued

pytestmark = pytest.mark.django_db(transaction=True)


def test_skillcert_log_audit_over_http_against_a_live_server(live_server):
    services.append_events(events=issued(9))
    services.publish_checkpoint()
    services.append_events(events=issued(4, prefix="d"))
    services.publish_checkpoint()
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "skillcert.cli",
            "log",
            "audit",
            "--url",
            live_server.url,
            "--key",
            keys.verifier().encode(),
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "13 of 13 entries replayed" in result.stdout and "the log is consistent" in result.stdout


def test_flush_empties_the_log_and_puts_the_guard_back():
    from django.core.management import call_command

    services.append_events(events=issued(3))
    services.publish_checkpoint()
    call_command("flush", interactive=False, verbosity=0)
    assert LogLeaf.objects.count() == 0 and services.current_size() == 0
    assert dbguard.is_installed(connection)

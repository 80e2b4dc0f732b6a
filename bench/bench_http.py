"""Page throughput over HTTP: the public pages beside a bare Django view served the same way, in the same run.

``skillcert serve`` (gunicorn, sync workers, no job worker) is started on 127.0.0.1 twice with the
same options and settings: once with the site, once with ``httpbare`` (the same settings with a
one-view URLconf, ``httpbare_urls``). ``wrk`` (Debian package ``wrk``, ``make bench-deps``) loads
each URL for :data:`SECONDS` seconds over :data:`CONNECTIONS` connections, the bare view just
before each page; each figure is printed with its p99 latency, the queries one request makes (one
request in process, under ``CaptureQueriesContext``) and its ratio to its target: 1,000 req/s for
the QR page, half the bare view's figure measured just before it for the others. The servers are
stopped in ``finally``. Then the certificate is revoked and the QR page asked once more: the
revocation must show on that very next request.

Both servers allow a high certificate-query rate (``SKILLCERT_QUERY_RATE_LIMIT``), so that the
query API is measured answering rather than refusing; the rate check itself still runs on every
request. The load generator shares the machine's cores with the server: figures are for
comparison within one run, not absolute capacities.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from figures import Figure

SECONDS = 5
CONNECTIONS = 10
WORKERS = int(os.environ.get("SKILLCERT_BENCH_WORKERS", "3"))
QR_TARGET = 1000.0
SHARE_OF_BARE = 0.5
START_TIMEOUT = 180  # a first start converts the certificate font (~30-60 s) unless it is cached
BENCH_DIR = Path(__file__).resolve().parent


@dataclass(frozen=True)
class Target:
    """One URL to load: its name, path, and for a POST the JSON body."""

    name: str
    path: str
    body: dict[str, Any] | None = None


@dataclass(frozen=True)
class Load:
    requests_per_second: float
    p99_ms: float
    errors: int


def run() -> list[Figure]:
    if shutil.which("wrk") is None:
        print("bench_http: wrk is not installed (make bench-deps, or apt-get install wrk); skipped", file=sys.stderr)
        return []
    certificate, operator = _prepare()
    targets = _targets(certificate)
    queries = {target.name: _queries_per_request(target) for target in targets}
    with _server("httpbare") as bare_port, _server("skillcert.config.settings") as site_port:
        pairs = [(_load(bare_port, BARE), _load(site_port, target)) for target in targets]
        revoked = _revocation_seen(certificate, operator, site_port)
    floors = sorted(bare.requests_per_second for bare, _page in pairs)
    median = pairs[[bare.requests_per_second for bare, _page in pairs].index(floors[len(floors) // 2])][0]
    figures = _figures(f"{BARE.name}, median of {len(pairs)}", median, None, 0)
    for target, (bare, page) in zip(targets, pairs, strict=True):
        goal = QR_TARGET if target is targets[0] else bare.requests_per_second * SHARE_OF_BARE
        figures += _figures(target.name, page, goal, queries[target.name])
        figures.append(Figure("  the bare view just before it", bare.requests_per_second, "req/s"))
    figures.append(Figure("QR page: a revocation shown on the very next request", float(revoked), "yes=1", 1))
    return figures


BARE = Target("bare Django view (no database)", "/")


def _figures(name: str, load: Load, target: float | None, queries: int) -> list[Figure]:
    figures = [
        Figure(f"HTTP {name}", load.requests_per_second, "req/s", target),
        Figure(f"  p99 latency; {queries} queries/request", load.p99_ms, "ms"),
    ]
    if load.errors:
        figures.append(Figure("  non-2xx/3xx answers or socket errors", float(load.errors), "responses"))
    return figures


# ---------------------------------------------------------------------------
# Data: one issued certificate, its checkpoint, through the tests' own builders
# ---------------------------------------------------------------------------


def _prepare() -> tuple[Any, Any]:
    """Reference data, a signing key, an institution, a holder and one issued certificate, signed in the log."""
    import datetime as dt

    from tests.certificates.conftest import make_institution, valid_id
    from tests.conftest import ensure_reference, make_user

    from skillcert.certificates import services
    from skillcert.core import roles
    from skillcert.institutions.services import link_operator
    from skillcert.people.services import register_holder
    from skillcert.transparency.services import publish_checkpoint

    _copy_cached_fonts()
    ensure_reference()
    centre = make_user("bench-http-centre", roles.CENTRE_STAFF)
    institution = make_institution(centre, name="四川省焊接技能评价中心", serial=91)
    operator = make_user("bench-http-operator", roles.INSTITUTION_OPERATOR)
    link_operator(user=operator, institution=institution, actor=centre)
    holder = register_holder(name="张三", id_type="resident_id", id_number=valid_id("51010719900307123"), gender="male")
    spec = services.IssueSpec(
        certificate_type="skill_level", holder=holder, issued_on=dt.date(2026, 6, 1), source="manual",
        occupation_code="6-18-02-04", job_type="手工电弧焊", level=4, institution=institution, batch_id="bench-http",
    )  # fmt: skip
    certificate = services.issue_certificate(spec=spec, actor=operator)
    publish_checkpoint()
    return certificate, operator


def _copy_cached_fonts() -> None:
    """Reuse a converted certificate font when one is at hand (the server converts it otherwise, ~30-60 s)."""
    from skillcert.documents.fonts import CONVERTED_NAME, font_dir

    target = font_dir() / CONVERTED_NAME
    cached = Path(os.environ.get("SKILLCERT_BENCH_SOURCE_DATA_DIR", "var")) / "fonts" / CONVERTED_NAME
    if not target.exists() and cached.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(cached, target)


def _targets(certificate: Any) -> list[Target]:
    query = {"name": "张三", "certificate_number": certificate.number}
    return [
        Target("QR verify page", f"/certificates/verify/{certificate.address_key}/"),
        Target("query API POST /api/v1/certificates/query", "/api/v1/certificates/query", query),
        Target("home page /", "/"),
        Target("catalogue API ?q=电工", "/api/v1/catalog/occupations?q=%E7%94%B5%E5%B7%A5"),
    ]


def _queries_per_request(target: Target) -> int:
    """Database queries of one request (the second: caches warm, as under load), in process."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()

    def request() -> Any:
        if target.body is None:
            return client.get(target.path)
        return client.post(target.path, json.dumps(target.body), content_type="application/json")

    request()
    with CaptureQueriesContext(connection) as captured:
        response = request()
    if response.status_code >= 400:
        print(f"bench_http: {target.path} answered {response.status_code} in process", file=sys.stderr)
    return len(captured.captured_queries)


def _revocation_seen(certificate: Any, operator: Any, port: int) -> bool:
    """Revoke the certificate (as its institution would), then ask the running server once: is it shown?"""
    from skillcert.certificates import services

    services.revoke_certificate(certificate=certificate, category="issued_in_error", reason="bench", actor=operator)
    url = f"http://127.0.0.1:{port}/certificates/verify/{certificate.address_key}/"
    with urllib.request.urlopen(url, timeout=10) as response:
        return "已撤销" in response.read().decode("utf-8")


# ---------------------------------------------------------------------------
# Servers and the load generator
# ---------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextlib.contextmanager
def _server(settings_module: str) -> Iterator[int]:
    """``skillcert serve`` with ``settings_module`` on a free port of 127.0.0.1; stopped on leaving.

    Both servers run side by side, idle but for the URL being loaded, so that each page is
    measured right after the bare view, under the same load from whatever else runs on the machine.
    """
    port = _free_port()
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE=settings_module,
        PYTHONPATH=os.pathsep.join([str(BENCH_DIR), env.get("PYTHONPATH", "")]).rstrip(os.pathsep),
        SKILLCERT_QUERY_RATE_LIMIT="1000000000/m",
    )
    command = [str(Path(sys.executable).with_name("skillcert")), "serve", "--host", "127.0.0.1"]
    command += ["--port", str(port), "--workers", str(WORKERS), "--no-jobs"]
    with tempfile.TemporaryFile() as log:
        server = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        try:
            _wait_until_up(port, server, log)
            yield port
        finally:
            _stop(server)


def _wait_until_up(port: int, server: subprocess.Popen[bytes], log: Any) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if server.poll() is not None:
            log.seek(0)
            raise RuntimeError(f"skillcert serve exited: {log.read().decode(errors='replace')[-2000:]}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                time.sleep(1.0)  # let every worker finish loading before the clock starts
                return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"skillcert serve did not answer on 127.0.0.1:{port} within {START_TIMEOUT} s")


def _stop(server: subprocess.Popen[bytes]) -> None:
    """Stop the server we started (its own process group: the gunicorn master and its workers)."""
    if server.poll() is not None:
        return
    os.killpg(server.pid, signal.SIGTERM)
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait(timeout=10)


def _load(port: int, target: Target) -> Load:
    """``wrk`` against one URL for :data:`SECONDS` s: requests/s, p99 and the count of failed answers."""
    command = ["wrk", "-t1", f"-c{CONNECTIONS}", f"-d{SECONDS}s", "--timeout", "5s", "--latency"]
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(_lua(target))
    try:
        command += ["-s", script.name, f"http://127.0.0.1:{port}{target.path}"]
        output = subprocess.run(command, capture_output=True, text=True, timeout=SECONDS + 30, check=True).stdout
    finally:
        os.unlink(script.name)
    return _parse(output)


def _lua(target: Target) -> str:
    """The wrk script: a JSON POST for the query API, else a plain GET; failed answers are counted by wrk."""
    lines = ['wrk.headers["Accept-Language"] = "zh-hans"']
    if target.body is not None:
        body = json.dumps(target.body, ensure_ascii=True).replace("\\", "\\\\").replace('"', '\\"')
        lines += ['wrk.method = "POST"', f'wrk.body = "{body}"', 'wrk.headers["Content-Type"] = "application/json"']
    return "\n".join(lines) + "\n"


UNITS_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def _parse(output: str) -> Load:
    rate = re.search(r"Requests/sec:\s*([\d.]+)", output)
    p99 = re.search(r"^\s*99%\s+([\d.]+)(us|ms|s)\s*$", output, re.MULTILINE)
    bad = re.search(r"Non-2xx or 3xx responses:\s*(\d+)", output)
    socket_errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    errors = int(bad.group(1)) if bad else 0
    errors += sum(int(n) for n in socket_errors.groups()) if socket_errors else 0
    if rate is None or p99 is None:
        raise RuntimeError(f"could not read wrk's output:\n{output}")
    return Load(float(rate.group(1)), float(p99.group(1)) * UNITS_MS[p99.group(2)], errors)

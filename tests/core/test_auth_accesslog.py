"""The access log never holds a holder-link token, a verification code or an API token."""

from __future__ import annotations

import datetime as dt
import logging
from types import SimpleNamespace

import pytest
from gunicorn.config import Config
from gunicorn.glogging import Logger

TOKEN = "eyJhbGciOi.holder-token-123:1uX:abcDEF_ghi"


def access_line(logger_class, path: str, query: str = "", referer: str = "-", extra_headers=()) -> str:
    config = Config()
    config.set("accesslog", "-")
    config.set("access_log_format", '%(h)s "%(r)s" %(s)s "%(f)s" %(U)s %(q)s %({authorization}i)s')
    logger = logger_class(config)
    records: list[str] = []

    class Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            records.append(record.getMessage())

    logger.access_log.handlers = [Keep()]
    raw = path + (f"?{query}" if query else "")
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": raw,
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "10.0.0.1",
        "HTTP_REFERER": referer,
    }
    headers = [("REFERER", referer), *extra_headers]
    response = SimpleNamespace(status="200 OK", sent=10, headers=[])
    logger.access(response, SimpleNamespace(headers=headers), environ, dt.timedelta(seconds=0, microseconds=5))
    return records[-1]


def test_gunicorns_own_logger_would_write_the_token():
    assert TOKEN in access_line(Logger, f"/certificates/holder/{TOKEN}/")


@pytest.mark.parametrize(
    ("path", "query"),
    [
        (f"/certificates/holder/{TOKEN}/", ""),
        (f"/certificates/holder/{TOKEN}/AB12cd34.pdf", ""),
        (f"/verify/holder/{TOKEN}/AB12cd34/bundle.json", ""),
        (f"/verify/holder/{TOKEN}/codes/XYZ/revoke/", ""),
        ("/verify/code/", f"code={TOKEN}&lang=en"),
        ("/anything/", f"lang=en&token={TOKEN}"),
    ],
)
def test_holder_links_and_token_or_code_values_are_redacted(path, query):
    from skillcert.core.accesslog import RedactingLogger

    line = access_line(
        RedactingLogger,
        path,
        query,
        referer=f"https://example.org/certificates/holder/{TOKEN}/",
        extra_headers=[("AUTHORIZATION", f"Bearer sci_{TOKEN}")],
    )
    assert TOKEN not in line and "holder-token" not in line
    assert "[redacted]" in line and " 200 " in line
    if "lang=en" in query:
        assert "lang=en" in line  # the rest of the address stays readable


def test_the_application_log_does_not_hold_holder_tokens_either(caplog, settings):
    from django.test import Client

    assert "redact_secrets" in settings.LOGGING["handlers"]["console"]["filters"]

    with caplog.at_level(logging.WARNING, logger="django.request"):
        Client().get(f"/certificates/holder/{TOKEN}/nothing.pdf")
    from skillcert.core.accesslog import RedactSecretsFilter

    lines = []
    for record in caplog.records:
        RedactSecretsFilter().filter(record)
        lines.append(record.getMessage())
    assert lines and all(TOKEN not in line for line in lines)
    assert any("/certificates/holder/[redacted]/" in line for line in lines)

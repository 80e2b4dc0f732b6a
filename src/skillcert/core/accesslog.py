"""A gunicorn access logger that keeps secrets out of the access log.

Holder links (``/certificates/holder/<token>/…``, ``/verify/holder/<token>/…``) carry
a signed token that opens the holder's page, and a certificate's address key
(``/certificates/verify/<key>/``, ``/credentials/<key>``) opens its QR page and
credential; ``token=`` and ``code=`` query values
and the ``Authorization`` and ``Cookie`` headers are secrets too. The logger
replaces each with ``[redacted]`` in every value the log format may print (request
line, path, query, referer, headers, environment), and leaves the rest readable.

Used with ``gunicorn --logger-class skillcert.core.accesslog.RedactingLogger``
(``skillcert serve`` passes it).
"""

from __future__ import annotations

import logging
import re
from typing import Any

from gunicorn.glogging import Logger

REDACTED = "[redacted]"
HOLDER_SEGMENT = re.compile(r"(/holder/)[^/?#\s\"]+")
ADDRESS_SEGMENT = re.compile(r"(/certificates/verify/|/credentials/(?!status/))[^/?#\s\"]+")
SECRET_PARAMETER = re.compile(r"((?:^|[?&;])(?:token|code)=)[^&;#\s\"]*", re.IGNORECASE)
SECRET_HEADERS = {"{authorization}i", "{cookie}i", "{http_authorization}e", "{http_cookie}e"}


def redact(value: str) -> str:
    """The value with holder-link tokens, address keys and ``token=``/``code=`` values replaced."""
    value = HOLDER_SEGMENT.sub(lambda m: m.group(1) + REDACTED, value)
    value = ADDRESS_SEGMENT.sub(lambda m: m.group(1) + REDACTED, value)
    return SECRET_PARAMETER.sub(lambda m: m.group(1) + REDACTED, value)


class RedactingLogger(Logger):
    """gunicorn's logger, with every access-log atom passed through :func:`redact`."""

    def atoms(self, resp: Any, req: Any, environ: Any, request_time: Any) -> dict[str, Any]:
        atoms: dict[str, Any] = super().atoms(resp, req, environ, request_time)
        for key, value in atoms.items():
            if key.lower() in SECRET_HEADERS:
                atoms[key] = REDACTED
            elif isinstance(value, str):
                atoms[key] = redact(value)
        return atoms


class RedactSecretsFilter(logging.Filter):
    """Logging filter for the application's own log: the same redaction for every message.

    Django logs the path of a refused or failed request (``Not Found: /certificates/holder/<token>/``).
    """

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = redact(message)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        return True

"""Logging helpers: every log line carries the request id."""

import logging

from skillcert.core.context import request_id_var


class RequestIdFilter(logging.Filter):
    """Adds ``record.request_id`` so the formatter can print it."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id_var.get()
        return True

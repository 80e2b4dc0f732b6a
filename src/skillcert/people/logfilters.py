"""A logging filter that masks anything that looks like an ID number before a line is written.

Wired into the console handler in ``settings.LOGGING``. Services never log ID numbers, but
exception messages (a database error quoting a value), third-party code and request paths
may; this is the last line of defence. It masks 18-character GB 11643-style numbers
(17 digits and a digit or X) and 15-digit first-generation numbers standing on their own.
"""

from __future__ import annotations

import logging
import re

from skillcert.people.protection import mask_id_number

ID_NUMBER_PATTERN = re.compile(r"(?<![0-9A-Za-z])(?:\d{17}[\dXx]|\d{15})(?![0-9A-Za-z])")


def redact(text: str) -> str:
    """``text`` with every ID-number-like run masked (``510***********123X``)."""
    return ID_NUMBER_PATTERN.sub(lambda match: mask_id_number(match.group(0)), text)


class RedactIdNumbersFilter(logging.Filter):
    """Formats the message, masks ID numbers in it and in any traceback, and lets the record through."""

    _formatter = logging.Formatter()

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except (TypeError, ValueError):  # a broken format string: log it unformatted, still masked
            message = str(record.msg)
        record.msg = redact(message)
        record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = self._formatter.formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        if record.stack_info:
            record.stack_info = redact(record.stack_info)
        return True

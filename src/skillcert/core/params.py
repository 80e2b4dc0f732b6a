"""Bounded integer parameters: the one definition every API schema, form and view uses.

An integer read from a request always has a smallest and a largest value, so that a number
such as ``2**63`` is refused (API: 422 in the error shape, naming the parameter; forms: the
field's error) or clamped (page numbers) before it reaches the database, which stores at most
``2**63 - 1`` (PostgreSQL ``bigint``, SQLite ``INTEGER``) and answers 500 beyond that.

API schemas use the annotated types (``offset: Offset = 0``): the bounds then appear as
``minimum`` and ``maximum`` in the OpenAPI description, where a guard test checks that every
integer parameter has both. Views use :func:`page_number` and :func:`bounded_int`.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

DB_MAX_INT = 2**63 - 1  # the largest integer the databases store
MAX_OFFSET = 1_000_000  # far beyond any list the registry serves; larger offsets are refused
MAX_PAGE = 100_000  # page numbers of the HTML lists are clamped to this
MIN_YEAR, MAX_YEAR = 1990, 2100  # years of issue and of competitions
MIN_LEVEL, MAX_LEVEL = 1, 5  # 一级 高级技师 … 五级 初级
MAX_RANK = 10_000  # a competition rank (名次)
MAX_DIGITS = 20  # longer text is never a number we accept; refused before int() parses it

Offset = Annotated[int, Field(ge=0, le=MAX_OFFSET, description=f"0 to {MAX_OFFSET}")]
Year = Annotated[int, Field(ge=MIN_YEAR, le=MAX_YEAR, description=f"{MIN_YEAR} to {MAX_YEAR}")]
Level = Annotated[int, Field(ge=MIN_LEVEL, le=MAX_LEVEL, description="1 高级技师 … 5 初级")]


def bounded_int(raw: str | None, *, minimum: int, maximum: int) -> int:
    """Parse a whole number written in ASCII digits (optional sign) within ``minimum``–``maximum``.

    Raises :class:`ValueError` naming the range for anything else: empty text, ``4.5``, ``1e999``,
    ``1_000``, non-ASCII digits, or a number outside the range.
    """
    text = (raw or "").strip()
    digits = text[1:] if text[:1] in "+-" else text
    if not digits or len(digits) > MAX_DIGITS or not (digits.isascii() and digits.isdigit()):
        raise ValueError(f"not a whole number from {minimum} to {maximum}")
    value = int(text)
    if not minimum <= value <= maximum:
        raise ValueError(f"not a whole number from {minimum} to {maximum}")
    return value


def page_number(raw: str | None) -> int:
    """The page number of an HTML list: 1 when missing or not a number, clamped to 1–:data:`MAX_PAGE`.

    Django's paginator then shows the last page for a number beyond the end.
    """
    text = (raw or "").strip()
    if not (text.isascii() and text.isdigit()):
        return 1
    if len(text) > MAX_DIGITS:
        return MAX_PAGE
    return max(1, min(MAX_PAGE, int(text)))

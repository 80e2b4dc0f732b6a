"""Integer parameters: the one definition every API schema, page, form and file reader uses.

**One spelling per number.** A number in a request is written with the ASCII digits 0–9 only:
no sign, no space, no underscore, no ``+``, no leading zero (``0`` itself is fine). Python's
``int()`` accepts ``" +1_0 "`` as 10; here that is refused, so that one value has one address
(caches, logs and audits see the same text for the same number) and nothing a proxy or a log
reader would read differently slips through.

**One value per parameter.** A parameter given twice (``?index=1&index=2``) is refused instead of
taking the last one.

**Bounded.** Every integer has a smallest and a largest value, so that ``2**63`` is refused before
it reaches the database (which stores at most ``2**63 - 1`` and answers 500 beyond that).

Refusals:

* a badly written or repeated parameter is :class:`BadParameter` — HTTP 400: in the API the one
  error shape ``{"code": "invalid_parameter", "message", "fields": {name: [...]}}``, on a page the
  error page with the Chinese message; nothing else happens;
* a well-written number outside its range: the API answers 422 (``invalid_input``, naming the
  parameter and the bound); forms show the field's error; page numbers of HTML lists are clamped.

API schemas use the annotated types (``offset: Offset = 0``, ``limit: StrictInt = Field(50, ge=1,
le=100)``): the bounds appear as ``minimum`` and ``maximum`` in the OpenAPI description, where a
guard test checks that every integer parameter has both. :class:`StrictQueryParser` refuses repeated
query parameters for the whole API. Pages use :func:`page_number` and :func:`check_query`; forms use
:class:`StrictIntegerField`; files use :func:`bounded_int`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Annotated, Any

from django import forms
from django.core.exceptions import BadRequest, ValidationError
from django.utils.translation import gettext_lazy as _
from ninja.parser import Parser
from pydantic import BeforeValidator, Field, ValidationInfo

from skillcert.core.errors import DomainError

DB_MAX_INT = 2**63 - 1  # the largest integer the databases store
MAX_OFFSET = 1_000_000  # far beyond any list the registry serves; larger offsets are refused
MAX_PAGE = 100_000  # page numbers of the HTML lists are clamped to this
MIN_YEAR, MAX_YEAR = 1990, 2100  # years of issue and of competitions
MIN_LEVEL, MAX_LEVEL = 1, 5  # 一级 高级技师 … 五级 初级
MAX_RANK = 10_000  # a competition rank (名次)
MAX_DIGITS = 20  # longer text is never a number we accept; refused before int() parses it

DIGITS = re.compile(r"0|[1-9][0-9]*")
BEYOND_EVERY_BOUND = 10**MAX_DIGITS  # what a longer number reads as: larger than any bound, never parsed whole

BADLY_WRITTEN = _(
    "“%(name)s” must be a whole number written with the digits 0–9 only (no sign, space, underscore or leading zero)."
)
REPEATED = _("“%(name)s” was given more than once; give it once.")


class BadParameter(DomainError, BadRequest):
    """A request parameter that is badly written or repeated (HTTP 400, nothing else happens).

    A :class:`DomainError` for the API's error shape and a Django ``BadRequest`` for pages (the
    400 error page shows the message).
    """

    status_code = 400
    code = "invalid_parameter"

    def __init__(self, name: str, template: Any) -> None:
        message = template % {"name": name}
        super().__init__(message, fields={name: [message]})


def parse_digits(raw: object) -> int:
    """The number ``raw`` spells with ASCII digits only; :class:`ValueError` for any other spelling.

    A JSON integer (not a boolean) is already a number and passes as it is. A number of more than
    :data:`MAX_DIGITS` digits is well written but beyond every bound: it reads as
    :data:`BEYOND_EVERY_BOUND` (the range check then refuses it) without being parsed.
    """
    if isinstance(raw, int) and not isinstance(raw, bool):
        return raw
    if not isinstance(raw, str) or not DIGITS.fullmatch(raw):
        raise ValueError("not a whole number written with the digits 0-9 only")
    return int(raw) if len(raw) <= MAX_DIGITS else BEYOND_EVERY_BOUND


def bounded_int(raw: str | None, *, minimum: int, maximum: int) -> int:
    """A number in ASCII digits within ``minimum``–``maximum`` (for values read from files).

    Raises :class:`ValueError` naming the range for anything else: empty text, ``-1``, ``+5``,
    ``4.5``, ``1e999``, ``1_000``, ``007``, non-ASCII digits, or a number outside the range.
    """
    try:
        value = parse_digits(raw)
    except ValueError:
        value = None
    if value is None or not minimum <= value <= maximum:
        raise ValueError(f"not a whole number from {minimum} to {maximum}")
    return value


def single(query: Any, name: str) -> str | None:
    """The one value of ``name`` in a query (``None`` when absent); :class:`BadParameter` when repeated."""
    values = query.getlist(name) if hasattr(query, "getlist") else [query[name]] if name in query else []
    if len(values) > 1:
        raise BadParameter(name, REPEATED)
    return values[0] if values else None


def query_digits(query: Any, name: str) -> int | None:
    """``name`` from a query as a number, ``None`` when absent or empty; :class:`BadParameter` otherwise.

    Empty means "not given": an HTML form sends its empty fields.
    """
    raw = single(query, name)
    if raw is None or raw == "":
        return None
    try:
        return parse_digits(raw)
    except ValueError:
        raise BadParameter(name, BADLY_WRITTEN) from None


def check_query(query: Any, names: Iterable[str]) -> None:
    """Refuse (400) a page's query when one of its integer parameters is repeated or badly written.

    The page's form then checks the range as it always did.
    """
    for name in names:
        query_digits(query, name)


def page_number(query: Any, name: str = "page") -> int:
    """The page number of an HTML list: 1 when absent, clamped to 1–:data:`MAX_PAGE`.

    Badly written or repeated is refused (400). Django's paginator then shows the last page for a
    number beyond the end.
    """
    value = query_digits(query, name)
    return 1 if value is None else max(1, min(MAX_PAGE, value))


def _strict(raw: Any, info: ValidationInfo) -> Any:
    """Pydantic: refuse (400, not 422) a number that is not written in plain digits."""
    if raw is None:
        return raw
    try:
        return parse_digits(raw)
    except ValueError:
        raise BadParameter(info.field_name or "value", BADLY_WRITTEN) from None


StrictInt = Annotated[int, BeforeValidator(_strict)]
Offset = Annotated[int, Field(ge=0, le=MAX_OFFSET, description=f"0 to {MAX_OFFSET}"), BeforeValidator(_strict)]
Year = Annotated[
    int, Field(ge=MIN_YEAR, le=MAX_YEAR, description=f"{MIN_YEAR} to {MAX_YEAR}"), BeforeValidator(_strict)
]
Level = Annotated[int, Field(ge=MIN_LEVEL, le=MAX_LEVEL, description="1 高级技师 … 5 初级"), BeforeValidator(_strict)]


class StrictQueryParser(Parser):
    """The API's query parser: a parameter given twice is refused (400), never "the last one wins"."""

    def parse_querydict(self, data: Any, list_fields: list[str], request: Any) -> dict[str, Any]:
        for key in data:
            if key not in list_fields:
                single(data, key)
        return super().parse_querydict(data, list_fields, request)


class _SingleValue:
    """Mixed into a form widget: it notices a field given twice (the field then refuses it)."""

    def value_from_datadict(self, data: Any, files: Any, name: str) -> Any:
        if hasattr(data, "getlist") and len(data.getlist(name)) > 1:
            return _Repeated()
        return super().value_from_datadict(data, files, name)  # type: ignore[misc]


class _Repeated(str):
    """The value of a field given more than once."""


_SINGLE_WIDGETS: dict[type, type] = {}


def _single_valued(widget: forms.Widget) -> None:
    """Make ``widget`` (whatever its class and attributes) notice a repeated value."""
    if not isinstance(widget, _SingleValue):
        cls = type(widget)
        if cls not in _SINGLE_WIDGETS:
            _SINGLE_WIDGETS[cls] = type(f"Single{cls.__name__}", (_SingleValue, cls), {})
        widget.__class__ = _SINGLE_WIDGETS[cls]


class StrictIntegerField(forms.IntegerField):
    """A form's whole number: plain ASCII digits, given once, within the field's bounds.

    Django's ``IntegerField`` accepts ``" +1_0 "`` as 10 and the last of repeated values; this
    refuses both with a Chinese message (the field's error, nothing saved), whatever widget the
    form gives it.
    """

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        _single_valued(self.widget)

    def to_python(self, value: Any) -> int | None:
        if isinstance(value, _Repeated):
            raise ValidationError(REPEATED % {"name": self.label or ""}, code="repeated")
        if value in self.empty_values:
            return None
        try:
            return parse_digits(value)
        except ValueError:
            raise ValidationError(BADLY_WRITTEN % {"name": self.label or ""}, code="invalid") from None

"""Validation of credentials against the shipped Open Badges 3.0 JSON Schema (1EdTech, 2024 build).

The 2024 schema predates Bitstring Status List and is stricter than VCDM 2.0 in
three places; each is handled here, explicitly, and nowhere else:

1. ``CredentialStatus`` requires ``id``, while Bitstring Status List makes
   ``credentialStatus.id`` optional. The requirement is dropped from the schema
   copy used here. skillcert's own entries carry an ``id`` anyway
   (``<list URL>#<index>``), so they pass the unmodified rule too.
2. ``credentialStatus`` is a single object in Open Badges 3.0 (multiplicity
   0..1); VCDM 2.0 allows a set, and skillcert publishes two entries (revocation
   and suspension). A list is checked entry by entry against ``CredentialStatus``.
3. ``proof`` must be an array in the schema, while the Open Badges vector itself
   uses one proof object (1EdTech issue #473: arrays are compacted in JSON-LD).
   A single proof object is checked as a list of one.

The schema's ``date-time`` format is checked with the standard library (RFC 3339).
"""

from __future__ import annotations

import copy
import json
import re
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any

from jsonschema import Draft201909Validator, FormatChecker
from jsonschema.exceptions import ValidationError

SCHEMA_PATH = Path(__file__).resolve().parent / "schemas" / "ob_v3p0_achievementcredential.json"
_RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$")

format_checker = FormatChecker(formats=())


@format_checker.checks("date-time")
def is_date_time(value: object) -> bool:
    """RFC 3339 date-time with a time zone (the schema's ``DateTimeZ``)."""
    if not isinstance(value, str) or not _RFC3339.match(value):
        return not isinstance(value, str)  # non-strings are the "type" keyword's business
    try:
        datetime.fromisoformat(value.upper().replace("Z", "+00:00"))
    except ValueError:
        return False
    return True


@cache
def published_schema() -> dict[str, Any]:
    """The schema exactly as shipped."""
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


@cache
def _validators() -> tuple[Draft201909Validator, Draft201909Validator]:
    schema = copy.deepcopy(published_schema())
    schema["$defs"]["CredentialStatus"]["required"] = ["type"]  # quirk 1
    status_schema = {"$schema": schema["$schema"], "$defs": schema["$defs"], "$ref": "#/$defs/CredentialStatus"}
    return (
        Draft201909Validator(schema, format_checker=format_checker),
        Draft201909Validator(status_schema, format_checker=format_checker),
    )


def _describe(error: ValidationError, prefix: str = "") -> str:
    path = "/".join(str(part) for part in error.absolute_path)
    return f"{prefix}{path or '(root)'}: {error.message}"


def validate_ob3(credential: Any) -> list[str]:
    """Return the schema violations of ``credential`` (empty when it is a valid AchievementCredential)."""
    if not isinstance(credential, dict):
        return ["(root): a credential must be a JSON object"]
    document_validator, status_validator = _validators()
    view = dict(credential)
    if isinstance(view.get("proof"), dict):
        view["proof"] = [view["proof"]]  # quirk 3
    statuses = view.pop("credentialStatus") if isinstance(view.get("credentialStatus"), list) else None
    errors = [_describe(error) for error in document_validator.iter_errors(view)]
    for number, entry in enumerate(statuses or []):  # quirk 2
        errors += [_describe(e, f"credentialStatus/{number}/") for e in status_validator.iter_errors(entry)]
    return sorted(errors)

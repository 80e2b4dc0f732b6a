"""System checks: refuse to start when the keys that protect personal data are unusable.

Registered under the tag ``skillcert``. The messages name the setting and what is wrong with
it, never the key material.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, register

from skillcert.people.protection import check_keys, decrypt, encrypt

HINT = (
    "Set SKILLCERT_PII_HASH_KEY and SKILLCERT_PII_ENCRYPTION_KEYS (see .env.example), or unset them "
    "to use the keys generated in the data directory."
)


@register("skillcert")
def personal_data_keys_check(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """Errors when the hash key is too short or an encryption key is not a Fernet key or fails a round trip."""
    problems = check_keys(getattr(settings, "PII_HASH_KEY", ""), list(getattr(settings, "PII_ENCRYPTION_KEYS", [])))
    if problems:
        return [Error(problem, hint=HINT, id=f"people.E00{n}") for n, problem in enumerate(problems[:9], start=1)]
    probe = "personal-data key check"
    try:
        if decrypt(encrypt(probe)) != probe:
            raise ValueError("round trip changed the text")
    except Exception:  # any failure here means personal data cannot be protected: refuse to start
        return [
            Error(
                "Personal data cannot be encrypted and decrypted with PII_ENCRYPTION_KEYS.", hint=HINT, id="people.E010"
            )
        ]
    return []

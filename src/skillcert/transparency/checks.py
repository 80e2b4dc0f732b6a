"""System check: the log's note key file, when it exists, is usable and private."""

from __future__ import annotations

from typing import Any

from django.core.checks import CheckMessage, Error, register

from skillcert.transparency import keys


@register("skillcert")
def note_key_check(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """Errors when ``<DATA_DIR>/keys/log-note.key`` exists but is readable by others or not an Ed25519 key.

    A missing file is fine: the key is created when the first checkpoint is signed.
    """
    path = keys.key_path()
    if not path.exists():
        return []
    try:
        keys.private_key()
    except keys.NoteKeyError as exc:
        return [
            Error(
                f"The transparency log's note key is not usable: {exc}.",
                hint="Restore the key file from backup with mode 600; never replace it: auditors pinned its key.",
                id="transparency.E001",
            )
        ]
    return []

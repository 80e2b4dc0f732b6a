"""The canonicalisation worker: a child process that canonicalises documents it reads from stdin.

Started by :mod:`skillcert.verification.bounded` as ``python -m skillcert.verification.canonworker
MEMORY_MB``. It imports only pyld and the shipped contexts (no Django, no database), warms the context
cache, limits its own address space (``RLIMIT_AS``) to what it uses then plus ``MEMORY_MB`` (a worker
has about 120 MiB of address space after start-up) and says it is ready. Then, for
each request (a 4-byte big-endian length and a JSON document), it answers one JSON object:
``{"nquads": ...}`` or ``{"error": code, "detail": ...}``. The parent kills it when it takes too
long; it leaves by itself when its parent is gone or when it ran out of memory.
"""

from __future__ import annotations

import json
import os
import struct
import sys
import threading
import time
from typing import Any, BinaryIO

from skillcert.credentials.canonical import CanonicalisationError, canonical_nquads
from skillcert.credentials.loader import CREDENTIALS_V2, OB_V3P0

READY = b"R"
HEADER = struct.Struct(">I")
WARM_UP: list[dict[str, Any]] = [
    {
        "@context": [CREDENTIALS_V2, OB_V3P0],
        "id": "urn:skillcert:warm-up",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": {"id": "did:web:warm-up.invalid", "type": ["Profile"], "name": "warm-up"},
        "validFrom": "2026-01-01T00:00:00Z",
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "identifier": [{"type": "IdentityObject", "identityType": "name", "hashed": False, "identityHash": "x"}],
            "achievement": {"id": "urn:skillcert:warm-up:a", "type": ["Achievement"], "criteria": {"narrative": "x"}},
            "result": [{"type": ["Result"], "achievedLevel": "urn:skillcert:warm-up:l"}],
        },
        "credentialStatus": [
            {
                "id": "urn:skillcert:warm-up:s#1",
                "type": "BitstringStatusListEntry",
                "statusPurpose": "revocation",
                "statusListIndex": "1",
                "statusListCredential": "urn:skillcert:warm-up:s",
            }
        ],
    },
    {
        "@context": [CREDENTIALS_V2],
        "id": "urn:skillcert:warm-up:s",
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": "did:web:warm-up.invalid",
        "credentialSubject": {"type": "BitstringStatusList", "statusPurpose": "revocation", "encodedList": "u"},
    },
]


def answer(document: Any) -> dict[str, str]:
    """The canonical N-Quads of one document, or the refusal the in-process path would give."""
    if not isinstance(document, dict):
        return {"error": "invalid_jsonld", "detail": "not a JSON object"}
    try:
        return {"nquads": canonical_nquads(document)}
    except MemoryError:
        raise
    except Exception as exc:  # pyld on hostile input, like the in-process path: refuse, never crash
        if _out_of_memory(exc):
            raise MemoryError from exc
        if isinstance(exc, CanonicalisationError):
            return {"error": exc.code, "detail": exc.detail}
        return {"error": "invalid_jsonld", "detail": type(exc).__name__}


def _out_of_memory(error: BaseException | None) -> bool:
    """pyld wraps whatever went wrong in its own errors: look for a MemoryError inside."""
    for _depth in range(20):
        if error is None:
            return False
        if isinstance(error, MemoryError):
            return True
        details = getattr(error, "details", None)
        nested = details.get("cause") if isinstance(details, dict) else None
        error = nested if isinstance(nested, BaseException) else (error.__cause__ or error.__context__)
    return False


def _read_exactly(stream: BinaryIO, size: int) -> bytes | None:
    data = stream.read(size)
    return data if data is not None and len(data) == size else None


def _watch_parent() -> None:
    """Leave when the parent is gone (this process was handed to another parent)."""
    parent = os.getppid()
    while os.getppid() == parent:
        time.sleep(1)
    os._exit(0)


def _address_space() -> int:
    """This process's address space now, in bytes (0 where ``/proc`` is not available)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmSize:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        return 0
    return 0


def _limit_memory(megabytes: int) -> None:
    """Allow ``megabytes`` more address space than the warmed-up worker has; beyond it allocations fail."""
    import resource

    limit = _address_space() + megabytes * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def serve(source: BinaryIO, sink: BinaryIO) -> None:
    """Answer requests until the parent closes the pipe."""
    while True:
        header = _read_exactly(source, HEADER.size)
        if header is None:
            return
        body = _read_exactly(source, HEADER.unpack(header)[0])
        if body is None:
            return
        try:
            reply = json.dumps(answer(json.loads(body)), ensure_ascii=False).encode("utf-8")
        except MemoryError:
            os._exit(3)  # over the address-space limit: the parent reads the closed pipe as "too complex"
        sink.write(HEADER.pack(len(reply)) + reply)
        sink.flush()


def main(argv: list[str]) -> int:
    threading.Thread(target=_watch_parent, daemon=True).start()
    for document in WARM_UP:
        answer(document)
    _limit_memory(int(argv[0]) if argv else 256)
    sys.stdout.buffer.write(READY)
    sys.stdout.buffer.flush()
    serve(sys.stdin.buffer, sys.stdout.buffer)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

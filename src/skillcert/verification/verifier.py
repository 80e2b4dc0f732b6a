"""The one verifier: the web page, the API and the CLI all call :func:`verify`.

Input is a credential or a bundle, as parsed JSON or as raw bytes/text, and a
context source (:mod:`skillcert.verification.sources`): the live registry or an
offline bundle. Output is a :class:`~skillcert.verification.report.Report` with
one check per question — well-formed, signature, issuer and key at issue time,
status, log inclusion, dates — each ok, failed or unknown with a code and a
reason in Chinese and English. It never raises on bad input: oversized, malformed
or hostile input is a failed check with a reason. Unknown is never valid.

Its cost is bounded: a structural pre-check (:mod:`.complexity`) refuses shapes no
credential has before any JSON-LD work; a credential identical to this registry's
stored signed copy needs no canonicalisation at all; anything else is canonicalised
in a worker process with a time and memory budget (:mod:`.bounded`), and what does
not fit is *unknown — too complex*.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django.utils import timezone

from skillcert.credentials.did import resolver_for
from skillcert.credentials.loader import DEFAULT_LOADER
from skillcert.credentials.signing import CRYPTOSUITE, key_id_of, verify_proof
from skillcert.verification import messages
from skillcert.verification.bounded import Budget
from skillcert.verification.complexity import precheck
from skillcert.verification.report import CHECK_ORDER, Check, Report, failed, ok, unknown
from skillcert.verification.sources import (
    BundleSource,
    ContextSource,
    NoSource,
    OnlineSource,
    is_bundle,
    subject_id_of,
)

MAX_INPUT_BYTES = 1024 * 1024  # a credential is a few KiB and a bundle a few dozen: refuse anything larger unread
VC_V2 = "https://www.w3.org/ns/credentials/v2"


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def _too_large() -> Check:
    return failed("well_formed", "too_large", messages.TOO_LARGE, limit=MAX_INPUT_BYTES // 1024)


def _bounded_bytes(raw: Any) -> bytes | Check:
    """The input's bytes when it is small enough; an upload's or a text's size is checked before reading it."""
    if hasattr(raw, "read") and hasattr(raw, "size"):  # an uploaded file
        if raw.size is None or raw.size > MAX_INPUT_BYTES:
            return _too_large()
        raw = raw.read(MAX_INPUT_BYTES + 1)
    if isinstance(raw, str):
        if len(raw) > MAX_INPUT_BYTES:
            return _too_large()
        raw = raw.encode("utf-8", errors="replace")
    if not isinstance(raw, bytes | bytearray):
        return failed("well_formed", "not_object", messages.NOT_OBJECT)
    return bytes(raw) if len(raw) <= MAX_INPUT_BYTES else _too_large()


def parse_input(raw: Any) -> tuple[dict[str, Any] | None, Check | None]:
    """Parsed JSON object, or a failed well-formed check; the size is checked before parsing."""
    if isinstance(raw, dict):
        return raw, None
    raw = _bounded_bytes(raw)
    if isinstance(raw, Check):
        return None, raw
    try:
        document = json.loads(raw.removeprefix(b"\xef\xbb\xbf"), parse_constant=_reject_constant)
    except json.JSONDecodeError as exc:
        return None, failed("well_formed", "malformed_json", messages.MALFORMED_JSON, line=exc.lineno, column=exc.colno)
    except (ValueError, RecursionError):
        return None, failed("well_formed", "malformed_json", messages.MALFORMED_JSON_PLAIN)
    if not isinstance(document, dict):
        return None, failed("well_formed", "not_object", messages.NOT_OBJECT)
    return document, None


def verify(
    raw: Any,
    source: ContextSource | None = None,
    *,
    log_key: str | None = None,
    did_document: dict[str, Any] | None = None,
    online: str | None = None,
) -> Report:
    """Verify a credential or a bundle. A bundle brings its own context unless ``source`` is given.

    Args:
        raw: parsed JSON, or bytes/str (refused above :data:`MAX_INPUT_BYTES` before parsing).
        source: where the DID document, status lists and log proofs come from.
        log_key: a log verifier key the caller pinned (otherwise the source's key is used).
        did_document: an issuer DID document the caller pinned, used instead of a bundle's own.
        online: the base URL of a running registry: its DID document and current status lists are
            fetched from there (log proofs still come from the bundle).
    """
    document, problem = parse_input(raw)
    if document is None:
        assert problem is not None
        return unreadable_report(problem, getattr(source, "kind", "none"))
    credential: Any = document
    if online and source is None:
        source = OnlineSource(online, document if is_bundle(document) else None)
    if is_bundle(document):
        credential = document.get("credential")
        source = source or BundleSource(document, did_document=did_document)
    source = source or (BundleSource({}, did_document=did_document) if did_document else NoSource())
    if not isinstance(credential, dict):
        return unreadable_report(failed("well_formed", "no_credential", messages.NO_CREDENTIAL), source.kind)
    refusal = precheck(document, credential)
    if refusal is not None:
        return unreadable_report(refusal, source.kind)
    return _Verification(credential, source, log_key).run()


def unreadable_report(problem: Check, source_kind: str = "none") -> Report:
    """The report for input that is not processed: the well-formed check says why, the rest are not made."""
    reason = messages.NOT_CHECKED_TOO_COMPLEX if problem.code == "too_complex" else messages.NOT_CHECKED
    rest = [unknown(name, "not_checked", reason) for name in CHECK_ORDER if name != "well_formed"]
    return Report([problem, *rest], source=source_kind)


def canonical_json(document: Any) -> str:
    """One spelling of a JSON value: sorted keys, no spaces (two documents are the same iff these are equal)."""
    return json.dumps(document, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def too_large_report(source_kind: str = "none") -> Report:
    """The report for input refused unread because of its size."""
    return unreadable_report(_too_large(), source_kind)


def as_dict(value: Any) -> dict[str, Any]:
    """``value`` if it is a JSON object, else an empty one (hostile input has any shape)."""
    return value if isinstance(value, dict) else {}


def as_list(value: Any) -> list[Any]:
    """``value`` if it is a JSON array, else an empty one."""
    return value if isinstance(value, list) else []


def credential_sha256(credential: dict[str, Any], leaf_version: Any = None) -> str:
    """The ``credential_sha256`` a log entry of format ``leaf_version`` would record for this credential.

    Format 2 (the default): SHA-256 of the credential's JCS bytes (RFC 8785), what the registry
    serves; format 1 entries: of sorted-key JSON (``transparency.events.credential_digest``). A value
    without a canonical form (a float, a huge integer) gets ``""``, which matches no entry.
    """
    from skillcert.transparency.events import LEAF_VERSION, credential_digest

    version = leaf_version if type(leaf_version) is int else LEAF_VERSION
    try:
        return credential_digest(credential, version)
    except (TypeError, ValueError, RecursionError):
        return ""


def parse_datetime(value: Any) -> dt.datetime | None:
    """An aware datetime from an XSD dateTimeStamp string, or None."""
    if not isinstance(value, str) or len(value) > 40:
        return None
    try:
        moment = dt.datetime.fromisoformat(value)
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else None


def local_text(moment: dt.datetime, with_time: bool = False) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M" if with_time else "%Y-%m-%d")


def issuer_id_of(credential: dict[str, Any]) -> str | None:
    issuer = credential.get("issuer")
    issuer = issuer.get("id") if isinstance(issuer, dict) else issuer
    return issuer if isinstance(issuer, str) and issuer else None


def single_proof(credential: dict[str, Any]) -> dict[str, Any]:
    proof = credential.get("proof")
    if isinstance(proof, list) and len(proof) == 1:
        proof = proof[0]
    return proof if isinstance(proof, dict) else {}


def log_origin_for_did(did: str) -> str | None:
    """The log origin of a did:web issuer (``did:web:host%3A8000:sub`` → ``host:8000/sub/log``)."""
    from urllib.parse import unquote

    parts = did.split(":") if isinstance(did, str) else []
    if len(parts) < 3 or parts[:2] != ["did", "web"]:
        return None
    return "/".join([unquote(parts[2]), *(unquote(segment) for segment in parts[3:]), "log"])


class _Verification:
    """One run over one credential; each ``_check_*`` method answers one question."""

    def __init__(self, credential: dict[str, Any], source: ContextSource, log_key: str | None) -> None:
        self.credential = credential
        self.source = source
        self.log_key = log_key
        self.issuer = issuer_id_of(credential)
        self.proof = single_proof(credential)
        self.subject_id = subject_id_of(credential)
        self.did_document = self._did_document()
        self.events: list[dict[str, Any]] = []  # log entries about this certificate whose inclusion was proven
        self.trusted = bool(getattr(source, "trusted", False))
        self.budget = Budget.start()  # canonicalisation time left for this whole verification
        self.refusals: list[Check] = []  # foreign status lists the pre-check refused
        self.status_as_of: dt.datetime | None = None  # when the status was read (check_status sets it)
        self.status_stale = False  # that moment is too long ago to stand for now
        self.same_as_stored = self._same_as_stored()

    def _same_as_stored(self) -> bool:
        """True when this registry stores a signed copy of the credential and the input is exactly that copy."""
        try:
            stored = self.source.signed_copy(self.credential)
        except Exception:  # a source must not turn bad input into a crash
            stored = None
        return stored is not None and canonical_json(stored) == canonical_json(self.credential)

    def _did_document(self) -> dict[str, Any] | None:
        if not self.issuer:
            return None
        try:
            return self.source.did_document(self.issuer)
        except Exception:  # a source must not turn bad input into a crash
            return None

    def run(self) -> Report:
        from skillcert.verification.checks import check_log, check_status

        log = check_log(self)
        checks = [
            self._check_well_formed(),
            self._check_signature(),
            self._check_issuer_key(),
            check_status(self),
            log,
            self._check_dates(),
        ]
        return Report(
            checks,
            credential=self.credential,
            source=self.source.kind,
            facts=facts_of(self.credential),
            status_as_of=self.status_as_of,
            status_stale=self.status_stale,
        )

    def _check_well_formed(self) -> Check:
        credential = self.credential
        contexts = credential.get("@context")
        contexts = contexts if isinstance(contexts, list) else [contexts]
        if not contexts or contexts[0] != VC_V2:
            return failed("well_formed", "not_vc2", messages.NOT_VC2)
        strange = [c for c in contexts if not isinstance(c, str) or not DEFAULT_LOADER.knows(c)]
        if strange:
            shown = strange[0] if isinstance(strange[0], str) else "{…}"
            return failed("well_formed", "unknown_context", messages.UNKNOWN_CONTEXT, context=shown[:120])
        types = credential.get("type")
        types = types if isinstance(types, list) else [types]
        problems = [
            ("VerifiableCredential" not in types, "wrong_type", messages.NOT_A_CREDENTIAL),
            (self.issuer is None, "no_issuer", messages.NO_ISSUER),
            (not isinstance(credential.get("credentialSubject"), dict), "no_subject", messages.NO_SUBJECT),
            (not isinstance(credential.get("id"), str), "no_id", messages.NO_ID),
            (credential.get("proof") is None, "no_proof", messages.NO_PROOF),
        ]
        for bad, code, message in problems:
            if bad:
                return failed("well_formed", code, message)
        return ok("well_formed", "ok", messages.WELL_FORMED)

    def _check_signature(self) -> Check:
        if self.did_document is None:
            return self._no_did_document("signature")
        method = self.proof.get("verificationMethod")
        if isinstance(method, str) and not method.startswith(f"{self.issuer}#"):
            return failed("signature", "key_of_another_issuer", messages.KEY_OF_ANOTHER_ISSUER, key=method[:160])
        resolve_key = resolver_for(self.did_document)
        if self.same_as_stored and isinstance(method, str) and resolve_key(method) is not None:
            # Our own stored copy, verified when it was issued: no canonicalisation needed.
            return ok("signature", "ok", messages.SIGNATURE_OK_STORED, key=key_id_of(method) or "")
        with self.budget.applied():
            result = verify_proof(self.credential, resolve_key=resolve_key)
        if result.ok:
            return ok("signature", "ok", messages.SIGNATURE_OK, key=result.key_id or "")
        if result.code == "too_complex":
            return unknown("signature", "too_complex", messages.TOO_COMPLEX_TO_CANONICALISE)
        template = messages.SIGNATURE_FAILURES.get(result.code, messages.SIGNATURE_FAILED)
        params = {"suite": str(self.proof.get("cryptosuite"))[:60], "expected": CRYPTOSUITE, "failure": result.code}
        params["key"] = str(method)[:160]
        return failed("signature", result.code, template, **params)

    def _no_did_document(self, name: str) -> Check:
        if not self.issuer:
            return failed(name, "no_issuer", messages.NO_ISSUER)
        return unknown(name, "no_did_document", messages.NO_DID_DOCUMENT, issuer=self.issuer[:160])

    def _verification_method(self) -> dict[str, Any] | None:
        document = as_dict(self.did_document)
        method_id = self.proof.get("verificationMethod")
        allowed = as_list(document.get("assertionMethod"))
        methods = as_list(document.get("verificationMethod"))
        if not isinstance(method_id, str) or method_id not in allowed:
            return None
        return next((m for m in methods if isinstance(m, dict) and m.get("id") == method_id), None)

    def _check_issuer_key(self) -> Check:
        if self.did_document is None:
            return self._no_did_document("issuer_key")
        method = self._verification_method()
        key = str(self.proof.get("verificationMethod", ""))[:160]
        if method is None:
            return failed("issuer_key", "unknown_key", messages.KEY_NOT_IN_DID, key=key)
        signed = parse_datetime(self.proof.get("created")) or parse_datetime(self.credential.get("validFrom"))
        if signed is None:
            return failed("issuer_key", "no_signing_time", messages.NO_SIGNING_TIME)
        window = as_dict(method.get("keyValidity"))
        start, end = parse_datetime(window.get("validFrom")), parse_datetime(window.get("validUntil"))
        if start is None:
            return unknown("issuer_key", "no_key_window", messages.NO_KEY_WINDOW, key=key)
        if signed < start or (end is not None and signed > end):
            until = local_text(end, True) if end else "—"
            return failed(
                "issuer_key", "key_not_valid_then", messages.KEY_NOT_VALID_THEN,
                key=key, start=local_text(start, True), end=until, signed=local_text(signed, True),
            )  # fmt: skip
        return ok("issuer_key", "ok", messages.ISSUER_KEY_OK, issuer=self.issuer, signed=local_text(signed, True))

    def _check_dates(self) -> Check:
        now = timezone.now()
        valid_from = parse_datetime(self.credential.get("validFrom"))
        if valid_from is None:
            return failed("dates", "bad_valid_from", messages.BAD_VALID_FROM)
        if valid_from > now:
            return failed("dates", "not_yet_valid", messages.NOT_YET_VALID, start=local_text(valid_from))
        if "validUntil" not in self.credential:
            return ok("dates", "ok", messages.DATES_OK, start=local_text(valid_from))
        valid_until = parse_datetime(self.credential.get("validUntil"))
        if valid_until is None:
            return failed("dates", "bad_valid_until", messages.BAD_VALID_UNTIL)
        if valid_until < now:
            return failed("dates", "expired", messages.EXPIRED, end=local_text(valid_until))
        return ok("dates", "ok", messages.DATES_OK_UNTIL, start=local_text(valid_from), end=local_text(valid_until))


def facts_of(credential: dict[str, Any]) -> dict[str, str]:
    """What the credential itself says, for display beside the report (it carries no ID number)."""
    subject = as_dict(credential.get("credentialSubject"))
    achievement = as_dict(subject.get("achievement"))
    issuer = credential.get("issuer")
    names = [
        entry.get("identityHash")
        for entry in as_list(subject.get("identifier"))
        if isinstance(entry, dict) and entry.get("identityType") == "name" and entry.get("hashed") is False
    ]
    facts = {
        "title": credential.get("name"),
        "name": names[0] if names else None,
        "number": subject.get("licenseNumber"),
        "achievement": achievement.get("name"),
        "level": _level_name(subject, achievement),
        "issuer": issuer.get("name") if isinstance(issuer, dict) else issuer,
        "awarded": str(credential.get("awardedDate", ""))[:10],
    }
    return {key: str(value)[:200] for key, value in facts.items() if isinstance(value, str) and value}


def _level_name(subject: dict[str, Any], achievement: dict[str, Any]) -> str | None:
    results = as_list(subject.get("result"))
    level = as_dict(results[0]).get("achievedLevel") if results else None
    for rubric in as_list(achievement.get("resultDescription")):
        for row in as_list(as_dict(rubric).get("rubricCriterionLevel")):
            if isinstance(row, dict) and row.get("id") == level:
                return str(row.get("name"))
    return None

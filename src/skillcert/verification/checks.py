"""The two checks that need the context source most: status (signed status lists) and log inclusion."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from typing import TYPE_CHECKING, Any

from django.utils import timezone

from skillcert.credentials.did import resolver_for
from skillcert.credentials.statuslist import check_status as check_status_entry
from skillcert.transparency.notes import NoteError, parse_verifier_key
from skillcert.transparency.verify import check_inclusion
from skillcert.verification import messages
from skillcert.verification.complexity import status_list_precheck
from skillcert.verification.report import Check, failed, ok, unknown

if TYPE_CHECKING:
    from skillcert.verification.verifier import _Verification

MAX_LOG_ENTRIES = 64


def _entries(credential: dict[str, Any]) -> list[Any]:
    entries = credential.get("credentialStatus")
    if entries is None:
        return []
    return entries if isinstance(entries, list) else [entries]


def _one_status(run: _Verification, entry: Any) -> tuple[str, str, Any, dict[str, Any] | None]:
    """(purpose, outcome, detail, list): outcome is set / clear / failed / unknown; the list when it was read."""
    purpose = entry.get("statusPurpose") if isinstance(entry, dict) else None
    purpose = purpose if purpose in ("revocation", "suspension") else "other"
    url = entry.get("statusListCredential") if isinstance(entry, dict) else None
    try:
        listed = run.source.status_list(url) if isinstance(url, str) else None
    except Exception:  # a source must not turn bad input into a crash
        listed = None
    if isinstance(entry, dict) and listed is None:
        return purpose, "unknown", messages.LIST_UNAVAILABLE, None
    if run.trusted:  # this registry's own signed list, read from its database
        result = check_status_entry(entry, listed, resolve_key=resolver_for(run.did_document or {}))
    else:
        refusal = status_list_precheck(listed)
        if refusal is not None:
            run.refusals.append(refusal)
            return purpose, "unknown", messages.TOO_COMPLEX_TO_CANONICALISE, None
        with run.budget.applied():
            result = check_status_entry(entry, listed, resolve_key=resolver_for(run.did_document or {}))
    if result.ok:
        return purpose, "set" if result.is_set else "clear", None, listed
    if result.code == "index_out_of_range":
        return purpose, "failed", messages.INDEX_OUT_OF_RANGE, None
    if result.code == "malformed" and not isinstance(listed, dict):
        return purpose, "failed", messages.STATUS_ENTRY_MALFORMED, None
    return purpose, "unknown", messages.STATUS_LIST_UNUSABLE.get(result.code, messages.LIST_NOT_VERIFIED), None


DEFAULT_MAX_AGE = dt.timedelta(hours=24)  # how long a copy of a list without a ``ttl`` is taken as current
MAX_TTL = dt.timedelta(days=366)  # a longer ``ttl`` is read as this: no copy is current for ever


def list_date(listed: dict[str, Any]) -> dt.datetime | None:
    """The signed date of a status list credential: its ``validFrom``, else its proof's ``created``."""
    from skillcert.verification.verifier import parse_datetime, single_proof

    return parse_datetime(listed.get("validFrom")) or parse_datetime(single_proof(listed).get("created"))


def list_ttl(listed: dict[str, Any]) -> dt.timedelta:
    """How long after its date a copy of the list is current: its ``ttl`` (milliseconds), else a day."""
    subject = listed.get("credentialSubject")
    ttl = subject.get("ttl") if isinstance(subject, dict) else None
    if not isinstance(ttl, int) or isinstance(ttl, bool) or ttl <= 0:
        return DEFAULT_MAX_AGE
    return min(dt.timedelta(milliseconds=min(ttl, int(MAX_TTL.total_seconds()) * 1000)), MAX_TTL)


def as_of_text(moment: dt.datetime) -> str:
    """A moment as shown in a status reason: Beijing time to the minute, with its offset."""
    local = timezone.localtime(moment)
    offset = local.strftime("%z")
    return f"{local:%Y-%m-%d %H:%M} UTC{offset[:3]}:{offset[3:]}"


def _as_of(run: _Verification, lists: list[dict[str, Any]]) -> tuple[dt.datetime | None, bool]:
    """(as of, stale): the moment the status was read and whether that is too long ago to stand for now.

    From this registry's database the status is read now. A copy (a bundle, a list fetched from a
    registry) is as old as its oldest list's signed date, and stale once past that list's ``ttl``
    (or :data:`DEFAULT_MAX_AGE`). A copy without a date is stale: nobody can say how old it is.
    """
    now = timezone.now()
    if run.trusted:
        return now, False
    dates = [(list_date(listed), list_ttl(listed)) for listed in lists]
    if not dates or any(date is None for date, _ttl in dates):
        return None, True
    as_of = min(date for date, _ttl in dates if date is not None)
    return as_of, any(date is not None and now > date + ttl for date, ttl in dates)


def check_status(run: _Verification) -> Check:
    """Revoked / suspended / neither, as of a moment; unknown when a list cannot be had or is too old.

    Revocation is final, so an old copy that says "revoked" still fails; an old copy that says
    "suspended" or "neither" is unknown (the status may have changed since).
    """
    if run.did_document is None:
        return run._no_did_document("status")
    entries = _entries(run.credential)
    if not entries:
        return unknown("status", "no_status", messages.NO_STATUS)
    outcomes: dict[str, str] = {}
    problems = []
    lists = []
    for entry in entries[:4]:
        purpose, outcome, detail, listed = _one_status(run, entry)
        outcomes[purpose] = outcome
        lists += [listed] if listed is not None else []
        if detail is not None:
            problems.append((outcome, detail))
    as_of, stale = _as_of(run, lists)
    flagged = _flagged(run, outcomes, as_of, stale)
    if flagged is not None:
        return flagged
    for outcome, detail in problems:
        if outcome == "failed":
            return failed("status", "bad_status_entry", detail)
    if problems:
        return _unknown_status(run, problems[0][1])
    if "revocation" not in outcomes:
        return unknown("status", "no_revocation_list", messages.NO_REVOCATION_LIST)
    return _neither(run, as_of, stale)


def _neither(run: _Verification, as_of: dt.datetime | None, stale: bool) -> Check:
    """Neither revoked nor suspended: ok as of its moment, unknown when that is too long ago or not known."""
    if as_of is None:
        return unknown("status", "status_undated", messages.STATUS_UNDATED)
    if stale:
        return _dated(
            run, as_of, stale, unknown("status", "status_stale", messages.STATUS_STALE, as_of=as_of_text(as_of))
        )
    return _dated(run, as_of, stale, ok("status", "ok", messages.STATUS_OK, as_of=as_of_text(as_of)))


def _flagged(run: _Verification, outcomes: dict[str, str], as_of: dt.datetime | None, stale: bool) -> Check | None:
    """Revoked (first: final, so true however old the list) or suspended (only while the list is current)."""
    if outcomes.get("revocation") == "set":
        if as_of is None:
            return failed("status", "revoked", messages.REVOKED_UNDATED)
        return _dated(run, as_of, stale, failed("status", "revoked", messages.REVOKED, as_of=as_of_text(as_of)))
    if outcomes.get("suspension") == "set" and as_of is not None and not stale:
        return _dated(run, as_of, stale, failed("status", "suspended", messages.SUSPENDED, as_of=as_of_text(as_of)))
    return None


def _dated(run: _Verification, as_of: dt.datetime, stale: bool, check: Check) -> Check:
    """``check``, after noting its as-of moment on the run (the report carries it as ``status_as_of``)."""
    run.status_as_of, run.status_stale = as_of, stale
    return check


def _unknown_status(run: _Verification, detail: Any) -> Check:
    """Why the status is unknown: a foreign list over the pre-check's limits or the time budget, or ``detail``."""
    if run.refusals:
        return run.refusals[0]
    if run.budget.exceeded is not None:
        return unknown("status", "too_complex", messages.TOO_COMPLEX_TO_CANONICALISE)
    return unknown("status", "status_unknown", detail)


def _parse_leaf(entry: Any) -> tuple[int, str, dict[str, Any]] | None:
    if not isinstance(entry, dict) or not isinstance(entry.get("data"), str) or not isinstance(entry.get("index"), int):
        return None
    try:
        fields = json.loads(entry["data"])
    except (ValueError, RecursionError):
        return None
    if not isinstance(fields, dict) or fields.get("index") != entry["index"]:
        return None
    return entry["index"], entry["data"], fields


def _included(material: dict[str, Any], entry: Any, key: Any) -> tuple[Check | None, dict[str, Any] | None]:
    parsed = _parse_leaf(entry)
    if parsed is None:
        return failed("log", "malformed_entry", messages.LOG_ENTRY_MALFORMED), None
    index, data, fields = parsed
    proof = entry.get("proof") if isinstance(entry.get("proof"), list) else []
    tree_size = material.get("treeSize")
    result = check_inclusion(
        leaf_hash=hashlib.sha256(b"\x00" + data.encode("utf-8")).digest(),
        index=index,
        tree_size=tree_size if isinstance(tree_size, int) else -1,
        proof=[p for p in proof if isinstance(p, str)][:64],
        checkpoint_note=material.get("checkpoint") if isinstance(material.get("checkpoint"), str) else None,
        verifier_key=key,
    )
    if result.ok is True:
        return None, fields
    template = messages.LOG_FAILURES.get(result.code, messages.LOG_FAILED)
    params = {"proof": tree_size, "index": index}
    if result.ok is None:
        return unknown("log", result.code, template, **params), None
    return failed("log", result.code, template, **params), None


def _log_key(run: _Verification, material: dict[str, Any]) -> Any:
    from skillcert.verification.verifier import log_origin_for_did

    text = run.log_key or material.get("verifierKey")
    try:
        key = parse_verifier_key(text) if isinstance(text, str) else None
    except NoteError:
        key = None
    if key is None:
        return failed("log", "bad_log_key", messages.BAD_LOG_KEY)
    expected = log_origin_for_did(run.issuer or "")
    if expected is None or key.name != expected:
        return failed(
            "log", "log_key_mismatch", messages.LOG_KEY_MISMATCH, key_name=key.name[:120], expected=expected or ""
        )
    return key


def check_log(run: _Verification) -> Check:
    """The issuance entry of this very credential is included in a checkpoint signed by the log key."""
    from skillcert.verification.sources import log_subjects
    from skillcert.verification.verifier import as_dict, as_list, credential_sha256

    try:
        material = run.source.log_material(run.subject_id)
    except Exception:  # a source must not turn bad input into a crash
        material = None
    if not isinstance(material, dict):
        return unknown("log", "no_log_proof", messages.NO_LOG_PROOF)
    key = _log_key(run, material)
    if isinstance(key, Check):
        return key
    entries = as_list(material.get("entries"))
    issued = [e for e in entries[:MAX_LOG_ENTRIES] if _is_issuance(e, run.subject_id)]
    if not issued:
        return _pending(run, material) or failed("log", "not_logged", messages.NOT_LOGGED)
    problem, fields = _included(material, issued[0], key)
    if problem is not None:
        return problem
    assert fields is not None
    if as_dict(fields.get("payload")).get("credential_sha256") != credential_sha256(run.credential, fields.get("v")):
        return failed("log", "different_credential", messages.DIFFERENT_CREDENTIAL)
    for entry in entries[:MAX_LOG_ENTRIES]:
        problem, other = _included(material, entry, key)
        if other is not None and other.get("subject_id") in log_subjects(run.subject_id):
            run.events.append(other)
    return ok("log", "included", messages.LOG_OK, index=fields["index"], size=material.get("treeSize"))


def _pending(run: _Verification, material: dict[str, Any]) -> Check | None:
    """Inclusion pending: this registry logged the certificate after its latest signed checkpoint.

    Only this registry's own database is believed (a bundle cannot excuse a missing entry), and it
    is unknown, never ok: the next checkpoint (the worker signs one every minute) will settle it.
    """
    pending = material.get("pending") if run.trusted else None
    indexes = [index for index in pending if isinstance(index, int)] if isinstance(pending, list) else []
    if not indexes:
        return None
    return unknown("log", "pending", messages.LOG_PENDING, index=min(indexes), size=material.get("treeSize"))


def _is_issuance(entry: Any, subject_id: str) -> bool:
    """An entry recording this credential: its issue, or its re-signing at its address (``credential.replaced``)."""
    from skillcert.verification.sources import log_subjects

    parsed = _parse_leaf(entry)
    if parsed is None:
        return False
    fields = parsed[2]
    recorded = fields.get("kind") in ("certificate.issued", "credential.replaced")
    return bool(subject_id) and recorded and fields.get("subject_id") in log_subjects(subject_id)

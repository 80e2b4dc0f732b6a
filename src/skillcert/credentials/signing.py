"""Data Integrity proofs with the ``eddsa-rdfc-2022`` cryptosuite: sign and verify.

The signed bytes are SHA-256(canonical proof configuration) ‖ SHA-256(canonical
document), both canonicalised with RDFC-1.0 (W3C vc-di-eddsa §3.3). The proof
configuration is the proof without ``proofValue``, with the document's
``@context``. :func:`verify_proof` never raises on bad input: every problem is a
failed :class:`ProofCheck` with a code and a message in the active language.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.utils import timezone
from django.utils.translation import gettext as _

from skillcert.core.errors import NotAllowed
from skillcert.credentials.canonical import CanonicalisationError, canonical_nquads
from skillcert.credentials.did import verification_method_id, xsd_datetime
from skillcert.credentials.loader import DEFAULT_LOADER, LocalLoader
from skillcert.credentials.models import SigningKey
from skillcert.credentials.multikey import MultibaseError, decode_base58btc, decode_public_key, encode_base58btc

PROOF_TYPE = "DataIntegrityProof"
CRYPTOSUITE = "eddsa-rdfc-2022"
PROOF_PURPOSE = "assertionMethod"
_DATETIME_STAMP = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")

KeyResolver = Callable[[str], str | None]


@dataclass(frozen=True)
class ProofCheck:
    """The outcome of checking one proof. ``code`` is ``ok`` or the reason it failed."""

    ok: bool
    code: str
    message: str
    key_id: str | None = None
    created: str | None = None


def _fail(code: str, message: str, proof: dict[str, Any] | None = None) -> ProofCheck:
    method = proof.get("verificationMethod") if proof else None
    return ProofCheck(False, code, message, key_id_of(method), _created(proof))


def _created(proof: dict[str, Any] | None) -> str | None:
    value = proof.get("created") if proof else None
    return value if isinstance(value, str) else None


def key_id_of(verification_method: Any) -> str | None:
    """The key id of a verification method URL: its fragment, or the whole URL without one."""
    if not isinstance(verification_method, str):
        return None
    return verification_method.rpartition("#")[2] or verification_method


def hash_data(unsecured: dict[str, Any], proof_options: dict[str, Any], loader: LocalLoader) -> bytes:
    """The 64 bytes that are signed: proof-configuration hash first, then document hash."""
    config = {key: value for key, value in proof_options.items() if key != "proofValue"}
    config["@context"] = unsecured["@context"]
    proof_hash = hashlib.sha256(canonical_nquads(config, loader).encode("utf-8")).digest()
    document_hash = hashlib.sha256(canonical_nquads(unsecured, loader).encode("utf-8")).digest()
    return proof_hash + document_hash


def proof_options(verification_method: str, created: datetime) -> dict[str, Any]:
    """The proof without its value."""
    return {
        "type": PROOF_TYPE,
        "cryptosuite": CRYPTOSUITE,
        "created": xsd_datetime(created),
        "verificationMethod": verification_method,
        "proofPurpose": PROOF_PURPOSE,
    }


def sign_with(
    document: dict[str, Any],
    *,
    private_key: Ed25519PrivateKey | Callable[[bytes], bytes],
    verification_method: str,
    created: datetime,
    loader: LocalLoader = DEFAULT_LOADER,
) -> dict[str, Any]:
    """Add an eddsa-rdfc-2022 proof made with ``private_key`` (a key or any ``sign(bytes)`` callable)."""
    unsecured = {key: value for key, value in document.items() if key != "proof"}
    options = proof_options(verification_method, created)
    sign = private_key.sign if isinstance(private_key, Ed25519PrivateKey) else private_key
    signature = sign(hash_data(unsecured, options, loader))
    return {**unsecured, "proof": {**options, "proofValue": encode_base58btc(signature)}}


def sign_credential(
    document: dict[str, Any], *, key: SigningKey | None = None, created: datetime | None = None
) -> dict[str, Any]:
    """Sign ``document`` with ``key`` (default: the active signing key) and return the secured copy.

    Raises:
        skillcert.core.errors.NotAllowed: no active signing key, or ``key`` is retired.
        skillcert.credentials.keystore.KeyFileError: the key file is missing, too open or wrong.
        skillcert.credentials.canonical.CanonicalisationError: the document uses unknown contexts or terms.
    """
    from skillcert.credentials import keystore, selectors

    key = key or selectors.require_active_signing_key()
    if key.retired_at is not None:
        raise NotAllowed(_("The signing key %(key)s is retired; it signs nothing new.") % {"key": key.key_id})
    signer = keystore.signer_for(key.private_key_file, key.public_key_multibase)
    return sign_with(
        document,
        private_key=signer.sign,
        verification_method=verification_method_id(key.key_id),
        created=created or timezone.now(),
    )


def _single_proof(document: Any) -> dict[str, Any] | ProofCheck:
    if not isinstance(document, dict):
        return _fail("malformed", _("The credential is not a JSON object."))
    proof = document.get("proof")
    if isinstance(proof, list) and len(proof) == 1:
        proof = proof[0]
    if proof is None:
        return _fail("no_proof", _("The credential carries no proof."))
    if not isinstance(proof, dict):
        return _fail("malformed", _("The credential must carry exactly one proof object."))
    return proof


def _check_options(document: dict[str, Any], proof: dict[str, Any]) -> ProofCheck | None:
    """Check the proof's declared type, suite, purpose and fields before any cryptography.

    Each message is worded only when its check fails: verifying is on the hot path.
    """
    if proof.get("type") != PROOF_TYPE:
        return _fail("wrong_type", _("The proof type must be DataIntegrityProof."), proof)
    if proof.get("cryptosuite") != CRYPTOSUITE:
        message = _("The proof uses the cryptosuite %(suite)s; only eddsa-rdfc-2022 is accepted.")
        return _fail("wrong_cryptosuite", message % {"suite": str(proof.get("cryptosuite"))[:60]}, proof)
    if proof.get("proofPurpose") != PROOF_PURPOSE:
        return _fail("wrong_purpose", _("The proof purpose must be assertionMethod."), proof)
    if not isinstance(proof.get("verificationMethod"), str):
        return _fail("malformed", _("The proof names no verification method."), proof)
    if not isinstance(proof.get("proofValue"), str):
        return _fail("malformed", _("The proof has no proof value."), proof)
    if proof.get("created") is not None and not _DATETIME_STAMP.match(str(proof.get("created"))):
        return _fail("malformed", _("The proof creation time is not a valid date and time."), proof)
    if not _context_matches(document, proof):
        return _fail("malformed", _("The proof's @context does not match the credential's."), proof)
    return None


def _context_matches(document: dict[str, Any], proof: dict[str, Any]) -> bool:
    """A proof that carries its own @context must name the document's contexts in the same order."""
    if "@context" not in proof:
        return True
    own = proof["@context"] if isinstance(proof["@context"], list) else [proof["@context"]]
    theirs = document.get("@context")
    theirs = theirs if isinstance(theirs, list) else [theirs]
    return theirs[: len(own)] == own


def _public_key(proof: dict[str, Any], resolve_key: KeyResolver) -> Ed25519PublicKey | ProofCheck:
    method = proof["verificationMethod"]
    try:
        multibase = resolve_key(method)
    except Exception:  # a resolver must not turn bad input into a crash
        multibase = None
    if multibase is None:
        return _fail(
            "unknown_key",
            _("The key %(key)s is not in the issuer's DID document.") % {"key": method[:200]},
            proof,
        )
    key = None
    if isinstance(multibase, str):  # a real Multikey is 48 characters: only those short enough are remembered
        key = _ed25519_key(multibase) if len(multibase) <= 128 else _ed25519_key.__wrapped__(multibase)
    if key is None:
        return _fail("unknown_key", _("The issuer's key %(key)s is not an Ed25519 key.") % {"key": method[:200]}, proof)
    return key


@lru_cache(maxsize=64)
def _ed25519_key(multibase: str) -> Ed25519PublicKey | None:
    """The public key of a Multikey value, decoded once (an issuer has a handful of keys)."""
    try:
        return Ed25519PublicKey.from_public_bytes(decode_public_key(multibase))
    except (MultibaseError, ValueError):
        return None


def _canonical_failure(error: CanonicalisationError, proof: dict[str, Any]) -> ProofCheck:
    if error.message:  # worded by whoever refused (e.g. a verifier's time or memory limit)
        return _fail(error.code, error.message, proof)
    messages = {
        "unknown_context": _("The credential uses a JSON-LD context that is not known here: %(detail)s"),
        "undefined_term": _("The credential contains terms that no context defines: %(detail)s"),
        "no_context": _("The credential has no @context."),
        "invalid_jsonld": _("The credential is not valid JSON-LD: %(detail)s"),
    }
    template = messages.get(error.code, messages["invalid_jsonld"])
    return _fail(error.code, template % {"detail": error.detail[:200]}, proof)


def verify_proof(
    document: dict[str, Any], *, resolve_key: KeyResolver, loader: LocalLoader = DEFAULT_LOADER
) -> ProofCheck:
    """Check the eddsa-rdfc-2022 proof of ``document``; never raises on bad input.

    Args:
        document: the secured credential as parsed JSON.
        resolve_key: maps a ``verificationMethod`` URL to its Multikey ``publicKeyMultibase``,
            or ``None`` when the issuer does not list that key (see ``did.resolver_for``).
        loader: the offline JSON-LD document loader (tests add the W3C examples context).
    """
    proof = _single_proof(document)
    if isinstance(proof, ProofCheck):
        return proof
    failure = _check_options(document, proof)
    if failure:
        return failure
    try:
        signature = decode_base58btc(proof["proofValue"])
    except MultibaseError:
        signature = b""
    if len(signature) != 64:
        return _fail("bad_proof_value", _("The proof value is not a base58btc Ed25519 signature."), proof)
    public_key = _public_key(proof, resolve_key)
    if isinstance(public_key, ProofCheck):
        return public_key
    return _check_signature(document, proof, public_key, signature, loader)


def _check_signature(
    document: dict[str, Any],
    proof: dict[str, Any],
    public_key: Ed25519PublicKey,
    signature: bytes,
    loader: LocalLoader,
) -> ProofCheck:
    unsecured = {key: value for key, value in document.items() if key != "proof"}
    options = {key: value for key, value in proof.items() if key != "@context"}
    try:
        data = hash_data(unsecured, options, loader)
    except CanonicalisationError as exc:
        return _canonical_failure(exc, proof)
    except Exception as exc:  # pyld on hostile input: report, never crash
        return _canonical_failure(CanonicalisationError("invalid_jsonld", type(exc).__name__), proof)
    try:
        public_key.verify(signature, data)
    except InvalidSignature:
        return _fail("bad_signature", _("The signature does not match the credential: it was altered."), proof)
    return ProofCheck(True, "ok", _("The signature is valid."), key_id_of(proof["verificationMethod"]), _created(proof))

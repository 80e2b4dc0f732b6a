"""Every reason the verifier gives, as lazy translations (Chinese in this app's catalogue)."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

NOT_CHECKED = _("Not checked: the input is not a readable credential.")
NOT_CHECKED_TOO_COMPLEX = _("Not checked: the input is too complex to process.")
TOO_COMPLEX = _(
    "The input is too complex to process (%(what)s: %(count)s; this verifier's limit: %(limit)s). "
    "It was not checked, so it cannot be confirmed; this alone does not mean it is forged."
)
TOO_COMPLEX_TO_CANONICALISE = _(
    "Too complex to check within this verifier's limits of time and memory, so it was not checked: "
    "unknown, not valid, and no sign of forgery by itself."
)
TOO_LARGE = _("The file is larger than %(limit)s KiB; a credential or bundle is much smaller. It was not read.")
MALFORMED_JSON = _("The text is not valid JSON (line %(line)s, column %(column)s).")
MALFORMED_JSON_PLAIN = _("The text is not valid JSON.")
NOT_OBJECT = _("The input is not a JSON object.")
NO_CREDENTIAL = _("The bundle contains no credential.")
NOT_VC2 = _("This is not a W3C Verifiable Credential 2.0: its first @context is not the VC 2.0 context.")
UNKNOWN_CONTEXT = _("The credential uses a JSON-LD context that is not known here: %(context)s")
NOT_A_CREDENTIAL = _("The type does not include VerifiableCredential.")
NO_ISSUER = _("The credential names no issuer.")
NO_SUBJECT = _("The credential has no credentialSubject object.")
NO_ID = _("The credential has no id.")
NO_PROOF = _("The credential carries no proof.")
WELL_FORMED = _("A well-formed Verifiable Credential 2.0 using only known contexts.")

NO_DID_DOCUMENT = _(
    "The issuer's DID document (%(issuer)s) is not available here, so this cannot be checked. "
    "Verify a bundle, or on the issuing registry's own verify page."
)
KEY_OF_ANOTHER_ISSUER = _("The proof was made with the key %(key)s, which does not belong to the issuer.")
SIGNATURE_OK = _("The signature is valid (eddsa-rdfc-2022, key %(key)s).")
SIGNATURE_OK_STORED = _(
    "The signature is valid: this is identical to the credential this registry signed and stores "
    "(eddsa-rdfc-2022, key %(key)s), whose signature was verified when it was issued."
)
SIGNATURE_FAILED = _("The signature could not be verified (%(failure)s).")
SIGNATURE_FAILURES: dict[str, Promise] = {
    "malformed": _("The proof is malformed."),
    "no_proof": _("The credential carries no proof."),
    "wrong_type": _("The proof type must be DataIntegrityProof."),
    "wrong_cryptosuite": _("The proof uses the cryptosuite %(suite)s; only %(expected)s is accepted."),
    "wrong_purpose": _("The proof purpose must be assertionMethod."),
    "unknown_key": _("The key %(key)s is not in the issuer's DID document."),
    "bad_proof_value": _("The proof value is not an Ed25519 signature."),
    "unknown_context": _("The credential uses a JSON-LD context that is not known here."),
    "undefined_term": _("The credential contains terms that no context defines (added, unsigned claims)."),
    "no_context": _("The credential has no @context."),
    "invalid_jsonld": _("The credential is not valid JSON-LD."),
    "bad_signature": _("The signature does not match the credential: it was altered after signing."),
}

KEY_NOT_IN_DID = _("The key %(key)s is not an assertion key in the issuer's DID document.")
NO_SIGNING_TIME = _("The proof has no valid creation time and the credential no valid validFrom.")
NO_KEY_WINDOW = _("The DID document gives no validity window for the key %(key)s.")
KEY_NOT_VALID_THEN = _(
    "The key %(key)s was valid from %(start)s to %(end)s, but the credential was signed on %(signed)s."
)
ISSUER_KEY_OK = _("Issued by %(issuer)s with a key that was in use when it signed (%(signed)s).")

NO_STATUS = _("The credential names no status list, so its status cannot be known.")
LIST_UNAVAILABLE = _("The status list cannot be had here, so the status is unknown (not valid).")
INDEX_OUT_OF_RANGE = _("The status index is outside the status list.")
STATUS_ENTRY_MALFORMED = _("A status entry of the credential is malformed.")
LIST_NOT_VERIFIED = _("The status list's signature is not valid, so the status is unknown.")
STATUS_LIST_UNUSABLE: dict[str, Promise] = {
    "list_not_verified": LIST_NOT_VERIFIED,
    "wrong_list": _("The status list supplied is not the one the credential names."),
    "wrong_purpose": _("The status list has a different purpose than the entry."),
    "malformed": _("The status list cannot be decoded."),
}
# One wording for the status wherever it was read (this registry's database, a bundle, a fetched list):
# what the issuer's signed lists say and as of when.
REVOKED = _("Revoked — status as of %(as_of)s.")
REVOKED_UNDATED = _("Revoked — the issuer's signed status list says so (it carries no date).")
SUSPENDED = _("Suspended — status as of %(as_of)s.")
NO_REVOCATION_LIST = _("The credential names no revocation list, so revocation cannot be ruled out.")
STATUS_OK = _("Neither revoked nor suspended — status as of %(as_of)s, from the issuer's signed status lists.")
STATUS_STALE = _("Unknown — status as of %(as_of)s, check online.")
STATUS_UNDATED = _("Unknown — the status list carries no date, so how current it is cannot be known; check online.")

NO_LOG_PROOF = _("No inclusion proof is available for a bare credential: verify a bundle, or online.")
BAD_LOG_KEY = _("The log's verifier key is missing or not valid.")
LOG_KEY_MISMATCH = _("The log key %(key_name)s is not the issuer's log (%(expected)s).")
NOT_LOGGED = _("The log material contains no issuance entry for this credential.")
LOG_PENDING = _(
    "Recorded as entry %(index)s of the log, after the latest signed checkpoint (%(size)s entries); "
    "the next checkpoint, signed within about a minute, will include it. Check again shortly."
)
LOG_ENTRY_MALFORMED = _("A log entry in the proof material is malformed.")
DIFFERENT_CREDENTIAL = _("The log recorded a different credential for this certificate: this copy was altered.")
LOG_FAILED = _("The log proof could not be verified.")
LOG_FAILURES: dict[str, Promise] = {
    "no_checkpoint": _("No signed checkpoint was available to check against."),
    "bad_key": _("The log's verifier key is not valid."),
    "unknown_key": _("The checkpoint is not signed by the log's key."),
    "bad_signature": _("The checkpoint's signature does not verify."),
    "wrong_origin": _("The checkpoint is for another log."),
    "malformed": _("The checkpoint is malformed."),
    "wrong_tree_size": _("The inclusion proof is for a tree of %(proof)s entries, not the size of the checkpoint."),
    "malformed_proof": _("The inclusion proof is malformed."),
    "index_out_of_range": _("Entry %(index)s is outside the checkpoint."),
    "not_included": _("The proof does not lead to the checkpoint's root hash: the entry is not in the signed log."),
}
LOG_OK = _("Issued as entry %(index)s of the log, included in a checkpoint of %(size)s entries signed by the log key.")

BAD_VALID_FROM = _("validFrom is missing or not a date and time with a time zone.")
BAD_VALID_UNTIL = _("validUntil is not a date and time with a time zone.")
NOT_YET_VALID = _("Not valid before %(start)s.")
EXPIRED = _("Expired on %(end)s.")
DATES_OK = _("Valid since %(start)s, with no end date.")
DATES_OK_UNTIL = _("Valid from %(start)s until %(end)s.")

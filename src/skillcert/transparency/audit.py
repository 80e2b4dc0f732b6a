"""The auditor behind ``skillcert log audit``: recompute the log and compare it with what was signed.

It reads the log from a running instance (:class:`HttpSource`, the public API)
or from the database (:class:`DatabaseSource`), then:

1. verifies the signature of every checkpoint (and of checkpoints the auditor
   saved earlier) with the log's verifier key — pinned with ``--key`` for an
   independent audit;
2. replays every entry: recomputes each leaf hash from the leaf data, checks
   the data against the rules of its leaf format (no personal data; format 1
   entries as they always were, format 2 in JCS naming certificates only by a
   digest of their address key), rebuilds the tree and
   compares the root at every checkpoint size with the signed root; from the
   database it also compares every stored subtree hash;
3. checks the consistency proof from every checkpoint to the latest;
4. checks inclusion proofs for a sample of entries against the latest checkpoint;
5. from the database, checks the head row: present, its size the number of
   stored entries, the root served from it the recomputed root;
6. from the database, runs the subject checks other apps register in
   :data:`SUBJECT_CHECKS` (``kind → fn(leaf) -> problem or None``), e.g. the
   certificates app comparing a leaf's credential hash with the credential, and
   the record checks in :data:`RECORD_CHECKS` (``name → fn() -> problem or None
   per record``), which walk every record an app owns and compare its public facts
   with the entries that committed to them (``commitments``).

Every result is a :class:`Finding`; nothing raises on bad data from the source.
"""

from __future__ import annotations

import base64
import json
import random
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from django.db import DatabaseError

from skillcert.transparency import keys, merkle, storage
from skillcert.transparency.events import LEAF_VERSIONS, leaf_document_problem
from skillcert.transparency.models import Checkpoint, LogHead, LogLeaf
from skillcert.transparency.notes import CheckpointBody, NoteError, VerifierKey, open_checkpoint, parse_verifier_key
from skillcert.transparency.selectors import current_size, leaf_data
from skillcert.transparency.services import HEAD_ID
from skillcert.transparency.storage import LogStorageError, fetch_hashes

PAGE_SIZE = 1000
MAX_LINES_PER_CHECK = 20
HTTP_TIMEOUT = 30


@dataclass(frozen=True)
class AuditedLeaf:
    """One entry as the auditor sees it: the leaf data, the hash the source claims, and the parsed fields."""

    index: int
    data: bytes
    claimed_hash: bytes
    fields: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def parse(cls, index: int, data: bytes, claimed_hash: bytes) -> AuditedLeaf:
        try:
            fields = json.loads(data)
        except (ValueError, UnicodeDecodeError):
            fields = {}
        return cls(index, data, claimed_hash, fields if isinstance(fields, dict) else {})

    @property
    def kind(self) -> str:
        return str(self.fields.get("kind", ""))

    @property
    def subject_id(self) -> str:
        return str(self.fields.get("subject_id", ""))

    @property
    def payload(self) -> dict[str, Any]:
        payload = self.fields.get("payload")
        return payload if isinstance(payload, dict) else {}


SubjectCheck = Callable[[AuditedLeaf], "str | None"]
SUBJECT_CHECKS: dict[str, SubjectCheck] = {}
"""Per event kind, a check of a leaf against the records it is about; returns a problem or ``None``.

Registered by the apps that own the subjects (certificates, institutions,
credentials) from their ``AppConfig.ready``; run by database audits.
"""

RecordCheck = Callable[[], Iterable["str | None"]]
RECORD_CHECKS: dict[str, RecordCheck] = {}
"""Per owning app, a walk over all its records yielding, per record, a problem or ``None`` (it matched).

E.g. the certificates app recomputes every certificate's public facts and
compares them with the commitments of its issuance entry and latest status
entry. Registered from ``AppConfig.ready``; run by database audits after the
replay. Problems name the record and the fact, never a value.
"""

OK, FAILED, UNKNOWN, NOTE = "ok", "FAILED", "UNKNOWN", "note"


@dataclass(frozen=True)
class HeadState:
    """The head row as the database holds it, and what the stored tree serves from it."""

    exists: bool
    size: int
    stored_entries: int
    served_root: bytes | None


@dataclass(frozen=True)
class Finding:
    status: str
    check: str
    message: str

    def line(self) -> str:
        return f"{self.status:<8}{self.check:<13}{self.message}"


class SourceError(Exception):
    """The source could not answer (network, HTTP error, missing stored data)."""


class AuditSource(Protocol):
    label: str
    checks_subjects: bool

    def verifier(self) -> VerifierKey: ...
    def checkpoint_notes(self) -> list[str]: ...
    def size(self) -> int | None: ...
    def entries(self, start: int, end: int) -> list[AuditedLeaf]: ...
    def inclusion_proof(self, index: int, size: int) -> list[bytes]: ...
    def consistency_proof(self, first: int, second: int) -> list[bytes]: ...
    def stored_nodes(self, ids: Iterable[merkle.NodeId]) -> dict[merkle.NodeId, bytes] | None: ...
    def head(self) -> HeadState | None: ...


# ---------------------------------------------------------------------------
# Sources
# ---------------------------------------------------------------------------
class DatabaseSource:
    """The log as stored in this installation's database (subject checks run here)."""

    checks_subjects = True

    def __init__(self) -> None:
        self.label = f"{keys.origin()} (database)"

    def verifier(self) -> VerifierKey:
        return keys.verifier()

    def checkpoint_notes(self) -> list[str]:
        rows = Checkpoint.objects.filter(origin=keys.origin()).order_by("tree_size", "published_at")
        try:
            return list(rows.values_list("note", flat=True))
        except DatabaseError as exc:
            raise SourceError(f"the checkpoints cannot be read: {exc}") from exc

    def size(self) -> int | None:
        return current_size()

    def entries(self, start: int, end: int) -> list[AuditedLeaf]:
        rows = LogLeaf.objects.filter(index__gte=start, index__lt=end).order_by("index")
        try:
            return [self._leaf(row) for row in rows]
        except DatabaseError as exc:
            raise SourceError(f"entries from {start} cannot be read: {exc}") from exc

    @staticmethod
    def _leaf(row: LogLeaf) -> AuditedLeaf:
        """The entry rebuilt from its row; a row too damaged to rebuild gets empty data (its hash then fails)."""
        try:
            claimed = bytes.fromhex(row.leaf_hash or "")
        except ValueError:
            claimed = b""
        try:
            data = leaf_data(row)
        except (AttributeError, TypeError, ValueError):
            data = b""
        return AuditedLeaf.parse(row.index, data, claimed)

    def inclusion_proof(self, index: int, size: int) -> list[bytes]:
        return _from_storage(storage.inclusion_proof, index, size)

    def consistency_proof(self, first: int, second: int) -> list[bytes]:
        return _from_storage(storage.consistency_proof, first, second)

    def stored_nodes(self, ids: Iterable[merkle.NodeId]) -> dict[merkle.NodeId, bytes] | None:
        try:
            return fetch_hashes(ids)
        except (DatabaseError, ValueError) as exc:
            raise SourceError(f"the stored tree cannot be read: {exc}") from exc

    def head(self) -> HeadState | None:
        try:
            row = LogHead.objects.filter(pk=HEAD_ID).first()
            stored = LogLeaf.objects.count()
        except DatabaseError as exc:
            raise SourceError(f"the log head cannot be read: {exc}") from exc
        size = row.size if row is not None else 0
        try:
            served: bytes | None = storage.tree_root(size)
        except (LogStorageError, DatabaseError, ValueError):
            served = None
        return HeadState(row is not None, size, stored, served)


def _from_storage(compute: Callable[[int, int], list[bytes]], first: int, second: int) -> list[bytes]:
    try:
        return compute(first, second)
    except LogStorageError as exc:
        raise SourceError(str(exc.message)) from exc


class HttpSource:
    """The log as a running instance serves it through ``/api/v1/log`` (what any outside auditor sees)."""

    checks_subjects = False

    def __init__(self, base_url: str, fetch: Callable[[str], bytes] | None = None) -> None:
        self.base = base_url.rstrip("/") + "/api/v1/log"
        self.label = f"{base_url.rstrip('/')} (public API)"
        self._fetch = fetch or _urlopen

    def _get(self, path: str, **params: int | str) -> dict[str, Any]:
        url = f"{self.base}{path}" + (f"?{urllib.parse.urlencode(params)}" if params else "")
        try:
            body = json.loads(self._fetch(url))
        except SourceError:
            raise
        except (OSError, ValueError) as exc:
            raise SourceError(f"{url}: {exc}") from exc
        if not isinstance(body, dict):
            raise SourceError(f"{url}: the answer is not a JSON object")
        return body

    def verifier(self) -> VerifierKey:
        body = self._get("/key")
        try:
            return parse_verifier_key(str(body.get("verifier_key", "")))
        except (NoteError, AttributeError) as exc:
            raise SourceError(f"the log's /key answer is not a verifier key: {exc}") from exc

    def checkpoint_notes(self) -> list[str]:
        latest = self._get("/checkpoint", format="json")
        notes: list[str] = []
        after: dict[str, int | str] = {}  # the first page from the start: no ``after`` at all
        try:
            while True:
                page = self._get("/checkpoints", **after, limit=1000).get("checkpoints", [])
                notes.extend(str(item["note"]) for item in page)
                if len(page) < 1000:
                    break
                after = {"after": int(page[-1]["tree_size"])}
        except (KeyError, TypeError, ValueError) as exc:
            raise SourceError(f"the checkpoint list is malformed: {exc}") from exc
        return [*notes, str(latest.get("note", ""))]

    def size(self) -> int | None:
        return None

    def entries(self, start: int, end: int) -> list[AuditedLeaf]:
        body = self._get("/entries", start=start, end=end)
        leaves = []
        for item in body.get("entries", []):
            try:
                claimed = base64.b64decode(item["leaf_hash"], validate=True)
                leaves.append(AuditedLeaf.parse(int(item["index"]), str(item["data"]).encode(), claimed))
            except (KeyError, TypeError, ValueError) as exc:
                raise SourceError(f"entry {item!r:.80} is malformed: {exc}") from exc
        return leaves

    def inclusion_proof(self, index: int, size: int) -> list[bytes]:
        return _decode_proof(self._get("/proof/inclusion", index=index, tree_size=size))

    def consistency_proof(self, first: int, second: int) -> list[bytes]:
        return _decode_proof(self._get("/proof/consistency", first=first, second=second))

    def stored_nodes(self, ids: Iterable[merkle.NodeId]) -> dict[merkle.NodeId, bytes] | None:
        return None

    def head(self) -> HeadState | None:
        return None


def _urlopen(url: str) -> bytes:
    if not url.startswith(("http://", "https://")):
        raise SourceError(f"{url}: only http and https are supported")
    headers = {"Accept": "application/json", "Accept-Language": "en"}
    request = urllib.request.Request(url, headers=headers)  # noqa: S310  (http and https only, checked above)
    try:
        with urllib.request.urlopen(request, timeout=HTTP_TIMEOUT) as response:  # noqa: S310
            return bytes(response.read())
    except urllib.error.HTTPError as exc:
        raise SourceError(f"{url}: HTTP {exc.code} {exc.read()[:200].decode(errors='replace')}") from exc
    except (urllib.error.URLError, TimeoutError) as exc:
        raise SourceError(f"{url}: {exc}") from exc


def _decode_proof(body: Any) -> list[bytes]:
    try:
        return [base64.b64decode(item, validate=True) for item in body["proof"]]
    except (KeyError, TypeError, ValueError) as exc:
        raise SourceError(f"the proof answer is malformed: {exc}") from exc


# ---------------------------------------------------------------------------
# The auditor
# ---------------------------------------------------------------------------
@dataclass(frozen=True)
class SignedCheckpoint:
    label: str
    body: CheckpointBody


class Auditor:
    """Runs every check against one source and collects the findings."""

    def __init__(
        self,
        source: AuditSource,
        *,
        pinned_key: VerifierKey | None = None,
        saved_checkpoints: Sequence[tuple[str, str]] = (),
        inclusion_sample: int = 16,
    ) -> None:
        self.source = source
        self.pinned_key = pinned_key
        self.saved = saved_checkpoints
        self.inclusion_sample = inclusion_sample
        self.findings: list[Finding] = []
        self._counts: Counter[str] = Counter()
        self._sample_hashes: dict[int, bytes] = {}

    # -- reporting ---------------------------------------------------------
    def report(self, status: str, check: str, message: str) -> None:
        """Record a finding; after :data:`MAX_LINES_PER_CHECK` failures of one check, only count them."""
        self._counts[f"{status}:{check}"] += 1
        if status != FAILED or self._counts[f"{status}:{check}"] <= MAX_LINES_PER_CHECK:
            self.findings.append(Finding(status, check, message))

    @property
    def failed(self) -> int:
        return sum(n for key, n in self._counts.items() if key.startswith(f"{FAILED}:"))

    @property
    def unknown(self) -> int:
        return sum(n for key, n in self._counts.items() if key.startswith(f"{UNKNOWN}:"))

    def exit_code(self) -> int:
        """0 when everything checked out, 1 on any divergence, 2 when something could not be checked."""
        return 1 if self.failed else (2 if self.unknown else 0)

    # -- the run -------------------------------------------------------------
    def run(self) -> list[Finding]:
        """Run every check; the findings are also kept on the auditor."""
        key = self._key()
        if key is None:
            return self.findings
        checkpoints = self._signed_checkpoints(key)
        if not checkpoints:
            self.report(
                UNKNOWN, "checkpoint", "no signed checkpoint could be verified: nothing to compare the log with"
            )
            return self.findings
        latest = max(checkpoints, key=lambda c: c.body.size)
        head = self._head()
        sizes = {c.body.size for c in checkpoints} | ({head.size} if head else set())
        roots = self._replay(latest.body.size, sizes)
        self._compare_roots(checkpoints, roots)
        if head is not None:
            self._check_head(head, roots)
        self._check_consistency(checkpoints, latest)
        self._check_inclusion(latest)
        if self.source.checks_subjects:
            self._run_record_checks()
        self._summary(latest)
        return self.findings

    def _head(self) -> HeadState | None:
        try:
            return self.source.head()
        except SourceError as exc:
            self.report(UNKNOWN, "head", str(exc))
            return None

    def _check_head(self, head: HeadState, roots: dict[int, bytes]) -> None:
        """The head row must exist, count every stored entry, and serve the root the entries give."""
        if not head.exists:
            self.report(FAILED, "head", f"the log head row is missing ({head.stored_entries} entries are stored)")
        elif head.size != head.stored_entries:
            self.report(FAILED, "head", f"the log head says {head.size} entries, {head.stored_entries} are stored")
        elif head.served_root is None or roots.get(head.size) != head.served_root:
            self.report(FAILED, "head", f"the root served at the head (size {head.size}) is not the recomputed root")
        else:
            self.report(OK, "head", f"the log head counts the {head.size} stored entries and serves their root")

    def _run_record_checks(self) -> None:
        for name, check in sorted(RECORD_CHECKS.items()):
            matched = 0
            try:
                for problem in check():
                    if problem:
                        self.report(FAILED, "record", f"{name}: {problem}")
                    else:
                        matched += 1
            except Exception as exc:  # a broken check is reported, never crashes the audit
                self.report(UNKNOWN, "record", f"the {name} check failed to run: {exc!r}")
            self.report(OK if matched else NOTE, "record", f"{name}: {matched} records match their log entries")

    def _key(self) -> VerifierKey | None:
        if self.pinned_key is not None:
            self.report(OK, "key", f"using the pinned verifier key {self.pinned_key.encode()}")
            return self.pinned_key
        try:
            key = self.source.verifier()
        except SourceError as exc:
            self.report(UNKNOWN, "key", f"the log's verifier key could not be read: {exc}")
            return None
        self.report(NOTE, "key", f"verifier key {key.encode()} was read from the log itself; pin it with --key")
        return key

    def _signed_checkpoints(self, key: VerifierKey) -> list[SignedCheckpoint]:
        try:
            served = [(f"checkpoint #{n}", note) for n, note in enumerate(self.source.checkpoint_notes(), 1)]
        except SourceError as exc:
            self.report(UNKNOWN, "checkpoint", f"the checkpoints could not be read: {exc}")
            served = []
        verified = []
        for label, note in [*served, *self.saved]:
            try:
                body = open_checkpoint(note, key, origin=key.name)
            except NoteError as exc:
                self.report(FAILED, "signature", f"{label}: {exc}")
                continue
            verified.append(SignedCheckpoint(label, body))
        sizes = sorted({c.body.size for c in verified})
        if verified:
            self.report(OK, "signature", f"{len(verified)} checkpoints signed by {key.name} (sizes {_span(sizes)})")
        return verified

    def _replay(self, checkpoint_size: int, sizes: set[int]) -> dict[int, bytes]:
        """Recompute the tree from the entries; return the root at every checkpoint size reached."""
        tree, roots = merkle.CompactRange(), {0: merkle.EMPTY_ROOT}
        size = max(checkpoint_size, self.source.size() or 0)
        samples = self._sample_indexes(checkpoint_size)
        while tree.size < size:
            try:
                page = self.source.entries(tree.size, min(tree.size + PAGE_SIZE, size))
            except SourceError as exc:
                self.report(UNKNOWN, "entries", f"entries from {tree.size} could not be read: {exc}")
                break
            if not self._replay_page(tree, page, sizes, roots, samples):
                break
        self.report(OK if tree.size == size else FAILED, "replay", f"{tree.size} of {size} entries replayed")
        return roots

    def _replay_page(
        self,
        tree: merkle.CompactRange,
        page: list[AuditedLeaf],
        sizes: set[int],
        roots: dict[int, bytes],
        samples: set[int],
    ) -> bool:
        if not page:
            self.report(FAILED, "entries", f"entry {tree.size} is missing: the log serves nothing from there")
            return False
        completed: list[tuple[int, int, bytes]] = []
        for leaf in page:
            if leaf.index != tree.size:
                self.report(FAILED, "entries", f"entry {tree.size} is missing (the next one served is {leaf.index})")
                return False
            digest = self._check_leaf(leaf)
            if leaf.index in samples:
                self._sample_hashes[leaf.index] = digest
            completed.extend(tree.append(digest))
            if tree.size in sizes:
                roots[tree.size] = tree.root()
        self._compare_nodes(completed)
        return True

    def _check_leaf(self, leaf: AuditedLeaf) -> bytes:
        self._counts[f"format:{leaf.fields.get('v')}"] += 1
        digest = merkle.leaf_hash(leaf.data)
        if digest != leaf.claimed_hash:
            self.report(FAILED, "leaf", f"entry {leaf.index}: the stored leaf hash does not match the entry's data")
        problem = leaf_document_problem(leaf.data, leaf.index)
        if problem:
            self.report(FAILED, "leaf", f"entry {leaf.index}: {problem}")
        check = SUBJECT_CHECKS.get(leaf.kind) if self.source.checks_subjects and not problem else None
        if check is not None:
            self._run_subject_check(check, leaf)
        return digest

    def _run_subject_check(self, check: SubjectCheck, leaf: AuditedLeaf) -> None:
        try:
            problem = check(leaf)
        except Exception as exc:
            self.report(UNKNOWN, "subject", f"entry {leaf.index}: the {leaf.kind} check failed to run: {exc!r}")
            return
        if problem:
            self.report(FAILED, "subject", f"entry {leaf.index} ({leaf.kind} {leaf.subject_id}): {problem}")
        else:
            self._counts["ok:subject"] += 1

    def _compare_nodes(self, completed: list[tuple[int, int, bytes]]) -> None:
        try:
            stored = self.source.stored_nodes((level, index) for level, index, _hash in completed)
        except SourceError as exc:
            self.report(UNKNOWN, "node", f"stored subtree hashes could not be read: {exc}")
            return
        if stored is None:
            return
        for level, index, value in completed:
            if stored.get((level, index)) != value:
                state = "is missing" if (level, index) not in stored else "differs from the recomputed one"
                self.report(FAILED, "node", f"stored subtree hash level {level} index {index} {state}")

    def _compare_roots(self, checkpoints: list[SignedCheckpoint], roots: dict[int, bytes]) -> None:
        matched = 0
        for checkpoint in checkpoints:
            size, signed = checkpoint.body.size, checkpoint.body.root_hash
            if size not in roots:
                self.report(FAILED, "root", f"{checkpoint.label} (size {size}): the log's entries do not reach it")
            elif roots[size] != signed:
                self.report(
                    FAILED,
                    "root",
                    f"{checkpoint.label} (size {size}): recomputed root {_b64(roots[size])} "
                    f"differs from the signed root {_b64(signed)}",
                )
            else:
                matched += 1
        if matched:
            self.report(OK, "root", f"{matched} signed roots match the tree recomputed from the entries")

    def _check_consistency(self, checkpoints: list[SignedCheckpoint], latest: SignedCheckpoint) -> None:
        consistent = 0
        for checkpoint in checkpoints:
            first, second = checkpoint.body, latest.body
            if first.size > second.size:
                self.report(
                    FAILED, "consistency", f"{checkpoint.label}: the log shrank from {first.size} to {second.size}"
                )
                continue
            try:
                proof = self.source.consistency_proof(first.size, second.size) if first.size < second.size else []
            except SourceError as exc:
                self.report(UNKNOWN, "consistency", f"{first.size} → {second.size}: no proof: {exc}")
                continue
            if merkle.verify_consistency(first.size, second.size, first.root_hash, second.root_hash, proof):
                consistent += 1
            else:
                self.report(FAILED, "consistency", f"{checkpoint.label}: the proof {first.size} → {second.size} fails")
        self.report(
            OK, "consistency", f"{consistent} checkpoints proved consistent with the latest ({latest.body.size})"
        )

    def _sample_indexes(self, size: int) -> set[int]:
        if size == 0:
            return set()
        picks = random.sample(range(size), min(size, self.inclusion_sample))
        return {0, size - 1, *picks}

    def _check_inclusion(self, latest: SignedCheckpoint) -> None:
        size, included = latest.body.size, 0
        for index, digest in sorted(self._sample_hashes.items()):
            try:
                proof = self.source.inclusion_proof(index, size)
            except SourceError as exc:
                self.report(UNKNOWN, "inclusion", f"entry {index}: no proof: {exc}")
                continue
            if merkle.verify_inclusion(digest, index, size, proof, latest.body.root_hash):
                included += 1
            else:
                self.report(FAILED, "inclusion", f"entry {index}: the inclusion proof in tree {size} fails")
        if included:
            self.report(OK, "inclusion", f"{included} sampled entries proved included in the latest checkpoint")

    def _summary(self, latest: SignedCheckpoint) -> None:
        if self.source.checks_subjects:
            kinds = ", ".join(sorted(SUBJECT_CHECKS)) or "none registered"
            self.report(
                NOTE, "subject", f"{self._counts['ok:subject']} entries matched their records (checks: {kinds})"
            )
        formats = ", ".join(f"{self._counts[f'format:{v}']} in format {v}" for v in LEAF_VERSIONS)
        self.report(NOTE, "formats", f"leaf formats: {formats} (1: sorted-key JSON, 2: JCS, RFC 8785)")
        hidden = sum(max(0, n - MAX_LINES_PER_CHECK) for key, n in self._counts.items() if key.startswith(FAILED))
        if hidden:
            self.report(NOTE, "summary", f"{hidden} further failures not listed")
        verdict = "the log is consistent" if not self.failed else f"{self.failed} divergences found"
        self.report(NOTE, "summary", f"{self.source.label}: {latest.body.size} entries signed; {verdict}")


def _span(sizes: list[int]) -> str:
    return f"{sizes[0]}…{sizes[-1]}" if len(sizes) > 1 else str(sizes[0])


def _b64(value: bytes) -> str:
    return base64.b64encode(value).decode()

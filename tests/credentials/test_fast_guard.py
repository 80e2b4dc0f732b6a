"""Issuing re-checks a sample against the full path and fails the whole batch on any difference; verifying
a credential of the known shape needs no worker process.

The divergence here is planted on purpose: the fast path is made to answer one extra statement, as a bug
in it would. The signature and the immediate re-verification both use the same (wrong) path and pass;
only the re-check against pyld can catch it, and it must stop the batch with nothing issued.
"""

from __future__ import annotations

from typing import Any

import pytest

from skillcert.certificates import services as certificates
from skillcert.certificates.models import Certificate
from skillcert.credentials import canonical
from skillcert.credentials import services as credentials
from skillcert.credentials.loader import DEFAULT_LOADER
from skillcert.credentials.models import IssuedCredential
from skillcert.credentials.services import CanonicalisationMismatch, issue_credential, issue_credentials
from skillcert.verification.report import OK
from skillcert.verification.sources import LiveSource
from skillcert.verification.verifier import verify
from tests.factories import IssueSpecFactory
from tests.factories.credentials import make_facts

pytestmark = pytest.mark.django_db
DRIFT = '<urn:skillcert:drift> <urn:skillcert:drift> "a bug in the fast path" .\n'


def plant_divergence(monkeypatch: Any, on: Any = lambda document: True) -> None:
    """Make the fast path answer one statement too many for the credential documents ``on`` selects."""
    real = canonical.fast_nquads

    def diverging(document: Any, loader: Any = DEFAULT_LOADER) -> str | None:
        answer = real(document, loader)
        if answer is not None and "credentialSubject" in document and on(document):
            return answer + DRIFT
        return answer

    monkeypatch.setattr(canonical, "fast_nquads", diverging)


def count_full_path(monkeypatch: Any) -> list[Any]:
    calls: list[Any] = []
    real = canonical.full_nquads

    def counting(document: Any, loader: Any = DEFAULT_LOADER) -> str:
        calls.append(document)
        return real(document, loader)

    monkeypatch.setattr(canonical, "full_nquads", counting)
    return calls


def specs(holder: Any, institution: Any, count: int) -> list[Any]:
    """``count`` certificates for one holder in one batch (levels 3, 4 and 5, which the institution may issue)."""
    return [
        IssueSpecFactory(holder=holder, level=3 + n % 3, institution=institution, batch_id=f"b-guard-{n}")
        for n in range(count)
    ]


def test_a_divergent_fast_path_stops_a_single_issue(signing_key, monkeypatch):
    plant_divergence(monkeypatch)
    with pytest.raises(CanonicalisationMismatch, match="document differs from the full path"):
        issue_credential(make_facts())


def test_a_divergent_fast_path_fails_the_whole_batch(signing_key, holder, institution, operator, monkeypatch):
    """Nothing of the batch stays: no certificate, no stored credential."""
    before = (Certificate.objects.count(), IssuedCredential.objects.count())
    plant_divergence(monkeypatch)
    with pytest.raises(CanonicalisationMismatch):
        certificates.issue_certificates(specs=specs(holder, institution, 4), actor=operator)
    assert (Certificate.objects.count(), IssuedCredential.objects.count()) == before


def test_a_divergence_later_in_a_batch_is_caught_when_that_credential_is_sampled(signing_key, monkeypatch):
    plant_divergence(monkeypatch, on=lambda document: document["credentialSubject"]["licenseNumber"] == "N3")
    batch = [make_facts(certificate_number=f"N{n}") for n in range(5)]
    monkeypatch.setattr(credentials.secrets, "randbelow", lambda _limit: 0)  # every draw samples
    with pytest.raises(CanonicalisationMismatch, match="credential 4 of the batch"):
        issue_credentials(batch)


def test_the_first_of_each_batch_is_always_rechecked_and_the_rest_one_in_500(signing_key, monkeypatch):
    calls = count_full_path(monkeypatch)
    draws: list[int] = []
    monkeypatch.setattr(credentials.secrets, "randbelow", lambda limit: draws.append(limit) or 1)  # never sampled
    issued = issue_credentials([make_facts(certificate_number=f"N{n}") for n in range(6)])
    assert len(issued) == 6
    assert len(calls) == 2  # the first credential's document and proof configuration, nothing else
    assert calls[0]["credentialSubject"]["licenseNumber"] == "N0" and calls[1]["type"] == "DataIntegrityProof"
    assert draws == [credentials.GUARD_SAMPLE] * 5 and credentials.GUARD_SAMPLE == 500


def test_without_divergence_a_batch_issues_normally_and_verifies(signing_key, holder, institution, operator):
    from skillcert.credentials.selectors import resolve_own_key
    from skillcert.credentials.signing import verify_proof

    issued = certificates.issue_certificates(specs=specs(holder, institution, 3), actor=operator)
    stored = IssuedCredential.objects.filter(subject_id__in=[c.public_id for c in issued])
    assert len(stored) == 3
    assert all(verify_proof(row.document, resolve_key=resolve_own_key).ok for row in stored)


def test_verifying_a_credential_of_the_known_shape_needs_no_worker(signing_key, monkeypatch):
    """Not a stored copy (so not the stored-copy shortcut), yet of the known shape: canonicalised in process."""
    from skillcert.verification import bounded

    def no_worker(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("a credential of the known shape went to the bounded worker")

    monkeypatch.setattr(bounded.POOL, "canonicalise", no_worker)
    report = verify(issue_credential(make_facts()), LiveSource())
    assert (report.check("signature").status, report.check("signature").code) == (OK, "ok")


def test_a_near_miss_credential_still_goes_to_the_bounded_worker(signing_key, monkeypatch):
    from skillcert.verification import bounded

    sent: list[Any] = []

    def refusing_worker(document: Any, seconds: float) -> Any:
        sent.append(document)
        return bounded.Answer(0.0, error=canonical.CanonicalisationError("undefined_term", "unexpected"))

    monkeypatch.setattr(bounded.POOL, "canonicalise", refusing_worker)
    credential = issue_credential(make_facts())
    credential["unexpected"] = "an unsigned claim"
    report = verify(credential, LiveSource())
    assert report.check("signature").code == "undefined_term"
    assert sent and sent[0]["unexpected"] == "an unsigned claim"

"""A big batch is signed in several processes and gets exactly what one process would give it.

Ed25519 signatures are deterministic and a batch's credentials share one ``created`` time, so the
credentials signed in forked processes must be byte-identical to those signed in the calling process.
A failure in any process (a credential that does not verify, a child that dies) fails the whole batch.
"""

from __future__ import annotations

import datetime as dt
import os
from concurrent.futures.process import BrokenProcessPool
from typing import Any

import pytest

from skillcert.credentials import parallel, selectors
from skillcert.credentials import services as credentials
from skillcert.credentials.services import CredentialSigningError, sign_batch
from tests.factories.credentials import make_facts

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 7, 1, 8, 30, tzinfo=dt.UTC)


@pytest.fixture
def fixed_clock(monkeypatch: Any) -> None:
    monkeypatch.setattr(credentials.timezone, "now", lambda: NOW)


@pytest.fixture
def small_pool(monkeypatch: Any, settings: Any) -> None:
    """Batches of 4 or more are signed by 3 processes."""
    monkeypatch.setattr(parallel, "PARALLEL_FROM", 4)
    monkeypatch.setattr(parallel, "SLICE_MIN", 1)
    settings.SIGNING_PROCESSES = 3


def batch(count: int) -> list[Any]:
    return [make_facts(certificate_number=f"S0000510000012640{n:05d}", holder_name=f"张{n}") for n in range(count)]


def test_a_batch_signed_in_three_processes_is_byte_identical_to_one_signed_in_one(
    signing_key, fixed_clock, small_pool, monkeypatch
):
    facts = batch(10)
    forks: list[int] = []
    real = parallel.map_slices
    monkeypatch.setattr(parallel, "map_slices", lambda *a: forks.append(a[2]) or real(*a))
    in_parallel = sign_batch(facts, key=signing_key)
    monkeypatch.setattr(parallel, "PARALLEL_FROM", 1000)
    in_one = sign_batch(facts, key=signing_key)
    assert forks == [3]
    assert [c.document for c in in_parallel] == [c.document for c in in_one]
    assert [c.sha256 for c in in_parallel] == [selectors.credential_sha256(c.document) for c in in_one]
    numbers = [c.document["credentialSubject"]["licenseNumber"] for c in in_parallel]
    assert numbers == [f.certificate_number for f in facts]  # in order, none lost or repeated


def test_a_credential_failing_its_check_in_a_child_fails_the_whole_batch(signing_key, small_pool, monkeypatch):
    monkeypatch.setattr(selectors, "resolve_own_key", lambda _method: None)  # inherited by the forked children
    with pytest.raises(CredentialSigningError, match="failed verification"):
        sign_batch(batch(8), key=signing_key)


def test_a_child_that_dies_fails_the_whole_batch(signing_key, small_pool, monkeypatch):
    real = credentials._signed_and_checked

    def dies_on_the_sixth(facts: Any, index: int, *rest: Any) -> Any:
        if index == 5:
            os._exit(9)  # as a killed process would: no exception, no result
        return real(facts, index, *rest)

    monkeypatch.setattr(credentials, "_signed_and_checked", dies_on_the_sixth)
    with pytest.raises(BrokenProcessPool):
        sign_batch(batch(8), key=signing_key)


@pytest.mark.parametrize(("count", "configured", "expected"), [(999, 0, 1), (1000, 2, 2), (1000, 8, 4), (5000, 1, 1)])
def test_how_many_processes_sign(settings, count, configured, expected):
    settings.SIGNING_PROCESSES = configured
    cores = len(os.sched_getaffinity(0))
    assert parallel.processes_for(count) == (min(expected, cores) if configured == 0 else expected)


def test_slices_cover_the_batch_once_in_order():
    assert parallel._slices(10, 3) == [(0, 4), (4, 7), (7, 10)]
    assert parallel._slices(2, 2) == [(0, 1), (1, 2)]

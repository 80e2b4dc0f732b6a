"""Big batches signed on every core: a pool of forked processes, each signing a slice of the batch.

Signing is pure computation once the facts are known (compose, canonicalise, Ed25519, verify as
stored): no database, no file but the key the parent already opened. So the parent keeps all the
state changes (numbering, status entries, storing, the log, the statistics) in its one transaction,
and only the signing is spread out. The pool is *forked*: every child starts as an exact copy of the
parent at the moment of the batch, settings, loaded key and contexts included, and reads its slice
from that copy, so nothing but the finished credentials (JSON text) crosses a pipe. The children never
touch the parent's database connection and leave with ``os._exit`` (as pool workers do), so the
connection is never closed or used under the parent.

A child that fails (a credential that does not verify, a canonicalisation mismatch) raises in the
parent, and a child that dies raises ``BrokenProcessPool``: either way the caller's transaction rolls
back and nothing of the batch is issued; the batch can be retried.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import Any, TypeVar

from django.conf import settings

PARALLEL_FROM = 1000
"""Batches smaller than this are signed in the calling process: forking costs more than it saves."""
SLICE_MIN = 250
"""Each process gets at least this many credentials."""

T = TypeVar("T")
_WORK: tuple[Callable[[int, int], Sequence[Any]], ...] = ()
"""The batch being signed, set just before the pool forks: the children inherit it instead of receiving it."""


def processes_for(count: int) -> int:
    """How many processes should sign ``count`` credentials: 1 below :data:`PARALLEL_FROM` or where forking is not
    possible (not on Linux/macOS fork, inside a daemonic process), else the configured number (0 = usable cores)."""
    if count < PARALLEL_FROM or "fork" not in multiprocessing.get_all_start_methods():
        return 1
    if multiprocessing.current_process().daemon:  # a daemonic worker may not start children
        return 1
    wanted = settings.SIGNING_PROCESSES or len(os.sched_getaffinity(0) if hasattr(os, "sched_getaffinity") else [1])
    return max(1, min(wanted, count // SLICE_MIN))


def map_slices(work: Callable[[int, int], Sequence[T]], count: int, processes: int) -> list[T]:
    """Run ``work(start, stop)`` over ``count`` items in ``processes`` forked processes; results in order.

    ``work`` is called in the children exactly as it was defined in the parent (with the parent's data,
    inherited through the fork), so it may be a closure; only its results travel back.
    """
    global _WORK
    bounds = _slices(count, processes)
    _WORK = (work,)
    try:
        with ProcessPoolExecutor(max_workers=processes, mp_context=multiprocessing.get_context("fork")) as pool:
            parts = list(pool.map(_run_slice, bounds))
    finally:
        _WORK = ()
    return [item for part in parts for item in part]


def _slices(count: int, processes: int) -> list[tuple[int, int]]:
    size, extra = divmod(count, processes)
    bounds, start = [], 0
    for index in range(processes):
        stop = start + size + (1 if index < extra else 0)
        bounds.append((start, stop))
        start = stop
    return bounds


def _run_slice(bounds: tuple[int, int]) -> Sequence[Any]:
    (work,) = _WORK
    return work(*bounds)

"""Canonicalise foreign documents within a time and memory budget, in pre-started worker processes.

A document that is not this registry's own stored credential is canonicalised in a
child process (:mod:`.canonworker`) that has pyld and the shipped contexts loaded and
warm, and an address-space limit (``RLIMIT_AS``: its size after start-up, about 120 MiB,
plus ``VERIFY_MEMORY_LIMIT_MB``). Each
verification gets a :class:`Budget` of ``VERIFY_TIME_LIMIT_MS`` of canonicalisation
time in all; a worker still busy when it runs out is killed (SIGKILL) and replaced,
and the check that needed it is *unknown — too complex*: never valid, never called
forged. A worker that runs out of memory exits, with the same answer.

Workers live as long as the server process and serve one document at a time; each
process keeps at most ``VERIFY_WORKERS`` of them. The first foreign document a
process sees starts one (its start-up is bounded separately, :data:`START_TIMEOUT`,
and is no cost an attacker controls); a replacement for a killed worker starts at
once, so it is warm for the next request. The request itself costs a pipe round trip.
"""

from __future__ import annotations

import atexit
import json
import os
import select
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from typing import Any

from django.conf import settings

from skillcert.credentials.canonical import CanonicalisationError, delegated
from skillcert.verification import messages
from skillcert.verification.canonworker import HEADER, READY

WORKER_MODULE = "skillcert.verification.canonworker"
START_TIMEOUT = 30.0  # seconds a new worker may take to import pyld and warm its contexts
DEFAULT_TIME_LIMIT_MS = 3000
DEFAULT_MEMORY_LIMIT_MB = 256
DEFAULT_WORKERS = 2


def time_limit() -> float:
    """Seconds of canonicalisation one verification may use (``VERIFY_TIME_LIMIT_MS``)."""
    return max(int(getattr(settings, "VERIFY_TIME_LIMIT_MS", DEFAULT_TIME_LIMIT_MS)), 1) / 1000


def memory_limit() -> int:
    """MiB of address space a worker may add to its size after start-up (``VERIFY_MEMORY_LIMIT_MB``)."""
    return max(int(getattr(settings, "VERIFY_MEMORY_LIMIT_MB", DEFAULT_MEMORY_LIMIT_MB)), 1)


def worker_count() -> int:
    """How many workers one server process keeps at most (``VERIFY_WORKERS``)."""
    return max(int(getattr(settings, "VERIFY_WORKERS", DEFAULT_WORKERS)), 1)


class TimedOut(Exception):
    """The worker did not answer before the deadline."""


class WorkerGone(Exception):
    """The worker exited (out of memory) or could not be started."""


def too_complex(reason: str) -> CanonicalisationError:
    """The refusal a budget gives: ``reason`` is ``time``, ``memory`` or ``unavailable``."""
    return CanonicalisationError("too_complex", reason, str(messages.TOO_COMPLEX_TO_CANONICALISE))


class Worker:
    """One child process and its pipes; every read and write has a deadline."""

    def __init__(self, memory_mb: int) -> None:
        self.memory_mb = memory_mb
        self.ready = False
        self.process = subprocess.Popen(  # noqa: S603  (our own interpreter and module, no shell)
            [sys.executable, "-m", WORKER_MODULE, str(memory_mb)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            close_fds=True,
            bufsize=0,
        )
        assert self.process.stdin is not None and self.process.stdout is not None
        self.to_child = self.process.stdin.fileno()
        self.from_child = self.process.stdout.fileno()
        os.set_blocking(self.to_child, False)

    def _wait(self, fd: int, event: int, deadline: float) -> None:
        remaining = deadline - time.monotonic()
        poller = select.poll()
        poller.register(fd, event)
        if remaining <= 0 or not poller.poll(remaining * 1000):
            raise TimedOut

    def _read(self, size: int, deadline: float) -> bytes:
        chunks: list[bytes] = []
        missing = size
        while missing:
            self._wait(self.from_child, select.POLLIN, deadline)
            chunk = os.read(self.from_child, min(missing, 1 << 20))
            if not chunk:
                raise WorkerGone
            chunks.append(chunk)
            missing -= len(chunk)
        return b"".join(chunks)

    def _write(self, data: bytes, deadline: float) -> None:
        view = memoryview(data)
        while view:
            self._wait(self.to_child, select.POLLOUT, deadline)
            try:
                written = os.write(self.to_child, view)
            except BlockingIOError:
                continue
            except OSError as exc:  # a broken pipe: the worker is gone
                raise WorkerGone from exc
            view = view[written:]

    def start_up(self) -> None:
        """Wait until a new worker has warmed up (at most :data:`START_TIMEOUT`); raises :class:`WorkerGone`."""
        if self.ready:
            return
        try:
            if self._read(1, time.monotonic() + START_TIMEOUT) != READY:
                raise WorkerGone
        except TimedOut as exc:
            raise WorkerGone from exc
        self.ready = True

    def ask(self, payload: bytes, deadline: float) -> dict[str, Any]:
        """Send one document and read the answer; raises :class:`TimedOut` or :class:`WorkerGone`."""
        self.start_up()
        self._write(HEADER.pack(len(payload)) + payload, deadline)
        size = HEADER.unpack(self._read(HEADER.size, deadline))[0]
        reply = json.loads(self._read(size, deadline))
        if not isinstance(reply, dict):
            raise WorkerGone
        return reply

    def alive(self) -> bool:
        return self.process.poll() is None

    def stop(self) -> None:
        """Kill the worker (it may be in the middle of a canonicalisation) and reap it."""
        with suppress(OSError):
            self.process.kill()
        with suppress(subprocess.TimeoutExpired):
            self.process.wait(timeout=5)
        for pipe in (self.process.stdin, self.process.stdout):
            if pipe is not None:
                with suppress(OSError):
                    pipe.close()


@dataclass(frozen=True)
class Answer:
    """A worker's answer: the N-Quads or the refusal, and the seconds it cost the budget."""

    cost: float
    nquads: str | None = None
    error: CanonicalisationError | None = None


class Pool:
    """This process's workers: idle ones are reused, at most :func:`worker_count` are busy at once."""

    def __init__(self) -> None:
        self._idle: list[Worker] = []
        self._busy = 0
        self._freed = threading.Condition()

    def _take(self, memory_mb: int, deadline: float) -> Worker:
        with self._freed:
            while self._busy >= worker_count():
                if not self._freed.wait(max(deadline - time.monotonic(), 0)):
                    raise TimedOut
            self._busy += 1
            stale = []
            worker = None
            while self._idle and worker is None:
                candidate = self._idle.pop()
                if candidate.alive() and candidate.memory_mb == memory_mb:
                    worker = candidate
                else:
                    stale.append(candidate)
        for old in stale:
            old.stop()
        if worker is not None:
            return worker
        try:
            return Worker(memory_mb)
        except OSError as exc:
            self._release(None, keep=False)
            raise WorkerGone from exc

    def _release(self, worker: Worker | None, *, keep: bool) -> None:
        with self._freed:
            self._busy -= 1
            if keep and worker is not None:
                self._idle.append(worker)
            self._freed.notify()
        if worker is not None and not keep:
            worker.stop()
            self._start_spare(worker.memory_mb)

    def _start_spare(self, memory_mb: int) -> None:
        """Start a replacement now, so it has warmed up by the next request."""
        try:
            spare = Worker(memory_mb)
        except OSError:
            return
        with self._freed:
            self._idle.append(spare)

    def canonicalise(self, document: dict[str, Any], seconds: float) -> Answer:
        """Canonicalise ``document`` in a worker within ``seconds`` (waiting for a free worker included)."""
        payload = json.dumps(document, ensure_ascii=False).encode("utf-8")
        started = time.monotonic()
        try:
            worker = self._take(memory_limit(), started + seconds)
        except TimedOut:
            return Answer(seconds, error=too_complex("time"))
        except WorkerGone:
            return Answer(time.monotonic() - started, error=too_complex("unavailable"))
        keep = False
        try:
            worker.start_up()  # a new worker's start-up is bounded on its own and not charged
            answer = self._ask(worker, payload, seconds - (time.monotonic() - started))
            keep = answer.error is None or answer.error.code != "too_complex"
        except WorkerGone:
            answer = Answer(time.monotonic() - started, error=too_complex("unavailable"))
        finally:
            self._release(worker, keep=keep)
        return answer

    @staticmethod
    def _ask(worker: Worker, payload: bytes, seconds: float) -> Answer:
        begun = time.monotonic()
        try:
            reply = worker.ask(payload, begun + seconds)
        except TimedOut:
            return Answer(seconds, error=too_complex("time"))
        except (WorkerGone, OSError, ValueError):
            return Answer(time.monotonic() - begun, error=too_complex("memory"))
        cost = time.monotonic() - begun
        if isinstance(reply.get("nquads"), str):
            return Answer(cost, nquads=str(reply["nquads"]))
        error = CanonicalisationError(str(reply.get("error", "invalid_jsonld")), str(reply.get("detail", "")))
        return Answer(cost, error=error)

    def stop_all(self) -> None:
        with self._freed:
            idle, self._idle = self._idle, []
        for worker in idle:
            worker.stop()


POOL = Pool()
atexit.register(POOL.stop_all)


@dataclass
class Budget:
    """The canonicalisation time one verification may still use; once over, every later request is refused."""

    remaining: float
    exceeded: str | None = None

    @classmethod
    def start(cls) -> Budget:
        return cls(time_limit())

    def canonicalise(self, document: dict[str, Any]) -> str:
        """The delegate :func:`~skillcert.credentials.canonical.canonical_nquads` calls inside :meth:`applied`."""
        if self.exceeded is not None:
            raise too_complex(self.exceeded)
        answer = POOL.canonicalise(document, self.remaining)
        self.remaining = max(self.remaining - answer.cost, 0.0)
        if answer.error is not None:
            if answer.error.code == "too_complex":
                self.exceeded = answer.error.detail
            raise answer.error
        return str(answer.nquads)

    @contextmanager
    def applied(self) -> Iterator[Budget]:
        """Within this block, canonicalisation with the shipped contexts goes to a bounded worker."""
        with delegated(self.canonicalise):
            yield self

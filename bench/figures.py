"""A measured figure with its target; ratio > 1 means better than the target."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass


@dataclass
class Figure:
    name: str
    value: float
    unit: str
    target: float | None = None
    higher_is_better: bool = True

    def line(self) -> str:
        ratio = ""
        if self.target:
            ratio = f"{(self.value / self.target if self.higher_is_better else self.target / self.value):.2f}x"
        target = f"{self.target:g}" if self.target else "-"
        return f"{self.name:<52} {self.value:>14.2f} {self.unit:<10} {target:>10} {ratio:>8}"


def per_second(fn: Callable[[], object], repeat: int) -> float:
    """Call ``fn`` ``repeat`` times and return calls per second."""
    start = time.perf_counter()
    for _ in range(repeat):
        fn()
    return repeat / (time.perf_counter() - start)

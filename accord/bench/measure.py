"""Timing: repeated runs, bounded in time, with the median and the 95th percentile."""

import statistics
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass
class Timing:
    """Seconds per run of one operation."""

    samples: list[float] = field(default_factory=list)

    @property
    def median(self) -> float:
        return statistics.median(self.samples)

    @property
    def p95(self) -> float:
        ordered = sorted(self.samples)
        return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


@dataclass
class Result:
    """One line of the table: the operation, its timing, its floor and their ratio."""

    name: str
    unit: str  # "ms" for a median time, "votes/s" for throughput
    value: float  # the median (ms), or the throughput
    p95: float | None
    floor_name: str
    floor: float
    floor_p95: float | None
    target: str
    met: bool | None  # None: measured for the record, with no target
    runs: int
    notes: list[str] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def ratio(self) -> float:
        return self.value / self.floor if self.floor else float("inf")

    def as_dict(self) -> dict[str, Any]:
        return {**asdict(self), "ratio": round(self.ratio, 3)}


def interleaved(
    runs: dict[str, Callable[[], object]], *, seconds: float, at_most: int, warm_up: int = 3
) -> dict[str, Timing]:
    """Time each callable in turn, round after round, until ``seconds`` have passed or each
    has run ``at_most`` times: alternating keeps the machine's state the same for all."""
    for _ in range(warm_up):
        for run in runs.values():
            run()
    timings = {name: Timing() for name in runs}
    deadline = time.perf_counter() + seconds
    for _ in range(at_most):
        for name, run in runs.items():
            started = time.perf_counter()
            run()
            timings[name].samples.append(time.perf_counter() - started)
        if time.perf_counter() > deadline:
            break
    return timings

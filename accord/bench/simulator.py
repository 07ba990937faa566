"""The rule simulator replaying every split vote of the country under three constitutions,
against a plain loop that only counts the votes of the same rounds.

Both start from the same cases in memory (loaded from the database once, as the simulator
page loads them, and timed apart); the simulator also decides which rule applies in which
round, follows each constitution's route and explains its outcome in words.
"""

import time
from collections.abc import Sequence

from accord.decisions.selectors import simulator_cases
from accord.partnerships.models import Partnership
from accord.rules import Case, Constitution, parse_rule, simulate

from .measure import Result, interleaved

# The three candidates of the Oxfordshire report of 11 December 2009 (seed 000).
CONSTITUTIONS = (
    Constitution(
        name="Memorandum of Understanding",
        rule=parse_rule({"kind": "unanimity"}),
        route=("compromise", "escalate", "call_in"),
        call_in_days=10,
    ),
    Constitution(
        name="Officers' recommendation (unanimity, majority at a second meeting)",
        rule=parse_rule({"kind": "unanimity"}),
        fallback_rule=parse_rule({"kind": "majority", "base": "all", "threshold": "1/2"}),
        route=("compromise", "escalate", "second_meeting", "call_in"),
        call_in_days=10,
    ),
    Constitution(
        name="Two-thirds majority of all partners",
        rule=parse_rule({"kind": "majority", "base": "all", "threshold": "2/3"}),
        route=("call_in",),
        call_in_days=10,
    ),
)


def count_only(constitutions: Sequence[Constitution], cases: Sequence[Case]) -> int:
    """The floor: for each constitution, case and round, count the votes for and compare
    them with all the units (unanimity) or half of them; nothing else."""
    carried = 0
    for constitution in constitutions:
        unanimity = constitution.rule.kind == "unanimity"
        for case in cases:
            units = len(case.units)
            for round_ in case.rounds:
                votes_for = sum(1 for value in round_.votes.values() if value == "for")
                if (votes_for == units) if unanimity else (votes_for * 2 > units):
                    carried += 1
                    break
    return carried


def load_cases() -> list[Case]:
    cases: list[Case] = []
    for partnership in Partnership.objects.order_by("pk"):
        cases += simulator_cases(partnership)
    return cases


def simulator_benchmark(*, seconds: float) -> Result:
    started = time.perf_counter()
    cases = load_cases()
    loading = time.perf_counter() - started
    rounds = sum(len(c.rounds) for c in cases)
    timings = interleaved(
        {
            "simulator": lambda: simulate(CONSTITUTIONS, cases),
            "count": lambda: count_only(CONSTITUTIONS, cases),
        },
        seconds=seconds,
        at_most=200,
        warm_up=1,
    )
    sim, count = timings["simulator"], timings["count"]
    ratio = sim.median / count.median
    return Result(
        name=f"Rule simulator: {len(cases):,} split votes ({rounds:,} rounds) x 3 constitutions",
        unit="ms",
        value=sim.median * 1000,
        p95=sim.p95 * 1000,
        floor_name="a loop that only counts the votes",
        floor=count.median * 1000,
        floor_p95=count.p95 * 1000,
        target="at most 3x the counting loop",
        met=ratio <= 3,
        runs=len(sim.samples),
        notes=[f"loading the cases from the database took {loading * 1000:.0f} ms (once)"],
        extra={"cases": len(cases), "rounds": rounds, "load_ms": round(loading * 1000, 1)},
    )

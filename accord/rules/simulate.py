"""Replaying cases under candidate constitutions: what each would have decided, and when.

The question before the Commissioning Body on 11 December 2009 (seed 000, paras 11-23)
was which rule to adopt. A constitution here is a decision rule, an optional fallback
rule for a second meeting, a conflict-resolution route and a call-in period; a case is
the rounds of voting one proposal went through. ``simulate`` judges round 1 by the
decision rule and every later round, a second meeting, by the fallback rule where there
is one. The first round carried decides the case. A case that never reached a second
meeting (11 July 2008: escalation, no change in positions, no second vote) is replayed
at an assumed second meeting with the same votes when the constitution has a fallback.

docs/rules.md describes the input format (``parse_simulation``) and the output.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from .evaluate import Outcome, Unit, evaluate, parse_rule_at, parse_units, parse_votes
from .rule import Rule, RuleError

STEPS = ("compromise", "escalate", "second_meeting", "call_in")
AFTER_STEPS = ("compromise", "escalate")
ASSUMED = "positions unchanged at a second meeting"
DECISION_RULE, FALLBACK_RULE = "decision rule", "fallback rule"
STEP_WORDS = {
    "compromise": "a compromise",
    "escalate": "escalation",
    "second_meeting": "second meeting",
    "call_in": "call-in",
}


@dataclass(frozen=True)
class Constitution:
    name: str
    rule: Rule
    fallback_rule: Rule | None = None
    route: tuple[str, ...] = ()
    call_in_days: int | None = None


@dataclass(frozen=True)
class Round:
    """One vote at a meeting; ``after``: the step taken next when it was not carried."""

    label: str
    votes: Mapping[str, str]
    after: str | None = None


@dataclass(frozen=True)
class Case:
    name: str
    units: tuple[Unit, ...]
    rounds: tuple[Round, ...]


@dataclass(frozen=True)
class Result:
    """What one constitution would have decided in one case."""

    constitution: str
    outcome: str  # carried or not_carried
    round_number: int  # 1-based; the deciding round, or the last one judged
    round_label: str
    rule_used: str  # "decision rule" or "fallback rule"
    rule_text: str
    route: tuple[str, ...]  # steps taken, in order, ending with call_in when it applies
    outside_route: tuple[str, ...]  # steps taken that this constitution's route lacks
    assumed: str | None  # set when the deciding round was not held but assumed
    evaluation: Outcome  # the judged round
    summary: str

    def cell(self) -> str:
        """The short outcome for a side-by-side table: 'carried, round 2 (fallback)'."""
        if self.outcome != "carried":
            return "not carried"
        notes = [
            "fallback" if self.rule_used == FALLBACK_RULE else "",
            "assumed" if self.assumed else "",
            "outside route" if self.outside_route else "",
        ]
        marks = ", ".join(filter(None, notes))
        return f"carried, round {self.round_number}" + (f" ({marks})" if marks else "")

    def to_json(self) -> dict[str, Any]:
        return {
            "constitution": self.constitution,
            "outcome": self.outcome,
            "round_number": self.round_number,
            "round_label": self.round_label,
            "rule_used": self.rule_used,
            "rule_text": self.rule_text,
            "route": list(self.route),
            "outside_route": list(self.outside_route),
            "assumed": self.assumed,
            "evaluation": self.evaluation.to_json(),
            "summary": self.summary,
        }


@dataclass(frozen=True)
class CaseResult:
    case: str
    results: tuple[Result, ...]  # one per constitution, in input order

    def to_json(self) -> dict[str, Any]:
        return {"case": self.case, "results": [result.to_json() for result in self.results]}


def meeting_words(number: int, assumed: bool) -> str:
    if assumed:
        return f"an assumed second meeting (round {number}, positions unchanged)"
    if number == 1:
        return "the first meeting (round 1)"
    if number == 2:
        return "the second meeting (round 2)"
    return f"a further meeting (round {number})"


def after_words(steps: Sequence[str]) -> str:
    taken = [STEP_WORDS[step] for step in dict.fromkeys(steps) if step in AFTER_STEPS]
    if not taken:
        return ""
    return " after " + (taken[0] if len(taken) == 1 else f"{', '.join(taken[:-1])} and {taken[-1]}")


def summarise(
    constitution: Constitution,
    *,
    carried: bool,
    number: int,
    rule_used: str,
    route: Sequence[str],
    outside: Sequence[str],
    assumed: bool,
    rounds: int,
) -> str:
    """One sentence for the side-by-side table."""
    after = after_words(route)
    outside_text = (
        f"; {', '.join(STEP_WORDS[step] for step in outside)} outside this constitution's route"
        if outside
        else ""
    )
    if carried:
        call_in = ""
        if "call_in" in route:
            days = constitution.call_in_days
            call_in = "; then call-in" + (f" ({days} days)" if days is not None else "")
        return (
            f"Carried at {meeting_words(number, assumed)} by the {rule_used}{after}"
            f"{call_in}{outside_text}."
        )
    if rule_used == FALLBACK_RULE:
        return (
            f"Not carried, even by the fallback rule at {meeting_words(number, assumed)}"
            f"{after}{outside_text}."
        )
    if rounds == 1:
        return (
            f"Not carried: positions unchanged{after}, and the constitution offers no way"
            f" to decide{outside_text}."
        )
    return (
        f"Not carried in any of {rounds} rounds under the decision rule{after}, and the "
        f"constitution offers no way to decide{outside_text}."
    )


def returns_after(step: str, route: Sequence[str], constitution: Constitution) -> bool:
    """A later meeting that follows a compromise or an escalation the constitution provides
    for is part of that step: the proposal "returns to a subsequent meeting" (domain,
    "Conflict resolution", steps 1 and 2), even where the route names no second meeting."""
    provided = {"compromise", "escalate"} & set(constitution.route)
    return step == "second_meeting" and any(taken in provided for taken in route)


def judge(constitution: Constitution, case: Case) -> Result:
    """The first carried round decides; see the module's docstring."""
    fallback = constitution.fallback_rule
    steps: list[str] = []
    judged: list[tuple[int, str, Round, str | None]] = [
        (number, "", held, None) for number, held in enumerate(case.rounds, start=1)
    ]
    if len(case.rounds) == 1 and fallback is not None:
        last = case.rounds[-1]
        judged.append((2, "Assumed second meeting", last, ASSUMED))
    for number, label, held, assumed in judged:
        if number > 1:
            previous = case.rounds[number - 2]
            if previous.after:
                steps.append(previous.after)
            steps.append("second_meeting")
        rule, rule_used = (
            (fallback, FALLBACK_RULE)
            if number > 1 and fallback
            else (constitution.rule, DECISION_RULE)
        )
        outcome = evaluate(rule, case.units, held.votes)
        last_judged = number == judged[-1][0]
        if outcome.carried or last_judged:
            route = list(steps)
            if not outcome.carried and held.after and assumed is None:
                route.append(held.after)  # taken after the last round, to no effect
            if outcome.carried and "call_in" in constitution.route:
                route.append("call_in")
            outside = [
                step
                for step in dict.fromkeys(route)
                if step not in constitution.route and not returns_after(step, route, constitution)
            ]
            summary = summarise(
                constitution,
                carried=outcome.carried,
                number=number,
                rule_used=rule_used,
                route=route,
                outside=outside,
                assumed=assumed is not None,
                rounds=len(case.rounds),
            )
            return Result(
                constitution=constitution.name,
                outcome="carried" if outcome.carried else "not_carried",
                round_number=number,
                round_label=label or held.label,
                rule_used=rule_used,
                rule_text=rule.describe(),
                route=tuple(route),
                outside_route=tuple(outside),
                assumed=assumed,
                evaluation=outcome,
                summary=summary,
            )
    raise RuleError("rounds", "a case needs at least one round")


def simulate(constitutions: Sequence[Constitution], cases: Sequence[Case]) -> list[CaseResult]:
    """Each case under each constitution, constitutions in input order."""
    return [
        CaseResult(case.name, tuple(judge(constitution, case) for constitution in constitutions))
        for case in cases
    ]


def table(results: Sequence[CaseResult]) -> str:
    """A plain-text side-by-side table: cases as rows, constitutions as columns."""
    if not results:
        return ""
    header = ["Case", *(result.constitution for result in results[0].results)]
    rows = [[case.case, *(result.cell() for result in case.results)] for case in results]
    widths = [max(len(row[column]) for row in [header, *rows]) for column in range(len(header))]

    def line(cells: Sequence[str]) -> str:
        padded = (cell.ljust(width) for cell, width in zip(cells, widths, strict=True))
        return " | ".join(padded).rstrip()

    rule = "-+-".join("-" * width for width in widths)
    return "\n".join([line(header), rule, *(line(row) for row in rows)]) + "\n"


# ---------------------------------------------------------------- the input format

SIMULATION_KEYS = {"constitutions", "cases"}
CONSTITUTION_KEYS = {"name", "rule", "fallback_rule", "route", "call_in_days"}
CASE_KEYS = {"name", "units", "rounds"}
ROUND_KEYS = {"label", "votes", "after"}


def check_keys(field: str, data: Any, keys: set[str], what: str, required: Sequence[str]) -> None:
    """An object with no unknown keys and every required one; ``field`` "" is the top level."""
    if not isinstance(data, dict):
        raise RuleError(field or "input", f"must be an object with {', '.join(required)}")
    unknown = sorted(set(data) - keys)
    if unknown:
        raise RuleError(".".join(filter(None, [field, unknown[0]])), f"is not part of {what}")
    for key in required:
        if key not in data:
            raise RuleError(".".join(filter(None, [field, key])), "is missing")


def parse_name(field: str, value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise RuleError(field, "must be a non-empty string")
    return value


def parse_list(field: str, value: Any, what: str) -> list[Any]:
    if not isinstance(value, list) or not value:
        raise RuleError(field, f"must be a list of at least one {what}")
    return value


def parse_constitution(field: str, data: Any) -> Constitution:
    check_keys(field, data, CONSTITUTION_KEYS, "a constitution", ("name", "rule"))
    route = data.get("route") or []
    if not isinstance(route, list):
        raise RuleError(f"{field}.route", f"must be a list of steps: {', '.join(STEPS)}")
    for index, step in enumerate(route):
        if step not in STEPS:
            raise RuleError(f"{field}.route[{index}]", f"{step!r} is not one of {', '.join(STEPS)}")
    days = data.get("call_in_days")
    if days is not None and (isinstance(days, bool) or not isinstance(days, int) or days < 0):
        raise RuleError(f"{field}.call_in_days", "must be a whole number of days, 0 or more")
    fallback = data.get("fallback_rule")
    return Constitution(
        name=parse_name(f"{field}.name", data["name"]),
        rule=parse_rule_at(f"{field}.rule", data["rule"]),
        fallback_rule=None
        if fallback is None
        else parse_rule_at(f"{field}.fallback_rule", fallback),
        route=tuple(route),
        call_in_days=days,
    )


def parse_case(field: str, data: Any) -> Case:
    check_keys(field, data, CASE_KEYS, "a case", ("name", "units", "rounds"))
    name = parse_name(f"{field}.name", data["name"])
    units = parse_units(data["units"], f"{field}.units")
    rounds: list[Round] = []
    for index, item in enumerate(parse_list(f"{field}.rounds", data["rounds"], "round")):
        at = f"{field}.rounds[{index}]"
        check_keys(at, item, ROUND_KEYS, "a round", ("votes",))
        label = item.get("label")
        label = f"Round {index + 1}" if label is None else parse_name(f"{at}.label", label)
        after = item.get("after")
        if after is not None and after not in AFTER_STEPS:
            raise RuleError(f"{at}.after", f"{after!r} is not one of {', '.join(AFTER_STEPS)}")
        votes = parse_votes(item["votes"], units, f"{at}.votes")
        rounds.append(Round(label=label, votes=votes, after=after))
    return Case(name=name, units=tuple(units), rounds=tuple(rounds))


def parse_simulation(data: Any) -> tuple[list[Constitution], list[Case]]:
    """The input of ``accord rules simulate``: candidate constitutions and cases."""
    check_keys("", data, SIMULATION_KEYS, "the input", ("constitutions", "cases"))
    constitutions = [
        parse_constitution(f"constitutions[{index}]", item)
        for index, item in enumerate(
            parse_list("constitutions", data["constitutions"], "constitution")
        )
    ]
    cases = [
        parse_case(f"cases[{index}]", item)
        for index, item in enumerate(parse_list("cases", data["cases"], "case"))
    ]
    return constitutions, cases

"""Evaluating a decision rule: the votes of weighted units, counted against the rule.

Each unit (a partner on the Commissioning Body, a member of a cabinet) votes ``for``,
``against`` or ``abstain``, or is absent (no vote recorded). Counts are weighted (weight
1 by default; 0 allowed) and exact. The quorum is checked first; a rule whose base is
empty never carries. Each kind of rule is one function in ``JUDGES``.

The input format shared by ``accord rules evaluate`` and the web is parsed by
``parse_evaluation``; docs/rules.md describes it and every output field.
"""

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from fractions import Fraction
from typing import Any, NamedTuple

from .rule import Rule, RuleError, parse_fraction, parse_rule

VOTES = ("for", "against", "abstain")
ABSENT = "absent"
CARRIED, NOT_CARRIED, INQUORATE = "carried", "not_carried", "inquorate"
# Blocking units are named when there are this many or fewer; beyond it, only counted.
NAMED_AT_MOST = 3


@dataclass(frozen=True)
class Unit:
    """A voting unit: its id and the weight of its vote (whole or fractional, never negative)."""

    id: str
    weight: Fraction = Fraction(1)

    def __post_init__(self) -> None:
        object.__setattr__(self, "weight", Fraction(self.weight))
        if self.weight < 0:
            raise RuleError("weight", "cannot be negative")


@dataclass(frozen=True)
class Tally:
    """Weighted counts: the votes, the absent, the base the rule measures against, the total."""

    for_: Fraction
    against: Fraction
    abstain: Fraction
    absent: Fraction
    base: Fraction
    all_units: Fraction

    @property
    def present(self) -> Fraction:
        return self.for_ + self.against + self.abstain


@dataclass(frozen=True)
class Outcome:
    outcome: str  # carried, not_carried or inquorate
    tally: Tally
    required: str
    reason: str

    @property
    def carried(self) -> bool:
        return self.outcome == CARRIED

    def to_json(self) -> dict[str, Any]:
        tally = self.tally
        return {
            "outcome": self.outcome,
            "for": json_number(tally.for_),
            "against": json_number(tally.against),
            "abstain": json_number(tally.abstain),
            "absent": json_number(tally.absent),
            "base": json_number(tally.base),
            "required": self.required,
            "reason": self.reason,
        }


def json_number(value: Fraction) -> int | str:
    """A whole count as a JSON number, a fractional one as a string such as "3/2"."""
    return int(value) if value.denominator == 1 else str(value)


def words(value: Fraction) -> str:
    return str(json_number(value))


@dataclass(frozen=True)
class Count:
    """What a kind of rule judges: the tally, and who voted how (units of weight above 0)."""

    tally: Tally
    ids: Mapping[str, tuple[str, ...]]  # for, against, abstain, absent -> unit ids
    weights: Mapping[str, Fraction]  # unit id -> weight
    whole_weights: bool

    def group(self, vote: str, ids: Sequence[str], named: bool) -> str:
        """'1 (west-oxfordshire) voted against', or '4 abstained' when not named."""
        weight = sum((self.weights[unit] for unit in ids), Fraction(0))
        verb = {
            "for": "voted for",
            "against": "voted against",
            "abstain": "abstained",
            ABSENT: "was absent" if len(ids) == 1 else "were absent",
        }[vote]
        return f"{words(weight)} ({', '.join(ids)}) {verb}" if named else f"{words(weight)} {verb}"

    def blocking(self, votes: Sequence[str]) -> list[str]:
        """The groups of units that voted one of ``votes``, named when few in all."""
        groups = [(vote, self.ids[vote]) for vote in votes if self.ids[vote]]
        named = sum(len(ids) for _, ids in groups) <= NAMED_AT_MOST
        return [self.group(vote, ids, named) for vote, ids in groups]


class Judgement(NamedTuple):
    carried: bool
    required: str
    reason: str


def listing(parts: Sequence[str]) -> str:
    return parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} and {parts[-1]}"


BASE_VOTES = {"all": ("for", "against", "abstain", ABSENT), "present": VOTES, "cast": VOTES[:2]}


def base_words(rule: Rule, base: Fraction) -> str:
    """The base with its size: 'all 8', 'the 7 present', 'the 6 votes cast'."""
    return {"all": f"all {words(base)}", "present": f"the {words(base)} present"}.get(
        rule.base, f"the {words(base)} votes cast"
    )


def against_limit(rule: Rule, count: Count) -> Judgement | None:
    """The refusal when more than ``max_against`` voted against, else None."""
    against = count.tally.against
    if rule.max_against is None or against <= rule.max_against:
        return None
    limit = (
        "nobody may vote against"
        if rule.max_against == 0
        else f"no more than {rule.max_against} may vote against"
    )
    return Judgement(False, "", f"Not carried: {limit}; {listing(count.blocking(['against']))}.")


def against_words(rule: Rule) -> str:
    return f"no more than {rule.max_against} against" if rule.max_against is not None else ""


def unanimity(rule: Rule, count: Count) -> Judgement:
    tally = count.tally
    required = "; ".join(
        filter(None, [f"{words(tally.base)} of {words(tally.base)} for", against_words(rule)])
    )
    needs = {
        "all": f"all {words(tally.base)} voting members to vote for",
        "present": f"all {words(tally.base)} present to vote for",
        "cast": "every vote cast to be for",
    }[rule.base]
    if tally.for_ != tally.base:
        blockers = count.blocking([vote for vote in BASE_VOTES[rule.base] if vote != "for"])
        done = listing([f"{words(tally.for_)} voted for", *blockers])
        return Judgement(False, required, f"Not carried: unanimity needs {needs}; {done}.")
    refused = against_limit(rule, count)
    if refused:
        return refused._replace(required=required)
    everyone = {
        "all": f"all {words(tally.base)} voting members voted for",
        "present": f"all {words(tally.base)} present voted for",
        "cast": f"all {words(tally.base)} votes cast were for",
    }[rule.base]
    return Judgement(True, required, f"Carried: {everyone}.")


def consensus(rule: Rule, count: Count) -> Judgement:
    tally = count.tally
    limit = rule.max_against or 0
    rule = replace(rule, max_against=limit)  # nobody against, unless the rule allows more
    required = f"{f'no more than {limit}' if limit else 'none'} against, at least 1 for"
    refused = against_limit(rule, count)
    if refused:
        return refused._replace(required=required)
    if tally.for_ == 0:
        reason = "Not carried: nobody voted for, and a consensus needs at least one vote for."
        return Judgement(False, required, reason)
    if tally.against == 0:
        return Judgement(
            True, required, f"Carried: nobody voted against and {words(tally.for_)} voted for."
        )
    against = listing(count.blocking(["against"]))
    reason = f"Carried: {against}, within the {limit} allowed, and {words(tally.for_)} voted for."
    return Judgement(True, required, reason)


def share_words(threshold: Fraction) -> str:
    return {
        Fraction(1, 2): "half",
        Fraction(1, 3): "a third",
        Fraction(2, 3): "two thirds",
        Fraction(1, 4): "a quarter",
        Fraction(3, 4): "three quarters",
        Fraction(1): "all",
    }.get(threshold, str(threshold))


def majority(rule: Rule, count: Count) -> Judgement:
    tally = count.tally
    needed = rule.threshold * tally.base
    comparison = "more than" if rule.strict else "at least"
    if needed.denominator != 1 and count.whole_weights:
        # Whole votes only: more than 7/2, or at least 7/2, is at least 4.
        required = f"at least {math.ceil(needed)} of {words(tally.base)} for"
    else:
        required = f"{comparison} {words(needed)} of {words(tally.base)} for"
    required = "; ".join(filter(None, [required, against_words(rule)]))
    share = f"{share_words(rule.threshold)} of {base_words(rule, tally.base)}"
    voted = f"{words(tally.for_)} of {words(tally.base)} voted for"
    met = tally.for_ > needed if rule.strict else tally.for_ >= needed
    if not met:
        return Judgement(False, required, f"Not carried: {voted}; it needed {comparison} {share}.")
    refused = against_limit(rule, count)
    if refused:
        return refused._replace(required=required)
    within = ""
    if rule.max_against is not None and tally.against:
        # the county's variant (seed 000, para 22): say the minority against was within it
        against = listing(count.blocking(["against"]))
        within = f"; {against}, within the {rule.max_against} allowed"
    return Judgement(True, required, f"Carried: {voted}, {comparison} {share}{within}.")


# One function per kind of rule (rule.KINDS): a new kind is a function and a line here.
JUDGES: dict[str, Callable[[Rule, Count], Judgement]] = {
    "unanimity": unanimity,
    "consensus": consensus,
    "majority": majority,
}

EMPTY_BASE = {
    "all": "there are no voting members",
    "present": "nobody was present",
    "cast": "nobody voted for or against",
}


def check_ballot(units: Sequence[Unit], votes: Mapping[str, str], field: str = "votes") -> None:
    """Refuse duplicate units, votes by unknown units and unknown vote values."""
    seen: set[str] = set()
    for index, unit in enumerate(units):
        if unit.id in seen:
            raise RuleError(f"units[{index}]", f"{unit.id!r} appears twice")
        seen.add(unit.id)
    for unit_id, vote in votes.items():
        if unit_id not in seen:
            raise RuleError(f"{field}.{unit_id}", "not one of the units")
        if vote not in VOTES:
            raise RuleError(f"{field}.{unit_id}", f"{vote!r} is not one of {', '.join(VOTES)}")


def count_votes(rule: Rule, units: Sequence[Unit], votes: Mapping[str, str]) -> Count:
    weights = {unit.id: unit.weight for unit in units}
    whole_weights = all(weight.denominator == 1 for weight in weights.values())
    # Whole weights (one partner, one vote) are added as integers, which is several times
    # faster than adding fractions; the totals are the same numbers either way.
    totals: dict[str, int | Fraction] = dict.fromkeys((*VOTES, ABSENT), 0)
    ids: dict[str, list[str]] = {vote: [] for vote in totals}
    # Sorted ids, so that the reason does not depend on the order the units came in.
    for unit in sorted(units, key=lambda unit: unit.id):
        vote = votes.get(unit.id, ABSENT)
        weight = unit.weight
        totals[vote] += weight.numerator if whole_weights else weight
        if weight > 0:
            ids[vote].append(unit.id)
    base = sum(totals[vote] for vote in BASE_VOTES[rule.base])
    tally = Tally(
        for_=Fraction(totals["for"]),
        against=Fraction(totals["against"]),
        abstain=Fraction(totals["abstain"]),
        absent=Fraction(totals[ABSENT]),
        base=Fraction(base),
        all_units=Fraction(sum(totals.values())),
    )
    return Count(
        tally=tally,
        ids={vote: tuple(unit_ids) for vote, unit_ids in ids.items()},
        weights=weights,
        whole_weights=whole_weights,
    )


def evaluate(rule: Rule, units: Sequence[Unit], votes: Mapping[str, str]) -> Outcome:
    """Judge the votes of ``units`` under ``rule``; a unit missing from ``votes`` is absent.

    Raises RuleError only for a bad ballot (a unit twice, a vote by an unknown unit, an
    unknown vote value); any valid ballot gets an outcome, even with no units at all.
    """
    check_ballot(units, votes)
    count = count_votes(rule, units, votes)
    tally = count.tally
    judgement = JUDGES[rule.kind](rule, count)
    required = judgement.required
    if rule.quorum is not None:
        quorum = rule.quorum.required_weight(tally.all_units, whole_weights=count.whole_weights)
        required += f"; quorum {words(quorum)} present"
        if tally.present < quorum:
            reason = f"Inquorate: {words(tally.present)} present, {words(quorum)} required."
            return Outcome(INQUORATE, tally, required, reason)
    if tally.base == 0:
        reason = f"Not carried: nobody counted towards the base: {EMPTY_BASE[rule.base]}."
        return Outcome(NOT_CARRIED, tally, required, reason)
    outcome = CARRIED if judgement.carried else NOT_CARRIED
    return Outcome(outcome, tally, required, judgement.reason)


# ---------------------------------------------------------------- the input format

EVALUATION_KEYS = {"rule", "units", "votes"}
UNIT_KEYS = {"id", "weight"}


def within(prefix: str, error: RuleError) -> RuleError:
    """The same error, its field path under ``prefix`` ('rule' + 'threshold')."""
    field = prefix if error.field == "rule" else f"{prefix}.{error.field}"
    return RuleError(field, error.problem)


def parse_rule_at(field: str, data: Any) -> Rule:
    try:
        return parse_rule(data)
    except RuleError as error:
        raise within(field, error) from None


def parse_weight(field: str, value: Any) -> Fraction:
    if isinstance(value, int | str) and not isinstance(value, bool):
        if str(value).strip().startswith("-"):
            raise RuleError(field, "cannot be negative")
        return parse_fraction(field, value)
    raise RuleError(field, 'must be a whole number or a fraction such as "3/2"')


def parse_units(data: Any, field: str = "units") -> list[Unit]:
    """Units as ids ("cherwell") or objects ({"id": "county", "weight": 2})."""
    if not isinstance(data, list):
        raise RuleError(field, "must be a list of unit ids or objects with an id and a weight")
    units: list[Unit] = []
    seen: set[str] = set()
    for index, item in enumerate(data):
        at = f"{field}[{index}]"
        if isinstance(item, dict):
            unknown = sorted(set(item) - UNIT_KEYS)
            if unknown:
                raise RuleError(f"{at}.{unknown[0]}", "is not part of a unit")
            unit_id = item.get("id")
            if not isinstance(unit_id, str) or not unit_id.strip():
                raise RuleError(f"{at}.id", "must be a unit id (a non-empty string)")
            weight = parse_weight(f"{at}.weight", item.get("weight", 1))
        elif isinstance(item, str) and item.strip():
            unit_id, weight = item, Fraction(1)
        else:
            raise RuleError(at, "must be a unit id (a non-empty string) or an object with an id")
        if unit_id in seen:
            raise RuleError(at, f"{unit_id!r} appears twice")
        seen.add(unit_id)
        units.append(Unit(unit_id, weight))
    return units


def parse_votes(data: Any, units: Sequence[Unit], field: str = "votes") -> dict[str, str]:
    """Votes as {"unit id": "for" | "against" | "abstain"}; a unit not listed is absent."""
    if not isinstance(data, dict):
        raise RuleError(field, 'must be an object such as {"cherwell": "for"}')
    check_ballot(units, data, field)
    return dict(data)


def parse_evaluation(data: Any) -> tuple[Rule, list[Unit], dict[str, str]]:
    """The input of ``accord rules evaluate``: a rule, the units and their votes."""
    if not isinstance(data, dict):
        raise RuleError("input", "must be an object with a rule, units and votes")
    unknown = sorted(set(data) - EVALUATION_KEYS)
    if unknown:
        raise RuleError(unknown[0], "is not part of the input (rule, units, votes)")
    for key in ("rule", "units"):
        if key not in data:
            raise RuleError(key, "is missing")
    rule = parse_rule_at("rule", data["rule"])
    units = parse_units(data["units"])
    votes = parse_votes(data.get("votes", {}), units)
    return rule, units, votes

"""A decision rule as a frozen value, parsed from the constitution's JSON.

The rule language (shared domain document, "A decision rule"):

- ``kind``: ``unanimity`` (every unit of the base votes for), ``consensus`` (at most
  ``max_against`` units vote against, none by default), ``majority`` (for-votes exceed,
  or reach when not ``strict``, ``threshold`` of the base);
- ``base``: ``all`` (every voting unit), ``present`` (for + against + abstain),
  ``cast`` (for + against);
- ``threshold``: an exact fraction in (0, 1], e.g. "1/2", "2/3";
- ``strict``: true (more than the threshold) or false (at least);
- ``max_against``: at most this many units may vote against;
- ``quorum``: units present required, a count ("5") or a fraction of all units ("1/2",
  at least that many, rounded up).

Defaults: base ``all``; threshold "1/2"; strict true; max_against none (no limit) except
for consensus, where it is 0; quorum none.
"""

import math
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

KINDS = ("unanimity", "consensus", "majority")
BASES = ("all", "present", "cast")
KEYS = {"kind", "base", "threshold", "strict", "max_against", "quorum"}


class RuleError(ValueError):
    """Bad rule input: names the field and the problem."""

    def __init__(self, field: str, problem: str) -> None:
        super().__init__(f"{field}: {problem}")
        self.field = field
        self.problem = problem


@dataclass(frozen=True)
class Quorum:
    """Units present required: a count, or a fraction of all units (rounded up)."""

    count: int | None = None
    fraction: Fraction | None = None

    def required(self, units: int) -> int:
        if self.count is not None:
            return self.count
        fraction = self.fraction or Fraction(0)
        return -(-fraction.numerator * units // fraction.denominator)

    def required_weight(self, total: Fraction, *, whole_weights: bool = True) -> Fraction:
        """Weight present required out of a weighted ``total`` of all units.

        A count is the weight itself. A fraction of the total is rounded up to a whole
        number when every weight is whole (half of 7 is 4, half of 9 is 5), as ``required``
        does for unweighted units. With fractional weights no whole number of units applies,
        so the exact share is required: rounding up could ask for more than the total.
        """
        if self.count is not None:
            return Fraction(self.count)
        share = (self.fraction or Fraction(0)) * total
        return Fraction(math.ceil(share)) if whole_weights else share

    def __str__(self) -> str:
        return str(self.count) if self.count is not None else str(self.fraction)


@dataclass(frozen=True)
class Rule:
    kind: str
    base: str = "all"
    threshold: Fraction = Fraction(1, 2)
    strict: bool = True
    max_against: int | None = None
    quorum: Quorum | None = None

    def to_json(self) -> dict[str, Any]:
        """The rule as the constitution stores it, every key explicit."""
        data: dict[str, Any] = {
            "kind": self.kind,
            "base": self.base,
            "threshold": str(self.threshold),
            "strict": self.strict,
        }
        if self.max_against is not None:
            data["max_against"] = self.max_against
        if self.quorum is not None:
            data["quorum"] = str(self.quorum)
        return data

    def describe(self) -> str:
        """The rule in words a member would understand."""
        base = {
            "all": "all voting members",
            "present": "those present",
            "cast": "the votes cast",
        }[self.base]
        if self.kind == "unanimity":
            text = f"unanimity: every one of {base} must vote for"
        elif self.kind == "consensus":
            limit = self.max_against or 0
            text = (
                "consensus: nobody may vote against"
                if limit == 0
                else f"carried unless more than {limit} vote{'s' if limit > 1 else ''} against"
            )
        else:
            share = {Fraction(1, 2): "half", Fraction(2, 3): "two thirds"}.get(
                self.threshold, str(self.threshold)
            )
            comparison = "more than" if self.strict else "at least"
            text = f"majority: {comparison} {share} of {base} must vote for"
            if self.max_against is not None:
                text += f", with at most {self.max_against} against"
        if self.quorum is not None:
            text += f"; quorum {self.quorum}" + (
                " of all voting members" if self.quorum.fraction is not None else " present"
            )
        return text


def parse_fraction(field: str, value: Any) -> Fraction:
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise RuleError(field, 'must be a fraction such as "1/2" or "2/3"')
    text = str(value).strip()
    parts = text.split("/")
    if len(parts) > 2 or not all(part.strip().isdigit() for part in parts):
        raise RuleError(field, f'{text!r} is not a fraction such as "1/2" or "2/3"')
    numerator = int(parts[0])
    denominator = int(parts[1]) if len(parts) == 2 else 1
    if denominator == 0:
        raise RuleError(field, f"{text!r} divides by zero")
    return Fraction(numerator, denominator)


def parse_quorum(value: Any) -> Quorum:
    if isinstance(value, int) and not isinstance(value, bool):
        if value < 0:
            raise RuleError("quorum", "cannot be negative")
        return Quorum(count=value)
    if isinstance(value, str) and value.strip().isdigit():
        return Quorum(count=int(value))
    fraction = parse_fraction("quorum", value)
    if not 0 < fraction <= 1:
        raise RuleError("quorum", "a fraction of all units must be above 0 and at most 1")
    return Quorum(fraction=fraction)


def parse_rule(data: Any) -> Rule:
    """Parse and check a rule; raise RuleError naming the first field at fault."""
    if not isinstance(data, dict):
        raise RuleError("rule", "must be an object with at least a kind")
    unknown = sorted(set(data) - KEYS)
    if unknown:
        raise RuleError(unknown[0], "is not part of the rule language")
    kind = data.get("kind")
    if kind not in KINDS:
        raise RuleError("kind", f"must be one of {', '.join(KINDS)}, not {kind!r}")
    base = data.get("base", "all")
    if base not in BASES:
        raise RuleError("base", f"must be one of {', '.join(BASES)}, not {base!r}")
    threshold = parse_fraction("threshold", data.get("threshold", "1/2"))
    if not 0 < threshold <= 1:
        raise RuleError("threshold", "must be above 0 and at most 1")
    strict = data.get("strict", True)
    if not isinstance(strict, bool):
        raise RuleError("strict", "must be true or false")
    max_against = data.get("max_against")
    if max_against is not None and (
        isinstance(max_against, bool) or not isinstance(max_against, int) or max_against < 0
    ):
        raise RuleError("max_against", "must be a whole number, 0 or more")
    if kind == "consensus" and max_against is None:
        max_against = 0
    quorum = parse_quorum(data["quorum"]) if data.get("quorum") is not None else None
    return Rule(
        kind=kind,
        base=base,
        threshold=threshold,
        strict=strict,
        max_against=max_against,
        quorum=quorum,
    )

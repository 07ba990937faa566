"""The decision rule engine: plain Python, standard library only.

Rules, ballots, tallies and outcomes as frozen values; evaluation; the decision
lifecycle as a transition table. No Django, no database, no clock: an
import-linter contract (pyproject.toml) keeps it so. The rule language is parsed
and checked by ``parse_rule``; ``evaluate`` judges a ballot under a rule;
``simulate`` replays cases under candidate constitutions. docs/rules.md describes
the input formats that ``parse_evaluation`` and ``parse_simulation`` read.
"""

from .authority import beyond_delegated_limit, subject_to_ratification
from .evaluate import JUDGES, VOTES, Outcome, Tally, Unit, evaluate, parse_evaluation
from .rule import Quorum, Rule, RuleError, parse_rule
from .simulate import (
    Case,
    CaseResult,
    Constitution,
    Result,
    Round,
    parse_simulation,
    simulate,
    table,
)

__all__ = [
    "JUDGES",
    "VOTES",
    "Case",
    "CaseResult",
    "Constitution",
    "Outcome",
    "Quorum",
    "Result",
    "Round",
    "Rule",
    "RuleError",
    "Tally",
    "Unit",
    "beyond_delegated_limit",
    "evaluate",
    "parse_evaluation",
    "parse_rule",
    "parse_simulation",
    "simulate",
    "subject_to_ratification",
    "table",
]

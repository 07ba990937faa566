"""The decision rule engine: plain Python, standard library only.

Rules, ballots, tallies and outcomes as frozen values; evaluation; the decision
lifecycle as a transition table. No Django, no database, no clock: an
import-linter contract (pyproject.toml) keeps it so. So far: the rule language,
parsed and checked (``parse_rule``); evaluation arrives with the decisions work.
"""

from .rule import Quorum, Rule, RuleError, parse_rule

__all__ = ["Quorum", "Rule", "RuleError", "parse_rule"]

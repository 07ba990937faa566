"""The decision rule engine: plain Python, standard library only.

Rules, ballots, tallies and outcomes as frozen values; evaluation; the decision
lifecycle as a transition table. No Django, no database, no clock: an
import-linter contract (pyproject.toml) keeps it so. The engine itself arrives
with the decisions work (issue 5).
"""

"""Writes to proposals, votes and decisions: validated, audited, in one transaction."""

from .ballots import (
    ballot_close,
    ballot_evaluate,
    ballot_open,
    caster_refusal,
    ratification_required,
    vote_cast,
    vote_casters,
    vote_casters_of,
    vote_ratify,
)
from .disputes import (
    decision_call_in,
    decision_record_outside_constitution,
    escalation_result_record,
    proposal_compromise,
    proposal_escalate,
    proposal_withdraw,
)
from .proposals import (
    proposal_commits_set,
    proposal_create,
    proposal_table,
    stage_add,
    stage_complete,
)

__all__ = [
    "ballot_close",
    "ballot_evaluate",
    "ballot_open",
    "caster_refusal",
    "decision_call_in",
    "decision_record_outside_constitution",
    "escalation_result_record",
    "proposal_commits_set",
    "proposal_compromise",
    "proposal_create",
    "proposal_escalate",
    "proposal_table",
    "proposal_withdraw",
    "ratification_required",
    "stage_add",
    "stage_complete",
    "vote_cast",
    "vote_casters",
    "vote_casters_of",
    "vote_ratify",
]

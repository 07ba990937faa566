"""What happens when a proposal is not carried: the constitution's conflict route, and
steps taken outside it, recorded as they happened and flagged (seed 000, paras 12-17)."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction

from accord.audit.services import audit_record, changes_between, snapshot
from accord.core.errors import AccordError
from accord.governance.models import Body
from accord.governance.selectors import body_rule_in_force
from accord.governance.services.partnerships import Actor
from accord.governance.services.register import same_partnership
from accord.rules.lifecycle import within_constitution

from ..models import DisputeStepKind, EscalationResult, Proposal
from .ballots import mark_carried
from .proposals import advance, constitution_facts, locked, step_record


def _save(proposal: Proposal, *, actor: Actor, action: str, before: dict[str, object]) -> None:
    proposal.full_clean()
    proposal.save()
    audit_record(
        actor=actor,
        action=action,
        obj=proposal,
        changes=changes_between(before, snapshot(proposal)),
    )


@transaction.atomic
def proposal_compromise(
    *,
    actor: Actor,
    proposal: Proposal,
    on: datetime.date,
    amended_summary: str,
    note: str = "",
    as_it_happened: bool = False,
) -> Proposal:
    """All partners seek a compromise; the amended proposal returns to a later meeting."""
    proposal = locked(proposal)
    before = snapshot(proposal)
    facts = constitution_facts(proposal, on=on)
    row = advance(proposal, "compromise", facts=facts, as_it_happened=as_it_happened)
    if not amended_summary.strip():
        raise ValidationError({"amended_summary": "Describe the amended proposal"})
    proposal.summary = amended_summary
    step_record(
        actor=actor,
        proposal=proposal,
        kind=DisputeStepKind.COMPROMISE,
        on=on,
        note=note,
        within=within_constitution(row, facts),
    )
    _save(proposal, actor=actor, action="proposal.compromise", before=before)
    return proposal


@transaction.atomic
def proposal_escalate(
    *,
    actor: Actor,
    proposal: Proposal,
    on: datetime.date,
    note: str = "",
    body: Body | None = None,
    as_it_happened: bool = False,
) -> Proposal:
    """Refer the dispute to the constitution's escalation body (the chief executives)."""
    proposal = locked(proposal)
    before = snapshot(proposal)
    body_rule = body_rule_in_force(proposal.deciding_body, on=on)
    escalation_body = body or (body_rule.escalation_body if body_rule else None)
    if escalation_body is None:
        raise ValidationError({"body": "Choose the body the dispute is escalated to"})
    same_partnership(proposal.partnership, body=escalation_body)
    facts = constitution_facts(proposal, on=on)
    row = advance(proposal, "escalate", facts=facts, as_it_happened=as_it_happened)
    step_record(
        actor=actor,
        proposal=proposal,
        kind=DisputeStepKind.ESCALATE,
        on=on,
        body=escalation_body,
        note=note,
        within=within_constitution(row, facts),
    )
    _save(proposal, actor=actor, action="proposal.escalate", before=before)
    return proposal


@transaction.atomic
def escalation_result_record(
    *,
    actor: Actor,
    proposal: Proposal,
    on: datetime.date,
    result: str,
    note: str = "",
    amended_summary: str = "",
) -> Proposal:
    """The escalation body's result: a compromise (the amended proposal returns), no
    change (it returns as it was), or a determination (the proposal is decided)."""
    proposal = locked(proposal)
    if result not in EscalationResult.values:
        raise ValidationError({"result": "Choose compromise found, no change or determination"})
    if result == EscalationResult.COMPROMISE_FOUND and not amended_summary.strip():
        raise ValidationError({"amended_summary": "Describe the compromise"})
    before = snapshot(proposal)
    escalated_to = (
        proposal.steps.filter(kind=DisputeStepKind.ESCALATE).order_by("-taken_on").first()
    )
    trigger = "determination" if result == EscalationResult.DETERMINATION else "escalation_returns"
    advance(proposal, trigger)
    if amended_summary.strip():
        proposal.summary = amended_summary
    step_record(
        actor=actor,
        proposal=proposal,
        kind=DisputeStepKind.ESCALATION_RESULT,
        on=on,
        body=escalated_to.body if escalated_to else None,
        result=result,
        note=note,
    )
    if result == EscalationResult.DETERMINATION:
        mark_carried(proposal, on=on)
    _save(proposal, actor=actor, action="proposal.escalation_result", before=before)
    return proposal


@transaction.atomic
def decision_record_outside_constitution(
    *, actor: Actor, proposal: Proposal, on: datetime.date, note: str
) -> Proposal:
    """Record a decision taken outside the constitution in force, as it happened, so that
    it is flagged wherever it is shown (seed 000, para 17: July 2008, a chief executive
    approved the majority decision; no unanimous vote, no call-in)."""
    if not note.strip():
        raise ValidationError({"note": "Say what was decided, by whom, and how"})
    proposal = locked(proposal)
    before = snapshot(proposal)
    advance(proposal, "decide_outside", as_it_happened=True)
    proposal.outside_constitution_note = note
    step_record(
        actor=actor,
        proposal=proposal,
        kind=DisputeStepKind.OUTSIDE_CONSTITUTION,
        on=on,
        note=note,
        within=False,
    )
    mark_carried(proposal, on=on, call_in=False)
    _save(proposal, actor=actor, action="proposal.decide_outside", before=before)
    return proposal


@transaction.atomic
def decision_call_in(
    *, actor: Actor, proposal: Proposal, on: datetime.date, body: Body | None, note: str
) -> Proposal:
    """Scrutiny calls the decision in during the call-in period: it does not take effect
    and returns to the deciding body."""
    proposal = locked(proposal)
    facts = constitution_facts(proposal, on=on)
    if "in_call_in_period" not in facts:
        raise AccordError("The decision is not in its call-in period", field="on")
    before = snapshot(proposal)
    advance(proposal, "call_in", facts=facts)
    proposal.takes_effect_on = None
    step_record(
        actor=actor, proposal=proposal, kind=DisputeStepKind.CALL_IN, on=on, body=body, note=note
    )
    _save(proposal, actor=actor, action="decision.call_in", before=before)
    return proposal


@transaction.atomic
def proposal_withdraw(
    *, actor: Actor, proposal: Proposal, on: datetime.date, note: str = ""
) -> Proposal:
    proposal = locked(proposal)
    before = snapshot(proposal)
    advance(proposal, "withdraw")
    step_record(actor=actor, proposal=proposal, kind=DisputeStepKind.WITHDRAW, on=on, note=note)
    _save(proposal, actor=actor, action="proposal.withdraw", before=before)
    return proposal

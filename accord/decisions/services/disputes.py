"""What happens when a proposal is not carried: the constitution's conflict route, and
steps taken outside it, recorded as they happened and flagged (seed 000, paras 12-17)."""

import datetime
from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.db import transaction

from accord.audit.services import Actor, audited
from accord.core.errors import AccordError
from accord.governance.models import Body
from accord.governance.selectors import body_rule_in_force
from accord.partnerships.selectors import same_partnership
from accord.rules.lifecycle import PROPOSAL

from ..models import DisputeStepKind, EscalationResult, Proposal
from ..selectors import call_in_window, constitution_facts
from .ballots import mark_carried
from .proposals import advance, locked, step_record


def _step(
    proposal: Proposal,
    *,
    actor: Actor,
    action: str,
    trigger: str,
    kind: str,
    on: datetime.date,
    note: str = "",
    body: Body | None = None,
    result: str = "",
    as_it_happened: bool = False,
    within: bool | None = None,
    then: Callable[[Proposal], None] | None = None,
) -> Proposal:
    """One step of a dispute: move the (locked) proposal along its lifecycle under the
    constitution in force on the date, record the step as it happened (flagged when outside
    the constitution, or as ``within`` says), let ``then`` change the proposal, and save it,
    audited. A refusal anywhere saves nothing."""
    facts = constitution_facts(proposal, on=on)
    with audited(proposal, actor=actor, action=action):
        row = advance(proposal, trigger, facts=facts, as_it_happened=as_it_happened)
        if then is not None:
            then(proposal)
        step_record(
            actor=actor,
            proposal=proposal,
            kind=kind,
            on=on,
            body=body,
            result=result,
            note=note,
            within=PROPOSAL.holds(row, facts) if within is None else within,
        )
    return proposal


@transaction.atomic
def proposal_compromise(
    *,
    actor: Actor,
    proposal: Proposal,
    on: datetime.date,
    amended_summary: str,
    note: str = "",
    as_it_happened: bool = False,
    found: bool = True,
) -> Proposal:
    """All partners seek a compromise; the amended proposal returns to a later meeting.
    A compromise sought but not found (``found=False``, seed 000, para 13: 2005, before
    the escalation) is recorded too, and the proposal stands as it was."""

    def amend(proposal: Proposal) -> None:
        if not found:
            return
        if not amended_summary.strip():
            raise ValidationError({"amended_summary": "Describe the amended proposal"})
        proposal.summary = amended_summary

    return _step(
        locked(proposal),
        actor=actor,
        action="proposal.compromise",
        trigger="compromise",
        kind=DisputeStepKind.COMPROMISE,
        on=on,
        note=note,
        as_it_happened=as_it_happened,
        then=amend,
    )


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
    body_rule = body_rule_in_force(proposal.deciding_body, on=on)
    escalation_body = body or (body_rule.escalation_body if body_rule else None)
    if escalation_body is None:
        raise ValidationError({"body": "Choose the body the dispute is escalated to"})
    same_partnership(proposal.partnership, body=escalation_body)
    return _step(
        proposal,
        actor=actor,
        action="proposal.escalate",
        trigger="escalate",
        kind=DisputeStepKind.ESCALATE,
        on=on,
        note=note,
        body=escalation_body,
        as_it_happened=as_it_happened,
    )


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
    escalated_to = (
        proposal.steps.filter(kind=DisputeStepKind.ESCALATE).order_by("-taken_on").first()
    )
    determination = result == EscalationResult.DETERMINATION

    def conclude(proposal: Proposal) -> None:
        if amended_summary.strip():
            proposal.summary = amended_summary
        if determination:
            mark_carried(proposal, on=on, actor=actor)

    return _step(
        proposal,
        actor=actor,
        action="proposal.escalation_result",
        trigger="determination" if determination else "escalation_returns",
        kind=DisputeStepKind.ESCALATION_RESULT,
        on=on,
        note=note,
        body=escalated_to.body if escalated_to else None,
        result=result,
        within=True,
        then=conclude,
    )


@transaction.atomic
def decision_record_outside_constitution(
    *, actor: Actor, proposal: Proposal, on: datetime.date, note: str
) -> Proposal:
    """Record a decision taken outside the constitution in force, as it happened, so that
    it is flagged wherever it is shown (seed 000, para 17: July 2008, a chief executive
    approved the majority decision; no unanimous vote, no call-in)."""
    if not note.strip():
        raise ValidationError({"note": "Say what was decided, by whom, and how"})

    def decide(proposal: Proposal) -> None:
        proposal.outside_constitution_note = note
        mark_carried(proposal, on=on, call_in=False, actor=actor)

    return _step(
        locked(proposal),
        actor=actor,
        action="proposal.decide_outside",
        trigger="decide_outside",
        kind=DisputeStepKind.OUTSIDE_CONSTITUTION,
        on=on,
        note=note,
        as_it_happened=True,
        within=False,
        then=decide,
    )


@transaction.atomic
def decision_call_in(
    *, actor: Actor, proposal: Proposal, on: datetime.date, body: Body | None, note: str
) -> Proposal:
    """Scrutiny calls the decision in during the call-in period: it does not take effect
    and returns to the deciding body."""
    proposal = locked(proposal)
    window = call_in_window(proposal, on=on)
    if not window.open:
        raise AccordError(
            f"The decision is not in its call-in period on {on:%-d %B %Y}. {window.reason}",
            field="on",
        )

    def stop(proposal: Proposal) -> None:
        proposal.takes_effect_on = None

    return _step(
        proposal,
        actor=actor,
        action="decision.call_in",
        trigger="call_in",
        kind=DisputeStepKind.CALL_IN,
        on=on,
        note=note,
        body=body,
        within=True,
        then=stop,
    )


@transaction.atomic
def proposal_withdraw(
    *, actor: Actor, proposal: Proposal, on: datetime.date, note: str = ""
) -> Proposal:
    return _step(
        locked(proposal),
        actor=actor,
        action="proposal.withdraw",
        trigger="withdraw",
        kind=DisputeStepKind.WITHDRAW,
        on=on,
        note=note,
        within=True,
    )

"""Proposals and their pathways."""

import datetime
from collections.abc import Collection

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max

from accord.audit.services import audit_record, changes_between, created, snapshot
from accord.core.errors import AccordError
from accord.governance.models import Body, BodyKind, ConflictStep, Partnership, Person
from accord.governance.selectors import body_rule_in_force
from accord.governance.services.partnerships import Actor
from accord.governance.services.register import same_partnership
from accord.meetings.models import AgendaItem, Meeting, MeetingStatus
from accord.meetings.services import agenda_item_add
from accord.rules.lifecycle import LifecycleError, Transition, transition, within_constitution

from ..models import DisputeStep, DisputeStepKind, Proposal, ProposalState, Stage, StageKind


def constitution_facts(proposal: Proposal, *, on: datetime.date) -> set[str]:
    """Facts about the constitution in force for the lifecycle's guards."""
    body_rule = body_rule_in_force(proposal.deciding_body, on=on)
    facts: set[str] = set()
    if body_rule is not None:
        facts.update(f"route:{step}" for step in body_rule.conflict_route)
        if body_rule.escalation_body_id is None:
            facts.discard(f"route:{ConflictStep.ESCALATE}")
    if (
        proposal.state == ProposalState.CARRIED
        and proposal.decided_on is not None
        and proposal.takes_effect_on is not None
        and proposal.decided_on <= on < proposal.takes_effect_on
    ):
        facts.add("in_call_in_period")
    return facts


def advance(
    proposal: Proposal,
    trigger: str,
    *,
    facts: Collection[str] = (),
    as_it_happened: bool = False,
) -> Transition:
    """Move a (locked) proposal along the lifecycle table. A step outside the constitution
    is refused unless recorded as it happened, when it flags the proposal."""
    try:
        row = transition(proposal.state, trigger)
    except LifecycleError as error:
        raise AccordError(
            f"Not possible while the proposal is {proposal.get_state_display().lower()}",
            field="state",
        ) from error
    if not within_constitution(row, facts):
        if not as_it_happened:
            raise AccordError(
                "The constitution in force does not provide for this step; record it as it "
                "happened if it was taken anyway",
                field="as_it_happened",
            )
        proposal.outside_constitution = True
    proposal.state = row.next_state
    return row


def step_record(
    *,
    actor: Actor,
    proposal: Proposal,
    kind: str,
    on: datetime.date,
    body: Body | None = None,
    result: str = "",
    note: str = "",
    within: bool = True,
) -> DisputeStep:
    """Record one step of a dispute's resolution, as it happened."""
    step = DisputeStep(
        partnership_id=proposal.partnership_id,
        proposal=proposal,
        kind=kind,
        taken_on=on,
        body=body,
        result=result,
        note=note,
        within_constitution=within,
    )
    step.full_clean()
    step.save()
    audit_record(actor=actor, action=f"dispute.{kind}", obj=step, changes=created(step))
    return step


def locked(proposal: Proposal) -> Proposal:
    return Proposal.objects.select_for_update().select_related("deciding_body").get(pk=proposal.pk)


@transaction.atomic
def proposal_create(
    *,
    actor: Actor,
    partnership: Partnership,
    title: str,
    kind: str,
    deciding_body: Body,
    summary: str = "",
    owner: Person | None = None,
    on: datetime.date,
) -> Proposal:
    """Draft a proposal with the pathway the constitution implies: the officers' group
    recommends, the deciding body decides, and a call-in period follows where the rule
    in force has one. The programme team can add stages (ratify, external approval)."""
    same_partnership(partnership, deciding_body=deciding_body, owner=owner)
    proposal = Proposal(
        partnership=partnership,
        title=title,
        kind=kind,
        summary=summary,
        owner=owner,
        deciding_body=deciding_body,
    )
    proposal.full_clean()
    proposal.save()
    audit_record(actor=actor, action="proposal.create", obj=proposal, changes=created(proposal))
    recommending = partnership.bodies.filter(kind=BodyKind.OFFICERS_GROUP).order_by("name").first()
    if recommending is not None and recommending != deciding_body:
        stage_add(actor=actor, proposal=proposal, kind=StageKind.RECOMMEND, body=recommending)
    stage_add(actor=actor, proposal=proposal, kind=StageKind.DECIDE, body=deciding_body)
    body_rule = body_rule_in_force(deciding_body, on=on)
    if body_rule is not None and body_rule.call_in_days:
        stage_add(
            actor=actor,
            proposal=proposal,
            kind=StageKind.SCRUTINISE,
            authority=f"Call-in: {body_rule.call_in_days} working days",
        )
    return proposal


@transaction.atomic
def stage_add(
    *,
    actor: Actor,
    proposal: Proposal,
    kind: str,
    body: Body | None = None,
    authority: str = "",
) -> Stage:
    same_partnership(proposal.partnership, body=body)
    order = (proposal.stages.aggregate(last=Max("order"))["last"] or 0) + 1
    stage = Stage(
        partnership_id=proposal.partnership_id,
        proposal=proposal,
        order=order,
        kind=kind,
        body=body,
        authority=authority,
    )
    stage.full_clean()
    stage.save()
    audit_record(actor=actor, action="stage.add", obj=stage, changes=created(stage))
    return stage


@transaction.atomic
def stage_complete(
    *, actor: Actor, stage: Stage, on: datetime.date, status: str = "done", note: str = ""
) -> Stage:
    before = snapshot(stage)
    stage.status, stage.completed_on, stage.note = status, on, note or stage.note
    stage.full_clean()
    stage.save()
    audit_record(
        actor=actor,
        action="stage.complete",
        obj=stage,
        changes=changes_between(before, snapshot(stage)),
    )
    return stage


@transaction.atomic
def proposal_table(
    *,
    actor: Actor,
    proposal: Proposal,
    meeting: Meeting,
    lead_officer: Person | None = None,
    is_exempt: bool = False,
    exempt_reason: str = "",
) -> AgendaItem:
    """Put the proposal on the agenda of a meeting of its deciding body. A proposal that
    was not carried returns to a later meeting: that is its second meeting, where the
    constitution's fallback rule applies if it has one."""
    proposal = locked(proposal)
    same_partnership(proposal.partnership, meeting=meeting)
    if meeting.body_id != proposal.deciding_body_id:
        raise ValidationError({"meeting": f"Choose a meeting of {proposal.deciding_body}"})
    if meeting.status not in {MeetingStatus.SCHEDULED, MeetingStatus.AGENDA_PUBLISHED}:
        raise ValidationError({"meeting": "Choose a meeting that has not been held yet"})
    last = proposal.ballots.select_related("meeting").order_by("-round").first()
    if last is not None and meeting.date <= last.meeting.date:
        raise ValidationError({"meeting": f"Choose a meeting after {last.meeting.date:%-d %B %Y}"})
    before = snapshot(proposal)
    returning = proposal.state in {ProposalState.DISPUTED, ProposalState.CALLED_IN}
    advance(proposal, "table")
    proposal.save()
    audit_record(
        actor=actor,
        action="proposal.table",
        obj=proposal,
        changes={**changes_between(before, snapshot(proposal)), "meeting": [None, meeting.pk]},
    )
    if returning:
        step_record(
            actor=actor,
            proposal=proposal,
            kind=DisputeStepKind.SECOND_MEETING,
            on=meeting.date,
            body=meeting.body,
            note=f"Tabled again at {meeting}",
        )
    return agenda_item_add(
        actor=actor,
        meeting=meeting,
        title=proposal.title,
        summary=proposal.summary,
        proposal=proposal,
        lead_officer=lead_officer or proposal.owner,
        is_exempt=is_exempt,
        exempt_reason=exempt_reason,
    )

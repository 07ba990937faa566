"""Proposals, their pathways and their tabling at meetings."""

import datetime
from collections.abc import Collection
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max

from accord.audit.services import Actor, audited, save_audited
from accord.core.errors import AccordError
from accord.governance.models import Body, BodyKind, Person
from accord.governance.selectors import body_rule_in_force
from accord.meetings.models import AgendaItem, Meeting
from accord.meetings.services import agenda_item_add
from accord.partnerships.models import Partnership
from accord.partnerships.selectors import same_partnership
from accord.rules.lifecycle import MEETING, PROPOSAL, LifecycleError, Transition

from ..models import (
    DisputeStep,
    DisputeStepKind,
    Proposal,
    ProposalState,
    Stage,
    StageKind,
    StageStatus,
    Tabling,
)


def advance(
    proposal: Proposal,
    trigger: str,
    *,
    facts: Collection[str] = (),
    as_it_happened: bool = False,
) -> Transition:
    """Move a (locked) proposal along its lifecycle table. A step outside the constitution
    is refused unless recorded as it happened, when it flags the proposal."""
    try:
        row = PROPOSAL.transition(proposal.state, trigger)
    except LifecycleError as error:
        raise AccordError(
            f"Not possible while the proposal is {proposal.get_state_display().lower()}",
            field="state",
        ) from error
    if not PROPOSAL.holds(row, facts):
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
    return save_audited(step, actor=actor, action=f"dispute.{kind}")


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
    commits: Decimal | None = None,
) -> Proposal:
    """Draft a proposal with the pathway the constitution implies: the officers' group
    recommends, the deciding body decides, and a call-in period follows where the rule
    in force has one. The programme team can add stages (ratify, external approval)."""
    same_partnership(partnership, deciding_body=deciding_body, owner=owner)
    if deciding_body.kind == BodyKind.ESCALATION_BODY:
        # It settles disputes about proposals; it does not decide them (domain, "Conflict
        # resolution").
        raise ValidationError(
            {"deciding_body": "Choose a body that decides proposals, not the escalation body"}
        )
    proposal = Proposal(
        partnership=partnership,
        title=title,
        kind=kind,
        summary=summary,
        owner=owner,
        deciding_body=deciding_body,
        commits=commits,
    )
    save_audited(proposal, actor=actor, action="proposal.create")
    recommending = (
        Body.objects.filter(partnership=partnership, kind=BodyKind.OFFICERS_GROUP)
        .order_by("name")
        .first()
    )
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
    if body is None and not authority.strip():
        raise ValidationError({"authority": "Choose a body or say who takes this stage"})
    order = (proposal.stages.aggregate(last=Max("order"))["last"] or 0) + 1
    stage = Stage(
        partnership_id=proposal.partnership_id,
        proposal=proposal,
        order=order,
        kind=kind,
        body=body,
        authority=authority,
    )
    return save_audited(stage, actor=actor, action="stage.add")


@transaction.atomic
def stage_complete(
    *, actor: Actor, stage: Stage, on: datetime.date, status: str = "done", note: str = ""
) -> Stage:
    """Record a stage as done, or not needed, on a date."""
    if status not in {StageStatus.DONE, StageStatus.NOT_NEEDED}:
        raise ValidationError({"status": "Select whether the stage was done"})
    with audited(stage, actor=actor, action="stage.complete"):
        stage.status, stage.completed_on, stage.note = status, on, note or stage.note
    return stage


@transaction.atomic
def proposal_table(
    *,
    actor: Actor,
    proposal: Proposal,
    meeting: Meeting,
    lead_officer: Person | None = None,
    is_exempt: bool = False,
    exempt_paragraph: str = "",
    exempt_reason: str = "",
    public_interest_test: str = "",
) -> AgendaItem:
    """Put the proposal on the agenda of a meeting of its deciding body. A proposal that
    was not carried returns to a later meeting: that is its second meeting, where the
    constitution's fallback rule applies if it has one."""
    proposal = locked(proposal)
    same_partnership(proposal.partnership, meeting=meeting)
    if meeting.body_id != proposal.deciding_body_id:
        raise ValidationError({"meeting": f"Choose a meeting of {proposal.deciding_body}"})
    if not MEETING.allows(meeting.status, "add_item"):
        raise ValidationError({"meeting": "Choose a meeting that has not been held yet"})
    last = proposal.ballots.select_related("meeting").order_by("-round").first()
    if last is not None and meeting.date <= last.meeting.date:
        raise ValidationError({"meeting": f"Choose a meeting after {last.meeting.date:%-d %B %Y}"})
    returning = proposal.state in {ProposalState.DISPUTED, ProposalState.CALLED_IN}
    with audited(
        proposal, actor=actor, action="proposal.table", changes={"meeting": [None, meeting.pk]}
    ):
        advance(proposal, "table")
    if returning:
        step_record(
            actor=actor,
            proposal=proposal,
            kind=DisputeStepKind.SECOND_MEETING,
            on=meeting.date,
            body=meeting.body,
            note=f"Tabled again at {meeting}",
        )
    item = agenda_item_add(
        actor=actor,
        meeting=meeting,
        title=proposal.title,
        summary=proposal.summary,
        lead_officer=lead_officer or proposal.owner,
        is_exempt=is_exempt,
        exempt_paragraph=exempt_paragraph,
        exempt_reason=exempt_reason,
        public_interest_test=public_interest_test,
    )
    tabling = Tabling(partnership_id=proposal.partnership_id, proposal=proposal, item=item)
    save_audited(tabling, actor=actor, action="proposal.tabling")
    return item


# States in which the sum a proposal commits may still change: once the vote opens, the
# ballot applies the partners' delegated limits to it (issue 17 item 6).
COMMITS_CHANGEABLE = {ProposalState.DRAFT, ProposalState.TABLED}


@transaction.atomic
def proposal_commits_set(*, actor: Actor, proposal: Proposal, commits: Decimal | None) -> Proposal:
    """Record the sum the decision commits (or that it commits none), before the vote
    opens: a vote for it by a representative whose delegated limit is lower then counts
    only subject to ratification by the partner's own body."""
    proposal = locked(proposal)
    if proposal.state not in COMMITS_CHANGEABLE:
        raise ValidationError(
            {
                "commits": "The sum is fixed once the vote opens: this proposal is "
                f"{ProposalState(proposal.state).label.lower()}"
            }
        )
    if commits is not None and commits < 0:
        raise ValidationError({"commits": "Enter a sum of 0 or more"})
    with audited(proposal, actor=actor, action="proposal.commits"):
        proposal.commits = commits
    return proposal

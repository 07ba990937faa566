"""Proposals, votes and decisions in the JSON API: everything the decisions pages do.

Reading needs a seat in the partnership (or its programme team); casting a vote needs
the person's own seat on the meeting date, or the programme team recording it; drafting,
tabling, each step of a dispute, the pathway, opening and closing a vote and recording a
ratification are for the programme team. Each operation calls the service its page calls,
asks the policy the page asks, and is refused in the page's words (docs/api.md).
Refusals use the API's one error shape; lists are paged (``limit``, ``offset``); a step
of a record's life sends back the version (``If-Match``) read with it.
"""

import datetime
from collections.abc import Callable
from decimal import Decimal
from typing import Annotated, Literal

from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from ninja import Field, Query, Schema, Status
from pydantic import StringConstraints, WithJsonSchema, field_validator

from accord import policy
from accord.core.errors import AccordError
from accord.core.schemas import PlausibleDate, Text
from accord.core.scope import Scope
from accord.core.text import LONG_TEXT, NAME, NOTE, SHORT, TITLE
from accord.governance.models import Body, Person
from accord.governance.selectors import people_of
from accord.meetings.access import access_for
from accord.meetings.models import ExemptParagraph, Meeting
from accord.partnerships.endpoints import (
    CHANGE_ERRORS,
    CREATE_ERRORS,
    SIGNED_IN,
    VERSIONED_CHANGE,
    VERSIONED_READ,
    IllustrativeFields,
    Router,
    etag_of,
    example,
    illustrative_in,
    partnership_from,
    replies,
    require_version,
    send_version,
)
from accord.partnerships.models import Partnership
from accord.partnerships.selectors import get_in
from accord.rules import parse_rule

from . import selectors, services
from .exports import unit_votes
from .models import (
    Ballot,
    BallotOutcome,
    DisputeStep,
    DisputeStepKind,
    EscalationResult,
    Proposal,
    ProposalKind,
    ProposalState,
    Ratification,
    RuleSource,
    Stage,
    StageKind,
    StageStatus,
    Vote,
    VoteValue,
)

POUNDS_PATTERN = r"^[0-9]{1,12}(\.[0-9]{1,2})?$"
# A sum of pounds and pence sent as a string ("1500000.00"), never a float.
Pounds = Annotated[
    str,
    StringConstraints(strip_whitespace=True, max_length=15, pattern=POUNDS_PATTERN),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": POUNDS_PATTERN,
            "minLength": 1,
            "maxLength": 15,
            "description": "Pounds and pence, 0 or more, as a string",
            "example": "1500000.00",
        }
    ),
]

router = Router(tags=["decisions"])

VERSION = Field(
    description="The record's version (its ETag): send it as If-Match to change the record"
)


# ---------------------------------------------------------------- what is shown


class ProposalOut(Schema):
    id: int
    title: str
    kind: ProposalKind
    summary: str
    state: ProposalState
    deciding_body_id: int
    deciding_body: str
    owner_id: int | None
    decided_on: datetime.date | None
    takes_effect_on: datetime.date | None
    outside_constitution: bool = Field(
        description="A step on it was taken outside the constitution in force (flagged)"
    )
    outside_constitution_note: str
    commits: str | None = Field(
        description="The sum the decision commits (pounds and pence, as a string), where it "
        "commits one: above a representative's delegated limit, their vote for counts only "
        "subject to ratification"
    )
    version: str = VERSION
    illustrative: IllustrativeFields

    @staticmethod
    def resolve_deciding_body(proposal: Proposal) -> str:
        return proposal.deciding_body.name

    @staticmethod
    def resolve_commits(proposal: Proposal) -> str | None:
        return None if proposal.commits is None else f"{proposal.commits:.2f}"

    @staticmethod
    def resolve_version(proposal: Proposal) -> str:
        return etag_of(proposal)


class StageOut(Schema):
    id: int
    order: int
    kind: StageKind
    body_id: int | None
    body: str | None
    authority: str
    status: StageStatus
    completed_on: datetime.date | None
    note: str
    version: str = VERSION

    @staticmethod
    def resolve_body(stage: Stage) -> str | None:
        return stage.body.name if stage.body else None

    @staticmethod
    def resolve_version(stage: Stage) -> str:
        return etag_of(stage)


class DisputeStepOut(Schema):
    id: int
    kind: DisputeStepKind
    taken_on: datetime.date
    body_id: int | None
    body: str | None
    result: EscalationResult | None = Field(description="The escalation body's result")
    note: str
    within_constitution: bool
    illustrative: IllustrativeFields

    @staticmethod
    def resolve_body(step: DisputeStep) -> str | None:
        return step.body.name if step.body else None

    @staticmethod
    def resolve_result(step: DisputeStep) -> str | None:
        return step.result or None


class TablingOut(Schema):
    """The proposal on a meeting's agenda (as the caller may see that agenda)."""

    item_id: int
    meeting_id: int
    meeting_date: datetime.date
    is_exempt: bool


class VoteOut(Schema):
    id: int
    ballot_id: int
    unit: str
    partner_id: int | None
    cast_by_id: int
    cast_by: str
    value: VoteValue
    subject_to_ratification: bool
    ratification: Ratification | None
    ratified_on: datetime.date | None
    current: bool = Field(description="False once a later vote of the unit replaced it")
    created_at: datetime.datetime
    version: str = VERSION
    illustrative: IllustrativeFields

    @staticmethod
    def resolve_cast_by(vote: Vote) -> str:
        return vote.cast_by.name

    @staticmethod
    def resolve_ratification(vote: Vote) -> str | None:
        return vote.ratification or None

    @staticmethod
    def resolve_version(vote: Vote) -> str:
        return etag_of(vote)


class BallotOut(Schema):
    id: int
    proposal_id: int
    meeting_id: int
    round: int
    rule: dict[str, object]
    rule_text: str = Field(description="The rule in words")
    rule_source: RuleSource
    is_open: bool
    closed_at: datetime.datetime | None
    outcome: BallotOutcome | None
    votes_for: int
    votes_against: int
    abstentions: int
    absent: int
    base: int
    required: str
    reason: str
    audit_sequence: int | None
    audit_hash: str
    version: str = VERSION
    illustrative: IllustrativeFields

    @staticmethod
    def resolve_rule_text(ballot: Ballot) -> str:
        return parse_rule(ballot.rule).describe()

    @staticmethod
    def resolve_outcome(ballot: Ballot) -> str | None:
        return ballot.outcome or None

    @staticmethod
    def resolve_version(ballot: Ballot) -> str:
        return etag_of(ballot)


class ProposalBallotOut(BallotOut):
    votes: list[VoteOut] = Field(description="How each voting member voted (current votes)")

    @staticmethod
    def resolve_votes(ballot: Ballot) -> list[Vote]:
        return [vote for vote in ballot.votes.all() if vote.current]  # prefetched


class NextStepOut(Schema):
    trigger: str = Field(description="The step, as the proposal's lifecycle names it")
    label: str
    within_constitution: bool = Field(
        description="The constitution in force provides for it (otherwise it is recorded "
        "as it happened, and flagged)"
    )


class ProposalDetailOut(Schema):
    """What the proposal's page shows: the proposal, its pathway, where it was tabled, its
    votes and the steps of its dispute, and (to the programme team) what may happen next."""

    proposal: ProposalOut
    stages: list[StageOut]
    tablings: list[TablingOut]
    ballots: list[ProposalBallotOut]
    steps: list[DisputeStepOut]
    next_steps: list[NextStepOut]


class CasterOut(Schema):
    person_id: int
    name: str
    role: Literal["representative", "substitute"]
    beyond_delegated_limit: bool = Field(
        description="The proposal commits more than this person's delegated limit: their "
        "vote for counts only subject to ratification by the partner's own body"
    )


class UnitOut(Schema):
    key: str
    label: str
    partner_id: int | None
    casters: list[CasterOut] = Field(
        description="Who may cast its vote now, as the caller may record it: the programme "
        "team sees everyone entitled; a member, themselves where they may cast it"
    )


class BallotDetailOut(Schema):
    """What the vote's page shows: its rule and counts, its voting members and who may cast
    each vote, and every vote recorded (those replaced while it was open too)."""

    ballot: BallotOut
    units: list[UnitOut]
    votes: list[VoteOut]


def proposal_detail_of(
    request: HttpRequest, partnership: Partnership, pk: int
) -> tuple[Proposal, ProposalDetailOut]:
    """The proposal as its page shows it to this caller, and the row its version is of."""
    proposal = selectors.proposal_get(partnership, pk=pk)
    today = timezone.localdate()
    access = access_for(request.user, partnership, on=today)
    tablings = [
        TablingOut(
            item_id=tabling.item_id,
            meeting_id=tabling.item.meeting_id,
            meeting_date=tabling.item.meeting.date,
            is_exempt=tabling.item.is_exempt,
        )
        for tabling in proposal.tablings.select_related("item__meeting").order_by(
            "item__meeting__date"
        )
        # Only where the caller sees that agenda and item, as on the meeting's page.
        if access.sees_agenda(tabling.item.meeting)
        and (not tabling.item.is_exempt or access.sees_exempt(tabling.item.meeting))
    ]
    may_change = policy.may(request.user, "decision.change", partnership)
    next_steps = selectors.next_steps(proposal, on=today) if may_change else []
    # As the page tells the story: a return to a second meeting shows as its vote.
    steps = [step for step in proposal.steps.all() if step.kind != DisputeStepKind.SECOND_MEETING]
    detail = ProposalDetailOut(
        # The schemas read the rows (``ProposalOut`` and the others resolve what they show).
        proposal=proposal,  # type: ignore[arg-type]
        stages=proposal.stages.all(),  # type: ignore[arg-type]
        tablings=tablings,
        ballots=proposal.ballots.all(),  # type: ignore[arg-type]
        steps=steps,  # type: ignore[arg-type]
        next_steps=[
            NextStepOut(trigger=row.trigger, label=row.label, within_constitution=within)
            for row, within in next_steps
        ],
    )
    return proposal, detail


def proposal_answer(
    request: HttpRequest, response: HttpResponse, partnership: Partnership, pk: int
) -> ProposalDetailOut:
    """The proposal as it now stands, with its version (``ETag``)."""
    proposal, detail = proposal_detail_of(request, partnership, pk)
    send_version(response, proposal)
    return detail


def ballot_detail_of(
    request: HttpRequest, partnership: Partnership, ballot: Ballot
) -> BallotDetailOut:
    """The vote as its page shows it to this caller. Who may cast each vote is shown as the
    page's form offers it, while the vote is open: to the programme team, everyone entitled;
    to a member, themselves where they may cast it."""
    casters: dict[str, list[int]] = {}
    if ballot.is_open and policy.may(request.user, "decision.vote", partnership):
        casters = services.vote_casters(ballot)
        if not policy.may(request.user, "decision.change", partnership):
            own = set(people_of(partnership, request.user))
            casters = {unit: [p for p in people if p in own] for unit, people in casters.items()}
    names = Person.objects.in_bulk({p for people in casters.values() for p in people})
    units = [
        UnitOut(
            key=unit["key"],
            label=unit["label"],
            partner_id=unit["partner_id"],
            casters=[
                CasterOut(
                    person_id=pk,
                    name=names[pk].name,
                    role="representative" if pk in unit["representatives"] else "substitute",
                    beyond_delegated_limit=services.ratification_required(ballot, unit["key"], pk),
                )
                for pk in casters.get(unit["key"], [])
            ],
        )
        for unit in ballot.units
    ]
    votes = ballot.votes.select_related("cast_by").order_by("created_at")
    return BallotDetailOut(ballot=ballot, units=units, votes=votes)  # type: ignore[arg-type]


# ---------------------------------------------------------------- what is sent


class ProposalFilters(Schema):
    """The register's filters, as its page names them (``?state=carried&kind=policy``)."""

    state: ProposalState | None = Field(None, description="Where it stands")
    kind: ProposalKind | None = Field(None, description="Type of proposal")

    @field_validator("state", "kind", mode="before")
    @classmethod
    def any_when_empty(cls, value: object) -> object:
        return value or None  # ``?state=`` is "any", as the page's first choice


class ProposalIn(Schema):
    model_config = example(
        {
            "title": "Annual Plan 2010/11",
            "kind": "annual_plan",
            "summary": "The programme's plan and budget for 2010/11",
            "deciding_body_id": 1,
        }
    )
    title: Annotated[str, Text(TITLE, blank=False)]
    kind: ProposalKind
    summary: Annotated[str, Text(LONG_TEXT)] = Field("", description="What is proposed")
    deciding_body_id: int
    owner_id: int | None = Field(None, description="The officer responsible for the proposal")
    commits: Pounds | None = Field(
        None, description="The sum the decision commits, where it commits one"
    )


class CommitsIn(Schema):
    model_config = example({"commits": "1500000.00"})
    commits: Pounds | None = Field(description="The sum the decision commits, or null for none")


class TableIn(Schema):
    model_config = example({"meeting_id": 12})
    meeting_id: int = Field(description="A meeting of the deciding body not yet held")
    is_exempt: bool = Field(False, description="Exempt (confidential): withheld from the public")
    exempt_paragraph: ExemptParagraph | Literal[""] = Field(
        "",
        description="For an exempt item: the paragraph of Schedule 12A to the Local Government "
        "Act 1972 (1 to 7), or other grounds",
    )
    exempt_reason: Annotated[str, Text(TITLE)] = Field(
        "", description="The other grounds (needed for 'other')"
    )
    public_interest_test: Annotated[str, Text(NOTE)] = Field(
        "",
        description="For a paragraph of Schedule 12A: why the public interest in withholding "
        "outweighs the public interest in disclosing it",
    )


class CompromiseIn(Schema):
    model_config = example(
        {
            "on": "2010-02-12",
            "amended_summary": "The plan with the floating support review deferred to 2011",
            "note": "Agreed between the county and Cherwell's lead members",
        }
    )
    on: PlausibleDate
    amended_summary: Annotated[str, Text(LONG_TEXT)] = Field("", description="The amended proposal")
    note: Annotated[str, Text(NOTE)] = Field("", description="What happened")
    as_it_happened: bool = Field(
        False,
        description="Record it although the constitution does not provide for it (flagged)",
    )


class EscalateIn(Schema):
    model_config = example({"on": "2010-02-12", "note": "Referred to the chief executives' group"})
    on: PlausibleDate
    note: Annotated[str, Text(NOTE)] = Field("", description="What happened")
    as_it_happened: bool = Field(
        False,
        description="Record it although the constitution does not provide for it (flagged)",
    )


class EscalationResultIn(Schema):
    model_config = example(
        {
            "on": "2010-02-26",
            "result": "compromise_found",
            "amended_summary": "The plan as amended by the chief executives",
            "note": "",
        }
    )
    on: PlausibleDate
    result: EscalationResult
    amended_summary: Annotated[str, Text(LONG_TEXT)] = Field(
        "", description="The compromise found, where there is one"
    )
    note: Annotated[str, Text(NOTE)] = Field("", description="What happened")


class DecideOutsideIn(Schema):
    model_config = example(
        {"on": "2010-03-01", "note": "The county council's cabinet decided under its own powers"}
    )
    on: PlausibleDate
    note: Annotated[str, Text(NOTE, blank=False)] = Field(
        description="What was decided, by whom, and how"
    )


class CallInIn(Schema):
    model_config = example({"on": "2010-03-10", "note": "Called in by the scrutiny committee"})
    on: PlausibleDate
    note: Annotated[str, Text(NOTE)] = Field("", description="What happened")


class ProposalWithdrawIn(Schema):
    model_config = example({"on": "2010-02-12", "note": "Superseded by the revised strategy"})
    on: PlausibleDate
    note: Annotated[str, Text(NOTE)] = Field("", description="What happened")


class StageIn(Schema):
    model_config = example({"kind": "ratify", "body_id": 3, "authority": ""})
    kind: StageKind
    body_id: int | None = Field(None, description="At which of the partnership's bodies")
    authority: Annotated[str, Text(NAME)] = Field(
        "", description="Or who: e.g. the Secretary of State"
    )


class StageCompleteIn(Schema):
    model_config = example(
        {"status": "done", "on": "2010-03-18", "note": "Ratified by the county council's cabinet"}
    )
    status: StageStatus = Field(description="done, or not_needed")
    on: PlausibleDate
    note: Annotated[str, Text(NOTE)] = ""


class OpenIn(Schema):
    model_config = example({"meeting_id": 12})
    meeting_id: int


class VoteIn(Schema):
    model_config = example(
        {"unit": "partner-4", "value": "for", "cast_by_id": 17, "subject_to_ratification": False}
    )
    unit: Annotated[str, Text(SHORT, blank=False)] = Field(
        description="Whose vote: partner-<id>, or member-<person id> for a service user "
        "representative who votes"
    )
    value: VoteValue
    cast_by_id: int | None = None
    subject_to_ratification: bool = False


class RatifyIn(Schema):
    model_config = example({"ratified": True, "on": "2010-03-02"})
    ratified: bool = Field(description="True: the partner ratified the vote; false: refused")
    on: PlausibleDate


# ---------------------------------------------------------------- proposals


@router.get(
    "/partnerships/{slug}/proposals",
    response=replies({200: list[ProposalOut]}),
    auth=SIGNED_IN,
    summary="The decisions register (newest first; filter by state or kind)",
)
def proposal_list(
    request: HttpRequest, slug: str, filters: Query[ProposalFilters]
) -> QuerySet[Proposal]:
    partnership = partnership_from(request, slug, "decision.view")
    return selectors.proposal_list(partnership, state=filters.state or "", kind=filters.kind or "")


@router.post(
    "/partnerships/{slug}/proposals",
    response=replies({201: ProposalDetailOut}, CREATE_ERRORS),
    auth=SIGNED_IN,
    summary="Draft a proposal, with the pathway its constitution implies",
)
def proposal_create(
    request: HttpRequest, slug: str, payload: ProposalIn
) -> Status[ProposalDetailOut]:
    partnership = partnership_from(request, slug, "decision.change")
    proposal = services.proposal_create(
        actor=request.user,
        partnership=partnership,
        on=timezone.localdate(),
        title=payload.title,
        kind=payload.kind,
        summary=payload.summary,
        deciding_body=get_in(partnership, Body, payload.deciding_body_id, field="deciding_body_id"),
        owner=(
            None
            if payload.owner_id is None
            else get_in(partnership, Person, payload.owner_id, field="owner_id")
        ),
        commits=None if payload.commits is None else Decimal(payload.commits),
    )
    return Status(201, proposal_detail_of(request, partnership, proposal.pk)[1])


@router.get(
    "/partnerships/{slug}/proposals/{proposal_id}",
    response=replies({200: ProposalDetailOut}),
    auth=SIGNED_IN,
    openapi_extra=VERSIONED_READ,
    summary="A proposal's story: its pathway, tablings, votes with their rules and counts, "
    "the steps of its dispute (flagged when outside the constitution), and what may happen "
    "next; with its version (ETag)",
)
def proposal_detail(
    request: HttpRequest, response: HttpResponse, slug: str, proposal_id: int
) -> ProposalDetailOut:
    partnership = partnership_from(request, slug, "decision.view")
    return proposal_answer(request, response, partnership, proposal_id)


@router.post(
    "/partnerships/{slug}/proposals/{proposal_id}/table",
    response=replies({200: ProposalDetailOut}, CHANGE_ERRORS),
    auth=SIGNED_IN,
    openapi_extra=VERSIONED_CHANGE,
    summary="Table the proposal at a meeting of its deciding body (its agenda gains an item)",
)
def proposal_table(
    request: HttpRequest, response: HttpResponse, slug: str, proposal_id: int, payload: TableIn
) -> ProposalDetailOut:
    partnership = partnership_from(request, slug, "decision.change")
    proposal = get_in(partnership, Proposal, proposal_id)
    meeting = get_in(partnership, Meeting, payload.meeting_id, field="meeting_id")
    with transaction.atomic():
        services.proposal_table(
            actor=request.user,
            proposal=require_version(request, proposal),
            meeting=meeting,
            is_exempt=payload.is_exempt,
            exempt_paragraph=payload.exempt_paragraph,
            exempt_reason=payload.exempt_reason,
            public_interest_test=payload.public_interest_test,
        )
    return proposal_answer(request, response, partnership, proposal_id)


# ---------------------------------------------------------------- a dispute's steps
# One operation per step of the step page (views/changes.py STEPS), with its inputs.


def step_taken(
    request: HttpRequest,
    response: HttpResponse,
    partnership: Partnership,
    proposal_id: int,
    step: Callable[[Proposal], object],
) -> ProposalDetailOut:
    """Take one step of the proposal's life on the version the caller read (``If-Match``),
    and answer the proposal as it now stands."""
    proposal = get_in(partnership, Proposal, proposal_id)
    with transaction.atomic():
        step(require_version(request, proposal))
    return proposal_answer(request, response, partnership, proposal_id)


@router.post(
    "/partnerships/{slug}/proposals/{proposal_id}/steps/compromise",
    response=replies({200: ProposalDetailOut}, CHANGE_ERRORS),
    auth=SIGNED_IN,
    openapi_extra=VERSIONED_CHANGE,
    summary="Seek a compromise: the amended proposal returns to a later meeting",
)
def proposal_compromise(
    request: HttpRequest,
    response: HttpResponse,
    slug: str,
    proposal_id: int,
    payload: CompromiseIn,
) -> ProposalDetailOut:
    partnership = partnership_from(request, slug, "decision.change")
    return step_taken(
        request,
        response,
        partnership,
        proposal_id,
        lambda proposal: services.proposal_compromise(
            actor=request.user,
            proposal=proposal,
            on=payload.on,
            amended_summary=payload.amended_summary,
            note=payload.note,
            as_it_happened=payload.as_it_happened,
        ),
    )


@router.post(
    "/partnerships/{slug}/proposals/{proposal_id}/steps/escalate",
    response=replies({200: ProposalDetailOut}, CHANGE_ERRORS),
    auth=SIGNED_IN,
    openapi_extra=VERSIONED_CHANGE,
    summary="Escalate the dispute to the constitution's escalation body",
)
def proposal_escalate(
    request: HttpRequest,
    response: HttpResponse,
    slug: str,
    proposal_id: int,
    payload: EscalateIn,
) -> ProposalDetailOut:
    partnership = partnership_from(request, slug, "decision.change")
    return step_taken(
        request,
        response,
        partnership,
        proposal_id,
        lambda proposal: services.proposal_escalate(
            actor=request.user,
            proposal=proposal,
            on=payload.on,
            note=payload.note,
            as_it_happened=payload.as_it_happened,
        ),
    )


@router.post(
    "/partnerships/{slug}/proposals/{proposal_id}/steps/escalation-result",
    response=replies({200: ProposalDetailOut}, CHANGE_ERRORS),
    auth=SIGNED_IN,
    openapi_extra=VERSIONED_CHANGE,
    summary="Record the escalation body's result: a compromise or no change (the proposal "
    "returns), or a determination (it is decided)",
)
def escalation_result_record(
    request: HttpRequest,
    response: HttpResponse,
    slug: str,
    proposal_id: int,
    payload: EscalationResultIn,
) -> ProposalDetailOut:
    partnership = partnership_from(request, slug, "decision.change")
    return step_taken(
        request,
        response,
        partnership,
        proposal_id,
        lambda proposal: services.escalation_result_record(
            actor=request.user,
            proposal=proposal,
            on=payload.on,
            result=payload.result,
            amended_summary=payload.amended_summary,
            note=payload.note,
        ),
    )


@router.post(
    "/partnerships/{slug}/proposals/{proposal_id}/steps/decide-outside",
    response=replies({200: ProposalDetailOut}, CHANGE_ERRORS),
    auth=SIGNED_IN,
    openapi_extra=VERSIONED_CHANGE,
    summary="Record a decision taken outside the constitution, as it happened (flagged)",
)
def decision_record_outside_constitution(
    request: HttpRequest,
    response: HttpResponse,
    slug: str,
    proposal_id: int,
    payload: DecideOutsideIn,
) -> ProposalDetailOut:
    partnership = partnership_from(request, slug, "decision.change")
    return step_taken(
        request,
        response,
        partnership,
        proposal_id,
        lambda proposal: services.decision_record_outside_constitution(
            actor=request.user, proposal=proposal, on=payload.on, note=payload.note
        ),
    )


@router.post(
    "/partnerships/{slug}/proposals/{proposal_id}/steps/call-in",
    response=replies({200: ProposalDetailOut}, CHANGE_ERRORS),
    auth=SIGNED_IN,
    openapi_extra=VERSIONED_CHANGE,
    summary="Record a call-in within the call-in period (the partnership's scrutiny committee, "
    "or the programme team): the decision does not take effect and returns to the deciding body",
)
def decision_call_in(
    request: HttpRequest,
    response: HttpResponse,
    slug: str,
    proposal_id: int,
    payload: CallInIn,
) -> ProposalDetailOut:
    partnership = partnership_from(request, slug, "decision.call_in")
    return step_taken(
        request,
        response,
        partnership,
        proposal_id,
        lambda proposal: services.decision_call_in(
            actor=request.user, proposal=proposal, on=payload.on, body=None, note=payload.note
        ),
    )


@router.post(
    "/partnerships/{slug}/proposals/{proposal_id}/steps/withdraw",
    response=replies({200: ProposalDetailOut}, CHANGE_ERRORS),
    auth=SIGNED_IN,
    openapi_extra=VERSIONED_CHANGE,
    summary="Withdraw the proposal",
)
def proposal_withdraw(
    request: HttpRequest,
    response: HttpResponse,
    slug: str,
    proposal_id: int,
    payload: ProposalWithdrawIn,
) -> ProposalDetailOut:
    partnership = partnership_from(request, slug, "decision.change")
    return step_taken(
        request,
        response,
        partnership,
        proposal_id,
        lambda proposal: services.proposal_withdraw(
            actor=request.user, proposal=proposal, on=payload.on, note=payload.note
        ),
    )


# ---------------------------------------------------------------- the pathway


@router.post(
    "/partnerships/{slug}/proposals/{proposal_id}/stages",
    response=replies({201: StageOut}, CREATE_ERRORS),
    auth=SIGNED_IN,
    summary="Add a stage to the pathway, e.g. ratification by a partner's cabinet, or a "
    "Secretary of State's consent",
)
def stage_add(request: HttpRequest, slug: str, proposal_id: int, payload: StageIn) -> Status[Stage]:
    partnership = partnership_from(request, slug, "decision.change")
    proposal = get_in(partnership, Proposal, proposal_id)
    stage = services.stage_add(
        actor=request.user,
        proposal=proposal,
        kind=payload.kind,
        body=(
            None
            if payload.body_id is None
            else get_in(partnership, Body, payload.body_id, field="body_id")
        ),
        authority=payload.authority,
    )
    return Status(201, stage)


@router.post(
    "/partnerships/{slug}/stages/{stage_id}/complete",
    response=replies({200: StageOut}, CHANGE_ERRORS),
    auth=SIGNED_IN,
    openapi_extra=VERSIONED_CHANGE,
    summary="Record a stage of the pathway: done, or not needed, on a date",
)
def stage_complete(
    request: HttpRequest,
    response: HttpResponse,
    slug: str,
    stage_id: int,
    payload: StageCompleteIn,
) -> Stage:
    partnership = partnership_from(request, slug, "decision.change")
    stage = get_in(partnership, Stage, stage_id)
    with transaction.atomic():
        services.stage_complete(
            actor=request.user,
            stage=require_version(request, stage),
            on=payload.on,
            status=payload.status,
            note=payload.note,
        )
    stage = Stage.objects.select_related("body").get(pk=stage.pk)
    send_version(response, stage)
    return stage


# ---------------------------------------------------------------- votes


@router.get(
    "/partnerships/{slug}/proposals/{proposal_id}/ballots",
    response=replies({200: list[BallotOut]}),
    auth=SIGNED_IN,
    summary="A proposal's votes with their rules, counts, outcomes and audit records",
)
def ballot_list(request: HttpRequest, slug: str, proposal_id: int) -> QuerySet[Ballot]:
    partnership = partnership_from(request, slug, "decision.view")
    proposal = get_in(partnership, Proposal, proposal_id)
    return proposal.ballots.order_by("round")


@router.post(
    "/partnerships/{slug}/proposals/{proposal_id}/ballots",
    response=replies({201: BallotOut}, CREATE_ERRORS),
    auth=SIGNED_IN,
    summary="Open the vote on a tabled proposal at a meeting",
)
def ballot_open(
    request: HttpRequest, slug: str, proposal_id: int, payload: OpenIn
) -> Status[Ballot]:
    partnership = partnership_from(request, slug, "decision.change")
    proposal = get_in(partnership, Proposal, proposal_id)
    meeting = get_in(partnership, Meeting, payload.meeting_id, field="meeting_id")
    return Status(201, services.ballot_open(actor=request.user, proposal=proposal, meeting=meeting))


@router.get(
    "/partnerships/{slug}/ballots/{ballot_id}",
    response=replies({200: BallotDetailOut}),
    auth=SIGNED_IN,
    openapi_extra=VERSIONED_READ,
    summary="A vote: its rule, each voting member and who may cast its vote, the votes "
    "recorded, and the counts and outcome once closed; with its version (ETag)",
)
def ballot_detail(
    request: HttpRequest, response: HttpResponse, slug: str, ballot_id: int
) -> BallotDetailOut:
    partnership = partnership_from(request, slug, "decision.view")
    ballot = get_in(partnership, Ballot, ballot_id)
    send_version(response, ballot)
    return ballot_detail_of(request, partnership, ballot)


@router.post(
    "/partnerships/{slug}/ballots/{ballot_id}/votes",
    response=replies({201: VoteOut}, CREATE_ERRORS),
    auth=SIGNED_IN,
    summary="Cast a voting member's vote (a later vote replaces it while the vote is open). "
    "A member casts their own partner's vote; the programme team records a vote cast in the "
    "room and names its caster (cast_by_id).",
)
def vote_create(request: HttpRequest, slug: str, ballot_id: int, payload: VoteIn) -> Status[Vote]:
    partnership = partnership_from(request, slug, "decision.vote")
    ballot = get_in(partnership, Ballot, ballot_id)
    officer = policy.may(request.user, "decision.change", partnership)
    if payload.cast_by_id is not None:
        cast_by = get_in(partnership, Person, payload.cast_by_id, field="cast_by_id")
    elif officer:
        raise AccordError("Say who cast the vote", field="cast_by_id")
    else:
        # A member is the caster of the vote they cast: their own person in the register.
        own = people_of(partnership, request.user)
        if not own:
            raise AccordError("You can cast only your own vote", field="cast_by_id")
        cast_by = get_in(partnership, Person, own[0], field="cast_by_id")
    vote = services.vote_cast(
        actor=request.user,
        ballot=ballot,
        unit=payload.unit,
        cast_by=cast_by,
        value=payload.value,
        subject_to_ratification=payload.subject_to_ratification,
        for_the_record=officer,
    )
    return Status(201, vote)


@router.post(
    "/partnerships/{slug}/ballots/{ballot_id}/close",
    response=replies({200: BallotOut}, CHANGE_ERRORS),
    auth=SIGNED_IN,
    openapi_extra=VERSIONED_CHANGE,
    summary="Close the vote: the rule in force decides, and the outcome is stored",
)
def ballot_close(request: HttpRequest, response: HttpResponse, slug: str, ballot_id: int) -> Ballot:
    partnership = partnership_from(request, slug, "decision.change")
    ballot = get_in(partnership, Ballot, ballot_id)
    with transaction.atomic():
        services.ballot_close(actor=request.user, ballot=require_version(request, ballot))
    ballot = Ballot.objects.get(pk=ballot.pk)
    send_version(response, ballot)
    return ballot


@router.post(
    "/partnerships/{slug}/votes/{vote_id}/ratify",
    response=replies({200: VoteOut}, CHANGE_ERRORS),
    auth=SIGNED_IN,
    openapi_extra=VERSIONED_CHANGE,
    summary="Record the partner's ratification (or refusal) of a vote given subject to it: "
    "when the last is ratified the proposal is carried; a refusal counts as a vote against",
)
def vote_ratify(
    request: HttpRequest, response: HttpResponse, slug: str, vote_id: int, payload: RatifyIn
) -> Vote:
    partnership = partnership_from(request, slug, "decision.change")
    vote = get_in(partnership, Vote, vote_id)
    with transaction.atomic():
        services.vote_ratify(
            actor=request.user,
            vote=require_version(request, vote),
            ratified=payload.ratified,
            on=payload.on,
        )
    vote = Vote.objects.select_related("cast_by").get(pk=vote.pk)
    send_version(response, vote)
    return vote


# ---------------------------------------------------------------- the public record


class DecisionOut(Schema):
    """A decision of the register: its outcome as it took effect."""

    id: int
    title: str
    kind: ProposalKind
    deciding_body: str
    state: ProposalState = Field(description="The outcome as it took effect")
    decided_on: datetime.date | None
    takes_effect_on: datetime.date | None
    outside_constitution: bool = Field(
        description="A step on it was taken outside the constitution in force (flagged)"
    )
    illustrative: IllustrativeFields

    @staticmethod
    def resolve_deciding_body(proposal: Proposal) -> str:
        return proposal.deciding_body.name

    @staticmethod
    def resolve_illustrative(proposal: Proposal) -> list[str]:
        return illustrative_in(DecisionOut, proposal)


class RouteStepOut(Schema):
    date: datetime.date
    text: str
    within_constitution: bool
    note: str
    illustrative: IllustrativeFields


class UnitVoteOut(Schema):
    voter: str = Field(description="The voting member: a partner, or a voting person")
    vote: Literal["for", "against", "abstain", "absent"]
    illustrative: IllustrativeFields


class DecisionBallotOut(Schema):
    id: int
    round: int
    meeting_id: int
    meeting_date: datetime.date
    outcome: BallotOutcome
    votes_for: int
    votes_against: int
    abstentions: int
    absent: int
    required: str
    reason: str
    audit_sequence: int | None
    audit_hash: str
    votes: list[UnitVoteOut]
    illustrative: IllustrativeFields


class CallInOut(Schema):
    """What scrutiny needs to call the decision in (for those who may)."""

    open: bool = Field(description="The call-in period is running today")
    ends_on: datetime.date | None
    working_days: int | None
    reason: str = Field(description="Why it cannot be called in, when it cannot")


class DecisionDetailOut(Schema):
    """A decision's public record."""

    id: int
    title: str
    kind: ProposalKind
    deciding_body: str
    state: ProposalState = Field(description="The outcome as it took effect")
    decided_on: datetime.date | None
    takes_effect_on: datetime.date | None
    outside_constitution: bool = Field(
        description="A step on it was taken outside the constitution in force (flagged)"
    )
    summary: str
    outside_constitution_note: str
    route: list[RouteStepOut]
    ballots: list[DecisionBallotOut]
    audit_sequence: int | None = Field(
        description="The audit event that last recorded the decision: check it with "
        "`accord audit verify --published SEQUENCE:HASH`"
    )
    audit_hash: str
    call_in: CallInOut | None = Field(
        description="The call-in period (null for a caller who may not call it in)"
    )
    illustrative: IllustrativeFields


VOTE_WORDS: dict[str, Literal["for", "against", "abstain", "absent"]] = {
    "yes": "for",
    "no": "against",
    "abstain": "abstain",
    "absent": "absent",
}


@router.get(
    "/partnerships/{slug}/decisions",
    response=replies({200: list[DecisionOut]}),
    summary="The decisions register: every decision voted on, latest first (the public: "
    "those of public meetings with a published agenda, exempt items aside)",
)
def decision_list(
    request: HttpRequest, slug: str, filters: Query[ProposalFilters]
) -> QuerySet[Proposal]:
    partnership = partnership_from(request, slug, "partnership.view")
    return selectors.decision_register(
        partnership,
        published_only=not policy.may(request.user, "decision.view", partnership),
        state=filters.state or "",
        kind=filters.kind or "",
    )


@router.get(
    "/partnerships/{slug}/decisions/{decision_id}",
    response=replies({200: DecisionDetailOut}),
    summary="A decision's public record: its outcome as it took effect, the route it took, "
    "each vote with every voting member's vote, and its audit record",
)
def decision_detail(request: HttpRequest, slug: str, decision_id: int) -> DecisionDetailOut:
    partnership = partnership_from(request, slug, None)
    proposal = selectors.decision_get(partnership, pk=decision_id)
    scope = Scope(
        partnership.pk,
        body_id=proposal.deciding_body_id,
        public=True,
        published=selectors.is_published(proposal),
    )
    policy.require(request.user, "decision.view_record", scope, not_found="No such decision")
    event = selectors.decision_audit([proposal]).get(proposal.pk)
    window = (
        selectors.call_in_window(proposal, on=timezone.localdate())
        if policy.may(request.user, "decision.call_in", partnership)
        else None
    )
    return DecisionDetailOut(
        id=proposal.pk,
        title=proposal.title,
        kind=ProposalKind(proposal.kind),
        deciding_body=proposal.deciding_body.name,
        state=ProposalState(proposal.state),
        decided_on=proposal.decided_on,
        takes_effect_on=proposal.takes_effect_on,
        outside_constitution=proposal.outside_constitution,
        summary=proposal.summary,
        outside_constitution_note=proposal.outside_constitution_note,
        route=[
            RouteStepOut(
                date=step.date,
                text=step.text,
                within_constitution=step.within_constitution,
                note=step.note,
                illustrative=list(step.illustrative),
            )
            for step in selectors.decision_route(proposal)
        ],
        ballots=[
            DecisionBallotOut(
                id=ballot.pk,
                round=ballot.round,
                meeting_id=ballot.meeting_id,
                meeting_date=ballot.meeting.date,
                outcome=BallotOutcome(ballot.outcome),
                votes_for=ballot.votes_for,
                votes_against=ballot.votes_against,
                abstentions=ballot.abstentions,
                absent=ballot.absent,
                required=ballot.required,
                reason=ballot.reason,
                audit_sequence=ballot.audit_sequence,
                audit_hash=ballot.audit_hash,
                votes=[
                    UnitVoteOut(
                        voter=unit["label"],
                        vote=VOTE_WORDS[option],
                        illustrative=["vote"] if illustrative else [],
                    )
                    for unit, option, illustrative in unit_votes(ballot)
                ],
                illustrative=[
                    *illustrative_in(DecisionBallotOut, ballot),
                    *illustrative_in(DecisionBallotOut, ballot.meeting, date="meeting_date"),
                ],
            )
            for ballot in proposal.ballots.all()
        ],
        audit_sequence=event.sequence if event else None,
        audit_hash=event.hash if event else "",
        illustrative=illustrative_in(DecisionDetailOut, proposal),
        call_in=None
        if window is None
        else CallInOut(
            open=window.open,
            ends_on=window.ends_on,
            working_days=window.days,
            reason=window.reason,
        ),
    )


@router.put(
    "/partnerships/{slug}/proposals/{proposal_id}/commits",
    response=replies({200: ProposalDetailOut}, CHANGE_ERRORS),
    auth=SIGNED_IN,
    openapi_extra=VERSIONED_CHANGE,
    summary="Record the sum the decision commits, before its vote opens (refused after, "
    "naming commits)",
)
def proposal_commits_set(
    request: HttpRequest, response: HttpResponse, slug: str, proposal_id: int, payload: CommitsIn
) -> ProposalDetailOut:
    partnership = partnership_from(request, slug, "decision.change")
    proposal = selectors.proposal_get(partnership, pk=proposal_id)
    with transaction.atomic():
        require_version(request, proposal)
        services.proposal_commits_set(
            actor=request.user,
            proposal=proposal,
            commits=None if payload.commits is None else Decimal(payload.commits),
        )
    return proposal_answer(request, response, partnership, proposal.pk)

"""Proposals, votes and decisions in the JSON API.

Reading needs a seat in the partnership (or its programme team); casting a vote needs
the person's own seat on the meeting date, or the programme team recording it; opening
and closing a vote is for the programme team. Refusals use the API's one error shape.
"""

import datetime

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Schema, Status
from ninja.security import django_auth

from accord import policy
from accord.core.errors import AccordError
from accord.governance.api import one_of
from accord.governance.models import Partnership, Person
from accord.governance.selectors import partnership_get
from accord.meetings.models import Meeting

from . import selectors, services
from .models import Ballot, Proposal, Vote

router = Router(tags=["decisions"])


class ProposalOut(Schema):
    id: int
    title: str
    kind: str
    summary: str
    state: str
    deciding_body_id: int
    decided_on: datetime.date | None
    takes_effect_on: datetime.date | None
    outside_constitution: bool
    outside_constitution_note: str


class BallotOut(Schema):
    id: int
    proposal_id: int
    meeting_id: int
    round: int
    rule: dict[str, object]
    rule_source: str
    is_open: bool
    outcome: str
    votes_for: int
    votes_against: int
    abstentions: int
    absent: int
    base: int
    required: str
    reason: str
    audit_sequence: int | None
    audit_hash: str


class VoteIn(Schema):
    unit: str
    value: str
    cast_by_id: int | None = None
    subject_to_ratification: bool = False


class VoteOut(Schema):
    id: int
    ballot_id: int
    unit: str
    partner_id: int | None
    cast_by_id: int
    value: str
    subject_to_ratification: bool
    ratification: str
    current: bool


class OpenIn(Schema):
    meeting_id: int


def partnership_for(request: HttpRequest, slug: str, action: str) -> Partnership:
    partnership = partnership_get(slug=slug)
    policy.require(request.user, action, partnership)
    return partnership


@router.get(
    "/partnerships/{slug}/proposals",
    response=list[ProposalOut],
    auth=django_auth,
    summary="The decisions register (newest first; filter by state or kind)",
)
def proposal_list(
    request: HttpRequest,
    slug: str,
    state: str = "",
    kind: str = "",
    limit: int = 50,
    offset: int = 0,
) -> list[Proposal]:
    partnership = partnership_for(request, slug, "decision.view")
    limit = max(1, min(limit, 200))
    return list(
        selectors.proposal_list(partnership, state=state, kind=kind)[offset : offset + limit]
    )


@router.get(
    "/partnerships/{slug}/proposals/{proposal_id}/ballots",
    response=list[BallotOut],
    auth=django_auth,
    summary="A proposal's votes with their rules, counts, outcomes and audit records",
)
def ballot_list(request: HttpRequest, slug: str, proposal_id: int) -> list[Ballot]:
    partnership = partnership_for(request, slug, "decision.view")
    proposal = get_object_or_404(Proposal, partnership=partnership, pk=proposal_id)
    return list(proposal.ballots.order_by("round"))


@router.post(
    "/partnerships/{slug}/proposals/{proposal_id}/ballots",
    response={201: BallotOut},
    auth=django_auth,
    summary="Open the vote on a tabled proposal at a meeting",
)
def ballot_open(
    request: HttpRequest, slug: str, proposal_id: int, payload: OpenIn
) -> Status[Ballot]:
    partnership = partnership_for(request, slug, "decision.change")
    proposal = get_object_or_404(Proposal, partnership=partnership, pk=proposal_id)
    meeting = one_of(Meeting, partnership, payload.meeting_id, "meeting_id")
    return Status(201, services.ballot_open(actor=request.user, proposal=proposal, meeting=meeting))


@router.post(
    "/partnerships/{slug}/ballots/{ballot_id}/votes",
    response={201: VoteOut},
    auth=django_auth,
    summary="Cast a voting member's vote (a later vote replaces it while the vote is open)",
)
def vote_create(request: HttpRequest, slug: str, ballot_id: int, payload: VoteIn) -> Status[Vote]:
    partnership = partnership_for(request, slug, "decision.vote")
    ballot = get_object_or_404(Ballot, partnership=partnership, pk=ballot_id)
    if policy.may(request.user, "decision.change", partnership):
        if payload.cast_by_id is None:
            raise AccordError("Say who cast the vote", field="cast_by_id")
        cast_by = one_of(Person, partnership, payload.cast_by_id, "cast_by_id")
    else:
        own = partnership.people.filter(user_id=int(request.user.pk or 0))
        if payload.cast_by_id is not None:
            own = own.filter(pk=payload.cast_by_id)
        found = own.first()
        if found is None:
            raise AccordError("You can cast only your own vote", field="cast_by_id")
        cast_by = found
    vote = services.vote_cast(
        actor=request.user,
        ballot=ballot,
        unit=payload.unit,
        cast_by=cast_by,
        value=payload.value,
        subject_to_ratification=payload.subject_to_ratification,
    )
    return Status(201, vote)


@router.post(
    "/partnerships/{slug}/ballots/{ballot_id}/close",
    response=BallotOut,
    auth=django_auth,
    summary="Close the vote: the rule in force decides, and the outcome is stored",
)
def ballot_close(request: HttpRequest, slug: str, ballot_id: int) -> Ballot:
    partnership = partnership_for(request, slug, "decision.change")
    ballot = get_object_or_404(Ballot, partnership=partnership, pk=ballot_id)
    return services.ballot_close(actor=request.user, ballot=ballot)

"""Proposals, votes and decisions in the JSON API.

Reading needs a seat in the partnership (or its programme team); casting a vote needs
the person's own seat on the meeting date, or the programme team recording it; opening
and closing a vote is for the programme team. Refusals use the API's one error shape;
lists are paged (``limit``, ``offset``).
"""

import datetime

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Schema, Status
from ninja.security import django_auth

from accord import policy
from accord.core.errors import AccordError
from accord.governance.models import Person
from accord.governance.selectors import people_of
from accord.meetings.models import Meeting
from accord.partnerships.endpoints import Router, partnership_from
from accord.partnerships.selectors import get_in

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


@router.get(
    "/partnerships/{slug}/proposals",
    response=list[ProposalOut],
    auth=django_auth,
    summary="The decisions register (newest first; filter by state or kind)",
)
def proposal_list(
    request: HttpRequest, slug: str, state: str = "", kind: str = ""
) -> QuerySet[Proposal]:
    partnership = partnership_from(request, slug, "decision.view")
    return selectors.proposal_list(partnership, state=state, kind=kind)


@router.get(
    "/partnerships/{slug}/proposals/{proposal_id}/ballots",
    response=list[BallotOut],
    auth=django_auth,
    summary="A proposal's votes with their rules, counts, outcomes and audit records",
)
def ballot_list(request: HttpRequest, slug: str, proposal_id: int) -> QuerySet[Ballot]:
    partnership = partnership_from(request, slug, "decision.view")
    proposal = get_in(partnership, Proposal, proposal_id)
    return proposal.ballots.order_by("round")


@router.post(
    "/partnerships/{slug}/proposals/{proposal_id}/ballots",
    response={201: BallotOut},
    auth=django_auth,
    summary="Open the vote on a tabled proposal at a meeting",
)
def ballot_open(
    request: HttpRequest, slug: str, proposal_id: int, payload: OpenIn
) -> Status[Ballot]:
    partnership = partnership_from(request, slug, "decision.change")
    proposal = get_in(partnership, Proposal, proposal_id)
    meeting = get_in(partnership, Meeting, payload.meeting_id, field="meeting_id")
    return Status(201, services.ballot_open(actor=request.user, proposal=proposal, meeting=meeting))


@router.post(
    "/partnerships/{slug}/ballots/{ballot_id}/votes",
    response={201: VoteOut},
    auth=django_auth,
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
    response=BallotOut,
    auth=django_auth,
    summary="Close the vote: the rule in force decides, and the outcome is stored",
)
def ballot_close(request: HttpRequest, slug: str, ballot_id: int) -> Ballot:
    partnership = partnership_from(request, slug, "decision.change")
    ballot = get_in(partnership, Ballot, ballot_id)
    return services.ballot_close(actor=request.user, ballot=ballot)

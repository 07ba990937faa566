"""Procurement in the JSON API: the tendering strategy and its steps, bids and scores.

The partnership's members and its programme team read a procurement; the programme team
runs it. Bids and the panel's scores are confidential (``procurement.view_bids``); an
evaluator gives their own scores and sees the panel's only once theirs are submitted.
Amounts are strings of pounds and pence. Every refusal is the API's one error shape.
"""

import datetime
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import Field, Schema, Status
from pydantic import StringConstraints, WithJsonSchema

from accord import policy
from accord.commissioning.models import Provider
from accord.core.schemas import PlausibleDate, Text
from accord.core.text import NAME, NOTE, SHORT
from accord.decisions.models import Proposal
from accord.partnerships.endpoints import (
    CHANGE_ERRORS,
    CREATE_ERRORS,
    SIGNED_IN,
    Router,
    example,
    partnership_from,
    replies,
)
from accord.partnerships.selectors import get_in
from accord.rules.lifecycle import PROCUREMENT

from . import selectors, services
from .models import (
    Bid,
    Criterion,
    CriterionKind,
    Procedure,
    Procurement,
    ProcurementState,
    Regime,
    Score,
)

router = Router(tags=["procurement"])

MONEY_PATTERN = r"^[0-9]{1,12}(\.[0-9]{1,2})?$"
Money = Annotated[
    str,
    StringConstraints(strip_whitespace=True, max_length=15, pattern=MONEY_PATTERN),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": MONEY_PATTERN,
            "minLength": 1,
            "maxLength": 15,
            "description": "Pounds and pence, 0 or more, as a string",
            "example": "1200000.00",
        }
    ),
]

# The services' field names and the API's, where they differ.
INPUT_NAMES = {"decision": "decision_id", "provider": "provider_id", "bid": "bid_id"}


@contextmanager
def named_for_the_api() -> Iterator[None]:
    """A service's refusal naming the API's field (``decision_id``, not ``decision``)."""
    try:
        yield
    except ValidationError as error:
        if not hasattr(error, "error_dict"):
            raise
        raise ValidationError(
            {INPUT_NAMES.get(name, name): problems for name, problems in error.error_dict.items()}
        ) from None


class CriterionOut(Schema):
    id: int
    name: str
    kind: CriterionKind
    weight: int
    max_score: int


class StepOut(Schema):
    trigger: str
    label: str
    allowed: bool = Field(description="Whether its condition holds now")


class ProcurementOut(Schema):
    id: int
    reference: str
    title: str
    estimated_value: str
    term_months: int
    procedure: Procedure
    regime: Regime
    light_touch: bool
    state: ProcurementState
    notice_on: datetime.date | None
    deadline: datetime.datetime | None
    strategy_decision_id: int | None
    award_decision_id: int | None
    award_notice_on: datetime.date | None
    standstill_last_day: datetime.date | None
    contract_id: int | None

    @staticmethod
    def resolve_estimated_value(row: Procurement) -> str:
        return str(row.estimated_value)


class ProcurementDetailOut(ProcurementOut):
    criteria: list[CriterionOut]
    steps: list[StepOut] = Field(description="The steps its lifecycle offers next")
    awarded_provider: str | None = Field(description="The provider awarded, once awarded")


class DecisionIn(Schema):
    model_config = example({"decision_id": 7})
    decision_id: int = Field(description="The board's carried decision")


class BidIn(Schema):
    model_config = example({"provider_id": 3, "price": "950000.00"})
    provider_id: int
    price: Money = Field(description="The bid's price over the whole term")


class BidOut(Schema):
    id: int
    provider_id: int
    provider: str
    price: str
    received_at: datetime.datetime
    late: bool
    excluded_reason: str

    @staticmethod
    def resolve_provider(row: Bid) -> str:
        return row.provider.name

    @staticmethod
    def resolve_price(row: Bid) -> str:
        return str(row.price)


class ScoreIn(Schema):
    model_config = example({"bid_id": 4, "criterion_id": 2, "score": 7, "comment": ""})
    bid_id: int
    criterion_id: int
    score: int = Field(ge=0, le=100, description="On the criterion's scale")
    comment: Annotated[str, Text(NOTE)] = ""


class ScoreOut(Schema):
    bid_id: int
    criterion_id: int
    evaluator: str
    score: int
    comment: str

    @staticmethod
    def resolve_evaluator(row: Score) -> str:
        return str(row.evaluator.user)


class SignIn(Schema):
    model_config = example(
        {
            "signed_on": "2026-01-07",
            "reference": "OX-C-2026-01",
            "department": "Supporting People Team",
            "start_date": "2026-04-01",
            "end_date": "2029-03-31",
        }
    )
    signed_on: PlausibleDate
    reference: Annotated[str, Text(SHORT, blank=False)]
    department: Annotated[str, Text(NAME, blank=False)]
    start_date: PlausibleDate
    end_date: PlausibleDate


def detail(procurement: Procurement) -> Procurement:
    """The procurement with the steps its lifecycle offers next and its awarded provider."""
    facts = selectors.procurement_facts(procurement, now=timezone.now(), on=timezone.localdate())
    awarded = procurement.awarded_bid
    procurement.steps = [  # type: ignore[attr-defined]
        {"trigger": row.trigger, "label": row.label, "allowed": allowed}
        for row, allowed in PROCUREMENT.available(procurement.state, facts)
    ]
    procurement.awarded_provider = (  # type: ignore[attr-defined]
        awarded.provider.name if awarded is not None else None
    )
    return procurement


def procurement_of(
    request: HttpRequest, slug: str, procurement_id: int, action: str
) -> Procurement:
    partnership = partnership_from(request, slug, action)
    return selectors.procurement_get(partnership, procurement_id)


@router.get(
    "/partnerships/{slug}/procurements",
    response=replies({200: list[ProcurementOut]}),
    auth=SIGNED_IN,
    summary="The partnership's procurements",
)
def procurement_list(request: HttpRequest, slug: str) -> QuerySet[Procurement]:
    return selectors.procurement_list(partnership_from(request, slug, "procurement.view"))


@router.get(
    "/partnerships/{slug}/procurements/{procurement_id}",
    response=replies({200: ProcurementDetailOut}),
    auth=SIGNED_IN,
    summary="One procurement: its tendering strategy, state and the steps it offers next",
)
def procurement_detail(request: HttpRequest, slug: str, procurement_id: int) -> Procurement:
    return detail(procurement_of(request, slug, procurement_id, "procurement.view"))


@router.post(
    "/partnerships/{slug}/procurements/{procurement_id}/open",
    response=replies({200: ProcurementDetailOut}, CHANGE_ERRORS),
    auth=SIGNED_IN,
    summary="Publish the tender, on the board's carried decision approving its tendering "
    "strategy (refused without it, naming decision_id)",
)
def procurement_open(
    request: HttpRequest, slug: str, procurement_id: int, payload: DecisionIn
) -> Procurement:
    procurement = procurement_of(request, slug, procurement_id, "procurement.change")
    decision = get_in(procurement.partnership, Proposal, payload.decision_id, field="decision_id")
    with named_for_the_api():
        services.procurement_open(actor=request.user, procurement=procurement, decision=decision)
    return detail(selectors.procurement_get(procurement.partnership, procurement.pk))


@router.get(
    "/partnerships/{slug}/procurements/{procurement_id}/bids",
    response=replies({200: list[BidOut]}),
    auth=SIGNED_IN,
    summary="The bids received (confidential: the programme team's), late ones marked",
)
def bid_list(request: HttpRequest, slug: str, procurement_id: int) -> QuerySet[Bid]:
    procurement = procurement_of(request, slug, procurement_id, "procurement.view_bids")
    return Bid.objects.filter(procurement=procurement).select_related("provider").order_by("id")


@router.post(
    "/partnerships/{slug}/procurements/{procurement_id}/bids",
    response=replies({201: BidOut}, CREATE_ERRORS),
    auth=SIGNED_IN,
    summary="Record a bid as received now: after the deadline it is recorded as late and "
    "excluded, with the reason",
)
def bid_receive(
    request: HttpRequest, slug: str, procurement_id: int, payload: BidIn
) -> Status[Bid]:
    procurement = procurement_of(request, slug, procurement_id, "procurement.change")
    provider = get_in(procurement.partnership, Provider, payload.provider_id, field="provider_id")
    with named_for_the_api():
        bid = services.bid_receive(
            actor=request.user,
            procurement=procurement,
            provider=provider,
            price=payload.price,
            received_at=timezone.now(),
        )
    return Status(201, bid)


@router.post(
    "/partnerships/{slug}/procurements/{procurement_id}/scores",
    response=replies({201: ScoreOut}, CREATE_ERRORS),
    auth=SIGNED_IN,
    summary="Give your own score of a bid against a quality criterion (refused for a bid "
    "you declared a conflict in, or once your scores are submitted)",
)
def score_record(
    request: HttpRequest, slug: str, procurement_id: int, payload: ScoreIn
) -> Status[Score]:
    procurement = procurement_of(request, slug, procurement_id, "procurement.evaluate")
    evaluator = selectors.evaluator_of(procurement, request.user)
    if evaluator is None:
        raise Http404("You are not on this procurement's evaluation panel")
    bid = get_in(procurement.partnership, Bid, payload.bid_id, field="bid_id")
    criterion = get_in(
        procurement.partnership, Criterion, payload.criterion_id, field="criterion_id"
    )
    with named_for_the_api():
        score = services.score_record(
            actor=request.user,
            evaluator=evaluator,
            bid=bid,
            criterion=criterion,
            score=payload.score,
            comment=payload.comment,
        )
    return Status(201, score)


@router.get(
    "/partnerships/{slug}/procurements/{procurement_id}/scores",
    response=replies({200: list[ScoreOut]}, (401, 403, 404, 409, 422)),
    auth=SIGNED_IN,
    summary="The panel's scores: for an evaluator once their own are submitted (409 "
    "before), and for the programme team",
)
def panel_scores(request: HttpRequest, slug: str, procurement_id: int) -> QuerySet[Score]:
    procurement = procurement_of(request, slug, procurement_id, "procurement.evaluate")
    evaluator = selectors.evaluator_of(procurement, request.user)
    if evaluator is None and not policy.may(request.user, "procurement.view_bids", procurement):
        raise Http404("You are not on this procurement's evaluation panel")
    return selectors.panel_scores(procurement, evaluator=evaluator)


@router.post(
    "/partnerships/{slug}/procurements/{procurement_id}/award",
    response=replies({200: ProcurementDetailOut}, CHANGE_ERRORS),
    auth=SIGNED_IN,
    summary="Award to the bid the evaluation ranks first, on the board's carried tender "
    "award (refused without it, naming decision_id)",
)
def procurement_award(
    request: HttpRequest, slug: str, procurement_id: int, payload: DecisionIn
) -> Procurement:
    procurement = procurement_of(request, slug, procurement_id, "procurement.change")
    decision = get_in(procurement.partnership, Proposal, payload.decision_id, field="decision_id")
    with named_for_the_api():
        services.procurement_award(actor=request.user, procurement=procurement, decision=decision)
    return detail(selectors.procurement_get(procurement.partnership, procurement.pk))


@router.post(
    "/partnerships/{slug}/procurements/{procurement_id}/sign",
    response=replies({200: ProcurementDetailOut}, CHANGE_ERRORS),
    auth=SIGNED_IN,
    summary="Sign the contract and enter it in the contracts register as let (refused "
    "during the standstill or while a challenge is open, naming signed_on)",
)
def contract_sign(
    request: HttpRequest, slug: str, procurement_id: int, payload: SignIn
) -> Procurement:
    procurement = procurement_of(request, slug, procurement_id, "procurement.change")
    with named_for_the_api():
        services.contract_sign(
            actor=request.user,
            procurement=procurement,
            on=payload.signed_on,
            reference=payload.reference,
            department=payload.department,
            start_date=payload.start_date,
            end_date=payload.end_date,
        )
    return detail(selectors.procurement_get(procurement.partnership, procurement.pk))

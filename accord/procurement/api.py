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

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from ninja import Field, Schema, Status
from pydantic import AwareDatetime, StringConstraints, WithJsonSchema

from accord import policy
from accord.commissioning.models import Provider, Service
from accord.core.schemas import PlausibleDate, Text
from accord.core.text import NAME, NOTE, REASON, SHORT, TITLE
from accord.decisions.models import Proposal
from accord.partnerships.endpoints import (
    CHANGE_ERRORS,
    CREATE_ERRORS,
    SIGNED_IN,
    VERSIONED_CHANGE,
    VERSIONED_READ,
    Router,
    example,
    partnership_from,
    replies,
    require_version,
    send_version,
)
from accord.partnerships.selectors import get_in
from accord.rules.lifecycle import PROCUREMENT

from . import notice_selectors, selectors, services
from .models import (
    Bid,
    Challenge,
    Conflict,
    Criterion,
    CriterionKind,
    Evaluator,
    Lot,
    Moderation,
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
INPUT_NAMES = {
    "decision": "decision_id",
    "provider": "provider_id",
    "bid": "bid_id",
    "parent": "parent_id",
}


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
    parent_id: int | None = Field(
        description="The quality criterion it is a sub-criterion of; a criterion with "
        "sub-criteria is never scored itself: its points are its sub-criteria's, its weight "
        "theirs added up"
    )


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


class LotOut(Schema):
    id: int
    title: str
    estimated_value: str

    @staticmethod
    def resolve_estimated_value(row: Lot) -> str:
        return str(row.estimated_value)


class ProcurementDetailOut(ProcurementOut):
    description: str
    award_by: datetime.date | None
    contract_start: datetime.date | None
    service_ids: list[int] = Field(description="The services it buys")
    lots: list[LotOut]
    criteria: list[CriterionOut]
    steps: list[StepOut] = Field(description="The steps its lifecycle offers next")
    awarded_provider: str | None = Field(description="The provider awarded, once awarded")

    @staticmethod
    def resolve_service_ids(row: Procurement) -> list[int]:
        return sorted(row.services.values_list("pk", flat=True))

    @staticmethod
    def resolve_lots(row: Procurement) -> list[Lot]:
        return list(Lot.objects.filter(procurement=row))

    @staticmethod
    def resolve_criteria(row: Procurement) -> list[Criterion]:
        return selectors.criteria_of(row)  # each sub-criterion under its criterion


class DecisionIn(Schema):
    model_config = example({"decision_id": 7})
    decision_id: int = Field(description="The board's carried decision")


RECEIVED_SCHEMA = WithJsonSchema(
    {
        "type": "string",
        "format": "date-time",
        "maxLength": 40,
        "description": "When the bid was received, with its time zone",
        "example": "2025-11-28T11:45:00+00:00",
    }
)


class BidIn(Schema):
    model_config = example(
        {"provider_id": 3, "price": "950000.00", "received_at": "2025-11-28T11:45:00+00:00"}
    )
    provider_id: int
    price: Money = Field(description="The bid's price over the whole term")
    received_at: Annotated[AwareDatetime, RECEIVED_SCHEMA] | None = Field(
        None,
        description="When it was received, with its time zone (default: now). After the "
        "deadline, the bid is recorded as late and excluded, with the reason",
    )


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


class ModerationOut(Schema):
    bid_id: int
    criterion_id: int
    score: int
    rationale: str


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
    openapi_extra=VERSIONED_READ,
    summary="One procurement: its tendering strategy, state and the steps it offers next",
)
def procurement_detail(
    request: HttpRequest, response: HttpResponse, slug: str, procurement_id: int
) -> Procurement:
    procurement = procurement_of(request, slug, procurement_id, "procurement.view")
    send_version(response, procurement)
    return detail(procurement)


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
    summary="Record a bid as received (now, unless received_at says when): after the "
    "deadline it is recorded as late and excluded, with the reason (late, excluded_reason)",
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
            received_at=payload.received_at or timezone.now(),
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


# ---------------------------------------------------------------- the other steps

DEADLINE_SCHEMA = WithJsonSchema(
    {
        "type": "string",
        "format": "date-time",
        "maxLength": 40,
        "description": "The deadline for bids, with its time zone",
        "example": "2025-11-28T12:00:00+00:00",
    }
)


class ProcurementStrategyIn(Schema):
    """The tendering strategy (``services.procurement_update``: every field, as read)."""

    model_config = example(
        {
            "reference": "OX-FS-2025",
            "title": "Floating support across Oxfordshire",
            "description": "",
            "estimated_value": "1200000.00",
            "term_months": 36,
            "procedure": "open",
            "regime": "pa2023",
            "light_touch": True,
            "notice_on": "2025-10-27",
            "deadline": "2025-11-28T12:00:00+00:00",
            "award_by": "2025-12-19",
            "contract_start": "2026-04-01",
        }
    )
    reference: Annotated[str, Text(SHORT, blank=False)]
    title: Annotated[str, Text(TITLE, blank=False)]
    description: Annotated[str, Text(NOTE)] = ""
    estimated_value: Money
    term_months: int = Field(ge=1, le=600)
    procedure: Procedure
    regime: Regime
    light_touch: bool = False
    notice_on: PlausibleDate | None = None
    deadline: Annotated[datetime.datetime, DEADLINE_SCHEMA] | None = None
    award_by: PlausibleDate | None = None
    contract_start: PlausibleDate | None = None


class ProcurementIn(ProcurementStrategyIn):
    """A new tendering strategy (``services.procurement_create``): with the services it buys."""

    model_config = example(
        {
            "reference": "OX-FS-2025",
            "title": "Floating support across Oxfordshire",
            "description": "",
            "estimated_value": "1200000.00",
            "term_months": 36,
            "procedure": "open",
            "regime": "pa2023",
            "light_touch": True,
            "notice_on": "2025-10-27",
            "deadline": "2025-11-28T12:00:00+00:00",
            "service_ids": [],
        }
    )
    service_ids: list[int] = Field(
        default_factory=list, description="The partnership's services it buys"
    )


class LotIn(Schema):
    model_config = example({"title": "Floating support in Cherwell", "estimated_value": "400000"})
    title: Annotated[str, Text(TITLE, blank=False)]
    estimated_value: Money


class ProcurementCancelIn(Schema):
    model_config = example({"reason": "The budget for 2010/11 was withdrawn"})
    reason: Annotated[str, Text(REASON, blank=False)]


class CriterionIn(Schema):
    model_config = example(
        {"name": "Quality of support", "kind": "quality", "weight": 40, "max_score": 10}
    )
    name: Annotated[str, Text(NAME, blank=False)]
    kind: CriterionKind
    weight: int = Field(ge=1, le=100)
    max_score: int = Field(0, ge=0, le=100, description="The top of a quality criterion's scale")
    parent_id: int | None = Field(
        None,
        description="A quality criterion of the strategy this is a sub-criterion of (quality "
        "only; its sub-criteria's weights add up to its weight before the tender is published)",
    )


class EvaluatorIn(Schema):
    model_config = example({"username": "anna"})
    username: Annotated[str, Text(NAME, blank=False)]


class EvaluatorOut(Schema):
    id: int
    username: str
    submitted_at: datetime.datetime | None

    @staticmethod
    def resolve_username(row: Evaluator) -> str:
        return str(row.user)


class ConflictIn(Schema):
    model_config = example({"bid_id": 4, "interest": "A trustee of the bidder"})
    bid_id: int
    interest: Annotated[str, Text(NOTE, blank=False)]


class ModerationIn(Schema):
    model_config = example(
        {"bid_id": 4, "criterion_id": 2, "score": 7, "rationale": "Agreed on the evidence"}
    )
    bid_id: int
    criterion_id: int
    score: int = Field(ge=0, le=100)
    rationale: Annotated[str, Text(NOTE, blank=False)]


class AwardNoticeIn(Schema):
    model_config = example({"published_on": "2025-12-22", "opt_out_reason": ""})
    published_on: PlausibleDate
    opt_out_reason: Annotated[str, Text(REASON)] = Field(
        "", description="A light-touch contract's reason for opting out of standstill"
    )
    voluntary_days: int | None = Field(
        None, ge=1, le=30, description="A voluntary standstill where the regime has none"
    )


class ChallengeIn(Schema):
    model_config = example(
        {"bid_id": 4, "received_on": "2025-12-23", "grounds": "The formula was misapplied"}
    )
    bid_id: int
    received_on: PlausibleDate
    grounds: Annotated[str, Text(NOTE, blank=False)]


class ChallengeOut(Schema):
    id: int
    bid_id: int
    received_on: datetime.date
    grounds: str
    resolved_on: datetime.date | None
    resolution: str


class ResolveIn(Schema):
    model_config = example({"resolved_on": "2026-01-05", "resolution": "Withdrawn"})
    resolved_on: PlausibleDate
    resolution: Annotated[str, Text(NOTE, blank=False)]


@router.post(
    "/partnerships/{slug}/procurements",
    response=replies({201: ProcurementDetailOut}, CREATE_ERRORS),
    auth=SIGNED_IN,
    summary="Draft a tendering strategy (the board approves it; the tender then opens)",
)
def procurement_create(
    request: HttpRequest, slug: str, payload: ProcurementIn
) -> Status[Procurement]:
    partnership = partnership_from(request, slug, "procurement.change")
    covered = [get_in(partnership, Service, pk, field="service_ids") for pk in payload.service_ids]
    with named_for_the_api():
        procurement = services.procurement_create(
            actor=request.user,
            partnership=partnership,
            services=covered,
            **payload.model_dump(exclude={"service_ids"}),
        )
    return Status(201, detail(procurement))


@router.put(
    "/partnerships/{slug}/procurements/{procurement_id}",
    response=replies({200: ProcurementDetailOut}, CHANGE_ERRORS),
    auth=SIGNED_IN,
    openapi_extra=VERSIONED_CHANGE,
    summary="Change the tendering strategy (every field, as read), while it is being "
    "planned (409 once the tender is published)",
)
def procurement_update(
    request: HttpRequest,
    response: HttpResponse,
    slug: str,
    procurement_id: int,
    payload: ProcurementStrategyIn,
) -> Procurement:
    procurement = procurement_of(request, slug, procurement_id, "procurement.change")
    with transaction.atomic():
        procurement = require_version(request, procurement)
        with named_for_the_api():
            procurement = services.procurement_update(
                actor=request.user, procurement=procurement, **payload.model_dump()
            )
    procurement = selectors.procurement_get(procurement.partnership, procurement.pk)
    send_version(response, procurement)
    return detail(procurement)


@router.post(
    "/partnerships/{slug}/procurements/{procurement_id}/lots",
    response=replies({201: LotOut}, CREATE_ERRORS),
    auth=SIGNED_IN,
    summary="Add a lot to the tendering strategy, while it is being planned",
)
def lot_add(request: HttpRequest, slug: str, procurement_id: int, payload: LotIn) -> Status[Lot]:
    procurement = procurement_of(request, slug, procurement_id, "procurement.change")
    with named_for_the_api():
        lot = services.lot_add(actor=request.user, procurement=procurement, **payload.model_dump())
    return Status(201, lot)


@router.post(
    "/partnerships/{slug}/procurements/{procurement_id}/cancel",
    response=replies({200: ProcurementDetailOut}, CHANGE_ERRORS),
    auth=SIGNED_IN,
    summary="Cancel the procurement, with the reason (refused once the contract is "
    "signed, naming reason)",
)
def procurement_cancel(
    request: HttpRequest, slug: str, procurement_id: int, payload: ProcurementCancelIn
) -> Procurement:
    procurement = procurement_of(request, slug, procurement_id, "procurement.change")
    with named_for_the_api():
        services.procurement_cancel(
            actor=request.user, procurement=procurement, reason=payload.reason
        )
    return detail(selectors.procurement_get(procurement.partnership, procurement.pk))


@router.post(
    "/partnerships/{slug}/procurements/{procurement_id}/criteria",
    response=replies({201: CriterionOut}, CREATE_ERRORS),
    auth=SIGNED_IN,
    summary="Add an evaluation criterion to the strategy, or a sub-criterion of a quality "
    "criterion (weights add up to 100 at most; sub-criteria to their criterion's weight)",
)
def criterion_add(
    request: HttpRequest, slug: str, procurement_id: int, payload: CriterionIn
) -> Status[Criterion]:
    procurement = procurement_of(request, slug, procurement_id, "procurement.change")
    values = payload.model_dump()
    parent_id = values.pop("parent_id")
    parent = None
    if parent_id is not None:
        parent = get_in(procurement.partnership, Criterion, parent_id, field="parent_id")
    with named_for_the_api():
        criterion = services.criterion_add(
            actor=request.user, procurement=procurement, parent=parent, **values
        )
    return Status(201, criterion)


@router.post(
    "/partnerships/{slug}/procurements/{procurement_id}/evaluators",
    response=replies({201: EvaluatorOut}, CREATE_ERRORS),
    auth=SIGNED_IN,
    summary="Add a person (by their user name) to the evaluation panel",
)
def evaluator_add(
    request: HttpRequest, slug: str, procurement_id: int, payload: EvaluatorIn
) -> Status[Evaluator]:
    procurement = procurement_of(request, slug, procurement_id, "procurement.change")
    user = get_user_model().objects.filter(username=payload.username).first()
    if user is None:
        raise ValidationError({"username": "No one has that user name"})
    with named_for_the_api():
        evaluator = services.evaluator_add(actor=request.user, procurement=procurement, user=user)
    return Status(201, evaluator)


@router.post(
    "/partnerships/{slug}/procurements/{procurement_id}/close",
    response=replies({200: ProcurementDetailOut}, CHANGE_ERRORS),
    auth=SIGNED_IN,
    summary="Close the tender once its deadline has passed: the evaluation begins",
)
def procurement_close(request: HttpRequest, slug: str, procurement_id: int) -> Procurement:
    procurement = procurement_of(request, slug, procurement_id, "procurement.change")
    services.procurement_close(actor=request.user, procurement=procurement)
    return detail(selectors.procurement_get(procurement.partnership, procurement.pk))


def panel_member(request: HttpRequest, procurement: Procurement) -> Evaluator:
    evaluator = selectors.evaluator_of(procurement, request.user)
    if evaluator is None:
        raise Http404("You are not on this procurement's evaluation panel")
    return evaluator


@router.post(
    "/partnerships/{slug}/procurements/{procurement_id}/conflicts",
    response=replies({201: EvaluatorOut}, CREATE_ERRORS),
    auth=SIGNED_IN,
    summary="Declare your conflict of interest in a bid: it bars you from scoring it",
)
def conflict_declare(
    request: HttpRequest, slug: str, procurement_id: int, payload: ConflictIn
) -> Status[Evaluator]:
    procurement = procurement_of(request, slug, procurement_id, "procurement.evaluate")
    evaluator = panel_member(request, procurement)
    bid = get_in(procurement.partnership, Bid, payload.bid_id, field="bid_id")
    with named_for_the_api():
        services.conflict_declare(
            actor=request.user, evaluator=evaluator, bid=bid, interest=payload.interest
        )
    return Status(201, evaluator)


@router.post(
    "/partnerships/{slug}/procurements/{procurement_id}/scores/submit",
    response=replies({200: EvaluatorOut}, CHANGE_ERRORS),
    auth=SIGNED_IN,
    summary="Submit your scores (every bid you may score, each quality criterion)",
)
def scores_submit(request: HttpRequest, slug: str, procurement_id: int) -> Evaluator:
    procurement = procurement_of(request, slug, procurement_id, "procurement.evaluate")
    evaluator = panel_member(request, procurement)
    return services.scores_submit(actor=request.user, evaluator=evaluator)


@router.post(
    "/partnerships/{slug}/procurements/{procurement_id}/moderations",
    response=replies({201: ModerationOut}, CREATE_ERRORS),
    auth=SIGNED_IN,
    summary="Record the panel's agreed score of a bid against a criterion, with its "
    "rationale, once every evaluator has submitted",
)
def moderation_record(
    request: HttpRequest, slug: str, procurement_id: int, payload: ModerationIn
) -> Status[Moderation]:
    procurement = procurement_of(request, slug, procurement_id, "procurement.change")
    bid = get_in(procurement.partnership, Bid, payload.bid_id, field="bid_id")
    criterion = get_in(
        procurement.partnership, Criterion, payload.criterion_id, field="criterion_id"
    )
    with named_for_the_api():
        moderation = services.moderation_record(
            actor=request.user,
            bid=bid,
            criterion=criterion,
            score=payload.score,
            rationale=payload.rationale,
        )
    return Status(201, moderation)


@router.post(
    "/partnerships/{slug}/procurements/{procurement_id}/evaluation/complete",
    response=replies({200: ProcurementDetailOut}, CHANGE_ERRORS),
    auth=SIGNED_IN,
    summary="Complete the evaluation once every bid is moderated on each criterion",
)
def evaluation_complete(request: HttpRequest, slug: str, procurement_id: int) -> Procurement:
    procurement = procurement_of(request, slug, procurement_id, "procurement.change")
    services.evaluation_complete(actor=request.user, procurement=procurement)
    return detail(selectors.procurement_get(procurement.partnership, procurement.pk))


@router.post(
    "/partnerships/{slug}/procurements/{procurement_id}/award-notice",
    response=replies({200: ProcurementDetailOut}, CHANGE_ERRORS),
    auth=SIGNED_IN,
    summary="Publish the contract award notice: the standstill begins, its last day "
    "computed by the regime's rule",
)
def award_notice_publish(
    request: HttpRequest, slug: str, procurement_id: int, payload: AwardNoticeIn
) -> Procurement:
    procurement = procurement_of(request, slug, procurement_id, "procurement.change")
    with named_for_the_api():
        services.award_notice_publish(
            actor=request.user,
            procurement=procurement,
            on=payload.published_on,
            opt_out_reason=payload.opt_out_reason,
            voluntary_days=payload.voluntary_days,
        )
    return detail(selectors.procurement_get(procurement.partnership, procurement.pk))


@router.post(
    "/partnerships/{slug}/procurements/{procurement_id}/challenges",
    response=replies({201: ChallengeOut}, CREATE_ERRORS),
    auth=SIGNED_IN,
    summary="Record a bidder's challenge received during the standstill: it holds the "
    "signature until resolved",
)
def challenge_record(
    request: HttpRequest, slug: str, procurement_id: int, payload: ChallengeIn
) -> Status[Challenge]:
    procurement = procurement_of(request, slug, procurement_id, "procurement.change")
    bid = get_in(procurement.partnership, Bid, payload.bid_id, field="bid_id")
    with named_for_the_api():
        challenge = services.challenge_record(
            actor=request.user,
            procurement=procurement,
            bid=bid,
            received_on=payload.received_on,
            grounds=payload.grounds,
        )
    return Status(201, challenge)


@router.post(
    "/partnerships/{slug}/procurements/{procurement_id}/challenges/{challenge_id}/resolve",
    response=replies({200: ChallengeOut}, CHANGE_ERRORS),
    auth=SIGNED_IN,
    summary="Record how a challenge was resolved",
)
def challenge_resolve(
    request: HttpRequest, slug: str, procurement_id: int, challenge_id: int, payload: ResolveIn
) -> Challenge:
    procurement = procurement_of(request, slug, procurement_id, "procurement.change")
    challenge = get_in(
        procurement.partnership,
        Challenge.objects.filter(procurement=procurement),
        challenge_id,
    )
    with named_for_the_api():
        return services.challenge_resolve(
            actor=request.user,
            challenge=challenge,
            resolved_on=payload.resolved_on,
            resolution=payload.resolution,
        )


# ---------------------------------------------------------------- what the pages read
# (the evaluation's pages, evaluation_views.py: tests/procurement/parity.py)


class BidToScoreOut(Schema):
    id: int
    provider: str

    @staticmethod
    def resolve_provider(row: Bid) -> str:
        return row.provider.name


class ConflictOut(Schema):
    bid_id: int
    provider: str
    interest: str

    @staticmethod
    def resolve_provider(row: Conflict) -> str:
        return row.bid.provider.name


class MyEvaluationOut(Schema):
    evaluator: EvaluatorOut
    bids: list[BidToScoreOut] = Field(
        description="The bids you score: included, and not one you declared a conflict in"
    )
    conflicts: list[ConflictOut]
    criteria: list[CriterionOut] = Field(
        description="The quality criteria you score, with their scale: sub-criteria, never "
        "the criterion they belong to"
    )
    scores: list[ScoreOut] = Field(description="Your own scores, never another evaluator's")


class PointsOut(Schema):
    criterion_id: int
    points: str = Field(
        description="The weighted points on the criterion (a criterion with sub-criteria: "
        "theirs added up)"
    )


class RankedOut(Schema):
    rank: int
    bid_id: int
    provider: str
    price: str
    total: str = Field(description="The weighted total, out of 100")
    points: list[PointsOut] = Field(
        description="The points on each criterion and sub-criterion, in the strategy's order"
    )


@router.get(
    "/partnerships/{slug}/procurements/{procurement_id}/evaluation/mine",
    response=replies({200: MyEvaluationOut}),
    auth=SIGNED_IN,
    summary="Your own evaluation: the bids you score, the criteria's scales and your "
    "scores (404 if you are not on the panel)",
)
def my_evaluation(request: HttpRequest, slug: str, procurement_id: int) -> dict[str, object]:
    procurement = procurement_of(request, slug, procurement_id, "procurement.evaluate")
    mine = selectors.my_evaluation(panel_member(request, procurement))
    return {
        "evaluator": mine.evaluator,
        "bids": mine.bids,
        "conflicts": mine.conflicts,
        "criteria": mine.criteria,
        "scores": list(mine.scores.values()),
    }


@router.get(
    "/partnerships/{slug}/procurements/{procurement_id}/moderations",
    response=replies({200: list[ModerationOut]}),
    auth=SIGNED_IN,
    summary="The panel's agreed scores, each with its rationale (the programme team's)",
)
def moderation_list(request: HttpRequest, slug: str, procurement_id: int) -> list[Moderation]:
    procurement = procurement_of(request, slug, procurement_id, "procurement.view_bids")
    return list(selectors.moderations_of(procurement).values())


@router.get(
    "/partnerships/{slug}/procurements/{procurement_id}/evaluation",
    response=replies({200: list[RankedOut]}),
    auth=SIGNED_IN,
    summary="The ranking computed from the agreed scores and the prices, once the "
    "evaluation is complete (empty before; the programme team's)",
)
def evaluation_ranking(
    request: HttpRequest, slug: str, procurement_id: int
) -> list[dict[str, object]]:
    procurement = procurement_of(request, slug, procurement_id, "procurement.view_bids")
    return [
        {
            "rank": row.rank,
            "bid_id": row.bid.pk,
            "provider": row.bid.provider.name,
            "price": str(row.bid.price),
            "total": str(row.total),
            "points": [
                {"criterion_id": key, "points": str(points)} for key, points in row.parts.items()
            ],
        }
        for row in selectors.ranking(procurement)
    ]


class ReportScoreOut(Schema):
    criterion_id: int
    agreed_score: int | None = Field(
        description="The panel's agreed score on a quality criterion (none for price)"
    )
    points: str | None = Field(description="The weighted points (none before the ranking)")
    rationale: str = Field(description="Why the panel agreed that score (empty for price)")


class ReportBidOut(Schema):
    bid_id: int
    provider_id: int
    provider: str
    price: str
    received_at: datetime.datetime
    late: bool
    excluded_reason: str = Field(description="Why it was excluded and not assessed, if it was")
    rank: int | None = Field(description="None for a bid excluded, or before the ranking")
    total: str | None = Field(description="The weighted total, out of 100")
    scores: list[ReportScoreOut]


class EvaluationReportOut(Schema):
    procurement_id: int
    awarded_bid_id: int | None
    criteria: list[CriterionOut]
    bids: list[ReportBidOut] = Field(
        description="Every bid received: the assessed ones by rank, then those excluded"
    )


@router.get(
    "/partnerships/{slug}/procurements/{procurement_id}/evaluation/report",
    response=replies({200: EvaluationReportOut}),
    auth=SIGNED_IN,
    summary="The evaluation, read-only: the bids received, the agreed scores with their "
    "rationale, the weighted totals and the ranking (the programme team's; the "
    "partnership's members' once the contract is awarded). Never an evaluator's own marks",
)
def evaluation_report(request: HttpRequest, slug: str, procurement_id: int) -> dict[str, object]:
    procurement = procurement_of(request, slug, procurement_id, "procurement.view")
    report = notice_selectors.evaluation_report_for(procurement, request.user)
    return {
        "procurement_id": procurement.pk,
        "awarded_bid_id": procurement.awarded_bid_id,
        "criteria": report.criteria,
        "bids": [
            {
                "bid_id": line.bid.pk,
                "provider_id": line.bid.provider_id,
                "provider": line.bid.provider.name,
                "price": str(line.bid.price),
                "received_at": line.bid.received_at,
                "late": line.bid.late,
                "excluded_reason": line.bid.excluded_reason,
                "rank": line.rank,
                "total": None if line.total is None else str(line.total),
                "scores": [
                    {
                        "criterion_id": criterion.pk,
                        "agreed_score": agreed.score if agreed else None,
                        "points": None if points is None else str(points),
                        "rationale": agreed.rationale if agreed else "",
                    }
                    for criterion, points, agreed in line.cells(report.criteria)
                ],
            }
            for line in report.lines
        ],
    }


@router.get(
    "/partnerships/{slug}/procurements/{procurement_id}/challenges",
    response=replies({200: list[ChallengeOut]}),
    auth=SIGNED_IN,
    summary="The challenges to the award, open and resolved (the programme team's)",
)
def challenge_list(request: HttpRequest, slug: str, procurement_id: int) -> QuerySet[Challenge]:
    procurement = procurement_of(request, slug, procurement_id, "procurement.view_bids")
    return selectors.challenges_of(procurement)

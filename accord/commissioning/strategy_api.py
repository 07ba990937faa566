"""The strategy and the annual plan in the JSON API: what their pages show and do.

An adopted (or superseded) strategy, with its target outcomes, commissioning intentions
and annual plan actions, is public; a draft is for the partnership's members and
programme team, and seems not to exist to anyone else (404). The programme team adds and
changes them; a change names the version it changes (If-Match). Each outcome's progress
is read from the register on the day asked (``on``), never typed. Figures are strings
(exact decimals). Lists are paged (``limit``, ``offset``).
"""

import datetime
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal
from typing import Annotated, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from ninja import Field, Query, Schema, Status
from pydantic import WithJsonSchema

from accord import policy
from accord.core.money import FIRST_FINANCIAL_YEAR, LAST_FINANCIAL_YEAR
from accord.core.schemas import PlausibleDate, Text
from accord.core.text import NOTE, SHORT, TITLE
from accord.decisions.models import Proposal
from accord.partnerships.endpoints import (
    CHANGE_ERRORS,
    CREATE_ERRORS,
    SIGNED_IN,
    VERSIONED_CHANGE,
    VERSIONED_READ,
    IllustrativeFields,
    Router,
    example,
    illustrative_in,
    partnership_from,
    replies,
    require_version,
    send_version,
)
from accord.partnerships.models import Partnership
from accord.partnerships.selectors import get_in

from . import measures, selectors, services
from .models import (
    ActionStatus,
    AnnualPlanAction,
    CapacityUnit,
    ClientGroup,
    CommissioningIntention,
    Contract,
    DeliveryModel,
    Intention,
    Service,
    ServiceType,
    Strategy,
    StrategyStatus,
    TargetOutcome,
)

router = Router(tags=["strategy"])

# A figure: an exact decimal, written as a string ("1250.00"), at most 12 digits before
# the point and 2 after. A number is accepted too.
FIGURE_PATTERN = r"^[0-9]{1,12}(\.[0-9]{1,2})?$"
Figure = Annotated[
    Decimal,
    Field(ge=0, max_digits=14, decimal_places=2),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": FIGURE_PATTERN,
            "minLength": 1,
            "maxLength": 15,
            "description": "An exact figure as a string, at most 2 decimal places",
            "example": "1250",
        }
    ),
]
FigureOut = Annotated[
    Decimal,
    WithJsonSchema({"type": "string", "description": "An exact figure as a string"}),
]
Year = Annotated[int, Field(ge=FIRST_FINANCIAL_YEAR, le=LAST_FINANCIAL_YEAR)]


def measure_enum(schema: dict[str, Any]) -> None:
    """The registered measures, as the document is drawn (apps register theirs on start)."""
    schema["enum"] = sorted(measures.REGISTRY)


@contextmanager
def named_as_sent(**names: str) -> Iterator[None]:
    """A service's refusal names the model's field ("decision"); the API's caller sent it
    under another name ("decision_id"): say the name they sent."""
    try:
        yield
    except ValidationError as error:
        if not hasattr(error, "error_dict"):
            raise
        raise ValidationError(
            {names.get(field, field): problems for field, problems in error.error_dict.items()}
        ) from error


def visible_strategy(request: HttpRequest, partnership: Partnership, pk: int) -> Strategy:
    strategy = selectors.strategy_get(partnership, pk)
    policy.require(request.user, "strategy.view", strategy, not_found="No such strategy")
    return strategy


# ---------------------------------------------------------------- strategies


class StrategyIn(Schema):
    model_config = example(
        {
            "title": "Supporting People Strategy 2004-09",
            "summary": "The five-year Supporting People strategy.",
            "first_year": 2004,
            "last_year": 2008,
            "status": "draft",
            "decision_id": None,
        }
    )
    title: Annotated[str, Text(TITLE, blank=False)]
    summary: Annotated[str, Text(NOTE)] = ""
    first_year: Year = Field(description="The financial year it starts in: 2004 for 2004/05")
    last_year: Year = Field(description="Its last financial year: 2008 for 2008/09")
    status: StrategyStatus = StrategyStatus.DRAFT
    decision_id: int | None = Field(
        None,
        description="The carried decision, of kind strategy, that adopted it (for an adopted "
        "or superseded strategy; none for a draft)",
    )


class StrategyOut(Schema):
    id: int
    title: str
    summary: str
    first_year: int
    last_year: int
    period: str = Field(description='The years as the strategy names them, e.g. "2004-09"')
    starts_on: datetime.date
    ends_on: datetime.date
    status: StrategyStatus
    decision_id: int | None
    illustrative: IllustrativeFields

    @staticmethod
    def resolve_illustrative(strategy: Strategy) -> list[str]:
        return illustrative_in(StrategyOut, strategy)


def strategy_values(partnership: Partnership, payload: StrategyIn) -> dict[str, Any]:
    values = payload.model_dump(exclude={"decision_id"})
    values["decision"] = (
        None
        if payload.decision_id is None
        else get_in(partnership, Proposal, payload.decision_id, field="decision_id")
    )
    return values


@router.get(
    "/partnerships/{slug}/strategies",
    response=replies({200: list[StrategyOut]}),
    summary="The partnership's strategies (adopted ones are public; drafts for members)",
)
def strategy_list(request: HttpRequest, slug: str) -> QuerySet[Strategy]:
    partnership = partnership_from(request, slug, "partnership.view")
    drafts = policy.may(request.user, "strategy.view", partnership)
    return selectors.strategy_list(partnership, drafts=drafts)


@router.post(
    "/partnerships/{slug}/strategies",
    response=replies({201: StrategyOut}, CREATE_ERRORS),
    auth=SIGNED_IN,
    summary="Add a strategy",
)
def strategy_create(request: HttpRequest, slug: str, payload: StrategyIn) -> Status[Strategy]:
    partnership = partnership_from(request, slug, "strategy.change")
    with named_as_sent(decision="decision_id"):
        strategy = services.strategy_create(
            actor=request.user,
            partnership=partnership,
            **strategy_values(partnership, payload),
        )
    return Status(201, strategy)


@router.get(
    "/partnerships/{slug}/strategies/{strategy_id}",
    response=replies({200: StrategyOut}),
    openapi_extra=VERSIONED_READ,
    summary="One strategy, with its version (ETag)",
)
def strategy_detail(
    request: HttpRequest, response: HttpResponse, slug: str, strategy_id: int
) -> Strategy:
    partnership = partnership_from(request, slug, None)
    strategy = visible_strategy(request, partnership, strategy_id)
    send_version(response, strategy)
    return strategy


@router.put(
    "/partnerships/{slug}/strategies/{strategy_id}",
    response=replies({200: StrategyOut}, CHANGE_ERRORS),
    auth=SIGNED_IN,
    openapi_extra=VERSIONED_CHANGE,
    summary="Change a strategy (every field, as read): adopt it by its decision, supersede it",
)
def strategy_update(
    request: HttpRequest, response: HttpResponse, slug: str, strategy_id: int, payload: StrategyIn
) -> Strategy:
    partnership = partnership_from(request, slug, "strategy.change")
    strategy = selectors.strategy_get(partnership, strategy_id)
    with transaction.atomic(), named_as_sent(decision="decision_id"):
        strategy = require_version(request, strategy)
        strategy = services.strategy_update(
            actor=request.user,
            strategy=strategy,
            **strategy_values(partnership, payload),
        )
    send_version(response, strategy)
    return strategy


# ---------------------------------------------------------------- target outcomes


class OutcomeIn(Schema):
    model_config = example(
        {
            "title": "More people supported in their own homes by floating support",
            "measure": "capacity",
            "delivery_model": "floating",
            "capacity_unit": "hours",
            "baseline_date": "2004-04-01",
            "target_figure": "1500",
            "target_date": "2009-03-31",
        }
    )
    title: Annotated[str, Text(TITLE, blank=False)]
    measure: Annotated[str, Text(SHORT, blank=False)] = Field(
        description="How the figure is read from the register (GET .../measures)",
        json_schema_extra=measure_enum,
    )
    delivery_model: DeliveryModel | None = None
    service_type: ServiceType | None = None
    client_group: ClientGroup | None = None
    capacity_unit: CapacityUnit | None = Field(
        None, description="Needed by the measure of capacity: units, hours or places"
    )
    baseline_figure: Figure | None = Field(
        None, description="As the strategy states it; null to read it from the register"
    )
    baseline_date: PlausibleDate
    target_figure: Figure
    target_date: PlausibleDate = Field(description="Within the strategy's years")


class ProgressOut(Schema):
    read_on: datetime.date = Field(
        description="The day the figure was read: the day asked, or the target date once "
        "that has passed"
    )
    baseline: FigureOut
    baseline_from_register: bool
    current: FigureOut = Field(description="The figure read from the register on read_on")
    percent: FigureOut | None = Field(
        description="How far from the baseline to the target (0 at the baseline, 100 at "
        "the target); null when the two are the same figure"
    )
    expected_percent: FigureOut = Field(
        description="How far a straight line from the baseline date to the target date "
        "has come by read_on"
    )
    standing: str = Field(
        description="Not started, On track, Behind, Achieved or Missed",
        json_schema_extra={"enum": ["Not started", "On track", "Behind", "Achieved", "Missed"]},
    )


class OutcomeOut(Schema):
    id: int
    strategy_id: int
    title: str
    measure: str
    unit: str = Field(description="The figure's unit, from the measure")
    delivery_model: DeliveryModel | None
    service_type: ServiceType | None
    client_group: ClientGroup | None
    capacity_unit: CapacityUnit | None
    baseline_figure: FigureOut | None
    baseline_date: datetime.date
    target_figure: FigureOut
    target_date: datetime.date
    illustrative: IllustrativeFields

    @staticmethod
    def resolve_unit(outcome: TargetOutcome) -> str:
        return measures.unit_of(outcome)

    @staticmethod
    def resolve_delivery_model(outcome: TargetOutcome) -> str | None:
        return outcome.delivery_model or None

    @staticmethod
    def resolve_service_type(outcome: TargetOutcome) -> str | None:
        return outcome.service_type or None

    @staticmethod
    def resolve_capacity_unit(outcome: TargetOutcome) -> str | None:
        return outcome.capacity_unit or None

    @staticmethod
    def resolve_illustrative(outcome: TargetOutcome) -> list[str]:
        return illustrative_in(OutcomeOut, outcome)


class OutcomeProgressOut(OutcomeOut):
    progress: ProgressOut


def outcome_values(payload: OutcomeIn) -> dict[str, Any]:
    values = payload.model_dump()
    for name in ("delivery_model", "service_type", "capacity_unit"):
        values[name] = values[name] or ""
    return values


def progress_of(reading: measures.Reading) -> dict[str, Any]:
    made = reading.progress
    return {
        "read_on": reading.on,
        "baseline": made.baseline,
        "baseline_from_register": reading.baseline_measured,
        "current": made.current,
        "percent": made.percent,
        "expected_percent": made.expected,
        "standing": made.standing,
    }


class Reading(Schema):
    on: PlausibleDate | None = Field(
        None, description="The day to read progress on; today (or the strategy's end) if none"
    )


@router.get(
    "/partnerships/{slug}/strategies/{strategy_id}/outcomes",
    response=replies({200: list[OutcomeProgressOut]}),
    summary="A strategy's target outcomes, each with its progress read from the register",
)
def outcome_list(
    request: HttpRequest, slug: str, strategy_id: int, reading: Query[Reading]
) -> list[TargetOutcome]:
    partnership = partnership_from(request, slug, None)
    strategy = visible_strategy(request, partnership, strategy_id)
    on = reading.on or min(timezone.localdate(), strategy.ends_on)
    found = measures.readings(partnership, list(selectors.outcome_list(strategy)), on)
    for each in found:
        each.outcome.progress = progress_of(each)  # read by OutcomeProgressOut
    return [each.outcome for each in found]


@router.post(
    "/partnerships/{slug}/strategies/{strategy_id}/outcomes",
    response=replies({201: OutcomeOut}, CREATE_ERRORS),
    auth=SIGNED_IN,
    summary="Add a target outcome to a strategy",
)
def outcome_create(
    request: HttpRequest, slug: str, strategy_id: int, payload: OutcomeIn
) -> Status[TargetOutcome]:
    partnership = partnership_from(request, slug, "strategy.change")
    strategy = selectors.strategy_get(partnership, strategy_id)
    outcome = services.outcome_create(
        actor=request.user, strategy=strategy, **outcome_values(payload)
    )
    return Status(201, outcome)


@router.get(
    "/partnerships/{slug}/outcomes/{outcome_id}",
    response=replies({200: OutcomeOut}),
    openapi_extra=VERSIONED_READ,
    summary="One target outcome, with its version (ETag)",
)
def outcome_detail(
    request: HttpRequest, response: HttpResponse, slug: str, outcome_id: int
) -> TargetOutcome:
    partnership = partnership_from(request, slug, None)
    outcome = selectors.outcome_get(partnership, outcome_id)
    policy.require(request.user, "strategy.view", outcome, not_found="No such outcome")
    send_version(response, outcome)
    return outcome


@router.put(
    "/partnerships/{slug}/outcomes/{outcome_id}",
    response=replies({200: OutcomeOut}, CHANGE_ERRORS),
    auth=SIGNED_IN,
    openapi_extra=VERSIONED_CHANGE,
    summary="Change a target outcome (every field, as read)",
)
def outcome_update(
    request: HttpRequest, response: HttpResponse, slug: str, outcome_id: int, payload: OutcomeIn
) -> TargetOutcome:
    partnership = partnership_from(request, slug, "strategy.change")
    outcome = selectors.outcome_get(partnership, outcome_id)
    with transaction.atomic():
        outcome = require_version(request, outcome)
        outcome = services.outcome_update(
            actor=request.user, outcome=outcome, **outcome_values(payload)
        )
    send_version(response, outcome)
    return outcome


class MeasureOut(Schema):
    key: str
    label: str
    filters: list[str] = Field(description="The filters it can be narrowed by")
    required: list[str] = Field(description="The filters it needs")
    money: bool = Field(description="Its figure is an amount of pounds")
    source: str


@router.get(
    "/partnerships/{slug}/measures",
    response=replies({200: list[MeasureOut]}),
    summary="How a target outcome's figure can be read from the data (public)",
)
def measure_list(request: HttpRequest, slug: str) -> list[MeasureOut]:
    partnership_from(request, slug, "partnership.view")
    return [
        MeasureOut(
            key=measure.key,
            label=measure.label,
            filters=sorted(measure.filters),
            required=sorted(measure.required),
            money=measure.money,
            source=measure.source,
        )
        for measure in measures.REGISTRY.values()
    ]


# ---------------------------------------------------------------- intentions


class IntentionIn(Schema):
    model_config = example(
        {
            "client_group": 1,
            "direction": "remodel",
            "rationale": "Resident wardens replaced by floating support to people in their "
            "own homes.",
        }
    )
    client_group: ClientGroup
    direction: Intention = Field(description="Increase, maintain, reduce, remodel, decommission")
    rationale: Annotated[str, Text(NOTE, blank=False)]


class IntentionOut(Schema):
    id: int
    strategy_id: int
    client_group: ClientGroup
    client_group_label: str
    direction: Intention
    rationale: str
    illustrative: IllustrativeFields

    @staticmethod
    def resolve_client_group_label(intention: CommissioningIntention) -> str:
        return intention.get_client_group_display()

    @staticmethod
    def resolve_illustrative(intention: CommissioningIntention) -> list[str]:
        return illustrative_in(IntentionOut, intention)


@router.get(
    "/partnerships/{slug}/strategies/{strategy_id}/intentions",
    response=replies({200: list[IntentionOut]}),
    summary="A strategy's commissioning intentions, by client group",
)
def intention_list(
    request: HttpRequest, slug: str, strategy_id: int
) -> QuerySet[CommissioningIntention]:
    partnership = partnership_from(request, slug, None)
    return selectors.intention_list(visible_strategy(request, partnership, strategy_id))


@router.post(
    "/partnerships/{slug}/strategies/{strategy_id}/intentions",
    response=replies({201: IntentionOut}, CREATE_ERRORS),
    auth=SIGNED_IN,
    summary="Add a commissioning intention for a client group",
)
def intention_create(
    request: HttpRequest, slug: str, strategy_id: int, payload: IntentionIn
) -> Status[CommissioningIntention]:
    partnership = partnership_from(request, slug, "strategy.change")
    strategy = selectors.strategy_get(partnership, strategy_id)
    intention = services.intention_create(
        actor=request.user, strategy=strategy, **payload.model_dump()
    )
    return Status(201, intention)


@router.get(
    "/partnerships/{slug}/intentions/{intention_id}",
    response=replies({200: IntentionOut}),
    openapi_extra=VERSIONED_READ,
    summary="One commissioning intention, with its version (ETag)",
)
def intention_detail(
    request: HttpRequest, response: HttpResponse, slug: str, intention_id: int
) -> CommissioningIntention:
    partnership = partnership_from(request, slug, None)
    intention = selectors.intention_get(partnership, intention_id)
    policy.require(request.user, "strategy.view", intention, not_found="No such intention")
    send_version(response, intention)
    return intention


@router.put(
    "/partnerships/{slug}/intentions/{intention_id}",
    response=replies({200: IntentionOut}, CHANGE_ERRORS),
    auth=SIGNED_IN,
    openapi_extra=VERSIONED_CHANGE,
    summary="Change a commissioning intention",
)
def intention_update(
    request: HttpRequest,
    response: HttpResponse,
    slug: str,
    intention_id: int,
    payload: IntentionIn,
) -> CommissioningIntention:
    partnership = partnership_from(request, slug, "strategy.change")
    intention = selectors.intention_get(partnership, intention_id)
    with transaction.atomic():
        intention = require_version(request, intention)
        intention = services.intention_update(
            actor=request.user, intention=intention, **payload.model_dump()
        )
    send_version(response, intention)
    return intention


# ---------------------------------------------------------------- annual plan actions


class ActionIn(Schema):
    model_config = example(
        {
            "financial_year": 2008,
            "text": "Remodel resident warden services in sheltered housing.",
            "due_date": "2009-03-31",
            "status": "planned",
            "proposal_ids": [],
            "service_ids": [],
            "contract_ids": [],
        }
    )
    financial_year: Year = Field(description="The year of the annual plan: 2008 for 2008/09")
    text: Annotated[str, Text(NOTE, blank=False)]
    due_date: PlausibleDate
    status: ActionStatus = ActionStatus.PLANNED
    proposal_ids: list[int] = Field(
        [], max_length=200, description="The proposals and decisions that carry it out"
    )
    service_ids: list[int] = Field([], max_length=200, description="The services it changes")
    contract_ids: list[int] = Field([], max_length=200, description="The contracts it changes")


class ActionOut(Schema):
    id: int
    strategy_id: int
    financial_year: int
    text: str
    due_date: datetime.date
    status: ActionStatus
    proposal_ids: list[int]
    service_ids: list[int]
    contract_ids: list[int]
    illustrative: IllustrativeFields

    @staticmethod
    def resolve_proposal_ids(action: AnnualPlanAction) -> list[int]:
        return [row.pk for row in action.proposals.all()]

    @staticmethod
    def resolve_service_ids(action: AnnualPlanAction) -> list[int]:
        return [row.pk for row in action.services.all()]

    @staticmethod
    def resolve_contract_ids(action: AnnualPlanAction) -> list[int]:
        return [row.pk for row in action.contracts.all()]

    @staticmethod
    def resolve_illustrative(action: AnnualPlanAction) -> list[str]:
        return illustrative_in(ActionOut, action)


def action_values(partnership: Partnership, payload: ActionIn) -> dict[str, Any]:
    """The payload with its ids as the partnership's rows (an id of another partnership's
    is refused naming the field)."""
    values = payload.model_dump(exclude={"proposal_ids", "service_ids", "contract_ids"})
    for name, model, ids in (
        ("proposals", Proposal, payload.proposal_ids),
        ("services", Service, payload.service_ids),
        ("contracts", Contract, payload.contract_ids),
    ):
        field = f"{name[:-1]}_ids"
        values[name] = [get_in(partnership, model, pk, field=field) for pk in dict.fromkeys(ids)]
    return values


LINKS_AS_SENT = {
    "proposals": "proposal_ids",
    "services": "service_ids",
    "contracts": "contract_ids",
}


class PlanYear(Schema):
    financial_year: Year | None = Field(None, description="Only this year's annual plan")


@router.get(
    "/partnerships/{slug}/strategies/{strategy_id}/actions",
    response=replies({200: list[ActionOut]}),
    summary="A strategy's annual plan actions (of one year, with financial_year)",
)
def action_list(
    request: HttpRequest, slug: str, strategy_id: int, plan: Query[PlanYear]
) -> QuerySet[AnnualPlanAction]:
    partnership = partnership_from(request, slug, None)
    strategy = visible_strategy(request, partnership, strategy_id)
    return selectors.action_list(strategy, year=plan.financial_year)


@router.post(
    "/partnerships/{slug}/strategies/{strategy_id}/actions",
    response=replies({201: ActionOut}, CREATE_ERRORS),
    auth=SIGNED_IN,
    summary="Add an action to a strategy's annual plan",
)
def action_create(
    request: HttpRequest, slug: str, strategy_id: int, payload: ActionIn
) -> Status[AnnualPlanAction]:
    partnership = partnership_from(request, slug, "strategy.change")
    strategy = selectors.strategy_get(partnership, strategy_id)
    with named_as_sent(**LINKS_AS_SENT):
        action = services.action_create(
            actor=request.user, strategy=strategy, **action_values(partnership, payload)
        )
    return Status(201, action)


@router.get(
    "/partnerships/{slug}/actions/{action_id}",
    response=replies({200: ActionOut}),
    openapi_extra=VERSIONED_READ,
    summary="One annual plan action, with its version (ETag)",
)
def action_detail(
    request: HttpRequest, response: HttpResponse, slug: str, action_id: int
) -> AnnualPlanAction:
    partnership = partnership_from(request, slug, None)
    action = selectors.action_get(partnership, action_id)
    policy.require(request.user, "strategy.view", action, not_found="No such action")
    send_version(response, action)
    return action


@router.put(
    "/partnerships/{slug}/actions/{action_id}",
    response=replies({200: ActionOut}, CHANGE_ERRORS),
    auth=SIGNED_IN,
    openapi_extra=VERSIONED_CHANGE,
    summary="Change an annual plan action, its status and its links",
)
def action_update(
    request: HttpRequest, response: HttpResponse, slug: str, action_id: int, payload: ActionIn
) -> AnnualPlanAction:
    partnership = partnership_from(request, slug, "strategy.change")
    action = selectors.action_get(partnership, action_id)
    with transaction.atomic(), named_as_sent(**LINKS_AS_SENT):
        action = require_version(request, action)
        action = services.action_update(
            actor=request.user, action=action, **action_values(partnership, payload)
        )
    action = selectors.action_get(partnership, action.pk)
    send_version(response, action)
    return action

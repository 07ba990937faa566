"""Savings scenarios in the JSON API (issue 17 item 5): what their pages show and do.

Members of the partnership and its programme team read them; the programme team builds
them, takes one to the board and records its approval. Every amount is a string of pounds
and pence; what a scenario saves, what is left to find, the capacity lost and each
source's part of the fall are computed from the rows.
"""

from decimal import Decimal
from typing import Annotated, Any

from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from ninja import Field, Query, Schema, Status
from pydantic import StringConstraints, WithJsonSchema

from accord.commissioning.models import Contract
from accord.core.schemas import Text
from accord.core.text import NAME, NOTE, REASON
from accord.decisions.models import Proposal
from accord.governance.models import Body, Person
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
from accord.partnerships.selectors import get_in

from . import selectors, services
from .api import Money, money_text, named_for_the_api
from .models import PlanLine, Scenario, ScenarioStatus
from .share import plain

router = Router(tags=["budget"])

PERCENT_PATTERN = r"^[0-9]{1,3}(\.[0-9]{1,2})?$"
FallPercent = Annotated[
    str,
    StringConstraints(strip_whitespace=True, max_length=6, pattern=PERCENT_PATTERN),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": PERCENT_PATTERN,
            "minLength": 1,
            "maxLength": 6,
            "description": "Per cent, 0 to 100, up to two decimals, as a string",
            "example": "10",
        }
    ),
]


class ScenarioIn(Schema):
    model_config = example(
        {"title": "A 10% fall, floating support protected", "fall_percent": "10", "note": ""}
    )

    title: Annotated[str, Text(NAME, blank=False)]
    fall_percent: FallPercent = Field(description="What if next year's pool is this much smaller")
    note: Annotated[str, Text(NOTE)] = ""


class CapacityLostOut(Schema):
    where: str = Field(description="The client group or district; empty for all services")
    unit: str = Field(description="How the services count capacity")
    lost: int


class ReductionIn(Schema):
    model_config = example(
        {
            "plan_line_id": None,
            "contract_id": 4,
            "decommission": True,
            "amount": None,
            "reason": "Accommodation-based places replaced by floating support",
        }
    )

    plan_line_id: int | None = Field(None, description="A line of the pool's plan, or null")
    contract_id: int | None = Field(None, description="A contract of the partnership, or null")
    decommission: bool = Field(
        False, description="The contract stops: its whole value for the year is saved"
    )
    amount: Money | None = Field(
        None, description="The reduction; null when decommissioning (the value is computed)"
    )
    reason: Annotated[str, Text(REASON)] = ""


class ReductionOut(Schema):
    id: int
    plan_line_id: int | None
    contract_id: int | None
    decommission: bool
    amount: str = Field(description="Pounds and pence, as a string")
    reason: str
    lost: list[CapacityLostOut] = Field(
        description="Capacity this reduction loses (empty where no contract is named)"
    )
    illustrative: IllustrativeFields


class SourceEffectOut(Schema):
    source: str = Field(description='"Grant" or the partner\'s name')
    partner_id: int | None
    before: str
    change: str = Field(description="Negative: what the source puts in less")
    after: str


class ScenarioOut(Schema):
    id: int
    pool_id: int
    title: str
    fall_percent: str = Field(description="Per cent, as a string")
    note: str
    status: ScenarioStatus = Field(
        description="Computed: approved once the board's decision is recorded"
    )
    proposal_id: int | None = Field(description="Its proposal to the board, once taken there")
    decision_id: int | None = Field(description="The carried decision approving it")
    pool_total: str
    target: str = Field(description="The pool's fall: the pool times the percentage, to the penny")
    next_pool: str
    saved: str = Field(description="The reductions added up")
    left_to_find: str = Field(description="The fall less the reductions (negative: beyond it)")
    reductions: list[ReductionOut]
    lost_by_unit: list[CapacityLostOut]
    lost_by_client_group: list[CapacityLostOut]
    lost_by_district: list[CapacityLostOut] = Field(
        description="A service covering several districts counts in each"
    )
    sources: list[SourceEffectOut] = Field(
        description="The fall shared between the grant and the partners in proportion to "
        "what each puts in, to the penny, adding up exactly to it"
    )
    illustrative: IllustrativeFields


def scenario_out(figures: selectors.ScenarioFigures) -> dict[str, Any]:
    scenario = figures.scenario

    def losses(rows: list[selectors.CapacityLost]) -> list[dict[str, Any]]:
        return [{"where": r.where, "unit": r.unit, "lost": r.lost} for r in rows]

    return {
        "id": scenario.pk,
        "pool_id": scenario.pool_id,
        "title": scenario.title,
        "fall_percent": plain(scenario.fall_percent),
        "note": scenario.note,
        "status": scenario.status.value,
        "proposal_id": scenario.proposal_id,
        "decision_id": scenario.decision_id,
        "pool_total": money_text(figures.pool_total),
        "target": money_text(figures.target),
        "next_pool": money_text(figures.next_pool),
        "saved": money_text(figures.saved),
        "left_to_find": money_text(figures.left_to_find),
        "reductions": [
            {
                "id": line.reduction.pk,
                "plan_line_id": line.reduction.plan_line_id,
                "contract_id": line.reduction.contract_id,
                "decommission": line.reduction.decommission,
                "amount": money_text(line.reduction.amount),
                "reason": line.reduction.reason,
                "lost": losses(line.lost),
                "illustrative": illustrative_in(ReductionOut, line.reduction),
            }
            for line in figures.lines
        ],
        "lost_by_unit": losses(figures.lost_by_unit),
        "lost_by_client_group": losses(figures.lost_by_client_group),
        "lost_by_district": losses(figures.lost_by_district),
        "sources": [
            {
                "source": effect.source,
                "partner_id": effect.partner.pk if effect.partner else None,
                "before": money_text(effect.before),
                "change": money_text(effect.change),
                "after": money_text(effect.after),
            }
            for effect in figures.sources
        ],
        "illustrative": illustrative_in(ScenarioOut, scenario),
    }


def one(scenario: Scenario) -> dict[str, Any]:
    return scenario_out(selectors.scenarios_figures(scenario.pool, [scenario])[0])


class ScenarioFilters(Schema):
    scenario: list[int] = Field(
        default_factory=list, description="Only these scenarios (ids), side by side"
    )


@router.get(
    "/partnerships/{slug}/pools/{pool_id}/scenarios",
    response=replies({200: list[ScenarioOut]}),
    auth=SIGNED_IN,
    summary="A pool's savings scenarios with their figures, side by side (all, or those "
    "named by ?scenario=1&scenario=2)",
)
def scenario_list(
    request: HttpRequest, slug: str, pool_id: int, filters: Query[ScenarioFilters]
) -> list[dict[str, Any]]:
    pool = selectors.pool_get(partnership_from(request, slug, "budget.view"), pool_id)
    rows = selectors.scenario_list(pool)
    if filters.scenario:
        rows = rows.filter(pk__in=filters.scenario)
    return [scenario_out(f) for f in selectors.scenarios_figures(pool, list(rows))]


@router.post(
    "/partnerships/{slug}/pools/{pool_id}/scenarios",
    response=replies({201: ScenarioOut}, CREATE_ERRORS),
    auth=SIGNED_IN,
    summary="Start a savings scenario: what if next year's pool falls by a percentage",
)
def scenario_create(
    request: HttpRequest, slug: str, pool_id: int, payload: ScenarioIn
) -> Status[dict[str, Any]]:
    pool = selectors.pool_get(partnership_from(request, slug, "budget.change"), pool_id)
    with named_for_the_api():
        scenario = services.scenario_create(
            actor=request.user,
            pool=pool,
            title=payload.title,
            fall_percent=Decimal(payload.fall_percent),
            note=payload.note,
        )
    return Status(201, one(selectors.scenario_get(pool, scenario.pk)))


@router.get(
    "/partnerships/{slug}/pools/{pool_id}/scenarios/{scenario_id}",
    response=replies({200: ScenarioOut}),
    auth=SIGNED_IN,
    openapi_extra=VERSIONED_READ,
    summary="One savings scenario: its reductions, capacity lost and each source's part",
)
def scenario_detail(
    request: HttpRequest, response: HttpResponse, slug: str, pool_id: int, scenario_id: int
) -> dict[str, Any]:
    pool = selectors.pool_get(partnership_from(request, slug, "budget.view"), pool_id)
    scenario = selectors.scenario_get(pool, scenario_id)
    send_version(response, scenario)
    return one(scenario)


@router.put(
    "/partnerships/{slug}/pools/{pool_id}/scenarios/{scenario_id}",
    response=replies({200: ScenarioOut}, CHANGE_ERRORS),
    auth=SIGNED_IN,
    openapi_extra=VERSIONED_CHANGE,
    summary="Change a draft scenario's title, percentage and note",
)
def scenario_update(
    request: HttpRequest,
    response: HttpResponse,
    slug: str,
    pool_id: int,
    scenario_id: int,
    payload: ScenarioIn,
) -> dict[str, Any]:
    pool = selectors.pool_get(partnership_from(request, slug, "budget.change"), pool_id)
    scenario = selectors.scenario_get(pool, scenario_id)
    with transaction.atomic(), named_for_the_api():
        require_version(request, scenario)
        scenario = services.scenario_update(
            actor=request.user,
            scenario=scenario,
            title=payload.title,
            fall_percent=Decimal(payload.fall_percent),
            note=payload.note,
        )
    send_version(response, scenario)
    return one(selectors.scenario_get(pool, scenario.pk))


@router.post(
    "/partnerships/{slug}/pools/{pool_id}/scenarios/{scenario_id}/reductions",
    response=replies({201: ScenarioOut}, CREATE_ERRORS),
    auth=SIGNED_IN,
    summary="Propose a reduction: an amount off a plan line or a contract, or a contract "
    "decommissioned (refusals name the field)",
)
def reduction_create(
    request: HttpRequest, slug: str, pool_id: int, scenario_id: int, payload: ReductionIn
) -> Status[dict[str, Any]]:
    partnership = partnership_from(request, slug, "budget.change")
    pool = selectors.pool_get(partnership, pool_id)
    scenario = selectors.scenario_get(pool, scenario_id)
    plan_line = (
        None
        if payload.plan_line_id is None
        else get_in(partnership, PlanLine, payload.plan_line_id, field="plan_line_id")
    )
    contract = (
        None
        if payload.contract_id is None
        else get_in(partnership, Contract, payload.contract_id, field="contract_id")
    )
    with named_for_the_api():
        services.reduction_add(
            actor=request.user,
            scenario=scenario,
            plan_line=plan_line,
            contract=contract,
            decommission=payload.decommission,
            amount=None if payload.amount is None else Decimal(payload.amount),
            reason=payload.reason,
        )
    return Status(201, one(selectors.scenario_get(pool, scenario.pk)))


@router.delete(
    "/partnerships/{slug}/pools/{pool_id}/scenarios/{scenario_id}/reductions/{reduction_id}",
    response=replies({204: None}, CREATE_ERRORS),
    auth=SIGNED_IN,
    summary="Take a reduction out of a draft scenario (refused once it is with the board)",
)
def reduction_remove(
    request: HttpRequest, slug: str, pool_id: int, scenario_id: int, reduction_id: int
) -> Status[None]:
    pool = selectors.pool_get(partnership_from(request, slug, "budget.change"), pool_id)
    scenario = selectors.scenario_get(pool, scenario_id)
    reduction = selectors.reduction_get(scenario, reduction_id)
    with named_for_the_api():
        services.reduction_remove(actor=request.user, reduction=reduction)
    return Status(204, None)


class ProposeIn(Schema):
    model_config = example({"deciding_body_id": 1, "owner_id": None})

    deciding_body_id: int = Field(description="The body that decides")
    owner_id: int | None = Field(None, description="The officer responsible for the proposal")


@router.post(
    "/partnerships/{slug}/pools/{pool_id}/scenarios/{scenario_id}/propose",
    response=replies({201: ScenarioOut}, CREATE_ERRORS),
    auth=SIGNED_IN,
    summary="Take the scenario to the board: a proposal of the kind savings_scenario",
)
def scenario_propose(
    request: HttpRequest, slug: str, pool_id: int, scenario_id: int, payload: ProposeIn
) -> Status[dict[str, Any]]:
    partnership = partnership_from(request, slug, "budget.change")
    pool = selectors.pool_get(partnership, pool_id)
    scenario = selectors.scenario_get(pool, scenario_id)
    body = get_in(partnership, Body, payload.deciding_body_id, field="deciding_body_id")
    owner = (
        None
        if payload.owner_id is None
        else get_in(partnership, Person, payload.owner_id, field="owner_id")
    )
    with named_for_the_api():
        services.scenario_propose(
            actor=request.user,
            scenario=scenario,
            deciding_body=body,
            owner=owner,
            on=timezone.localdate(),
        )
    return Status(201, one(selectors.scenario_get(pool, scenario.pk)))


class ScenarioApproveIn(Schema):
    model_config = example({"decision_id": 1})

    decision_id: int = Field(description="A carried proposal of the kind savings_scenario")


@router.post(
    "/partnerships/{slug}/pools/{pool_id}/scenarios/{scenario_id}/approve",
    response=replies({200: ScenarioOut}, CHANGE_ERRORS),
    auth=SIGNED_IN,
    summary="Record the board's carried decision approving the scenario (one a pool)",
)
def scenario_approve(
    request: HttpRequest, slug: str, pool_id: int, scenario_id: int, payload: ScenarioApproveIn
) -> dict[str, Any]:
    partnership = partnership_from(request, slug, "budget.change")
    pool = selectors.pool_get(partnership, pool_id)
    scenario = selectors.scenario_get(pool, scenario_id)
    decision = get_in(partnership, Proposal, payload.decision_id, field="decision_id")
    with named_for_the_api():
        services.scenario_approve(actor=request.user, scenario=scenario, decision=decision)
    return one(selectors.scenario_get(pool, scenario.pk))

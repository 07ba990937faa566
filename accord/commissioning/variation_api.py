"""A contract's variations and termination in the JSON API (issue 16 items 6 and 7): what
the contract page's forms "Record a variation" and "Terminate" do, through the same
services and the same policy action (``contract.change``; members read them with
``contract.view``). A refusal is the project's error shape, naming the field: ``decision``
for a variation without its carried decision, ``terminated_on`` for a contract already
ended. Amounts are strings of pounds and pence."""

import datetime
from typing import Annotated, Any

from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from ninja import Field, Schema, Status

from accord.core.schemas import PlausibleDate, Text
from accord.core.text import NOTE, REASON
from accord.decisions.models import Proposal
from accord.partnerships.endpoints import (
    CHANGE_ERRORS,
    READ_ERRORS,
    SIGNED_IN,
    VERSIONED_CHANGE,
    IllustrativeFields,
    Router,
    example,
    illustrative_in,
    partnership_from,
    replies,
    require_version,
)
from accord.partnerships.selectors import get_in

from . import selectors, services
from .api import Money
from .models import (
    Contract,
    ContractTermination,
    ContractVariation,
    Service,
    TerminationReason,
    VariationKind,
)

router = Router(tags=["contracts"])


class YearValueIn(Schema):
    financial_year: int = Field(description="The year it starts in: 2008 for 2008/09")
    amount: Money


class CapacityIn(Schema):
    service_id: int = Field(description="A service the contract covers (after the variation)")
    capacity: int = Field(ge=0, le=1_000_000, description="Its new contracted capacity")


class ContractVariationIn(Schema):
    model_config = example(
        {
            "agreed_on": "2008-03-20",
            "effective_on": "2008-04-01",
            "reason": "The pooled budget falls in 2008/09: the value is reduced by 5%",
            "decision_id": 41,
            "values": [{"financial_year": 2008, "amount": "95000.00"}],
        }
    )
    agreed_on: PlausibleDate
    effective_on: PlausibleDate
    reason: Annotated[str, Text(REASON, blank=False)]
    decision_id: int | None = Field(
        None,
        description="The board's carried decision of the kind contract_variation that "
        "approved it (required: refused naming 'decision' without it)",
    )
    end_date: PlausibleDate | None = Field(
        None, description="A new end date (an extension or a shorter term); null: unchanged"
    )
    values: list[YearValueIn] = Field(
        [],
        max_length=100,
        description="New annual values, for financial years from the one it takes effect in",
    )
    service_ids: list[int] | None = Field(
        None,
        max_length=1000,
        description="Every service it covers after the variation (its provider's); null: unchanged",
    )
    capacities: list[CapacityIn] = Field([], max_length=1000)
    notice_published_on: PlausibleDate | None = None
    notice_text: Annotated[str, Text(NOTE)] = ""


class DateChangeOut(Schema):
    before: datetime.date
    after: datetime.date


class ValueChangeOut(Schema):
    financial_year: int
    before: str | None = Field(description="Pounds and pence; null: none recorded")
    after: str | None = Field(description="Pounds and pence; null: taken off")


class ServicesChangeOut(Schema):
    before: list[str] = Field(description="The services' references")
    after: list[str]


class CapacityChangeOut(Schema):
    service_reference: str
    before: int
    after: int


class ContractVariationOut(Schema):
    id: int
    contract_id: int
    number: int
    agreed_on: datetime.date
    effective_on: datetime.date
    reason: str
    decision_id: int
    kinds: list[VariationKind] = Field(description="What it changed")
    end_date: DateChangeOut | None
    values: list[ValueChangeOut]
    services: ServicesChangeOut | None
    capacities: list[CapacityChangeOut]
    notice_published_on: datetime.date | None = Field(
        description="When its contract change notice was published"
    )
    notice_text: str
    illustrative: IllustrativeFields

    @staticmethod
    def resolve_end_date(variation: ContractVariation) -> dict[str, str] | None:
        change = variation.changes.get("end_date")
        return {"before": change[0], "after": change[1]} if change else None

    @staticmethod
    def resolve_values(variation: ContractVariation) -> list[dict[str, Any]]:
        return [
            {"financial_year": int(year), "before": before, "after": after}
            for year, (before, after) in (variation.changes.get("values") or {}).items()
        ]

    @staticmethod
    def resolve_services(variation: ContractVariation) -> dict[str, list[str]] | None:
        change = variation.changes.get("services")
        return {"before": change[0], "after": change[1]} if change else None

    @staticmethod
    def resolve_capacities(variation: ContractVariation) -> list[dict[str, Any]]:
        return [
            {"service_reference": reference, "before": before, "after": after}
            for reference, (before, after) in (variation.changes.get("capacity") or {}).items()
        ]

    @staticmethod
    def resolve_illustrative(variation: ContractVariation) -> list[str]:
        return illustrative_in(ContractVariationOut, variation)


class ContractTerminationIn(Schema):
    model_config = example(
        {
            "terminated_on": "2007-09-30",
            "reason_code": "convenience",
            "reason": "The scheme is decommissioned: floating support replaces it",
            "decision_id": 42,
        }
    )
    terminated_on: PlausibleDate
    reason_code: TerminationReason
    reason: Annotated[str, Text(REASON, blank=False)]
    decision_id: int | None = Field(
        None,
        description="The carried decision (contract_variation or commissioning_decision) "
        "that ended it: required unless the provider ended it (provider_notice, "
        "provider_failure)",
    )
    final_year_value: Money | None = Field(
        None, description="The value of the year it ends in; null: the year's value is kept"
    )
    notice_published_on: PlausibleDate | None = None
    notice_text: Annotated[str, Text(NOTE)] = ""


class RemovedValueOut(Schema):
    financial_year: int
    amount: str = Field(description="Pounds and pence")


class ContractTerminationOut(Schema):
    id: int
    contract_id: int
    terminated_on: datetime.date
    reason_code: TerminationReason
    reason: str
    decision_id: int | None
    end_date_before: datetime.date = Field(description="The end date it had")
    values_removed: list[RemovedValueOut] = Field(
        description="The values of the years after it ends, taken off"
    )
    final_year_value: ValueChangeOut | None
    notice_published_on: datetime.date | None = Field(
        description="When its contract termination notice was published"
    )
    notice_text: str
    illustrative: IllustrativeFields

    @staticmethod
    def resolve_values_removed(termination: ContractTermination) -> list[dict[str, Any]]:
        removed = termination.changes.get("values_removed") or {}
        return [{"financial_year": int(year), "amount": amount} for year, amount in removed.items()]

    @staticmethod
    def resolve_final_year_value(termination: ContractTermination) -> dict[str, Any] | None:
        for year, (before, after) in (termination.changes.get("final_year_value") or {}).items():
            return {"financial_year": int(year), "before": before, "after": after}
        return None

    @staticmethod
    def resolve_illustrative(termination: ContractTermination) -> list[str]:
        return illustrative_in(ContractTerminationOut, termination)


def _decision(partnership: Any, decision_id: int | None) -> Proposal | None:
    if decision_id is None:
        return None
    return get_in(partnership, Proposal, decision_id, field="decision_id")


@router.get(
    "/partnerships/{slug}/contracts/{contract_id}/variations",
    response=replies({200: list[ContractVariationOut]}, READ_ERRORS),
    auth=SIGNED_IN,
    summary="A contract's variations in order, each with what it changed before and after",
)
def contract_variation_list(
    request: HttpRequest, slug: str, contract_id: int
) -> QuerySet[ContractVariation]:
    partnership = partnership_from(request, slug, "contract.view")
    return selectors.contract_variations(selectors.contract_get(partnership, contract_id))


@router.get(
    "/partnerships/{slug}/contracts/{contract_id}/variations/{number}",
    response=replies({200: ContractVariationOut}, READ_ERRORS),
    auth=SIGNED_IN,
    summary="One variation of a contract, by its number",
)
def contract_variation_detail(
    request: HttpRequest, slug: str, contract_id: int, number: int
) -> ContractVariation:
    partnership = partnership_from(request, slug, "contract.view")
    return selectors.variation_get(selectors.contract_get(partnership, contract_id), number)


@router.post(
    "/partnerships/{slug}/contracts/{contract_id}/variations",
    response=replies({201: ContractVariationOut}, CHANGE_ERRORS),
    auth=SIGNED_IN,
    openapi_extra=VERSIONED_CHANGE,  # the contract's version: it changes the contract
    summary="Vary a let contract (value, term, services, capacity) on the board's carried "
    "contract_variation decision",
)
def contract_vary(
    request: HttpRequest, slug: str, contract_id: int, payload: ContractVariationIn
) -> Status[ContractVariation]:
    partnership = partnership_from(request, slug, "contract.change")
    contract = selectors.contract_get(partnership, contract_id)
    decision = _decision(partnership, payload.decision_id)
    chosen = (
        None
        if payload.service_ids is None
        else [get_in(partnership, Service, pk, field="service_ids") for pk in payload.service_ids]
    )
    capacities = {
        get_in(partnership, Service, row.service_id, field="capacities"): row.capacity
        for row in payload.capacities
    }
    with transaction.atomic():
        contract = require_version(request, contract)
        variation = services.contract_vary(
            actor=request.user,
            contract=contract,
            agreed_on=payload.agreed_on,
            effective_on=payload.effective_on,
            reason=payload.reason,
            decision=decision,
            end_date=payload.end_date,
            values={row.financial_year: row.amount for row in payload.values},
            services=chosen,
            capacities=capacities,
            notice_published_on=payload.notice_published_on,
            notice_text=payload.notice_text,
        )
    return Status(201, variation)


@router.get(
    "/partnerships/{slug}/contracts/{contract_id}/termination",
    response=replies({200: ContractTerminationOut}, READ_ERRORS),
    auth=SIGNED_IN,
    summary="A contract's early termination; 404 while it has none",
)
def contract_termination_detail(
    request: HttpRequest, slug: str, contract_id: int
) -> ContractTermination:
    partnership = partnership_from(request, slug, "contract.view")
    termination = selectors.contract_termination(selectors.contract_get(partnership, contract_id))
    if termination is None:
        raise Http404("The contract has not been terminated")
    return termination


@router.post(
    "/partnerships/{slug}/contracts/{contract_id}/termination",
    response=replies({201: ContractTerminationOut}, CHANGE_ERRORS),
    auth=SIGNED_IN,
    openapi_extra=VERSIONED_CHANGE,
    summary="Terminate a let contract early: it ends on the date given (refused for a "
    "contract already ended)",
)
def contract_terminate(
    request: HttpRequest, slug: str, contract_id: int, payload: ContractTerminationIn
) -> Status[ContractTermination]:
    partnership = partnership_from(request, slug, "contract.change")
    contract: Contract = selectors.contract_get(partnership, contract_id)
    decision = _decision(partnership, payload.decision_id)
    with transaction.atomic():
        contract = require_version(request, contract)
        termination = services.contract_terminate(
            actor=request.user,
            contract=contract,
            terminated_on=payload.terminated_on,
            reason_code=payload.reason_code.value,
            reason=payload.reason,
            decision=decision,
            final_year_value=payload.final_year_value,
            notice_published_on=payload.notice_published_on,
            notice_text=payload.notice_text,
        )
    return Status(201, termination)

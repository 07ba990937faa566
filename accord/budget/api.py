"""The pooled budget in the JSON API: what its pages show and do.

Members of the partnership and its programme team read the pools; the programme team
records them. Every amount is a string of pounds and pence ("29200000.00"), never a
number; every total is computed from the rows. Lists are paged (``limit``, ``offset``).
"""

from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal
from typing import Annotated, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from ninja import Field, File, Schema, Status
from ninja.files import UploadedFile
from pydantic import StringConstraints, WithJsonSchema

from accord.commissioning.evidence import MAX_BYTES
from accord.commissioning.models import ClientGroup, Contract, ServiceType
from accord.core.errors import error_body
from accord.core.money import FIRST_FINANCIAL_YEAR, LAST_FINANCIAL_YEAR, financial_year_label
from accord.core.schemas import Text
from accord.core.text import NAME, NOTE, REASON
from accord.decisions.models import Proposal
from accord.governance.models import Partner
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

from . import selectors, services
from .ledger import FileRefused, Problem, period_text
from .models import Contribution, PlanLine, PlanLineKind, Pool, Spend, Virement
from .share import plain
from .story import Row as StoryRow
from .story import story_of

router = Router(tags=["budget"])

MONEY_PATTERN = r"^[0-9]{1,12}(\.[0-9]{1,2})?$"
SHARE_PATTERN = r"^[0-9]{1,3}(\.[0-9]{1,4})?$"

# An amount of pounds and pence sent as a string ("29200000.00"), never a float.
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
            "example": "1250000.00",
        }
    ),
]
# A partner's share of a variance in per cent, as a string ("12.5").
Percent = Annotated[
    str,
    StringConstraints(strip_whitespace=True, max_length=8, pattern=SHARE_PATTERN),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": SHARE_PATTERN,
            "minLength": 1,
            "maxLength": 8,
            "description": "Per cent, 0 to 100, up to four decimals, as a string",
            "example": "12.5",
        }
    ),
]
FinancialYear = Annotated[
    int,
    Field(
        ge=FIRST_FINANCIAL_YEAR,
        le=LAST_FINANCIAL_YEAR,
        description="The year it starts in: 2004 for 2004/05",
    ),
]
INPUT_NAMES = {
    "administering_authority": "administering_authority_id",
    "partner": "partner_id",
    "contract": "contract_id",
    "decision": "decision_id",
    "from_line": "from_line_id",
    "to_line": "to_line_id",
    "plan_line": "plan_line_id",
    "deciding_body": "deciding_body_id",
}


def money_text(value: Decimal | int | None) -> str | None:
    """An amount as the API writes it: pounds and pence, "1250000.00"; None stays null."""
    return None if value is None else f"{Decimal(value):.2f}"


@contextmanager
def named_for_the_api() -> Iterator[None]:
    """A service's refusal naming the API's field (``partner_id``, not ``partner``)."""
    try:
        yield
    except ValidationError as error:
        if not hasattr(error, "error_dict"):
            raise
        raise ValidationError(
            {INPUT_NAMES.get(name, name): problems for name, problems in error.error_dict.items()}
        ) from None


class PoolChangeIn(Schema):
    model_config = example(
        {
            "administering_authority_id": 1,
            "grant": "18400000.00",
            "outturn": None,
            "note": "",
        }
    )

    administering_authority_id: int | None = Field(
        None, description="The partner that holds the pool and receives the grant"
    )
    grant: Money = Field(description="The grant received by the administering authority")
    outturn: Money | None = Field(None, description="The year's actual spend, at year end")
    note: Annotated[str, Text(NOTE)] = ""


class PoolIn(PoolChangeIn):
    model_config = example(
        {
            "financial_year": 2004,
            "administering_authority_id": 1,
            "grant": "18400000.00",
            "outturn": None,
            "note": "",
        }
    )

    financial_year: FinancialYear


class ContributionChangeIn(Schema):
    model_config = example({"amount": "2500000.00", "risk_share": "25"})

    amount: Money
    risk_share: Percent = Field(
        description="The partner's share of an overspend or underspend, per cent"
    )


class ContributionIn(ContributionChangeIn):
    model_config = example({"partner_id": 1, "amount": "2500000.00", "risk_share": "25"})

    partner_id: int = Field(description="One of the partnership's partners")


class ContributionOut(Schema):
    id: int
    partner_id: int
    partner: str
    amount: str = Field(description="Pounds and pence, as a string")
    risk_share: str = Field(description="Share of an overspend or underspend, per cent")
    illustrative: IllustrativeFields

    @staticmethod
    def resolve_partner(contribution: Contribution) -> str:
        return contribution.partner.name

    @staticmethod
    def resolve_amount(contribution: Contribution) -> str | None:
        return money_text(contribution.amount)

    @staticmethod
    def resolve_risk_share(contribution: Contribution) -> str:
        return plain(contribution.risk_share)

    @staticmethod
    def resolve_illustrative(contribution: Contribution) -> list[str]:
        return illustrative_in(ContributionOut, contribution)


class PoolOut(Schema):
    id: int
    financial_year: int
    financial_year_label: str = Field(description='As people write it: "2004/05"')
    administering_authority_id: int | None
    grant: str = Field(description="Pounds and pence, as a string")
    contributed: str = Field(description="The contributions' sum, as a string")
    total: str = Field(description="The pool: the grant and the contributions, as a string")
    outturn: str | None = Field(description="The year's actual spend, once known")
    note: str
    illustrative: IllustrativeFields

    @staticmethod
    def resolve_financial_year_label(pool: Pool) -> str:
        return financial_year_label(pool.financial_year)

    @staticmethod
    def resolve_grant(pool: Pool) -> str | None:
        return money_text(pool.grant)

    @staticmethod
    def resolve_contributed(pool: Pool) -> str | None:
        return money_text(getattr(pool, "contributed", None) or 0)

    @staticmethod
    def resolve_total(pool: Pool) -> str | None:
        return money_text(getattr(pool, "total", None) or pool.grant)

    @staticmethod
    def resolve_outturn(pool: Pool) -> str | None:
        return money_text(pool.outturn)

    @staticmethod
    def resolve_illustrative(pool: Pool) -> list[str]:
        return illustrative_in(PoolOut, pool)


class ShareOut(Schema):
    partner_id: int
    partner: str
    risk_share: str = Field(description="The agreement's share, per cent")
    amount: str = Field(
        description="The partner's part of the variance: positive an underspend received, "
        "negative an overspend borne; the parts add up exactly to the variance"
    )


class PlanLineIn(Schema):
    model_config = example(
        {
            "kind": "services",
            "description": "Older people: sheltered housing wardens",
            "client_group": 1,
            "service_type": "sheltered",
            "contract_id": None,
            "amount": "4200000.00",
        }
    )

    kind: PlanLineKind
    description: Annotated[str, Text(NAME, blank=False)]
    client_group: ClientGroup | None = None
    service_type: ServiceType | None = None
    contract_id: int | None = Field(None, description="One of the partnership's contracts")
    amount: Money


class PlanLineOut(Schema):
    id: int
    kind: PlanLineKind
    description: str
    client_group: ClientGroup | None
    service_type: ServiceType | None
    contract_id: int | None
    amount: str = Field(description="Pounds and pence, as a string")
    illustrative: IllustrativeFields

    @staticmethod
    def resolve_service_type(line: PlanLine) -> str | None:
        return line.service_type or None

    @staticmethod
    def resolve_amount(line: PlanLine) -> str | None:
        return money_text(line.amount)

    @staticmethod
    def resolve_illustrative(line: PlanLine) -> list[str]:
        return illustrative_in(PlanLineOut, line)


class PlanApproveIn(Schema):
    model_config = example({"decision_id": 1})

    decision_id: int = Field(description="A carried proposal of the kind annual_financial_plan")


class VirementIn(Schema):
    model_config = example(
        {
            "from_line_id": 1,
            "to_line_id": 2,
            "amount": "150000.00",
            "decision_id": 3,
            "reason": "Floating support in place of accommodation-based places",
        }
    )

    from_line_id: int
    to_line_id: int
    amount: Money
    decision_id: int = Field(description="The carried decision approving the virement")
    reason: Annotated[str, Text(REASON, blank=False)]


class VirementOut(Schema):
    id: int
    from_line_id: int
    to_line_id: int
    amount: str = Field(description="Pounds and pence, as a string")
    decision_id: int
    reason: str

    @staticmethod
    def resolve_amount(virement: Virement) -> str | None:
        return money_text(virement.amount)


class PoolDetailOut(PoolOut):
    plan_decision_id: int | None = Field(
        description="The carried proposal approving the annual financial plan; once set the "
        "plan is locked and changes are virements"
    )
    plan_lines: list[PlanLineOut]
    planned: str = Field(description="The plan's lines added up, as a string")
    virements: list[VirementOut]
    contributions: list[ContributionOut]
    variance: str | None = Field(
        description="The pool less the outturn (negative: an overspend), once the outturn is known"
    )
    shares: list[ShareOut] = Field(
        description="The variance shared by the agreement's terms, to the penny (each "
        "partner's exact share rounded down, the pennies left to the largest remainders, a "
        "tie to the partner listed first)"
    )

    @staticmethod
    def resolve_contributions(pool: Pool) -> list[Contribution]:
        return figures_of(pool).contributions

    @staticmethod
    def resolve_plan_lines(pool: Pool) -> list[PlanLine]:
        return figures_of(pool).lines

    @staticmethod
    def resolve_planned(pool: Pool) -> str | None:
        return money_text(figures_of(pool).planned)

    @staticmethod
    def resolve_virements(pool: Pool) -> list[Virement]:
        return figures_of(pool).virements

    @staticmethod
    def resolve_variance(pool: Pool) -> str | None:
        return money_text(figures_of(pool).variance)

    @staticmethod
    def resolve_shares(pool: Pool) -> list[dict[str, Any]]:
        return [
            {
                "partner_id": line.partner.pk,
                "partner": line.partner.name,
                "risk_share": plain(line.risk_share),
                "amount": money_text(line.amount),
            }
            for line in figures_of(pool).shares
        ]


def figures_of(pool: Pool) -> selectors.PoolFigures:
    """The pool's figures, computed once per response."""
    figures = getattr(pool, "_figures", None)
    if figures is None:
        figures = selectors.pool_figures(pool)
        pool._figures = figures  # type: ignore[attr-defined]
    return figures


def pool_values(partnership: Partnership, payload: PoolChangeIn) -> dict[str, Any]:
    values = payload.model_dump(exclude={"administering_authority_id"})
    values["grant"] = Decimal(payload.grant)
    values["outturn"] = None if payload.outturn is None else Decimal(payload.outturn)
    values["administering_authority"] = (
        None
        if payload.administering_authority_id is None
        else get_in(
            partnership,
            Partner,
            payload.administering_authority_id,
            field="administering_authority_id",
        )
    )
    return values


@router.get(
    "/partnerships/{slug}/pools",
    response=replies({200: list[PoolOut]}),
    auth=SIGNED_IN,
    summary="The partnership's pooled budget, year by year (latest first)",
)
def pool_list(request: HttpRequest, slug: str) -> QuerySet[Pool]:
    return selectors.pool_list(partnership_from(request, slug, "budget.view"))


@router.post(
    "/partnerships/{slug}/pools",
    response=replies({201: PoolDetailOut}, CREATE_ERRORS),
    auth=SIGNED_IN,
    summary="Open a year's pooled budget",
)
def pool_create(request: HttpRequest, slug: str, payload: PoolIn) -> Status[Pool]:
    partnership = partnership_from(request, slug, "budget.change")
    with named_for_the_api():
        pool = services.pool_create(
            actor=request.user, partnership=partnership, **pool_values(partnership, payload)
        )
    return Status(201, selectors.pool_get(partnership, pool.pk))


@router.get(
    "/partnerships/{slug}/pools/{pool_id}",
    response=replies({200: PoolDetailOut}),
    auth=SIGNED_IN,
    openapi_extra=VERSIONED_READ,
    summary="One year's pool: its sources, terms and year-end share, with its version",
)
def pool_detail(request: HttpRequest, response: HttpResponse, slug: str, pool_id: int) -> Pool:
    pool = selectors.pool_get(partnership_from(request, slug, "budget.view"), pool_id)
    send_version(response, pool)
    return pool


@router.put(
    "/partnerships/{slug}/pools/{pool_id}",
    response=replies({200: PoolDetailOut}, CHANGE_ERRORS),
    auth=SIGNED_IN,
    openapi_extra=VERSIONED_CHANGE,
    summary="Change a pool's grant, administering authority, outturn and note",
)
def pool_update(
    request: HttpRequest, response: HttpResponse, slug: str, pool_id: int, payload: PoolChangeIn
) -> Pool:
    partnership = partnership_from(request, slug, "budget.change")
    pool = selectors.pool_get(partnership, pool_id)
    with transaction.atomic(), named_for_the_api():
        require_version(request, pool)
        pool = services.pool_update(
            actor=request.user, pool=pool, **pool_values(partnership, payload)
        )
    send_version(response, pool)
    return selectors.pool_get(partnership, pool.pk)


@router.post(
    "/partnerships/{slug}/pools/{pool_id}/contributions",
    response=replies({201: ContributionOut}, CREATE_ERRORS),
    auth=SIGNED_IN,
    summary="Record a partner's contribution and its share of a variance",
)
def contribution_create(
    request: HttpRequest, slug: str, pool_id: int, payload: ContributionIn
) -> Status[Contribution]:
    partnership = partnership_from(request, slug, "budget.change")
    pool = selectors.pool_get(partnership, pool_id)
    partner = get_in(partnership, Partner, payload.partner_id, field="partner_id")
    with named_for_the_api():
        contribution = services.contribution_add(
            actor=request.user,
            pool=pool,
            partner=partner,
            amount=Decimal(payload.amount),
            risk_share=Decimal(payload.risk_share),
        )
    return Status(201, contribution)


@router.get(
    "/partnerships/{slug}/pools/{pool_id}/contributions/{contribution_id}",
    response=replies({200: ContributionOut}),
    auth=SIGNED_IN,
    openapi_extra=VERSIONED_READ,
    summary="One partner's contribution, with its version (ETag)",
)
def contribution_detail(
    request: HttpRequest, response: HttpResponse, slug: str, pool_id: int, contribution_id: int
) -> Contribution:
    pool = selectors.pool_get(partnership_from(request, slug, "budget.view"), pool_id)
    contribution = selectors.contribution_get(pool, contribution_id)
    send_version(response, contribution)
    return contribution


@router.put(
    "/partnerships/{slug}/pools/{pool_id}/contributions/{contribution_id}",
    response=replies({200: ContributionOut}, CHANGE_ERRORS),
    auth=SIGNED_IN,
    openapi_extra=VERSIONED_CHANGE,
    summary="Change a contribution's amount and share of a variance",
)
def contribution_update(
    request: HttpRequest,
    response: HttpResponse,
    slug: str,
    pool_id: int,
    contribution_id: int,
    payload: ContributionChangeIn,
) -> Contribution:
    pool = selectors.pool_get(partnership_from(request, slug, "budget.change"), pool_id)
    contribution = selectors.contribution_get(pool, contribution_id)
    with transaction.atomic(), named_for_the_api():
        require_version(request, contribution)
        contribution = services.contribution_update(
            actor=request.user,
            contribution=contribution,
            amount=Decimal(payload.amount),
            risk_share=Decimal(payload.risk_share),
        )
    send_version(response, contribution)
    return contribution


# ---------------------------------------------------------------------------------------
# The annual financial plan


def line_values(partnership: Partnership, payload: PlanLineIn) -> dict[str, Any]:
    return {
        "kind": payload.kind,
        "description": payload.description,
        "client_group": None if payload.client_group is None else int(payload.client_group),
        "service_type": payload.service_type or "",
        "contract": None
        if payload.contract_id is None
        else get_in(partnership, Contract, payload.contract_id, field="contract_id"),
        "amount": Decimal(payload.amount),
    }


@router.post(
    "/partnerships/{slug}/pools/{pool_id}/plan/lines",
    response=replies({201: PlanLineOut}, CREATE_ERRORS),
    auth=SIGNED_IN,
    summary="Add a line to the annual financial plan (refused past the pool, naming amount)",
)
def plan_line_create(
    request: HttpRequest, slug: str, pool_id: int, payload: PlanLineIn
) -> Status[PlanLine]:
    partnership = partnership_from(request, slug, "budget.change")
    pool = selectors.pool_get(partnership, pool_id)
    with named_for_the_api():
        line = services.plan_line_add(
            actor=request.user, pool=pool, **line_values(partnership, payload)
        )
    return Status(201, line)


@router.get(
    "/partnerships/{slug}/pools/{pool_id}/plan/lines/{line_id}",
    response=replies({200: PlanLineOut}),
    auth=SIGNED_IN,
    openapi_extra=VERSIONED_READ,
    summary="One line of the annual financial plan, with its version (ETag)",
)
def plan_line_detail(
    request: HttpRequest, response: HttpResponse, slug: str, pool_id: int, line_id: int
) -> PlanLine:
    pool = selectors.pool_get(partnership_from(request, slug, "budget.view"), pool_id)
    line = selectors.plan_line_get(pool, line_id)
    send_version(response, line)
    return line


@router.put(
    "/partnerships/{slug}/pools/{pool_id}/plan/lines/{line_id}",
    response=replies({200: PlanLineOut}, CHANGE_ERRORS),
    auth=SIGNED_IN,
    openapi_extra=VERSIONED_CHANGE,
    summary="Change a line of a plan not yet approved (every field, as read)",
)
def plan_line_update(
    request: HttpRequest,
    response: HttpResponse,
    slug: str,
    pool_id: int,
    line_id: int,
    payload: PlanLineIn,
) -> PlanLine:
    partnership = partnership_from(request, slug, "budget.change")
    pool = selectors.pool_get(partnership, pool_id)
    line = selectors.plan_line_get(pool, line_id)
    with transaction.atomic(), named_for_the_api():
        require_version(request, line)
        line = services.plan_line_update(
            actor=request.user, line=line, **line_values(partnership, payload)
        )
    send_version(response, line)
    return line


@router.post(
    "/partnerships/{slug}/pools/{pool_id}/plan/approve",
    response=replies({200: PoolDetailOut}, CHANGE_ERRORS),
    auth=SIGNED_IN,
    summary="Record the board's approval of the plan, which locks it (refused unless its "
    "lines add up to the pool, naming lines)",
)
def plan_approve(request: HttpRequest, slug: str, pool_id: int, payload: PlanApproveIn) -> Pool:
    partnership = partnership_from(request, slug, "budget.change")
    pool = selectors.pool_get(partnership, pool_id)
    decision = get_in(partnership, Proposal, payload.decision_id, field="decision_id")
    with named_for_the_api():
        services.plan_approve(actor=request.user, pool=pool, decision=decision)
    return selectors.pool_get(partnership, pool.pk)


@router.post(
    "/partnerships/{slug}/pools/{pool_id}/plan/virements",
    response=replies({201: VirementOut}, CREATE_ERRORS),
    auth=SIGNED_IN,
    summary="Record a virement between two lines of an approved plan, with its approval",
)
def virement_create(
    request: HttpRequest, slug: str, pool_id: int, payload: VirementIn
) -> Status[Virement]:
    partnership = partnership_from(request, slug, "budget.change")
    pool = selectors.pool_get(partnership, pool_id)
    from_line = get_in(partnership, PlanLine, payload.from_line_id, field="from_line_id")
    to_line = get_in(partnership, PlanLine, payload.to_line_id, field="to_line_id")
    decision = get_in(partnership, Proposal, payload.decision_id, field="decision_id")
    with named_for_the_api():
        virement = services.virement_record(
            actor=request.user,
            pool=pool,
            from_line=from_line,
            to_line=to_line,
            amount=Decimal(payload.amount),
            decision=decision,
            reason=payload.reason,
        )
    return Status(201, virement)


# ---------------------------------------------------------------------------------------
# Commitments, spend and forecast (issue 17 item 3)


class LineForecastOut(Schema):
    line_id: int | None = Field(description="The plan's line; null for contracts outside them")
    line: str
    contracts: list[str] = Field(description="The references of the contracts counted")
    planned: str = Field(description="Pounds and pence, as a string")
    committed: str = Field(description="The contracts' values for the year, as a string")
    spent: str = Field(description="Spend to date from the ledger, as a string")
    forecast: str = Field(description="The forecast outturn, as a string")
    variance: str = Field(description="Forecast less planned (positive: overspend), a string")


class ForecastOut(Schema):
    pool_id: int
    financial_year: int
    months_reported: int = Field(description="The last month any spend covers (April is 1)")
    pool_total: str = Field(description="The pool, as a string")
    planned: str
    committed: str
    spent: str
    forecast: str
    variance: str = Field(description="Forecast less planned in total, as a string")
    against_pool: str = Field(description="Forecast less the pool (positive: overspend)")
    lines: list[LineForecastOut] = Field(
        description="The plan's lines, the lines drifting most first, then any contracts "
        "outside the plan's lines"
    )


class SpendOut(Schema):
    id: int
    contract_id: int
    contract: str = Field(description="The contract's reference")
    period: str = Field(description='A month ("2009-04") or a quarter ("Q1")')
    first_month: int = Field(description="The period's first month, April being 1")
    months: int = Field(description="1 (a month) or 3 (a quarter)")
    amount: str = Field(description="Pounds and pence, as a string")
    illustrative: IllustrativeFields

    @staticmethod
    def resolve_contract(spend: Spend) -> str:
        return spend.contract.reference

    @staticmethod
    def resolve_period(spend: Spend) -> str:
        return period_text(spend.pool.financial_year, spend.first_month, spend.months)

    @staticmethod
    def resolve_amount(spend: Spend) -> str | None:
        return money_text(spend.amount)

    @staticmethod
    def resolve_illustrative(spend: Spend) -> list[str]:
        return illustrative_in(SpendOut, spend)


class SpendImportOut(Schema):
    pool_id: int
    rows: int = Field(description="Rows read from the file")
    added: int
    changed: int = Field(description="Periods held whose amount the file changed")
    replaced: int = Field(description="Held rows of another shape the file's rows replaced")
    unchanged: int = Field(description="Rows already held as the file gives them")


def forecast_line(line: selectors.LineForecast) -> dict[str, Any]:
    return {
        "line_id": line.line.pk if line.line else None,
        "line": line.label,
        "contracts": [each.contract.reference for each in line.contracts],
        "planned": money_text(line.planned),
        "committed": money_text(line.committed),
        "spent": money_text(line.spent),
        "forecast": money_text(line.forecast),
        "variance": money_text(line.variance),
    }


@router.get(
    "/partnerships/{slug}/pools/{pool_id}/forecast",
    response=replies({200: ForecastOut}),
    auth=SIGNED_IN,
    summary="A year's plan against its commitments, spend to date and forecast outturn, "
    "the lines drifting most first",
)
def pool_forecast(request: HttpRequest, slug: str, pool_id: int) -> dict[str, Any]:
    pool = selectors.pool_get(partnership_from(request, slug, "budget.view"), pool_id)
    forecast = selectors.pool_forecast(pool)
    return {
        "pool_id": pool.pk,
        "financial_year": pool.financial_year,
        "months_reported": forecast.months_reported,
        "pool_total": money_text(forecast.total),
        "planned": money_text(forecast.planned),
        "committed": money_text(forecast.committed),
        "spent": money_text(forecast.spent),
        "forecast": money_text(forecast.forecast),
        "variance": money_text(forecast.variance),
        "against_pool": money_text(forecast.against_pool),
        "lines": [forecast_line(line) for line in forecast.every_line],
    }


@router.get(
    "/partnerships/{slug}/pools/{pool_id}/spend",
    response=replies({200: list[SpendOut]}),
    auth=SIGNED_IN,
    summary="A year's spend from the ledger, by contract and period (paged)",
)
def spend_list(request: HttpRequest, slug: str, pool_id: int) -> QuerySet[Spend]:
    pool = selectors.pool_get(partnership_from(request, slug, "budget.view"), pool_id)
    return selectors.pool_spend(pool).select_related("pool")


@router.post(
    "/partnerships/{slug}/pools/{pool_id}/spend",
    response=replies({200: SpendImportOut}, CREATE_ERRORS),
    auth=SIGNED_IN,
    summary="Import the ledger's spend (multipart/form-data: file), all or nothing",
    description="The file's columns are contract, period and amount (docs/budget-ledger.md); "
    f"UTF-8, at most {MAX_BYTES // 1_000_000} MB. Every row is checked first: a file with "
    "any problem stores nothing and answers 422 with each problem's row (the headings are "
    "row 1) and column in `error.problems`. Each row sets its contract's spend for its "
    "period; importing the same file again changes nothing.",
)
def spend_import(
    request: HttpRequest, slug: str, pool_id: int, file: File[UploadedFile]
) -> Status[Any]:
    pool = selectors.pool_get(partnership_from(request, slug, "budget.change"), pool_id)
    if (file.size or 0) > MAX_BYTES:
        refusal = FileRefused([Problem(f"The file is larger than {MAX_BYTES // 1_000_000} MB")])
    else:
        try:
            imported = services.spend_import(
                actor=request.user, pool=pool, content=file.read(), name=file.name or ""
            )
        except FileRefused as error:
            refusal = error
        else:
            return Status(
                200,
                SpendImportOut(
                    pool_id=pool.pk,
                    rows=imported.rows,
                    added=imported.added,
                    changed=imported.changed,
                    replaced=imported.replaced,
                    unchanged=imported.unchanged,
                ),
            )
    body = error_body(refusal.code, refusal.message, refusal.field)
    body["error"]["problems"] = [  # type: ignore[index]
        {"row": problem.row, "column": problem.column, "message": problem.message}
        for problem in refusal.problems
    ]
    return Status(422, body)


# ---------------------------------------------------------------------------------------
# The story in figures (issue 17 item 7)


class StoryRowOut(Schema):
    label: str
    values: list[str | None] = Field(description="One per year, pounds and pence as strings")


class StoryFigureOut(Schema):
    figure: str = Field(description="source, client_group, spend_against_plan or delivery_model")
    rows: list[StoryRowOut]


class StoryChangeOut(Schema):
    first_year: str
    last_year: str
    first_total: str
    last_total: str
    reduction: str = Field(description="The first year's pool less the last's, computed")


class StoryOut(Schema):
    years: list[str]
    figures: list[StoryFigureOut]
    change: StoryChangeOut | None
    illustrative: bool = Field(description="Whether the figures are the demo's, invented")


@router.get(
    "/partnerships/{slug}/story",
    response=replies({200: StoryOut}),
    auth=SIGNED_IN,
    summary="The story in figures: the pool year by year by source and client group, "
    "spend against plan and the redesign, with the change computed",
)
def pool_story(request: HttpRequest, slug: str) -> dict[str, Any]:
    figures = story_of(partnership_from(request, slug, "budget.view"))

    def rows(table: list[StoryRow]) -> list[dict[str, Any]]:
        return [
            {"label": row.label, "values": [money_text(value) for value in row.values]}
            for row in table
        ]

    change = figures.change
    return {
        "years": figures.labels,
        "figures": [
            {
                "figure": "source",
                "rows": rows([*figures.sources, StoryRow("The pool", list(figures.totals))]),
            },
            {"figure": "client_group", "rows": rows(figures.client_groups)},
            {"figure": "spend_against_plan", "rows": rows(figures.spend)},
            {"figure": "delivery_model", "rows": rows(figures.redesign)},
        ],
        "change": None
        if change is None
        else {
            "first_year": change.first.year_label,
            "last_year": change.last.year_label,
            "first_total": money_text(change.first.total),  # type: ignore[attr-defined]
            "last_total": money_text(change.last.total),  # type: ignore[attr-defined]
            "reduction": money_text(change.reduction),
        },
        "illustrative": figures.illustrative,
    }

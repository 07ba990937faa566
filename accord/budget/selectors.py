"""Reads of the pooled budget: totals computed from the rows, never typed."""

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import DecimalField, ExpressionWrapper, F, Max, QuerySet, Sum, Value
from django.db.models.functions import Coalesce
from django.http import Http404

from accord.commissioning.models import (
    CapacityUnit,
    ClientGroup,
    Contract,
    ContractValue,
    Service,
)
from accord.core.money import ZERO
from accord.decisions.models import Proposal, ProposalKind, ProposalState
from accord.governance.models import Body, BodyKind, Partner
from accord.partnerships.models import Partnership

from .models import Contribution, PlanLine, Pool, Scenario, ScenarioReduction, Spend, Virement
from .share import share

MONEY: DecimalField[Decimal, Decimal] = DecimalField(max_digits=16, decimal_places=2)


def pool_list(partnership: Partnership) -> QuerySet[Pool]:
    """The partnership's pools, latest year first, each with ``contributed`` (the sum of
    its contributions) and ``total`` (grant and contributions): one query whatever the
    number of years or partners."""
    return (
        Pool.objects.filter(partnership=partnership)
        .select_related("administering_authority", "plan_decision")
        .annotate(
            contributed=Coalesce(Sum("contributions__amount"), Value(ZERO), output_field=MONEY)
        )
        .annotate(total=ExpressionWrapper(F("grant") + F("contributed"), output_field=MONEY))
        .order_by("-financial_year")
    )


def pool_get(partnership: Partnership, pk: object) -> Pool:
    text = str(pk)
    found = pool_list(partnership).filter(pk=int(text)).first() if text.isdigit() else None
    if found is None:
        raise Http404(f"No pooled budget {pk}")
    return found


def pool_contributions(pool: Pool) -> list[Contribution]:
    return list(
        Contribution.objects.filter(pool=pool).select_related("partner").order_by("partner__name")
    )


def contribution_get(pool: Pool, pk: object) -> Contribution:
    text = str(pk)
    found = (
        Contribution.objects.filter(pool=pool, pk=int(text)).select_related("partner").first()
        if text.isdigit()
        else None
    )
    if found is None:
        raise Http404(f"No contribution {pk} to {pool}")
    return found


def partners_of(partnership: Partnership) -> QuerySet[Partner]:
    return Partner.objects.filter(partnership=partnership).order_by("name")


@dataclass(frozen=True)
class ShareLine:
    """One partner's part of the year's variance (positive: an underspend it receives;
    negative: an overspend it bears)."""

    partner: Partner
    risk_share: Decimal
    amount: Decimal


@dataclass(frozen=True)
class PoolFigures:
    """A pool's sources and totals, and at year end its variance shared by the terms."""

    pool: Pool
    contributions: list[Contribution]
    contributed: Decimal
    total: Decimal
    risk_share_total: Decimal
    variance: Decimal | None  # the pool less the outturn: negative is an overspend
    shares: list[ShareLine]
    lines: list[PlanLine]
    planned: Decimal
    virements: list[Virement]

    @property
    def left_to_plan(self) -> Decimal:
        return self.total - self.planned

    def contribution_percent(self, contribution: Contribution) -> Decimal:
        if not self.contributed:
            return ZERO
        return (contribution.amount * 100 / self.contributed).quantize(Decimal("0.01"))


def pool_figures(pool: Pool) -> PoolFigures:
    contributions = pool_contributions(pool)
    end = _year_end(pool, contributions)
    lines = plan_lines(pool)
    return PoolFigures(
        lines=lines,
        planned=sum((line.amount for line in lines), ZERO),
        virements=pool_virements(pool),
        pool=pool,
        contributions=contributions,
        contributed=end.contributed,
        total=end.total,
        risk_share_total=sum((c.risk_share for c in contributions), ZERO),
        variance=end.variance,
        shares=end.shares,
    )


@dataclass(frozen=True)
class YearEnd:
    """A pool's sources, its total and, once the outturn is known, its variance shared."""

    pool: Pool
    contributions: list[Contribution]
    contributed: Decimal
    total: Decimal
    variance: Decimal | None
    shares: list[ShareLine]


def _year_end(pool: Pool, contributions: list[Contribution]) -> YearEnd:
    contributed = sum((c.amount for c in contributions), ZERO)
    total = pool.grant + contributed
    variance = None if pool.outturn is None else total - pool.outturn
    bearing = [c for c in contributions if c.risk_share > 0]
    shares: list[ShareLine] = []
    if variance is not None and bearing:
        # Partners in the order listed (by name): a tie's odd penny goes to the first.
        parts = share(variance, [c.risk_share for c in bearing])
        shares = [
            ShareLine(c.partner, c.risk_share, part) for c, part in zip(bearing, parts, strict=True)
        ]
    return YearEnd(pool, contributions, contributed, total, variance, shares)


def year_ends(partnership: Partnership) -> list[YearEnd]:
    """Every year's pool with its sources and year-end share, latest first: two queries
    whatever the number of years (the CSV's rows)."""
    pools = list(pool_list(partnership))
    sources: dict[int, list[Contribution]] = defaultdict(list)
    for contribution in (
        Contribution.objects.filter(pool__in=[pool.pk for pool in pools])
        .select_related("partner")
        .order_by("partner__name")
    ):
        sources[contribution.pool_id].append(contribution)
    return [_year_end(pool, sources[pool.pk]) for pool in pools]


def plan_lines(pool: Pool) -> list[PlanLine]:
    return list(PlanLine.objects.filter(pool=pool).select_related("contract").order_by("pk"))


def plan_line_get(pool: Pool, pk: object) -> PlanLine:
    text = str(pk)
    found = (
        PlanLine.objects.filter(pool=pool, pk=int(text)).select_related("contract").first()
        if text.isdigit()
        else None
    )
    if found is None:
        raise Http404(f"No line {pk} in the plan for {pool}")
    return found


def pool_virements(pool: Pool) -> list[Virement]:
    return list(
        Virement.objects.filter(pool=pool)
        .select_related("from_line", "to_line", "decision")
        .order_by("created_at", "pk")
    )


def carried_decisions(partnership: Partnership, kind: str | None = None) -> QuerySet[Proposal]:
    """The partnership's carried proposals (of one kind, if named), latest first."""
    rows = Proposal.objects.filter(partnership=partnership, state=ProposalState.CARRIED)
    if kind is not None:
        rows = rows.filter(kind=kind)
    return rows.order_by("-pk")


def contracts_of(partnership: Partnership) -> QuerySet[Contract]:
    return Contract.objects.filter(partnership=partnership).order_by("reference")


@dataclass(frozen=True)
class PoolChange:
    """The pool's first and latest years and the change between them, computed."""

    first: Pool
    last: Pool

    @property
    def change(self) -> Decimal:
        return self.last.total - self.first.total  # type: ignore[attr-defined]

    @property
    def reduction(self) -> Decimal:
        return -self.change


def pool_change(partnership: Partnership) -> PoolChange | None:
    """From the first year recorded to the latest (two queries); None with fewer than two."""
    rows = pool_list(partnership)
    last = rows.first()
    first = rows.order_by("financial_year").first()
    if first is None or last is None or first.pk == last.pk:
        return None
    return PoolChange(first=first, last=last)


# ---------------------------------------------------------------------------------------
# Savings scenarios (issue 17 item 5): what each saves and what it costs in capacity.

PENNY = Decimal("0.01")


def scenario_list(pool: Pool) -> QuerySet[Scenario]:
    """A pool's scenarios, each with ``saved`` (its reductions added up): one query."""
    return (
        Scenario.objects.filter(pool=pool)
        .select_related("proposal", "decision")
        .annotate(saved=Coalesce(Sum("reductions__amount"), Value(ZERO), output_field=MONEY))
        .order_by("title", "pk")
    )


def scenario_get(pool: Pool, pk: object) -> Scenario:
    text = str(pk)
    found = scenario_list(pool).filter(pk=int(text)).first() if text.isdigit() else None
    if found is None:
        raise Http404(f"No scenario {pk} for {pool}")
    return found


def reduction_get(scenario: Scenario, pk: object) -> ScenarioReduction:
    text = str(pk)
    found = (
        ScenarioReduction.objects.filter(scenario=scenario, pk=int(text)).first()
        if text.isdigit()
        else None
    )
    if found is None:
        raise Http404(f"No reduction {pk} in {scenario}")
    return found


@dataclass(frozen=True)
class CapacityLost:
    """Capacity lost where a scenario reduces a contract: ``where`` is a client group or a
    district, ``unit`` how the services count capacity (units, hours a week, places)."""

    where: str
    unit: str
    lost: int


@dataclass(frozen=True)
class ReductionLine:
    reduction: ScenarioReduction
    contract: Contract | None  # the contract reduced, or the plan line's contract
    value: Decimal | None  # the contract's value for the year
    lost: list[CapacityLost]  # by unit, for this reduction

    @property
    def estimated(self) -> bool:
        return self.contract is not None and bool(self.value)


@dataclass(frozen=True)
class SourceEffect:
    """A source of the pool (the grant or a partner's contribution) before and after the
    scenario's fall, shared between the sources in proportion to what each puts in."""

    source: str
    partner: Partner | None
    before: Decimal
    change: Decimal  # negative: what the source puts in less
    after: Decimal


@dataclass(frozen=True)
class ScenarioFigures:
    scenario: Scenario
    pool_total: Decimal
    target: Decimal  # the pool's fall: the pool times the percentage, to the penny
    lines: list[ReductionLine]
    saved: Decimal
    lost_by_unit: list[CapacityLost]
    lost_by_client_group: list[CapacityLost]
    lost_by_district: list[CapacityLost]
    sources: list[SourceEffect]

    @property
    def next_pool(self) -> Decimal:
        return self.pool_total - self.target

    @property
    def left_to_find(self) -> Decimal:
        """What the reductions still fall short of the target (negative: beyond it)."""
        return self.target - self.saved

    @property
    def decommissioned(self) -> int:
        return sum(1 for line in self.lines if line.reduction.decommission)

    @property
    def not_estimated(self) -> Decimal:
        """Reductions of lines that name no contract: no capacity is estimated for them."""
        return sum((line.reduction.amount for line in self.lines if not line.estimated), ZERO)


def _add(totals: dict[tuple[str, str], int], key: tuple[str, str], lost: int) -> None:
    totals[key] = totals.get(key, 0) + lost


def _losses(totals: dict[tuple[str, str], int]) -> list[CapacityLost]:
    return [
        CapacityLost(where, unit, lost) for (where, unit), lost in sorted(totals.items()) if lost
    ]


def scenarios_figures(pool: Pool, scenarios: Sequence[Scenario]) -> list[ScenarioFigures]:
    """Each scenario's figures, in the order given, in six queries whatever their number.

    Capacity lost is estimated where a reduction names a contract (or a plan line that
    does): each of the contract's services loses its capacity pro rata to the share of the
    contract's value for the year taken off, rounded half up to a whole unit or hour; a
    decommissioning loses it all. A service covering several districts counts in each, so
    the districts' figures do not add up to the total."""
    contributions = pool_contributions(pool)
    pool_total = pool.grant + sum((c.amount for c in contributions), ZERO)
    reductions = list(
        ScenarioReduction.objects.filter(scenario__in=[s.pk for s in scenarios])
        .select_related("plan_line__contract", "contract")
        .order_by("pk")
    )

    def contract_of(reduction: ScenarioReduction) -> Contract | None:
        if reduction.contract is not None:
            return reduction.contract
        return reduction.plan_line.contract if reduction.plan_line is not None else None

    contract_ids = {c.pk for c in map(contract_of, reductions) if c is not None}
    values = dict(
        ContractValue.objects.filter(
            contract_id__in=contract_ids, financial_year=pool.financial_year
        ).values_list("contract_id", "amount")
    )
    funded: dict[int, list[Service]] = {}
    links = Contract.services.through.objects.filter(contract_id__in=contract_ids).select_related(
        "service"
    )
    services: dict[int, Service] = {}
    for link in links:
        services[link.service_id] = link.service
        funded.setdefault(link.contract_id, []).append(link.service)
    districts: dict[int, list[str]] = {}
    for covered in Service.districts.through.objects.filter(
        service_id__in=list(services)
    ).select_related("partner"):
        districts.setdefault(covered.service_id, []).append(covered.partner.name)

    sources = [("Grant", None, pool.grant)] + [
        (c.partner.name, c.partner, c.amount) for c in contributions
    ]
    putting_in = [(name, partner, amount) for name, partner, amount in sources if amount > 0]

    found = []
    for scenario in scenarios:
        target = (pool_total * scenario.fall_percent / 100).quantize(PENNY, ROUND_HALF_UP)
        by_unit: dict[tuple[str, str], int] = {}
        by_group: dict[tuple[str, str], int] = {}
        by_district: dict[tuple[str, str], int] = {}
        lines = []
        for reduction in (r for r in reductions if r.scenario_id == scenario.pk):
            contract = contract_of(reduction)
            value = values.get(contract.pk) if contract is not None else None
            lost_here: dict[tuple[str, str], int] = {}
            if contract is not None and value:
                fraction = (
                    Decimal(1)
                    if reduction.decommission
                    else min(reduction.amount / value, Decimal(1))
                )
                for service in sorted(funded.get(contract.pk, []), key=lambda s: s.reference):
                    lost = int((service.capacity * fraction).to_integral_value(ROUND_HALF_UP))
                    unit = str(CapacityUnit(service.capacity_unit).label)
                    _add(lost_here, ("", unit), lost)
                    _add(by_unit, ("", unit), lost)
                    group = str(ClientGroup(service.primary_client_group).label)
                    _add(by_group, (group, unit), lost)
                    for district in districts.get(service.pk, []):
                        _add(by_district, (district, unit), lost)
            lines.append(ReductionLine(reduction, contract, value, _losses(lost_here)))
        effects: list[SourceEffect] = []
        if putting_in:
            parts = share(-target, [amount for _, _, amount in putting_in])
            effects = [
                SourceEffect(name, partner, amount, part, amount + part)
                for (name, partner, amount), part in zip(putting_in, parts, strict=True)
            ]
        found.append(
            ScenarioFigures(
                scenario=scenario,
                pool_total=pool_total,
                target=target,
                lines=lines,
                saved=sum((line.reduction.amount for line in lines), ZERO),
                lost_by_unit=_losses(by_unit),
                lost_by_client_group=_losses(by_group),
                lost_by_district=_losses(by_district),
                sources=effects,
            )
        )
    return found


def scenario_figures(scenario: Scenario) -> ScenarioFigures:
    return scenarios_figures(scenario.pool, [scenario])[0]


def scenario_decisions(partnership: Partnership) -> QuerySet[Proposal]:
    """The partnership's carried savings scenarios, latest first (for the approval form)."""
    return carried_decisions(partnership, ProposalKind.SAVINGS_SCENARIO)


def deciding_bodies(partnership: Partnership) -> QuerySet[Body]:
    return (
        Body.objects.filter(partnership=partnership)
        .exclude(kind=BodyKind.ESCALATION_BODY)
        .order_by("name")
    )


def plan_lines_queryset(pool: Pool) -> QuerySet[PlanLine]:
    return PlanLine.objects.filter(pool=pool).select_related("contract").order_by("kind", "pk")


# ---------------------------------------------------------------------------------------
# Commitments, spend and forecast (issue 17 item 3). The method, also on the spend page and
# in docs/budget-ledger.md:
#
# - A line's contracts: the contracts its line names; then each other contract goes to the
#   services line (naming no contract) that best matches the contract's services: client
#   group and service type both, then client group alone, then service type alone (a tie to
#   the line added first). A contract matching no line is shown as spend outside the plan's
#   lines (planned 0).
# - Committed: the contracts' values for the year (the commissioning contracts'), read.
# - Spent to date: the ledger's spend imported for the year.
# - Months reported: the last month of the year any imported spend covers (April is 1).
# - Forecast outturn of a contract: spent to date, plus the larger of what is committed
#   and not yet spent and the months not yet reported at the rate spent so far (spent /
#   months reported, per month). A contract paid as committed forecasts its commitment; one
#   spending faster forecasts its rate. A line with no contract forecasts its plan.
# - Variance: forecast less plan (positive: a forecast overspend), per line and in total.

MONTHS_IN_A_YEAR = 12


@dataclass(frozen=True)
class ContractForecast:
    contract: Contract
    committed: Decimal
    spent: Decimal
    forecast: Decimal


@dataclass(frozen=True)
class LineForecast:
    """One line of the plan (or the contracts outside its lines, ``line`` None)."""

    line: PlanLine | None
    planned: Decimal
    contracts: list[ContractForecast]

    @property
    def label(self) -> str:
        return self.line.description if self.line else "Contracts outside the plan's lines"

    @property
    def committed(self) -> Decimal:
        return sum((c.committed for c in self.contracts), ZERO)

    @property
    def spent(self) -> Decimal:
        return sum((c.spent for c in self.contracts), ZERO)

    @property
    def forecast(self) -> Decimal:
        if not self.contracts and self.line is not None:
            return self.planned
        return sum((c.forecast for c in self.contracts), ZERO)

    @property
    def variance(self) -> Decimal:
        return self.forecast - self.planned


@dataclass(frozen=True)
class Forecast:
    """A year's plan against its commitments, spend and forecast outturn."""

    pool: Pool
    total: Decimal  # the pool
    months_reported: int
    lines: list[LineForecast]  # the lines drifting most (largest variance either way) first
    outside: LineForecast | None
    spend_illustrative: bool = False  # the demo's invented ledger

    def is_illustrative(self, field: str = "") -> bool:
        return self.spend_illustrative and field in ("", "spent")

    @property
    def every_line(self) -> list[LineForecast]:
        return self.lines + ([self.outside] if self.outside else [])

    @property
    def planned(self) -> Decimal:
        return sum((line.planned for line in self.every_line), ZERO)

    @property
    def committed(self) -> Decimal:
        return sum((line.committed for line in self.every_line), ZERO)

    @property
    def spent(self) -> Decimal:
        return sum((line.spent for line in self.every_line), ZERO)

    @property
    def forecast(self) -> Decimal:
        return sum((line.forecast for line in self.every_line), ZERO)

    @property
    def variance(self) -> Decimal:
        return self.forecast - self.planned

    @property
    def against_pool(self) -> Decimal:
        """The forecast outturn less the pool: positive, a forecast overspend of the pool."""
        return self.forecast - self.total


def contract_forecast(
    contract: Contract, committed: Decimal, spent: Decimal, reported: int
) -> ContractForecast:
    left = committed - spent
    if reported:
        at_rate = (spent * (MONTHS_IN_A_YEAR - reported) / reported).quantize(PENNY)
        left = max(left, at_rate)
    return ContractForecast(contract, committed, spent, spent + max(left, ZERO))


def line_for(contract: Contract, lines: list[PlanLine]) -> PlanLine | None:
    """The line a contract's commitment and spend count against (the method above)."""
    for line in lines:
        if line.contract_id == contract.pk:
            return line
    best: tuple[int, PlanLine] | None = None
    for line in lines:
        if line.contract_id is not None or line.kind != "services":
            continue
        for service in contract.services.all():
            group = line.client_group is not None and line.client_group == (
                service.primary_client_group
            )
            kind = bool(line.service_type) and line.service_type == service.service_type
            score = 2 * group + kind
            if score and (best is None or score > best[0]):
                best = (score, line)
    return best[1] if best else None


def pool_forecast(pool: Pool) -> Forecast:
    """The year's forecast in a fixed number of queries, whatever the number of lines,
    contracts and ledger rows."""
    lines = plan_lines(pool)
    committed = dict(
        ContractValue.objects.filter(
            partnership_id=pool.partnership_id, financial_year=pool.financial_year
        ).values_list("contract_id", "amount")
    )
    spent: dict[int, Decimal] = {}
    reported = 0
    committed = {pk: Decimal(amount).quantize(PENNY) for pk, amount in committed.items()}
    for contract_id, amount, last in (
        Spend.objects.filter(pool=pool)
        .values("contract_id")
        .annotate(total=Sum("amount"), last=Max(F("first_month") + F("months") - 1))
        .values_list("contract_id", "total", "last")
    ):
        spent[contract_id] = Decimal(amount).quantize(PENNY)
        reported = max(reported, last)
    contracts = (
        Contract.objects.filter(pk__in=set(committed) | set(spent))
        .prefetch_related("services")
        .order_by("reference")
    )
    named: dict[int, PlanLine] = {}  # a contract's own line: the first naming it
    for each in lines:
        if each.contract_id is not None:
            named.setdefault(each.contract_id, each)
    unnamed = [each for each in lines if each.contract_id is None]
    by_line: dict[int | None, list[ContractForecast]] = {}
    for contract in contracts:
        line = named.get(contract.pk) or line_for(contract, unnamed)
        by_line.setdefault(line.pk if line else None, []).append(
            contract_forecast(
                contract,
                committed.get(contract.pk, ZERO),
                spent.get(contract.pk, ZERO),
                reported,
            )
        )
    forecasts = [LineForecast(line, line.amount, by_line.get(line.pk, [])) for line in lines]
    forecasts.sort(key=lambda each: -abs(each.variance))  # stable: ties in the plan's order
    outside = LineForecast(None, ZERO, by_line[None]) if None in by_line else None
    return Forecast(
        pool=pool,
        total=pool_total_of(pool),
        months_reported=reported,
        lines=forecasts,
        outside=outside,
        spend_illustrative=any(
            Spend.objects.filter(pool=pool)
            .order_by()
            .values_list("illustrative", flat=True)
            .distinct()
        ),
    )


def pool_total_of(pool: Pool) -> Decimal:
    total = getattr(pool, "total", None)
    if total is not None:
        return Decimal(total).quantize(PENNY)
    contributed = Contribution.objects.filter(pool=pool).aggregate(total=Sum("amount"))["total"]
    return pool.grant + (contributed or ZERO)


def pool_spend(pool: Pool) -> QuerySet[Spend]:
    """The year's ledger rows, by contract and period."""
    return (
        Spend.objects.filter(pool=pool)
        .select_related("contract")
        .order_by("contract__reference", "first_month", "months", "pk")
    )

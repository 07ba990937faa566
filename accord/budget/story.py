"""The story in figures (issue 17 item 7): a partnership's pooled budget year by year, by
source and by client group, its spend against its plan, and the redesign (floating
support against accommodation-based services) over time, all computed from the rows: the
pools and contributions, the plans' lines, the outturns and the commissioning contracts'
values by year. A fixed number of queries whatever the number of years.

By client group and by delivery model, a contract's value counts under its first service
(the contracts of the demo and of most programmes are for one service each).
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Sum

from accord.commissioning.models import ClientGroup, Contract, ContractValue, DeliveryModel
from accord.core.money import ZERO, financial_year_label
from accord.partnerships.models import Partnership

from .models import Contribution, PlanLine, Spend
from .selectors import PoolChange, pool_change, pool_list


@dataclass(frozen=True)
class Row:
    """One named run of figures, one per year (None where there is none)."""

    label: str
    values: list[Decimal | None]


@dataclass
class Story:
    partnership: Partnership
    years: list[int]
    sources: list[Row]  # the grant, then each partner's contributions
    totals: list[Decimal]  # the pool, each year
    client_groups: list[Row]  # the contracts' values by client group
    spend: list[Row]  # the pool, planned, outturn, variance and spend to date
    redesign: list[Row]  # the contracts' values by delivery model
    change: PoolChange | None
    illustrative: bool = field(default=False)

    @property
    def labels(self) -> list[str]:
        return [financial_year_label(year) for year in self.years]


def summed(values: list[Decimal | None]) -> Decimal:
    return sum((value for value in values if value is not None), ZERO)


def story_of(partnership: Partnership) -> Story:
    pools = list(pool_list(partnership).order_by("financial_year"))
    years = [pool.financial_year for pool in pools]
    index = {pool.pk: number for number, pool in enumerate(pools)}

    def row() -> list[Decimal | None]:
        return [None] * len(years)

    partners: dict[str, list[Decimal | None]] = {}
    for pool_id, name, amount in (
        Contribution.objects.filter(pool__partnership=partnership)
        .order_by("partner__name")
        .values_list("pool_id", "partner__name", "amount")
    ):
        values = partners.setdefault(name, row())
        values[index[pool_id]] = (values[index[pool_id]] or ZERO) + amount
    sources = [Row("Grant", [pool.grant for pool in pools])] + [
        Row(name, values) for name, values in partners.items()
    ]
    totals = [Decimal(pool.total).quantize(Decimal("0.01")) for pool in pools]  # type: ignore[attr-defined]

    planned = dict(
        PlanLine.objects.filter(pool__partnership=partnership)
        .values("pool_id")
        .annotate(total=Sum("amount"))
        .values_list("pool_id", "total")
    )
    spent = dict(
        Spend.objects.filter(pool__partnership=partnership)
        .values("pool_id")
        .annotate(total=Sum("amount"))
        .values_list("pool_id", "total")
    )
    spend = [
        Row("The pool", list(totals)),
        Row("Planned", [planned.get(pool.pk) for pool in pools]),
        Row("Outturn", [pool.outturn for pool in pools]),
        Row(
            "Variance (the pool less the outturn)",
            [
                None if pool.outturn is None else total - pool.outturn
                for pool, total in zip(pools, totals, strict=True)
            ],
        ),
        Row("Spent to date from the ledger", [spent.get(pool.pk) for pool in pools]),
    ]

    first_service: dict[int, tuple[int, str]] = {}
    for contract in Contract.objects.filter(partnership=partnership).prefetch_related("services"):
        services = sorted(contract.services.all(), key=lambda service: service.pk)
        if services:
            first_service[contract.pk] = (
                services[0].primary_client_group,
                services[0].delivery_model,
            )
    by_group: dict[int, list[Decimal | None]] = defaultdict(lambda: [None] * len(years))
    by_model: dict[str, list[Decimal | None]] = defaultdict(lambda: [None] * len(years))
    at = {year: number for number, year in enumerate(years)}
    illustrative = any(pool.is_illustrative() for pool in pools)
    for contract_id, year, amount, marked in ContractValue.objects.filter(
        partnership=partnership, financial_year__in=years
    ).values_list("contract_id", "financial_year", "amount", "illustrative"):
        group, model = first_service.get(contract_id, (0, ""))
        for bucket, key in ((by_group, group), (by_model, model)):
            values = bucket[key]  # type: ignore[index]
            values[at[year]] = (values[at[year]] or ZERO) + amount
        illustrative = illustrative or bool(marked)
    group_names = dict(ClientGroup.choices)
    client_groups = [
        Row(str(group_names.get(group, "Not recorded")), values)
        for group, values in sorted(by_group.items(), key=lambda item: -summed(item[1]))
    ]
    model_names = dict(DeliveryModel.choices)
    first = [DeliveryModel.FLOATING.value, DeliveryModel.ACCOMMODATION.value]
    order = first + sorted(model for model in by_model if model not in first)
    redesign = [
        Row(str(model_names.get(model, "Not recorded")), by_model[model])
        for model in order
        if model in by_model
    ]
    return Story(
        partnership=partnership,
        years=years,
        sources=sources,
        totals=totals,
        client_groups=client_groups,
        spend=spend,
        redesign=redesign,
        change=pool_change(partnership),
        illustrative=illustrative,
    )

"""A property of the pooled budget's figures (issue 17, "totals add up at every level"):
for generated pools, plans, contracts and ledgers, the lines add up to the plan and the
plan to the pool; each line's commitment, spend and forecast are its contracts' added up;
every contract and every penny of spend is counted once; and the variance is the forecast
less the plan, per line and in total."""

from decimal import Decimal
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accord.budget import selectors, services
from accord.commissioning.models import ContractValue
from tests import factories

pytestmark = pytest.mark.django_db

PENCE = st.integers(min_value=0, max_value=10**9)  # up to ten million pounds
GROUPS = [1, 14, 21]
TYPES = ["sheltered", "floating", "accommodation"]

line_strategy = st.fixed_dictionaries(
    {
        "kind": st.sampled_from(["services", "services", "reserve"]),
        "pence": PENCE,
        "group": st.sampled_from(GROUPS),
        "type": st.sampled_from(["", *TYPES]),
        "names_contract": st.integers(min_value=-1, max_value=3),
    }
)
contract_strategy = st.fixed_dictionaries(
    {
        "committed": st.one_of(st.none(), PENCE),
        "group": st.sampled_from(GROUPS),
        "type": st.sampled_from(TYPES),
        # each period: a quarter (1 to 4) or a month (5 to 16: April to March) with pence
        "spend": st.dictionaries(st.integers(min_value=1, max_value=16), PENCE, max_size=4).map(
            lambda periods: no_overlaps(periods)
        ),
    }
)


def no_overlaps(periods: dict[int, int]) -> dict[int, int]:
    """Quarters, or the months of quarters not given: a ledger without overlaps."""
    quarters = {p for p in periods if p <= 4}
    return {
        p: pence for p, pence in periods.items() if p <= 4 or ((p - 5) // 3 + 1) not in quarters
    }


def period(code: int) -> str:
    if code <= 4:
        return f"Q{code}"
    month = (code - 5 + 3) % 12 + 1  # 5 is April
    return f"{2009 if month >= 4 else 2010}-{month:02d}"


def pounds(pence: int) -> Decimal:
    return Decimal(pence) / 100


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    lines=st.lists(line_strategy, min_size=1, max_size=5),
    contracts=st.lists(contract_strategy, max_size=4),
)
def test_totals_add_up_at_every_level(lines: list[dict[str, Any]], contracts: list[Any]):
    partnership: Any = factories.PartnershipFactory()
    pool = services.pool_create(
        actor=None,
        partnership=partnership,
        financial_year=2009,
        grant=sum((pounds(data["pence"]) for data in lines), Decimal("0.00")),
    )
    made = []
    for number, data in enumerate(contracts):
        provider = factories.ProviderFactory(partnership=partnership)
        contract: Any = factories.ContractFactory(
            partnership=partnership, provider=provider, reference=f"P-{number}"
        )
        contract.services.add(
            factories.ServiceFactory(
                provider=provider,
                primary_client_group=data["group"],
                service_type=data["type"],
            )
        )
        if data["committed"] is not None:
            factories.ContractValueFactory(
                contract=contract, financial_year=2009, amount=pounds(data["committed"])
            )
        made.append(contract)
    for number, data in enumerate(lines):
        services_line = data["kind"] == "services"
        named = data["names_contract"]
        services.plan_line_add(
            actor=None,
            pool=pool,
            kind=data["kind"],
            description=f"Line {number}",
            amount=pounds(data["pence"]),
            client_group=data["group"] if services_line else None,
            service_type=data["type"] if services_line else "",
            contract=made[named] if services_line and 0 <= named < len(made) else None,
        )
    rows = [
        f"P-{number},{period(code)},{pounds(pence)}"
        for number, data in enumerate(contracts)
        for code, pence in data["spend"].items()
    ]
    if rows:
        services.spend_import(
            actor=None, pool=pool, content=("contract,period,amount\n" + "\n".join(rows)).encode()
        )

    forecast = selectors.pool_forecast(pool)
    every = forecast.every_line
    # Lines to plan, plan to pool.
    assert forecast.planned == sum((line.amount for line in selectors.plan_lines(pool)), 0)
    assert forecast.planned == forecast.total == pool.grant
    # Every contract counted once; every penny of spend and commitment counted once.
    counted = [each.contract.pk for line in every for each in line.contracts]
    expected = {
        c.pk
        for c, data in zip(made, contracts, strict=True)
        if data["committed"] is not None or data["spend"]
    }
    assert sorted(counted) == sorted(expected)
    spent = sum((pounds(p) for data in contracts for p in data["spend"].values()), Decimal(0))
    assert forecast.spent == spent
    committed = sum(
        ContractValue.objects.filter(contract__partnership=partnership).values_list(
            "amount", flat=True
        ),
        Decimal(0),
    )
    assert forecast.committed == committed
    for line in every:
        assert line.variance == line.forecast - line.planned
        if line.contracts:
            assert line.forecast == sum((c.forecast for c in line.contracts), Decimal(0))
            assert line.spent == sum((c.spent for c in line.contracts), Decimal(0))
        for each in line.contracts:
            assert each.forecast >= each.spent
            assert each.forecast >= each.committed
            assert each.forecast == each.forecast.quantize(Decimal("0.01"))
    # The variance, in total, is the forecast less the plan and the lines' added up.
    assert forecast.variance == forecast.forecast - forecast.planned
    assert forecast.variance == sum((line.variance for line in every), Decimal(0))
    assert forecast.against_pool == forecast.variance
    # The lines drifting most come first.
    drifts = [abs(line.variance) for line in forecast.lines]
    assert drifts == sorted(drifts, reverse=True)

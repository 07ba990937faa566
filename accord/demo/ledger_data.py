"""The demo's ledger (issue 17 item 3): the administering authority's actual spend on each
contract in the first two quarters of 2009/10, imported into the 2009/10 pools through the
same service and CSV format as the financial manager's (docs/budget-ledger.md).

Every amount is invented and marked illustrative. Each contract spends a quarter of its
2009/10 value a quarter (the demo's contracts, accord/demo/contracts_data.py), except
where the story gives a reason to drift: Oxfordshire's sheltered housing, where the
resident wardens' costs were disputed in 2004 and 2008 (seed 000), running 6% over its
contracts; Gloucestershire's accommodation-based services, being redesigned as floating
support "in a continually reducing budget context" (seed 004), running 3% under, and its
floating support 2% over. Loading again imports the same file, which changes nothing.
"""

from decimal import ROUND_HALF_UP, Decimal
from typing import Protocol

from accord.budget import services as budget
from accord.budget.models import Pool
from accord.commissioning.models import Contract, ContractValue, ServiceType
from accord.partnerships.models import Partnership

from .budget_data import PLAN_YEAR

QUARTERS = ("Q1", "Q2")
# The drift from a contract's rate, by partnership and its first service's type.
DRIFT: dict[str, dict[str, Decimal]] = {
    "oxfordshire": {ServiceType.SHELTERED: Decimal("1.06")},
    "gloucestershire": {
        ServiceType.ACCOMMODATION: Decimal("0.97"),
        ServiceType.FLOATING: Decimal("1.02"),
    },
}
PENNY = Decimal("0.01")


class Counter(Protocol):
    def count(self, kind: str, *, was_created: bool) -> None: ...


def ledger_rows(partnership: Partnership) -> list[tuple[str, str, Decimal]]:
    """The demo ledger's rows for the partnership's 2009/10 pool: contract, period, amount."""
    drift = DRIFT.get(partnership.slug, {})
    kinds = {
        contract.pk: next(iter(s.service_type for s in contract.services.all()), "")
        for contract in Contract.objects.filter(partnership=partnership).prefetch_related(
            "services"
        )
    }
    rows: list[tuple[str, str, Decimal]] = []
    for value in (
        ContractValue.objects.filter(partnership=partnership, financial_year=PLAN_YEAR)
        .select_related("contract")
        .order_by("contract__reference")
    ):
        rate = drift.get(kinds.get(value.contract_id, ""), Decimal(1))
        quarter = (value.amount / 4 * rate).quantize(PENNY, ROUND_HALF_UP)
        rows.extend((value.contract.reference, period, quarter) for period in QUARTERS)
    return rows


def load_ledger(partnership: Partnership, report: Counter) -> None:
    """Import the demo's ledger into the partnership's 2009/10 pool; again, nothing changes."""
    pool = Pool.objects.filter(partnership=partnership, financial_year=PLAN_YEAR).first()
    rows = ledger_rows(partnership)
    if pool is None or not rows:
        return
    content = "contract,period,amount\n" + "".join(
        f"{reference},{period},{amount}\n" for reference, period, amount in rows
    )
    imported = budget.spend_import(
        actor=None,
        pool=pool,
        content=content.encode(),
        name="demo-ledger-2009-10.csv",
        illustrative=True,
    )
    for _ in range(imported.added + imported.changed + imported.replaced):
        report.count("budget ledger spend", was_created=True)
    for _ in range(imported.unchanged):
        report.count("budget ledger spend", was_created=False)

"""The pooled budget at national scale: every national partnership with a contracts register
gets a pool for each year of its contracts' values (``accord.bench.contracts.YEARS``), each
partner contributing, an annual financial plan of one line per contract valued that year
plus a reserve, adding up to the pool exactly, for the closed years an outturn, so the
page shares a variance, and for the latest closed year three quarters of ledger spend per
contract, so its page forecasts from real rows. The first partnership's budget is then
measured as its pages, its CSV and its API against SQL floors (``accord.bench.pages``).

Invented for measuring, like everything national: no real partnership's money.
"""

from collections import defaultdict
from decimal import Decimal
from typing import Any

import psycopg
from django.db import transaction
from django.db.models import Sum
from django.urls import reverse

from accord.audit.services import audit_record
from accord.budget.models import Contribution, PlanLine, PlanLineKind, Pool, Spend
from accord.budget.share import share
from accord.commissioning.models import Contract, ContractValue
from accord.demo.national import SLUG_PREFIX, insert
from accord.governance.models import Partner, PartnerKind
from accord.partnerships.models import Partnership

from .contracts import YEARS

PENNY = Decimal("0.01")
GRANT_PART = Decimal("0.6")  # the grant's part of each pool: the rest is the partners'
RESERVE_PART = Decimal("0.02")  # a plan's reserve line, beside its contracts' lines
HUNDRED = Decimal("100")


def ensure_budgets() -> int:
    """Give each national partnership with contracts but no pools its budget; pools made."""
    made = 0
    done = set(
        Pool.objects.filter(partnership__slug__startswith=SLUG_PREFIX).values_list(
            "partnership_id", flat=True
        )
    )
    registered = (
        Contract.objects.filter(partnership__slug__startswith=SLUG_PREFIX)
        .values_list("partnership_id", flat=True)
        .distinct()
    )
    for partnership in Partnership.objects.filter(pk__in=registered).order_by("pk"):
        if partnership.pk not in done:
            made += load_budget(partnership)
    return made


@transaction.atomic
def load_budget(partnership: Partnership) -> int:
    partners = list(Partner.objects.filter(partnership=partnership).order_by("pk"))
    if not partners:
        return 0
    authority = next((p for p in partners if p.kind == PartnerKind.COUNTY_COUNCIL), partners[0])
    # The agreement's risk shares: the county bears twice a district's part, adding to 100.
    weights = [Decimal(2) if p.pk == authority.pk else Decimal(1) for p in partners]
    risk_shares = share(HUNDRED, weights)
    values: dict[int, list[tuple[int, Decimal]]] = defaultdict(list)
    for contract_id, year, amount in (
        ContractValue.objects.filter(partnership=partnership, financial_year__in=YEARS)
        .order_by("contract_id")
        .values_list("contract_id", "financial_year", "amount")
    ):
        values[year].append((contract_id, amount))
    last = max(YEARS)
    pools, contributions, lines = [], [], []
    for year in YEARS:
        services = sum((amount for _, amount in values[year]), Decimal(0))
        reserve = (services * RESERVE_PART).quantize(PENNY)
        total = services + reserve
        grant = (total * GRANT_PART).quantize(PENNY)
        parts = share(total - grant, weights)
        # The closed years overspend or underspend by a few hundred pounds, both ways.
        swing = Decimal((partnership.pk * 37 + year) % 2001 - 1000) * Decimal("1.37")
        pool = Pool(
            partnership=partnership,
            financial_year=year,
            administering_authority=authority,
            grant=grant,
            outturn=(total - swing).quantize(PENNY) if year < last else None,
        )
        pools.append(pool)
        contributions += [
            Contribution(
                partnership=partnership, pool=pool, partner=p, amount=amount, risk_share=risk
            )
            for p, amount, risk in zip(partners, parts, risk_shares, strict=True)
        ]
        lines += [
            PlanLine(
                partnership=partnership,
                pool=pool,
                kind=PlanLineKind.SERVICES,
                description=f"Contract {n + 1}",
                client_group=7,
                service_type="floating",
                contract_id=contract_id,
                amount=amount,
            )
            for n, (contract_id, amount) in enumerate(values[year])
        ]
        lines.append(
            PlanLine(
                partnership=partnership,
                pool=pool,
                kind=PlanLineKind.RESERVE,
                description="Reserve",
                amount=reserve,
            )
        )
    # The latest closed year's ledger: three quarters of spend per contract, a quarter of
    # its value each give or take a few pounds, so its page forecasts from real rows.
    closed = next(pool for pool in pools if pool.financial_year == last - 1)
    spend = [
        Spend(
            partnership=partnership,
            pool=closed,
            contract_id=contract_id,
            first_month=first_month,
            months=3,
            amount=(amount / 4 + (contract_id + first_month) % 50).quantize(PENNY),
        )
        for contract_id, amount in values[last - 1]
        for first_month in (1, 4, 7)
    ]
    insert(Pool, pools)  # type: ignore[arg-type]
    insert(Contribution, contributions)  # type: ignore[arg-type]
    insert(PlanLine, lines)  # type: ignore[arg-type]
    insert(Spend, spend)  # type: ignore[arg-type]
    audit_record(
        actor=None,
        action="bench.budget",
        partnership_id=partnership.pk,
        object_type="budget.pool",
        changes={"pools": [0, len(pools)], "plan lines": [0, len(lines)], "spend": [0, len(spend)]},
    )
    return len(pools)


def measured() -> Pool | None:
    """The first national partnership's latest closed year: its page shares a variance."""
    return (
        Pool.objects.filter(partnership__slug__startswith=SLUG_PREFIX, outturn__isnull=False)
        .select_related("partnership")
        .order_by("partnership_id", "-financial_year")
        .first()
    )


def urls(pool: Pool) -> dict[str, str]:
    slug = pool.partnership.slug
    return {
        "list": reverse("budget:pool-list", args=[slug]),
        "page": reverse("budget:pool-detail", args=[slug, pool.pk]),
        "csv": reverse("budget:pool-export", args=[slug]),
        "api": f"/api/budget/partnerships/{slug}/pools/{pool.pk}",
    }


def lines_count(pool: Pool) -> int:
    return PlanLine.objects.filter(pool=pool).count()


def pool_total(pool: Pool) -> Decimal:
    contributed = Contribution.objects.filter(pool=pool).aggregate(s=Sum("amount"))["s"]
    return pool.grant + (contributed or Decimal(0))


POOLS_SQL = """
    SELECT p.id, p.financial_year, p.grant, p.outturn, p.note, p.illustrative, a.name, d.title,
           p.grant + COALESCE(SUM(c.amount), 0)
    FROM budget_pool p
    LEFT JOIN governance_partner a ON a.id = p.administering_authority_id
    LEFT JOIN decisions_proposal d ON d.id = p.plan_decision_id
    LEFT JOIN budget_contribution c ON c.pool_id = p.id
    WHERE p.partnership_id = %s {where}
    GROUP BY p.id, a.id, d.id
    ORDER BY p.financial_year DESC"""
CONTRIBUTIONS_SQL = """
    SELECT c.pool_id, c.amount, c.risk_share, c.illustrative, pa.name
    FROM budget_contribution c JOIN governance_partner pa ON pa.id = c.partner_id
    WHERE c.pool_id = ANY(%s) ORDER BY c.pool_id, pa.name"""
LINES_SQL = """
    SELECT l.pool_id, l.id, l.kind, l.description, l.client_group, l.service_type, l.amount,
           l.illustrative, k.reference, k.title
    FROM budget_planline l LEFT JOIN commissioning_contract k ON k.id = l.contract_id
    WHERE l.pool_id = ANY(%s) ORDER BY l.pool_id, l.id"""
VIREMENTS_SQL = """
    SELECT v.pool_id, v.amount, v.reason, f.description, t.description, d.title
    FROM budget_virement v
    JOIN budget_planline f ON f.id = v.from_line_id
    JOIN budget_planline t ON t.id = v.to_line_id
    JOIN decisions_proposal d ON d.id = v.decision_id
    WHERE v.pool_id = ANY(%s) ORDER BY v.pool_id, v.created_at, v.id"""


def shared(pools: list[tuple[Any, ...]], contributions: list[tuple[Any, ...]]) -> list[Decimal]:
    """The year-end share of every pool with an outturn, as the page computes it."""
    by_pool: dict[int, list[Decimal]] = defaultdict(list)
    for pool_id, _amount, risk, _ill, _name in contributions:
        if risk > 0:
            by_pool[pool_id].append(risk)
    parts: list[Decimal] = []
    for pool_id, _year, _grant, outturn, *_rest, total in pools:
        if outturn is not None and by_pool[pool_id]:
            parts += share(total - outturn, by_pool[pool_id])
    return parts


def list_floor(partnership_id: int) -> Any:
    """The pool list: the pools with their totals, the first and latest for the change."""

    def floor(db: psycopg.Connection[Any]) -> object:
        with db.cursor() as cur:
            cur.execute(POOLS_SQL.format(where=""), [partnership_id])
            return cur.fetchall()

    return floor


COMMITTED_SQL = """
    SELECT contract_id, amount FROM commissioning_contractvalue
    WHERE partnership_id = %s AND financial_year = %s"""
SPENT_SQL = """
    SELECT contract_id, SUM(amount), MAX(first_month + months - 1) FROM budget_spend
    WHERE pool_id = %s GROUP BY contract_id"""
CONTRACTS_SQL = """
    SELECT c.id, c.reference, c.title, s.primary_client_group, s.service_type
    FROM commissioning_contract c
    LEFT JOIN commissioning_contract_services cs ON cs.contract_id = c.id
    LEFT JOIN commissioning_service s ON s.id = cs.service_id
    WHERE c.id = ANY(%s) ORDER BY c.reference"""


def pool_floor(partnership_id: int, pool_id: int, year: int | None) -> Any:
    """One pool: its sources, plan lines and virements, the variance shared by the
    agreement's terms, and for the page (given the year) the forecast: each contract's
    commitment and spend that year."""

    def floor(db: psycopg.Connection[Any]) -> object:
        with db.cursor() as cur:
            cur.execute(POOLS_SQL.format(where="AND p.id = %s"), [partnership_id, pool_id])
            pools = cur.fetchall()
            cur.execute(CONTRIBUTIONS_SQL, [[pool_id]])
            contributions = cur.fetchall()
            cur.execute(LINES_SQL, [[pool_id]])
            lines = cur.fetchall()
            cur.execute(VIREMENTS_SQL, [[pool_id]])
            cur.fetchall()
            if year is None:
                return shared(pools, contributions), lines
            cur.execute(COMMITTED_SQL, [partnership_id, year])
            committed = dict(cur.fetchall())
            cur.execute(SPENT_SQL, [pool_id])
            spent = {row[0]: row[1] for row in cur.fetchall()}
            cur.execute(CONTRACTS_SQL, [list(set(committed) | set(spent))])
            cur.fetchall()
        return shared(pools, contributions), lines

    return floor


def csv_floor(partnership_id: int) -> Any:
    """Every year's sources, each contribution with its part of the year-end variance."""

    def floor(db: psycopg.Connection[Any]) -> object:
        with db.cursor() as cur:
            cur.execute(POOLS_SQL.format(where=""), [partnership_id])
            pools = cur.fetchall()
            cur.execute(CONTRIBUTIONS_SQL, [[row[0] for row in pools]])
            return shared(pools, cur.fetchall())

    return floor

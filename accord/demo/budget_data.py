"""The demo's pooled budgets (issue 17): Gloucestershire's and Oxfordshire's pools from
2004/05 to 2009/10, each partner's contribution and share of a variance, the outturns of the
years closed, and each 2009/10 annual financial plan.

What the seeds give, and nothing more: seed 004 says Gloucestershire's programme was "in
excess of £29million" in 2004/05 and "just under £22.5million" in 2009/10, "a reduction of
almost £6.75million". Those hold together only if 2004/05 was about £29.2m and 2009/10 about
£22.45m: the pools below are £29,196,400 and £22,451,300, and the pages compute the
reduction (£6,745,100). Seed 000 gives Oxfordshire's eight partners and the disputes over
resident wardens in sheltered housing (2004 and 2008): its plan has a line for them.

Every figure (each year's total between those two, the grants, the contributions, the
shares of a variance, the outturns, the plans' lines) is invented and marked illustrative.
The totals are the programme's expenditure that the demo's contracts add up to (issue 15
item 3's demo, which uses the same figures): the pool, the plan and the contracts agree.
"""

from decimal import Decimal
from typing import Protocol

from accord.budget import services as budget
from accord.budget.models import Contribution, PlanLine, Pool
from accord.budget.selectors import line_for
from accord.commissioning.models import ClientGroup, Contract, ContractValue, ServiceType
from accord.governance.models import Partner
from accord.partnerships.models import Partnership

from . import gloucestershire as glos
from . import oxfordshire as oxon
from .contracts_data import EXPENDITURE


class Counter(Protocol):
    """The demo's report: what was created and what was found."""

    def count(self, kind: str, *, was_created: bool) -> None: ...


# The programme's expenditure in each financial year (named by the year it starts in),
# 2004/05 to 2009/10: the yearly totals the demo's contracts add up to (one source).
PROGRAMME: dict[str, dict[int, Decimal]] = {
    slug: {year: total for year, total in years.items() if year <= 2009}
    for slug, years in EXPENDITURE.items()
}

# Each partner's yearly contribution and its share of an overspend or underspend (per
# cent): the shares of a variance differ from the shares of contributions.
TERMS: dict[str, list[tuple[str, Decimal, Decimal]]] = {
    "gloucestershire": [
        (glos.COUNTY, Decimal("1200000.00"), Decimal("51")),
        *[(name, Decimal("50000.00"), Decimal("4")) for name in glos.DISTRICTS],
        (glos.PCT, Decimal("400000.00"), Decimal("20")),
        (glos.PROBATION, Decimal("150000.00"), Decimal("5")),
    ],
    "oxfordshire": [
        (oxon.COUNTY, Decimal("900000.00"), Decimal("45")),
        *[
            (name, Decimal("60000.00"), Decimal("7"))
            for name in (oxon.CHERWELL, oxon.CITY, oxon.SOUTH, oxon.VALE, oxon.WEST)
        ],
        (oxon.PCT, Decimal("250000.00"), Decimal("15")),
        (oxon.PROBATION, Decimal("100000.00"), Decimal("5")),
    ],
}
AUTHORITY = {"gloucestershire": glos.COUNTY, "oxfordshire": oxon.COUNTY}

# The outturn's difference from the pool in the years closed (positive: an overspend).
OVERSPEND: dict[str, dict[int, Decimal]] = {
    "gloucestershire": {
        2004: Decimal("-85000.00"),
        2005: Decimal("41250.55"),
        2006: Decimal("-120000.01"),
        2007: Decimal("-63410.00"),
        2008: Decimal("17500.00"),
    },
    "oxfordshire": {
        2004: Decimal("96500.00"),  # the year of the first wardens' dispute
        2005: Decimal("-20000.00"),
        2006: Decimal("-45000.00"),
        2007: Decimal("12000.33"),
        2008: Decimal("58000.00"),  # the year of the second
    },
}

PLAN_YEAR = 2009
CG, ST = ClientGroup, ServiceType
# The 2009/10 plan's lines: description, client group and service type. Each is planned
# at what the contracts it counts are worth that year (``planned_amounts``), so the plan,
# the commitments and the pool agree; a reserve takes anything left, computed.
PLAN: dict[str, list[tuple[str, int, str]]] = {
    "gloucestershire": [
        ("Older people: sheltered housing", CG.OLDER_PEOPLE, ST.SHELTERED),
        ("Older people: community alarms", CG.OLDER_PEOPLE, ST.ALARM),
        ("Floating support for all client groups", CG.GENERIC, ST.FLOATING),
        ("Mental health", CG.MENTAL_HEALTH, ST.ACCOMMODATION),
        ("Learning disabilities", CG.LEARNING_DISABILITIES, ST.ACCOMMODATION),
        ("Single homeless people", CG.SINGLE_HOMELESS, ST.ACCOMMODATION),
        ("Young people at risk", CG.YOUNG_PEOPLE_AT_RISK, ST.ACCOMMODATION),
        ("Women at risk of domestic violence", CG.DOMESTIC_VIOLENCE, ST.ACCOMMODATION),
        ("Offenders", CG.OFFENDERS, ST.FLOATING),
        ("Homeless families: resettlement", CG.HOMELESS_FAMILIES, ST.RESETTLEMENT),
        ("Teenage parents", CG.TEENAGE_PARENTS, ST.ACCOMMODATION_WITH_FLOATING),
        ("Rough sleepers: outreach", CG.ROUGH_SLEEPERS, ST.OUTREACH),
    ],
    "oxfordshire": [
        ("Older people: resident wardens in sheltered housing", CG.OLDER_PEOPLE, ST.SHELTERED),
        ("Older people: community alarms", CG.OLDER_PEOPLE, ST.ALARM),
        ("Floating support for all client groups", CG.GENERIC, ST.FLOATING),
        ("Mental health", CG.MENTAL_HEALTH, ST.ACCOMMODATION),
        ("Learning disabilities", CG.LEARNING_DISABILITIES, ST.ACCOMMODATION),
        ("Single homeless people", CG.SINGLE_HOMELESS, ST.ACCOMMODATION),
        ("Young people at risk", CG.YOUNG_PEOPLE_AT_RISK, ST.ACCOMMODATION),
        ("Teenage parents", CG.TEENAGE_PARENTS, ST.ACCOMMODATION_WITH_FLOATING),
        ("Women at risk of domestic violence", CG.DOMESTIC_VIOLENCE, ST.ACCOMMODATION),
        ("Offenders", CG.OFFENDERS, ST.ACCOMMODATION_WITH_FLOATING),
        ("Rough sleepers: outreach", CG.ROUGH_SLEEPERS, ST.OUTREACH),
        ("Refugees: resettlement", CG.REFUGEES, ST.RESETTLEMENT),
    ],
}
RESERVE = "Reserve: not committed to services"
PENNY = Decimal("0.01")


def load_budget(partnership: Partnership, report: Counter) -> list[Pool]:
    """The partnership's demo pools (after its partners); loading again creates nothing."""
    slug = partnership.slug
    if slug not in PROGRAMME:
        return []
    partners = {p.name: p for p in Partner.objects.filter(partnership=partnership)}
    pools = []
    for year, total in PROGRAMME[slug].items():
        pools.append(load_pool(partnership, partners, year, total, report))
    return pools


def load_pool(
    partnership: Partnership,
    partners: dict[str, Partner],
    year: int,
    total: Decimal,
    report: Counter,
) -> Pool:
    slug = partnership.slug
    terms = TERMS[slug]
    contributed = sum((amount for _, amount, _ in terms), Decimal("0.00"))
    pool = Pool.objects.filter(partnership=partnership, financial_year=year).first()
    report.count("budget pools", was_created=pool is None)
    if pool is None:
        overspend = OVERSPEND[slug].get(year)
        pool = budget.pool_create(
            actor=None,
            partnership=partnership,
            financial_year=year,
            grant=total - contributed,
            administering_authority=partners[AUTHORITY[slug]],
            outturn=None if overspend is None else total + overspend,
            illustrative=["grant", "outturn"] if overspend is not None else ["grant"],
        )
    for name, amount, share in terms:
        found = Contribution.objects.filter(pool=pool, partner=partners[name]).exists()
        report.count("budget contributions", was_created=not found)
        if not found:
            budget.contribution_add(
                actor=None,
                pool=pool,
                partner=partners[name],
                amount=amount,
                risk_share=share,
                illustrative=["amount", "risk_share"],
            )
    if year == PLAN_YEAR:
        load_plan(pool, total, report)
    return pool


def planned_amounts(pool: Pool) -> list[Decimal]:
    """Each line of the partnership's plan at what the contracts it will count (as the
    forecast counts them: ``accord.budget.selectors.line_for``) are worth that year, so the
    plan, the commitments and the pool agree; a contract no line takes is the reserve's."""
    lines = [
        PlanLine(kind="services", client_group=group, service_type=service_type)
        for _, group, service_type in PLAN[pool.partnership.slug]
    ]
    values = dict(
        ContractValue.objects.filter(
            partnership=pool.partnership, financial_year=pool.financial_year
        ).values_list("contract_id", "amount")
    )
    amounts = [Decimal("0.00")] * len(lines)
    for contract in Contract.objects.filter(pk__in=values).prefetch_related("services"):
        line = line_for(contract, lines)
        if line is not None:
            amounts[lines.index(line)] += Decimal(values[contract.pk]).quantize(PENNY)
    return amounts


def load_plan(pool: Pool, total: Decimal, report: Counter) -> None:
    """The year's plan, loaded as a whole once: a pool that has a plan keeps it (a
    database loaded by an earlier demo keeps its lines, which add up to the pool)."""
    existing = set(PlanLine.objects.filter(pool=pool).values_list("description", flat=True))
    if existing:
        report.count("budget plan lines", was_created=False)
        return
    amounts = planned_amounts(pool)
    for (description, group, service_type), amount in zip(
        PLAN[pool.partnership.slug], amounts, strict=True
    ):
        report.count("budget plan lines", was_created=description not in existing)
        if description not in existing:
            budget.plan_line_add(
                actor=None,
                pool=pool,
                kind="services",
                description=description,
                client_group=group,
                service_type=service_type,
                amount=amount,
                illustrative=["description", "amount"],
            )
    reserve = total - sum(amounts, Decimal("0.00"))
    if reserve:
        report.count("budget plan lines", was_created=RESERVE not in existing)
    if reserve and RESERVE not in existing:
        budget.plan_line_add(
            actor=None,
            pool=pool,
            kind="reserve",
            description=RESERVE,
            amount=reserve,
            illustrative=["amount"],
        )

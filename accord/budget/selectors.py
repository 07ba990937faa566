"""Reads of the pooled budget: totals computed from the rows, never typed."""

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import DecimalField, ExpressionWrapper, F, QuerySet, Sum, Value
from django.db.models.functions import Coalesce
from django.http import Http404

from accord.commissioning.models import Contract
from accord.core.money import ZERO
from accord.decisions.models import Proposal, ProposalState
from accord.governance.models import Partner
from accord.partnerships.models import Partnership

from .models import Contribution, PlanLine, Pool, Virement
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

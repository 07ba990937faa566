"""Writes of the pooled budget: each an audited service (docs/adding-an-app.md)."""

from decimal import Decimal

from django.db import transaction

from accord.audit.services import Actor, audited, save_audited
from accord.governance.models import Partner
from accord.partnerships.models import Partnership

from .models import Contribution, Pool

# The fields a pool's form and the API's PoolIn set, in the form's order.
POOL_FIELDS = ("financial_year", "administering_authority", "grant", "outturn", "note")
POOL_CHANGE_FIELDS = ("administering_authority", "grant", "outturn", "note")
CONTRIBUTION_FIELDS = ("partner", "amount", "risk_share")


@transaction.atomic
def pool_create(
    *,
    actor: Actor,
    partnership: Partnership,
    financial_year: int,
    grant: Decimal,
    administering_authority: Partner | None = None,
    outturn: Decimal | None = None,
    note: str = "",
    illustrative: list[str] | None = None,
) -> Pool:
    """Open a year's pooled budget with the grant the administering authority receives."""
    pool = Pool(
        partnership=partnership,
        financial_year=financial_year,
        grant=grant,
        administering_authority=administering_authority,
        outturn=outturn,
        note=note,
        illustrative=sorted(illustrative or []),
    )
    return save_audited(pool, actor=actor, action="pool.create")


@transaction.atomic
def pool_update(
    *,
    actor: Actor,
    pool: Pool,
    grant: Decimal,
    administering_authority: Partner | None = None,
    outturn: Decimal | None = None,
    note: str = "",
) -> Pool:
    """Change a pool's grant, administering authority, outturn or note (not its year)."""
    pool = Pool.objects.select_for_update().get(pk=pool.pk)
    with audited(pool, actor=actor, action="pool.update"):
        pool.grant = grant
        pool.administering_authority = administering_authority
        pool.outturn = outturn
        pool.note = note
    return pool


@transaction.atomic
def contribution_add(
    *,
    actor: Actor,
    pool: Pool,
    partner: Partner,
    amount: Decimal,
    risk_share: Decimal,
    illustrative: list[str] | None = None,
) -> Contribution:
    """Record a partner's contribution to a year's pool and its share of a variance."""
    pool = Pool.objects.select_for_update().get(pk=pool.pk)
    contribution = Contribution(
        partnership_id=pool.partnership_id,
        pool=pool,
        partner=partner,
        amount=amount,
        risk_share=risk_share,
        illustrative=sorted(illustrative or []),
    )
    return save_audited(contribution, actor=actor, action="contribution.create")


@transaction.atomic
def contribution_update(
    *, actor: Actor, contribution: Contribution, amount: Decimal, risk_share: Decimal
) -> Contribution:
    """Change a contribution's amount or its share of a variance (not its partner)."""
    contribution = Contribution.objects.select_for_update().get(pk=contribution.pk)
    with audited(contribution, actor=actor, action="contribution.update"):
        contribution.amount = amount
        contribution.risk_share = risk_share
    return contribution

"""Writes of the pooled budget: each an audited service (docs/adding-an-app.md)."""

import datetime
import hashlib
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Sum
from django.db.models.functions import Coalesce

from accord.audit.services import Actor, audit_record, audited, delete_audited, save_audited
from accord.commissioning.models import Contract, ContractValue
from accord.core.money import ZERO, pounds
from accord.core.text import NAME
from accord.decisions import services as decisions_services
from accord.decisions.models import Proposal, ProposalKind, ProposalState
from accord.governance.models import Body, Partner, Person
from accord.partnerships.models import Partnership

from .ledger import contract_key, read_spend
from .models import (
    Contribution,
    PlanLine,
    PlanLineKind,
    Pool,
    Scenario,
    ScenarioReduction,
    Spend,
    Virement,
)
from .share import plain

# The fields a pool's form and the API's PoolIn set, in the form's order.
POOL_FIELDS = ("financial_year", "administering_authority", "grant", "outturn", "note")
POOL_CHANGE_FIELDS = ("administering_authority", "grant", "outturn", "note")
CONTRIBUTION_FIELDS = ("partner", "amount", "risk_share")
PLAN_LINE_FIELDS = ("kind", "description", "client_group", "service_type", "contract", "amount")

LOCKED_POOL = (
    "The annual financial plan is approved against this pool: its sources cannot change "
    "(the outturn and the shares of a variance still can)"
)
LOCKED_PLAN = "The annual financial plan is approved: change it by a virement with its approval"


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
    if pool.plan_decision_id is not None and grant != pool.grant:
        raise ValidationError({"grant": LOCKED_POOL})
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
    if pool.plan_decision_id is not None and amount:
        raise ValidationError({"amount": LOCKED_POOL})
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
    if contribution.pool.plan_decision_id is not None and amount != contribution.amount:
        raise ValidationError({"amount": LOCKED_POOL})
    with audited(contribution, actor=actor, action="contribution.update"):
        contribution.amount = amount
        contribution.risk_share = risk_share
    return contribution


# ---------------------------------------------------------------------------------------
# The annual financial plan: lines adding up to the pool, approved by the board, then
# changed only by recorded virements.


def pool_total(pool: Pool) -> Decimal:
    contributed = Contribution.objects.filter(pool=pool).aggregate(total=Sum("amount"))["total"]
    return pool.grant + (contributed or ZERO)


def planned_total(pool: Pool, *, leaving_out: PlanLine | None = None) -> Decimal:
    lines = PlanLine.objects.filter(pool=pool)
    if leaving_out is not None:
        lines = lines.exclude(pk=leaving_out.pk)
    return lines.aggregate(total=Sum("amount"))["total"] or ZERO


def _check_line(pool: Pool, line: PlanLine) -> None:
    """A line keeps the plan within the pool; a services line says what it buys."""
    errors: dict[str, str] = {}
    if pool.plan_decision_id is not None:
        raise ValidationError({"amount": LOCKED_PLAN})
    if line.kind == PlanLineKind.SERVICES:
        if line.client_group is None and not line.service_type and line.contract_id is None:
            errors["client_group"] = (
                "Choose the client group, service type or contract the services line is for"
            )
    elif line.client_group is not None or line.service_type or line.contract_id is not None:
        errors["kind"] = "A reserve or planned surplus is for no client group, type or contract"
    total = pool_total(pool)
    planned = planned_total(pool, leaving_out=line if line.pk else None) + (line.amount or ZERO)
    if planned > total:
        errors["amount"] = (
            f"The plan would add up to {pounds(planned)}, more than the pool of "
            f"{pounds(total)}: at most {pounds(total - planned + line.amount)} is left to plan"
        )
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def plan_line_add(
    *,
    actor: Actor,
    pool: Pool,
    kind: str,
    description: str,
    amount: Decimal,
    client_group: int | None = None,
    service_type: str = "",
    contract: Contract | None = None,
    illustrative: list[str] | None = None,
) -> PlanLine:
    """Add a line to a year's annual financial plan, within what is left of the pool."""
    pool = Pool.objects.select_for_update().get(pk=pool.pk)
    line = PlanLine(
        partnership_id=pool.partnership_id,
        pool=pool,
        kind=kind,
        description=description,
        amount=amount,
        client_group=client_group,
        service_type=service_type or "",
        contract=contract,
        illustrative=sorted(illustrative or []),
    )
    line.full_clean()
    _check_line(pool, line)
    return save_audited(line, actor=actor, action="plan_line.create")


@transaction.atomic
def plan_line_update(
    *,
    actor: Actor,
    line: PlanLine,
    kind: str,
    description: str,
    amount: Decimal,
    client_group: int | None = None,
    service_type: str = "",
    contract: Contract | None = None,
) -> PlanLine:
    """Change a line of a plan not yet approved."""
    pool = Pool.objects.select_for_update().get(pk=line.pool_id)
    line = PlanLine.objects.select_for_update().get(pk=line.pk)
    with audited(line, actor=actor, action="plan_line.update"):
        line.kind = kind
        line.description = description
        line.amount = amount
        line.client_group = client_group
        line.service_type = service_type or ""
        line.contract = contract
        line.full_clean()
        _check_line(pool, line)
    return line


def _check_carried(
    partnership_id: int, decision: Proposal | None, *, kind: str | None = None
) -> Proposal:
    if decision is None:
        raise ValidationError({"decision": "Choose the carried decision that approves it"})
    if decision.partnership_id != partnership_id:
        raise ValidationError({"decision": "Choose a decision of this partnership"})
    if kind is not None and decision.kind != kind:
        raise ValidationError(
            {
                "decision": f"Choose a proposal of the kind {ProposalKind(kind).label.lower()}: "
                f"this one is {ProposalKind(decision.kind).label.lower()}"
            }
        )
    if decision.state != ProposalState.CARRIED:
        raise ValidationError(
            {
                "decision": "Choose a decision that was carried: this one is "
                f"{ProposalState(decision.state).label.lower()}"
            }
        )
    return decision


@transaction.atomic
def plan_approve(*, actor: Actor, pool: Pool, decision: Proposal | None) -> Pool:
    """Record the board's approval of the annual financial plan (a carried proposal of that
    kind), which locks it; refused unless its lines add up exactly to the pool."""
    pool = Pool.objects.select_for_update().get(pk=pool.pk)
    if pool.plan_decision_id is not None:
        raise ValidationError({"decision": "The annual financial plan is already approved"})
    _check_carried(pool.partnership_id, decision, kind=ProposalKind.ANNUAL_FINANCIAL_PLAN)
    total = pool_total(pool)
    planned = planned_total(pool)
    if planned != total:
        raise ValidationError(
            {
                "lines": f"The plan's lines add up to {pounds(planned)}, not the pool's "
                f"{pounds(total)}: plan the {pounds(total - planned)} left, as a reserve or "
                "a planned surplus if it is not to be spent"
            }
        )
    with audited(pool, actor=actor, action="plan.approve"):
        pool.plan_decision = decision
    return pool


@transaction.atomic
def virement_record(
    *,
    actor: Actor,
    pool: Pool,
    from_line: PlanLine,
    to_line: PlanLine,
    amount: Decimal,
    decision: Proposal | None,
    reason: str,
) -> Virement:
    """Move money between two lines of an approved plan with the decision approving it;
    the plan still adds up to the pool."""
    pool = Pool.objects.select_for_update().get(pk=pool.pk)
    if pool.plan_decision_id is None:
        raise ValidationError(
            {"from_line": "The plan is not approved yet: change its lines directly"}
        )
    _check_carried(pool.partnership_id, decision)
    lines = {
        line.pk: line
        for line in PlanLine.objects.select_for_update().filter(
            pool=pool, pk__in=[from_line.pk, to_line.pk]
        )
    }
    if from_line.pk not in lines:
        raise ValidationError({"from_line": "Choose a line of this year's plan"})
    if to_line.pk not in lines:
        raise ValidationError({"to_line": "Choose a line of this year's plan"})
    source, target = lines[from_line.pk], lines[to_line.pk]
    if source.pk == target.pk:
        raise ValidationError({"to_line": "Choose a different line from the one moved from"})
    if amount <= 0:
        raise ValidationError({"amount": "Enter an amount of more than 0"})
    if amount > source.amount:
        raise ValidationError({"amount": f"The line moved from has only {pounds(source.amount)}"})
    virement = Virement(
        partnership_id=pool.partnership_id,
        pool=pool,
        from_line=source,
        to_line=target,
        amount=amount,
        decision=decision,
        reason=reason,
    )
    save_audited(virement, actor=actor, action="virement.create")
    with audited(source, actor=actor, action="plan_line.virement"):
        source.amount -= amount
    with audited(target, actor=actor, action="plan_line.virement"):
        target.amount += amount
    return virement


# ---------------------------------------------------------------------------------------
# Savings scenarios (issue 17 item 5): what if the pool falls by a percentage; reductions
# per plan line or contract, and decommissionings; taken to the board as a proposal of
# the kind savings scenario, and approved by its carried decision.

SCENARIO_FIELDS = ("title", "fall_percent", "note")
REDUCTION_FIELDS = ("plan_line", "contract", "decommission", "amount", "reason")
WITH_THE_BOARD = "The scenario is with the board: it cannot change while the board decides on it"


def _check_scenario_open(scenario: Scenario, field: str) -> None:
    if scenario.proposal_id is not None or scenario.decision_id is not None:
        raise ValidationError({field: WITH_THE_BOARD})


@transaction.atomic
def scenario_create(
    *,
    actor: Actor,
    pool: Pool,
    title: str,
    fall_percent: Decimal,
    note: str = "",
    illustrative: list[str] | None = None,
) -> Scenario:
    """Start a savings scenario for a year's pool and plan: the pool falling by a percentage."""
    scenario = Scenario(
        partnership_id=pool.partnership_id,
        pool=pool,
        title=title,
        fall_percent=fall_percent,
        note=note,
        illustrative=sorted(illustrative or []),
    )
    return save_audited(scenario, actor=actor, action="scenario.create")


@transaction.atomic
def scenario_update(
    *, actor: Actor, scenario: Scenario, title: str, fall_percent: Decimal, note: str = ""
) -> Scenario:
    """Change a draft scenario's title, percentage or note."""
    scenario = Scenario.objects.select_for_update().get(pk=scenario.pk)
    _check_scenario_open(scenario, "fall_percent")
    with audited(scenario, actor=actor, action="scenario.update"):
        scenario.title = title
        scenario.fall_percent = fall_percent
        scenario.note = note
    return scenario


def contract_value_in(contract: Contract, financial_year: int) -> Decimal | None:
    value = ContractValue.objects.filter(contract=contract, financial_year=financial_year).first()
    return None if value is None else value.amount


@transaction.atomic
def reduction_add(
    *,
    actor: Actor,
    scenario: Scenario,
    plan_line: PlanLine | None = None,
    contract: Contract | None = None,
    decommission: bool = False,
    amount: Decimal | None = None,
    reason: str = "",
    illustrative: list[str] | None = None,
) -> ScenarioReduction:
    """Propose a reduction in a draft scenario: an amount off one of the plan's lines or
    off a contract (no more than it holds for the year), or a contract decommissioned, which
    saves its whole value for the year (computed, so no amount is given)."""
    scenario = Scenario.objects.select_for_update().select_related("pool").get(pk=scenario.pk)
    _check_scenario_open(scenario, "amount")
    pool = scenario.pool
    if (plan_line is None) == (contract is None):
        raise ValidationError({"plan_line": "Choose a line of the plan or a contract, one of them"})
    if plan_line is not None and plan_line.pool_id != pool.pk:
        raise ValidationError({"plan_line": f"Choose a line of the plan for {pool.year_label}"})
    if contract is not None and contract.partnership_id != pool.partnership_id:
        raise ValidationError({"contract": "Choose a contract of this partnership"})
    if decommission and contract is None:
        raise ValidationError({"decommission": "Only a contract is decommissioned"})
    reductions = list(
        ScenarioReduction.objects.filter(scenario=scenario).select_related("plan_line")
    )
    if plan_line is not None:
        if any(r.plan_line_id == plan_line.pk for r in reductions):
            raise ValidationError({"plan_line": "The scenario already reduces this line"})
        if plan_line.contract_id is not None and any(
            r.contract_id == plan_line.contract_id for r in reductions
        ):
            raise ValidationError(
                {
                    "plan_line": "The scenario already reduces this line's contract: "
                    "a saving is counted once"
                }
            )
        holds = plan_line.amount
        held_by = f"The line holds only {pounds(holds)}"
    else:
        assert contract is not None  # noqa: S101 (one of the two, checked above)
        if any(r.contract_id == contract.pk for r in reductions):
            raise ValidationError({"contract": "The scenario already reduces this contract"})
        if any(
            r.plan_line is not None and r.plan_line.contract_id == contract.pk for r in reductions
        ):
            raise ValidationError(
                {
                    "contract": "The scenario already reduces the plan line for this contract: "
                    "a saving is counted once"
                }
            )
        value = contract_value_in(contract, pool.financial_year)
        if value is None or value <= 0:
            raise ValidationError(
                {
                    "contract": f"The contract has no value recorded for {pool.year_label}: "
                    "record it first"
                }
            )
        holds = value
        held_by = f"The contract is worth only {pounds(holds)} in {pool.year_label}"
    if decommission:
        if amount is not None:
            raise ValidationError(
                {
                    "amount": "A decommissioning saves the contract's whole value for the "
                    "year: leave the amount empty"
                }
            )
        amount = holds
    elif amount is None:
        raise ValidationError({"amount": "Enter the reduction in pounds"})
    elif amount <= 0:
        raise ValidationError({"amount": "Enter a reduction of more than 0"})
    elif amount > holds:
        raise ValidationError({"amount": held_by})
    reduction = ScenarioReduction(
        partnership_id=scenario.partnership_id,
        scenario=scenario,
        plan_line=plan_line,
        contract=contract,
        decommission=decommission,
        amount=amount,
        reason=reason,
        illustrative=sorted(illustrative or []),
    )
    return save_audited(reduction, actor=actor, action="scenario_reduction.create")


@transaction.atomic
def reduction_remove(*, actor: Actor, reduction: ScenarioReduction) -> None:
    """Take a reduction out of a draft scenario."""
    scenario = Scenario.objects.select_for_update().get(pk=reduction.scenario_id)
    _check_scenario_open(scenario, "reduction")
    delete_audited(reduction, actor=actor, action="scenario_reduction.remove")


@transaction.atomic
def scenario_propose(
    *,
    actor: Actor,
    scenario: Scenario,
    deciding_body: Body | None,
    on: datetime.date,
    owner: Person | None = None,
) -> Proposal:
    """Take the scenario to the board: a proposal of the kind savings scenario, drafted
    with its pathway; the scenario then stays as the board sees it."""
    scenario = Scenario.objects.select_for_update().select_related("pool").get(pk=scenario.pk)
    _check_scenario_open(scenario, "deciding_body")
    if deciding_body is None:
        raise ValidationError({"deciding_body": "Choose the body that decides"})
    saved = (
        ScenarioReduction.objects.filter(scenario=scenario).aggregate(total=Sum("amount"))["total"]
        or ZERO
    )
    if not saved:
        raise ValidationError(
            {"deciding_body": "Propose at least one reduction before taking it to the board"}
        )
    proposal = decisions_services.proposal_create(
        actor=actor,
        partnership=scenario.partnership,
        title=f"Savings scenario {scenario.pool.year_label}: {scenario.title}",
        kind=ProposalKind.SAVINGS_SCENARIO,
        summary=(
            f"What if the pool of {scenario.pool.year_label} falls by "
            f"{plain(scenario.fall_percent)}% next year: reductions of {pounds(saved)}."
        ),
        deciding_body=deciding_body,
        owner=owner,
        on=on,
    )
    with audited(scenario, actor=actor, action="scenario.propose"):
        scenario.proposal = proposal
    return proposal


@transaction.atomic
def scenario_approve(*, actor: Actor, scenario: Scenario, decision: Proposal | None) -> Scenario:
    """Record the board's carried decision approving the scenario (its own proposal where
    it was taken to the board through Accord); one scenario a pool is approved."""
    scenario = Scenario.objects.select_for_update().get(pk=scenario.pk)
    if scenario.decision_id is not None:
        raise ValidationError({"decision": "The scenario is already approved"})
    _check_carried(scenario.partnership_id, decision, kind=ProposalKind.SAVINGS_SCENARIO)
    assert decision is not None  # noqa: S101 (checked above)
    if scenario.proposal_id is not None and decision.pk != scenario.proposal_id:
        raise ValidationError(
            {"decision": "Choose the decision on this scenario's own proposal to the board"}
        )
    other = (
        Scenario.objects.filter(pool_id=scenario.pool_id, decision__isnull=False)
        .exclude(pk=scenario.pk)
        .first()
    )
    if other is not None:
        raise ValidationError(
            {"decision": f"The scenario {other.title} is already approved for this year's pool"}
        )
    with audited(scenario, actor=actor, action="scenario.approve"):
        scenario.decision = decision
    return scenario


# ---------------------------------------------------------------------------------------
# Spend (issue 17 item 3): the administering authority's ledger, imported all or nothing.


@dataclass(frozen=True)
class SpendImported:
    """What an import did: rows added, changed (a new amount for a period held), replaced
    (held rows of another shape, a quarter where the file gives its months) and unchanged."""

    pool: Pool
    rows: int
    added: int
    changed: int
    replaced: int
    unchanged: int

    @property
    def changed_anything(self) -> bool:
        return bool(self.added or self.changed or self.replaced)


@transaction.atomic
def spend_import(
    *,
    actor: Actor,
    pool: Pool,
    content: bytes,
    name: str = "",
    illustrative: bool = False,
) -> SpendImported:
    """Import a ledger CSV of actual spend into a year's pool, all or nothing: every row is
    checked (``accord.budget.ledger``) and a file with any problem is refused with each
    problem's row and column (``FileRefused``), storing nothing. Each row sets its contract's
    spend for its period (a held quarter the file gives by months, or the reverse, is
    replaced); spend the file does not mention stays. Importing the same file again changes
    nothing and records nothing. One audit event records an import that changed something
    (the file's name and digest, the rows and the total spend before and after)."""
    pool = Pool.objects.select_for_update().get(pk=pool.pk)
    contracts = {
        contract_key(reference): pk
        for pk, reference in Contract.objects.filter(
            partnership_id=pool.partnership_id
        ).values_list("pk", "reference")
    }
    rows = read_spend(content, year=pool.financial_year, contracts=contracts)
    held: dict[int, list[Spend]] = {}
    for spend in Spend.objects.select_for_update().filter(
        pool=pool, contract_id__in={row.contract_id for row in rows}
    ):
        held.setdefault(spend.contract_id, []).append(spend)
    before = Spend.objects.filter(pool=pool).aggregate(
        rows=Count("pk"), total=Coalesce(Sum("amount"), ZERO)
    )
    marked = ["amount"] if illustrative else []
    added = changed = unchanged = 0
    gone: set[int] = set()
    new: list[Spend] = []
    for row in rows:
        overlapping = [
            spend
            for spend in held.get(row.contract_id, [])
            if spend.pk not in gone
            and row.overlaps(spend.contract_id, spend.first_month, spend.months)
        ]
        if (
            len(overlapping) == 1
            and overlapping[0].first_month == row.first_month
            and (overlapping[0].months == row.months)
        ):
            spend = overlapping[0]
            if spend.amount == row.amount:
                unchanged += 1
            else:
                spend.amount, spend.illustrative = row.amount, marked
                spend.save(update_fields=["amount", "illustrative", "updated_at"])
                changed += 1
            continue
        gone.update(spend.pk for spend in overlapping)
        new.append(
            Spend(
                partnership_id=pool.partnership_id,
                pool=pool,
                contract_id=row.contract_id,
                first_month=row.first_month,
                months=row.months,
                amount=row.amount,
                illustrative=marked,
            )
        )
        added += 1
    if gone:
        Spend.objects.filter(pk__in=gone).delete()
    Spend.objects.bulk_create(new, batch_size=500)
    imported = SpendImported(pool, len(rows), added, changed, len(gone), unchanged)
    if imported.changed_anything:
        after = Spend.objects.filter(pool=pool).aggregate(
            rows=Count("pk"), total=Coalesce(Sum("amount"), ZERO)
        )
        audit_record(
            actor=actor,
            action="spend.import",
            obj=pool,
            changes={
                "spend_rows": [before["rows"], after["rows"]],
                "spend_total": [str(before["total"]), str(after["total"])],
                "file": [None, name[:NAME]],
                "sha256": [None, hashlib.sha256(content).hexdigest()],
            },
        )
    return imported

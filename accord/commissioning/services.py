"""Writes of the commissioning register: each an audited service (docs/adding-an-app.md)."""

import datetime
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from accord.audit.services import Actor, audited, save_audited
from accord.decisions.models import Proposal, ProposalKind, ProposalState
from accord.partnerships.models import Partnership

from . import measures
from .models import (
    AnnualPlanAction,
    CommissioningIntention,
    Contract,
    Provider,
    Service,
    Strategy,
    StrategyStatus,
    TargetOutcome,
)
from .registration import (
    charity_number_normalise,
    company_number_normalise,
    postcode_normalise,
)

# The fields a provider's form and the API's ProviderIn set, in the form's order.
PROVIDER_FIELDS = (
    "name",
    "trading_names",
    "kind",
    "company_number",
    "charity_number",
    "address_line_1",
    "address_line_2",
    "town",
    "postcode",
    "contact_name",
    "contact_job_title",
    "contact_email",
    "contact_phone",
)


def _set(provider: Provider, values: dict[str, Any]) -> None:
    """Set the given fields, written as the registers write them (numbers in upper case
    without spaces, the postcode in its standard form, names without stray spaces)."""
    unknown = sorted(set(values) - set(PROVIDER_FIELDS))
    if unknown:
        raise TypeError(f"not a provider's field: {', '.join(unknown)}")
    for name, value in values.items():
        text = "" if value is None else str(value)
        if name == "company_number":
            text = company_number_normalise(text)
        elif name == "charity_number":
            text = charity_number_normalise(text)
        elif name == "postcode":
            text = postcode_normalise(text)
        elif name == "trading_names":
            text = "\n".join(line.strip() for line in text.splitlines() if line.strip())
        else:
            text = text.strip()
        setattr(provider, name, text)


def _check_unique(provider: Provider) -> None:
    """One record per organisation in a partnership: the same name or registration number
    twice is refused, naming the field (the constraints alone would name none)."""
    others = Provider.objects.filter(partnership_id=provider.partnership_id).exclude(pk=provider.pk)
    errors = {}
    if others.filter(name__iexact=provider.name).exists():
        errors["name"] = "This partnership already has a provider of that name"
    if provider.company_number and others.filter(company_number=provider.company_number).exists():
        errors["company_number"] = (
            "This partnership already has a provider with that Companies House number"
        )
    if provider.charity_number and others.filter(charity_number=provider.charity_number).exists():
        errors["charity_number"] = (
            "This partnership already has a provider with that charity number"
        )
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def provider_create(
    *,
    actor: Actor,
    partnership: Partnership,
    name: str,
    kind: str,
    address_line_1: str,
    town: str,
    postcode: str,
    trading_names: str = "",
    company_number: str = "",
    charity_number: str = "",
    address_line_2: str = "",
    contact_name: str = "",
    contact_job_title: str = "",
    contact_email: str = "",
    contact_phone: str = "",
) -> Provider:
    """Add a provider to the partnership's register."""
    values = {k: v for k, v in locals().items() if k in PROVIDER_FIELDS}
    provider = Provider(partnership=partnership)
    _set(provider, values)
    _check_unique(provider)
    return save_audited(provider, actor=actor, action="provider.create")


@transaction.atomic
def provider_update(
    *,
    actor: Actor,
    provider: Provider,
    name: str,
    kind: str,
    address_line_1: str,
    town: str,
    postcode: str,
    trading_names: str = "",
    company_number: str = "",
    charity_number: str = "",
    address_line_2: str = "",
    contact_name: str = "",
    contact_job_title: str = "",
    contact_email: str = "",
    contact_phone: str = "",
) -> Provider:
    """Change a provider's record (every field, as the form and the API's PUT send them);
    the audit event holds each changed field's old and new value."""
    values = {k: v for k, v in locals().items() if k in PROVIDER_FIELDS}
    provider = Provider.objects.select_for_update().get(pk=provider.pk)
    with audited(provider, actor=actor, action="provider.update"):
        _set(provider, values)
        _check_unique(provider)
    return provider


# ---------------------------------------------------------------------------------------
# The strategy and the annual plan (issue 15 item 5)


def _strategy_check(strategy: Strategy) -> None:
    """Years in order; a decision of this partnership, of kind strategy and carried, for a
    strategy adopted (or since superseded); none for a draft. Refused naming the field."""
    errors: dict[str, str] = {}
    if (
        strategy.first_year is not None
        and strategy.last_year is not None
        and strategy.last_year < strategy.first_year
    ):
        errors["last_year"] = "The last financial year cannot be before the first"
    decision = strategy.decision
    if strategy.status == StrategyStatus.DRAFT:
        if decision is not None:
            errors["decision"] = "A draft has no adopting decision: leave it empty"
    elif decision is None:
        errors["decision"] = "Choose the carried decision that adopted the strategy"
    elif decision.partnership_id != strategy.partnership_id:
        errors["decision"] = "Choose a decision of this partnership"
    elif decision.kind != ProposalKind.STRATEGY:
        errors["decision"] = "Choose a decision on a strategy (this one is of another kind)"
    elif decision.state != ProposalState.CARRIED:
        errors["decision"] = "Choose a decision that was carried (this one was not)"
    others = Strategy.objects.filter(partnership_id=strategy.partnership_id).exclude(pk=strategy.pk)
    if strategy.title and others.filter(title__iexact=strategy.title.strip()).exists():
        errors["title"] = "This partnership already has a strategy of that title"
    if errors:
        raise ValidationError(errors)


def _strategy_set(
    strategy: Strategy,
    *,
    title: str,
    summary: str,
    first_year: int,
    last_year: int,
    status: str,
    decision: Proposal | None,
) -> None:
    strategy.title = title.strip()
    strategy.summary = summary.strip()
    strategy.first_year = first_year
    strategy.last_year = last_year
    strategy.status = status
    strategy.decision = decision
    _strategy_check(strategy)


@transaction.atomic
def strategy_create(
    *,
    actor: Actor,
    partnership: Partnership,
    title: str,
    first_year: int,
    last_year: int,
    summary: str = "",
    status: str = StrategyStatus.DRAFT,
    decision: Proposal | None = None,
) -> Strategy:
    """Add a strategy (a draft, or one adopted by its carried decision)."""
    strategy = Strategy(partnership=partnership)
    _strategy_set(
        strategy,
        title=title,
        summary=summary,
        first_year=first_year,
        last_year=last_year,
        status=status,
        decision=decision,
    )
    return save_audited(strategy, actor=actor, action="strategy.create")


@transaction.atomic
def strategy_update(
    *,
    actor: Actor,
    strategy: Strategy,
    title: str,
    first_year: int,
    last_year: int,
    summary: str = "",
    status: str = StrategyStatus.DRAFT,
    decision: Proposal | None = None,
) -> Strategy:
    """Change a strategy: its title, years, status and adopting decision. Its outcomes'
    target dates and its actions' years must stay within the years."""
    strategy = Strategy.objects.select_for_update().get(pk=strategy.pk)
    with audited(strategy, actor=actor, action="strategy.update"):
        _strategy_set(
            strategy,
            title=title,
            summary=summary,
            first_year=first_year,
            last_year=last_year,
            status=status,
            decision=decision,
        )
        errors = {}
        if strategy.outcomes.exclude(
            target_date__range=(strategy.starts_on, strategy.ends_on)
        ).exists():
            errors["last_year"] = "A target outcome's date would fall outside the strategy"
        if strategy.actions.exclude(financial_year__in=list(strategy.years)).exists():
            errors["first_year"] = "An action of the annual plan would fall outside the strategy"
        if errors:
            raise ValidationError(errors)
    return strategy


def _within(strategy: Strategy, day: datetime.date | None) -> bool:
    return day is None or strategy.starts_on <= day <= strategy.ends_on


def _figure(value: Any) -> Any:
    """A figure as it is stored (two places), so what a change returns is what a read
    gives; what is not a number is left for the field's validation to refuse."""
    try:
        return None if value is None else Decimal(str(value)).quantize(Decimal("0.01"))
    except ArithmeticError:
        return value


def _outcome_set(outcome: TargetOutcome, values: dict[str, Any]) -> None:
    strategy = outcome.strategy
    outcome.title = str(values["title"]).strip()
    outcome.measure = values["measure"]
    outcome.delivery_model = values.get("delivery_model") or ""
    outcome.service_type = values.get("service_type") or ""
    outcome.client_group = values.get("client_group")
    outcome.capacity_unit = values.get("capacity_unit") or ""
    outcome.target_figure = _figure(values["target_figure"])
    outcome.target_date = values["target_date"]
    outcome.baseline_figure = _figure(values.get("baseline_figure"))
    outcome.baseline_date = values["baseline_date"]
    errors = measures.check(outcome.measure, measures.Filters.of(outcome))
    measure = measures.get(outcome.measure)
    for name in ("target_figure", "baseline_figure"):
        figure = getattr(outcome, name)
        counted = measure is not None and not measure.money and figure is not None
        if counted and Decimal(figure) != Decimal(figure).to_integral_value():
            errors[name] = "Enter a whole number: this measure counts"
    if not _within(strategy, outcome.target_date):
        errors["target_date"] = (
            f"The target date must be within the strategy ({strategy.period}: "
            f"{strategy.starts_on:%-d %B %Y} to {strategy.ends_on:%-d %B %Y})"
        )
    dates = outcome.baseline_date and outcome.target_date
    if dates and outcome.baseline_date >= outcome.target_date:
        errors["baseline_date"] = "The baseline date must be before the target date"
    if errors:
        raise ValidationError(errors)


OUTCOME_FIELDS = (
    "title",
    "measure",
    "delivery_model",
    "service_type",
    "client_group",
    "capacity_unit",
    "target_figure",
    "target_date",
    "baseline_figure",
    "baseline_date",
)


@transaction.atomic
def outcome_create(
    *,
    actor: Actor,
    strategy: Strategy,
    title: str,
    measure: str,
    target_figure: Decimal | int,
    target_date: datetime.date,
    baseline_date: datetime.date,
    baseline_figure: Decimal | int | None = None,
    delivery_model: str = "",
    service_type: str = "",
    client_group: int | None = None,
    capacity_unit: str = "",
) -> TargetOutcome:
    """Add a target outcome to a strategy: a figure of a registered measure by a date."""
    values = {k: v for k, v in locals().items() if k in OUTCOME_FIELDS}
    outcome = TargetOutcome(partnership_id=strategy.partnership_id, strategy=strategy)
    _outcome_set(outcome, values)
    return save_audited(outcome, actor=actor, action="outcome.create")


@transaction.atomic
def outcome_update(
    *,
    actor: Actor,
    outcome: TargetOutcome,
    title: str,
    measure: str,
    target_figure: Decimal | int,
    target_date: datetime.date,
    baseline_date: datetime.date,
    baseline_figure: Decimal | int | None = None,
    delivery_model: str = "",
    service_type: str = "",
    client_group: int | None = None,
    capacity_unit: str = "",
) -> TargetOutcome:
    """Change a target outcome (every field, as the form and the API send them)."""
    values = {k: v for k, v in locals().items() if k in OUTCOME_FIELDS}
    outcome = (
        TargetOutcome.objects.select_for_update().select_related("strategy").get(pk=outcome.pk)
    )
    with audited(outcome, actor=actor, action="outcome.update"):
        _outcome_set(outcome, values)
    return outcome


def _intention_check(intention: CommissioningIntention) -> None:
    others = CommissioningIntention.objects.filter(strategy_id=intention.strategy_id).exclude(
        pk=intention.pk
    )
    if others.filter(client_group=intention.client_group).exists():
        raise ValidationError(
            {"client_group": "The strategy already has an intention for that client group"}
        )


@transaction.atomic
def intention_create(
    *,
    actor: Actor,
    strategy: Strategy,
    client_group: int,
    direction: str,
    rationale: str,
) -> CommissioningIntention:
    """Add the strategy's commissioning intention for a client group: increase,
    maintain, reduce, remodel or decommission its services (``direction``), and why."""
    row = CommissioningIntention(
        partnership_id=strategy.partnership_id,
        strategy=strategy,
        client_group=client_group,
        direction=direction,
        rationale=rationale.strip(),
    )
    _intention_check(row)
    return save_audited(row, actor=actor, action="intention.create")


@transaction.atomic
def intention_update(
    *,
    actor: Actor,
    intention: CommissioningIntention,
    client_group: int,
    direction: str,
    rationale: str,
) -> CommissioningIntention:
    """Change an intention: its client group, what is intended, why."""
    row = CommissioningIntention.objects.select_for_update().get(pk=intention.pk)
    with audited(row, actor=actor, action="intention.update"):
        row.client_group = client_group
        row.direction = direction
        row.rationale = rationale.strip()
        _intention_check(row)
    return row


def _ids(rows: Iterable[Any]) -> list[int]:
    return sorted(row.pk for row in rows)


def _action_check(action: AnnualPlanAction, links: dict[str, Sequence[Any]]) -> None:
    strategy = action.strategy
    errors: dict[str, str] = {}
    if action.financial_year is not None and action.financial_year not in strategy.years:
        errors["financial_year"] = (
            f"Choose a year of the strategy ({strategy.period}: "
            f"{strategy.first_year} to {strategy.last_year})"
        )
    if not _within(strategy, action.due_date):
        errors["due_date"] = (
            f"The due date must be within the strategy ({strategy.starts_on:%-d %B %Y} to "
            f"{strategy.ends_on:%-d %B %Y})"
        )
    for name, rows in links.items():
        if any(row.partnership_id != action.partnership_id for row in rows):
            errors[name] = f"Choose {name} of this partnership"
    if errors:
        raise ValidationError(errors)


ACTION_LINKS = ("proposals", "services", "contracts")


@transaction.atomic
def action_create(
    *,
    actor: Actor,
    strategy: Strategy,
    financial_year: int,
    text: str,
    due_date: datetime.date,
    status: str = "planned",
    proposals: Sequence[Proposal] = (),
    services: Sequence[Service] = (),
    contracts: Sequence[Contract] = (),
) -> AnnualPlanAction:
    """Add an action to the strategy's annual plan for a year, linked to the proposals
    and decisions that carry it out and the services and contracts it changes."""
    action = AnnualPlanAction(
        partnership_id=strategy.partnership_id,
        strategy=strategy,
        financial_year=financial_year,
        text=text.strip(),
        due_date=due_date,
        status=status,
    )
    links: dict[str, Sequence[Any]] = {
        "proposals": proposals,
        "services": services,
        "contracts": contracts,
    }
    _action_check(action, links)
    changes = {name: [[], _ids(rows)] for name, rows in links.items() if rows}
    with audited(action, actor=actor, action="action.create", changes=changes):
        pass
    for name, rows in links.items():
        getattr(action, name).set(rows)
    return action


@transaction.atomic
def action_update(
    *,
    actor: Actor,
    action: AnnualPlanAction,
    financial_year: int,
    text: str,
    due_date: datetime.date,
    status: str,
    proposals: Sequence[Proposal] = (),
    services: Sequence[Service] = (),
    contracts: Sequence[Contract] = (),
) -> AnnualPlanAction:
    """Change an action of the annual plan, its status and its links."""
    action = (
        AnnualPlanAction.objects.select_for_update().select_related("strategy").get(pk=action.pk)
    )
    links: dict[str, Sequence[Any]] = {
        "proposals": proposals,
        "services": services,
        "contracts": contracts,
    }
    changes = {}
    for name, rows in links.items():
        before = sorted(getattr(action, name).values_list("pk", flat=True))
        if before != _ids(rows):
            changes[name] = [before, _ids(rows)]
    with audited(action, actor=actor, action="action.update", changes=changes):
        action.financial_year = financial_year
        action.text = text.strip()
        action.due_date = due_date
        action.status = status
        _action_check(action, links)
    for name, rows in links.items():
        getattr(action, name).set(rows)
    return action

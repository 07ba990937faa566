"""Reads of the commissioning register."""

from django.db.models import Count, Prefetch, Q, QuerySet

from accord.decisions.models import Proposal
from accord.partnerships.models import Partnership
from accord.partnerships.selectors import get_in

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


def provider_list(partnership: Partnership, *, kind: str = "") -> QuerySet[Provider]:
    """The partnership's providers by name (of one kind, when ``kind`` is given)."""
    providers = Provider.objects.filter(partnership=partnership)
    if kind:
        providers = providers.filter(kind=kind)
    return providers.order_by("name", "pk")


def provider_get(partnership: Partnership, pk: object, *, field: str | None = None) -> Provider:
    return get_in(partnership, Provider, pk, field=field)


def provider_elsewhere(provider: Provider) -> QuerySet[Provider]:
    """The same organisation in the installation's other partnerships: their providers
    with the same Companies House or charity number (the shared identifier), for
    benchmarking across partnerships. None when the provider has neither number. The
    provider register is public in every partnership, so this shows nothing private."""
    same = Q()
    if provider.company_number:
        same |= Q(company_number=provider.company_number)
    if provider.charity_number:
        same |= Q(charity_number=provider.charity_number)
    if not same:
        return Provider.objects.none()
    return (
        Provider.objects.filter(same)
        .exclude(partnership_id=provider.partnership_id)
        .select_related("partnership")
        .order_by("partnership__name", "name")
    )


# ---------------------------------------------------------------------------------------
# The strategy and the annual plan


def strategy_list(partnership: Partnership, *, drafts: bool) -> QuerySet[Strategy]:
    """The partnership's strategies, latest first; drafts only when ``drafts`` (the
    reader may see them: the view asks the policy)."""
    strategies = Strategy.objects.filter(partnership=partnership)
    if not drafts:
        strategies = strategies.exclude(status=StrategyStatus.DRAFT)
    return (
        strategies.select_related("decision")
        .annotate(outcome_count=Count("outcomes", distinct=True))
        .order_by("-first_year", "title", "pk")
    )


def strategy_get(partnership: Partnership, pk: object, *, field: str | None = None) -> Strategy:
    return get_in(partnership, Strategy.objects.select_related("decision"), pk, field=field)


def outcome_list(strategy: Strategy) -> QuerySet[TargetOutcome]:
    return TargetOutcome.objects.filter(strategy=strategy).order_by("target_date", "pk")


def outcome_get(partnership: Partnership, pk: object) -> TargetOutcome:
    return get_in(partnership, TargetOutcome.objects.select_related("strategy"), pk)


def intention_list(strategy: Strategy) -> QuerySet[CommissioningIntention]:
    return CommissioningIntention.objects.filter(strategy=strategy).order_by("client_group", "pk")


def intention_get(partnership: Partnership, pk: object) -> CommissioningIntention:
    return get_in(partnership, CommissioningIntention.objects.select_related("strategy"), pk)


def action_list(strategy: Strategy, *, year: int | None = None) -> QuerySet[AnnualPlanAction]:
    """The strategy's annual plan actions (of one year, when ``year`` is given), with the
    proposals, services and contracts each is linked to: four queries for any number."""
    actions = AnnualPlanAction.objects.filter(strategy=strategy)
    if year is not None:
        actions = actions.filter(financial_year=year)
    return actions.prefetch_related(
        Prefetch("proposals", queryset=Proposal.objects.order_by("decided_on", "pk")),
        Prefetch("services", queryset=Service.objects.order_by("reference")),
        Prefetch("contracts", queryset=Contract.objects.order_by("reference")),
    ).order_by("financial_year", "due_date", "pk")


def action_get(partnership: Partnership, pk: object) -> AnnualPlanAction:
    return get_in(
        partnership,
        AnnualPlanAction.objects.select_related("strategy").prefetch_related(
            "proposals", "services", "contracts"
        ),
        pk,
    )


def adopting_decisions(partnership: Partnership) -> QuerySet[Proposal]:
    """The proposals a strategy may be adopted by: the partnership's, on a strategy
    (the service refuses one not carried, naming why)."""
    return Proposal.objects.filter(partnership=partnership, kind="strategy").order_by(
        "-decided_on", "title", "pk"
    )


def linkable_proposals(partnership: Partnership) -> QuerySet[Proposal]:
    return Proposal.objects.filter(partnership=partnership).order_by("title", "pk")


def linkable_services(partnership: Partnership) -> QuerySet[Service]:
    return Service.objects.filter(partnership=partnership).order_by("reference")


def linkable_contracts(partnership: Partnership) -> QuerySet[Contract]:
    return Contract.objects.filter(partnership=partnership).order_by("reference")

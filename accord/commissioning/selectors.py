"""Reads of the commissioning register."""

import datetime
from decimal import Decimal

from django.db.models import Count, DecimalField, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce

from accord.core.money import MONEY_DIGITS, MONEY_PLACES, ZERO
from accord.decisions.models import Proposal, ProposalState
from accord.partnerships.models import Partnership
from accord.partnerships.selectors import get_in

from .models import AUTHORISING_KIND, Contract, ContractStatus, Provider, Service


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
# Contracts

MONEY_OUTPUT: DecimalField[Decimal, Decimal] = DecimalField(
    max_digits=MONEY_DIGITS + 4, decimal_places=MONEY_PLACES
)


def with_totals(contracts: QuerySet[Contract]) -> QuerySet[Contract]:
    """Each contract with ``total`` (the sum of its annual values, exact), ``years`` (how
    many financial years have a value) and ``illustrative_values`` (how many of those
    values are illustrative), in the same query."""
    return contracts.annotate(
        total=Coalesce(Sum("values__amount"), Value(ZERO), output_field=MONEY_OUTPUT),
        years=Count("values"),
        illustrative_values=Count("values", filter=~Q(values__illustrative=[])),
    )


def contract_list(
    partnership: Partnership,
    *,
    status: str = "",
    route: str = "",
    form: str = "",
    provider_id: int | None = None,
    search: str = "",
) -> QuerySet[Contract]:
    """The partnership's contracts by reference, with their totals, filtered."""
    contracts = Contract.objects.filter(partnership=partnership)
    if status:
        contracts = contracts.filter(status=status)
    if route:
        contracts = contracts.filter(route=route)
    if form:
        contracts = contracts.filter(form=form)
    if provider_id is not None:
        contracts = contracts.filter(provider_id=provider_id)
    if search:
        contracts = contracts.filter(Q(reference__icontains=search) | Q(title__icontains=search))
    return with_totals(contracts.select_related("provider", "decision")).order_by("reference", "pk")


def contract_get(partnership: Partnership, pk: object, *, field: str | None = None) -> Contract:
    """One contract with its provider, decision, services and values (four queries)."""
    rows = Contract.objects.select_related("provider", "decision").prefetch_related(
        "values", "services"
    )
    return get_in(partnership, rows, pk, field=field)


def months_after(day: datetime.date, months: int) -> datetime.date:
    """The same day ``months`` later (the month's last day where it is shorter)."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return day.replace(year=year, month=month, day=min(day.day, last))
        except ValueError:
            continue
    raise ValueError(day)  # pragma: no cover: every month has a 28th


def contracts_due(
    partnership: Partnership, *, on: datetime.date, months: int
) -> QuerySet[Contract]:
    """Let contracts that end, or whose extension must be decided, from ``on`` to
    ``months`` later: what the programme team must act on next. By the earlier date."""
    until = months_after(on, months)
    due = Q(end_date__gte=on, end_date__lte=until) | Q(
        extension_decision_by__gte=on, extension_decision_by__lte=until
    )
    contracts = Contract.objects.filter(partnership=partnership, status=ContractStatus.LET)
    return with_totals(contracts.filter(due).select_related("provider", "decision")).order_by(
        Coalesce("extension_decision_by", "end_date"), "end_date", "reference", "pk"
    )


# The Local Government Transparency Code 2015 publishes every contract "with a value that
# exceeds £5,000" (commissioning-reference.md §1d).
TRANSPARENCY_THRESHOLD = Decimal("5000.00")
# Contracts the register publishes: those entered into (a planned one is not yet a contract).
ENTERED = (ContractStatus.LET, ContractStatus.ENDED, ContractStatus.TERMINATED)


def transparency_register(partnership: Partnership) -> QuerySet[Contract]:
    """The contracts the Transparency Code's register publishes: let (or since ended or
    terminated), with a value over the contract's length above 5,000 pounds; by reference,
    with their provider and services (three queries for any number)."""
    contracts = with_totals(Contract.objects.filter(partnership=partnership, status__in=ENTERED))
    return (
        contracts.filter(total__gt=TRANSPARENCY_THRESHOLD)  # type: ignore[misc]
        .select_related("provider")
        .prefetch_related("services")
        .order_by("reference", "pk")
    )


def contracts_authorised(proposal_ids: list[int]) -> QuerySet[Contract]:
    """The contracts these decisions authorised (``Contract.decision``), with totals."""
    contracts = Contract.objects.filter(decision_id__in=proposal_ids)
    return with_totals(contracts.select_related("provider")).order_by("reference", "pk")


def decision_choices(partnership: Partnership) -> QuerySet[Proposal]:
    """The partnership's decisions that can authorise letting a contract: carried tender
    awards and instructions to contract, the latest first."""
    kinds = sorted({str(kind) for kind in AUTHORISING_KIND.values()})
    return Proposal.objects.filter(
        partnership=partnership, kind__in=kinds, state=ProposalState.CARRIED
    ).order_by("-decided_on", "-pk")


def service_choices(partnership: Partnership) -> QuerySet[Service]:
    """The partnership's services a contract may cover, with their providers."""
    return (
        Service.objects.filter(partnership=partnership)
        .select_related("provider")
        .order_by("reference")
    )

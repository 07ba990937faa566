"""Reads of the commissioning register."""

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import (
    Count,
    DecimalField,
    F,
    Max,
    Min,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce
from django.http import Http404

from accord.core.money import MONEY_DIGITS, MONEY_PLACES, ZERO
from accord.decisions.models import Proposal, ProposalKind, ProposalState
from accord.governance.models import Partner, PartnerKind
from accord.partnerships.models import Partnership
from accord.partnerships.selectors import get_in

from .models import (
    AUTHORISING_KIND,
    AnnualPlanAction,
    CommissioningIntention,
    Contract,
    ContractStatus,
    ContractTermination,
    ContractVariation,
    Dataset,
    Figure,
    Provider,
    ProviderStaff,
    Service,
    ServiceChange,
    ServiceClientGroup,
    ServiceLocation,
    Strategy,
    StrategyStatus,
    TargetOutcome,
    client_group_label,
)


def provider_list(partnership: Partnership, *, kind: str = "") -> QuerySet[Provider]:
    """The partnership's providers by name (of one kind, when ``kind`` is given)."""
    providers = Provider.objects.filter(partnership=partnership)
    if kind:
        providers = providers.filter(kind=kind)
    return providers.order_by("name", "pk")


def provider_get(partnership: Partnership, pk: object, *, field: str | None = None) -> Provider:
    return get_in(partnership, Provider, pk, field=field)


def provider_staff_list(provider: Provider) -> QuerySet[ProviderStaff]:
    """The people who sign in (or signed in) for the provider, earliest term first, with
    their accounts (one query)."""
    return ProviderStaff.objects.filter(provider=provider).select_related("user")


def provider_staff_get(provider: Provider, pk: object) -> ProviderStaff:
    """One term of the provider's (404 for another provider's, or another partnership's)."""
    return get_in(provider.partnership, provider_staff_list(provider), pk)


def works_for_provider_ids(user: Any, on: datetime.date) -> list[int]:
    """Ids of the providers the user signs in for on that date (the policy's source for
    ``works_for``)."""
    if not user.is_authenticated:
        return []
    return list(
        ProviderStaff.objects.current(on=on)
        .filter(user=user)
        .order_by()
        .values_list("provider_id", flat=True)
    )


def provides_to_partnership_ids(user: Any, on: datetime.date) -> list[int]:
    """Ids of the partnerships one of whose providers the user signs in for on that date
    (the policy's source for ``provides_to``)."""
    if not user.is_authenticated:
        return []
    return list(
        ProviderStaff.objects.current(on=on)
        .filter(user=user)
        .order_by()
        .values_list("partnership_id", flat=True)
        .distinct()
    )


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
# The services directory


@dataclass(frozen=True)
class ServiceFilters:
    """What the directory can be narrowed by (each empty: any)."""

    client_group: int | None = None  # primary or secondary
    service_type: str = ""
    delivery_model: str = ""
    district: int | None = None  # a Partner's id
    status: str = ""
    text: str = ""  # in the reference, name, description or provider's name

    @property
    def any(self) -> bool:
        return any(
            (self.client_group, self.service_type, self.delivery_model, self.district,
             self.status, self.text)
        )  # fmt: skip


def filtered_services(services: QuerySet[Service], filters: ServiceFilters) -> QuerySet[Service]:
    if filters.client_group:
        services = services.filter(
            Q(primary_client_group=filters.client_group)
            | Q(
                pk__in=ServiceClientGroup.objects.filter(code=filters.client_group).values(
                    "service_id"
                )
            )
        )
    if filters.service_type:
        services = services.filter(service_type=filters.service_type)
    if filters.delivery_model:
        services = services.filter(delivery_model=filters.delivery_model)
    if filters.district:
        services = services.filter(
            pk__in=Service.districts.through.objects.filter(partner_id=filters.district).values(
                "service_id"
            )
        )
    if filters.status:
        services = services.filter(status=filters.status)
    text = filters.text.strip()
    if text:
        services = services.filter(
            Q(reference__icontains=text)
            | Q(name__icontains=text)
            | Q(description__icontains=text)
            | Q(provider__name__icontains=text)
        )
    return services


def with_relations(services: QuerySet[Service]) -> QuerySet[Service]:
    """What a list shows of each service, in a fixed number of queries."""
    return services.select_related("provider").prefetch_related(
        Prefetch("districts", queryset=Partner.objects.order_by("name")),
        "secondary_groups",
    )


def service_list(
    partnership: Partnership, filters: ServiceFilters | None = None
) -> QuerySet[Service]:
    """The partnership's directory by reference, filtered."""
    services = Service.objects.filter(partnership=partnership)
    services = filtered_services(services, filters or ServiceFilters())
    return with_relations(services).order_by("reference", "pk")


def service_get(partnership: Partnership, pk: object, *, field: str | None = None) -> Service:
    rows = Service.objects.select_related("provider", "status_decision")
    return get_in(partnership, rows, pk, field=field)


def service_history(service: Service) -> QuerySet[ServiceChange]:
    """Every change of the service, oldest first, with the decision behind each."""
    return (
        ServiceChange.objects.filter(service=service)
        .select_related("decision")
        .order_by("changed_on", "pk")
    )


def service_locations(service: Service) -> QuerySet[ServiceLocation]:
    return ServiceLocation.objects.filter(service=service).order_by("name", "pk")


def service_contracts(service: Service) -> QuerySet[Contract]:
    """The contracts that cover the service (Contract.services)."""
    return service.contracts.select_related("provider").order_by("-start_date", "reference")


def provider_services(provider: Provider) -> QuerySet[Service]:
    return Service.objects.filter(provider=provider).order_by("reference", "pk")


def location_get(service: Service, pk: object) -> ServiceLocation:
    text = str(pk)
    found = (
        ServiceLocation.objects.filter(service=service, pk=int(text)).first()
        if text.isdigit()
        else None
    )
    if found is None:
        raise Http404(f"No location {pk} of {service.reference}")
    return found


def districts_of(partnership: Partnership) -> QuerySet[Partner]:
    """The partners whose areas a service can cover."""
    return Partner.objects.filter(partnership=partnership).order_by("name")


def carried_decisions(partnership: Partnership) -> QuerySet[Proposal]:
    """The decisions a service's change can rest on: the partnership's carried ones."""
    return Proposal.objects.filter(partnership=partnership, state=ProposalState.CARRIED).order_by(
        "-pk"
    )


def open_referral_services(
    filters: ServiceFilters | None = None, *, partnership: Partnership | None = None
) -> QuerySet[Service]:
    """The installation's services for the Open Referral feed (every partnership's, or
    one's), with what a service object holds, in a fixed number of queries."""
    services = Service.objects.all()
    if partnership is not None:
        services = services.filter(partnership=partnership)
    services = filtered_services(services, filters or ServiceFilters())
    return (
        with_relations(services)
        .select_related("partnership")
        .prefetch_related(
            Prefetch("locations", queryset=ServiceLocation.objects.order_by("name", "pk"))
        )
        .order_by("reference", "pk")
    )


# ---------------------------------------------------------------------------------------
# Needs evidence (issue 15 item 4)


def dataset_list(partnership: Partnership, *, public_only: bool) -> QuerySet[Dataset]:
    """The partnership's datasets with the number of figures and the years each covers;
    only the public ones when ``public_only`` (the view decides, from the policy)."""
    datasets = Dataset.objects.filter(partnership=partnership)
    if public_only:
        datasets = datasets.filter(is_public=True)
    return datasets.annotate(
        figure_count=Count("figures"),
        first_year=Min("figures__financial_year"),
        last_year=Max("figures__financial_year"),
    ).order_by("kind", "title", "pk")


def dataset_get(partnership: Partnership, pk: object) -> Dataset:
    return get_in(partnership, Dataset, pk)


def dataset_figures(dataset: Dataset) -> QuerySet[Figure]:
    """Every figure of the dataset, by year, district (the whole area first), client
    group and category, with its district."""
    return (
        Figure.objects.filter(dataset=dataset)
        .select_related("district")
        .order_by(
            "financial_year",
            F("district__name").asc(nulls_first=True),
            F("client_group").asc(nulls_first=True),
            "category",
            "pk",
        )
    )


def dataset_districts(dataset: Dataset) -> QuerySet[Partner]:
    """The district council partners of the dataset's partnership (those a file may name)."""
    return Partner.objects.filter(
        partnership_id=dataset.partnership_id, kind=PartnerKind.DISTRICT_COUNCIL
    ).order_by("name")


BREAKDOWNS = ("district", "client_group", "category")


@dataclass(frozen=True)
class Breakdown:
    """A dataset's figures summed by year and by one of its dimensions (``by``), for the
    dataset's page: ``rows`` are (label, one total per year, whether any figure in the
    row is illustrative), ``totals`` the sum of each year."""

    by: str
    years: list[int]
    rows: list[tuple[str, list[Decimal | None], bool]]
    totals: list[Decimal | None]
    illustrative: bool


def dataset_breakdown(dataset: Dataset, *, by: str, district_id: int | None = None) -> Breakdown:
    """Sum the figures by year and ``by`` (district, client group or category), of one
    district (a partner's id) or of all: one query, whatever the size of the dataset."""
    if by not in BREAKDOWNS:
        raise ValueError(f"cannot break a dataset down by {by!r}")
    figures = Figure.objects.filter(dataset=dataset)
    if district_id is not None:
        figures = figures.filter(district_id=district_id)
    member = "district__name" if by == "district" else by
    sums = (
        figures.values("financial_year", member)
        .annotate(total=Sum("value"), marked=Count("pk", filter=~Q(illustrative=[])))
        .order_by()
    )
    years: set[int] = set()
    cells: dict[object, dict[int, Decimal]] = {}
    marked: dict[object, bool] = {}
    for line in sums:
        key = line[member]
        years.add(line["financial_year"])
        cells.setdefault(key, {})[line["financial_year"]] = line["total"]
        marked[key] = marked.get(key, False) or bool(line["marked"])
    ordered_years = sorted(years)

    def label(key: object) -> str:
        if by == "district":
            return str(key) if key else "Whole area"
        if by == "client_group":
            return f"{key} {client_group_label(int(str(key)))}" if key else "Every client group"
        return str(key) if key else "No category"

    def order(key: object) -> tuple[int, str]:
        if key in (None, ""):
            return (0, "")
        return (1, f"{int(str(key)):03d}" if by == "client_group" else str(key))

    rows = [
        (label(key), [cells[key].get(year) for year in ordered_years], marked[key])
        for key in sorted(cells, key=order)
    ]
    totals = [
        sum((cells[key][year] for key in cells if year in cells[key]), Decimal(0))
        for year in ordered_years
    ]
    return Breakdown(by, ordered_years, rows, list(totals), any(marked.values()))


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
    # Its variations, counted apart (a join would multiply the totals' sums).
    varied = ContractVariation.objects.filter(contract=OuterRef("pk")).order_by().values("contract")
    ended = ContractTermination.objects.filter(contract=OuterRef("pk")).order_by()
    return (
        contracts.filter(total__gt=TRANSPARENCY_THRESHOLD)  # type: ignore[misc]
        .annotate(
            variation_count=Coalesce(
                Subquery(varied.annotate(n=Count("pk")).values("n")), Value(0)
            ),
            last_varied_on=Subquery(varied.annotate(last=Max("effective_on")).values("last")),
            terminated_on=Subquery(ended.values("terminated_on")[:1]),
            termination_reason=Subquery(ended.values("reason_code")[:1]),
        )
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


# ---------------------------------------------------------------------------------------
# Variations and termination (issue 16 items 6 and 7)


def variation_decision_choices(partnership: Partnership) -> QuerySet[Proposal]:
    """The partnership's carried contract variation decisions, the latest first."""
    return Proposal.objects.filter(
        partnership=partnership,
        kind=ProposalKind.CONTRACT_VARIATION,
        state=ProposalState.CARRIED,
    ).order_by("-decided_on", "-pk")


def termination_decision_choices(partnership: Partnership) -> QuerySet[Proposal]:
    """The carried decisions that may end a contract early: a contract variation or a
    commissioning decision (decommissioning), the latest first."""
    return Proposal.objects.filter(
        partnership=partnership,
        kind__in=[ProposalKind.CONTRACT_VARIATION, ProposalKind.COMMISSIONING_DECISION],
        state=ProposalState.CARRIED,
    ).order_by("-decided_on", "-pk")


def contract_variations(contract: Contract) -> QuerySet[ContractVariation]:
    """The contract's variations in order, with their decisions (one query)."""
    return (
        ContractVariation.objects.filter(contract=contract)
        .select_related("decision")
        .order_by("number")
    )


def contract_termination(contract: Contract) -> ContractTermination | None:
    return ContractTermination.objects.filter(contract=contract).select_related("decision").first()


def variation_get(contract: Contract, number: int) -> ContractVariation:
    found = contract_variations(contract).filter(number=number).first()
    if found is None:
        raise Http404("No such variation")
    return found

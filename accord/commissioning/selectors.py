"""Reads of the commissioning register."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, F, Max, Min, Q, QuerySet, Sum

from accord.governance.models import Partner, PartnerKind
from accord.partnerships.models import Partnership
from accord.partnerships.selectors import get_in

from .models import Dataset, Figure, Provider, client_group_label


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

"""The commissioning register's pages: providers and the services directory. Anyone reads
the register and the directory; members of the partnership and its programme team also see each
provider's contact; the programme team changes it (accord.policy)."""

import datetime
import json
import uuid
from dataclasses import dataclass
from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString
from django.views.decorators.http import require_GET, require_http_methods

from accord import policy
from accord.audit.services import audit_record
from accord.core.charts import Series, bar_chart, line_chart, plain_number
from accord.core.models import IllustrativeLine
from accord.core.money import ZERO, financial_year_label, financial_year_of, pounds
from accord.core.ratelimit import expensive
from accord.governance.models import Partner
from accord.partnerships.exports import csv_lines, csv_text
from accord.partnerships.models import Partnership
from accord.partnerships.web import (
    ConfirmForm,
    confirm_page,
    confirmed,
    form_page,
    paginate,
    partnership_page,
    posted,
)
from accord.rules.lifecycle import CONTRACT

from . import openreferral, selectors, services, transparency
from .evidence import COLUMNS, MAX_BYTES, FileRefused, Problem, template_rows
from .forms import (
    ContractRecordForm,
    ContractStatusForm,
    ContractValueForm,
    DatasetForm,
    ImportForm,
    LocationForm,
    ProviderForm,
    ServiceForm,
)
from .models import (
    ACCOMMODATION_MODELS,
    CapacityUnit,
    ClientGroup,
    Contract,
    ContractForm,
    ContractStatus,
    Dataset,
    DatasetKind,
    DatasetUnit,
    DeliveryModel,
    ProcurementRoute,
    Provider,
    ProviderKind,
    Service,
    ServiceChange,
    ServiceStatus,
    ServiceTerm,
    ServiceType,
    client_group_label,
)
from .selectors import ServiceFilters
from .services import (
    CONTRACT_FIELDS,
    FIELD_LABELS,
    LOCATION_FIELDS,
    PROVIDER_FIELDS,
    SERVICE_FIELDS,
)

CONTACT_FIELDS = ("contact_name", "contact_job_title", "contact_email", "contact_phone")


def chosen_kind(request: HttpRequest) -> str:
    kind = request.GET.get("kind", "")
    return kind if kind in ProviderKind.values else ""


@require_GET
@partnership_page("provider.view")
def provider_list(request: HttpRequest, partnership: Partnership) -> HttpResponse:
    kind = chosen_kind(request)
    return render(
        request,
        "commissioning/provider_list.html",
        {
            "partnership": partnership,
            "page": paginate(request, selectors.provider_list(partnership, kind=kind)),
            "kinds": ProviderKind.choices,
            "kind": kind,
            "may_change": policy.may(request.user, "provider.change", partnership),
        },
    )


@require_GET
@partnership_page("provider.view")
def provider_detail(request: HttpRequest, partnership: Partnership, pk: int) -> HttpResponse:
    provider = selectors.provider_get(partnership, pk)
    # The people who sign in for it (issue 18): the programme team's to see and keep.
    may_manage_staff = policy.may(request.user, "provider.manage_staff", provider)
    return render(
        request,
        "commissioning/provider_detail.html",
        {
            "partnership": partnership,
            "provider": provider,
            "elsewhere": selectors.provider_elsewhere(provider),
            "services": selectors.provider_services(provider),
            "may_see_contacts": policy.may(request.user, "provider.view_contacts", provider),
            "may_change": policy.may(request.user, "provider.change", provider),
            "may_manage_staff": may_manage_staff,
            "staff": list(selectors.provider_staff_list(provider)) if may_manage_staff else [],
            "today": timezone.localdate(),
        },
    )


@require_http_methods(["GET", "POST"])
@partnership_page("provider.change")
def provider_create(request: HttpRequest, partnership: Partnership) -> HttpResponse:
    def save(data: dict[str, object]) -> str:
        provider = services.provider_create(
            actor=request.user,
            partnership=partnership,
            **data,  # type: ignore[arg-type]
        )
        return reverse("commissioning:provider-detail", args=[partnership.slug, provider.pk])

    return form_page(
        request,
        ProviderForm(posted(request), partnership=partnership),
        save=save,
        title="Add a provider",
        done="Provider added",
        back=reverse("commissioning:provider-list", args=[partnership.slug]),
        button="Add provider",
    )


@require_http_methods(["GET", "POST"])
@partnership_page("provider.change")
def provider_update(request: HttpRequest, partnership: Partnership, pk: int) -> HttpResponse:
    provider = selectors.provider_get(partnership, pk)
    back = reverse("commissioning:provider-detail", args=[partnership.slug, provider.pk])
    return form_page(
        request,
        ProviderForm(
            posted(request),
            partnership=partnership,
            initial={name: getattr(provider, name) for name in PROVIDER_FIELDS},
        ),
        save=lambda data: services.provider_update(
            actor=request.user,
            provider=provider,
            **data,
        ),
        title=f"Change {provider.name}",
        done="Provider changed",
        back=back,
        button="Save changes",
    )


def provider_row(provider: Provider, *, contacts: bool) -> list[object]:
    row: list[object] = [
        provider.pk,
        provider.name,
        "; ".join(provider.trading_name_list),
        provider.kind,
        provider.company_number,
        provider.charity_number,
        provider.org_id,
        provider.address_line_1,
        provider.address_line_2,
        provider.town,
        provider.postcode,
    ]
    if contacts:
        row += [getattr(provider, name) for name in CONTACT_FIELDS]
    marked = sorted(provider.illustrative or [])
    row.append(" ".join(name for name in marked if contacts or name not in CONTACT_FIELDS))
    return row


@expensive
@require_GET
@partnership_page("provider.view")
def provider_export(request: HttpRequest, partnership: Partnership) -> HttpResponse:
    """The register as CSV; its contacts only for those who may see them (then the
    download, which names people, is recorded in the audit trail)."""
    contacts = policy.may(request.user, "provider.view_contacts", partnership)
    header = [
        "id",
        "name",
        "trading_names",
        "kind",
        "company_number",
        "charity_number",
        "org_id",
        "address_line_1",
        "address_line_2",
        "town",
        "postcode",
    ]
    if contacts:
        header += list(CONTACT_FIELDS)
        audit_record(
            actor=request.user,
            action="provider.export",
            partnership_id=partnership.pk,
            object_type="commissioning.provider",
            changes={"format": [None, "csv"]},
        )
    header.append("illustrative")
    rows = (
        provider_row(provider, contacts=contacts)
        for provider in selectors.provider_list(partnership, kind=chosen_kind(request))
    )
    response = HttpResponse(csv_text(header, rows), content_type="text/csv; charset=utf-8")
    stamp = timezone.localdate().isoformat()
    filename = f"accord-{partnership.slug}-providers-{stamp}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# ---------------------------------------------------------------------------------------
# The services directory: public; the programme team keeps it.

TEXT_SEARCH_LIMIT = 100


def service_filters(request: HttpRequest, partnership: Partnership) -> ServiceFilters:
    """The directory's filters from the address; a value not offered is ignored."""
    get = request.GET

    def number(name: str) -> int | None:
        value = get.get(name, "")
        return int(value) if value.isdigit() and len(value) < 10 else None

    def one_of(name: str, values: list[str]) -> str:
        value = get.get(name, "")
        return value if value in values else ""

    group = number("client_group")
    district = number("district")
    if (
        district is not None
        and not selectors.districts_of(partnership).filter(pk=district).exists()
    ):
        district = None
    return ServiceFilters(
        client_group=group if group in ClientGroup.values else None,
        service_type=one_of("service_type", ServiceType.values),
        delivery_model=one_of("delivery_model", DeliveryModel.values),
        district=district,
        status=one_of("status", ServiceStatus.values),
        text=get.get("q", "")[:TEXT_SEARCH_LIMIT].strip(),
    )


def filter_query(filters: ServiceFilters) -> str:
    """The filters as an address's query (for the CSV link and the pages)."""
    values = {
        "client_group": filters.client_group or "",
        "service_type": filters.service_type,
        "delivery_model": filters.delivery_model,
        "district": filters.district or "",
        "status": filters.status,
        "q": filters.text,
    }
    return urlencode({name: value for name, value in values.items() if value})


@require_GET
@partnership_page("service.view")
def service_list(request: HttpRequest, partnership: Partnership) -> HttpResponse:
    filters = service_filters(request, partnership)
    return render(
        request,
        "commissioning/service_list.html",
        {
            "partnership": partnership,
            "page": paginate(request, selectors.service_list(partnership, filters)),
            "filters": filters,
            "query": filter_query(filters),
            "client_groups": ClientGroup.choices,
            "service_types": ServiceType.choices,
            "delivery_models": DeliveryModel.choices,
            "statuses": ServiceStatus.choices,
            "districts": selectors.districts_of(partnership),
            "may_change": policy.may(request.user, "service.change", partnership),
        },
    )


FIELD_DISPLAY = {
    "service_type": ServiceType,
    "term": ServiceTerm,
    "delivery_model": DeliveryModel,
    "status": ServiceStatus,
    "capacity_unit": CapacityUnit,
}


def shown(name: str, value: Any) -> str:
    """A history value as a reader reads it (labels, not codes)."""
    if value is None or value == "" or value == []:
        return "\N{EN DASH}"
    if name in FIELD_DISPLAY:
        choices = dict(FIELD_DISPLAY[name].choices)
        return str(choices.get(value, value))
    if name == "primary_client_group":
        return client_group_label(int(value)) if value in ClientGroup.values else str(value)
    if name == "secondary_client_groups":
        return "; ".join(client_group_label(int(code), secondary=True) for code in value)
    if name == "districts":
        return "; ".join(value)
    if name.endswith("_date"):
        return datetime.date.fromisoformat(value).strftime("%-d %B %Y")
    return str(value)


def history_lines(change: ServiceChange) -> list[tuple[str, str, str]]:
    """Each changed field of a history entry: its label, value before and after."""
    return [
        (FIELD_LABELS.get(name, name), shown(name, pair[0]), shown(name, pair[1]))
        for name, pair in (change.changes or {}).items()
        if isinstance(pair, list) and len(pair) == 2
    ]


@require_GET
@partnership_page("service.view")
def service_detail(request: HttpRequest, partnership: Partnership, pk: int) -> HttpResponse:
    service = selectors.service_get(partnership, pk)
    history = list(selectors.service_history(service))
    return render(
        request,
        "commissioning/service_detail.html",
        {
            "partnership": partnership,
            "service": service,
            "districts": list(service.districts.order_by("name")),
            "secondary": [
                client_group_label(code, secondary=True)
                for code in service.secondary_groups.values_list("code", flat=True)
            ],
            "primary": client_group_label(service.primary_client_group),
            "accommodation": service.delivery_model in ACCOMMODATION_MODELS,
            "locations": selectors.service_locations(service),
            "contracts": selectors.service_contracts(service),
            "history": [(change, history_lines(change)) for change in history],
            "may_change": policy.may(request.user, "service.change", service),
        },
    )


def service_initial(service: Service) -> dict[str, object]:
    initial: dict[str, object] = {
        name: getattr(service, name)
        for name in SERVICE_FIELDS
        if name not in ("districts", "secondary_client_groups", "provider")
    }
    initial["provider"] = service.provider_id
    initial["districts"] = list(service.districts.values_list("pk", flat=True))
    initial["secondary_client_groups"] = list(
        service.secondary_groups.values_list("code", flat=True)
    )
    return initial


@require_http_methods(["GET", "POST"])
@partnership_page("service.change")
def service_create(request: HttpRequest, partnership: Partnership) -> HttpResponse:
    def save(data: dict[str, Any]) -> str:
        service = services.service_create(
            actor=request.user,
            partnership=partnership,
            **{k: v for k, v in data.items() if k != "changed_on"},
        )
        return reverse("commissioning:service-detail", args=[partnership.slug, service.pk])

    return form_page(
        request,
        ServiceForm(posted(request), partnership=partnership),
        save=save,
        title="Add a service",
        done="Service added",
        back=reverse("commissioning:service-list", args=[partnership.slug]),
        button="Add service",
    )


@require_http_methods(["GET", "POST"])
@partnership_page("service.change")
def service_update(request: HttpRequest, partnership: Partnership, pk: int) -> HttpResponse:
    service = selectors.service_get(partnership, pk)
    back = reverse("commissioning:service-detail", args=[partnership.slug, service.pk])
    return form_page(
        request,
        ServiceForm(
            posted(request),
            partnership=partnership,
            changing=True,
            initial=service_initial(service),
        ),
        save=lambda data: services.service_update(actor=request.user, service=service, **data),
        title=f"Change {service.reference} {service.name}",
        done="Service changed",
        back=back,
        button="Save changes",
    )


@require_http_methods(["GET", "POST"])
@partnership_page("service.change")
def location_create(request: HttpRequest, partnership: Partnership, pk: int) -> HttpResponse:
    service = selectors.service_get(partnership, pk)
    return form_page(
        request,
        LocationForm(posted(request), partnership=partnership),
        save=lambda data: services.location_add(actor=request.user, service=service, **data),
        title=f"Add a location to {service.reference} {service.name}",
        done="Location added",
        back=reverse("commissioning:service-detail", args=[partnership.slug, service.pk]),
        button="Add location",
    )


@require_http_methods(["GET", "POST"])
@partnership_page("service.change")
def location_update(
    request: HttpRequest, partnership: Partnership, pk: int, location_pk: int
) -> HttpResponse:
    service = selectors.service_get(partnership, pk)
    location = selectors.location_get(service, location_pk)
    return form_page(
        request,
        LocationForm(
            posted(request),
            partnership=partnership,
            initial={name: getattr(location, name) for name in LOCATION_FIELDS},
        ),
        save=lambda data: services.location_update(actor=request.user, location=location, **data),
        title=f"Change {location.name}",
        done="Location changed",
        back=reverse("commissioning:service-detail", args=[partnership.slug, service.pk]),
        button="Save changes",
    )


@require_http_methods(["GET", "POST"])
@partnership_page("service.change")
def location_remove(
    request: HttpRequest, partnership: Partnership, pk: int, location_pk: int
) -> HttpResponse:
    service = selectors.service_get(partnership, pk)
    location = selectors.location_get(service, location_pk)
    return confirm_page(
        request,
        ConfirmForm(confirmed(request), partnership=partnership),
        save=lambda data: services.location_remove(actor=request.user, location=location),
        title=f"Remove {location.name} from {service.reference}?",
        follows=[
            "The service will no longer be listed at this address, in the directory or in "
            "its Open Referral feed.",
            "Its history keeps the address, with the date it was removed.",
        ],
        done="Location removed",
        back=reverse("commissioning:service-detail", args=[partnership.slug, service.pk]),
        button="Remove location",
    )


SERVICE_CSV_HEADER = [
    "id",
    "reference",
    "name",
    "provider",
    "provider_org_id",
    "service_type",
    "term",
    "delivery_model",
    "primary_client_group",
    "secondary_client_groups",
    "capacity",
    "capacity_unit",
    "districts",
    "start_date",
    "end_date",
    "status",
    "eligibility",
    "referral_route",
    "illustrative",
]


def service_row(service: Service) -> list[object]:
    return [
        service.pk,
        service.reference,
        service.name,
        service.provider.name,
        service.provider.org_id,
        service.service_type,
        service.term,
        service.delivery_model,
        service.primary_client_group,
        " ".join(str(group.code) for group in service.secondary_groups.all()),
        service.capacity,
        service.capacity_unit,
        "; ".join(partner.name for partner in service.districts.all()),
        service.start_date.isoformat(),
        service.end_date.isoformat() if service.end_date else "",
        service.status,
        service.eligibility,
        service.referral_route,
        " ".join(sorted(service.illustrative or [])),
    ]


@expensive
@require_GET
@partnership_page("service.view")
def service_export(request: HttpRequest, partnership: Partnership) -> HttpResponse:
    """The directory (as filtered) as CSV: public, as the directory is; cells that a
    spreadsheet would read as a formula are made text (``csv_text``)."""
    rows = (
        service_row(service)
        for service in selectors.service_list(partnership, service_filters(request, partnership))
    )
    response = HttpResponse(
        csv_text(SERVICE_CSV_HEADER, rows), content_type="text/csv; charset=utf-8"
    )
    stamp = timezone.localdate().isoformat()
    filename = f"accord-{partnership.slug}-services-{stamp}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# ---------------------------------------------------------------------------------------
# Needs evidence (issue 15 item 4): the datasets the strategy rests on, their charts with
# the table beside, the import of a CSV file (all or nothing, with every problem listed).


def figure_text(value: Decimal | int | float | None, unit: str) -> str:
    """A figure as the page writes it, in the dataset's unit."""
    if value is None:
        return "\u2013"  # an en dash: no figure
    amount = Decimal(str(value))
    if unit == DatasetUnit.POUNDS:
        return pounds(amount)
    text = plain_number(amount)
    return f"{text}%" if unit == DatasetUnit.PERCENT else text


@dataclass(frozen=True)
class TableRow(IllustrativeLine):
    """A row of a dataset's table: its label and one cell a year, marked as a whole when
    any figure in it is illustrative."""

    label: str
    cells: list[str]
    illustrative: tuple[str, ...] = ()


def chosen_breakdown(request: HttpRequest, dataset: Dataset) -> str:
    by = request.GET.get("by", "")
    if by in selectors.BREAKDOWNS:
        return by
    return "client_group" if dataset.kind == DatasetKind.USAGE else "district"


def chosen_district(request: HttpRequest, districts: list[Partner]) -> Partner | None:
    wanted = request.GET.get("district", "")
    return next((d for d in districts if str(d.pk) == wanted), None)


def dataset_seen(request: HttpRequest, partnership: Partnership, pk: int) -> Dataset:
    """The dataset, if the person may read it; otherwise it does not exist for them."""
    dataset = selectors.dataset_get(partnership, pk)
    policy.require(request.user, "evidence.view", dataset, not_found="No such dataset")
    return dataset


@require_GET
@partnership_page("partnership.view")
def dataset_list(request: HttpRequest, partnership: Partnership) -> HttpResponse:
    """The partnership's needs evidence: every dataset for its members and programme team,
    the public ones for everyone else."""
    sees_all = policy.may(request.user, "evidence.view", partnership)
    page = paginate(request, selectors.dataset_list(partnership, public_only=not sees_all))
    for dataset in page:
        first, last = dataset.first_year, dataset.last_year
        dataset.years_text = (
            "None yet"
            if first is None
            else financial_year_label(first)
            + (f" to {financial_year_label(last)}" if last != first else "")
        )
    return render(
        request,
        "commissioning/dataset_list.html",
        {
            "partnership": partnership,
            "page": page,
            "sees_all": sees_all,
            "may_change": policy.may(request.user, "evidence.change", partnership),
        },
    )


@require_GET
@partnership_page(None)
def dataset_detail(request: HttpRequest, partnership: Partnership, pk: int) -> HttpResponse:
    """A dataset's chart with its table beside it, broken down by district, client group
    or category, for the whole area or one district."""
    dataset = dataset_seen(request, partnership, pk)
    districts = list(selectors.dataset_districts(dataset))
    district = chosen_district(request, districts)
    by = chosen_breakdown(request, dataset)
    breakdown = selectors.dataset_breakdown(
        dataset, by=by, district_id=district.pk if district else None
    )
    return render(
        request,
        "commissioning/dataset_detail.html",
        {
            "partnership": partnership,
            "dataset": dataset,
            "districts": districts,
            "district": district,
            "by": by,
            "by_label": BREAKDOWN_LABELS[by],
            "breakdowns": BREAKDOWN_LABELS,
            "breakdown": breakdown,
            "years": [financial_year_label(year) for year in breakdown.years],
            "rows": [
                TableRow(
                    label,
                    [figure_text(value, dataset.unit) for value in values],
                    ("label",) if marked else (),
                )
                for label, values, marked in breakdown.rows
            ],
            "totals": [figure_text(value, dataset.unit) for value in breakdown.totals],
            "charts": dataset_charts(dataset, breakdown, district),
            "may_change": policy.may(request.user, "evidence.change", dataset),
            "may_import": policy.may(request.user, "evidence.import", dataset),
        },
    )


BREAKDOWN_LABELS = {
    "district": "District",
    "client_group": "Client group",
    "category": "Category",
}
# Lines a chart draws at most: beyond, the line chart shows the total and the bar chart
# every member (a legend of 21 client groups is not read).
MOST_LINES = 7


def dataset_charts(
    dataset: Dataset, breakdown: selectors.Breakdown, district: Partner | None
) -> list[tuple[str, SafeString]]:
    """The dataset's line chart over the years and, when there are several rows, a bar
    chart of its last year: each with a title and a description saying what it shows."""
    if not breakdown.years:
        return []
    unit = dataset.get_unit_display()
    area = district.name if district else "the whole area"
    labels = [financial_year_label(year) for year in breakdown.years]
    note = (
        " The figures are illustrative: invented for the demonstration, not from the "
        "source documents."
        if breakdown.illustrative
        else ""
    )

    def number(value: Decimal | int | float) -> str:
        return figure_text(value, dataset.unit)

    by_label = BREAKDOWN_LABELS[breakdown.by].lower()
    if 1 < len(breakdown.rows) <= MOST_LINES:
        series = [Series(label, values) for label, values, _ in breakdown.rows]
        shown = f"by {by_label}"
    else:
        series = [Series("Total", breakdown.totals)]
        shown = "in total"
    first, last = breakdown.totals[0], breakdown.totals[-1]
    title = f"{dataset.title}, {area}, {labels[0]} to {labels[-1]}, {shown}"
    charts = [
        line_chart(
            title=title,
            description=f"A line chart of {dataset.get_kind_display().lower()} ({unit.lower()}) "
            f"{shown}, each financial year from {labels[0]} to {labels[-1]}. In total "
            f"{number(first or 0)} in {labels[0]} and {number(last or 0)} in {labels[-1]}. "
            f"The table below gives every figure.{note}",
            labels=labels,
            series=series,
            unit=unit,
            number=number,
        )
    ]
    titles = [title]
    if len(breakdown.rows) > 1:
        latest = [(label, values[-1]) for label, values, _ in breakdown.rows]
        largest = max(latest, key=lambda pair: pair[1] or 0)
        titles.append(f"{dataset.title}, {area}, {labels[-1]}, by {by_label}")
        charts.append(
            bar_chart(
                title=titles[-1],
                description=f"A bar chart of {labels[-1]}'s figures by {by_label}: the "
                f"largest is {largest[0]} with {number(largest[1] or 0)}. The table below "
                f"gives every figure.{note}",
                labels=[label for label, _ in latest],
                series=[Series(labels[-1], [value for _, value in latest])],
                unit=unit,
                number=number,
            )
        )
    return list(zip(titles, charts, strict=True))


@require_http_methods(["GET", "POST"])
@partnership_page("evidence.change")
def dataset_create(request: HttpRequest, partnership: Partnership) -> HttpResponse:
    def save(data: dict[str, Any]) -> str:
        dataset = services.dataset_create(actor=request.user, partnership=partnership, **data)
        return reverse("commissioning:dataset-import", args=[partnership.slug, dataset.pk])

    return form_page(
        request,
        DatasetForm(posted(request), partnership=partnership),
        save=save,
        title="Add a dataset of needs evidence",
        done="Dataset added: now import its figures",
        back=reverse("commissioning:dataset-list", args=[partnership.slug]),
        button="Add dataset",
    )


@require_http_methods(["GET", "POST"])
@partnership_page(None)
def dataset_update(request: HttpRequest, partnership: Partnership, pk: int) -> HttpResponse:
    dataset = dataset_seen(request, partnership, pk)
    policy.require(request.user, "evidence.change", dataset)
    return form_page(
        request,
        DatasetForm(
            posted(request),
            partnership=partnership,
            initial={name: getattr(dataset, name) for name in services.DATASET_FIELDS},
        ),
        save=lambda data: services.dataset_update(actor=request.user, dataset=dataset, **data),
        title=f"Change {dataset.title}",
        done="Dataset changed",
        back=reverse("commissioning:dataset-detail", args=[partnership.slug, dataset.pk]),
        button="Save changes",
    )


@require_http_methods(["GET", "POST"])
@partnership_page(None)
def dataset_import(request: HttpRequest, partnership: Partnership, pk: int) -> HttpResponse:
    """Upload a CSV file of figures: stored all at once, or not at all with every problem
    listed by row and column."""
    dataset = dataset_seen(request, partnership, pk)
    policy.require(request.user, "evidence.import", dataset)
    back = reverse("commissioning:dataset-detail", args=[partnership.slug, dataset.pk])
    form = ImportForm(posted(request), request.FILES or None, partnership=partnership)
    problems: list[Problem] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            problems = [Problem(f"The file is larger than {MAX_BYTES // 1_000_000} MB")]
        else:
            try:
                imported = services.dataset_import(
                    actor=request.user,
                    dataset=dataset,
                    content=upload.read(),
                    name=upload.name or "",
                )
            except FileRefused as refusal:
                problems = refusal.problems
            else:
                years = ", ".join(financial_year_label(year) for year in imported.years)
                messages.success(request, f"{imported.figures} figures imported for {years}")
                return redirect(back)
        form.add_error("file", "The file was not imported: nothing from it was stored")
    return render(
        request,
        "commissioning/dataset_import.html",
        {
            "partnership": partnership,
            "dataset": dataset,
            "form": form,
            "problems": problems,
            "columns": COLUMNS,
            "districts": selectors.dataset_districts(dataset),
            "client_groups": ClientGroup.choices,
            "back": back,
        },
    )


@require_GET
@partnership_page(None)
def dataset_template(request: HttpRequest, partnership: Partnership, pk: int) -> HttpResponse:
    """A CSV file to fill in for this dataset: the headings and example rows."""
    dataset = dataset_seen(request, partnership, pk)
    names = [district.name for district in selectors.dataset_districts(dataset)]
    response = HttpResponse(
        csv_text(list(COLUMNS), template_rows(dataset.kind, names)),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="accord-evidence-{dataset.kind}.csv"'
    return response


@expensive
@require_GET
@partnership_page(None)
def dataset_export(request: HttpRequest, partnership: Partnership, pk: int) -> HttpResponse:
    """Every figure of the dataset as CSV, in the import's columns (a file that imports
    again as it is), with each figure's illustrative mark."""
    dataset = dataset_seen(request, partnership, pk)
    rows = (
        [
            financial_year_label(figure.financial_year),
            figure.district.name if figure.district else "",
            figure.client_group or "",
            figure.category,
            figure.value,
            "value" if figure.is_illustrative("value") else "",
        ]
        for figure in selectors.dataset_figures(dataset)
    )
    response = HttpResponse(
        csv_text([*COLUMNS, "illustrative"], rows), content_type="text/csv; charset=utf-8"
    )
    filename = f"accord-{partnership.slug}-evidence-{dataset.pk}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# Open Referral UK: the installation's services directory as open data, read by anyone
# (no key), from any web page (CORS: these responses, and no others, allow any origin).

OPEN_REFERRAL_PER_PAGE = 50
OPEN_REFERRAL_MAX_PER_PAGE = 200


def open_data(data: object, status: int = 200) -> HttpResponse:
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, separators=(",", ":")),
        content_type="application/json",
        status=status,
    )
    response["Access-Control-Allow-Origin"] = "*"
    return response


def open_data_error(message: str, status: int, field: str = "") -> HttpResponse:
    code = {400: "invalid", 404: "not_found"}.get(status, "error")
    return open_data({"error": {"code": code, "message": message, "field": field or None}}, status)


@require_GET
def open_referral_api(request: HttpRequest) -> HttpResponse:
    """The ``/`` endpoint: which HSDS version and profile this API follows."""
    policy.require(request.user, "service.view")
    return open_data(openreferral.api_details())


@expensive
@require_GET
def open_referral_services(request: HttpRequest) -> HttpResponse:
    """``/services``: paged (``page`` from 1, ``per_page`` up to 200), filtered by
    ``search``, ``partnership`` (a slug), ``organization_id``, ``taxonomy_term_id`` (one of
    Accord's client-group, service-type or delivery-model terms), and by the directory's
    own filters (``client_group``, ``service_type``, ``delivery_model``, ``status``)."""
    policy.require(request.user, "service.view")
    get = request.GET

    def whole(name: str, default: int) -> int | None:
        value = get.get(name, "")
        if not value:
            return default
        return int(value) if value.isdigit() and len(value) < 7 and int(value) > 0 else None

    number = whole("page", 1)
    size = whole("per_page", OPEN_REFERRAL_PER_PAGE)
    if number is None:
        return open_data_error("page must be a whole number from 1", 400, "page")
    if size is None:
        return open_data_error("per_page must be a whole number from 1", 400, "per_page")
    size = min(size, OPEN_REFERRAL_MAX_PER_PAGE)
    wanted: dict[str, Any] = {"text": get.get("search", "")[:TEXT_SEARCH_LIMIT].strip()}
    for name, values in (
        ("service_type", ServiceType.values),
        ("delivery_model", DeliveryModel.values),
        ("status", ServiceStatus.values),
    ):
        value = get.get(name, "")
        if value and value not in values:
            return open_data_error(f"{name} must be one of {', '.join(values)}", 400, name)
        wanted[name] = value
    group = get.get("client_group", "")
    if group:
        if not (group.isdigit() and int(group) in ClientGroup.values):
            return open_data_error("client_group must be a code from 1 to 21", 400, "client_group")
        wanted["client_group"] = int(group)
    term = get.get("taxonomy_term_id", "")
    if term:
        found = openreferral.filter_of_term(term)
        if found is None:
            return open_data_error("No such taxonomy term", 400, "taxonomy_term_id")
        wanted[found[0]] = found[1]
    partnership = None
    slug = get.get("partnership", "")
    if slug:
        partnership = Partnership.objects.filter(slug=slug[:60]).first()
        if partnership is None:
            return open_data_error("No such partnership", 400, "partnership")
    services = selectors.open_referral_services(
        selectors.ServiceFilters(**wanted), partnership=partnership
    )
    organization = get.get("organization_id", "")
    if organization:
        try:
            services = services.filter(provider__uuid=uuid.UUID(organization[:40]))
        except ValueError:
            return open_data_error("organization_id must be a UUID", 400, "organization_id")
    total = services.count()
    rows = list(services[(number - 1) * size : number * size])
    return open_data(openreferral.page(rows, total=total, number=number, size=size))


@require_GET
def open_referral_service(request: HttpRequest, service_id: uuid.UUID) -> HttpResponse:
    """``/services/{id}``: one service by its UUID."""
    policy.require(request.user, "service.view")
    service = selectors.open_referral_services().filter(uuid=service_id).first()
    if service is None:
        return open_data_error(f"No service {service_id}", 404)
    return open_data(openreferral.service_object(service))


# ---------------------------------------------------------------------------------------
# Contracts


def chosen(request: HttpRequest, name: str, values: list[str]) -> str:
    value = request.GET.get(name, "")
    return value if value in values else ""


def contract_filters(request: HttpRequest, partnership: Partnership) -> dict[str, Any]:
    """The list's filters from the address; anything not one of the choices is ignored."""
    provider = request.GET.get("provider", "")
    return {
        "status": chosen(request, "status", ContractStatus.values),
        "route": chosen(request, "route", ProcurementRoute.values),
        "form": chosen(request, "form", ContractForm.values),
        "provider_id": int(provider) if provider.isdigit() and len(provider) < 10 else None,
        "search": request.GET.get("q", "").strip()[:100],
    }


def contract_url(contract: Contract) -> str:
    return reverse("commissioning:contract-detail", args=[contract.partnership.slug, contract.pk])


@require_GET
@partnership_page("contract.view")
def contract_list(request: HttpRequest, partnership: Partnership) -> HttpResponse:
    filters = contract_filters(request, partnership)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "commissioning/contract_list.html",
        {
            "partnership": partnership,
            "page": paginate(request, selectors.contract_list(partnership, **filters)),
            "filters": filters,
            "query": query.urlencode(),
            "statuses": ContractStatus.choices,
            "routes": ProcurementRoute.choices,
            "forms": ContractForm.choices,
            "providers": selectors.provider_list(partnership).only("pk", "name"),
            "may_change": policy.may(request.user, "contract.change", partnership),
        },
    )


def contract_years(contract: Contract) -> list[tuple[int, str]]:
    first, last = financial_year_of(contract.start_date), financial_year_of(contract.end_date)
    return [(year, financial_year_label(year)) for year in range(first, last + 1)]


def status_steps(contract: Contract) -> list[Any]:
    """The lifecycle's steps that change the status (a variation keeps it: its own form)."""
    return [
        row
        for row, _ in CONTRACT.available(contract.status)
        if row.trigger in services.STATUS_TRIGGERS.values()
    ]


@require_GET
@partnership_page("contract.view")
def contract_detail(request: HttpRequest, partnership: Partnership, pk: int) -> HttpResponse:
    contract = selectors.contract_get(partnership, pk)
    values = list(contract.values.all())
    may_change = policy.may(request.user, "contract.change", partnership)
    return render(
        request,
        "commissioning/contract_detail.html",
        {
            "partnership": partnership,
            "contract": contract,
            "values": [(value, financial_year_label(value.financial_year)) for value in values],
            "total": sum((value.amount for value in values), ZERO),
            "services": sorted(contract.services.all(), key=lambda service: service.reference),
            "steps": status_steps(contract) if may_change else [],
            "may_change": may_change,
            "may_see_decision": policy.may(request.user, "decision.view", partnership),
            # Issue 16 items 6 and 7: its variations and termination, and their forms.
            "variations": list(selectors.contract_variations(contract)),
            "termination": selectors.contract_termination(contract),
            "may_vary": may_change and "vary" in CONTRACT.triggers(contract.status),
            "may_terminate": may_change and "terminate" in CONTRACT.triggers(contract.status),
        },
    )


@require_http_methods(["GET", "POST"])
@partnership_page("contract.change")
def contract_create(request: HttpRequest, partnership: Partnership) -> HttpResponse:
    def save(data: dict[str, Any]) -> str:
        contract = services.contract_create(actor=request.user, partnership=partnership, **data)
        return contract_url(contract)

    return form_page(
        request,
        ContractRecordForm(posted(request), partnership=partnership),
        save=save,
        title="Add a contract",
        done="Contract added",
        back=reverse("commissioning:contract-list", args=[partnership.slug]),
        button="Add contract",
    )


@require_http_methods(["GET", "POST"])
@partnership_page("contract.change")
def contract_update(request: HttpRequest, partnership: Partnership, pk: int) -> HttpResponse:
    contract = selectors.contract_get(partnership, pk)
    initial = {name: getattr(contract, name) for name in CONTRACT_FIELDS}
    initial["services"] = list(contract.services.all())
    return form_page(
        request,
        ContractRecordForm(
            posted(request), partnership=partnership, entering=False, initial=initial
        ),
        save=lambda data: services.contract_update(actor=request.user, contract=contract, **data),
        title=f"Change {contract.reference}",
        done="Contract changed",
        back=contract_url(contract),
        button="Save changes",
    )


@require_http_methods(["GET", "POST"])
@partnership_page("contract.change")
def contract_status(request: HttpRequest, partnership: Partnership, pk: int) -> HttpResponse:
    contract = selectors.contract_get(partnership, pk)
    statuses = [(row.next_state, row.label) for row in status_steps(contract)]
    return form_page(
        request,
        ContractStatusForm(posted(request), partnership=partnership, statuses=statuses),
        save=lambda data: services.contract_status_change(
            actor=request.user, contract=contract, **data
        ),
        title=f"Change the status of {contract.reference}",
        lead=f"It is {contract.get_status_display().lower()}.",
        done="Status changed",
        back=contract_url(contract),
        button="Change the status",
    )


@require_http_methods(["GET", "POST"])
@partnership_page("contract.change")
def contract_value_set(request: HttpRequest, partnership: Partnership, pk: int) -> HttpResponse:
    contract = selectors.contract_get(partnership, pk)
    return form_page(
        request,
        ContractValueForm(posted(request), partnership=partnership, years=contract_years(contract)),
        save=lambda data: services.contract_value_set(
            actor=request.user, contract=contract, **data
        ),
        title=f"Record a year's value of {contract.reference}",
        lead="A value already recorded for the year is replaced.",
        done="Value recorded",
        back=contract_url(contract),
        button="Record the value",
    )


@require_http_methods(["GET", "POST"])
@partnership_page("contract.change")
def contract_value_remove(
    request: HttpRequest, partnership: Partnership, pk: int, year: int
) -> HttpResponse:
    contract = selectors.contract_get(partnership, pk)
    return confirm_page(
        request,
        ConfirmForm(confirmed(request), partnership=partnership),
        save=lambda data: services.contract_value_remove(
            actor=request.user, contract=contract, financial_year=year
        ),
        title=f"Remove the value for {financial_year_label(year)}",
        follows=[
            f"{contract.reference} will have no value for {financial_year_label(year)}.",
            "The audit trail keeps what it was.",
        ],
        done="Value removed",
        back=contract_url(contract),
        button="Remove the value",
        lead=str(contract),
    )


CONTRACT_HEADER = [
    "id",
    "reference",
    "title",
    "provider",
    "provider_org_id",
    "form",
    "route",
    "department",
    "status",
    "start_date",
    "end_date",
    "review_date",
    "extension_options",
    "extension_decision_by",
    "irrecoverable_vat",
    "total_value",
    "decision_id",
    "illustrative",
]


def contract_row(contract: Contract) -> list[object]:
    return [
        contract.pk,
        contract.reference,
        contract.title,
        contract.provider.name,
        contract.provider.org_id,
        contract.form,
        contract.route,
        contract.department,
        contract.status,
        contract.start_date,
        contract.end_date,
        contract.review_date,
        contract.extension_options,
        contract.extension_decision_by,
        transparency.csv_value(contract.irrecoverable_vat),
        transparency.csv_value(getattr(contract, "total", None)),
        contract.decision_id,
        " ".join(sorted(contract.illustrative or [])),
    ]


def csv_download(rows: Any, header: list[str], filename: str) -> StreamingHttpResponse:
    response = StreamingHttpResponse(
        csv_lines(header, rows), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@expensive
@require_GET
@partnership_page("contract.view")
def contract_export(request: HttpRequest, partnership: Partnership) -> StreamingHttpResponse:
    """The contracts (filtered as the list is) as CSV, with their totals."""
    contracts = selectors.contract_list(partnership, **contract_filters(request, partnership))
    stamp = timezone.localdate().isoformat()
    return csv_download(
        (contract_row(contract) for contract in contracts.iterator(chunk_size=500)),
        CONTRACT_HEADER,
        f"accord-{partnership.slug}-contracts-{stamp}.csv",
    )


# The windows the programme team looks ahead by (issue 15 item 3: 6 or 12 months).
DUE_WINDOWS = (6, 12)


@require_GET
@partnership_page("contract.change")
def contract_due(request: HttpRequest, partnership: Partnership) -> HttpResponse:
    """Let contracts ending, or whose extension must be decided, in the next 6 or 12
    months: the programme team's list of what to decide next."""
    months = int(chosen(request, "months", [str(m) for m in DUE_WINDOWS]) or DUE_WINDOWS[0])
    today = timezone.localdate()
    return render(
        request,
        "commissioning/contract_due.html",
        {
            "partnership": partnership,
            "page": paginate(
                request, selectors.contracts_due(partnership, on=today, months=months)
            ),
            "months": months,
            "windows": DUE_WINDOWS,
            "today": today,
            "until": selectors.months_after(today, months),
        },
    )


@require_GET
@partnership_page("contract.view_transparency")
def transparency_register(request: HttpRequest, partnership: Partnership) -> HttpResponse:
    """The contracts register of the Transparency Code 2015, open to everyone."""
    page = paginate(request, selectors.transparency_register(partnership))
    return render(
        request,
        "commissioning/transparency_register.html",
        {
            "partnership": partnership,
            "page": page,
            "lines": [transparency.line(contract) for contract in page],
            "columns": transparency.COLUMNS,
            "threshold": selectors.TRANSPARENCY_THRESHOLD,
        },
    )


@expensive
@require_GET
@partnership_page("contract.view_transparency")
def transparency_export(request: HttpRequest, partnership: Partnership) -> StreamingHttpResponse:
    """The register as CSV, headed with the Code's names for its fields, and a column
    naming the values that are illustrative."""
    header = [column.heading for column in transparency.COLUMNS] + ["Illustrative"]
    keys = [column.key for column in transparency.COLUMNS]
    headings = {column.key: column.heading for column in transparency.COLUMNS}

    def rows() -> Any:
        contracts = selectors.transparency_register(partnership).iterator(chunk_size=1000)
        for contract in contracts:
            line = transparency.line(contract)
            cells = [transparency.csv_value(line.values[key]) for key in keys]
            yield [*cells, "; ".join(headings[key] for key in line.illustrative)]

    stamp = timezone.localdate().isoformat()
    return csv_download(
        rows(), header, f"accord-{partnership.slug}-transparency-contracts-{stamp}.csv"
    )

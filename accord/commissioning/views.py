"""The commissioning register's pages: providers and contracts. Anyone reads the provider
register (a public services directory); members of the partnership and its programme team
also see each provider's contact, and the contracts; the programme team changes them. The
Transparency Code's contracts register is public (accord.policy)."""

from typing import Any

from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from accord import policy
from accord.audit.services import audit_record
from accord.core.money import ZERO, financial_year_label, financial_year_of
from accord.core.ratelimit import expensive
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

from . import selectors, services, transparency
from .forms import ContractRecordForm, ContractStatusForm, ContractValueForm, ProviderForm
from .models import (
    Contract,
    ContractForm,
    ContractStatus,
    ProcurementRoute,
    Provider,
    ProviderKind,
)
from .services import CONTRACT_FIELDS, PROVIDER_FIELDS

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
    return render(
        request,
        "commissioning/provider_detail.html",
        {
            "partnership": partnership,
            "provider": provider,
            "elsewhere": selectors.provider_elsewhere(provider),
            "may_see_contacts": policy.may(request.user, "provider.view_contacts", provider),
            "may_change": policy.may(request.user, "provider.change", provider),
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
            "steps": [row for row, _ in CONTRACT.available(contract.status)] if may_change else [],
            "may_change": may_change,
            "may_see_decision": policy.may(request.user, "decision.view", partnership),
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
    statuses = [(row.next_state, row.label) for row, _ in CONTRACT.available(contract.status)]
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

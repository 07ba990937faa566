"""The commissioning register's pages: providers. Anyone reads the register (a public
services directory); members of the partnership and its programme team also see each
provider's contact; the programme team changes it (accord.policy)."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from accord import policy
from accord.audit.services import audit_record
from accord.core.ratelimit import expensive
from accord.partnerships.exports import csv_text
from accord.partnerships.models import Partnership
from accord.partnerships.web import form_page, paginate, partnership_page, posted

from . import selectors, services
from .forms import ProviderForm
from .models import Provider, ProviderKind
from .services import PROVIDER_FIELDS

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

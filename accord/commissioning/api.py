"""The commissioning register in the JSON API: what its pages show and do.

The provider register is public (no sign-in needed to read it); a provider's contact is
shown only to callers who may see it (members of the partnership and its programme team),
``null`` otherwise; the programme team adds and changes providers. Lists are paged
(``limit``, ``offset``; ``accord.partnerships.endpoints``).
"""

from typing import Annotated, Any

from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from ninja import Field, Schema, Status

from accord import policy
from accord.core.schemas import Text
from accord.partnerships.endpoints import (
    CHANGE_ERRORS,
    CREATE_ERRORS,
    SIGNED_IN,
    VERSIONED_CHANGE,
    VERSIONED_READ,
    IllustrativeFields,
    Router,
    example,
    partnership_from,
    replies,
    require_version,
    send_version,
)

from . import selectors, services
from .models import Provider, ProviderKind
from .registration import CHARITY_NUMBER_HELP, COMPANY_NUMBER_HELP

router = Router(tags=["commissioning"])


class ProviderIn(Schema):
    model_config = example(
        {
            "name": "Cotswold Housing Support Trust",
            "trading_names": "Cotswold Floating Support",
            "kind": "voluntary",
            "company_number": "04123456",
            "charity_number": "1087654",
            "address_line_1": "12 Sheep Street",
            "town": "Cirencester",
            "postcode": "GL7 1QW",
            "contact_name": "Services Manager",
            "contact_email": "services@cotswold-support.example",
        }
    )
    name: Annotated[str, Text(200, blank=False)] = Field(description="The legal name")
    trading_names: Annotated[str, Text(500)] = Field("", description="Other names, one a line")
    kind: ProviderKind
    company_number: Annotated[str, Text(8)] = Field(
        "", description=f"Companies House number: {COMPANY_NUMBER_HELP}"
    )
    charity_number: Annotated[str, Text(11)] = Field(
        "", description=f"Charity number: {CHARITY_NUMBER_HELP}"
    )
    address_line_1: Annotated[str, Text(200, blank=False)]
    address_line_2: Annotated[str, Text(200)] = ""
    town: Annotated[str, Text(100, blank=False)]
    postcode: Annotated[str, Text(8, blank=False)] = Field(
        description="A UK postcode, e.g. GL7 1QW"
    )
    contact_name: Annotated[str, Text(200)] = ""
    contact_job_title: Annotated[str, Text(200)] = ""
    contact_email: Annotated[str, Text(254)] = ""
    contact_phone: Annotated[str, Text(30)] = ""


class ContactOut(Schema):
    name: str
    job_title: str
    email: str
    phone: str


class ProviderOut(Schema):
    id: int
    name: str
    trading_names: list[str]
    kind: ProviderKind
    company_number: str
    charity_number: str
    org_id: str = Field(
        description="The organisation's identifier (org-id.guide: GB-COH, GB-CHC, GB-SC, "
        "GB-NIC) from its registration number: the same organisation in another "
        "partnership has the same one; empty when it has no registration number"
    )
    address_line_1: str
    address_line_2: str
    town: str
    postcode: str
    contact: ContactOut | None = Field(
        description="The main contact, for members of the partnership and its programme "
        "team; null for everyone else"
    )
    illustrative: IllustrativeFields

    @staticmethod
    def resolve_trading_names(provider: Provider) -> list[str]:
        return provider.trading_name_list

    @staticmethod
    def resolve_contact(provider: Provider, context: dict[str, Any]) -> ContactOut | None:
        if not policy.may(context["request"].user, "provider.view_contacts", provider):
            return None
        return ContactOut(
            name=provider.contact_name,
            job_title=provider.contact_job_title,
            email=provider.contact_email,
            phone=provider.contact_phone,
        )

    @staticmethod
    def resolve_illustrative(provider: Provider, context: dict[str, Any]) -> list[str]:
        """Its illustrative fields; a contact's (``contact_*``) as ``contact``, for those
        who see it."""
        marked = provider.illustrative or []
        names = [name for name in marked if not name.startswith("contact_")]
        if any(name.startswith("contact_") for name in marked) and policy.may(
            context["request"].user, "provider.view_contacts", provider
        ):
            names.append("contact")
        shown = ProviderOut.model_fields
        return [name for name in shown if name in names]


class ElsewhereOut(Schema):
    partnership: str = Field(description="The other partnership's slug")
    partnership_name: str
    provider_id: int
    name: str


@router.get(
    "/partnerships/{slug}/providers",
    response=replies({200: list[ProviderOut]}),
    summary="The partnership's providers (public; filter by kind)",
)
def provider_list(
    request: HttpRequest, slug: str, kind: ProviderKind | None = None
) -> QuerySet[Provider]:
    partnership = partnership_from(request, slug, "provider.view")
    return selectors.provider_list(partnership, kind=kind.value if kind else "")


@router.post(
    "/partnerships/{slug}/providers",
    response=replies({201: ProviderOut}, CREATE_ERRORS),
    auth=SIGNED_IN,
    summary="Add a provider",
)
def provider_create(request: HttpRequest, slug: str, payload: ProviderIn) -> Status[Provider]:
    partnership = partnership_from(request, slug, "provider.change")
    provider = services.provider_create(
        actor=request.user, partnership=partnership, **payload.model_dump()
    )
    return Status(201, provider)


@router.get(
    "/partnerships/{slug}/providers/{provider_id}",
    response=replies({200: ProviderOut}),
    openapi_extra=VERSIONED_READ,
    summary="One provider (public), with its version (ETag)",
)
def provider_detail(
    request: HttpRequest, response: HttpResponse, slug: str, provider_id: int
) -> Provider:
    partnership = partnership_from(request, slug, "provider.view")
    provider = selectors.provider_get(partnership, provider_id)
    send_version(response, provider)
    return provider


@router.put(
    "/partnerships/{slug}/providers/{provider_id}",
    response=replies({200: ProviderOut}, CHANGE_ERRORS),
    auth=SIGNED_IN,
    openapi_extra=VERSIONED_CHANGE,
    summary="Change a provider's record (every field, as read)",
)
def provider_update(
    request: HttpRequest,
    response: HttpResponse,
    slug: str,
    provider_id: int,
    payload: ProviderIn,
) -> Provider:
    partnership = partnership_from(request, slug, "provider.change")
    provider = selectors.provider_get(partnership, provider_id)
    with transaction.atomic():
        provider = require_version(request, provider)
        provider = services.provider_update(
            actor=request.user, provider=provider, **payload.model_dump()
        )
    send_version(response, provider)
    return provider


@router.get(
    "/partnerships/{slug}/providers/{provider_id}/elsewhere",
    response=replies({200: list[ElsewhereOut]}),
    summary="The same organisation (by registration number) in the installation's other "
    "partnerships, for benchmarking (public)",
)
def provider_elsewhere(request: HttpRequest, slug: str, provider_id: int) -> list[ElsewhereOut]:
    partnership = partnership_from(request, slug, "provider.view")
    provider = selectors.provider_get(partnership, provider_id)
    return [
        ElsewhereOut(
            partnership=other.partnership.slug,
            partnership_name=other.partnership.name,
            provider_id=other.pk,
            name=other.name,
        )
        for other in selectors.provider_elsewhere(provider)
    ]

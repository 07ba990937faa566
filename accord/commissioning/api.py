"""The commissioning register in the JSON API: what its pages show and do.

The provider register is public (no sign-in needed to read it); a provider's contact is
shown only to callers who may see it (members of the partnership and its programme team),
``null`` otherwise; the programme team adds and changes providers. Lists are paged
(``limit``, ``offset``; ``accord.partnerships.endpoints``).
"""

import datetime
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal
from typing import Annotated, Any, Literal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from ninja import Field, File, Schema, Status
from ninja.files import UploadedFile
from pydantic import StringConstraints, WithJsonSchema

from accord import policy
from accord.core.errors import error_body
from accord.core.money import financial_year_label
from accord.core.schemas import PlausibleDate, Text
from accord.core.text import NAME, NOTE, TITLE
from accord.decisions.models import Proposal
from accord.governance.models import Partner
from accord.partnerships.endpoints import (
    CHANGE_ERRORS,
    CREATE_ERRORS,
    READ_ERRORS,
    SIGNED_IN,
    VERSIONED_CHANGE,
    VERSIONED_READ,
    VERSIONED_RECORD,
    IllustrativeFields,
    Router,
    etag_of,
    example,
    illustrative_in,
    partnership_from,
    replies,
    require_version,
    require_version_if_recorded,
    send_version,
)
from accord.partnerships.models import Partnership
from accord.partnerships.selectors import get_in

from . import selectors, services, transparency
from .evidence import MAX_BYTES, FileRefused, Problem
from .models import (
    CapacityUnit,
    ClientGroup,
    Contract,
    ContractForm,
    ContractStatus,
    ContractValue,
    Dataset,
    DatasetKind,
    DatasetUnit,
    DeliveryModel,
    Figure,
    ProcurementRoute,
    Provider,
    ProviderKind,
    Service,
    ServiceChange,
    ServiceLocation,
    ServiceStatus,
    ServiceTerm,
    ServiceType,
)
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


# ---------------------------------------------------------------------------------------
# The services directory: public to read, the programme team's to change.

# The service's names for its relations, as the API's input names them.
INPUT_NAMES = {"provider": "provider_id", "districts": "district_ids", "decision": "decision_id"}


@contextmanager
def named_for_the_api() -> Iterator[None]:
    """A service's refusal naming the API's field (``provider_id``, not ``provider``)."""
    try:
        yield
    except ValidationError as error:
        if not hasattr(error, "error_dict"):
            raise
        raise ValidationError(
            {INPUT_NAMES.get(name, name): problems for name, problems in error.error_dict.items()}
        ) from None


class ServiceIn(Schema):
    model_config = example(
        {
            "reference": "OXON-0042",
            "provider_id": 1,
            "name": "Resident wardens in sheltered housing",
            "service_type": "sheltered",
            "term": "long",
            "delivery_model": "accommodation",
            "primary_client_group": 1,
            "secondary_client_groups": [3],
            "capacity": 480,
            "capacity_unit": "units",
            "district_ids": [6],
            "start_date": "2003-04-01",
            "status": "commissioned",
        }
    )
    reference: Annotated[str, Text(24, blank=False)] = Field(
        description="Unique in the installation: capital letters and digits with one dash, "
        "e.g. GLOS-0042 (the key providers quote in their returns)"
    )
    provider_id: int = Field(description="A provider of this partnership")
    name: Annotated[str, Text(NAME, blank=False)]
    description: Annotated[str, Text(NOTE)] = ""
    service_type: ServiceType
    term: ServiceTerm = Field(description="short: under two years, people move on")
    delivery_model: DeliveryModel = Field(
        description="Only accommodation-based services have locations"
    )
    primary_client_group: ClientGroup = Field(description="A client-group code (1 to 21)")
    secondary_client_groups: list[ClientGroup] = Field(
        [], max_length=21, description="Other client-group codes; not the primary one"
    )
    capacity: int = Field(ge=0, le=1_000_000, description="Contracted capacity")
    capacity_unit: CapacityUnit
    district_ids: list[int] = Field(
        [], max_length=100, description="Partners of this partnership whose areas it covers"
    )
    eligibility: Annotated[str, Text(NOTE)] = ""
    referral_route: Annotated[str, Text(NOTE)] = ""
    start_date: PlausibleDate
    end_date: PlausibleDate | None = Field(None, description="Not before the start date")
    status: ServiceStatus = ServiceStatus.PLANNED
    decision_id: int | None = Field(
        None,
        description="The carried decision behind the change (needed when the status "
        "changes); an entry of the service's history names it",
    )
    changed_on: PlausibleDate | None = Field(
        None, description="The date of the change for the history; today when omitted"
    )
    summary: Annotated[str, Text(NOTE)] = Field(
        "", description="What changed and why, for the history"
    )


class NamedRef(Schema):
    id: int
    name: str


class DecisionRef(Schema):
    id: int
    title: str


class ServiceOut(Schema):
    id: int
    uuid: str = Field(description="Its Open Referral id (/openreferral/services/{uuid})")
    reference: str
    name: str
    description: str
    provider: NamedRef
    service_type: ServiceType
    term: ServiceTerm
    delivery_model: DeliveryModel
    primary_client_group: ClientGroup
    secondary_client_groups: list[ClientGroup]
    capacity: int
    capacity_unit: CapacityUnit
    districts: list[NamedRef]
    eligibility: str
    referral_route: str
    start_date: datetime.date
    end_date: datetime.date | None
    status: ServiceStatus
    status_decision: DecisionRef | None = Field(
        description="The decision that gave the service its status, when there is one"
    )
    illustrative: IllustrativeFields

    @staticmethod
    def resolve_uuid(service: Service) -> str:
        return str(service.uuid)

    @staticmethod
    def resolve_provider(service: Service) -> NamedRef:
        return NamedRef(id=service.provider.pk, name=service.provider.name)

    @staticmethod
    def resolve_secondary_client_groups(service: Service) -> list[int]:
        return sorted(group.code for group in service.secondary_groups.all())

    @staticmethod
    def resolve_districts(service: Service) -> list[NamedRef]:
        return [NamedRef(id=p.pk, name=p.name) for p in service.districts.all()]

    @staticmethod
    def resolve_status_decision(service: Service) -> DecisionRef | None:
        decision = service.status_decision
        return None if decision is None else DecisionRef(id=decision.pk, title=decision.title)

    @staticmethod
    def resolve_illustrative(service: Service) -> list[str]:
        return illustrative_in(ServiceOut, service)


class FieldChangeOut(Schema):
    field: str = Field(description="The field changed, as ServiceIn names it, or locations")
    before: str | int | list[str | int] | None
    after: str | int | list[str | int] | None


class ServiceChangeOut(Schema):
    id: int
    changed_on: datetime.date
    summary: str
    changes: list[FieldChangeOut]
    decision: DecisionRef | None = Field(description="The decision behind the change")
    illustrative: IllustrativeFields

    @staticmethod
    def resolve_changes(change: ServiceChange) -> list[FieldChangeOut]:
        return [
            FieldChangeOut(field=name, before=pair[0], after=pair[1])
            for name, pair in (change.changes or {}).items()
        ]

    @staticmethod
    def resolve_decision(change: ServiceChange) -> DecisionRef | None:
        decision = change.decision
        return None if decision is None else DecisionRef(id=decision.pk, title=decision.title)

    @staticmethod
    def resolve_illustrative(change: ServiceChange) -> list[str]:
        return illustrative_in(ServiceChangeOut, change)


class LocationIn(Schema):
    model_config = example(
        {
            "name": "Marriotts Close",
            "address_line_1": "Marriotts Close",
            "town": "Witney",
            "postcode": "OX28 6DL",
            "units": 34,
        }
    )
    name: Annotated[str, Text(NAME, blank=False)]
    address_line_1: Annotated[str, Text(200, blank=False)]
    address_line_2: Annotated[str, Text(200)] = ""
    town: Annotated[str, Text(100, blank=False)]
    postcode: Annotated[str, Text(8, blank=False)] = Field(
        description="A UK postcode, e.g. OX28 6DL"
    )
    units: int | None = Field(None, ge=0, le=100_000)


class LocationOut(Schema):
    id: int
    uuid: str
    name: str
    address_line_1: str
    address_line_2: str
    town: str
    postcode: str
    units: int | None
    illustrative: IllustrativeFields

    @staticmethod
    def resolve_uuid(location: ServiceLocation) -> str:
        return str(location.uuid)

    @staticmethod
    def resolve_illustrative(location: ServiceLocation) -> list[str]:
        return illustrative_in(LocationOut, location)


def service_arguments(partnership: Partnership, payload: ServiceIn) -> dict[str, Any]:
    """The service's arguments from the input: rows named by id, from this partnership
    only (422 naming the field otherwise)."""
    values = payload.model_dump(exclude={"provider_id", "district_ids", "decision_id"})
    values["provider"] = selectors.provider_get(
        partnership, payload.provider_id, field="provider_id"
    )
    values["districts"] = [
        get_in(partnership, Partner, pk, field="district_ids") for pk in payload.district_ids
    ]
    values["decision"] = (
        None
        if payload.decision_id is None
        else get_in(partnership, Proposal, payload.decision_id, field="decision_id")
    )
    values["primary_client_group"] = int(payload.primary_client_group)
    values["secondary_client_groups"] = [int(code) for code in payload.secondary_client_groups]
    return values


@router.get(
    "/partnerships/{slug}/services",
    response=replies({200: list[ServiceOut]}),
    summary="The services directory (public), filtered and paged",
)
def service_list(
    request: HttpRequest,
    slug: str,
    client_group: ClientGroup | None = None,
    service_type: ServiceType | None = None,
    delivery_model: DeliveryModel | None = None,
    district_id: int | None = None,
    status: ServiceStatus | None = None,
    q: Annotated[str, Text(100)] = "",
) -> QuerySet[Service]:
    partnership = partnership_from(request, slug, "service.view")
    filters = selectors.ServiceFilters(
        client_group=int(client_group) if client_group else None,
        service_type=service_type.value if service_type else "",
        delivery_model=delivery_model.value if delivery_model else "",
        district=district_id,
        status=status.value if status else "",
        text=q,
    )
    return selectors.service_list(partnership, filters).select_related("status_decision")


@router.post(
    "/partnerships/{slug}/services",
    response=replies({201: ServiceOut}, CREATE_ERRORS),
    auth=SIGNED_IN,
    summary="Add a service to the directory",
)
def service_create(request: HttpRequest, slug: str, payload: ServiceIn) -> Status[Service]:
    partnership = partnership_from(request, slug, "service.change")
    with named_for_the_api():
        service = services.service_create(
            actor=request.user, partnership=partnership, **service_arguments(partnership, payload)
        )
    return Status(201, selectors.service_get(partnership, service.pk))


@router.get(
    "/partnerships/{slug}/services/{service_id}",
    response=replies({200: ServiceOut}),
    openapi_extra=VERSIONED_READ,
    summary="One service (public), with its version (ETag)",
)
def service_detail(
    request: HttpRequest, response: HttpResponse, slug: str, service_id: int
) -> Service:
    partnership = partnership_from(request, slug, "service.view")
    service = selectors.service_get(partnership, service_id)
    send_version(response, service)
    return service


@router.put(
    "/partnerships/{slug}/services/{service_id}",
    response=replies({200: ServiceOut}, CHANGE_ERRORS),
    auth=SIGNED_IN,
    openapi_extra=VERSIONED_CHANGE,
    summary="Change a service (every field, as read); each change is an entry of its "
    "history, and a change of status needs a carried decision (decision_id)",
)
def service_update(
    request: HttpRequest, response: HttpResponse, slug: str, service_id: int, payload: ServiceIn
) -> Service:
    partnership = partnership_from(request, slug, "service.change")
    service = selectors.service_get(partnership, service_id)
    with transaction.atomic(), named_for_the_api():
        service = require_version(request, service)
        service = services.service_update(
            actor=request.user, service=service, **service_arguments(partnership, payload)
        )
    service = selectors.service_get(partnership, service.pk)
    send_version(response, service)
    return service


@router.get(
    "/partnerships/{slug}/services/{service_id}/history",
    response=replies({200: list[ServiceChangeOut]}),
    summary="A service's history (public): every change, oldest first, with the decision "
    "behind each",
)
def service_history(request: HttpRequest, slug: str, service_id: int) -> QuerySet[ServiceChange]:
    partnership = partnership_from(request, slug, "service.view")
    return selectors.service_history(selectors.service_get(partnership, service_id))


@router.get(
    "/partnerships/{slug}/services/{service_id}/locations",
    response=replies({200: list[LocationOut]}),
    summary="Where an accommodation-based service is delivered (public)",
)
def location_list(request: HttpRequest, slug: str, service_id: int) -> QuerySet[ServiceLocation]:
    partnership = partnership_from(request, slug, "service.view")
    return selectors.service_locations(selectors.service_get(partnership, service_id))


@router.post(
    "/partnerships/{slug}/services/{service_id}/locations",
    response=replies({201: LocationOut}, CREATE_ERRORS),
    auth=SIGNED_IN,
    summary="Add a location to an accommodation-based service",
)
def location_create(
    request: HttpRequest, slug: str, service_id: int, payload: LocationIn
) -> Status[ServiceLocation]:
    partnership = partnership_from(request, slug, "service.change")
    service = selectors.service_get(partnership, service_id)
    location = services.location_add(actor=request.user, service=service, **payload.model_dump())
    return Status(201, location)


@router.get(
    "/partnerships/{slug}/services/{service_id}/locations/{location_id}",
    response=replies({200: LocationOut}),
    openapi_extra=VERSIONED_READ,
    summary="One location of a service (public), with its version (ETag)",
)
def location_detail(
    request: HttpRequest, response: HttpResponse, slug: str, service_id: int, location_id: int
) -> ServiceLocation:
    partnership = partnership_from(request, slug, "service.view")
    service = selectors.service_get(partnership, service_id)
    location = selectors.location_get(service, location_id)
    send_version(response, location)
    return location


@router.put(
    "/partnerships/{slug}/services/{service_id}/locations/{location_id}",
    response=replies({200: LocationOut}, CHANGE_ERRORS),
    auth=SIGNED_IN,
    openapi_extra=VERSIONED_CHANGE,
    summary="Change a location (every field, as read)",
)
def location_update(
    request: HttpRequest,
    response: HttpResponse,
    slug: str,
    service_id: int,
    location_id: int,
    payload: LocationIn,
) -> ServiceLocation:
    partnership = partnership_from(request, slug, "service.change")
    service = selectors.service_get(partnership, service_id)
    location = selectors.location_get(service, location_id)
    with transaction.atomic():
        location = require_version(request, location)
        location = services.location_update(
            actor=request.user, location=location, **payload.model_dump()
        )
    send_version(response, location)
    return location


@router.delete(
    "/partnerships/{slug}/services/{service_id}/locations/{location_id}",
    response=replies({204: None}, CHANGE_ERRORS),
    auth=SIGNED_IN,
    openapi_extra={"parameters": VERSIONED_CHANGE["parameters"]},
    summary="Remove a location (the service's history keeps it)",
)
def location_remove(
    request: HttpRequest, slug: str, service_id: int, location_id: int
) -> Status[None]:
    partnership = partnership_from(request, slug, "service.change")
    service = selectors.service_get(partnership, service_id)
    location = selectors.location_get(service, location_id)
    with transaction.atomic():
        location = require_version(request, location)
        services.location_remove(actor=request.user, location=location)
    return Status(204, None)


# ---------------------------------------------------------------------------------------
# Needs evidence (issue 15 item 4): datasets, their figures (paged), the CSV import.


class DatasetIn(Schema):
    model_config = example(
        {
            "kind": "homelessness",
            "title": "Statutory homelessness acceptances",
            "source": "The districts' P1E returns",
            "unit": "households",
            "description": "Households accepted as homeless and in priority need, by district",
            "is_public": True,
        }
    )
    kind: DatasetKind
    title: Annotated[str, Text(TITLE, blank=False)]
    source: Annotated[str, Text(NAME, blank=False)] = Field(
        description="Where the figures come from"
    )
    unit: DatasetUnit = Field(description="What the figures count (people, households and "
                              "units are whole numbers)")  # fmt: skip
    description: Annotated[str, Text(NOTE)] = ""
    is_public: bool = Field(
        False, description="Anyone may read it; otherwise members and the programme team"
    )


class DatasetOut(Schema):
    id: int
    kind: DatasetKind
    title: str
    source: str
    unit: DatasetUnit
    description: str
    is_public: bool
    figure_count: int = Field(description="Figures the dataset holds")
    first_year: str | None = Field(description="The first financial year it covers (2004/05)")
    last_year: str | None = Field(description="The last financial year it covers")
    illustrative: IllustrativeFields

    @staticmethod
    def resolve_first_year(dataset: Dataset) -> str | None:
        year = getattr(dataset, "first_year", None)
        return financial_year_label(year) if year is not None else None

    @staticmethod
    def resolve_last_year(dataset: Dataset) -> str | None:
        year = getattr(dataset, "last_year", None)
        return financial_year_label(year) if year is not None else None

    @staticmethod
    def resolve_illustrative(dataset: Dataset) -> list[str]:
        return illustrative_in(DatasetOut, dataset)


# A figure, exactly, as a string: digits with at most two decimal places.
FigureValue = Annotated[
    str,
    Field(
        pattern=r"^[0-9]{1,12}(\.[0-9]{1,2})?$",
        max_length=15,
        description='The figure, exact, as a string (e.g. "1200.00"), never negative',
    ),
]


# Contracts

MONEY_PATTERN = r"^[0-9]{1,12}(\.[0-9]{1,2})?$"
# An amount of pounds and pence sent as a string ("29200000.00"), never a float.
Money = Annotated[
    str,
    StringConstraints(strip_whitespace=True, max_length=15, pattern=MONEY_PATTERN),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": MONEY_PATTERN,
            "minLength": 1,
            "maxLength": 15,
            "description": "Pounds and pence, 0 or more, as a string",
            "example": "1250000.00",
        }
    ),
]


class FigureOut(Schema):
    id: int
    financial_year: str = Field(description="The financial year, e.g. 2004/05")
    district_id: int | None = Field(description="The district council partner; null for the "
                                    "whole area")  # fmt: skip
    district: str | None = Field(description="The district's name; null for the whole area")
    client_group: int | None = Field(
        ge=1, le=21, description="The Client Record's client-group code (1 to 21), or null"
    )
    category: str
    value: FigureValue
    illustrative: IllustrativeFields

    @staticmethod
    def resolve_financial_year(figure: Figure) -> str:
        return financial_year_label(figure.financial_year)

    @staticmethod
    def resolve_district(figure: Figure) -> str | None:
        return figure.district.name if figure.district else None

    @staticmethod
    def resolve_value(figure: Figure) -> str:
        return f"{figure.value:.2f}"

    @staticmethod
    def resolve_illustrative(figure: Figure) -> list[str]:
        return illustrative_in(FigureOut, figure)


class ImportOut(Schema):
    dataset_id: int
    figures: int = Field(description="Figures stored from the file")
    years: list[str] = Field(description="The financial years the file covered, whose "
                             "figures it replaced")  # fmt: skip
    replaced: int = Field(description="Figures the dataset held for those years before")


def dataset_readable(request: HttpRequest, slug: str, dataset_id: int, action: str) -> Dataset:
    """The dataset, once the policy lets the caller read it (404 otherwise: a private
    dataset does not exist for the public) and do ``action`` to it."""
    partnership = partnership_from(request, slug, None)
    dataset = selectors.dataset_get(partnership, dataset_id)
    policy.require(request.user, "evidence.view", dataset, not_found="No such dataset")
    if action != "evidence.view":
        policy.require(request.user, action, dataset)
    return dataset


@router.get(
    "/partnerships/{slug}/evidence",
    response=replies({200: list[DatasetOut]}),
    summary="The partnership's datasets of needs evidence (the public ones for the public)",
)
def dataset_list(request: HttpRequest, slug: str) -> QuerySet[Dataset]:
    partnership = partnership_from(request, slug, "partnership.view")
    sees_all = policy.may(request.user, "evidence.view", partnership)
    return selectors.dataset_list(partnership, public_only=not sees_all)


@router.post(
    "/partnerships/{slug}/evidence",
    response=replies({201: DatasetOut}, CREATE_ERRORS),
    auth=SIGNED_IN,
    summary="Add a dataset of needs evidence (empty until figures are imported)",
)
def dataset_create(request: HttpRequest, slug: str, payload: DatasetIn) -> Status[Dataset]:
    partnership = partnership_from(request, slug, "evidence.change")
    dataset = services.dataset_create(
        actor=request.user, partnership=partnership, **payload.model_dump()
    )
    return Status(201, dataset_annotated(partnership, dataset.pk))


def dataset_annotated(partnership: Partnership, pk: int) -> Dataset:
    return selectors.dataset_list(partnership, public_only=False).get(pk=pk)


@router.get(
    "/partnerships/{slug}/evidence/{dataset_id}",
    response=replies({200: DatasetOut}),
    openapi_extra=VERSIONED_READ,
    summary="One dataset, with its version (ETag)",
)
def dataset_detail(
    request: HttpRequest, response: HttpResponse, slug: str, dataset_id: int
) -> Dataset:
    dataset = dataset_readable(request, slug, dataset_id, "evidence.view")
    send_version(response, dataset)
    return dataset_annotated(dataset.partnership, dataset.pk)


@router.put(
    "/partnerships/{slug}/evidence/{dataset_id}",
    response=replies({200: DatasetOut}, CHANGE_ERRORS),
    auth=SIGNED_IN,
    openapi_extra=VERSIONED_CHANGE,
    summary="Change what a dataset says of itself (every field, as read)",
)
def dataset_update(
    request: HttpRequest,
    response: HttpResponse,
    slug: str,
    dataset_id: int,
    payload: DatasetIn,
) -> Dataset:
    dataset = dataset_readable(request, slug, dataset_id, "evidence.change")
    with transaction.atomic():
        dataset = require_version(request, dataset)
        dataset = services.dataset_update(
            actor=request.user, dataset=dataset, **payload.model_dump()
        )
    send_version(response, dataset)
    return dataset_annotated(dataset.partnership, dataset.pk)


@router.get(
    "/partnerships/{slug}/evidence/{dataset_id}/figures",
    response=replies({200: list[FigureOut]}),
    summary="A dataset's figures, by year, district, client group and category (paged)",
)
def figure_list(request: HttpRequest, slug: str, dataset_id: int) -> QuerySet[Figure]:
    dataset = dataset_readable(request, slug, dataset_id, "evidence.view")
    return selectors.dataset_figures(dataset)


@router.post(
    "/partnerships/{slug}/evidence/{dataset_id}/figures",
    response=replies({200: ImportOut}, CREATE_ERRORS),
    auth=SIGNED_IN,
    summary="Import a CSV file of figures (multipart/form-data: file), all or nothing",
    description="The file's columns are financial_year, district, client_group, category "
    f"and value (the page's template); UTF-8, at most {MAX_BYTES // 1_000_000} MB. Every row "
    "is checked first: a file with any problem stores nothing and answers 422 with each "
    "problem's row and column in `error.problems`. A good file's years replace the figures "
    "the dataset held for those years.",
)
def dataset_import(
    request: HttpRequest, slug: str, dataset_id: int, file: File[UploadedFile]
) -> Status[Any]:
    dataset = dataset_readable(request, slug, dataset_id, "evidence.import")
    if (file.size or 0) > MAX_BYTES:
        refusal = FileRefused([Problem(f"The file is larger than {MAX_BYTES // 1_000_000} MB")])
    else:
        try:
            imported = services.dataset_import(
                actor=request.user, dataset=dataset, content=file.read(), name=file.name or ""
            )
        except FileRefused as error:
            refusal = error
        else:
            return Status(
                200,
                ImportOut(
                    dataset_id=dataset.pk,
                    figures=imported.figures,
                    years=[financial_year_label(year) for year in imported.years],
                    replaced=imported.replaced,
                ),
            )
    body = error_body(refusal.code, refusal.message, refusal.field)
    body["error"]["problems"] = [  # type: ignore[index]
        {"row": problem.row, "column": problem.column, "message": problem.message}
        for problem in refusal.problems
    ]
    return Status(422, body)


def money_text(value: Decimal | int | None) -> str:
    """An amount as the API writes it: pounds and pence, "1250000.00"."""
    return f"{Decimal(value or 0):.2f}"


# How far ahead the programme team looks (issue 15 item 3: 6 or 12 months).
DUE_MONTHS = (6, 12)


CONTRACT_EXAMPLE: dict[str, Any] = {
    "reference": "GLOS-C-2004-001",
    "title": "Sheltered housing support, Cheltenham",
    "provider_id": 1,
    "service_ids": [],
    "form": "block",
    "route": "tender",
    "department": "Supporting People Team",
    "start_date": "2004-04-01",
    "end_date": "2009-03-31",
    "review_date": "2006-04-01",
    "extension_options": "Two further years, one at a time",
    "extension_decision_by": "2008-09-30",
    "irrecoverable_vat": "0.00",
    "decision_id": None,
}


class ContractIn(Schema):
    model_config = example(CONTRACT_EXAMPLE)
    reference: Annotated[str, Text(40, blank=False)]
    title: Annotated[str, Text(TITLE, blank=False)]
    provider_id: int
    service_ids: list[int] = Field(
        [], max_length=1000, description="The services it covers: its provider's"
    )
    form: ContractForm
    route: ProcurementRoute
    department: Annotated[str, Text(NAME, blank=False)] = Field(
        description="The council department or team that manages the contract"
    )
    start_date: PlausibleDate
    end_date: PlausibleDate
    review_date: PlausibleDate | None = None
    extension_options: Annotated[str, Text(NAME)] = ""
    extension_decision_by: PlausibleDate | None = None
    irrecoverable_vat: Money = Field("0.00", description="VAT that cannot be recovered")
    decision_id: int | None = Field(
        None,
        description="The carried decision that authorised letting it: a tender award for "
        "a tendered contract, an instruction to contract for one let without a tender; "
        "required unless the contract is planned",
    )


class ContractCreateIn(ContractIn):
    model_config = example({**CONTRACT_EXAMPLE, "status": "planned"})
    status: Literal["planned", "let", "ended", "terminated"] = Field(
        "planned", description="Planned, or entered as let (or ended) with its decision"
    )


class ServiceRefOut(Schema):
    id: int
    reference: str
    name: str


class ContractValueOut(Schema):
    financial_year: int = Field(description="The year it starts in: 2004 for 2004/05")
    label: str = Field(description="The financial year as people write it, 2004/05")
    amount: str = Field(description="Pounds and pence")
    version: str = Field(description="Its ETag, to send as If-Match when changing it")
    illustrative: IllustrativeFields

    @staticmethod
    def resolve_label(value: ContractValue) -> str:
        return financial_year_label(value.financial_year)

    @staticmethod
    def resolve_amount(value: ContractValue) -> str:
        return money_text(value.amount)

    @staticmethod
    def resolve_version(value: ContractValue) -> str:
        return etag_of(value)

    @staticmethod
    def resolve_illustrative(value: ContractValue) -> list[str]:
        return illustrative_in(ContractValueOut, value)


class ContractOut(Schema):
    id: int
    reference: str
    title: str
    provider_id: int
    provider_name: str
    services: list[ServiceRefOut]
    form: ContractForm
    route: ProcurementRoute
    department: str
    start_date: datetime.date
    end_date: datetime.date
    review_date: datetime.date | None
    extension_options: str
    extension_decision_by: datetime.date | None
    irrecoverable_vat: str = Field(description="Pounds and pence")
    status: ContractStatus
    decision_id: int | None
    values: list[ContractValueOut] = Field(description="Its value in each financial year")
    total_value: str = Field(description="The sum of its annual values: pounds and pence")
    illustrative: IllustrativeFields

    @staticmethod
    def resolve_provider_name(contract: Contract) -> str:
        return contract.provider.name

    @staticmethod
    def resolve_services(contract: Contract) -> list[Service]:
        return sorted(contract.services.all(), key=lambda service: service.reference)

    @staticmethod
    def resolve_irrecoverable_vat(contract: Contract) -> str:
        return money_text(contract.irrecoverable_vat)

    @staticmethod
    def resolve_values(contract: Contract) -> list[ContractValue]:
        return sorted(contract.values.all(), key=lambda value: value.financial_year)

    @staticmethod
    def resolve_total_value(contract: Contract) -> str:
        return money_text(sum(value.amount for value in contract.values.all()))

    @staticmethod
    def resolve_illustrative(contract: Contract) -> list[str]:
        return illustrative_in(ContractOut, contract, provider="provider_id")


class ContractStatusIn(Schema):
    model_config = example({"status": "let", "decision_id": 7})
    status: Literal["let", "ended", "terminated"] = Field(description="The status it moves to")
    decision_id: int | None = Field(
        None, description="The carried decision that authorised letting it, where it names none"
    )


class ContractValueIn(Schema):
    model_config = example({"amount": "1250000.00"})
    amount: Money


def contract_rows(partnership: Any, **filters: Any) -> QuerySet[Contract]:
    return selectors.contract_list(partnership, **filters).prefetch_related("values", "services")


def contract_inputs(partnership: Any, payload: ContractIn) -> dict[str, Any]:
    """The service's arguments from the body: the rows it names fetched in the partnership
    (another partnership's, or none, refused naming the field)."""
    data = payload.model_dump(exclude={"provider_id", "service_ids", "decision_id", "status"})
    data["provider"] = selectors.provider_get(partnership, payload.provider_id, field="provider_id")
    data["services"] = [
        get_in(partnership, Service, pk, field="service_ids") for pk in payload.service_ids
    ]
    data["decision"] = (
        None
        if payload.decision_id is None
        else get_in(partnership, Proposal, payload.decision_id, field="decision_id")
    )
    return data


@router.get(
    "/partnerships/{slug}/contracts",
    response=replies({200: list[ContractOut]}, READ_ERRORS),
    auth=SIGNED_IN,
    summary="The partnership's contracts, with their values (filter by status, route, form, "
    "provider; q searches reference and title)",
)
def contract_list(
    request: HttpRequest,
    slug: str,
    status: ContractStatus | None = None,
    route: ProcurementRoute | None = None,
    form: ContractForm | None = None,
    provider_id: int | None = None,
    q: Annotated[str, Text(100)] = "",
) -> QuerySet[Contract]:
    partnership = partnership_from(request, slug, "contract.view")
    return contract_rows(
        partnership,
        status=status.value if status else "",
        route=route.value if route else "",
        form=form.value if form else "",
        provider_id=provider_id,
        search=q,
    )


@router.post(
    "/partnerships/{slug}/contracts",
    response=replies({201: ContractOut}, CREATE_ERRORS),
    auth=SIGNED_IN,
    summary="Add a contract: planned, or entered as let with the carried decision that "
    "authorised it",
)
def contract_create(request: HttpRequest, slug: str, payload: ContractCreateIn) -> Status[Contract]:
    partnership = partnership_from(request, slug, "contract.change")
    contract = services.contract_create(
        actor=request.user,
        partnership=partnership,
        status=payload.status,
        **contract_inputs(partnership, payload),
    )
    return Status(201, selectors.contract_get(partnership, contract.pk))


@router.get(
    "/partnerships/{slug}/contracts/due",
    response=replies({200: list[ContractOut]}, READ_ERRORS),
    auth=SIGNED_IN,
    summary="Let contracts ending, or whose extension must be decided, in the next 6 or 12 "
    "months (the programme team's)",
)
def contract_due(
    request: HttpRequest,
    slug: str,
    months: Annotated[
        int, Field(description="How far ahead: 6 or 12 months", json_schema_extra={"enum": [6, 12]})
    ] = 6,
) -> QuerySet[Contract]:
    if months not in DUE_MONTHS:
        raise ValidationError({"months": "Look 6 or 12 months ahead"})
    partnership = partnership_from(request, slug, "contract.change")
    due = selectors.contracts_due(partnership, on=timezone.localdate(), months=months)
    return due.prefetch_related("values", "services")


@router.get(
    "/partnerships/{slug}/contracts/{contract_id}",
    response=replies({200: ContractOut}),
    auth=SIGNED_IN,
    openapi_extra=VERSIONED_READ,
    summary="One contract, with its values and services, and its version (ETag)",
)
def contract_detail(
    request: HttpRequest, response: HttpResponse, slug: str, contract_id: int
) -> Contract:
    partnership = partnership_from(request, slug, "contract.view")
    contract = selectors.contract_get(partnership, contract_id)
    send_version(response, contract)
    return contract


@router.put(
    "/partnerships/{slug}/contracts/{contract_id}",
    response=replies({200: ContractOut}, CHANGE_ERRORS),
    auth=SIGNED_IN,
    openapi_extra=VERSIONED_CHANGE,
    summary="Change a contract's record and the services it covers (every field, as read; "
    "its status changes apart)",
)
def contract_update(
    request: HttpRequest,
    response: HttpResponse,
    slug: str,
    contract_id: int,
    payload: ContractIn,
) -> Contract:
    partnership = partnership_from(request, slug, "contract.change")
    contract = selectors.contract_get(partnership, contract_id)
    inputs = contract_inputs(partnership, payload)
    with transaction.atomic():
        contract = require_version(request, contract)
        contract = services.contract_update(actor=request.user, contract=contract, **inputs)
    send_version(response, contract)
    return selectors.contract_get(partnership, contract.pk)


@router.post(
    "/partnerships/{slug}/contracts/{contract_id}/status",
    response=replies({200: ContractOut}, CHANGE_ERRORS),
    auth=SIGNED_IN,
    openapi_extra=VERSIONED_CHANGE,
    summary="Move a contract along its life: let it (with its carried decision), record "
    "that it ended or was terminated",
)
def contract_status_change(
    request: HttpRequest,
    response: HttpResponse,
    slug: str,
    contract_id: int,
    payload: ContractStatusIn,
) -> Contract:
    partnership = partnership_from(request, slug, "contract.change")
    contract = selectors.contract_get(partnership, contract_id)
    decision = (
        None
        if payload.decision_id is None
        else get_in(partnership, Proposal, payload.decision_id, field="decision_id")
    )
    with transaction.atomic():
        contract = require_version(request, contract)
        contract = services.contract_status_change(
            actor=request.user, contract=contract, status=payload.status, decision=decision
        )
    send_version(response, contract)
    return selectors.contract_get(partnership, contract.pk)


def value_rows(contract: Contract, year: int) -> QuerySet[ContractValue]:
    return ContractValue.objects.filter(contract=contract, financial_year=year)


@router.get(
    "/partnerships/{slug}/contracts/{contract_id}/values/{year}",
    response=replies({200: ContractValueOut}),
    auth=SIGNED_IN,
    openapi_extra=VERSIONED_READ,
    summary="A contract's value in one financial year (2004 for 2004/05), with its version; "
    "404 until recorded",
)
def contract_value_detail(
    request: HttpRequest, response: HttpResponse, slug: str, contract_id: int, year: int
) -> ContractValue:
    partnership = partnership_from(request, slug, "contract.view")
    contract = selectors.contract_get(partnership, contract_id)
    value = value_rows(contract, year).first()
    if value is None:
        raise Http404(f"{contract.reference} has no value for {financial_year_label(year)}")
    send_version(response, value)
    return value


@router.put(
    "/partnerships/{slug}/contracts/{contract_id}/values/{year}",
    response=replies({200: ContractValueOut}, CHANGE_ERRORS),
    auth=SIGNED_IN,
    openapi_extra=VERSIONED_RECORD,
    summary="Record (without If-Match) or correct (with it) a contract's value in one "
    "financial year of its term",
)
def contract_value_set(
    request: HttpRequest,
    response: HttpResponse,
    slug: str,
    contract_id: int,
    year: int,
    payload: ContractValueIn,
) -> ContractValue:
    partnership = partnership_from(request, slug, "contract.change")
    contract = selectors.contract_get(partnership, contract_id)
    with transaction.atomic():
        require_version_if_recorded(request, value_rows(contract, year), lock=contract)
        value = services.contract_value_set(
            actor=request.user, contract=contract, financial_year=year, amount=payload.amount
        )
    send_version(response, value)
    return value


@router.delete(
    "/partnerships/{slug}/contracts/{contract_id}/values/{year}",
    response=replies({204: None}, CHANGE_ERRORS),
    auth=SIGNED_IN,
    openapi_extra={
        "parameters": VERSIONED_CHANGE["parameters"],
    },
    summary="Remove a contract's value for one financial year",
)
def contract_value_remove(
    request: HttpRequest, slug: str, contract_id: int, year: int
) -> Status[None]:
    partnership = partnership_from(request, slug, "contract.change")
    contract = selectors.contract_get(partnership, contract_id)
    value = value_rows(contract, year).first()
    if value is None:
        raise Http404(f"{contract.reference} has no value for {financial_year_label(year)}")
    with transaction.atomic():
        require_version(request, value)
        services.contract_value_remove(actor=request.user, contract=contract, financial_year=year)
    return Status(204, None)


class TransparencyLineOut(Schema):
    """One line of the contracts register of the Local Government Transparency Code 2015
    (each field's description gives the Code's name for it)."""

    reference: str = Field(description="Reference number")
    title: str = Field(description="Title of agreement")
    department: str = Field(description="Local authority department responsible")
    description: str = Field(description="Description of the goods and/or services being provided")
    supplier_name: str = Field(description="Supplier name")
    supplier_details: str = Field(description="Supplier details: its address")
    total_value: str = Field(
        description="Sum to be paid over the length of the contract: pounds and pence"
    )
    annual_value: str = Field(
        description="Estimated annual spending: the sum over the financial years it has a "
        "value for; pounds and pence"
    )
    irrecoverable_vat: str = Field(
        description="Value Added Tax that cannot be recovered: pounds and pence"
    )
    start_date: datetime.date
    end_date: datetime.date
    review_date: datetime.date | None
    route: ProcurementRoute = Field(
        description="Whether it was the result of an invitation to quote (quote) or a "
        "published invitation to tender (tender), or neither (direct)"
    )
    sme: bool | None = Field(
        description="Whether the supplier is a small or medium sized enterprise; null when "
        "not known"
    )
    vcse: bool = Field(
        description="Whether the supplier is a voluntary or community sector organisation"
    )
    registration_number: str = Field(
        description="The supplier's registration number as an org-id.guide identifier "
        "(GB-COH Companies House, GB-CHC, GB-SC, GB-NIC charity regulators); empty when none"
    )
    changes: str = Field(
        description="Not a field of the Code: its variations (how many, the latest's date) "
        "and early termination, in words; empty when none. The dates and sums above are "
        "the current ones, after its variations"
    )
    illustrative: IllustrativeFields


def transparency_out(contract: Contract) -> dict[str, Any]:
    """A contract's line of the register, as ``TransparencyLineOut`` names its fields."""
    line = transparency.line(contract)
    marked = set(line.illustrative)
    values = dict(line.values)
    for key in ("total_value", "annual_value", "irrecoverable_vat"):
        values[key] = money_text(line.money(key))
    provider = contract.provider
    values.update(
        route=contract.route,
        sme=provider.is_sme,
        vcse=provider.kind in transparency.VCSE_KINDS,
        illustrative=[name for name in TransparencyLineOut.model_fields if name in marked],
    )
    return values


@router.get(
    "/partnerships/{slug}/transparency/contracts",
    response=replies({200: list[TransparencyLineOut]}),
    summary="The contracts register of the Local Government Transparency Code 2015 (public): "
    "every let contract over 5,000 pounds",
)
def transparency_register(request: HttpRequest, slug: str) -> list[dict[str, Any]]:
    partnership = partnership_from(request, slug, "contract.view_transparency")
    return LazyLines(selectors.transparency_register(partnership))  # type: ignore[return-value]


class LazyLines:
    """The register's queryset, sliced by the paging, each contract as a line."""

    def __init__(self, contracts: QuerySet[Contract]) -> None:
        self.contracts = contracts

    def __getitem__(self, window: slice) -> list[dict[str, Any]]:
        return [transparency_out(contract) for contract in self.contracts[window]]

    def count(self) -> int:
        return self.contracts.count()

    def __len__(self) -> int:
        return self.count()

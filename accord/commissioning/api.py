"""The commissioning register in the JSON API: what its pages show and do.

The provider register is public (no sign-in needed to read it); a provider's contact is
shown only to callers who may see it (members of the partnership and its programme team),
``null`` otherwise; the programme team adds and changes providers. Lists are paged
(``limit``, ``offset``; ``accord.partnerships.endpoints``).
"""

import datetime
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from ninja import Field, File, Schema, Status
from ninja.files import UploadedFile

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
    SIGNED_IN,
    VERSIONED_CHANGE,
    VERSIONED_READ,
    IllustrativeFields,
    Router,
    example,
    illustrative_in,
    partnership_from,
    replies,
    require_version,
    send_version,
)
from accord.partnerships.models import Partnership
from accord.partnerships.selectors import get_in

from . import selectors, services
from .evidence import MAX_BYTES, FileRefused, Problem
from .models import (
    CapacityUnit,
    ClientGroup,
    Dataset,
    DatasetKind,
    DatasetUnit,
    DeliveryModel,
    Figure,
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

"""The services directory as Open Referral UK data: HSDS 3.0 ``service`` objects, with
their ``organization`` (the provider) and ``service_at_locations``, valid against the UK
profile (``../shared/standards/hsds-uk``; ``../shared/standards/mapping.md`` §3).

Ids are stable: a service's, a provider's and a location's own UUID (``uuid`` on each
row); every other object's id is a UUID 5 of a fixed namespace and what it is (a client
group's taxonomy term, a service's district), so that it is the same in every response and
export.

Only public data: what the directory's pages show everyone. A provider's contact (a named
person, an e-mail, a telephone number) is shown by the policy only to members of the
partnership and its programme team (``provider.view_contacts``), and Accord keeps no
separate contact published for the public, so the feed has no ``contacts``, ``email`` or
phone: how to be referred is the service's referral route, in its description. The
addresses of services for women at risk of domestic violence (refuges) are never
published: those services have no ``service_at_locations``.

Values invented for the demonstration (``illustrative``) are named in an attribute of the
service (taxonomy "Accord data provenance"), since the UK profile's objects are closed
to properties of our own.
"""

import datetime
import uuid
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.urls import reverse

from .models import (
    ClientGroup,
    DeliveryModel,
    Provider,
    ProviderKind,
    Service,
    ServiceLocation,
    ServiceStatus,
    ServiceTerm,
    ServiceType,
    client_group_label,
)

# Accord's namespace for the UUIDs of objects that have no row of their own.
NAMESPACE = uuid.UUID("5d6b1017-7ebe-4130-b8d2-f4cb36c81fc1")

HSDS_VERSION = "3.0"
UK_PROFILE = "https://github.com/OpenReferralUK/uk-profile/blob/main/docs/index.md"
# The UK profile's API description, which these endpoints follow.
UK_OPENAPI = "https://raw.githubusercontent.com/OpenReferralUK/uk-profile/main/schema/openapi.json"

# HSDS's service status from ours: a service being remodelled still runs.
STATUS = {
    ServiceStatus.PLANNED: "inactive",
    ServiceStatus.COMMISSIONED: "active",
    ServiceStatus.REMODELLING: "active",
    ServiceStatus.DECOMMISSIONED: "defunct",
}

# Services whose addresses are never published (refuges).
ADDRESSES_WITHHELD = frozenset({ClientGroup.DOMESTIC_VIOLENCE})

PARTNERSHIP_SUFFIX = " Supporting People"


def stable_id(*parts: object) -> str:
    return str(uuid.uuid5(NAMESPACE, "/".join(str(part) for part in parts)))


@dataclass(frozen=True)
class Taxonomy:
    key: str
    name: str
    choices: list[tuple[Any, str]]
    link_type: str

    @property
    def id(self) -> str:
        return stable_id("taxonomy", self.key)

    def term_id(self, value: object) -> str:
        return stable_id("taxonomy", self.key, value)

    def term(self, value: object, label: str = "") -> dict[str, Any]:
        name = label or str(dict(self.choices)[value])
        return {
            "id": self.term_id(value),
            "name": name,
            "description": f"{self.name}: {name}",
            "taxonomy": self.name,
            "taxonomy_id": self.id,
        }


CLIENT_GROUPS = Taxonomy(
    "client-group",
    "Supporting People client groups (Client Record form)",
    [(code, client_group_label(code)) for code in ClientGroup.values],
    "eligibility",
)
SERVICE_TYPES = Taxonomy(
    "service-type", "Supporting People service types (SPOCC)", ServiceType.choices, "service_type"
)
DELIVERY_MODELS = Taxonomy(
    "delivery-model", "Delivery model of housing-related support", DeliveryModel.choices,
    "delivery_model",
)  # fmt: skip
TERMS = Taxonomy("term", "Short or long-term support", ServiceTerm.choices, "term")
PROVENANCE = Taxonomy(
    "provenance",
    "Accord data provenance",
    [("illustrative", "Illustrative: not from the source documents")],
    "provenance",
)
TAXONOMIES = (CLIENT_GROUPS, SERVICE_TYPES, DELIVERY_MODELS, TERMS)


def filter_of_term(term_id: str) -> tuple[str, Any] | None:
    """The directory filter a taxonomy term stands for: ("client_group", 18), ..."""
    names = {
        CLIENT_GROUPS.key: "client_group",
        SERVICE_TYPES.key: "service_type",
        DELIVERY_MODELS.key: "delivery_model",
    }
    for taxonomy in TAXONOMIES:
        for value, _label in taxonomy.choices:
            if taxonomy.term_id(value) == term_id and taxonomy.key in names:
                return names[taxonomy.key], value
    return None


def site_url(path: str) -> str:
    return f"{settings.ACCORD_SITE_URL}{path}"


def timestamp(moment: datetime.datetime) -> str:
    """An RFC 3339 date-time in UTC with milliseconds, as HSDS asks."""
    utc = moment.astimezone(datetime.UTC)
    return utc.strftime("%Y-%m-%dT%H:%M:%S.") + f"{utc.microsecond // 1000:03d}Z"


def county(service: Service) -> str:
    """The address's ``state_province``: the partnership's area (its name, less
    "Supporting People": "Oxfordshire")."""
    return service.partnership.name.removesuffix(PARTNERSHIP_SUFFIX)


def organization(provider: Provider) -> dict[str, Any]:
    kind = ProviderKind(provider.kind).label
    identifiers = []
    if provider.company_number:
        identifiers.append(("GB-COH", "Company number", provider.company_number))
    if provider.charity_number:
        number = provider.charity_number
        scheme = (
            "GB-SC"
            if number.startswith("SC")
            else "GB-NIC"
            if number.startswith("NIC")
            else "GB-CHC"
        )
        identifiers.append((scheme, "Charity number", number.removeprefix("NIC")))
    found: dict[str, Any] = {
        "id": str(provider.uuid),
        "name": provider.name,
        "description": f"{kind}: a provider of housing-related support, of "
        f"{provider.address_line_1}, {provider.town} {provider.postcode}.",
        "organization_identifiers": [
            {
                "id": stable_id("organization-identifier", provider.uuid, scheme),
                "organization_id": str(provider.uuid),
                "identifier_scheme": scheme,
                "identifier_type": label,
                "identifier": number,
            }
            for scheme, label, number in identifiers
        ],
    }
    return found


def location(service: Service, place: ServiceLocation) -> dict[str, Any]:
    address = ", ".join(part for part in (place.address_line_1, place.address_line_2) if part)
    found: dict[str, Any] = {
        "id": str(place.uuid),
        "location_type": "physical",
        "name": place.name,
        "addresses": [
            {
                "id": stable_id("address", place.uuid),
                "location_id": str(place.uuid),
                "address_1": address,
                "city": place.town,
                "state_province": county(service),
                "postal_code": place.postcode,
                "country": "GB",
                "address_type": "physical",
            }
        ],
    }
    if place.units is not None:
        found["description"] = f"{place.units} units of {service.name}."
    return found


def attribute(
    service: Service, taxonomy: Taxonomy, value: object, label: str = ""
) -> dict[str, Any]:
    return {
        "id": stable_id("attribute", service.uuid, taxonomy.key, value),
        "link_id": str(service.uuid),
        "link_type": taxonomy.link_type,
        "taxonomy_term_id": taxonomy.term_id(value),
        "taxonomy_term": taxonomy.term(value, label),
    }


def description(service: Service) -> str:
    parts = [service.description]
    if service.eligibility:
        parts.append(f"Who is eligible: {service.eligibility}")
    if service.referral_route:
        parts.append(f"How to be referred: {service.referral_route}")
    unit = service.get_capacity_unit_display().lower()
    parts.append(f"Contracted capacity: {service.capacity} {unit}.")
    parts.append(f"Service reference: {service.reference}.")
    if service.illustrative:
        parts.append(
            "Illustrative: some values are invented for a demonstration, not from the source "
            "documents."
        )
    return "\n\n".join(part for part in parts if part)


def service_object(service: Service) -> dict[str, Any]:
    """One service as HSDS 3.0 / Open Referral UK. The service's relations must be
    prefetched (``selectors.open_referral_services``): this asks the database nothing."""
    places = (
        [] if service.primary_client_group in ADDRESSES_WITHHELD else list(service.locations.all())
    )
    groups = [
        service.primary_client_group,
        *sorted(group.code for group in service.secondary_groups.all()),
    ]
    attributes = [
        *(attribute(service, CLIENT_GROUPS, code) for code in groups),
        attribute(service, SERVICE_TYPES, service.service_type),
        attribute(service, DELIVERY_MODELS, service.delivery_model),
        attribute(service, TERMS, service.term),
    ]
    if service.illustrative:
        fields = ", ".join(sorted(service.illustrative))
        marked = attribute(service, PROVENANCE, "illustrative")
        marked["taxonomy_term"]["description"] = f"Illustrative values: {fields}"
        attributes.append(marked)
    modified = max([service.updated_at, *(place.updated_at for place in places)])
    return {
        "id": str(service.uuid),
        "organization_id": str(service.provider.uuid),
        "name": service.name,
        "description": description(service),
        "url": site_url(
            reverse("commissioning:service-detail", args=[service.partnership.slug, service.pk])
        ),
        "status": STATUS[ServiceStatus(service.status)],
        "last_modified": timestamp(modified),
        "organization": organization(service.provider),
        "service_areas": [
            {
                "id": stable_id("service-area", service.uuid, partner.pk),
                "service_id": str(service.uuid),
                "name": partner.name,
            }
            for partner in service.districts.all()
        ],
        "service_at_locations": [
            {
                "id": stable_id("service-at-location", service.uuid, place.uuid),
                "service_id": str(service.uuid),
                "location_id": str(place.uuid),
                "location": location(service, place),
            }
            for place in places
        ],
        "attributes": attributes,
    }


def api_details() -> dict[str, str]:
    """The ``/`` endpoint's answer (HSDS 3.0 API reference: "api_details")."""
    return {"version": HSDS_VERSION, "profile": UK_PROFILE, "openapi_url": UK_OPENAPI}


def page(services: list[Service], *, total: int, number: int, size: int) -> dict[str, Any]:
    """A page of services in HSDS's list envelope."""
    pages = max(1, -(-total // size))
    return {
        "total_items": total,
        "total_pages": pages,
        "page_number": number,
        "size": size,
        "first_page": number == 1,
        "last_page": number >= pages,
        "empty": not services,
        "contents": [service_object(service) for service in services],
    }

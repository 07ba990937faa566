"""National-scale services directories: for each generated partnership (accord/demo/
national.py) a register of providers and a directory of 150 to 250 services, with their
districts, secondary client groups, locations and the first entry of each history, loaded
through bulk inserts (as the rest of the national data; no one reads them but the bench).

A partnership that already has services is skipped, so loading again adds nothing and a
country generated before the directory existed gains one. Each partnership's rows come
from its own random stream (the seed and its slug): the same seed builds the same
directories. Names, numbers and postcodes are made up (well formed, naming nothing real).
"""

import datetime
import random
from collections import Counter

from django.db import transaction

from accord.audit.services import audit_record
from accord.commissioning.models import (
    ACCOMMODATION_MODELS,
    CapacityUnit,
    ClientGroup,
    DeliveryModel,
    Provider,
    ProviderKind,
    Service,
    ServiceChange,
    ServiceClientGroup,
    ServiceLocation,
    ServiceStatus,
    ServiceTerm,
    ServiceType,
)
from accord.governance.models import Partner
from accord.partnerships.models import Partnership

from .national import SLUG_PREFIX, insert

# Service types and the delivery model each is delivered by.
TYPES = [
    (ServiceType.SHELTERED, DeliveryModel.ACCOMMODATION, CapacityUnit.UNITS),
    (ServiceType.ACCOMMODATION, DeliveryModel.ACCOMMODATION, CapacityUnit.UNITS),
    (ServiceType.ACCOMMODATION_WITH_FLOATING, DeliveryModel.ACCOMMODATION, CapacityUnit.UNITS),
    (ServiceType.FLOATING, DeliveryModel.FLOATING, CapacityUnit.PLACES),
    (ServiceType.RESETTLEMENT, DeliveryModel.FLOATING, CapacityUnit.HOURS),
    (ServiceType.HOME_IMPROVEMENT, DeliveryModel.FLOATING, CapacityUnit.PLACES),
    (ServiceType.OUTREACH, DeliveryModel.OUTREACH, CapacityUnit.PLACES),
    (ServiceType.ALARM, DeliveryModel.ALARM, CapacityUnit.UNITS),
]
STATUSES = [ServiceStatus.COMMISSIONED] * 8 + [
    ServiceStatus.PLANNED,
    ServiceStatus.REMODELLING,
    ServiceStatus.DECOMMISSIONED,
]
WORDS = ("Court", "House", "Lodge", "Gardens", "Place", "Close")
START = datetime.date(2003, 4, 1)


def _postcode(rng: random.Random) -> str:
    letters = "ABDEFGHJLNPQRSTUWXYZ"
    area = rng.choice(["AB", "BS", "CB", "DE", "LE", "NG", "OX", "PE", "SN", "YO"])
    return (
        f"{area}{rng.randint(1, 29)} {rng.randint(0, 9)}{rng.choice(letters)}{rng.choice(letters)}"
    )


@transaction.atomic
def _load_one(partnership: Partnership, index: int, seed: int) -> Counter[str]:
    rng = random.Random(f"{seed}:{partnership.slug}:services")  # noqa: S311 (demo data)
    place = partnership.name.split(" ")[0]
    districts = list(Partner.objects.filter(partnership=partnership).order_by("pk"))
    providers = [
        Provider(
            partnership=partnership,
            name=f"{place} {word} Support {n + 1}",
            kind=rng.choice(ProviderKind.values),
            company_number=f"{index:03d}{n:02d}{rng.randint(0, 999):03d}",
            address_line_1=f"{n + 1} High Street",
            town=place,
            postcode=_postcode(rng),
            illustrative=["name", "company_number", "address_line_1", "postcode"],
        )
        for n, word in enumerate(rng.choices(["Housing", "Care", "Floating", "Community"], k=16))
    ]
    insert(Provider, providers)  # type: ignore[arg-type]
    services, groups, places, entries, links = [], [], [], [], []
    for n in range(rng.randint(150, 250)):
        service_type, model, unit = rng.choice(TYPES)
        primary = rng.choice(ClientGroup.values)
        service = Service(
            partnership=partnership,
            reference=f"N{index:03d}-{n + 1:04d}",
            provider=rng.choice(providers),
            name=f"{place} {ServiceType(service_type).label.split(' (')[0].lower()} {n + 1}",
            description="Made-up service of the national-scale demo.",
            service_type=service_type,
            term=rng.choice(ServiceTerm.values),
            delivery_model=model,
            primary_client_group=primary,
            capacity=rng.randint(5, 400),
            capacity_unit=unit,
            eligibility="People with support needs in the area it covers.",
            referral_route="Through the district council's housing options team.",
            start_date=START + datetime.timedelta(days=rng.randint(0, 2500)),
            status=rng.choice(STATUSES),
            illustrative=["reference", "name", "capacity", "start_date", "status"],
        )
        services.append(service)
    insert(Service, services)  # type: ignore[arg-type]
    through = Service.districts.through
    for service in services:
        for partner in rng.sample(districts, k=min(len(districts), rng.randint(1, 3))):
            links.append(through(service_id=service.pk, partner_id=partner.pk))
        for code in rng.sample(ClientGroup.values, k=rng.randint(0, 2)):
            if code != service.primary_client_group:
                groups.append(
                    ServiceClientGroup(partnership=partnership, service=service, code=code)
                )
        if service.delivery_model in ACCOMMODATION_MODELS:
            for k in range(rng.randint(1, 2)):
                places.append(
                    ServiceLocation(
                        partnership=partnership,
                        service=service,
                        name=f"{rng.choice(WORDS)} {n + 1}-{k + 1}" if (n := service.pk) else "",
                        address_line_1=f"{rng.randint(1, 200)} Church Road",
                        town=place,
                        postcode=_postcode(rng),
                        units=rng.randint(5, 60),
                        illustrative=["name", "address_line_1", "postcode", "units"],
                    )
                )
        entries.append(
            ServiceChange(
                partnership=partnership,
                service=service,
                changed_on=service.start_date,
                summary="Entered in the directory",
                changes={"reference": [None, service.reference]},
                illustrative=["changed_on"],
            )
        )
    through.objects.bulk_create(links, batch_size=2000)
    insert(ServiceClientGroup, groups)  # type: ignore[arg-type]
    insert(ServiceLocation, places)  # type: ignore[arg-type]
    insert(ServiceChange, entries)  # type: ignore[arg-type]
    rows = Counter(
        {
            "provider": len(providers),
            "service": len(services),
            "service districts": len(links),
            "serviceclientgroup": len(groups),
            "servicelocation": len(places),
            "servicechange": len(entries),
        }
    )
    audit_record(
        actor=None,
        action="demo.national_services_load",
        obj=partnership,
        changes={"rows": [None, dict(sorted(rows.items()))]},
    )
    return rows


def national_services_load(*, seed: int = 0) -> Counter[str]:
    """Give every generated partnership without services its directory."""
    rows: Counter[str] = Counter()
    with_services = set(Service.objects.values_list("partnership_id", flat=True).distinct())
    national = Partnership.objects.filter(slug__startswith=SLUG_PREFIX).order_by("slug")
    for partnership in national:
        if partnership.pk in with_services:
            continue
        index = int(partnership.slug.removeprefix(SLUG_PREFIX))
        rows.update(_load_one(partnership, index, seed))
    return rows

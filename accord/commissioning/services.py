"""Writes of the commissioning register: each an audited service (docs/adding-an-app.md)."""

import datetime
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accord.audit.services import Actor, audit_record, audited, delete_audited, save_audited
from accord.core.money import financial_year_label
from accord.core.text import NAME
from accord.decisions.models import Proposal, ProposalState
from accord.governance.models import Partner, PartnerKind
from accord.partnerships.models import Partnership

from .evidence import district_key, read_figures
from .models import (
    ACCOMMODATION_MODELS,
    ClientGroup,
    Dataset,
    Figure,
    Provider,
    Service,
    ServiceChange,
    ServiceClientGroup,
    ServiceLocation,
    ServiceStatus,
)
from .registration import (
    charity_number_normalise,
    company_number_normalise,
    postcode_normalise,
)

# The fields a provider's form and the API's ProviderIn set, in the form's order.
PROVIDER_FIELDS = (
    "name",
    "trading_names",
    "kind",
    "company_number",
    "charity_number",
    "address_line_1",
    "address_line_2",
    "town",
    "postcode",
    "contact_name",
    "contact_job_title",
    "contact_email",
    "contact_phone",
)


def _set(provider: Provider, values: dict[str, Any]) -> None:
    """Set the given fields, written as the registers write them (numbers in upper case
    without spaces, the postcode in its standard form, names without stray spaces)."""
    unknown = sorted(set(values) - set(PROVIDER_FIELDS))
    if unknown:
        raise TypeError(f"not a provider's field: {', '.join(unknown)}")
    for name, value in values.items():
        text = "" if value is None else str(value)
        if name == "company_number":
            text = company_number_normalise(text)
        elif name == "charity_number":
            text = charity_number_normalise(text)
        elif name == "postcode":
            text = postcode_normalise(text)
        elif name == "trading_names":
            text = "\n".join(line.strip() for line in text.splitlines() if line.strip())
        else:
            text = text.strip()
        setattr(provider, name, text)


def _check_unique(provider: Provider) -> None:
    """One record per organisation in a partnership: the same name or registration number
    twice is refused, naming the field (the constraints alone would name none)."""
    others = Provider.objects.filter(partnership_id=provider.partnership_id).exclude(pk=provider.pk)
    errors = {}
    if others.filter(name__iexact=provider.name).exists():
        errors["name"] = "This partnership already has a provider of that name"
    if provider.company_number and others.filter(company_number=provider.company_number).exists():
        errors["company_number"] = (
            "This partnership already has a provider with that Companies House number"
        )
    if provider.charity_number and others.filter(charity_number=provider.charity_number).exists():
        errors["charity_number"] = (
            "This partnership already has a provider with that charity number"
        )
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def provider_create(
    *,
    actor: Actor,
    partnership: Partnership,
    name: str,
    kind: str,
    address_line_1: str,
    town: str,
    postcode: str,
    trading_names: str = "",
    company_number: str = "",
    charity_number: str = "",
    address_line_2: str = "",
    contact_name: str = "",
    contact_job_title: str = "",
    contact_email: str = "",
    contact_phone: str = "",
) -> Provider:
    """Add a provider to the partnership's register."""
    values = {k: v for k, v in locals().items() if k in PROVIDER_FIELDS}
    provider = Provider(partnership=partnership)
    _set(provider, values)
    _check_unique(provider)
    return save_audited(provider, actor=actor, action="provider.create")


@transaction.atomic
def provider_update(
    *,
    actor: Actor,
    provider: Provider,
    name: str,
    kind: str,
    address_line_1: str,
    town: str,
    postcode: str,
    trading_names: str = "",
    company_number: str = "",
    charity_number: str = "",
    address_line_2: str = "",
    contact_name: str = "",
    contact_job_title: str = "",
    contact_email: str = "",
    contact_phone: str = "",
) -> Provider:
    """Change a provider's record (every field, as the form and the API's PUT send them);
    the audit event holds each changed field's old and new value."""
    values = {k: v for k, v in locals().items() if k in PROVIDER_FIELDS}
    provider = Provider.objects.select_for_update().get(pk=provider.pk)
    with audited(provider, actor=actor, action="provider.update"):
        _set(provider, values)
        _check_unique(provider)
    return provider


# ---------------------------------------------------------------------------------------
# The services directory (issue 15 item 2)

# The fields a service's form and the API's ServiceIn set, in the form's order; each change
# of one of them is an entry of the service's history (ServiceChange).
SERVICE_FIELDS = (
    "reference",
    "provider",
    "name",
    "description",
    "service_type",
    "term",
    "delivery_model",
    "primary_client_group",
    "secondary_client_groups",
    "capacity",
    "capacity_unit",
    "districts",
    "eligibility",
    "referral_route",
    "start_date",
    "end_date",
    "status",
)
LOCATION_FIELDS = ("name", "address_line_1", "address_line_2", "town", "postcode", "units")
TEXT_FIELDS = ("name", "description", "eligibility", "referral_route")


def _history_value(name: str, value: Any) -> Any:
    """A field's value as the history keeps it (JSON): the provider and districts by
    name (they read the same after a provider is renamed), dates as ISO dates."""
    if value is None:
        return None
    if name == "provider":
        return value.name
    if name == "districts":
        return sorted(partner.name for partner in value)
    if name == "secondary_client_groups":
        return sorted(int(code) for code in value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def _whole_number(value: object, field: str) -> int:
    """A count as a whole number of 0 or more, refused naming the field otherwise (the
    form and the API check it too; the demo and the shell come straight here)."""
    if isinstance(value, bool):
        raise ValidationError({field: "Enter a whole number"})
    try:
        number = int(str(value).strip()) if not isinstance(value, int) else value
    except ValueError:
        raise ValidationError({field: "Enter a whole number, like 24"}) from None
    if number < 0:
        raise ValidationError({field: "Enter a number of 0 or more"})
    return number


def _check_decision(partnership: Partnership, decision: Proposal | None, *, required: bool) -> None:
    if decision is None:
        if required:
            raise ValidationError(
                {"decision": "Choose the carried decision that changes the service's status"}
            )
        return
    if decision.partnership_id != partnership.pk:
        raise ValidationError({"decision": f"Choose a decision of {partnership.name}"})
    if decision.state != ProposalState.CARRIED:
        raise ValidationError(
            {
                "decision": "Choose a decision that was carried: this one is "
                f"{ProposalState(decision.state).label.lower()}"
            }
        )


def _check_service(service: Service, districts: list[Partner], groups: list[int]) -> None:
    """The rules the row's own validation cannot name a field for."""
    errors: dict[str, str] = {}
    if (
        service.provider_id is not None
        and service.provider.partnership_id != service.partnership_id
    ):
        errors["provider"] = "Choose a provider of this partnership"
    foreign = [p.name for p in districts if p.partnership_id != service.partnership_id]
    if foreign:
        errors["districts"] = "Choose districts of this partnership's partners"
    if service.end_date and service.start_date and service.end_date < service.start_date:
        errors["end_date"] = "The end date cannot be before the start date"
    if service.reference and (
        Service.objects.filter(reference=service.reference).exclude(pk=service.pk).exists()
    ):
        errors["reference"] = "Another service in this installation has that reference"
    if service.primary_client_group in groups:
        errors["secondary_client_groups"] = (
            "A secondary client group cannot be the primary client group"
        )
    unknown = [code for code in groups if code not in ClientGroup.values]
    if unknown:
        errors["secondary_client_groups"] = "Choose client groups from the list"
    if (
        service.pk is not None
        and service.delivery_model not in ACCOMMODATION_MODELS
        and service.locations.exists()
    ):
        errors["delivery_model"] = (
            "Only accommodation-based services have locations: remove its locations first"
        )
    if errors:
        raise ValidationError(errors)


def _set_service(service: Service, values: dict[str, Any]) -> None:
    unknown = sorted(set(values) - set(SERVICE_FIELDS))
    if unknown:
        raise TypeError(f"not a service's field: {', '.join(unknown)}")
    for name, value in values.items():
        if name in ("districts", "secondary_client_groups"):
            continue
        if name == "reference":
            value = str(value or "").strip().upper()
        elif name in TEXT_FIELDS:
            value = str(value or "").strip()
        elif name in ("capacity", "primary_client_group"):
            value = _whole_number(value, name)
        setattr(service, name, value)


def _relations(service: Service) -> tuple[list[Partner], list[int]]:
    if service.pk is None:
        return [], []
    return (
        list(service.districts.order_by("name")),
        list(service.secondary_groups.values_list("code", flat=True)),
    )


def _save_relations(service: Service, districts: list[Partner], groups: list[int]) -> None:
    service.districts.set(districts)
    kept = set(groups)
    service.secondary_groups.exclude(code__in=kept).delete()
    have = set(service.secondary_groups.values_list("code", flat=True))
    ServiceClientGroup.objects.bulk_create(
        ServiceClientGroup(partnership_id=service.partnership_id, service=service, code=code)
        for code in sorted(kept - have)
    )


def _history(
    *,
    actor: Actor,
    service: Service,
    changes: dict[str, list[Any]],
    summary: str,
    changed_on: datetime.date | None,
    decision: Proposal | None,
) -> ServiceChange:
    entry = ServiceChange(
        partnership_id=service.partnership_id,
        service=service,
        changed_on=changed_on or timezone.localdate(),
        summary=summary.strip() or "Changed",
        changes=changes,
        decision=decision,
    )
    return save_audited(entry, actor=actor, action="service_change.create")


def _summary(changes: dict[str, Any]) -> str:
    labels = [FIELD_LABELS.get(name, name) for name in changes]
    return "Changed: " + ", ".join(label[0].lower() + label[1:] for label in labels)


@transaction.atomic
def service_create(
    *,
    actor: Actor,
    partnership: Partnership,
    reference: str,
    provider: Provider,
    name: str,
    service_type: str,
    term: str,
    delivery_model: str,
    primary_client_group: int,
    capacity: int,
    capacity_unit: str,
    start_date: datetime.date,
    description: str = "",
    secondary_client_groups: Iterable[int] = (),
    districts: Iterable[Partner] = (),
    eligibility: str = "",
    referral_route: str = "",
    end_date: datetime.date | None = None,
    status: str = ServiceStatus.PLANNED,
    decision: Proposal | None = None,
    changed_on: datetime.date | None = None,
    summary: str = "",
) -> Service:
    """Enter a service in the directory; its history begins with the entry. A service
    entered as anything but planned is recorded as it stands (the decision that
    commissioned it may predate Accord), but a decision given must be carried."""
    values = {k: v for k, v in locals().items() if k in SERVICE_FIELDS}
    groups = [_whole_number(code, "secondary_client_groups") for code in secondary_client_groups]
    partners = list(districts)
    _check_decision(partnership, decision, required=False)
    service = Service(partnership=partnership)
    _set_service(service, values)
    service.status_decision = decision
    _check_service(service, partners, groups)
    save_audited(
        service,
        actor=actor,
        action="service.create",
        changes={
            "districts": [None, _history_value("districts", partners)],
            "secondary_client_groups": [None, sorted(groups)],
        },
    )
    _save_relations(service, partners, groups)
    now = {"districts": partners, "secondary_client_groups": groups}
    entered = {
        name: [None, _history_value(name, now[name] if name in now else getattr(service, name))]
        for name in SERVICE_FIELDS
    }
    _history(
        actor=actor,
        service=service,
        changes={k: v for k, v in entered.items() if v[1] not in (None, "", [])},
        summary=summary or "Entered in the directory",
        changed_on=changed_on,
        decision=decision,
    )
    return service


@transaction.atomic
def service_update(
    *,
    actor: Actor,
    service: Service,
    decision: Proposal | None = None,
    changed_on: datetime.date | None = None,
    summary: str = "",
    **values: Any,
) -> Service:
    """Change a service (the fields given; the form and the API's PUT give every one).
    Each change is an entry of its history, with each changed field's value before and
    after and the decision behind it; a change of status needs a carried decision of the
    partnership. Nothing changed, nothing recorded."""
    service = Service.objects.select_for_update().select_related("provider").get(pk=service.pk)
    partnership = service.partnership
    before_partners, before_groups = _relations(service)
    partners = list(values.pop("districts", before_partners))
    groups = [
        _whole_number(code, "secondary_client_groups")
        for code in values.pop("secondary_client_groups", before_groups)
    ]
    before = {name: _history_value(name, getattr(service, name)) for name in values}
    with audited(service, actor=actor, action="service.update"):
        _set_service(service, values)
        status_changed = before.get("status", service.status) != service.status
        _check_decision(partnership, decision, required=status_changed)
        if status_changed:
            service.status_decision = decision
        _check_service(service, partners, groups)
        changes = {
            name: [before[name], _history_value(name, getattr(service, name))]
            for name in values
            if before[name] != _history_value(name, getattr(service, name))
        }
        if {p.pk for p in before_partners} != {p.pk for p in partners}:
            changes["districts"] = [
                _history_value("districts", before_partners),
                _history_value("districts", partners),
            ]
        if sorted(before_groups) != sorted(groups):
            changes["secondary_client_groups"] = [sorted(before_groups), sorted(groups)]
    if not changes:
        return service
    _save_relations(service, partners, groups)
    _history(
        actor=actor,
        service=service,
        changes=changes,
        summary=summary or _summary(changes),
        changed_on=changed_on,
        decision=decision,
    )
    return service


FIELD_LABELS = {
    **{
        field.name: str(field.verbose_name)
        for field in Service._meta.get_fields()
        if hasattr(field, "verbose_name")
    },
    "secondary_client_groups": "Secondary client groups",
    "districts": "Districts covered",
    "locations": "Locations",
}


def _set_location(location: ServiceLocation, values: dict[str, Any]) -> None:
    unknown = sorted(set(values) - set(LOCATION_FIELDS))
    if unknown:
        raise TypeError(f"not a location's field: {', '.join(unknown)}")
    for name, value in values.items():
        if name == "units":
            value = None if value in (None, "") else _whole_number(value, "units")
        elif name == "postcode":
            value = postcode_normalise(str(value or ""))
        else:
            value = str(value or "").strip()
        setattr(location, name, value)


def _location_value(location: ServiceLocation | None) -> str | None:
    if location is None:
        return None
    parts = [
        location.name,
        location.address_line_1,
        location.address_line_2,
        location.town,
        location.postcode,
    ]
    text = ", ".join(part for part in parts if part)
    return f"{text} ({location.units} units)" if location.units is not None else text


def _accommodation_only(service: Service) -> None:
    if service.delivery_model not in ACCOMMODATION_MODELS:
        raise ValidationError(
            {
                "service": "Only accommodation-based services have locations; this one is "
                f"{service.get_delivery_model_display().lower()}"
            }
        )


@transaction.atomic
def location_add(
    *,
    actor: Actor,
    service: Service,
    name: str,
    address_line_1: str,
    town: str,
    postcode: str,
    address_line_2: str = "",
    units: int | None = None,
    decision: Proposal | None = None,
    changed_on: datetime.date | None = None,
) -> ServiceLocation:
    """Add an address at which an accommodation-based service is delivered."""
    values = {k: v for k, v in locals().items() if k in LOCATION_FIELDS}
    service = Service.objects.select_for_update().get(pk=service.pk)
    _accommodation_only(service)
    _check_decision(service.partnership, decision, required=False)
    location = ServiceLocation(partnership_id=service.partnership_id, service=service)
    _set_location(location, values)
    save_audited(location, actor=actor, action="service_location.create")
    _history(
        actor=actor,
        service=service,
        changes={"locations": [None, _location_value(location)]},
        summary=f"Location added: {location.name}",
        changed_on=changed_on,
        decision=decision,
    )
    return location


@transaction.atomic
def location_update(
    *,
    actor: Actor,
    location: ServiceLocation,
    decision: Proposal | None = None,
    changed_on: datetime.date | None = None,
    **values: Any,
) -> ServiceLocation:
    """Change a location's name, address or units."""
    location = ServiceLocation.objects.select_for_update().get(pk=location.pk)
    service = location.service
    _check_decision(service.partnership, decision, required=False)
    before = _location_value(location)
    with audited(location, actor=actor, action="service_location.update"):
        _set_location(location, values)
    after = _location_value(location)
    if before != after:
        _history(
            actor=actor,
            service=service,
            changes={"locations": [before, after]},
            summary=f"Location changed: {location.name}",
            changed_on=changed_on,
            decision=decision,
        )
    return location


@transaction.atomic
def location_remove(
    *,
    actor: Actor,
    location: ServiceLocation,
    decision: Proposal | None = None,
    changed_on: datetime.date | None = None,
) -> None:
    """Remove a location (the service no longer runs there); its history keeps it."""
    location = ServiceLocation.objects.select_for_update().get(pk=location.pk)
    service = location.service
    _check_decision(service.partnership, decision, required=False)
    before = _location_value(location)
    delete_audited(location, actor=actor, action="service_location.delete")
    _history(
        actor=actor,
        service=service,
        changes={"locations": [before, None]},
        summary=f"Location removed: {location.name}",
        changed_on=changed_on,
        decision=decision,
    )


# ---------------------------------------------------------------------------------------
# Needs evidence (issue 15 item 4)

# The fields a dataset's form and the API's DatasetIn set.
DATASET_FIELDS = ("kind", "title", "source", "unit", "description", "is_public")


def _set_dataset(dataset: Dataset, values: dict[str, Any]) -> None:
    for name, value in values.items():
        if name not in DATASET_FIELDS:
            raise TypeError(f"not a dataset's field: {name}")
        setattr(dataset, name, value.strip() if isinstance(value, str) else value)
    others = Dataset.objects.filter(partnership_id=dataset.partnership_id).exclude(pk=dataset.pk)
    if others.filter(title__iexact=dataset.title).exists():
        raise ValidationError({"title": "This partnership already has a dataset of that title"})


@transaction.atomic
def dataset_create(
    *,
    actor: Actor,
    partnership: Partnership,
    kind: str,
    title: str,
    source: str,
    unit: str,
    description: str = "",
    is_public: bool = False,
) -> Dataset:
    """Add a dataset of needs evidence, empty until a file of figures is imported."""
    values = {k: v for k, v in locals().items() if k in DATASET_FIELDS}
    dataset = Dataset(partnership=partnership)
    _set_dataset(dataset, values)
    return save_audited(dataset, actor=actor, action="dataset.create")


@transaction.atomic
def dataset_update(
    *,
    actor: Actor,
    dataset: Dataset,
    kind: str,
    title: str,
    source: str,
    unit: str,
    description: str = "",
    is_public: bool = False,
) -> Dataset:
    """Change what a dataset says of itself (every field, as the form and the API's PUT
    send them). Its kind and unit cannot change once it holds figures: they were checked
    against them."""
    values = {k: v for k, v in locals().items() if k in DATASET_FIELDS}
    dataset = Dataset.objects.select_for_update().get(pk=dataset.pk)
    if dataset.figures.exists():
        for name in ("kind", "unit"):
            if values[name] != getattr(dataset, name):
                raise ValidationError(
                    {name: "The dataset holds figures checked against it: import them into a "
                     "new dataset instead"}
                )  # fmt: skip
    with audited(dataset, actor=actor, action="dataset.update"):
        _set_dataset(dataset, values)
    return dataset


@dataclass(frozen=True)
class Imported:
    """What an import did: the figures it stored, the years they replaced."""

    dataset: Dataset
    figures: int
    years: tuple[int, ...]
    replaced: int


@transaction.atomic
def dataset_import(
    *,
    actor: Actor,
    dataset: Dataset,
    content: bytes,
    name: str = "",
    illustrative: bool = False,
) -> Imported:
    """Import a CSV file of figures into a dataset, all or nothing: every row is checked
    (``accord.commissioning.evidence``) and a file with any problem is refused with each
    problem's row and column (``FileRefused``), storing nothing. A good file's years replace
    what the dataset held for those years; other years stay. One audit event records the
    import (the file's name and digest, the years, the figures before and after).
    ``illustrative``: the demo's invented figures, marked so wherever they are shown."""
    dataset = Dataset.objects.select_for_update().get(pk=dataset.pk)
    districts = {
        district_key(partner.name): partner.pk
        for partner in Partner.objects.filter(
            partnership_id=dataset.partnership_id, kind=PartnerKind.DISTRICT_COUNCIL
        )
    }
    rows = read_figures(content, kind=dataset.kind, whole=dataset.counts, districts=districts)
    years = tuple(sorted({row.financial_year for row in rows}))
    held = dataset.figures.count()
    replaced, _ = dataset.figures.filter(financial_year__in=years).delete()
    marked = ["value"] if illustrative else []
    figures = [
        Figure(
            partnership_id=dataset.partnership_id,
            dataset=dataset,
            financial_year=row.financial_year,
            district_id=row.district_id,
            client_group=row.client_group,
            category=row.category,
            value=row.value,
            illustrative=marked,
        )
        for row in rows
    ]
    Figure.objects.bulk_create(figures, batch_size=500)
    audit_record(
        actor=actor,
        action="dataset.import",
        obj=dataset,
        changes={
            "figures": [held, held - replaced + len(figures)],
            "file": [None, name[:NAME]],
            "sha256": [None, hashlib.sha256(content).hexdigest()],
            "years": [None, [financial_year_label(year) for year in years]],
        },
    )
    return Imported(dataset, len(figures), years, replaced)

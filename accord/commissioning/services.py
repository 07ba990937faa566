"""Writes of the commissioning register: each an audited service (docs/adding-an-app.md)."""

import datetime
import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from accord.audit.services import Actor, audit_record, audited, delete_audited, save_audited
from accord.core.errors import AccordError
from accord.core.money import (
    FIRST_FINANCIAL_YEAR,
    LAST_FINANCIAL_YEAR,
    MONEY_MAX,
    ZERO,
    financial_year_label,
    financial_year_of,
)
from accord.core.text import NAME
from accord.decisions.models import Proposal, ProposalKind, ProposalState
from accord.governance.models import Partner, PartnerKind
from accord.partnerships.models import Partnership
from accord.rules.lifecycle import CONTRACT, LifecycleError

from . import contract_hooks, measures
from .evidence import district_key, read_figures
from .models import (
    ACCOMMODATION_MODELS,
    AUTHORISING_KIND,
    DECIDED_REASONS,
    AnnualPlanAction,
    ClientGroup,
    CommissioningIntention,
    Contract,
    ContractStatus,
    ContractTermination,
    ContractValue,
    ContractVariation,
    Dataset,
    Figure,
    ProcurementRoute,
    Provider,
    ProviderStaff,
    Service,
    ServiceChange,
    ServiceClientGroup,
    ServiceLocation,
    ServiceStatus,
    Strategy,
    StrategyStatus,
    TargetOutcome,
    TerminationReason,
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
# The people who sign in for a provider (issue 18)


def staff_user(username: str) -> Any:
    """The active account with that username; a refusal naming the field otherwise."""
    username = username.strip()
    if not username:
        raise ValidationError({"username": "Enter the username of their Accord account"})
    user = get_user_model().objects.filter(username=username, is_active=True).first()
    if user is None:
        raise ValidationError({"username": f"No active account has the username {username!r}"})
    return user


@transaction.atomic
def provider_staff_add(
    *,
    actor: Actor,
    provider: Provider,
    username: str,
    start_date: datetime.date,
    end_date: datetime.date | None = None,
) -> ProviderStaff:
    """Let a person sign in for a provider from a date (a permission change): from then
    they see and submit the returns of its services, and nothing else of the partnership.
    A person has one term at a time with a provider."""
    user = staff_user(username)
    term = ProviderStaff(
        partnership_id=provider.partnership_id,
        provider=provider,
        user=user,
        start_date=start_date,
        end_date=end_date,
    )
    term.full_clean()
    overlapping = ProviderStaff.objects.select_for_update().filter(provider=provider, user=user)
    overlapping = overlapping.filter(Q(end_date__isnull=True) | Q(end_date__gte=start_date))
    if end_date is not None:
        overlapping = overlapping.filter(start_date__lte=end_date)
    if overlapping.exists():
        raise ValidationError(
            {"username": f"{user.get_username()} already signs in for {provider.name} then"}
        )
    return save_audited(term, actor=actor, action="provider_staff.add")


@transaction.atomic
def provider_staff_end(
    *, actor: Actor, term: ProviderStaff, end_date: datetime.date
) -> ProviderStaff:
    """End a person's term with a provider on a date (the last day they sign in for it)."""
    term = ProviderStaff.objects.select_for_update().get(pk=term.pk)
    if term.end_date is not None and term.end_date <= end_date:
        raise ValidationError({"end_date": f"The term already ends on {term.end_date:%-d %B %Y}"})
    with audited(term, actor=actor, action="provider_staff.end"):
        term.end_date = end_date
    return term


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


# Contracts (issue 15 item 3)

# The fields a contract's form and the API's ContractIn set (its services and status apart).
CONTRACT_FIELDS = (
    "reference",
    "title",
    "provider",
    "form",
    "route",
    "department",
    "start_date",
    "end_date",
    "review_date",
    "extension_options",
    "extension_decision_by",
    "irrecoverable_vat",
    "decision",
)
CONTRACT_TEXT_FIELDS = frozenset({"reference", "title", "department", "extension_options"})


def money(value: object, *, field: str) -> Decimal:
    """An amount of pounds and pence from what was typed or sent ("1250.5", 1250, a
    Decimal): exact, 0 or more, at most two places; anything else refused naming the field."""
    if isinstance(value, float):  # a float is not exact: the API sends strings
        value = str(value)
    try:
        amount = Decimal(str(value).strip().replace(",", "").removeprefix("£"))
    except (InvalidOperation, ValueError):
        raise ValidationError({field: "Enter an amount in pounds, for example 1250.50"}) from None
    if not amount.is_finite():
        raise ValidationError({field: "Enter an amount in pounds, for example 1250.50"})
    if amount < 0:
        raise ValidationError({field: "Must be 0 or more"})
    if amount != amount.quantize(Decimal("0.01")):
        raise ValidationError({field: "Give pounds and pence: at most 2 decimal places"})
    if amount > MONEY_MAX:
        raise ValidationError({field: "Must be under a trillion pounds"})
    return amount.quantize(Decimal("0.01"))


def decision_problem(
    *, partnership_id: int, route: str, status: str, decision: Proposal | None
) -> str:
    """Why the decision cannot stand behind a contract let by this route in this status
    ("" when it can). A contract is entered as let (or as ended or terminated, which it
    was let before) only with its carried decision of the partnership: a tender award for
    a tendered contract, an instruction to contract for one let without a tender (a quote,
    or direct: a grant, a spot purchase, an extension). Source: seed 004 (the board
    "approves tenders" and "instructs Administering Authority to contract with
    providers"); issue 15 item 3."""
    needed = AUTHORISING_KIND.get(ProcurementRoute(route)) if route in ProcurementRoute else None
    if decision is None:
        if status == ContractStatus.PLANNED or needed is None:
            return ""
        how = (
            "A tendered contract"
            if route == ProcurementRoute.TENDER
            else "A contract let without a tender"
        )
        return (
            f"{how} is entered as {ContractStatus(status).label.lower()} only with the "
            f"carried decision that authorised it: choose its {ProposalKind(needed).label.lower()}"
        )
    if decision.partnership_id != partnership_id:
        return "Choose a decision of this partnership"
    if needed is not None and decision.kind != needed:
        return (
            f"“{decision.title}” is a {ProposalKind(decision.kind).label.lower()}: a contract "
            f"let by {ProcurementRoute(route).label[0].lower()}{ProcurementRoute(route).label[1:]} "
            f"needs a {ProposalKind(needed).label.lower()}"
        )
    if status != ContractStatus.PLANNED and decision.state != ProposalState.CARRIED:
        state = ProposalState(decision.state).label.lower()
        return (
            f"“{decision.title}” is {state}, not carried: a contract is let only on a "
            "carried decision"
        )
    return ""


def _contract_set(contract: Contract, values: dict[str, Any]) -> None:
    unknown = sorted(set(values) - set(CONTRACT_FIELDS))
    if unknown:
        raise TypeError(f"not a contract's field: {', '.join(unknown)}")
    for name, value in values.items():
        if name in CONTRACT_TEXT_FIELDS:
            value = "" if value is None else str(value).strip()
        elif name == "irrecoverable_vat":
            value = money(ZERO if value in (None, "") else value, field=name)
        setattr(contract, name, value)


def _contract_check(contract: Contract, services: list[Service] | None) -> None:
    """Everything a contract's record must satisfy, each refusal naming its field."""
    errors: dict[str, str] = {}
    partnership_id = contract.partnership_id
    provider = contract.provider if contract.provider_id else None
    if provider is not None and provider.partnership_id != partnership_id:
        errors["provider"] = "Choose a provider of this partnership"
    if services is not None:
        for service in services:
            if service.partnership_id != partnership_id:
                errors["services"] = f"{service.reference} is not a service of this partnership"
                break
            if provider is not None and service.provider_id != provider.pk:
                errors["services"] = (
                    f"{service.reference} is run by another provider: a contract covers only "
                    "its provider's services"
                )
                break
    problem = decision_problem(
        partnership_id=partnership_id,
        route=contract.route,
        status=contract.status,
        decision=contract.decision,
    )
    if problem:
        errors["decision"] = problem
    start, end = contract.start_date, contract.end_date
    if isinstance(start, datetime.date) and isinstance(end, datetime.date):
        if end < start:
            errors["end_date"] = "The end date cannot be before the start date"
        if contract.review_date and contract.review_date < start:
            errors["review_date"] = "The review date cannot be before the start date"
        by = contract.extension_decision_by
        if by and by > end:
            errors["extension_decision_by"] = "Decide on an extension by the end date at the latest"
        if contract.pk and end >= start:
            first, last = financial_year_of(start), financial_year_of(end)
            years = ContractValue.objects.filter(contract=contract).values_list(
                "financial_year", flat=True
            )
            outside = sorted(year for year in years if not first <= year <= last)
            if outside:
                field = "start_date" if outside[0] < first else "end_date"
                labels = ", ".join(financial_year_label(year) for year in outside)
                errors[field] = (
                    f"The contract has a value for {labels}, outside these dates: remove it first"
                )
    others = Contract.objects.filter(partnership_id=partnership_id).exclude(pk=contract.pk)
    if contract.reference and others.filter(reference__iexact=contract.reference).exists():
        errors["reference"] = "This partnership already has a contract with that reference"
    if errors:
        raise ValidationError(errors)


def _services_change(before: list[str], after: list[str]) -> dict[str, list[Any]]:
    return {} if before == after else {"services": [before, after]}


@transaction.atomic
def contract_create(
    *,
    actor: Actor,
    partnership: Partnership,
    reference: str,
    title: str,
    provider: Provider,
    form: str,
    route: str,
    department: str,
    start_date: datetime.date,
    end_date: datetime.date,
    review_date: datetime.date | None = None,
    extension_options: str = "",
    extension_decision_by: datetime.date | None = None,
    irrecoverable_vat: Decimal | str | int = ZERO,
    decision: Proposal | None = None,
    services: Iterable[Service] = (),
    status: str = ContractStatus.PLANNED,
) -> Contract:
    """Enter a contract: planned, or as let (an existing contract) with the carried
    decision that authorised it; with the services it covers (its provider's)."""
    values = {k: v for k, v in locals().items() if k in CONTRACT_FIELDS}
    covered = list(services)
    if status not in ContractStatus.values:
        raise ValidationError({"status": f"Choose one of: {', '.join(ContractStatus.values)}"})
    contract = Contract(partnership=partnership, status=status)
    _contract_set(contract, values)
    _contract_check(contract, covered)
    references = sorted(service.reference for service in covered)
    save_audited(
        contract, actor=actor, action="contract.create", changes=_services_change([], references)
    )
    contract.services.set(covered)
    return contract


@transaction.atomic
def contract_update(
    *,
    actor: Actor,
    contract: Contract,
    reference: str,
    title: str,
    provider: Provider,
    form: str,
    route: str,
    department: str,
    start_date: datetime.date,
    end_date: datetime.date,
    review_date: datetime.date | None = None,
    extension_options: str = "",
    extension_decision_by: datetime.date | None = None,
    irrecoverable_vat: Decimal | str | int = ZERO,
    decision: Proposal | None = None,
    services: Iterable[Service] = (),
) -> Contract:
    """Change a contract's record and the services it covers (every field, as the form and
    the API's PUT send them). Its status changes apart (``contract_status_change``); a let
    contract keeps a decision that authorises it."""
    values = {k: v for k, v in locals().items() if k in CONTRACT_FIELDS}
    covered = list(services)
    contract = Contract.objects.select_for_update().get(pk=contract.pk)
    before = sorted(contract.services.values_list("reference", flat=True))
    after = sorted(service.reference for service in covered)
    with audited(
        contract, actor=actor, action="contract.update", changes=_services_change(before, after)
    ):
        _contract_set(contract, values)
        _contract_check(contract, covered)
    contract.services.set(covered)
    return contract


# The statuses a contract moves to, and the lifecycle's trigger for each.
STATUS_TRIGGERS = {
    ContractStatus.LET.value: "let",
    ContractStatus.ENDED.value: "end",
    ContractStatus.TERMINATED.value: "terminate",
}


@transaction.atomic
def contract_status_change(
    *, actor: Actor, contract: Contract, status: str, decision: Proposal | None = None
) -> Contract:
    """Move a contract along its life (``accord.rules.lifecycle.CONTRACT``): let it, with
    the carried decision that authorised it (``decision``, or the one it names already);
    record that it ended or was terminated early."""
    trigger = STATUS_TRIGGERS.get(status)
    if trigger is None:
        choices = ", ".join(STATUS_TRIGGERS)
        raise ValidationError({"status": f"Choose the status it moves to: {choices}"})
    contract = Contract.objects.select_for_update().get(pk=contract.pk)
    try:
        CONTRACT.require(contract.status, trigger)
    except LifecycleError as error:
        raise AccordError(str(error), field="status") from error
    with audited(contract, actor=actor, action=f"contract.{trigger}"):
        contract.status = status
        if decision is not None:
            contract.decision = decision
        _contract_check(contract, None)
    return contract


def _year_in_term(contract: Contract, financial_year: object) -> int:
    if isinstance(financial_year, bool) or not isinstance(financial_year, int):
        raise ValidationError({"financial_year": "Enter the year it starts in, for example 2004"})
    if not FIRST_FINANCIAL_YEAR <= financial_year <= LAST_FINANCIAL_YEAR:
        raise ValidationError(
            {"financial_year": f"Enter a year from {FIRST_FINANCIAL_YEAR} to {LAST_FINANCIAL_YEAR}"}
        )
    first, last = financial_year_of(contract.start_date), financial_year_of(contract.end_date)
    if not first <= financial_year <= last:
        raise ValidationError(
            {
                "financial_year": f"{financial_year_label(financial_year)} is outside the "
                f"contract's term ({financial_year_label(first)} to {financial_year_label(last)})"
            }
        )
    return financial_year


@transaction.atomic
def contract_value_set(
    *, actor: Actor, contract: Contract, financial_year: int, amount: Decimal | str | int
) -> ContractValue:
    """Record (or correct) the contract's value in one financial year of its term."""
    contract = Contract.objects.select_for_update().get(pk=contract.pk)
    year = _year_in_term(contract, financial_year)
    pounds = money(amount, field="amount")
    row = ContractValue.objects.filter(contract=contract, financial_year=year).first()
    if row is None:
        row = ContractValue(partnership_id=contract.partnership_id, contract=contract)
        row.financial_year = year
        row.amount = pounds
        return save_audited(row, actor=actor, action="contract.value_set")
    with audited(row, actor=actor, action="contract.value_set"):
        row.amount = pounds
    return row


@transaction.atomic
def contract_value_remove(*, actor: Actor, contract: Contract, financial_year: int) -> None:
    """Remove the contract's value for one financial year."""
    contract = Contract.objects.select_for_update().get(pk=contract.pk)
    row = ContractValue.objects.filter(contract=contract, financial_year=financial_year).first()
    if row is None:
        label = (
            financial_year_label(financial_year)
            if isinstance(financial_year, int)
            else str(financial_year)
        )
        raise ValidationError({"financial_year": f"The contract has no value for {label}"})
    delete_audited(row, actor=actor, action="contract.value_remove")


# ---------------------------------------------------------------------------------------
# The strategy and the annual plan (issue 15 item 5)


def _strategy_check(strategy: Strategy) -> None:
    """Years in order; a decision of this partnership, of kind strategy and carried, for a
    strategy adopted (or since superseded); none for a draft. Refused naming the field."""
    errors: dict[str, str] = {}
    if (
        strategy.first_year is not None
        and strategy.last_year is not None
        and strategy.last_year < strategy.first_year
    ):
        errors["last_year"] = "The last financial year cannot be before the first"
    decision = strategy.decision
    if strategy.status == StrategyStatus.DRAFT:
        if decision is not None:
            errors["decision"] = "A draft has no adopting decision: leave it empty"
    elif decision is None:
        errors["decision"] = "Choose the carried decision that adopted the strategy"
    elif decision.partnership_id != strategy.partnership_id:
        errors["decision"] = "Choose a decision of this partnership"
    elif decision.kind != ProposalKind.STRATEGY:
        errors["decision"] = "Choose a decision on a strategy (this one is of another kind)"
    elif decision.state != ProposalState.CARRIED:
        errors["decision"] = "Choose a decision that was carried (this one was not)"
    others = Strategy.objects.filter(partnership_id=strategy.partnership_id).exclude(pk=strategy.pk)
    if strategy.title and others.filter(title__iexact=strategy.title.strip()).exists():
        errors["title"] = "This partnership already has a strategy of that title"
    if errors:
        raise ValidationError(errors)


def _strategy_set(
    strategy: Strategy,
    *,
    title: str,
    summary: str,
    first_year: int,
    last_year: int,
    status: str,
    decision: Proposal | None,
) -> None:
    strategy.title = title.strip()
    strategy.summary = summary.strip()
    strategy.first_year = first_year
    strategy.last_year = last_year
    strategy.status = status
    strategy.decision = decision
    _strategy_check(strategy)


@transaction.atomic
def strategy_create(
    *,
    actor: Actor,
    partnership: Partnership,
    title: str,
    first_year: int,
    last_year: int,
    summary: str = "",
    status: str = StrategyStatus.DRAFT,
    decision: Proposal | None = None,
) -> Strategy:
    """Add a strategy (a draft, or one adopted by its carried decision)."""
    strategy = Strategy(partnership=partnership)
    _strategy_set(
        strategy,
        title=title,
        summary=summary,
        first_year=first_year,
        last_year=last_year,
        status=status,
        decision=decision,
    )
    return save_audited(strategy, actor=actor, action="strategy.create")


@transaction.atomic
def strategy_update(
    *,
    actor: Actor,
    strategy: Strategy,
    title: str,
    first_year: int,
    last_year: int,
    summary: str = "",
    status: str = StrategyStatus.DRAFT,
    decision: Proposal | None = None,
) -> Strategy:
    """Change a strategy: its title, years, status and adopting decision. Its outcomes'
    target dates and its actions' years must stay within the years."""
    strategy = Strategy.objects.select_for_update().get(pk=strategy.pk)
    with audited(strategy, actor=actor, action="strategy.update"):
        _strategy_set(
            strategy,
            title=title,
            summary=summary,
            first_year=first_year,
            last_year=last_year,
            status=status,
            decision=decision,
        )
        errors = {}
        if strategy.outcomes.exclude(
            target_date__range=(strategy.starts_on, strategy.ends_on)
        ).exists():
            errors["last_year"] = "A target outcome's date would fall outside the strategy"
        if strategy.actions.exclude(financial_year__in=list(strategy.years)).exists():
            errors["first_year"] = "An action of the annual plan would fall outside the strategy"
        if errors:
            raise ValidationError(errors)
    return strategy


def _within(strategy: Strategy, day: datetime.date | None) -> bool:
    return day is None or strategy.starts_on <= day <= strategy.ends_on


def _figure(value: Any) -> Any:
    """A figure as it is stored (two places), so what a change returns is what a read
    gives; what is not a number is left for the field's validation to refuse."""
    try:
        return None if value is None else Decimal(str(value)).quantize(Decimal("0.01"))
    except ArithmeticError:
        return value


def _outcome_set(outcome: TargetOutcome, values: dict[str, Any]) -> None:
    strategy = outcome.strategy
    outcome.title = str(values["title"]).strip()
    outcome.measure = values["measure"]
    outcome.delivery_model = values.get("delivery_model") or ""
    outcome.service_type = values.get("service_type") or ""
    outcome.client_group = values.get("client_group")
    outcome.capacity_unit = values.get("capacity_unit") or ""
    outcome.target_figure = _figure(values["target_figure"])
    outcome.target_date = values["target_date"]
    outcome.baseline_figure = _figure(values.get("baseline_figure"))
    outcome.baseline_date = values["baseline_date"]
    errors = measures.check(outcome.measure, measures.Filters.of(outcome))
    measure = measures.get(outcome.measure)
    for name in ("target_figure", "baseline_figure"):
        figure = getattr(outcome, name)
        counted = measure is not None and not measure.money and figure is not None
        if counted and Decimal(figure) != Decimal(figure).to_integral_value():
            errors[name] = "Enter a whole number: this measure counts"
    if not _within(strategy, outcome.target_date):
        errors["target_date"] = (
            f"The target date must be within the strategy ({strategy.period}: "
            f"{strategy.starts_on:%-d %B %Y} to {strategy.ends_on:%-d %B %Y})"
        )
    dates = outcome.baseline_date and outcome.target_date
    if dates and outcome.baseline_date >= outcome.target_date:
        errors["baseline_date"] = "The baseline date must be before the target date"
    if errors:
        raise ValidationError(errors)


OUTCOME_FIELDS = (
    "title",
    "measure",
    "delivery_model",
    "service_type",
    "client_group",
    "capacity_unit",
    "target_figure",
    "target_date",
    "baseline_figure",
    "baseline_date",
)


@transaction.atomic
def outcome_create(
    *,
    actor: Actor,
    strategy: Strategy,
    title: str,
    measure: str,
    target_figure: Decimal | int,
    target_date: datetime.date,
    baseline_date: datetime.date,
    baseline_figure: Decimal | int | None = None,
    delivery_model: str = "",
    service_type: str = "",
    client_group: int | None = None,
    capacity_unit: str = "",
) -> TargetOutcome:
    """Add a target outcome to a strategy: a figure of a registered measure by a date."""
    values = {k: v for k, v in locals().items() if k in OUTCOME_FIELDS}
    outcome = TargetOutcome(partnership_id=strategy.partnership_id, strategy=strategy)
    _outcome_set(outcome, values)
    return save_audited(outcome, actor=actor, action="outcome.create")


@transaction.atomic
def outcome_update(
    *,
    actor: Actor,
    outcome: TargetOutcome,
    title: str,
    measure: str,
    target_figure: Decimal | int,
    target_date: datetime.date,
    baseline_date: datetime.date,
    baseline_figure: Decimal | int | None = None,
    delivery_model: str = "",
    service_type: str = "",
    client_group: int | None = None,
    capacity_unit: str = "",
) -> TargetOutcome:
    """Change a target outcome (every field, as the form and the API send them)."""
    values = {k: v for k, v in locals().items() if k in OUTCOME_FIELDS}
    outcome = (
        TargetOutcome.objects.select_for_update().select_related("strategy").get(pk=outcome.pk)
    )
    with audited(outcome, actor=actor, action="outcome.update"):
        _outcome_set(outcome, values)
    return outcome


def _intention_check(intention: CommissioningIntention) -> None:
    others = CommissioningIntention.objects.filter(strategy_id=intention.strategy_id).exclude(
        pk=intention.pk
    )
    if others.filter(client_group=intention.client_group).exists():
        raise ValidationError(
            {"client_group": "The strategy already has an intention for that client group"}
        )


@transaction.atomic
def intention_create(
    *,
    actor: Actor,
    strategy: Strategy,
    client_group: int,
    direction: str,
    rationale: str,
) -> CommissioningIntention:
    """Add the strategy's commissioning intention for a client group: increase,
    maintain, reduce, remodel or decommission its services (``direction``), and why."""
    row = CommissioningIntention(
        partnership_id=strategy.partnership_id,
        strategy=strategy,
        client_group=client_group,
        direction=direction,
        rationale=rationale.strip(),
    )
    _intention_check(row)
    return save_audited(row, actor=actor, action="intention.create")


@transaction.atomic
def intention_update(
    *,
    actor: Actor,
    intention: CommissioningIntention,
    client_group: int,
    direction: str,
    rationale: str,
) -> CommissioningIntention:
    """Change an intention: its client group, what is intended, why."""
    row = CommissioningIntention.objects.select_for_update().get(pk=intention.pk)
    with audited(row, actor=actor, action="intention.update"):
        row.client_group = client_group
        row.direction = direction
        row.rationale = rationale.strip()
        _intention_check(row)
    return row


def _ids(rows: Iterable[Any]) -> list[int]:
    return sorted(row.pk for row in rows)


def _action_check(action: AnnualPlanAction, links: dict[str, Sequence[Any]]) -> None:
    strategy = action.strategy
    errors: dict[str, str] = {}
    if action.financial_year is not None and action.financial_year not in strategy.years:
        errors["financial_year"] = (
            f"Choose a year of the strategy ({strategy.period}: "
            f"{strategy.first_year} to {strategy.last_year})"
        )
    if not _within(strategy, action.due_date):
        errors["due_date"] = (
            f"The due date must be within the strategy ({strategy.starts_on:%-d %B %Y} to "
            f"{strategy.ends_on:%-d %B %Y})"
        )
    for name, rows in links.items():
        if any(row.partnership_id != action.partnership_id for row in rows):
            errors[name] = f"Choose {name} of this partnership"
    if errors:
        raise ValidationError(errors)


ACTION_LINKS = ("proposals", "services", "contracts")


@transaction.atomic
def action_create(
    *,
    actor: Actor,
    strategy: Strategy,
    financial_year: int,
    text: str,
    due_date: datetime.date,
    status: str = "planned",
    proposals: Sequence[Proposal] = (),
    services: Sequence[Service] = (),
    contracts: Sequence[Contract] = (),
) -> AnnualPlanAction:
    """Add an action to the strategy's annual plan for a year, linked to the proposals
    and decisions that carry it out and the services and contracts it changes."""
    action = AnnualPlanAction(
        partnership_id=strategy.partnership_id,
        strategy=strategy,
        financial_year=financial_year,
        text=text.strip(),
        due_date=due_date,
        status=status,
    )
    links: dict[str, Sequence[Any]] = {
        "proposals": proposals,
        "services": services,
        "contracts": contracts,
    }
    _action_check(action, links)
    changes = {name: [[], _ids(rows)] for name, rows in links.items() if rows}
    with audited(action, actor=actor, action="action.create", changes=changes):
        pass
    for name, rows in links.items():
        getattr(action, name).set(rows)
    return action


@transaction.atomic
def action_update(
    *,
    actor: Actor,
    action: AnnualPlanAction,
    financial_year: int,
    text: str,
    due_date: datetime.date,
    status: str,
    proposals: Sequence[Proposal] = (),
    services: Sequence[Service] = (),
    contracts: Sequence[Contract] = (),
) -> AnnualPlanAction:
    """Change an action of the annual plan, its status and its links."""
    action = (
        AnnualPlanAction.objects.select_for_update().select_related("strategy").get(pk=action.pk)
    )
    links: dict[str, Sequence[Any]] = {
        "proposals": proposals,
        "services": services,
        "contracts": contracts,
    }
    changes = {}
    for name, rows in links.items():
        before = sorted(getattr(action, name).values_list("pk", flat=True))
        if before != _ids(rows):
            changes[name] = [before, _ids(rows)]
    with audited(action, actor=actor, action="action.update", changes=changes):
        action.financial_year = financial_year
        action.text = text.strip()
        action.due_date = due_date
        action.status = status
        _action_check(action, links)
    for name, rows in links.items():
        getattr(action, name).set(rows)
    return action


# ---------------------------------------------------------------------------------------
# Variations and termination (issue 16 items 6 and 7), for every contract of the register,
# tendered or not. A variation changes the contract's own fields (its current values are
# the latest after its variations) and keeps what it changed, before and after; the
# pooled budget's commitments read the annual values, so a varied value counts from the
# financial year it is given for (docs/contract-variations.md).

VARIATION_KIND = ProposalKind.CONTRACT_VARIATION
# A termination the partnership chose follows its board's decision: a contract variation
# decision, or the commissioning decision (decommissioning a service) it carries out.
TERMINATION_KINDS = (ProposalKind.CONTRACT_VARIATION, ProposalKind.COMMISSIONING_DECISION)


def _carried_decision(
    contract: Contract, decision: Proposal | None, *, kinds: Sequence[str], agreed_on: object
) -> str:
    """Why the decision cannot approve this change ("" when it can)."""
    wanted = " or ".join(ProposalKind(kind).label.lower() for kind in kinds)
    if decision is None:
        return f"Choose the board's carried decision approving it: a {wanted}"
    if decision.partnership_id != contract.partnership_id:
        return "Choose a decision of this partnership"
    if decision.kind not in kinds:
        return (
            f"“{decision.title}” is a {ProposalKind(decision.kind).label.lower()}: choose a "
            f"{wanted}"
        )
    if decision.state != ProposalState.CARRIED:
        state = ProposalState(decision.state).label.lower()
        return f"“{decision.title}” is {state}, not carried: choose a carried decision"
    if (
        isinstance(agreed_on, datetime.date)
        and decision.decided_on is not None
        and decision.decided_on > agreed_on
    ):
        return (
            f"“{decision.title}” was carried on {decision.decided_on:%-d %B %Y}, after the "
            f"date agreed ({agreed_on:%-d %B %Y})"
        )
    return ""


def _lifecycle(contract: Contract, trigger: str, field: str) -> None:
    try:
        CONTRACT.require(contract.status, trigger)
    except LifecycleError as error:
        raise AccordError(str(error), field=field) from error


def _money_text(amount: Decimal | None) -> str | None:
    return None if amount is None else f"{amount:.2f}"


@transaction.atomic
def contract_vary(
    *,
    actor: Actor,
    contract: Contract,
    agreed_on: datetime.date,
    effective_on: datetime.date,
    reason: str,
    decision: Proposal | None,
    end_date: datetime.date | None = None,
    values: dict[int, Decimal | str | int] | None = None,
    services: Iterable[Service] | None = None,
    capacities: dict[Service, int] | None = None,
    notice_published_on: datetime.date | None = None,
    notice_text: str = "",
) -> ContractVariation:
    """Vary a let contract on the board's carried decision of the kind contract
    variation (field ``decision``): its end date (an extension, or a shorter term), its
    value in financial years from the one the variation takes effect in, the services it
    covers (its provider's), a covered service's capacity. Everything given that differs
    from the contract's current record changes; the variation keeps each before and after.
    A shorter term takes off the values of the years it no longer reaches. Refused, with
    nothing changed: without the decision, on a contract not let, with nothing to change."""
    contract = Contract.objects.select_for_update().get(pk=contract.pk)
    _lifecycle(contract, "vary", "status")
    errors: dict[str, str] = {}
    problem = _carried_decision(contract, decision, kinds=(VARIATION_KIND,), agreed_on=agreed_on)
    if problem:
        errors["decision"] = problem
    reason = (reason or "").strip()
    if not reason:
        errors["reason"] = "Enter the reason for the variation"
    if not isinstance(effective_on, datetime.date):
        errors["effective_on"] = "Enter the date it takes effect"
    elif not contract.start_date <= effective_on <= contract.end_date:
        errors["effective_on"] = (
            f"A variation takes effect within the contract's term, {contract.start_date:%-d %B %Y}"
            f" to {contract.end_date:%-d %B %Y}"
        )
    if not isinstance(agreed_on, datetime.date):
        errors["agreed_on"] = "Enter the date it was agreed"
    new_end = contract.end_date if end_date is None else end_date
    if isinstance(effective_on, datetime.date) and new_end < max(effective_on, contract.start_date):
        errors["end_date"] = "The new end date cannot be before the variation takes effect"
    if errors:
        raise ValidationError(errors)
    first_year, last_year = financial_year_of(contract.start_date), financial_year_of(new_end)
    from_year = financial_year_of(effective_on)
    current = {
        row.financial_year: row
        for row in ContractValue.objects.filter(contract=contract).select_for_update()
    }
    new_values: dict[int, Decimal] = {}
    for year, amount in (values or {}).items():
        if isinstance(year, bool) or not isinstance(year, int):
            raise ValidationError({"values": "Name each year by the year it starts in: 2008"})
        label = financial_year_label(year)
        if not first_year <= year <= last_year:
            raise ValidationError({"values": f"{label} is outside the contract's term"})
        if year < from_year:
            raise ValidationError(
                {
                    "values": f"{label} is before the variation takes effect "
                    f"({financial_year_label(from_year)}): a variation changes no past year"
                }
            )
        pounds = money(amount, field="values")
        before = current[year].amount if year in current else None
        if before != pounds:
            new_values[year] = pounds
    dropped = sorted(year for year in current if year > last_year)
    changes: dict[str, Any] = {}
    value_changes = {
        str(year): [_money_text(current[year].amount if year in current else None), f"{v:.2f}"]
        for year, v in sorted(new_values.items())
    }
    value_changes.update({str(year): [f"{current[year].amount:.2f}", None] for year in dropped})
    if value_changes:
        changes["values"] = dict(sorted(value_changes.items()))
    if new_end != contract.end_date:
        changes["end_date"] = [contract.end_date.isoformat(), new_end.isoformat()]
    covered_before = list(contract.services.all())
    covered = covered_before if services is None else list(services)
    references_before = sorted(s.reference for s in covered_before)
    references = sorted(s.reference for s in covered)
    if references != references_before:
        _contract_check(contract, covered)  # the provider's services, of the partnership
        changes["services"] = [references_before, references]
    capacity_changes: dict[str, list[int]] = {}
    covered_ids = {s.pk for s in covered}
    for service, capacity in (capacities or {}).items():
        if service.pk not in covered_ids:
            raise ValidationError(
                {"capacities": f"{service.reference} is not a service the contract covers"}
            )
        number = _whole_number(capacity, "capacities")
        if number != service.capacity:
            capacity_changes[service.reference] = [service.capacity, number]
    if capacity_changes:
        changes["capacity"] = capacity_changes
    if not changes:
        raise ValidationError(
            "Nothing changes: give a new end date, a new value, other services or a capacity"
        )
    # The changes, each audited as the contract's variation.
    action = "contract.vary"
    if "end_date" in changes:
        contract_end = contract.end_date
        with audited(contract, actor=actor, action=action):
            contract.end_date = new_end
            by = contract.extension_decision_by
            if by is not None and (new_end > contract_end or by > new_end):
                # Extended: the extension is decided, and the register's reminder to decide
                # it (``contracts_due``) is met. Shortened before it: nothing to decide.
                contract.extension_decision_by = None
            for year in dropped:
                delete_audited(current.pop(year), actor=actor, action=action)
            _contract_check(contract, None)
    for year, pounds in new_values.items():
        row = current.get(year)
        if row is None:
            row = ContractValue(partnership_id=contract.partnership_id, contract=contract)
            row.financial_year = year
            row.amount = pounds
            save_audited(row, actor=actor, action=action)
        else:
            with audited(row, actor=actor, action=action):
                row.amount = pounds
    if "services" in changes:
        contract.services.set(covered)
        audit_record(
            actor=actor,
            action=action,
            obj=contract,
            changes={"services": changes["services"]},
        )
    number = ContractVariation.objects.filter(contract=contract).count() + 1
    variation = ContractVariation(
        partnership_id=contract.partnership_id,
        contract=contract,
        number=number,
        agreed_on=agreed_on,
        effective_on=effective_on,
        reason=reason,
        decision=decision,
        changes=changes,
        notice_published_on=notice_published_on,
        notice_text=(notice_text or "").strip(),
    )
    save_audited(variation, actor=actor, action="contract_variation.create")
    for service in capacities or {}:
        if service.reference in capacity_changes:
            varied = Service.objects.select_for_update().get(pk=service.pk)
            with audited(varied, actor=actor, action="service.update"):
                varied.capacity = capacity_changes[service.reference][1]
            _history(
                actor=actor,
                service=varied,
                changes={"capacity": capacity_changes[service.reference]},
                summary=f"Capacity varied by variation {number} of {contract.reference}",
                changed_on=effective_on,
                decision=decision,
            )
    contract_hooks.on_contract_varied(variation, actor=actor)
    return variation


@transaction.atomic
def contract_terminate(
    *,
    actor: Actor,
    contract: Contract,
    terminated_on: datetime.date,
    reason_code: str,
    reason: str,
    decision: Proposal | None = None,
    final_year_value: Decimal | str | int | None = None,
    notice_published_on: datetime.date | None = None,
    notice_text: str = "",
) -> ContractTermination:
    """End a let contract early: it ends on ``terminated_on`` (its end date), its values
    for the financial years after that date are taken off (kept in the termination), and
    the terminating year's value is replaced when ``final_year_value`` is given. A reason
    the partnership chose (``DECIDED_REASONS``) needs its carried decision (a contract
    variation or a commissioning decision); a provider's notice or failure does not.
    Refused for a contract that is not let (ended, terminated, planned) or a date outside
    its term."""
    contract = Contract.objects.select_for_update().get(pk=contract.pk)
    _lifecycle(contract, "terminate", "terminated_on")
    errors: dict[str, str] = {}
    if reason_code not in TerminationReason.values:
        errors["reason_code"] = "Select why the contract ends early"
    reason = (reason or "").strip()
    if not reason:
        errors["reason"] = "Enter the reason the contract ends early"
    if not isinstance(terminated_on, datetime.date):
        errors["terminated_on"] = "Enter the date the contract ends"
    elif terminated_on >= contract.end_date:
        errors["terminated_on"] = (
            f"The contract ends on {contract.end_date:%-d %B %Y} anyway: a termination ends it "
            "before then (record that it ended instead)"
        )
    elif terminated_on < contract.start_date:
        errors["terminated_on"] = (
            f"The contract starts on {contract.start_date:%-d %B %Y}: it cannot end before it"
        )
    if decision is not None or reason_code in DECIDED_REASONS:
        problem = _carried_decision(
            contract, decision, kinds=TERMINATION_KINDS, agreed_on=terminated_on
        )
        if problem and decision is None:
            problem = (
                "The partnership ends this contract by its own choice: choose the board's "
                "carried decision (a contract variation or commissioning decision)"
            )
        if problem:
            errors["decision"] = problem
    pounds = None
    if final_year_value not in (None, ""):
        try:
            pounds = money(final_year_value, field="final_year_value")
        except ValidationError as error:
            errors.update({k: v[0] for k, v in error.message_dict.items()})
    if errors:
        raise ValidationError(errors)
    last_year = financial_year_of(terminated_on)
    current = {
        row.financial_year: row
        for row in ContractValue.objects.filter(contract=contract).select_for_update()
    }
    changes: dict[str, Any] = {}
    removed = {str(y): f"{row.amount:.2f}" for y, row in sorted(current.items()) if y > last_year}
    if removed:
        changes["values_removed"] = removed
    action = "contract.terminate"
    end_before = contract.end_date
    with audited(contract, actor=actor, action=action):
        for year in [y for y in current if y > last_year]:
            delete_audited(current.pop(year), actor=actor, action=action)
        contract.end_date = terminated_on
        contract.status = ContractStatus.TERMINATED
        by = contract.extension_decision_by
        if by is not None and by > terminated_on:
            contract.extension_decision_by = None
        _contract_check(contract, None)
    if pounds is not None:
        row = current.get(last_year)
        before = _money_text(row.amount if row else None)
        if row is None:
            row = ContractValue(partnership_id=contract.partnership_id, contract=contract)
            row.financial_year = last_year
            row.amount = pounds
            save_audited(row, actor=actor, action=action)
        else:
            with audited(row, actor=actor, action=action):
                row.amount = pounds
        if before != f"{pounds:.2f}":
            changes["final_year_value"] = {str(last_year): [before, f"{pounds:.2f}"]}
    termination = ContractTermination(
        partnership_id=contract.partnership_id,
        contract=contract,
        terminated_on=terminated_on,
        reason_code=reason_code,
        reason=reason,
        decision=decision,
        end_date_before=end_before,
        changes=changes,
        notice_published_on=notice_published_on,
        notice_text=(notice_text or "").strip(),
    )
    save_audited(termination, actor=actor, action="contract_termination.create")
    contract_hooks.on_contract_terminated(termination, actor=actor)
    return termination

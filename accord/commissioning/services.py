"""Writes of the commissioning register: each an audited service (docs/adding-an-app.md)."""

import hashlib
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from accord.audit.services import Actor, audit_record, audited, save_audited
from accord.core.money import financial_year_label
from accord.core.text import NAME
from accord.governance.models import Partner, PartnerKind
from accord.partnerships.models import Partnership

from .evidence import district_key, read_figures
from .models import Dataset, Figure, Provider
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

"""Writes of the commissioning register: each an audited service (docs/adding-an-app.md)."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from accord.audit.services import Actor, audited, save_audited
from accord.partnerships.models import Partnership

from .models import Provider
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

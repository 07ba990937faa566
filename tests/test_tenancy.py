"""Every tenant-owned table carries its partnership: the key on which the data would be
partitioned or distributed (README, Scaling), and the filter that isolates tenants.

The tenant models are found, not listed: every model that inherits
``accord.partnerships.models.PartnershipOwned``. A model of Accord's own that does not is
installation-wide, and must be named below knowingly.
"""

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models
from django.http import Http404

from accord.partnerships.models import Partnership, PartnershipOwned
from accord.partnerships.selectors import get_in

# Tables the distributed plan keeps whole on every node or on the coordinator.
INSTALLATION_WIDE = {
    "partnerships.partnership",  # the tenants themselves (a reference table)
    "audit.auditevent",  # one chain for the installation (README, Scaling)
    "audit.auditpersonal",  # the chain's erasable personal data, kept with its events
    "calendar.closureday",  # the installation's own calendar of working days
    "accounts.idempotentrequest",  # a caller's retried creates (docs/api.md), by caller
    "notifications.notificationpreference",  # a person's own choice, across partnerships
    "accounts.recoverycodedevice",  # a person's own second factor, as django-otp's app is
    "accounts.recoverycode",
    "core.ratewindow",  # a caller's request count (accord.core.ratelimit), by person or address
}


def tenant_models() -> list[type[PartnershipOwned]]:
    return [model for model in apps.get_models() if issubclass(model, PartnershipOwned)]


def accord_models() -> list[type[models.Model]]:
    return [model for model in apps.get_models() if model.__module__.startswith("accord.")]


def test_every_model_of_accord_is_tenant_owned_or_named_installation_wide():
    unowned = {
        model._meta.label_lower
        for model in accord_models()
        if not issubclass(model, PartnershipOwned)
    }
    assert unowned == INSTALLATION_WIDE


def test_every_tenant_owned_table_has_a_required_indexed_partnership_column():
    missing = []
    for model in tenant_models():
        field = next((f for f in model._meta.concrete_fields if f.name == "partnership"), None)
        if (
            field is None
            or field.null
            or field.related_model is not Partnership
            or not getattr(field, "db_index", False)
        ):
            missing.append(model._meta.label)
    # The register (10), meetings (5), decisions (6) and the programme team.
    assert len(tenant_models()) >= 22
    assert missing == []


def test_the_unique_rules_a_distribution_by_partnership_would_need_to_widen_are_known():
    """Citus (and PostgreSQL's own partitioning) need every unique constraint to include
    the distribution key. These are the ones that do not yet; the README's Scaling note
    lists them, and a new one must be added there (and here) knowingly."""
    without_key = sorted(
        # A rule on expressions (COALESCE of a nullable key) is named by its name.
        f"{model._meta.label}: {', '.join(constraint.fields) or constraint.name}"
        for model in tenant_models()
        for constraint in model._meta.constraints
        if isinstance(constraint, models.UniqueConstraint)
        and "partnership" not in constraint.fields
    )
    without_key += sorted(
        f"{model._meta.label}: {field.name}"
        for model in tenant_models()
        for field in model._meta.concrete_fields
        if (field.unique and not field.primary_key) or field.one_to_one
    )
    assert without_key == [
        "commissioning.ContractValue: contract, financial_year",
        "commissioning.Figure: figure_once_in_dataset",
        "commissioning.ServiceClientGroup: service, code",
        "decisions.Ballot: proposal",
        "decisions.Ballot: proposal, round",
        "decisions.Stage: proposal, order",
        "decisions.Vote: ballot, unit",
        "governance.BodyRule: version, body",
        "governance.Position: question, partner",
        "governance.Signature: amendment, partner",
        "meetings.AgendaItem: meeting, number",
        "meetings.Attendance: meeting, person",
        "meetings.Declaration: item, person",
        # A token is found by its digest before its partnership is known: the tokens would
        # be a reference table, like the users they belong to.
        "accounts.ApiToken: digest",
        "accounts.ApiToken: prefix",
        # Unique in the installation by design: Open Referral ids, and the service
        # reference providers quote in their returns (a lookup table would find the
        # partnership).
        "commissioning.Contract: uuid",
        "commissioning.Provider: uuid",
        "commissioning.Service: reference",
        "commissioning.Service: uuid",
        "commissioning.ServiceLocation: uuid",
        "decisions.Tabling: item",
        "governance.Amendment: version",
        "meetings.Paper: stored_name",
        "procurement.AssessmentSummary: bid",
    ]


@pytest.mark.django_db
def test_a_row_is_fetched_only_within_its_partnership(demo):
    oxfordshire = Partnership.objects.get(slug="oxfordshire")
    gloucestershire = Partnership.objects.get(slug="gloucestershire")
    fetched = []
    for model in tenant_models():
        row = model._default_manager.filter(partnership=oxfordshire).first()
        if row is None:
            continue
        fetched.append(model._meta.label)
        assert get_in(oxfordshire, model, row.pk) == row
        with pytest.raises(Http404):
            get_in(gloucestershire, model, row.pk)
        with pytest.raises(ValidationError) as refused:
            get_in(gloucestershire, model, row.pk, field="thing_id")
        assert list(refused.value.message_dict) == ["thing_id"]
    # The demo history holds rows of nearly every tenant model.
    assert len(fetched) >= 18


@pytest.mark.django_db
def test_a_row_refuses_to_point_into_another_partnership_when_cleaned(demo):
    """``PartnershipOwned.clean`` keeps isolation on every foreign key to a tenant row, for
    every tenant model: each such key is pointed at another partnership's row in turn."""
    oxfordshire = Partnership.objects.get(slug="oxfordshire")
    gloucestershire = Partnership.objects.get(slug="gloucestershire")
    checked = []
    for model in tenant_models():
        row = model._default_manager.filter(partnership=oxfordshire).first()
        if row is None:
            continue
        for field in model._meta.concrete_fields:
            related = field.related_model
            if not (
                field.is_relation
                and field.name != "partnership"
                and isinstance(related, type)
                and issubclass(related, PartnershipOwned)
            ):
                continue
            elsewhere = related._default_manager.filter(partnership=gloucestershire).first()
            if elsewhere is None:
                continue
            setattr(row, field.name, elsewhere)
            with pytest.raises(ValidationError) as refused:
                row.clean()
            assert field.name in refused.value.message_dict
            assert "Oxfordshire" in refused.value.message_dict[field.name][0]
            checked.append(f"{model._meta.label}.{field.name}")
            row.refresh_from_db()
    assert len(checked) >= 10

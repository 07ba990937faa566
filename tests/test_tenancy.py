"""Every tenant-owned table carries its partnership: the key on which the data would be
partitioned or distributed (README, Scaling), and the filter that isolates tenants."""

from django.apps import apps
from django.db import models

from accord.governance.models import Partnership

TENANT_APPS = ("governance", "meetings", "decisions")
# Tables the distributed plan keeps whole on every node or on the coordinator.
NOT_TENANT_OWNED = {"governance.partnership"}


def tenant_models() -> list[type[models.Model]]:
    return [
        model
        for app in TENANT_APPS
        for model in apps.get_app_config(app).get_models()
        if model._meta.label_lower not in NOT_TENANT_OWNED
    ]


def test_every_tenant_owned_table_has_a_required_partnership_column():
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
    assert len(tenant_models()) >= 18
    assert missing == []


def test_the_unique_rules_a_distribution_by_partnership_would_need_to_widen_are_known():
    """Citus (and PostgreSQL's own partitioning) need every unique constraint to include
    the distribution key. These are the ones that do not yet; the README's Scaling note
    lists them, and a new one must be added there (and here) knowingly."""
    without_key = sorted(
        f"{model._meta.label}: {', '.join(constraint.fields)}"
        for model in tenant_models()
        for constraint in model._meta.constraints
        if isinstance(constraint, models.UniqueConstraint)
        and "partnership" not in constraint.fields
    )
    without_key += sorted(
        f"{model._meta.label}: {field.name}"
        for model in tenant_models()
        for field in model._meta.concrete_fields
        if field.unique and not field.primary_key and not field.one_to_one
    )
    assert without_key == [
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
        "meetings.Paper: stored_name",
    ]

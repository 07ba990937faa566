"""Exports of the register: they name people, so each one is recorded in the audit trail."""

from typing import Any

from django.db import transaction

from accord.audit.services import Actor, audit_record
from accord.partnerships.models import Partnership

from ..popolo import popolo_export


@transaction.atomic
def popolo_export_record(*, actor: Actor, partnership: Partnership, via: str) -> dict[str, Any]:
    """The register as Popolo 1.0.1 (organizations, persons, posts, memberships), with the
    export recorded: who took it, of which partnership, in which format, by what means."""
    data = popolo_export(partnership)
    audit_record(
        actor=actor,
        action="register.export",
        obj=partnership,
        changes={"format": [None, "popolo"], "via": [None, via]},
    )
    return data

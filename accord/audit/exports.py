"""The audit trail as rows for CSV and JSON exports: each event's content (from which its
hash can be recomputed), then the client's address and user agent kept beside it (blank
when there were none, or they have been erased: ``personal_erased``)."""

import json
from typing import Any

from .models import AuditEvent

EXPORT_FIELDS = [
    "sequence",
    "occurred_at",
    "actor_id",
    "actor_name",
    "partnership_id",
    "action",
    "object_type",
    "object_id",
    "changes",
    "request_id",
    "previous_hash",
    "hash",
    "personal_digest",
    "client_address",
    "user_agent",
    "personal_erased",
]


def personal_of(event: AuditEvent) -> tuple[dict[str, Any], bool]:
    """The event's personal fields as kept now, and whether they were erased (read through
    ``select_related("personal")``, as ``audit_events`` gives the events)."""
    personal = getattr(event, "personal", None)
    if personal is None:
        return {}, False
    return personal.fields, personal.erased_by is not None


def event_row(event: AuditEvent) -> dict[str, Any]:
    personal, erased = personal_of(event)
    return {
        "sequence": event.sequence,
        "occurred_at": event.occurred_at.isoformat(),
        "actor_id": event.actor_id,
        "actor_name": event.actor_name,
        "partnership_id": event.partnership_id,
        "action": event.action,
        "object_type": event.object_type,
        "object_id": event.object_id,
        "changes": json.dumps(event.changes, ensure_ascii=False, sort_keys=True),
        "request_id": event.request_id,
        "previous_hash": event.previous_hash,
        "hash": event.hash,
        "personal_digest": event.personal_digest,
        "client_address": personal.get("client_address", ""),
        "user_agent": personal.get("user_agent", ""),
        "personal_erased": erased,
    }

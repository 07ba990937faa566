"""The audit trail as rows for CSV and JSON exports."""

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
]


def event_row(event: AuditEvent) -> dict[str, Any]:
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
    }

"""The hash chain: canonical content of an event and the hash over it. No database here.

An event's personal data (the client's address and user agent, and any personal field a
service records) is not in its content: it is kept beside the chain, erasably, and the
content carries only its salted digest (``personal_digest``), present only when the event
has personal data, so the events recorded before there was any hash as they always did.
"""

import hashlib
import json
from datetime import UTC, datetime
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder


def json_safe(value: Any) -> Any:
    """The value as it will read back from a JSON column: dates and decimals become strings."""
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder))


def canonical(content: dict[str, Any]) -> bytes:
    return json.dumps(
        content, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    ).encode()


def event_content(
    *,
    sequence: int,
    occurred_at: datetime,
    actor_id: int | None,
    actor_name: str,
    partnership_id: int | None,
    action: str,
    object_type: str,
    object_id: str,
    changes: dict[str, Any],
    request_id: str,
    previous_hash: str,
    personal_digest: str = "",
) -> dict[str, Any]:
    content = {
        "sequence": sequence,
        "occurred_at": occurred_at.astimezone(UTC).isoformat(),
        "actor_id": actor_id,
        "actor_name": actor_name,
        "partnership_id": partnership_id,
        "action": action,
        "object_type": object_type,
        "object_id": object_id,
        "changes": changes,
        "request_id": request_id,
        "previous_hash": previous_hash,
    }
    if personal_digest:
        content["personal_digest"] = personal_digest
    return content


def event_hash(content: dict[str, Any]) -> str:
    return hashlib.sha256(canonical(content)).hexdigest()


def personal_digest(fields: dict[str, Any], salt: str) -> str:
    """The digest of an event's personal data that its hash covers. Salted with a random
    value kept (and erased) with the data: without it, the digest of an address could be
    found by trying every address; once both are erased, it tells nothing."""
    return hashlib.sha256(canonical({"fields": fields, "salt": salt})).hexdigest()

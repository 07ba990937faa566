"""Writing to the audit trail. Every state-changing service writes its rows through
``audited`` (or ``save_audited``), which validates, saves and records the difference in one
transaction, so the change and its event commit or roll back together; ``audit_record``
appends an event that is not the change of one row (an export, a sign-in).

    with audited(meeting, actor=actor, action="meeting.update"):
        meeting.date = date  # checks that refuse here save nothing and record nothing
"""

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Generic, Literal, TypeVar

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import connection, models, transaction
from django.dispatch import Signal
from django.utils import timezone

from accord.core.requests import current_request_id

from .chain import event_content, event_hash, json_safe
from .models import GENESIS_HASH, AuditEvent

# Any constant will do: every writer of the chain takes this one advisory lock.
CHAIN_LOCK = 0x_AC_C0_4D_A0_D1_7

# Sent when an event is appended, inside the change's transaction: the hook the apps above
# use to follow what the services did (the notifications enqueue their e-mails on commit),
# so no service names them. Receivers get ``event`` (the AuditEvent) and must not write.
event_recorded = Signal()

Actor = AbstractBaseUser | AnonymousUser | None
Row = TypeVar("Row", bound=models.Model)

# Secrets never enter the trail, whatever model they sit on (password hashes, OTP keys).
SECRET_FIELDS = frozenset({"password", "key", "secret", "token", "bin_key", "digest"})


def snapshot(instance: models.Model, fields: list[str] | None = None) -> dict[str, Any]:
    """The instance's concrete field values, as they will read back from the audit trail."""
    values = {}
    for field in instance._meta.concrete_fields:
        if field.name in SECRET_FIELDS:
            continue
        if fields is None or field.name in fields:
            values[field.attname] = field.value_from_object(instance)
    return dict(json_safe(values))


def changes_between(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """{field: [before, after]} for every field whose value differs."""
    return {
        name: [before.get(name), after.get(name)]
        for name in sorted(set(before) | set(after))
        if before.get(name) != after.get(name)
    }


def created(instance: models.Model) -> dict[str, list[Any]]:
    return changes_between({}, snapshot(instance))


def deleted(instance: models.Model) -> dict[str, list[Any]]:
    return changes_between(snapshot(instance), {})


def _lock_chain() -> None:
    """Serialise writers so that each event follows the one committed before it.

    PostgreSQL: a transaction-level advisory lock, released at commit. SQLite: Accord
    opens every transaction with BEGIN IMMEDIATE, which already holds the only write lock.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [CHAIN_LOCK])


# No savepoint of its own: the event belongs to the caller's transaction, which commits or
# rolls back with it (and a savepoint would cost two more round trips on every change).
@transaction.atomic(savepoint=False)
def audit_record(
    *,
    actor: Actor,
    action: str,
    obj: models.Model | None = None,
    partnership_id: int | None = None,
    changes: dict[str, Any] | None = None,
    object_type: str = "",
    object_id: str = "",
) -> AuditEvent:
    """Append one event to the chain, in the caller's transaction.

    ``obj`` names the object changed; its partnership is taken from ``obj.partnership_id``
    unless given. ``changes`` is ``{field: [before, after]}`` (see ``changes_between``).
    """
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
        if partnership_id is None:
            partnership_id = getattr(obj, "partnership_id", None)
    authenticated = actor is not None and actor.is_authenticated
    actor_id = actor.pk if authenticated and actor is not None else None
    actor_name = actor.get_username() if authenticated and actor is not None else ""

    _lock_chain()
    last = AuditEvent.objects.order_by("-sequence").values_list("sequence", "hash").first()
    sequence, previous_hash = (last[0] + 1, last[1]) if last else (1, GENESIS_HASH)
    fields: dict[str, Any] = {
        "sequence": sequence,
        "occurred_at": timezone.now(),
        "actor_id": actor_id,
        "actor_name": actor_name,
        "partnership_id": partnership_id,
        "action": action,
        "object_type": object_type,
        "object_id": object_id,
        "changes": json_safe(changes or {}),
        "request_id": current_request_id(),
        "previous_hash": previous_hash,
    }
    event = AuditEvent.objects.create(**fields, hash=event_hash(event_content(**fields)))
    event_recorded.send(sender=AuditEvent, event=event)
    return event


@dataclass
class Recording(Generic[Row]):
    """A row being changed under ``audited``; ``event`` is its audit event once recorded."""

    row: Row
    event: AuditEvent | None = None


@contextmanager
def audited(
    row: Row,
    *,
    actor: Actor,
    action: str,
    check: Literal["full", "fields", "done"] = "full",
    changes: dict[str, list[Any]] | None = None,
) -> Iterator[Recording[Row]]:
    """Change (or create) one row and record it: the row's values are taken before the
    block, the block changes it, and then it is validated, saved, and its difference
    appended to the trail, all in one transaction (the caller's, or a new one). A refusal
    raised in the block, or by validation, saves nothing and records nothing.

    ``check``: ``full_clean`` (the default); ``"fields"``, only ``clean_fields``, where the
    service has checked the rest itself (the vote path); ``"done"``, where the block ends
    with the row's own ``full_clean`` and the service's further checks. ``changes`` adds
    entries to the event (``{"name": [before, after]}``). The block may keep what it is
    given (``as recording``) to read the event afterwards (``recording.event``)."""
    recording = Recording(row)
    with transaction.atomic(savepoint=False):
        before = snapshot(row) if row.pk is not None else {}
        yield recording
        if check == "full":
            row.full_clean()
        elif check == "fields":
            row.clean_fields()
        row.save()
        recorded = changes_between(before, snapshot(row))
        recording.event = audit_record(
            actor=actor, action=action, obj=row, changes={**recorded, **(changes or {})}
        )


def save_audited(
    row: Row,
    *,
    actor: Actor,
    action: str,
    check: Literal["full", "fields", "done"] = "full",
    changes: dict[str, list[Any]] | None = None,
) -> Row:
    """``audited`` with nothing to do in between: validate, save and record a row as it is."""
    with audited(row, actor=actor, action=action, check=check, changes=changes):
        pass
    return row


def delete_audited(row: models.Model, *, actor: Actor, action: str) -> None:
    """Delete one row and record what it held, in one transaction (the caller's, or a new one)."""
    with transaction.atomic(savepoint=False):
        before, pk, label = snapshot(row), row.pk, row._meta.label_lower
        partnership_id = getattr(row, "partnership_id", None)
        row.delete()
        audit_record(
            actor=actor,
            action=action,
            object_type=label,
            object_id=str(pk),
            partnership_id=partnership_id,
            changes=changes_between(before, {}),
        )

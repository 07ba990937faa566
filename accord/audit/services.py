"""Writing to the audit trail. Every state-changing service writes its rows through
``audited`` (or ``save_audited``), which validates, saves and records the difference in one
transaction, so the change and its event commit or roll back together; ``audit_record``
appends an event that is not the change of one row (an export, a sign-in).

    with audited(meeting, actor=actor, action="meeting.update"):
        meeting.date = date  # checks that refuse here save nothing and record nothing

Each event made in a request keeps the client's address and user agent as its personal
data, beside the chain (``AuditPersonal``); a service may add personal fields of its own
(``personal=``). ``personal_erase`` erases them (docs/personal-data.md). Once its
transaction commits, each event is also written to the security log.
"""

import datetime
import secrets
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from typing import Any, Generic, Literal, TypeVar

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import connection, models, transaction
from django.dispatch import Signal
from django.utils import timezone

from accord.core.errors import AccordError
from accord.core.requests import current_request, current_request_id
from accord.core.security import FAILURE, SUCCESS, security_line, security_write

from .chain import event_content, event_hash, json_safe, personal_digest
from .models import GENESIS_HASH, PERSONAL_ERASE_ACTION, AuditEvent, AuditPersonal

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


def snapshot(
    instance: models.Model, fields: list[str] | None = None, *, personal: bool = False
) -> dict[str, Any]:
    """The instance's concrete field values, as they will read back from the audit trail.

    A model names the fields that hold personal data about people not acting in office
    (a complainant's name) in ``audit_personal_fields``: they are left out, for the
    chain keeps its changes for good; ``personal=True`` gives those fields only, which
    ``audited`` records beside the chain, erasably (docs/personal-data.md)."""
    kept_apart = frozenset(getattr(instance, "audit_personal_fields", ()))
    values = {}
    for field in instance._meta.concrete_fields:
        if field.name in SECRET_FIELDS or (field.name in kept_apart) != personal:
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


# Events that record something refused: the security log gives them the outcome "failure".
REFUSAL_ENDINGS = ("_refused", "_failed", ".locked_out")


def request_personal() -> dict[str, str]:
    """The personal data of the request in progress: the client's address and user agent
    (none outside a request: commands, the task worker)."""
    facts = current_request()
    kept = {"client_address": facts.client_address, "user_agent": facts.user_agent}
    return {name: value for name, value in kept.items() if value}


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
    personal: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one event to the chain, in the caller's transaction.

    ``obj`` names the object changed; its partnership is taken from ``obj.partnership_id``
    unless given. ``changes`` is ``{field: [before, after]}`` (see ``changes_between``).
    ``personal`` holds personal data about people other than those acting in office
    (a complainant's name): kept beside the chain with the request's address and user
    agent, erasable, and never in ``changes``.
    """
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
        if partnership_id is None:
            partnership_id = getattr(obj, "partnership_id", None)
    authenticated = actor is not None and actor.is_authenticated
    actor_id = actor.pk if authenticated and actor is not None else None
    actor_name = actor.get_username() if authenticated and actor is not None else ""

    kept = json_safe({**request_personal(), **(personal or {})})
    personal_fields = {name: value for name, value in kept.items() if value not in ("", None)}
    salt = secrets.token_hex(16) if personal_fields else ""

    _lock_chain()
    event = _next_event(
        _chain_head(),
        actor_id=actor_id,
        actor_name=actor_name,
        partnership_id=partnership_id,
        action=action,
        object_type=object_type,
        object_id=object_id,
        changes=changes,
        digest=personal_digest(personal_fields, salt) if personal_fields else "",
    )
    event.save(force_insert=True)
    if personal_fields:
        AuditPersonal.objects.create(event=event, fields=personal_fields, salt=salt)
    _recorded([event])
    return event


def _chain_head() -> tuple[int, str]:
    """The last event's sequence and hash (0 and the genesis hash for an empty chain)."""
    last = AuditEvent.objects.order_by("-sequence").values_list("sequence", "hash").first()
    return (last[0], last[1]) if last else (0, GENESIS_HASH)


def _next_event(
    head: tuple[int, str],
    *,
    actor_id: int | None,
    actor_name: str,
    partnership_id: int | None,
    action: str,
    object_type: str,
    object_id: str,
    changes: dict[str, Any] | None,
    digest: str = "",
) -> AuditEvent:
    """The event that follows ``head`` in the chain, hashed, not yet saved."""
    fields: dict[str, Any] = {
        "sequence": head[0] + 1,
        "occurred_at": timezone.now(),
        "actor_id": actor_id,
        "actor_name": actor_name,
        "partnership_id": partnership_id,
        "action": action,
        "object_type": object_type,
        "object_id": object_id,
        "changes": json_safe(changes or {}),
        "request_id": current_request_id(),
        "previous_hash": head[1],
        "personal_digest": digest,
    }
    return AuditEvent(**fields, hash=event_hash(event_content(**fields)))


def _recorded(events: list[AuditEvent]) -> None:
    """What follows appending events: their security log lines once the change commits,
    and the signal the apps above follow."""
    lines = [
        security_line(
            event.action,
            outcome=FAILURE if event.action.endswith(REFUSAL_ENDINGS) else SUCCESS,
            user_id=event.actor_id,
            username=event.actor_name,
            partnership_id=event.partnership_id,
            audit_sequence=event.sequence,
            object_type=event.object_type,
            object_id=event.object_id,
        )
        for event in events
    ]
    for line in lines:
        transaction.on_commit(partial(security_write, line), robust=True)
    for event in events:
        event_recorded.send(sender=AuditEvent, event=event)


@transaction.atomic(savepoint=False)
def create_many_audited(
    rows: Sequence[Row], *, actor: Actor, action: str, batch_size: int = 1000
) -> list[Row]:
    """``save_audited`` for many new rows of one model (an import of thousands): each row's
    fields validated (``clean_fields``: the service has checked the rest, uniqueness
    included, as the vote path does), the rows inserted and one event a row appended to
    the chain, each in batches, in the caller's transaction. The trail reads exactly as
    if each row had been saved alone; a request's personal data (address, user agent),
    which the chain takes one event at a time, sends the events one by one."""
    for row in rows:
        row.clean_fields()
    rows = type(rows[0])._default_manager.bulk_create(rows, batch_size=batch_size) if rows else []
    if request_personal():
        for row in rows:
            audit_record(actor=actor, action=action, obj=row, changes=created(row))
        return list(rows)
    authenticated = actor is not None and actor.is_authenticated
    _lock_chain()
    head = _chain_head()
    events = []
    for row in rows:
        event = _next_event(
            head,
            actor_id=actor.pk if authenticated and actor is not None else None,
            actor_name=actor.get_username() if authenticated and actor is not None else "",
            partnership_id=getattr(row, "partnership_id", None),
            action=action,
            object_type=row._meta.label_lower,
            object_id=str(row.pk),
            changes=created(row),
        )
        events.append(event)
        head = (event.sequence, event.hash)
    AuditEvent.objects.bulk_create(events, batch_size=batch_size)
    _recorded(events)
    return list(rows)


@transaction.atomic
def personal_erase(
    *,
    actor: Actor,
    user_id: int | None = None,
    client_address: str = "",
    before: datetime.datetime | None = None,
    object_type: str = "",
    object_ids: list[str] | None = None,
) -> AuditEvent:
    """Erase the personal data (address, user agent, personal fields) of the events done
    by a user, or made from an address, or recorded before a time, or about some records
    (``object_type`` and ``object_ids``: one complainant's complaint): those matching every
    criterion given (at least one). The events stay, their hashes unchanged; their
    personal rows keep only the mark of this erasure. The erasure is an event of its own,
    which says how many events it erased and by what criteria, but not the address: the
    chain would keep it for good. Returns the erasure's event."""
    if user_id is None and not client_address and before is None and not object_ids:
        raise AccordError(
            "Say whose personal data to erase: a user, an address or a time",
            code="no_criterion",
        )
    rows = AuditPersonal.objects.filter(erased_by__isnull=True)
    criteria: dict[str, Any] = {}
    if user_id is not None:
        rows, criteria["user_id"] = rows.filter(event__actor_id=user_id), user_id
    if client_address:
        rows, criteria["client_address"] = rows.filter(fields__client_address=client_address), True
    if before is not None:
        rows, criteria["before"] = rows.filter(event__occurred_at__lt=before), before
    if object_ids:
        rows = rows.filter(event__object_type=object_type, event__object_id__in=object_ids)
        criteria["objects"] = [object_type, sorted(object_ids)]
    _lock_chain()  # no event is added between the count and the erasure
    count = rows.count()
    event = audit_record(
        actor=actor,
        action=PERSONAL_ERASE_ACTION,
        object_type="audit.auditpersonal",
        changes={"events": [None, count], "criteria": [None, criteria]},
    )
    # Not the erasure's own personal data, which may match (an address erasing itself).
    erased = rows.filter(event_id__lt=event.sequence).update(
        fields={}, salt="", erased_by=event.sequence
    )
    if erased != count:  # pragma: no cover (the chain's lock is held)
        raise RuntimeError(f"erased {erased} events' personal data, not the {count} counted")
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
        before_personal = snapshot(row, personal=True) if row.pk is not None else {}
        yield recording
        if check == "full":
            row.full_clean()
        elif check == "fields":
            row.clean_fields()
        row.save()
        recorded = changes_between(before, snapshot(row))
        recording.event = audit_record(
            actor=actor,
            action=action,
            obj=row,
            changes={**recorded, **(changes or {})},
            personal=changes_between(before_personal, snapshot(row, personal=True)),
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
        before_personal = snapshot(row, personal=True)
        partnership_id = getattr(row, "partnership_id", None)
        row.delete()
        audit_record(
            actor=actor,
            action=action,
            object_type=label,
            object_id=str(pk),
            partnership_id=partnership_id,
            changes=changes_between(before, {}),
            personal=changes_between(before_personal, {}),
        )

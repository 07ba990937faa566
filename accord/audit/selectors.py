"""Reading and checking the audit trail."""

import datetime
from dataclasses import dataclass

from django.db.models import QuerySet

from .chain import event_content, event_hash
from .models import GENESIS_HASH, AuditEvent


@dataclass(frozen=True)
class ChainHead:
    """The last event's sequence number and hash: what a published record quotes."""

    sequence: int
    hash: str


@dataclass(frozen=True)
class ChainReport:
    events: int
    head: ChainHead | None
    broken_at: int | None = None
    problem: str = ""

    @property
    def intact(self) -> bool:
        return self.broken_at is None


def audit_chain_head() -> ChainHead | None:
    last = AuditEvent.objects.order_by("-sequence").values_list("sequence", "hash").first()
    return ChainHead(*last) if last else None


def stored_hash(event: AuditEvent) -> str:
    """The hash recomputed from what the database holds now."""
    return event_hash(
        event_content(
            sequence=event.sequence,
            occurred_at=event.occurred_at,
            actor_id=event.actor_id,
            actor_name=event.actor_name,
            partnership_id=event.partnership_id,
            action=event.action,
            object_type=event.object_type,
            object_id=event.object_id,
            changes=event.changes,
            request_id=event.request_id,
            previous_hash=event.previous_hash,
        )
    )


def audit_chain_verify(*, published: ChainHead | None = None) -> ChainReport:
    """Recompute the whole chain; report the first event that does not hold.

    ``published`` is a head quoted earlier (on a decision or minutes): the event with that
    sequence number must still carry that hash, or the record was rewritten since.
    """
    expected_sequence, expected_previous = 1, GENESIS_HASH
    count, head = 0, None
    for event in AuditEvent.objects.order_by("sequence").iterator(chunk_size=2000):
        if event.sequence != expected_sequence:
            return ChainReport(
                count,
                head,
                expected_sequence,
                f"event {expected_sequence} is missing: the next event is {event.sequence}",
            )
        if event.previous_hash != expected_previous:
            return ChainReport(
                count,
                head,
                event.sequence,
                f"event {event.sequence} does not follow event {event.sequence - 1}",
            )
        if stored_hash(event) != event.hash:
            return ChainReport(
                count,
                head,
                event.sequence,
                f"event {event.sequence} was changed after it was recorded",
            )
        if published and event.sequence == published.sequence and event.hash != published.hash:
            return ChainReport(
                count,
                head,
                event.sequence,
                f"event {event.sequence} no longer carries the published hash",
            )
        count, head = count + 1, ChainHead(event.sequence, event.hash)
        expected_sequence, expected_previous = event.sequence + 1, event.hash
    if published and (head is None or head.sequence < published.sequence):
        return ChainReport(
            count,
            head,
            published.sequence,
            f"event {published.sequence}, which was published, is missing",
        )
    return ChainReport(count, head)


def audit_events(
    *,
    partnership_ids: list[int] | None = None,
    installation_only: bool = False,
    action: str = "",
    object_type: str = "",
    object_id: str = "",
    actor_name: str = "",
    since: datetime.date | None = None,
    until: datetime.date | None = None,
) -> QuerySet[AuditEvent]:
    """Events, newest first, filtered. ``partnership_ids=None`` means every partnership and
    the installation-wide events (sign-ins); a list limits to those partnerships;
    ``installation_only`` keeps only the events of no partnership."""
    events = AuditEvent.objects.order_by("-sequence")
    if installation_only:
        events = events.filter(partnership_id__isnull=True)
    elif partnership_ids is not None:
        events = events.filter(partnership_id__in=partnership_ids)
    if action:
        events = events.filter(action=action)
    if object_type:
        events = events.filter(object_type=object_type)
    if object_id:
        events = events.filter(object_id=object_id)
    if actor_name:
        events = events.filter(actor_name=actor_name)
    if since:
        events = events.filter(occurred_at__date__gte=since)
    if until:
        events = events.filter(occurred_at__date__lte=until)
    return events

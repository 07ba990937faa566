"""Reading and checking the audit trail."""

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db.models import QuerySet

from .chain import event_content, event_hash, personal_digest
from .models import GENESIS_HASH, PERSONAL_ERASE_ACTION, AuditEvent


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
    # Events whose personal data has been erased (their hashes still check; their
    # personal data can no longer be checked, as it is no longer there).
    erased: int = 0

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
            personal_digest=event.personal_digest,
        )
    )


def personal_problem(event: AuditEvent) -> str:
    """What is wrong with the event's personal data as the database holds it now: "" if
    nothing (it matches the digest the event's hash covers, or it was erased)."""
    personal = getattr(event, "personal", None)
    if not event.personal_digest:
        if personal is not None:
            return f"event {event.sequence} has personal data it was not recorded with"
        return ""
    if personal is None:
        return f"the personal data of event {event.sequence} was deleted, not erased"
    if personal.erased_by is None and (
        personal_digest(personal.fields, personal.salt) != event.personal_digest
    ):
        return f"the personal data of event {event.sequence} was changed after it was recorded"
    return ""


@dataclass(frozen=True)
class Quote:
    """A chain head quoted outside the trail: where (``source``, as a person reads it:
    "the anchor of 6 December 2026", "ballot 12") and what (``head``). A rewrite of the
    trail from that event on, or its truncation before it, no longer matches the quote."""

    source: str
    head: ChainHead


# What the database itself quotes (a closed ballot's record, minutes): the apps that
# quote the trail register a function answering their quotes (``quotes_register``), so
# that the audit trail knows no app.
_QUOTERS: list[Callable[[], Iterable[Quote]]] = []


def quotes_register(quoter: Callable[[], Iterable[Quote]]) -> None:
    if quoter not in _QUOTERS:
        _QUOTERS.append(quoter)


def quotes_in_database() -> list[Quote]:
    return [quote for quoter in _QUOTERS for quote in quoter()]


def audit_chain_verify(
    *, published: ChainHead | None = None, quotes: Iterable[Quote] = ()
) -> ChainReport:
    """Recompute the whole chain; report the first event that does not hold.

    ``published`` is a head quoted earlier (on a decision or minutes) and ``quotes`` are
    more (anchors kept outside the database, the hashes the database quotes): the event
    with each quoted sequence number must still carry the quoted hash, or the trail was
    rewritten since; and it must still be there, or the trail was truncated.
    """
    expected: dict[int, list[Quote]] = {}
    for quote in [*quotes, *([Quote("the published record", published)] if published else [])]:
        expected.setdefault(quote.head.sequence, []).append(quote)
    expected_sequence, expected_previous = 1, GENESIS_HASH
    count, head = 0, None
    # Each erasure's event: how many events it says it erased, how many carry its mark,
    # and the first of them.
    erasures: dict[int, object] = {}
    marked: dict[int, int] = {}
    first_marked: dict[int, int] = {}
    events = AuditEvent.objects.select_related("personal").order_by("sequence")
    for event in events.iterator(chunk_size=2000):
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
        problem = personal_problem(event)
        if problem:
            return ChainReport(count, head, event.sequence, problem)
        personal = getattr(event, "personal", None)
        if personal is not None and personal.erased_by is not None:
            marked[personal.erased_by] = marked.get(personal.erased_by, 0) + 1
            first_marked.setdefault(personal.erased_by, event.sequence)
        if event.action == PERSONAL_ERASE_ACTION:
            erasures[event.sequence] = (event.changes.get("events") or [None, None])[-1]
        for quote in expected.pop(event.sequence, []):
            if quote.head.hash != event.hash:
                return ChainReport(
                    count,
                    head,
                    event.sequence,
                    f"event {event.sequence} no longer carries the hash quoted by {quote.source}",
                )
        count, head = count + 1, ChainHead(event.sequence, event.hash)
        expected_sequence, expected_previous = event.sequence + 1, event.hash
    erased = sum(marked.values())
    for erasure, first in sorted(first_marked.items()):
        if erasure not in erasures:
            return ChainReport(
                count,
                head,
                first,
                f"the personal data of event {first} is marked erased by event {erasure}, "
                "which is not an erasure",
                erased,
            )
    for erasure, recorded in sorted(erasures.items()):
        carried = marked.get(erasure, 0)
        if recorded != carried:
            return ChainReport(
                count,
                head,
                erasure,
                f"event {erasure} erased the personal data of {recorded} events, "
                f"but {carried} carry its mark",
                erased,
            )
    if expected:
        sequence = min(expected)
        return ChainReport(
            count,
            head,
            sequence,
            f"event {sequence}, quoted by {expected[sequence][0].source}, is missing: "
            "the trail was cut short",
            erased,
        )
    return ChainReport(count, head, erased=erased)


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
    ``installation_only`` keeps only the events of no partnership. Each with its personal
    data (``event.personal``, if it has any): only those who may see the trail see it."""
    events = AuditEvent.objects.select_related("personal").order_by("-sequence")
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

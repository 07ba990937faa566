"""The audit events a meeting's documents quote: the event that published its agenda and
the one that approved its minutes, printed on the agenda pack and the minutes. An event
cannot name itself, so the reference is written after it, in the same transaction (as a
closed ballot quotes the event that recorded its outcome)."""

from typing import Literal

from accord.audit.services import Recording

from ..models import Meeting


def quote_event(
    meeting: Meeting, recording: Recording[Meeting], document: Literal["agenda", "minutes"]
) -> None:
    event = recording.event
    assert event is not None  # noqa: S101 (audited has recorded it)
    fields = {f"{document}_audit_sequence": event.sequence, f"{document}_audit_hash": event.hash}
    Meeting.objects.filter(pk=meeting.pk).update(**fields)
    for name, value in fields.items():
        setattr(meeting, name, value)

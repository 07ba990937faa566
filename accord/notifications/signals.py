"""From the audit trail's events to notifications: which event tells whom of what.

The services record every change as an audit event (``accord.audit.services``); this
receiver picks the events people are told of and enqueues the sending task on commit.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import partial
from typing import Any

from django.db import transaction

from accord.audit.models import AuditEvent

from .models import NotificationKind
from .tasks import notify

# The event (as the services name it) and the notification it gives; the composer decides,
# once the change has committed, whether there is anything to say (a decision carried).
NOTIFIED: dict[str, str] = {
    "meeting.publish_agenda": NotificationKind.AGENDA_PUBLISHED,
    "ballot.open": NotificationKind.VOTE_OPENED,
    "proposal.decide": NotificationKind.DECISION_MADE,
    "proposal.ratification": NotificationKind.DECISION_MADE,
    "proposal.decide_outside": NotificationKind.DECISION_MADE,
    "proposal.escalation_result": NotificationKind.DECISION_MADE,  # a determination
    "amendment.propose": NotificationKind.AMENDMENT_AWAITING_SIGNATURE,
    "procurement.summary_send": NotificationKind.ASSESSMENT_SUMMARY_SENT,
}


# Set while the demo history is written: its meetings and decisions are years old, and
# nobody is to be told of them as news.
_silent: ContextVar[bool] = ContextVar("notifications_silent", default=False)


@contextmanager
def silenced() -> Iterator[None]:
    """Record changes without telling anyone of them (loading the demo's history)."""
    token = _silent.set(True)
    try:
        yield
    finally:
        _silent.reset(token)


def on_event(sender: Any, event: AuditEvent, **kwargs: Any) -> None:
    if _silent.get():
        return
    kind = NOTIFIED.get(event.action)
    if kind is not None and event.object_id:
        transaction.on_commit(partial(notify.enqueue, str(kind), int(event.object_id)))

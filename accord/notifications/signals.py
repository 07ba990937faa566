"""From the audit trail's events to notifications: which event tells whom of what.

The services record every change as an audit event (``accord.audit.services``); this
receiver picks the events people are told of and enqueues the sending task on commit.
"""

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
    "amendment.propose": NotificationKind.AMENDMENT_AWAITING_SIGNATURE,
}


def on_event(sender: Any, event: AuditEvent, **kwargs: Any) -> None:
    kind = NOTIFIED.get(event.action)
    if kind is not None and event.object_id:
        transaction.on_commit(partial(notify.enqueue, str(kind), int(event.object_id)))

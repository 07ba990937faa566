"""The background task that sends a notification (Django 6's Tasks API, via django-tasks).

Enqueued when the change it tells of commits (``signals``), never inside the transaction:
a slow mail server never slows a page, and a change rolled back tells nobody anything.
"""

from django_tasks import task

from .letters import send


@task()
def notify(kind: str, object_id: int) -> int:
    """Send the e-mails of one notification; answers how many were sent."""
    return send(kind, object_id)

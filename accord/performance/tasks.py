"""The background task that e-mails a reminder of a late return (django-tasks, as
``accord.notifications.tasks``): enqueued when the reminder's record commits, never inside
the transaction, so a slow mail server never slows a page and a reminder rolled back is
never sent."""

from django_tasks import task

from .reminders import send


@task()
def remind(reminder_id: int) -> int:
    """Send one reminder's e-mail; answers how many were sent (0 or 1)."""
    return send(reminder_id)

"""The background task that sends password reset e-mails (Django 6's Tasks API, via
django-tasks), as the notifications are sent: the worker finds the accounts, so the page
that asks answers alike whether or not the address is known."""

from django_tasks import task

from . import services


@task()
def password_reset_mail(email: str) -> int:
    """Send a reset link to each account with this address; answers how many were sent."""
    return services.password_reset_mail_send(email=email)

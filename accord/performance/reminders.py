"""The reminder e-mail of a late quarterly return: plain text, in plain English, to the
provider's contact, saying which service and quarter, the day the return was due and what
to send. It names no one but the contact it is addressed to."""

from django.core.mail import EmailMessage, get_connection
from django.template.loader import render_to_string

from .figures import blank_columns
from .models import FIGURES, QuarterlyReturn, ReturnReminder


def figures_to_send(reminder: ReturnReminder) -> list[str]:
    """The figures the service's return holds (its columns to fill), as people read them."""
    blank = blank_columns(reminder.service)
    return [
        str(getattr(QuarterlyReturn._meta.get_field(column), "verbose_name", column))
        for column in FIGURES
        if column not in blank
    ]


def compose(reminder: ReturnReminder) -> EmailMessage:
    service = reminder.service
    period = reminder.period
    body = render_to_string(
        "performance/mail/return_reminder.txt",
        {
            "reminder": reminder,
            "service": service,
            "provider": service.provider,
            "partnership": reminder.partnership,
            "period": period,
            "figures": figures_to_send(reminder),
        },
    )
    subject = f"Quarterly return overdue: {service.reference} {service.name}, {period}"
    return EmailMessage(subject, body, to=[reminder.sent_to])


def send(reminder_id: int) -> int:
    """Compose and send one reminder, as its record stands; the number of messages sent."""
    reminder = ReturnReminder.objects.select_related("service__provider", "partnership").get(
        pk=reminder_id
    )
    if QuarterlyReturn.objects.filter(
        service_id=reminder.service_id,
        financial_year=reminder.financial_year,
        quarter=reminder.quarter,
    ).exists():
        return 0  # the return arrived between the reminder and its sending
    with get_connection() as connection:
        return int(connection.send_messages([compose(reminder)]) or 0)

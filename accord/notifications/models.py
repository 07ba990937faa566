"""Each person's choice of the e-mails they receive: one row per kind they changed (a kind
without a row is on)."""

from django.conf import settings
from django.db import models

from accord.core.models import TimeStamped


class NotificationKind(models.TextChoices):
    """The e-mails Accord sends. Source: issue 14 ("Notifications")."""

    AGENDA_PUBLISHED = "agenda_published", "An agenda of a body you sit on is published"
    VOTE_OPENED = "vote_opened", "A vote opens in which you may cast your partner's vote"
    DECISION_MADE = "decision_made", "A decision is made, with its call-in period"
    AMENDMENT_AWAITING_SIGNATURE = (
        "amendment_awaiting_signature",
        "An amendment of the constitution awaits your partner's signature",
    )
    # Issue 16: sent to the people who sign in for a bidder when its assessment summary
    # is sent with the contract award notice: a link, never the summary's content.
    ASSESSMENT_SUMMARY_SENT = (
        "assessment_summary_sent",
        "The assessment summary of your organisation's bid is ready",
    )


class NotificationPreference(TimeStamped):
    """Whether a person receives one kind of e-mail. Installation-wide: a person's sign-in
    spans partnerships, and so does their choice."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    kind = models.CharField(max_length=40, choices=NotificationKind.choices)
    enabled = models.BooleanField(default=True)

    class Meta:
        ordering = ["user", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "kind"],
                name="one_notification_preference_per_kind",
                violation_error_message="This person already has a choice for that kind",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user}: {self.kind} {'on' if self.enabled else 'off'}"

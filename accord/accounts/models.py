"""What an account keeps besides Django's user: personal API tokens, and the responses the
API gave to creates sent with an idempotency key (docs/api.md)."""

from django.conf import settings
from django.db import models

from accord.core.models import TimeStamped
from accord.partnerships.models import PartnershipOwned


class TokenAccess(models.TextChoices):
    """What a token may do: read only, or read and change (never more than its owner may)."""

    READ = "read", "Read"
    WRITE = "write", "Read and change"


class ApiToken(PartnershipOwned, TimeStamped):
    """A personal API token for a machine (a committee system, a finance ledger, a data
    warehouse): named by its owner, for one partnership, read or read and change, with an
    end date, revocable. It acts as its owner: it never grants more than the owner may do
    on the day it is used. The secret is shown once and kept only as a digest (SHA-256; the
    secret is 256 random bits, so a fast digest is as safe as a slow one)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="api_tokens"
    )
    name = models.CharField(max_length=100, help_text="What it is for, e.g. committee system")
    access = models.CharField(max_length=10, choices=TokenAccess.choices)
    prefix = models.CharField(max_length=12, unique=True, editable=False)
    digest = models.CharField(max_length=64, unique=True, editable=False)
    expires_on = models.DateField(help_text="The last day it may be used")
    revoked_at = models.DateTimeField(null=True, blank=True, editable=False)
    last_used_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"


class IdempotentRequest(TimeStamped):
    """A create sent with an ``Idempotency-Key``, and the response it got: the same key
    from the same caller within 24 hours gets that response again instead of a second
    record. Not a change of the partnership's data, so not in the audit trail."""

    caller = models.CharField(max_length=80, help_text="user:<id>, the one who sent it")
    key = models.CharField(max_length=255)
    request_digest = models.CharField(max_length=64)
    status = models.PositiveSmallIntegerField(null=True, help_text="None while in progress")
    content_type = models.CharField(max_length=100, blank=True)
    body = models.BinaryField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["caller", "key"], name="one_request_per_key_per_caller")
        ]
        indexes = [models.Index(fields=["created_at"], name="idempotent_request_created")]

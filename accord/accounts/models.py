"""What an account keeps besides Django's user: its recovery codes (the authenticator app
is django-otp's own TOTPDevice), personal API tokens, and the responses the API gave to
creates sent with an idempotency key (docs/api.md)."""

import hashlib
import hmac

from django.conf import settings
from django.db import models
from django_otp.models import Device, ThrottlingMixin, TimestampMixin

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


def recovery_code_digest(code: str) -> str:
    """The digest a recovery code is kept as: SHA-256 of the code as written, without the
    hyphens or spaces it is shown or typed with, in lower case (a code is 80 random bits,
    so a fast digest is as safe as a slow one, as for API tokens)."""
    written = "".join(code.split()).replace("-", "").lower()
    return hashlib.sha256(written.encode()).hexdigest()


class RecoveryCodeDevice(TimestampMixin, ThrottlingMixin, Device):
    """A person's single-use recovery codes, as one django-otp device: a code signs in once
    in place of the authenticator app's, and wrong codes slow further tries as the app's do.

    django-otp's own StaticDevice keeps its codes in clear; these are kept only as digests
    (``RecoveryCode``), so a copy of the database gives nobody a way in.
    """

    class Meta:
        verbose_name = "recovery codes"
        verbose_name_plural = "recovery codes"

    def get_throttle_factor(self) -> int:
        return int(getattr(settings, "OTP_STATIC_THROTTLE_FACTOR", 1))

    def verify_token(self, token: str) -> bool:
        """Accept one of the codes (with or without its hyphens, in any case) and use it up."""
        allowed, _ = self.verify_is_allowed()
        if not allowed:
            return False
        digest = recovery_code_digest(str(token))
        match = None
        for code in self.codes.all():  # every code compared, in constant time each
            if hmac.compare_digest(code.digest, digest):
                match = code
        if match is None:
            self.throttle_increment(commit=True)
            return False
        match.delete()
        self.throttle_reset(commit=False)
        self.set_last_used_timestamp(commit=False)
        self.save()
        return True


class RecoveryCode(models.Model):
    """One unused recovery code, kept as its digest (``recovery_code_digest``)."""

    device = models.ForeignKey(RecoveryCodeDevice, on_delete=models.CASCADE, related_name="codes")
    digest = models.CharField(max_length=64, editable=False)

    def __str__(self) -> str:
        return f"Recovery code {self.pk}"

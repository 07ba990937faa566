"""Writes to people's accounts: setting up, using and removing two-factor sign-in.

Checking a code changes the device (django-otp records the last code used, and failures
slow further attempts), so it is a write too. The check commits on its own, before any
refusal is raised: a wrong code must count against the next attempt.
"""

import datetime
import hashlib
import logging
import secrets

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django_otp import verify_token
from django_otp.models import Device, ThrottlingMixin
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accord.audit.services import audit_record, audited, save_audited
from accord.core.errors import AccordError
from accord.partnerships.models import Partnership
from accord.partnerships.selectors import user_requires_two_factor

from .models import ApiToken
from .selectors import authenticator_for, recovery_codes_for

logger = logging.getLogger(__name__)

RECOVERY_CODE_COUNT = 10


def _code_accepted(user: AbstractBaseUser, device: Device, code: str, wrong: str) -> Device:
    """Check a code against one device, or refuse with a message for the form's code field."""
    if isinstance(device, ThrottlingMixin):
        allowed, detail = device.verify_is_allowed()
        if not allowed and detail and "locked_until" in detail:
            wait = max(1, int((detail["locked_until"] - timezone.now()).total_seconds()) + 1)
            raise AccordError(
                f"Too many wrong codes in a row: wait {wait} seconds, then enter a new code",
                field="code",
                code="throttled",
            )
    verified = verify_token(user, device.persistent_id, code)
    if verified is None:
        logger.info("A two-factor code was refused for user id %s", user.pk)
        raise AccordError(wrong, field="code", code="wrong_code")
    return verified


def authenticator_start(*, user: AbstractBaseUser) -> TOTPDevice:
    """The authenticator app the user is setting up: a new secret key, not yet confirmed.

    Reloading the set-up page shows the same key, so a half-done set-up can be finished.
    """
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice(user=user, name="Authenticator app", confirmed=False)
        device.full_clean()
        device.save()
    return device


def authenticator_confirm(*, actor: AbstractBaseUser, device: TOTPDevice, code: str) -> list[str]:
    """Confirm the app with a code it shows; return the new recovery codes (shown once)."""
    if device.user_id != actor.pk or device.confirmed:
        raise AccordError("This set-up has already been finished or is not yours")
    _code_accepted(actor, device, code, "The code is not right: enter the code the app shows now")
    with transaction.atomic():
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        # Keys from abandoned set-ups, never confirmed, are of no further use.
        TOTPDevice.objects.filter(user=actor, confirmed=False).delete()
        audit_record(
            actor=actor,
            action="two_factor.enable",
            obj=device,
            changes={"confirmed": [False, True]},
        )
        return recovery_codes_create(actor=actor)


@transaction.atomic
def recovery_codes_create(*, actor: AbstractBaseUser) -> list[str]:
    """Replace the user's recovery codes with 10 new single-use ones; return them (shown once)."""
    device = recovery_codes_for(actor)
    if device is None:
        device = StaticDevice(user=actor, name="Recovery codes", confirmed=True)
        device.full_clean()
        device.save()
    before = device.token_set.count()
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    audit_record(
        actor=actor,
        action="two_factor.recovery_codes_create",
        obj=device,
        changes={"recovery_codes": [before, len(codes)]},
    )
    return codes


def two_factor_verify(*, user: AbstractBaseUser, code: str) -> Device:
    """Check the code from the user's authenticator app; return the device that accepted it."""
    device = authenticator_for(user)
    if device is None:
        raise AccordError("Set up an authenticator app first", code="no_device")
    return _code_accepted(
        user, device, code, "The code is not right: enter the code the app shows now"
    )


def two_factor_recover(*, user: AbstractBaseUser, code: str) -> Device:
    """Accept one of the user's recovery codes in place of the app's code; it is used up."""
    device = recovery_codes_for(user)
    if device is None:
        raise AccordError("You have no recovery codes", field="code", code="no_device")
    verified = _code_accepted(
        user, device, code, "The recovery code is not right, or has already been used"
    )
    logger.info("A recovery code was used by user id %s", user.pk)
    return verified


@transaction.atomic
def two_factor_remove(*, actor: AbstractBaseUser) -> None:
    """Remove the user's authenticator app and recovery codes (both, or neither)."""
    TOTPDevice.objects.filter(user=actor).delete()
    StaticDevice.objects.filter(user=actor).delete()
    audit_record(
        actor=actor,
        action="two_factor.disable",
        obj=None,
        object_type="auth.user",
        object_id=str(actor.pk),
        changes={"two_factor": [True, False]},
    )


# ---------------------------------------------------------------- API tokens

# A token lasts at most a year: a machine's credential is renewed as people's are reviewed.
LONGEST_TOKEN = datetime.timedelta(days=366)
USE_NOTED_EVERY = 60  # seconds


def token_digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


@transaction.atomic
def api_token_create(
    *,
    actor: AbstractBaseUser,
    partnership: Partnership,
    name: str,
    access: str,
    expires_on: datetime.date,
    today: datetime.date,
    two_factor_verified: bool,
) -> tuple[ApiToken, str]:
    """Make a personal API token for one partnership; return it and its secret, which is
    shown this once and kept only as a digest. A person whose role requires two-factor
    sign-in makes tokens only from a session that has given its second factor."""
    if user_requires_two_factor(actor, on=today) and not two_factor_verified:
        raise AccordError(
            "Give your two-factor code before making a token", code="two_factor_required"
        )
    if expires_on <= today:
        raise ValidationError({"expires_on": "The last day must be after today"})
    if expires_on > today + LONGEST_TOKEN:
        raise ValidationError({"expires_on": "A token lasts a year at the most"})
    secret = secrets.token_urlsafe(32)
    token = ApiToken(
        partnership=partnership,
        user=actor,  # type: ignore[misc]
        name=name,
        access=access,
        prefix=secret[:8],
        digest=token_digest(secret),
        expires_on=expires_on,
    )
    save_audited(token, actor=actor, action="api_token.create")
    return token, secret


@transaction.atomic
def api_token_revoke(*, actor: AbstractBaseUser, token: ApiToken) -> ApiToken:
    """Stop a token working, at once and for good."""
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    if token.revoked_at is not None:
        raise AccordError("This token is already revoked")
    with audited(token, actor=actor, action="api_token.revoke"):
        token.revoked_at = timezone.now()
    return token


def api_token_used(token: ApiToken, *, now: datetime.datetime, today: datetime.date) -> None:
    """Note a token's use: when it was last used (kept to the minute, so reading through a
    token writes at most once a minute), and its first use each day in the audit trail."""
    last = token.last_used_at
    if last is not None and (now - last).total_seconds() < USE_NOTED_EVERY:
        return
    with transaction.atomic():
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        if last is None or timezone.localdate(last) < today:
            audit_record(
                actor=token.user,
                action="api_token.use",
                obj=token,
                changes={"used_on": [None, today.isoformat()]},
            )

"""Reads about people's accounts: their two-factor devices and what they must use."""

import datetime
import hashlib

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django_otp.plugins.otp_totp.models import TOTPDevice

from accord.governance.selectors import voting_partnership_ids
from accord.partnerships.models import Partnership
from accord.partnerships.selectors import administered_partnership_ids

from .models import ApiToken, RecoveryCodeDevice


def authenticator_for(user: AbstractBaseUser) -> TOTPDevice | None:
    """The user's confirmed authenticator app, if they have set one up."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def recovery_codes_for(user: AbstractBaseUser) -> RecoveryCodeDevice | None:
    return RecoveryCodeDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def recovery_codes_left(user: AbstractBaseUser) -> int:
    device = recovery_codes_for(user)
    return device.codes.count() if device is not None else 0


def user_requires_two_factor(user: AbstractBaseUser | AnonymousUser, *, on: datetime.date) -> bool:
    """Whether the user must use two-factor sign-in on that date: installation
    administrators, programme officers, and those who may cast a vote in a partnership
    that asks its voters to (``Partnership.voters_use_two_factor``, on unless the
    partnership turns it off)."""
    if not user.is_authenticated:
        return False
    if getattr(user, "is_superuser", False):
        return True
    if administered_partnership_ids(user, on=on):
        return True
    voting = voting_partnership_ids(user, on=on)
    return bool(voting) and (
        Partnership.objects.filter(pk__in=voting, voters_use_two_factor=True).exists()
    )


def two_factor_needed(user: AbstractBaseUser | AnonymousUser, *, on: datetime.date) -> bool:
    """Whether a signed-in user must give a code before using Accord this session.

    Everyone who has set up an authenticator app gives a code at each sign-in; those who
    must use two-factor sign-in (``user_requires_two_factor``) must set one up first.
    """
    if not user.is_authenticated:
        return False
    has_app = TOTPDevice.objects.filter(user=user, confirmed=True).exists()
    return has_app or user_requires_two_factor(user, on=on)


def api_token_for(secret: str, *, on: datetime.date) -> ApiToken | None:
    """The token with this secret, if it may be used on the date: not revoked, not past
    its last day, its owner's account active. Found by its digest."""
    if not secret or len(secret) > 100:
        return None
    digest = hashlib.sha256(secret.encode()).hexdigest()
    return (
        ApiToken.objects.select_related("partnership", "user")
        .filter(digest=digest, revoked_at__isnull=True, expires_on__gte=on, user__is_active=True)
        .first()
    )


def api_tokens_of(user: AbstractBaseUser) -> list[ApiToken]:
    return list(ApiToken.objects.filter(user_id=user.pk).select_related("partnership"))

"""Reads about people's accounts: their two-factor devices and what they must use."""

import datetime
import hashlib

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from accord.partnerships.selectors import user_requires_two_factor

from .models import ApiToken


def authenticator_for(user: AbstractBaseUser) -> TOTPDevice | None:
    """The user's confirmed authenticator app, if they have set one up."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def recovery_codes_for(user: AbstractBaseUser) -> StaticDevice | None:
    return StaticDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def recovery_codes_left(user: AbstractBaseUser) -> int:
    device = recovery_codes_for(user)
    return device.token_set.count() if device is not None else 0


def two_factor_needed(user: AbstractBaseUser | AnonymousUser, *, on: datetime.date) -> bool:
    """Whether a signed-in user must give a code before using Accord this session.

    Everyone who has set up an authenticator app gives a code at each sign-in; programme
    officers and administrators must set one up first.
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

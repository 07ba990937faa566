"""Reads about people's accounts: their two-factor devices and what they must use."""

import datetime

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from accord.partnerships.selectors import user_requires_two_factor


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

"""Reads about people's accounts: their two-factor devices and what they must use, their
API tokens, their sessions, and the accounts a password reset e-mail goes to."""

import datetime
import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import SESSION_KEY, get_user_model
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import QuerySet
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice
from qsessions.models import Session
from ua_parser import parse

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


# ---------------------------------------------------------------- sessions

# Set in the session at sign-in (apps.AccountsConfig.ready): seconds since the epoch.
SIGNED_IN_AT = "accord_signed_in_at"


def session_reference(session_key: str) -> str:
    """How pages and the audit trail name a session: a digest of its key, never the key,
    which is the secret its browser signs in with."""
    return hashlib.sha256(session_key.encode()).hexdigest()[:32]


def browser_of(user_agent: str | None) -> str:
    """The browser and system a User-Agent names, in words: "Firefox 128 on Ubuntu"."""
    if not user_agent:
        return "Unknown browser"
    found = parse(user_agent)
    browser = found.user_agent.family if found.user_agent else "Other"
    if found.user_agent and found.user_agent.major and browser != "Other":
        browser = f"{browser} {found.user_agent.major}"
    system = found.os.family if found.os else "Other"
    if found.os and found.os.major and system != "Other":
        system = f"{system} {found.os.major}"
    if browser == "Other":
        browser = "Unknown browser"
    return browser if system == "Other" else f"{browser} on {system}"


@dataclass(frozen=True)
class ActiveSession:
    """One of a person's sessions, as their list shows it."""

    reference: str
    browser: str
    address: str | None
    signed_in_at: datetime.datetime | None
    last_used_at: datetime.datetime
    two_factor_given: bool
    current: bool


def user_sessions(user: AbstractBaseUser) -> QuerySet[Session]:
    """Every stored session of the user, live or not."""
    return Session.objects.filter(user_id=user.pk)


def sessions_of(
    user: AbstractBaseUser, *, now: datetime.datetime, current_key: str | None
) -> list[ActiveSession]:
    """The user's sessions that are still live at ``now``: not past their 30 minutes idle
    (the row's expiry) nor their 12 hours since signing in. The one with ``current_key``
    first, then the most recently used. Its last use is when it was last saved: a request
    renews a session at most once a minute (``middleware.RENEW_EVERY``)."""
    limit = settings.ACCORD_SESSION_MAX_AGE.total_seconds()
    found = []
    for row in user_sessions(user).filter(expire_date__gt=now):
        data = row.get_decoded()
        if str(data.get(SESSION_KEY)) != str(user.pk):
            continue  # no longer signed in (its data says so, whatever the column)
        signed_in = data.get(SIGNED_IN_AT)
        signed_in_at = (
            datetime.datetime.fromtimestamp(signed_in, tz=datetime.UTC)
            if isinstance(signed_in, int | float)
            else None
        )
        if signed_in_at is None or (now - signed_in_at).total_seconds() > limit:
            continue  # past 12 hours: the next request signs it out
        found.append(
            ActiveSession(
                reference=session_reference(row.session_key),
                browser=browser_of(row.user_agent),
                address=row.ip,
                signed_in_at=signed_in_at,
                last_used_at=row.updated_at,
                two_factor_given=DEVICE_ID_SESSION_KEY in data,
                current=row.session_key == current_key,
            )
        )
    return sorted(found, key=lambda s: (not s.current, -s.last_used_at.timestamp()))


# ---------------------------------------------------------------- password reset


def password_reset_accounts(email: str) -> list[AbstractBaseUser]:
    """The accounts a reset link for this address goes to: active, with a password, and
    this address (in any case), as Django's PasswordResetForm finds them."""
    if not email:
        return []
    model = get_user_model()
    field = model.get_email_field_name()
    return [
        user
        for user in model._default_manager.filter(**{f"{field}__iexact": email, "is_active": True})
        if user.has_usable_password()
        and (getattr(user, field) or "").casefold() == email.casefold()
    ]

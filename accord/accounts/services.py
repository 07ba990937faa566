"""Writes to people's accounts: setting up, using and removing two-factor sign-in.

Checking a code changes the device (django-otp records the last code used, and failures
slow further attempts), so it is a write too. The check commits on its own, before any
refusal is raised: a wrong code must count against the next attempt, and its audit event
(``two_factor.code_refused``) is committed with the count. So the services that check a
code are never called inside another transaction.

Changing two-factor sign-in once it is on (removing it, new recovery codes) asks again for
the password and a current code, from the app or a recovery code; so does confirming a new
app: a session left open, or stolen, is not enough to replace or remove anyone's second
factor.
"""

import datetime
import hashlib
import hmac
import logging
import secrets
from base64 import b32encode

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.contrib.auth.password_validation import validate_password
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django_otp.models import Device, ThrottlingMixin
from django_otp.plugins.otp_totp.models import TOTPDevice

from accord.audit.models import AuditEvent
from accord.audit.services import audit_record, audited, save_audited
from accord.core.errors import AccordError
from accord.partnerships.models import Partnership

from .models import ApiToken, RecoveryCode, RecoveryCodeDevice, recovery_code_digest
from .selectors import (
    authenticator_for,
    browser_of,
    password_reset_accounts,
    recovery_codes_for,
    session_reference,
    user_requires_two_factor,
    user_sessions,
)

logger = logging.getLogger(__name__)

RECOVERY_CODE_COUNT = 10
# 10 random bytes: 80 bits, written as 16 characters of base 32 in groups of four.
RECOVERY_CODE_BYTES = 10
# Wrong codes in a row after which the device counts as locked out (recorded once, as
# ``two_factor.locked_out``): django-otp then makes each further try wait 16 seconds,
# doubling with each wrong code. Five, as for wrong passwords (django-axes).
LOCKED_OUT_AFTER = 5

WRONG_APP_CODE = "The code is not right: enter the code the app shows now"
WRONG_RECOVERY_CODE = "The recovery code is not right, or has already been used"
WRONG_PASSWORD = "The password is not right"  # noqa: S105 (a message, not a password)


def recovery_code_new() -> str:
    """A new recovery code as it is shown: ``abcd-efgh-ijkl-mnop`` (80 random bits)."""
    text = b32encode(secrets.token_bytes(RECOVERY_CODE_BYTES)).decode().lower()
    return "-".join(text[i : i + 4] for i in range(0, len(text), 4))


def code_kind(device: Device) -> str:
    return "recovery code" if isinstance(device, RecoveryCodeDevice) else "authenticator app"


def _second_factor_checked(
    user: AbstractBaseUser, device: Device, code: str, *, wrong: str, password: str | None = None
) -> Device:
    """Check a code against one device (and first the password, when one is given), or
    refuse naming the field at fault.

    In one transaction of its own, committed before any refusal is raised: the device's
    count of failures (a wrong password counts as a wrong code: each slows the next try),
    and the audit event of the refusal, and of a lockout when the count reaches
    ``LOCKED_OUT_AFTER``.
    """
    refusal: AccordError
    with transaction.atomic():
        # Locked for the check, so two tries at once cannot both use the same code.
        locked = Device.from_persistent_id(device.persistent_id, for_verify=True)
        if locked is None or locked.user_id != user.pk:
            raise AccordError(wrong, field="code", code="wrong_code")
        if isinstance(locked, ThrottlingMixin):
            allowed, detail = locked.verify_is_allowed()
            if not allowed and detail and "locked_until" in detail:
                wait = max(1, int((detail["locked_until"] - timezone.now()).total_seconds()) + 1)
                logger.info("A two-factor try was held back for user id %s", user.pk)
                raise AccordError(
                    f"Too many wrong codes in a row: wait {wait} seconds, then try again",
                    field="code",
                    code="throttled",
                )
        if password is not None and not user.check_password(password):
            if isinstance(locked, ThrottlingMixin):
                locked.throttle_increment(commit=True)
            _refusal_recorded(user, locked, what="password")
            refusal = AccordError(WRONG_PASSWORD, field="password", code="wrong_password")
        elif locked.verify_token(code):
            return locked
        else:
            _refusal_recorded(user, locked, what=code_kind(locked))
            refusal = AccordError(wrong, field="code", code="wrong_code")
    logger.info("A two-factor %s was refused for user id %s", refusal.field, user.pk)
    raise refusal


def _refusal_recorded(user: AbstractBaseUser, device: Device, *, what: str) -> None:
    """The audit events of a refused code or password: the refusal, with the failures in a
    row it makes, and the lockout when that reaches ``LOCKED_OUT_AFTER``."""
    failures = int(getattr(device, "throttling_failure_count", 0))
    audit_record(
        actor=user,
        action="two_factor.password_refused" if what == "password" else "two_factor.code_refused",
        obj=device,
        changes={"refused": [None, what], "failures_in_a_row": [failures - 1, failures]},
    )
    if failures == LOCKED_OUT_AFTER:
        audit_record(
            actor=user,
            action="two_factor.locked_out",
            obj=device,
            changes={"failures_in_a_row": [None, failures]},
        )


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


def authenticator_confirm(
    *, actor: AbstractBaseUser, device: TOTPDevice, password: str, code: str
) -> list[str]:
    """Confirm the app with the person's password and a code it shows; return the new
    recovery codes (shown once).

    The password again, although the person has just signed in with it: whoever finds a
    session left open must not be able to put their own app on the account.
    """
    if device.user_id != actor.pk or device.confirmed:
        raise AccordError("This set-up has already been finished or is not yours")
    _second_factor_checked(actor, device, code, wrong=WRONG_APP_CODE, password=password)
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
        return _recovery_codes_replace(actor)


def two_factor_reauthenticate(*, user: AbstractBaseUser, password: str, code: str) -> Device:
    """Prove again that this is the account's owner: the password and a current code, from
    the authenticator app (6 digits) or one of the recovery codes (which it uses up).
    Refuses naming ``password`` or ``code``."""
    written = "".join(code.split())
    if len(written) == 6 and written.isascii() and written.isdigit():
        device: Device | None = authenticator_for(user)
        wrong = WRONG_APP_CODE
    else:
        device = recovery_codes_for(user)
        wrong = WRONG_RECOVERY_CODE
    if device is None:
        if authenticator_for(user) is None:
            raise AccordError("Two-factor sign-in is not on", code="no_device")
        raise AccordError(WRONG_RECOVERY_CODE, field="code", code="wrong_code")
    return _second_factor_checked(user, device, written, wrong=wrong, password=password)


def recovery_codes_create(*, actor: AbstractBaseUser, password: str, code: str) -> list[str]:
    """Replace the user's recovery codes with 10 new single-use ones, once they have given
    their password and a current code; return them (shown once)."""
    if authenticator_for(actor) is None:
        raise AccordError("Set up an authenticator app first", code="no_device")
    two_factor_reauthenticate(user=actor, password=password, code=code)
    with transaction.atomic():
        return _recovery_codes_replace(actor)


def _recovery_codes_replace(actor: AbstractBaseUser) -> list[str]:
    """The user's recovery codes replaced by new ones, kept as digests; in the caller's
    transaction. Returns the codes as shown."""
    device = recovery_codes_for(actor)
    if device is None:
        device = RecoveryCodeDevice(user=actor, name="Recovery codes", confirmed=True)
        device.full_clean()
        device.save()
    before = device.codes.count()
    device.codes.all().delete()
    codes = [recovery_code_new() for _ in range(RECOVERY_CODE_COUNT)]
    RecoveryCode.objects.bulk_create(
        RecoveryCode(device=device, digest=recovery_code_digest(code)) for code in codes
    )
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
    return _second_factor_checked(user, device, code, wrong=WRONG_APP_CODE)


def two_factor_recover(*, user: AbstractBaseUser, code: str) -> Device:
    """Accept one of the user's recovery codes in place of the app's code; it is used up."""
    device = recovery_codes_for(user)
    if device is None:
        raise AccordError("You have no recovery codes", field="code", code="no_device")
    verified = _second_factor_checked(user, device, code, wrong=WRONG_RECOVERY_CODE)
    logger.info("A recovery code was used by user id %s", user.pk)
    return verified


def two_factor_remove(*, actor: AbstractBaseUser, password: str, code: str) -> None:
    """Remove the user's authenticator app and recovery codes (both, or neither), once they
    have given their password and a current code (a recovery code, if the app is lost)."""
    two_factor_reauthenticate(user=actor, password=password, code=code)
    with transaction.atomic():
        TOTPDevice.objects.filter(user=actor).delete()
        RecoveryCodeDevice.objects.filter(user=actor).delete()
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


# ---------------------------------------------------------------- passwords


def _password_set(user: AbstractBaseUser, password: str) -> None:
    """Set the user's password, once it passes the validators (AUTH_PASSWORD_VALIDATORS:
    12 characters or more, not a common password, not like the username or name, not
    all digits); refused naming ``new_password``."""
    try:
        validate_password(password, user=user)  # type: ignore[arg-type]
    except ValidationError as error:
        raise ValidationError({"new_password": error.messages}) from None
    user.set_password(password)
    user.save(update_fields=["password"])


def _sessions_delete(user: AbstractBaseUser, *, keep: str | None) -> int:
    """Delete the user's sessions but ``keep``; answers how many of them were live (the
    rest had already expired, and were waiting for ``accord clearsessions``)."""
    others = user_sessions(user).exclude(session_key=keep or "")
    live = others.filter(expire_date__gt=timezone.now()).count()
    others.delete()
    return live


@transaction.atomic
def password_change(
    *, actor: AbstractBaseUser, password: str, current_session_key: str | None
) -> int:
    """The signed-in person's new password (their current one checked by the page first).
    Their other sessions end: a session someone else holds does not outlive the password
    it was opened with. The one with ``current_session_key`` stays (the page then gives
    it the new password's hash, ``update_session_auth_hash``). API tokens keep working:
    they are revoked one by one on their own page. Answers how many sessions ended."""
    _password_set(actor, password)
    ended = _sessions_delete(actor, keep=current_session_key)
    audit_record(
        actor=actor,
        action="user.password_changed",
        obj=actor,
        changes={"other_sessions_ended": [None, ended]},
    )
    return ended


@transaction.atomic
def password_reset(*, actor: AbstractBaseUser, password: str) -> int:
    """A new password from a reset link (``actor``: the account's owner, whom the link
    e-mailed to their address stands for). Every session of theirs ends; two-factor
    sign-in, where they have it, is still asked at the next sign-in. Answers how many
    sessions ended."""
    _password_set(actor, password)
    ended = _sessions_delete(actor, keep=None)
    audit_record(
        actor=actor,
        action="user.password_reset",
        obj=actor,
        changes={"sessions_ended": [None, ended]},
    )
    return ended


# One reset e-mail per account in this time, however often it is asked for: a stranger
# cannot fill someone's inbox from the form.
RESET_MAIL_EVERY = datetime.timedelta(minutes=5)


def password_reset_link(user: AbstractBaseUser) -> str:
    """The address of a new reset link for the user: it works once (it is made from the
    password it replaces, and the last sign-in) and for ``PASSWORD_RESET_TIMEOUT``."""
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    path = reverse("accounts:password-reset-confirm", args=[uid, token])
    return settings.ACCORD_SITE_URL + path


def password_reset_mail_send(*, email: str) -> int:
    """Send a reset link to each account with this e-mail address that may have one
    (active, with a password; ``selectors.password_reset_accounts``) and has not been sent
    one in the last ``RESET_MAIL_EVERY``; answers how many were sent.

    Run by the task worker (``tasks.password_reset_mail``), never in the request: the page
    answers alike, and as fast, whether or not the address is known. Each e-mail sent is
    recorded (``user.password_reset_requested``, by nobody signed in) on the account it
    went to; an unknown address leaves no trace in the audit trail."""
    sent = 0
    since = timezone.now() - RESET_MAIL_EVERY
    for user in password_reset_accounts(email):
        recent = AuditEvent.objects.filter(
            object_type=user._meta.label_lower,
            object_id=str(user.pk),
            action="user.password_reset_requested",
            occurred_at__gte=since,
        )
        if recent.exists():
            logger.info("A reset e-mail for user id %s was sent a moment ago", user.pk)
            continue
        with transaction.atomic():
            audit_record(actor=None, action="user.password_reset_requested", obj=user)
        context = {
            "user": user,
            "link": password_reset_link(user),
            "minutes": int(settings.PASSWORD_RESET_TIMEOUT) // 60,
            "sign_in_url": settings.ACCORD_SITE_URL + reverse("accounts:sign-in"),
        }
        EmailMessage(
            "Reset your Accord password",
            render_to_string("accounts/mail/password_reset.txt", context),
            to=[getattr(user, user.get_email_field_name())],
        ).send()
        sent += 1
    return sent


# ---------------------------------------------------------------- sessions


def _session_ended(
    actor: AbstractBaseUser, session_key: str, user_agent: str | None, ip: str | None
) -> None:
    audit_record(
        actor=actor,
        action="session.ended",
        object_type="qsessions.session",
        object_id=session_reference(session_key),
        changes={"browser": [browser_of(user_agent), None], "address": [ip, None]},
    )


@transaction.atomic
def session_end(*, actor: AbstractBaseUser, reference: str, current_session_key: str | None) -> str:
    """End one of the person's other sessions, named by its reference (``selectors.
    session_reference``): its browser is signed out at its next request. Answers the
    browser it was. The current session ends by signing out."""
    for row in user_sessions(actor).select_for_update():
        if hmac.compare_digest(session_reference(row.session_key).encode(), reference.encode()):
            if row.session_key == current_session_key:
                raise AccordError("This is the session you are using: sign out to end it")
            _session_ended(actor, row.session_key, row.user_agent, row.ip)
            row.delete()
            return browser_of(row.user_agent)
    raise AccordError("That session has already ended", code="not_found")


@transaction.atomic
def sessions_end_others(*, actor: AbstractBaseUser, current_session_key: str | None) -> int:
    """End every live session of the person's but the one with ``current_session_key``
    ("sign out everywhere else"); each is recorded. Answers how many ended."""
    others = list(
        user_sessions(actor)
        .select_for_update()
        .filter(expire_date__gt=timezone.now())
        .exclude(session_key=current_session_key or "")
    )
    if not others:
        raise AccordError("You are not signed in anywhere else", code="no_sessions")
    for row in others:
        _session_ended(actor, row.session_key, row.user_agent, row.ip)
    user_sessions(actor).filter(session_key__in=[row.session_key for row in others]).delete()
    return len(others)


# ---------------------------------------------------------------- signing in and out


def sign_in_record(*, user: AbstractBaseUser, second_factor: str = "") -> None:
    """Record a complete sign-in: with the kind of code given (``code_kind``), for someone
    who owes a second factor (accord.accounts.signals)."""
    audit_record(
        actor=user,
        action="user.sign_in",
        obj=user,
        changes={"second_factor": [None, second_factor]} if second_factor else None,
    )


def sign_out_record(*, user: AbstractBaseUser) -> None:
    audit_record(actor=user, action="user.sign_out", obj=user)

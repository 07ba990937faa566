"""Signing in and out, as Django's auth signals and django-axes' tell it: what enters the
audit trail, and what only the security log (docs/personal-data.md, "What goes where").

- ``user.sign_in`` (the trail) when a sign-in is complete: at the password for someone who
  owes no second factor; otherwise at the second factor (``views.signed_in_again``), the
  password alone being the security log's ``sign_in.password_accepted``.
- ``user.sign_out`` (the trail), for a sign-in that was complete.
- ``sign_in.failed`` (a wrong password, an unknown username, a try while paused) and
  ``user.locked_out`` (django-axes pausing a username and address): the security log only.
  Anyone can cause them, without an account, and they change none of Accord's records:
  in the trail they would be a cheap way to fill it.

Connected in ``AccountsConfig.ready``.
"""

from typing import Any

from django.contrib.auth import get_user_model
from django.http import HttpRequest
from django.utils import timezone

from accord.core.security import FAILURE, SUCCESS, security_event, user_fields

from .selectors import two_factor_needed
from .services import sign_in_record, sign_out_record

# In the session, from the password until the second factor: the sign-in is not complete.
SIGN_IN_PENDING = "accord_sign_in_pending"


def sign_in_pending(request: HttpRequest | None) -> bool:
    session = getattr(request, "session", None)
    return bool(session is not None and session.get(SIGN_IN_PENDING))


def on_sign_in(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    session = getattr(request, "session", None)
    if session is not None and two_factor_needed(user, on=timezone.localdate()):
        session[SIGN_IN_PENDING] = True
        security_event(
            "sign_in.password_accepted",
            outcome=SUCCESS,
            second_factor="required",
            **user_fields(user),
        )
        return
    sign_in_record(user=user)


def on_sign_out(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    if user is None:
        return
    if sign_in_pending(request):
        security_event("user.sign_out", outcome=SUCCESS, **user_fields(user))
        return
    sign_out_record(user=user)


def on_failed_sign_in(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    """Only the username tried (Django has masked the password), and why it failed."""
    username = str(credentials.get("username", ""))
    # Refused because paused: django-axes marks the request locked out before checking the
    # password. (It marks it too when this failure starts the pause, having counted it.)
    if (
        getattr(request, "axes_locked_out", False)
        and getattr(request, "axes_failures_since_start", None) is None
    ):
        reason = "locked_out"
    else:
        model = get_user_model()
        active = (
            model.objects.filter(**{model.USERNAME_FIELD: username})
            .values_list("is_active", flat=True)
            .first()
        )
        reason = {None: "unknown_user", False: "inactive_account"}.get(active, "wrong_password")
    security_event("sign_in.failed", outcome=FAILURE, username=username, reason=reason)


def on_locked_out(
    sender: Any, request: HttpRequest | None, username: str | None, **kwargs: Any
) -> None:
    """django-axes has paused sign-in for a username from an address (too many wrong
    passwords). It signals again at each try while paused, which ``sign_in.failed``
    already logs (reason ``locked_out``): only the pause itself is logged here."""
    failures = getattr(request, "axes_failures_since_start", None)
    if failures is None:
        return
    security_event(
        "user.locked_out", outcome=FAILURE, username=str(username or ""), failures=failures
    )

"""Sign-ins, sign-outs, failed sign-ins and lockouts, from Django's auth signals and
django-axes', into the trail.

These are the framework's own events; Accord's services write their events directly.
"""

from typing import Any

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver
from django.http import HttpRequest

from .services import audit_record


@receiver(user_logged_in)
def on_sign_in(sender: Any, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    audit_record(actor=user, action="user.sign_in", obj=user)


@receiver(user_logged_out)
def on_sign_out(sender: Any, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    if user is not None:
        audit_record(actor=user, action="user.sign_out", obj=user)


@receiver(user_login_failed)
def on_failed_sign_in(sender: Any, credentials: dict[str, Any], **kwargs: Any) -> None:
    # Only the username tried: Django has already masked the password, and we keep nothing else.
    audit_record(
        actor=None,
        action="user.sign_in_failed",
        object_type="auth.user",
        changes={"username": [None, str(credentials.get("username", ""))[:150]]},
    )


@receiver(user_locked_out)
def on_locked_out(
    sender: Any, request: HttpRequest, username: str | None, ip_address: str | None, **kwargs: Any
) -> None:
    """django-axes has paused sign-in for a username from an address (too many wrong
    passwords), or for an address trying many usernames."""
    audit_record(
        actor=None,
        action="user.locked_out",
        object_type="auth.user",
        changes={
            "username": [None, str(username or "")[:150]],
            "address": [None, str(ip_address or "")[:100]],
        },
    )

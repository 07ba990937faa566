"""Sign-ins, sign-outs and failed sign-ins, from Django's auth signals, into the trail.

These are the framework's own events; Accord's services write their events directly.
"""

from typing import Any

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

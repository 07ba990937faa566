"""Sign-in throttling beyond django-axes' own: one client address trying many usernames.

django-axes locks a username from one address after five failures
(``AXES_LOCKOUT_PARAMETERS``). Someone trying one or two common passwords against every
account from one address never reaches five for any username, so the address itself is
paused once it has failed for ``ACCORD_SIGN_IN_USERNAMES_PER_ADDRESS`` different usernames
within the cool-off period. Twenty is far above what a shared office address produces
(colleagues mistyping), and far below what a spraying run needs.
"""

from typing import Any

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_ip_address
from axes.models import AccessAttempt
from django.conf import settings
from django.http import HttpRequest


class SignInThrottle(AxesDatabaseHandler):
    def is_locked(self, request: HttpRequest, credentials: dict[str, Any] | None = None) -> bool:
        if super().is_locked(request, credentials):
            return True
        address = getattr(request, "axes_ip_address", None) or get_client_ip_address(request)
        if not address:
            return False
        usernames = (
            AccessAttempt.objects.filter(
                ip_address=address,
                failures_since_start__gt=0,
                attempt_time__gte=get_cool_off_threshold(request),
            )
            .values("username")
            .distinct()
            .count()
        )
        return usernames >= settings.ACCORD_SIGN_IN_USERNAMES_PER_ADDRESS

"""Session limits, two-factor enforcement and no caching of signed-in pages.

Listed in settings.MIDDLEWARE after django-otp's OTPMiddleware and Django's messages.
"""

import datetime
import hashlib
import ipaddress
import json
import re
import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.http import urlencode
from qsessions.middleware import SessionMiddleware as QSessionMiddleware

from accord.core.requests import client_address
from accord.core.security import FAILURE, security_event, user_fields

from .models import IdempotentRequest, TokenAccess
from .selectors import SIGNED_IN_AT, api_token_for, authenticator_for, two_factor_needed
from .services import api_token_used

GetResponse = Callable[[HttpRequest], HttpResponse]

# SIGNED_IN_AT (imported above) is set in the session at sign-in (apps.AccountsConfig.ready):
# seconds since the epoch. Kept in selectors, which read it to list a person's sessions.

# Pages an unverified user may still open: to sign out, to finish two-factor sign-in,
# and to read how the service is made accessible.
OPEN_BEFORE_TWO_FACTOR = frozenset(
    {
        "accounts:sign-out",
        "accounts:two-factor-setup",
        "accounts:two-factor-verify",
        "accounts:two-factor-recover",
        "core:accessibility",
    }
)


class SessionMiddleware(QSessionMiddleware):
    """Django's session middleware, through qsessions': each session keeps the browser
    (User-Agent) and the client address of its last saving request, for the person's list
    of their sessions. The address is the one ``client_address`` trusts (through
    ``ACCORD_TRUSTED_PROXIES``), as sign-in throttling sees it; none when that is not an
    address (a Unix socket), since the column holds only addresses."""

    def process_request(self, request: HttpRequest) -> None:
        request.session = self.SessionStore(
            session_key=request.COOKIES.get(settings.SESSION_COOKIE_NAME),
            ip=session_address(request),
            user_agent=request.headers.get("User-Agent", ""),
        )


def session_address(request: HttpRequest) -> str | None:
    try:
        return str(ipaddress.ip_address(client_address(request)))
    except ValueError:
        return None


def is_api(request: HttpRequest) -> bool:
    return request.path_info.startswith("/api/")


def note_sign_in_time(sender: object, request: HttpRequest, **kwargs: Any) -> None:
    """Receiver of user_logged_in: when this session's sign-in happened."""
    request.session[SIGNED_IN_AT] = time.time()


# When the session was last renewed: seconds since the epoch.
RENEWED_AT = "accord_renewed_at"
# A request renews the session (another SESSION_COOKIE_AGE) once this many seconds have
# passed since the last renewal, not on every request: a page view then writes nothing to
# the database, which keeps reads off the primary and a vote to one write transaction.
RENEW_EVERY = 60


class SessionLimitMiddleware:
    """Signs a user out 12 hours after signing in, however active the session has been.

    The 30 minutes idle limit is the session's age (SESSION_COOKIE_AGE), renewed by a
    request at most once a minute: someone idle is signed out 29 to 30 minutes after their
    last request.
    """

    def __init__(self, get_response: GetResponse) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            signed_in_at = request.session.get(SIGNED_IN_AT)
            max_age = settings.ACCORD_SESSION_MAX_AGE.total_seconds()
            if not isinstance(signed_in_at, int | float):
                # A session from before sign-in times were kept: its age is unknown.
                return self.sign_out(request, "Your session has ended; sign in again")
            if time.time() - signed_in_at > max_age:
                return self.sign_out(request, "You were signed out after 12 hours; sign in again")
        response = self.get_response(request)
        renew(request)
        return response

    def sign_out(self, request: HttpRequest, message: str) -> HttpResponse:
        logout(request)
        messages.info(request, message)
        if is_api(request):
            return self.get_response(request)  # answered as anyone signed out would be
        return redirect_to_login(request.get_full_path())


def renew(request: HttpRequest) -> None:
    """Mark an existing session for saving, with a new expiry, once a minute at most."""
    session = getattr(request, "session", None)
    if session is None or session.is_empty():
        return  # no session to renew (and none is created for an anonymous visitor)
    now = time.time()
    renewed_at = session.get(RENEWED_AT)
    if not isinstance(renewed_at, int | float) or now - renewed_at >= RENEW_EVERY:
        session[RENEWED_AT] = now


class TwoFactorMiddleware:
    """Sends a signed-in user who owes a two-factor code to give one (or to set up an app).

    Programme officers, administrators and those who may cast a vote (where their
    partnership asks it) must use two-factor sign-in; anyone who has set up an app gives a
    code at each sign-in. Until then every page but a few sends them on,
    and the API answers 403.
    """

    def __init__(self, get_response: GetResponse) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view: object, args: object, kwargs: object
    ) -> HttpResponse | None:
        user = request.user
        if not user.is_authenticated or user.is_verified():  # type: ignore[attr-defined]
            return None
        match = request.resolver_match
        if match is not None and match.view_name in OPEN_BEFORE_TWO_FACTOR:
            return None
        if not two_factor_needed(user, on=timezone.localdate()):
            return None
        if is_api(request):
            return JsonResponse(
                {
                    "error": {
                        "code": "two_factor_required",
                        "message": "Finish two-factor sign-in in the browser to use the API",
                        "field": None,
                    }
                },
                status=403,
            )
        target = (
            "accounts:two-factor-verify"
            if authenticator_for(user) is not None
            else "accounts:two-factor-setup"
        )
        response = redirect(target)
        if request.method == "GET":
            response["Location"] += "?" + urlencode({"next": request.get_full_path()})
        return response


class NoStoreMiddleware:
    """No browser or proxy keeps a copy of a page shown to a signed-in user."""

    def __init__(self, get_response: GetResponse) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            add_never_cache_headers(response)
        return response


def api_refusal(status: int, code: str, message: str, field: str | None = None) -> JsonResponse:
    """The API's one error shape, for refusals made before an operation runs."""
    return JsonResponse(
        {"error": {"code": code, "message": message, "field": field}}, status=status
    )


# The partnership an API address names: /api/<app>/partnerships/<slug>/...
PARTNERSHIP_IN_PATH = re.compile(r"^/api/[^/]+/partnerships/(?P<slug>[^/]+)")
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class ApiTokenMiddleware:
    """Signs an API request in with a personal token (``Authorization: Bearer <token>``).

    The request then acts as the token's owner, as the policy allows the owner on the day,
    within what the token allows: its partnership only, and no change with a read token.
    A token is its own proof, so the request needs no CSRF token and no session; it was
    made from a session that had given its second factor where the owner's role requires
    one. The first use of a token each day is recorded in the audit trail.
    """

    def __init__(self, get_response: GetResponse) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        header = request.headers.get("Authorization", "")
        if not (is_api(request) and header[:7].lower() == "bearer "):
            return self.get_response(request)
        today = timezone.localdate()
        token = api_token_for(header[7:].strip(), on=today)
        if token is None:
            security_event("api_token.refused", outcome=FAILURE, reason="unknown")
            return api_refusal(401, "unauthenticated", "The token is unknown, expired or revoked")
        owner = {**user_fields(token.user), "partnership_id": token.partnership_id}
        if request.method not in SAFE_METHODS and token.access != TokenAccess.WRITE:
            security_event("api_token.refused", outcome=FAILURE, reason="read_only", **owner)
            return api_refusal(403, "forbidden", "This token is for reading only")
        named = PARTNERSHIP_IN_PATH.match(request.path_info)
        if named and named["slug"] != token.partnership.slug:
            security_event(
                "api_token.refused", outcome=FAILURE, reason="other_partnership", **owner
            )
            return api_refusal(403, "forbidden", f"This token is for {token.partnership} only")
        user = token.user
        user.is_verified = lambda: True  # type: ignore[attr-defined]
        request.user = user
        request.api_token = token  # type: ignore[attr-defined]
        request._dont_enforce_csrf_checks = True  # type: ignore[attr-defined]
        api_token_used(token, now=timezone.now(), today=today)
        return self.get_response(request)


IDEMPOTENCY_WINDOW = datetime.timedelta(hours=24)


def request_digest(request: HttpRequest) -> str:
    """What makes two requests the same: the address and the content. A multipart form
    is compared by its fields and files, not its bytes: a client that sends an upload
    again draws a new boundary between the parts."""
    digest = hashlib.sha256(f"{request.method} {request.path}\n".encode())
    if request.content_type == "multipart/form-data":
        for name, values in sorted(request.POST.lists()):
            digest.update(json.dumps([name, values]).encode())
        for name, files in sorted(request.FILES.lists()):
            for upload in files:
                digest.update(json.dumps([name, upload.name, upload.size]).encode())
                for chunk in upload.chunks():
                    digest.update(chunk)
                upload.seek(0)
    else:
        digest.update(request.body)
    return digest.hexdigest()


class IdempotencyMiddleware:
    """A create sent again with the same ``Idempotency-Key`` makes one record.

    A POST to the API with the header, from a signed-in caller (a session or a token): the
    first request runs and its successful response is kept for 24 hours; the same key again
    with the same request gets that response (``Idempotent-Replayed: true``), with another
    request a 422, and while the first is still running a 409. A failed first request keeps
    nothing: the retry runs afresh.
    """

    def __init__(self, get_response: GetResponse) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        key = request.headers.get("Idempotency-Key")
        if key is None or request.method != "POST" or not is_api(request):
            return self.get_response(request)
        if not key.strip() or len(key) > 255 or not key.isprintable():
            return api_refusal(
                422, "invalid", "Idempotency-Key must be 1 to 255 printable characters",
                "Idempotency-Key",
            )  # fmt: skip
        if not request.user.is_authenticated:
            return self.get_response(request)  # refused by the operation anyway
        caller = f"user:{request.user.pk}"
        digest = request_digest(request)
        since = timezone.now() - IDEMPOTENCY_WINDOW
        IdempotentRequest.objects.filter(caller=caller, created_at__lt=since).delete()
        try:
            with transaction.atomic():
                kept = IdempotentRequest.objects.create(
                    caller=caller, key=key, request_digest=digest
                )
        except IntegrityError:
            return self.replay(caller, key, digest)
        response = self.get_response(request)
        if 200 <= response.status_code < 300 and not response.streaming:
            kept.status = response.status_code
            kept.content_type = response.get("Content-Type", "")
            kept.body = response.content
            kept.save(update_fields=["status", "content_type", "body", "updated_at"])
        else:
            kept.delete()
        return response

    @staticmethod
    def replay(caller: str, key: str, digest: str) -> HttpResponse:
        kept = IdempotentRequest.objects.filter(caller=caller, key=key).first()
        if kept is None:
            return api_refusal(
                409, "in_progress", "Send it again: the first request has just ended"
            )
        if kept.request_digest != digest:
            return api_refusal(
                422, "idempotency_key_reused",
                "This Idempotency-Key was used for another request", "Idempotency-Key",
            )  # fmt: skip
        if kept.status is None:
            return api_refusal(409, "in_progress", "The first request with this key is running")
        response = HttpResponse(
            bytes(kept.body), status=kept.status, content_type=kept.content_type
        )
        response["Idempotent-Replayed"] = "true"
        return response

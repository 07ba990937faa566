"""The id of the request being handled: in audit events, logs and error pages (the support id)."""

import ipaddress
import re
import uuid
from collections.abc import Callable
from contextvars import ContextVar

from django.conf import settings
from django.http import HttpRequest, HttpResponse

_request_id: ContextVar[str] = ContextVar("request_id", default="")

# A proxy's X-Request-ID is kept when it looks like an id, so that the proxy's logs and
# ours can be joined; anything else (too long, odd characters) is replaced by our own.
TRUSTED_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")
HEADER = "X-Request-ID"


def current_request_id() -> str:
    """The id of the request in progress, or "" outside a request (commands, tests)."""
    return _request_id.get()


class RequestIdMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        offered = request.headers.get(HEADER, "")
        request_id = offered if TRUSTED_ID.match(offered) else uuid.uuid4().hex
        request.request_id = request_id  # type: ignore[attr-defined]
        token = _request_id.set(request_id)
        try:
            response = self.get_response(request)
        finally:
            _request_id.reset(token)
        response[HEADER] = request_id
        return response


def client_address(request: HttpRequest) -> str:
    """The address of the person making the request, as far as Accord can trust it.

    Without a proxy (``ACCORD_TRUSTED_PROXIES`` = 0) it is the connection's own address and
    any ``X-Forwarded-For`` is ignored: anyone can write that header. Behind N trusted
    proxies, each appending the address it was connected from, the client is the Nth
    address from the right of ``X-Forwarded-For``; addresses further left were written by
    the client and are never believed. A header shorter than the proxies configured (a
    request that bypassed them), or one that is not an address, falls back to the
    connection's address. The same rule as Werkzeug's ``ProxyFix(x_for=N)`` and Django REST
    framework's ``NUM_PROXIES``.
    """
    remote = str(request.META.get("REMOTE_ADDR") or "")
    proxies: int = getattr(settings, "ACCORD_TRUSTED_PROXIES", 0)
    if proxies <= 0:
        return remote
    forwarded = [
        part.strip()
        for part in str(request.META.get("HTTP_X_FORWARDED_FOR", "")).split(",")
        if part.strip()
    ]
    if len(forwarded) < proxies:
        return remote
    try:
        return str(ipaddress.ip_address(forwarded[-proxies]))
    except ValueError:
        return remote

"""The request being handled, as the rest of Accord may know it without being handed it:
its id (in audit events, logs and error pages: the support id), and who sent it from where
(the client's address and user agent, in audit events and the security log).
"""

import ipaddress
import re
import uuid
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass

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


# A user agent is the browser's own description of itself: kept to this length, as a
# header can be as long as the server accepts.
USER_AGENT_LENGTH = 512
PATH_LENGTH = 512


@dataclass(frozen=True)
class RequestFacts:
    """Who sent the request in progress, from where: empty outside a request (commands,
    the task worker). The client's address and user agent are personal data: the audit
    trail keeps them apart from its hash chain, where they can be erased
    (docs/personal-data.md)."""

    client_address: str = ""
    user_agent: str = ""
    method: str = ""
    path: str = ""


NO_REQUEST = RequestFacts()
_request_facts: ContextVar[RequestFacts | None] = ContextVar("request_facts", default=None)


def current_request() -> RequestFacts:
    return _request_facts.get() or NO_REQUEST


def request_facts(request: HttpRequest) -> RequestFacts:
    return RequestFacts(
        client_address=client_address(request),
        user_agent=str(request.headers.get("User-Agent", ""))[:USER_AGENT_LENGTH],
        method=str(request.method or ""),
        path=request.path[:PATH_LENGTH],
    )


class RequestIdMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        offered = request.headers.get(HEADER, "")
        request_id = offered if TRUSTED_ID.match(offered) else uuid.uuid4().hex
        request.request_id = request_id  # type: ignore[attr-defined]
        token = _request_id.set(request_id)
        facts = _request_facts.set(request_facts(request))
        try:
            response = self.get_response(request)
        finally:
            _request_facts.reset(facts)
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

"""Rate limits: how many requests one person, and one address, may make in a minute to the
API and to the pages that cost the most to make (PDF packs and minutes, exports).

A caller over a limit gets 429 with ``Retry-After`` (the seconds until the window ends): the
API's one JSON error shape under /api/, the "Too many requests" page elsewhere. Each limit
counts a person (signed in, or by API token) and, separately, the client's address
(``accord.core.requests.client_address``, which trusts only the configured proxies), so
neither a shared office address nor one person with many addresses gets round it.

Counted in the database, in fixed windows, by one ``INSERT ... ON CONFLICT DO UPDATE ...
RETURNING`` statement: atomic on PostgreSQL and SQLite alike, so every server process
counts against the same figure without a cache server (README, design notes). The limits
are settings (``ACCORD_RATE_LIMITS``), raised for load runs and the schemathesis job.
"""

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from django.conf import settings
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string

from .errors import API_PREFIX, error_body
from .requests import client_address

F = TypeVar("F", bound=Callable[..., Any])

# The scope of every operation of the JSON API.
API = "api"
# The scope of pages that render a document or read a whole register (``expensive``).
EXPENSIVE = "expensive"
SCOPE_ATTRIBUTE = "accord_rate_scope"


@dataclass(frozen=True)
class Limit:
    """At most ``per_person`` requests by one person, and ``per_address`` from one client
    address, in each window of ``seconds``."""

    per_person: int
    per_address: int
    seconds: int


def limits() -> dict[str, Limit]:
    configured: dict[str, dict[str, int]] = settings.ACCORD_RATE_LIMITS
    return {scope: Limit(**values) for scope, values in configured.items()}


def expensive(view: F) -> F:
    """Mark a page as one of those that cost the most to make: its requests count against
    the ``expensive`` limit as well as nothing else."""
    setattr(view, SCOPE_ATTRIBUTE, EXPENSIVE)
    return view


def scope_of(request: HttpRequest, view: Callable[..., Any]) -> str | None:
    if request.path_info.startswith(API_PREFIX):
        return API
    return getattr(view, SCOPE_ATTRIBUTE, None)


COUNT = """
INSERT INTO core_ratewindow (bucket, started, hits) VALUES (%s, %s, 1)
ON CONFLICT (bucket, started) DO UPDATE SET hits = core_ratewindow.hits + 1
RETURNING hits
"""


def hit(bucket: str, *, seconds: int, now: float) -> tuple[int, int]:
    """Count one request in ``bucket``'s current window: the requests counted in it so far
    (this one included), and the seconds until it ends. The first request of a window
    prunes the windows that have ended."""
    started = int(now) // seconds * seconds
    with connection.cursor() as cursor:
        cursor.execute(COUNT, [bucket, started])
        hits = int(cursor.fetchone()[0])
        if hits == 1:
            # Every scope's window is shorter than an hour (settings): an hour-old window
            # has ended whatever its length.
            cursor.execute("DELETE FROM core_ratewindow WHERE started < %s", [started - 3600])
    return hits, max(1, started + seconds - int(now))


def callers(request: HttpRequest) -> list[tuple[str, str]]:
    """Who the request counts against: the person (``per_person``), if signed in, and the
    client's address (``per_address``)."""
    who = [("per_address", f"a:{client_address(request)}")]
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        who.insert(0, ("per_person", f"u:{user.pk}"))
    return who


def too_many(request: HttpRequest, retry_after: int) -> HttpResponse:
    message = f"Too many requests: try again in {retry_after} seconds"
    response: HttpResponse
    if request.path_info.startswith(API_PREFIX):
        response = JsonResponse(error_body("too_many_requests", message), status=429)
    else:
        html = render_to_string("429.html", {"retry_after": retry_after}, request=request)
        response = HttpResponse(html, status=429)
    response["Retry-After"] = str(retry_after)
    return response


class RateLimitMiddleware:
    """Listed after the middleware that signs a request in (session or API token), so that
    a person is counted as themselves wherever they come from."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self,
        request: HttpRequest,
        view: Callable[..., Any],
        args: tuple[Any, ...],
        kwargs: dict[str, Any],
    ) -> HttpResponse | None:
        scope = scope_of(request, view)
        limit = limits().get(scope) if scope else None
        if limit is None:
            return None
        now = time.time()
        for kind, who in callers(request):
            hits, retry_after = hit(f"{scope}:{who}", seconds=limit.seconds, now=now)
            if hits > getattr(limit, kind):
                return too_many(request, retry_after)
        return None

"""Schemathesis over the whole API, as an integrator's token for each role would call it:
anonymous, a partner's representative (a read token) and a programme officer (a write
token), on the demo partnerships. No request may get a server error, and every response
must be what the OpenAPI document says (status, content type, headers, body).

Bounded, so the suite stays fast: a fixed number of examples per operation and role, all
in one test per role (one demo load each). Requests go over HTTP to a live test server, as
an integrator's would (headers, bodies and status lines as sent on the wire); the database
is emptied after each role's test, so nothing they make outlives it. Rate limits are off in
the suite (tests/core/test_ratelimit.py proves them at their defaults).
"""

import datetime
import os
from typing import Any

import pytest
import schemathesis
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from accord.accounts.services import api_token_create
from accord.api import api
from accord.partnerships.models import Partnership

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]
# Per operation and role; ACCORD_SCHEMATHESIS_EXAMPLES runs deeper (e.g. 200 before a release).
EXAMPLES = int(os.environ.get("ACCORD_SCHEMATHESIS_EXAMPLES", "8"))
# Who calls: the demo account and what its token may do (None: no token).
ROLES = {"anonymous": None, "representative": "read", "officer": "write"}


def token_for(username: str, access: str) -> str:
    from django.contrib.auth import get_user_model

    today = timezone.localdate()
    _, secret = api_token_create(
        actor=get_user_model().objects.get(username=username),
        partnership=Partnership.objects.get(slug="oxfordshire"),
        name="Schemathesis",
        access=access,
        expires_on=today + datetime.timedelta(days=1),
        today=today,
        two_factor_verified=True,
    )
    return secret


def aimed(case: Any, number: int | None, elsewhere: bool) -> Any:
    """Aim the case at the demo partnership and, mostly, at ids that exist there, so most
    requests reach an operation's logic rather than its 404 (``None``: keep the generated
    id, however large; ``elsewhere``: keep the generated partnership name, whatever it is)."""
    for name in case.path_parameters or {}:
        if name == "slug" and not elsewhere:
            case.path_parameters[name] = "oxfordshire"
        elif name.endswith("_id") and number is not None:
            case.path_parameters[name] = number
    return case


@pytest.mark.parametrize("role", sorted(ROLES))
def test_no_request_gets_a_server_error_or_a_response_the_document_does_not_describe(
    live_server, demo, role
):
    # The process builds its document once, here, not on the server's first request for it:
    # the build takes seconds, and longer on a busy machine than the loader's 10 to wait.
    api.get_openapi_schema()
    schema = schemathesis.openapi.from_url(f"{live_server.url}/api/openapi.json")
    access = ROLES[role]
    headers = {} if access is None else {"Authorization": f"Bearer {token_for(role, access)}"}
    failures: list[str] = []
    for result in schema.get_all_operations():
        operation = result.ok()  # type: ignore[union-attr]  # an invalid schema raises here

        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            database=None,
            derandomize=True,
            suppress_health_check=list(HealthCheck),
        )
        @given(
            case=operation.as_strategy(),
            number=st.one_of(st.integers(min_value=1, max_value=60), st.none()),
            elsewhere=st.integers(min_value=0, max_value=9).map(lambda drawn: drawn == 0),
        )
        def probe(case: Any, number: int | None, elsewhere: bool) -> None:
            case = aimed(case, number, elsewhere)
            response = case.call(base_url=live_server.url, headers=headers)
            case.validate_response(response, checks=CHECKS)

        try:
            probe()
        except Exception as failure:  # each operation's failure is reported, not just the first
            failures.append(f"{operation.label}: {failure}")
    assert not failures, "\n\n".join(failures)

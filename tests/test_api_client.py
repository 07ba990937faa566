"""An integrator's view: a client generated from the OpenAPI document alone (with
openapi-python-client, offline) calls the main operations with a personal token, through
Django in process. If the document misdescribes an operation, the client cannot call it.
"""

import datetime
import importlib
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.utils import timezone

from accord.accounts.services import api_token_create
from tests.governance.register_data import build_register, partnership_with_officer

PACKAGE = "accord_api_client"
# No post hooks: the generated code is used as generated (no formatter on the PATH needed).
CONFIG = {
    "post_hooks": [],
    "project_name_override": "accord-api-client",
    "package_name_override": PACKAGE,
    # A PDF (the quarterly performance report) is read as bytes, as any binary download.
    "content_type_overrides": {"application/pdf": "application/octet-stream"},
}


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> Iterator[Any]:
    """The client package, generated from the document the API serves."""
    from accord.api import api

    folder = tmp_path_factory.mktemp("client")
    document = folder / "openapi.json"
    document.write_text(json.dumps(api.get_openapi_schema()))
    config = folder / "config.json"
    config.write_text(json.dumps(CONFIG))
    command = Path(sys.executable).parent / "openapi-python-client"
    subprocess.run(
        [str(command), "generate", "--path", str(document), "--config", str(config),
         "--meta", "none", "--output-path", str(folder / PACKAGE), "--fail-on-warning"],
        check=True, capture_output=True, text=True,
    )  # fmt: skip
    sys.path.insert(0, str(folder))
    try:
        yield importlib.import_module(PACKAGE)
    finally:
        sys.path.remove(str(folder))
        for name in [name for name in sys.modules if name.startswith(PACKAGE)]:
            del sys.modules[name]


@pytest.fixture
def transport() -> Iterator[httpx.WSGITransport]:
    """Django in process, keeping the test's database connection (as the test client does)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield httpx.WSGITransport(app=WSGIHandler())
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.fixture
def client(generated, transport, db):
    from django.contrib.auth import get_user_model

    partnership = partnership_with_officer()
    build_register(partnership)
    today = timezone.localdate()
    _, secret = api_token_create(
        actor=get_user_model().objects.get(username="wychwood-officer"),
        partnership=partnership, name="Generated client", access="write",
        expires_on=today + datetime.timedelta(days=1), today=today, two_factor_verified=True,
    )  # fmt: skip
    return generated.AuthenticatedClient(
        base_url="http://localhost", token=secret, httpx_args={"transport": transport}
    )


def operation(generated: Any, tag: str, name: str) -> Any:
    return importlib.import_module(f"{PACKAGE}.api.{tag}.{name}")


def test_a_generated_client_reads_and_changes_the_register(generated, client):
    models = importlib.import_module(f"{PACKAGE}.models")
    partners = operation(generated, "governance", "partner_list").sync(
        slug="wychwood", client=client
    )
    assert partners.count == len(partners.items) == 2
    made = operation(generated, "governance", "partner_create").sync_detailed(
        slug="wychwood",
        client=client,
        body=models.PartnerIn(name="Wychwood Primary Care Trust", kind=models.PartnerKind.HEALTH),
    )
    assert made.status_code == 201
    assert made.parsed.name == "Wychwood Primary Care Trust"
    assert made.parsed.kind == models.PartnerKind.HEALTH

    memberships = operation(generated, "governance", "membership_list").sync(
        slug="wychwood", client=client
    )
    term = memberships.items[0]
    read = operation(generated, "governance", "membership_detail").sync_detailed(
        slug="wychwood", membership_id=term.id, client=client
    )
    ended = operation(generated, "governance", "membership_end").sync_detailed(
        slug="wychwood", membership_id=term.id, client=client, if_match=read.headers["etag"],
        body=models.MembershipEndIn(end_date=datetime.date(2011, 3, 31)),
    )  # fmt: skip
    assert ended.status_code == 200
    assert ended.parsed.end_date == datetime.date(2011, 3, 31)
    stale = operation(generated, "governance", "membership_end").sync_detailed(
        slug="wychwood", membership_id=term.id, client=client, if_match=read.headers["etag"],
        body=models.MembershipEndIn(end_date=datetime.date(2012, 3, 31)),
    )  # fmt: skip
    assert stale.status_code == 412
    assert stale.parsed.error.code == "stale"


def test_a_generated_client_reads_the_refusal_in_the_one_error_shape(generated, client):
    refused = operation(generated, "governance", "membership_detail").sync_detailed(
        slug="wychwood", membership_id=999999, client=client
    )
    assert refused.status_code == 404
    assert refused.parsed.error.code == "not_found"

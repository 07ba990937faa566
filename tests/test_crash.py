"""A crash during writes loses nothing it acknowledged and leaves nothing half-written
(issue 13, "In CI"): a real server on PostgreSQL takes a burst of creates through the API
from several clients and is killed with SIGKILL in the middle of it. After a restart, every
create the server answered 201 is there exactly once, every person has the audit event of
their creation and no event lacks its person, and the audit chain verifies."""

import datetime
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.utils import timezone

from accord.accounts.services import api_token_create
from accord.audit.models import AuditEvent
from accord.audit.selectors import audit_chain_verify
from accord.governance.models import Person
from accord.partnerships.models import Partnership

pytestmark = [pytest.mark.postgresql, pytest.mark.django_db(transaction=True)]

PREFIX = "Crash test person"
CLIENTS = 6


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def serve(port: int) -> subprocess.Popen[bytes]:
    """Accord as production runs it (gunicorn, docs/deployment.md), on the test's database,
    in a process group of its own (the master and its workers)."""
    database = connection.settings_dict
    host, db_port = database["HOST"] or "127.0.0.1", database["PORT"] or 5432
    server = subprocess.Popen(
        [str(Path(sys.executable).parent / "gunicorn"), "accord.wsgi",
         "--bind", f"127.0.0.1:{port}", "--workers", "2", "--threads", "4"],
        env={
            **os.environ,
            "DATABASE_URL": f"postgres://{database['USER']}@{host}:{db_port}/{database['NAME']}",
            "DJANGO_SETTINGS_MODULE": "accord.settings.base",
            "DEBUG": "false",
            "ACCORD_RATE_LIMITS": "off",  # the burst is one address, faster than people
        },
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )  # fmt: skip
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            # A cheap page: the API document is built afresh on each request, and on a busy
            # machine takes longer than the probe's two seconds, every time.
            httpx.get(f"http://127.0.0.1:{port}/", timeout=2)
            return server
        except httpx.TransportError:
            time.sleep(0.2)
    os.killpg(server.pid, signal.SIGKILL)
    raise AssertionError("the server did not start")


def test_a_server_killed_during_a_burst_of_writes_keeps_every_acknowledged_write_once(demo):
    today = timezone.localdate()
    _, secret = api_token_create(
        actor=get_user_model().objects.get(username="officer"),
        partnership=Partnership.objects.get(slug="oxfordshire"),
        name="Crash test", access="write", expires_on=today + datetime.timedelta(days=1),
        today=today, two_factor_verified=True,
    )  # fmt: skip
    port = free_port()
    url = f"http://127.0.0.1:{port}/api/governance/partnerships/oxfordshire/people"
    headers = {"Authorization": f"Bearer {secret}"}
    acknowledged: dict[int, str] = {}
    lock = threading.Lock()
    enough = threading.Event()

    def write(client_number: int) -> None:
        with httpx.Client(headers=headers, timeout=10) as client:
            for number in range(10_000):
                name = f"{PREFIX} {client_number}-{number}"
                try:
                    response = client.post(url, json={"name": name})
                except httpx.TransportError:
                    return  # the server is gone
                if response.status_code == 201:
                    with lock:
                        acknowledged[response.json()["id"]] = name
                        if len(acknowledged) >= 60:
                            enough.set()

    server = serve(port)
    clients = [threading.Thread(target=write, args=(n,)) for n in range(CLIENTS)]
    for client in clients:
        client.start()
    assert enough.wait(timeout=120), "the burst did not get going"
    os.killpg(server.pid, signal.SIGKILL)  # mid-burst, master and workers: no shutdown at all
    server.wait(timeout=30)
    for client in clients:
        client.join(timeout=30)

    restarted = serve(port)
    try:
        listed = httpx.get(url, params={"limit": 200, "q": PREFIX}, headers=headers, timeout=10)
        assert listed.status_code == 200
    finally:
        os.killpg(restarted.pid, signal.SIGTERM)
        restarted.wait(timeout=30)

    people = dict(Person.objects.filter(name__startswith=PREFIX).values_list("pk", "name"))
    assert len(acknowledged) >= 60
    for pk, name in acknowledged.items():  # every acknowledged write, once
        assert people.get(pk) == name
    assert len(set(people.values())) == len(people)
    created = list(
        AuditEvent.objects.filter(
            action="person.create", object_id__in=[str(pk) for pk in people]
        ).values_list("object_id", flat=True)
    )
    assert sorted(created) == sorted(str(pk) for pk in people)  # each with its event, once
    report = audit_chain_verify()
    assert report.intact, report.problem

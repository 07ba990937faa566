"""Casting votes through the JSON API from 32 concurrent clients on loopback, against a
bare INSERT of the same rows from 32 concurrent database connections.

The server is gunicorn serving Accord, started for the run on a free port of 127.0.0.1
(never another address). The ballots are opened through the services, at a meeting held
today in each partnership taking part; each client signs in as one partner's voting
representative and votes on every ballot of its partnership, again and again (a later vote
replaces the earlier one), until the time is up. Afterwards every vote the API accepted
must be in the database exactly once, and exactly the last one of each partner current.
"""

import datetime
import http.client
import json
import os
import secrets
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field

import psycopg
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.test import Client
from django.utils.crypto import get_random_string

from accord.audit.services import audit_record
from accord.decisions import services as decisions
from accord.decisions.models import Ballot, Proposal, ProposalKind, Vote
from accord.governance.models import Body, BodyKind, Person
from accord.governance.selectors import voting_units
from accord.meetings import services as meetings
from accord.partnerships.models import Partnership

from .measure import Result, Timing
from .pages import dsn, signed_in

CLIENTS = 32
BALLOTS_PER_PARTNERSHIP = 5
HOST = "127.0.0.1"  # the load runs only against loopback


@dataclass
class Voter:
    """One client: a partner's representative, with its session and its partnership's
    open ballots."""

    slug: str
    unit: str
    person_id: int
    partner_id: int
    cookies: str
    csrf: str
    ballots: list[int]
    accepted: list[tuple[int, int, str]] = field(default_factory=list)  # ballot, vote id, value
    latencies: list[float] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)


def prepare(today: datetime.date, clients: int = CLIENTS) -> list[Voter]:
    """Open ballots at a meeting today in as many partnerships as it takes to seat
    ``clients`` voting representatives, and sign each representative in."""
    User = get_user_model()
    voters: list[Voter] = []
    run = secrets.token_hex(3)
    for partnership in Partnership.objects.filter(slug__startswith="national-").order_by("slug"):
        if len(voters) >= clients:
            break
        board = Body.objects.filter(partnership=partnership).get(kind=BodyKind.DECIDING_BOARD)
        meeting = meetings.meeting_schedule(
            actor=None,
            body=board,
            date=today,
            place="County Hall",
            title=f"Special meeting (benchmark {run})",
        )
        ballots = []
        for n in range(BALLOTS_PER_PARTNERSHIP):
            proposal = decisions.proposal_create(
                actor=None,
                partnership=partnership,
                title=f"Benchmark proposal {run}-{n + 1}",
                kind=ProposalKind.COMMISSIONING_DECISION,
                deciding_body=board,
                on=today,
            )
            decisions.proposal_table(actor=None, proposal=proposal, meeting=meeting)
            ballots.append(proposal)
        meeting = meetings.meeting_publish_agenda(
            actor=None,
            meeting=meeting,
            today=today,
            urgency_reason="A special meeting called for the benchmark: its votes are today's",
        )
        opened = [
            decisions.ballot_open(actor=None, proposal=p, meeting=meeting).pk for p in ballots
        ]
        for unit in voting_units(board, on=today):
            if len(voters) >= clients:
                break
            person = Person.objects.filter(partnership=partnership).get(pk=unit.representatives[0])
            user, _ = User.objects.get_or_create(username=f"bench-{partnership.slug}-{person.pk}")
            if person.user_id != user.pk:
                person.user = user
                person.save(update_fields=["user"])
                audit_record(
                    actor=None,
                    action="bench.voter",
                    obj=person,
                    changes={"user_id": [None, user.pk]},
                )
            client = Client()
            signed_in(client, user)
            csrf = get_random_string(32)
            session = client.cookies[settings.SESSION_COOKIE_NAME].value
            voters.append(
                Voter(
                    slug=partnership.slug,
                    unit=unit.key,
                    person_id=person.pk,
                    partner_id=unit.partner_id or 0,
                    cookies=f"{settings.SESSION_COOKIE_NAME}={session}; "
                    f"{settings.CSRF_COOKIE_NAME}={csrf}",
                    csrf=csrf,
                    ballots=opened,
                )
            )
    if len(voters) < clients:
        raise LookupError(f"Only {len(voters)} voting representatives found; generate more data")
    return voters


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return int(s.getsockname()[1])


def serve(port: int) -> subprocess.Popen[bytes]:
    """gunicorn on loopback, with the settings this process runs with (DEBUG off)."""
    workers = (os.cpu_count() or 1) * 2 + 1
    db = connection.settings_dict  # the database this process uses, tests' included
    url = f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
    # A load run is one address sending far more than people do: no rate limits.
    env = {**os.environ, "DEBUG": "false", "DATABASE_URL": url, "ACCORD_RATE_LIMITS": "off"}
    server = subprocess.Popen(  # noqa: S603 (our own server, fixed arguments)
        [
            sys.executable,
            "-m",
            "gunicorn",
            "accord.wsgi:application",
            "--bind",
            f"{HOST}:{port}",
            "--workers",
            str(workers),
            *os.environ.get("ACCORD_BENCH_GUNICORN", "").split(),
            "--log-level",
            "warning",
        ],
        env={**env, "DJANGO_SETTINGS_MODULE": "accord.settings.base"},
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with socket.create_connection((HOST, port), timeout=0.5):
                return server
        except OSError:
            if server.poll() is not None:
                raise RuntimeError("gunicorn stopped at start") from None
            time.sleep(0.2)
    server.kill()
    raise RuntimeError("gunicorn did not start within 30 seconds")


def cast(voter: Voter, port: int, deadline: float) -> None:
    """Vote on each ballot in turn, alternating for and against, until the deadline."""
    values = ("for", "against", "abstain")
    n = 0
    conn = http.client.HTTPConnection(HOST, port, timeout=30)
    while time.monotonic() < deadline:
        ballot = voter.ballots[n % len(voter.ballots)]
        value = values[n % 3]
        n += 1
        body = json.dumps({"unit": voter.unit, "value": value})
        started = time.perf_counter()
        try:
            conn.request(
                "POST",
                f"/api/decisions/partnerships/{voter.slug}/ballots/{ballot}/votes",
                body=body,
                headers={
                    "Content-Type": "application/json",
                    "Cookie": voter.cookies,
                    "X-CSRFToken": voter.csrf,
                    "Host": HOST,
                },
            )
            response = conn.getresponse()
            payload = response.read()
        except (OSError, http.client.HTTPException) as error:
            voter.failures.append(repr(error))
            conn.close()
            conn = http.client.HTTPConnection(HOST, port, timeout=30)
            continue
        voter.latencies.append(time.perf_counter() - started)
        if response.status == 201:
            voter.accepted.append((ballot, json.loads(payload)["id"], value))
        else:
            voter.failures.append(f"{response.status} {payload[:200]!r}")
        if response.getheader("Connection", "").lower() == "close":
            conn.close()
            conn = http.client.HTTPConnection(HOST, port, timeout=30)
    conn.close()


def check(voters: list[Voter]) -> tuple[int, int, list[str]]:
    """Lost: votes the API accepted that are not in the database. Doubled: rows in the
    database the API did not accept, or more than one current vote for a partner, or a
    current vote that is not the partner's last."""
    ballots = sorted({b for v in voters for b in v.ballots})
    rows = {
        row["pk"]: row
        for row in Vote.objects.filter(ballot_id__in=ballots).values(
            "pk", "ballot_id", "unit", "value", "current"
        )
    }
    accepted = {
        vote_id: (voter, ballot, value)
        for voter in voters
        for ballot, vote_id, value in voter.accepted
    }
    lost = [vote_id for vote_id in accepted if vote_id not in rows]
    doubled = [pk for pk in rows if pk not in accepted]
    problems = []
    for voter in voters:
        for ballot in voter.ballots:
            mine = [vid for b, vid, _ in voter.accepted if b == ballot]
            current = [
                pk
                for pk, r in rows.items()
                if r["ballot_id"] == ballot and r["unit"] == voter.unit and r["current"]
            ]
            if mine and current != [mine[-1]]:
                problems.append(f"ballot {ballot} {voter.unit}: current {current}, last {mine[-1]}")
    return len(lost), len(doubled), problems


def bare_inserts(voters: list[Voter], seconds: float) -> tuple[int, Timing, list[int]]:
    """The floor: the same vote rows inserted by 32 connections, each committing every row,
    as fast as PostgreSQL takes them. Marked not current (the vote rule allows one current
    vote per partner) and deleted afterwards."""
    done: list[int] = []
    timing = Timing()
    lock = threading.Lock()
    deadline = time.monotonic() + seconds
    statement = (
        "INSERT INTO decisions_vote (created_at, updated_at, partnership_id, ballot_id, unit, "
        "partner_id, cast_by_id, value, subject_to_ratification, ratification, current, "
        "illustrative) "
        "SELECT now(), now(), b.partnership_id, b.id, %s, %s, %s, %s, false, '', false, '[]' "
        "FROM decisions_ballot b WHERE b.id = %s RETURNING id"
    )

    def insert(voter: Voter) -> None:
        with psycopg.connect(dsn(), autocommit=True) as db:
            n = 0
            while time.monotonic() < deadline:
                ballot = voter.ballots[n % len(voter.ballots)]
                n += 1
                started = time.perf_counter()
                row = db.execute(
                    statement, [voter.unit, voter.partner_id, voter.person_id, "for", ballot]
                ).fetchone()
                elapsed = time.perf_counter() - started
                with lock:
                    timing.samples.append(elapsed)
                    done.append(int(row[0]) if row else 0)

    threads = [threading.Thread(target=insert, args=(v,)) for v in voters]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return len(done), timing, done


def audit_appends(seconds: float, connections: int = CLIENTS) -> tuple[int, Timing]:
    """Events appended to the audit chain by concurrent transactions, each holding the
    chain's lock from its append to its commit: the one point every change passes in turn,
    and so the ceiling of audited writes on one primary, whatever its size."""
    timing = Timing()
    lock = threading.Lock()
    deadline = time.monotonic() + seconds

    def append() -> None:
        try:
            while time.monotonic() < deadline:
                started = time.perf_counter()
                with transaction.atomic():
                    audit_record(
                        actor=None, action="bench.audit_probe", object_type="bench", object_id="1"
                    )
                with lock:
                    timing.samples.append(time.perf_counter() - started)
        finally:
            connection.close()

    threads = [threading.Thread(target=append) for _ in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return len(timing.samples), timing


def audit_benchmark(*, seconds: float, floor: float) -> Result:
    appended, timing = audit_appends(seconds)
    return Result(
        name="Appending to the audit chain (32 concurrent transactions)",
        unit="events/s",
        value=appended / seconds,
        p95=None,
        floor_name="bare INSERT, as above",
        floor=floor,
        floor_p95=None,
        target="none: the ceiling of audited changes on one primary",
        met=None,
        runs=appended,
        notes=[f"latency median {timing.median * 1000:.1f} ms, p95 {timing.p95 * 1000:.1f} ms"],
        extra={"p95_ms": round(timing.p95 * 1000, 2)},
    )


def vote_benchmark(today: datetime.date, *, seconds: float, clients: int = CLIENTS) -> Result:
    voters = prepare(today, clients)
    connection.close()  # the server and the clients use their own connections
    port = free_port()
    server = serve(port)
    try:
        started = time.monotonic()
        deadline = started + seconds
        threads = [threading.Thread(target=cast, args=(v, port, deadline)) for v in voters]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.monotonic() - started
    finally:
        server.terminate()
        server.wait(timeout=30)
    lost, doubled, problems = check(voters)
    accepted = sum(len(v.accepted) for v in voters)
    failures = [f for v in voters for f in v.failures]
    api = Timing([s for v in voters for s in v.latencies])
    bare_count, bare, inserted = bare_inserts(voters, seconds)
    Vote.objects.filter(pk__in=inserted).delete()
    left = Vote.objects.filter(pk__in=inserted).count()
    throughput = accepted / elapsed
    bare_throughput = bare_count / seconds
    notes = [
        f"{accepted:,} votes accepted in {elapsed:.1f} s by {len(voters)} clients on "
        f"{len(voters[0].ballots)} ballots per partnership; {lost} lost, {doubled} doubled"
        + (f", {len(problems)} wrong current votes" if problems else "")
        + (f"; {len(failures)} refused, first: {failures[0]}" if failures else ""),
        f"API latency median {api.median * 1000:.1f} ms, p95 {api.p95 * 1000:.1f} ms"
        if api.samples
        else "no API response",
        f"bare INSERT: {bare_count:,} rows in {seconds:.0f} s, p95 {bare.p95 * 1000:.2f} ms",
    ]
    return Result(
        name=f"Casting a vote through the API ({len(voters)} concurrent clients)",
        unit="votes/s",
        value=throughput,
        p95=None,
        floor_name="bare INSERT of the same row, 32 connections",
        floor=bare_throughput,
        floor_p95=None,
        target="at least 50% of the bare insert; none lost or doubled",
        met=throughput >= 0.5 * bare_throughput and not (lost or doubled or problems),
        runs=accepted,
        notes=notes,
        extra={
            "api_p95_ms": round(api.p95 * 1000, 2) if api.samples else None,
            "api_median_ms": round(api.median * 1000, 2) if api.samples else None,
            "bare_p95_ms": round(bare.p95 * 1000, 2) if bare.samples else None,
            "lost": lost,
            "doubled": doubled,
            "wrong_current": problems[:10],
            "refused": len(failures),
            "bare_rows": bare_count,
            "bare_rows_left": left,
            "proposals": Proposal.objects.filter(ballots__pk__in=voters[0].ballots).count(),
            "ballots": Ballot.objects.filter(pk__in={b for v in voters for b in v.ballots}).count(),
        },
    )

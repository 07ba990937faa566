"""The personal data of audit events (the client's address and user agent): kept beside
the hash chain, covered by a salted digest, erasable without breaking the chain, and any
other change to it found by `accord audit verify` (docs/personal-data.md)."""

import datetime
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from django.db import DatabaseError, connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse
from django.utils import timezone

from accord.audit.chain import event_content, event_hash
from accord.audit.maintenance import append_only_lifted
from accord.audit.models import GENESIS_HASH, AuditEvent, AuditPersonal
from accord.audit.selectors import audit_chain_verify
from accord.audit.services import audit_record, personal_erase
from accord.cli import main
from accord.core.requests import RequestFacts, _request_facts
from accord.decisions.models import Ballot
from accord.demo import oxfordshire as oxon
from accord.governance.models import Partner
from accord.governance.services import partner_create, partnership_create
from tests import factories
from tests.decisions.test_voting import FEBRUARY, Oxon, opened, oxfordshire, proposal_for

BROWSER = "Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0"
PROXY = "10.0.0.1"


@pytest.fixture
def board(db) -> Oxon:
    return oxfordshire()


@pytest.fixture
def ballot(board) -> Ballot:
    return opened(proposal_for(board), FEBRUARY)


@pytest.fixture
def west(board) -> Any:
    """West Oxfordshire's representative, with an account: casts West's vote."""
    member = factories.UserFactory(username="west")
    representative = board.representatives[oxon.WEST]
    representative.user = member
    representative.save()
    return member


def last_event(action: str) -> AuditEvent:
    return AuditEvent.objects.filter(action=action).select_related("personal").latest("sequence")


@contextmanager
def request_from(address: str, user_agent: str = BROWSER) -> Iterator[None]:
    """Record events as if in a request from this address (the middleware's part)."""
    token = _request_facts.set(RequestFacts(client_address=address, user_agent=user_agent))
    try:
        yield
    finally:
        _request_facts.reset(token)


def events_from(*addresses: str) -> list[AuditEvent]:
    events = []
    for address in addresses:
        with request_from(address):
            events.append(audit_record(actor=None, action="test.event", object_type="test"))
    return events


def tamper(**changes: Any) -> None:
    """Change personal rows behind Accord's back, as a database superuser could."""
    with append_only_lifted(connection):
        AuditPersonal.objects.filter(event_id=changes.pop("event_id")).update(**changes)


# ---------------------------------------------------------------- what is kept, and where


def test_a_vote_cast_on_a_page_keeps_the_address_and_browser_beside_the_chain(
    board, ballot, west, client, sign_in
):
    sign_in("west")
    response = client.post(
        reverse("decisions:vote-create", args=[board.partnership.slug, ballot.pk]),
        {"unit": board.unit(oxon.WEST), "value": "for"},
        REMOTE_ADDR="198.51.100.7",
        HTTP_USER_AGENT=BROWSER,
    )
    assert response.status_code == 302
    event = last_event("vote.cast")
    assert event.personal.fields == {"client_address": "198.51.100.7", "user_agent": BROWSER}
    assert event.personal_digest
    # Not in the content the chain keeps for good: only its digest is.
    assert "198.51.100.7" not in str(event.changes)
    assert BROWSER not in str(event.changes)
    assert audit_chain_verify().intact


def test_a_vote_cast_through_the_api_behind_a_proxy_keeps_the_clients_address(
    board, ballot, west, client, sign_in, settings, security_log, django_capture_on_commit_callbacks
):
    settings.ACCORD_TRUSTED_PROXIES = 1
    sign_in("west")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/api/decisions/partnerships/{board.partnership.slug}/ballots/{ballot.pk}/votes",
            {"unit": board.unit(oxon.WEST), "value": "for"},
            content_type="application/json",
            REMOTE_ADDR=PROXY,
            # The left address is the client's to write; the proxy appended the right one.
            HTTP_X_FORWARDED_FOR="192.0.2.66, 203.0.113.9",
            HTTP_USER_AGENT="accord-client/1.0",
        )
    assert response.status_code == 201
    event = last_event("vote.cast")
    assert event.personal.fields == {
        "client_address": "203.0.113.9",
        "user_agent": "accord-client/1.0",
    }
    [logged] = security_log.events("vote.cast")
    assert logged["client_address"] == "203.0.113.9"
    assert logged["user_agent"] == "accord-client/1.0"
    assert (logged["user_id"], logged["username"]) == (west.pk, "west")
    assert logged["partnership_id"] == board.partnership.pk
    assert logged["audit_sequence"] == event.sequence
    assert logged["outcome"] == "success"


@pytest.mark.django_db
def test_an_event_outside_a_request_has_no_personal_data_and_hashes_as_before():
    partnership_create(actor=None, slug="cherwell", name="Cherwell")
    event = AuditEvent.objects.get()
    assert event.personal_digest == ""
    assert not AuditPersonal.objects.exists()
    # The content of an event as it was hashed before personal data was kept: unchanged,
    # so every event recorded then still verifies.
    before = {
        "sequence": event.sequence,
        "occurred_at": event.occurred_at.astimezone(datetime.UTC).isoformat(),
        "actor_id": None,
        "actor_name": "",
        "partnership_id": event.partnership_id,
        "action": event.action,
        "object_type": event.object_type,
        "object_id": event.object_id,
        "changes": event.changes,
        "request_id": "",
        "previous_hash": event.previous_hash,
    }
    assert event.hash == event_hash(before)


@pytest.mark.django_db
def test_a_models_personal_fields_are_recorded_beside_the_chain_not_in_it(monkeypatch):
    """The mechanism for complainants and service users: a model names its personal fields,
    and the audited writes keep their changes erasable. (A partner's name is public; it
    stands in here for a complainant's.)"""
    monkeypatch.setattr(Partner, "audit_personal_fields", frozenset({"name"}), raising=False)
    partnership = partnership_create(actor=None, slug="cherwell", name="Cherwell")
    with request_from("192.0.2.1"):
        partner = partner_create(
            actor=None, partnership=partnership, name="Ann Example", kind="district_council"
        )
    event = last_event("partner.create")
    assert "name" not in event.changes
    assert event.changes["kind"] == [None, "district_council"]
    assert event.personal.fields == {
        "name": [None, "Ann Example"],
        "client_address": "192.0.2.1",
        "user_agent": BROWSER,
    }
    personal_erase(actor=None, before=timezone.now() + datetime.timedelta(seconds=1))
    assert "Ann Example" not in str(list(AuditPersonal.objects.values_list("fields", flat=True)))
    assert audit_chain_verify().intact
    assert partner.name == "Ann Example"  # the record itself is the service's to keep


# ---------------------------------------------------------------- erasure


@pytest.mark.django_db
def test_erasing_an_address_keeps_the_chain_verifiable_and_is_itself_recorded():
    first, other, second = events_from("198.51.100.7", "192.0.2.10", "198.51.100.7")
    with request_from("198.51.100.7"):  # asked from the very address: it erases itself too
        erasure = personal_erase(actor=None, client_address="198.51.100.7")

    kept = {p.event_id: p for p in AuditPersonal.objects.all()}
    for event in (first, second):
        assert (kept[event.sequence].fields, kept[event.sequence].salt) == ({}, "")
        assert kept[event.sequence].erased_by == erasure.sequence
    assert kept[other.sequence].fields["client_address"] == "192.0.2.10"
    assert erasure.action == "audit.personal_erase"
    assert erasure.changes == {"events": [None, 2], "criteria": [None, {"client_address": True}]}
    assert "198.51.100.7" not in str(erasure.changes)  # the chain would keep it for good
    report = audit_chain_verify()
    assert report.intact, report.problem
    assert report.erased == 2


@pytest.mark.django_db
def test_erasing_a_users_data_erases_the_events_they_did_and_no_one_elses():
    person: Any = factories.UserFactory()
    colleague: Any = factories.UserFactory()
    with request_from("192.0.2.10"):
        theirs = audit_record(actor=person, action="test.event", object_type="test")
        audit_record(actor=colleague, action="test.event", object_type="test")
    erasure = personal_erase(actor=None, user_id=person.pk)
    assert erasure.changes["events"] == [None, 1]
    assert list(AuditPersonal.objects.filter(erased_by=erasure.sequence)) == [
        AuditPersonal.objects.get(event_id=theirs.sequence)
    ]
    assert audit_chain_verify().erased == 1


@pytest.mark.django_db
def test_an_erasure_must_say_whose_data():
    with pytest.raises(Exception, match="Say whose personal data"):
        personal_erase(actor=None)


# ---------------------------------------------------------------- tampering


@pytest.mark.django_db
def test_verify_finds_a_changed_address():
    _, changed, _ = events_from("192.0.2.1", "192.0.2.2", "192.0.2.3")
    tamper(
        event_id=changed.sequence,
        fields={"client_address": "203.0.113.66", "user_agent": BROWSER},
    )
    report = audit_chain_verify()
    assert (report.broken_at, report.problem) == (
        changed.sequence,
        f"the personal data of event {changed.sequence} was changed after it was recorded",
    )


@pytest.mark.django_db
def test_verify_finds_personal_data_removed_or_marked_erased_without_an_erasure():
    first, second, _ = events_from("192.0.2.1", "192.0.2.2", "192.0.2.3")
    # Marked erased, but by an event that erased nothing.
    tamper(event_id=second.sequence, fields={}, salt="", erased_by=first.sequence)
    report = audit_chain_verify()
    assert (report.broken_at, report.problem) == (
        second.sequence,
        f"the personal data of event {second.sequence} is marked erased by event "
        f"{first.sequence}, which is not an erasure",
    )
    with append_only_lifted(connection):
        AuditPersonal.objects.filter(event_id=first.sequence).delete()
    report = audit_chain_verify()
    assert (report.broken_at, report.problem) == (
        first.sequence,
        f"the personal data of event {first.sequence} was deleted, not erased",
    )


@pytest.mark.django_db
def test_verify_holds_an_erasure_to_the_number_it_recorded():
    first, second = events_from("192.0.2.1", "192.0.2.2")
    erasure = personal_erase(actor=None, client_address="192.0.2.1")
    # One more row marked with the erasure's sequence than it says it erased.
    tamper(event_id=second.sequence, fields={}, salt="", erased_by=erasure.sequence)
    report = audit_chain_verify()
    assert (report.broken_at, report.problem) == (
        erasure.sequence,
        f"event {erasure.sequence} erased the personal data of 1 events, but 2 carry its mark",
    )
    assert first.sequence < erasure.sequence


@pytest.mark.django_db
@pytest.mark.parametrize(
    "statement",
    [
        "DELETE FROM audit_auditpersonal",
        # An update that does not erase: a rewritten address, or fields emptied unmarked.
        "UPDATE audit_auditpersonal SET salt = 'f00d'",
        "UPDATE audit_auditpersonal SET erased_by = 1",
    ],
)
def test_the_database_refuses_to_delete_or_rewrite_personal_data(statement):
    events_from("192.0.2.1", "192.0.2.2")
    with pytest.raises(DatabaseError, match="personal data"), transaction.atomic():
        connection.cursor().execute(statement)
    assert list(AuditPersonal.objects.exclude(fields={}).values_list("event_id", flat=True)) == [
        1,
        2,
    ]


@pytest.mark.django_db
def test_the_database_refuses_personal_data_for_an_event_already_recorded():
    first, _ = events_from("192.0.2.1", "192.0.2.2")
    outside = audit_record(actor=None, action="test.event", object_type="test")  # no request
    for event in (first, outside):  # an earlier event; the last, which carries no digest
        with pytest.raises(DatabaseError, match="personal data"), transaction.atomic():
            AuditPersonal.objects.create(event=event, fields={"client_address": "x"}, salt="0")


@pytest.mark.postgresql
@pytest.mark.django_db
def test_postgresql_refuses_to_truncate_the_personal_data():
    events_from("192.0.2.1")
    with pytest.raises(DatabaseError, match="personal data"), transaction.atomic():
        connection.cursor().execute("TRUNCATE audit_auditpersonal")


# ---------------------------------------------------------------- the command


@pytest.mark.django_db
def test_the_erase_command_erases_what_is_older_than_the_retention_period(monkeypatch, capsys):
    long_ago = timezone.now() - datetime.timedelta(days=400)
    with monkeypatch.context() as clock:
        clock.setattr(timezone, "now", lambda: long_ago)
        [old] = events_from("192.0.2.1")
    [recent] = events_from("192.0.2.2")

    assert main(["audit", "erase", "--older-than", "365"]) == 0
    erasure = AuditEvent.objects.latest("sequence")
    assert capsys.readouterr().out == (
        f"erased the personal data of 1 events; the erasure is event {erasure.sequence}\n"
    )
    assert (erasure.action, erasure.actor_id) == ("audit.personal_erase", None)
    assert AuditPersonal.objects.get(event_id=old.sequence).erased_by == erasure.sequence
    assert AuditPersonal.objects.get(event_id=recent.sequence).fields["client_address"]

    assert main(["audit", "verify"]) == 0
    assert "1 events' personal data erased" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("arguments", "problem"),
    [
        ([], "say what to erase"),
        (["--older-than", "a year"], "must be a whole number of days"),
        (["--address", "somewhere"], "is not an IP address"),
        (["--user", "nobody"], "there is no user 'nobody'"),
    ],
)
@pytest.mark.django_db
def test_an_erasure_that_names_nothing_is_a_usage_error(arguments, problem, capsys):
    assert main(["audit", "erase", *arguments]) == 2
    assert problem in capsys.readouterr().err
    assert not AuditEvent.objects.exists()


# ---------------------------------------------------------------- upgrading


@pytest.mark.django_db(transaction=True)
def test_the_rules_of_the_trail_survive_the_migration_that_adds_personal_data():
    """On SQLite, adding the digest's column rebuilds the events' table, which drops its
    triggers: the migration makes them again, going forward and back."""
    executor = MigrationExecutor(connection)
    latest = executor.loader.graph.leaf_nodes()
    before = [("audit", "0004_sqlite_next_in_chain")]
    try:
        executor.migrate(before)
        # An event as the release before recorded it, which must still verify after.
        old = executor.loader.project_state(before).apps.get_model("audit", "AuditEvent")
        content: dict[str, Any] = {
            "sequence": 1,
            "occurred_at": datetime.datetime(2026, 11, 2, 9, 30, tzinfo=datetime.UTC),
            "actor_id": None,
            "actor_name": "",
            "partnership_id": None,
            "action": "partnership.create",
            "object_type": "partnerships.partnership",
            "object_id": "1",
            "changes": {"slug": [None, "cherwell"]},
            "request_id": "",
            "previous_hash": GENESIS_HASH,
        }
        old.objects.create(**content, hash=event_hash(event_content(**content)))
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
            connection.cursor().execute("DELETE FROM audit_auditevent")
        MigrationExecutor(connection).migrate(latest)
    finally:
        MigrationExecutor(connection).migrate(latest)
    assert audit_chain_verify().events == 1
    events_from("192.0.2.1")
    for statement in ["DELETE FROM audit_auditevent", "DELETE FROM audit_auditpersonal"]:
        with pytest.raises(DatabaseError, match=r"append-only|personal data"), transaction.atomic():
            connection.cursor().execute(statement)
    assert audit_chain_verify().intact

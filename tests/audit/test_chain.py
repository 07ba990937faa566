"""The audit trail: one event per change, chained, append-only, checked by `accord audit verify`."""

import threading

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.db import DatabaseError, connection, transaction
from django.test import Client

from accord.audit.maintenance import append_only_lifted
from accord.audit.models import GENESIS_HASH, AuditEvent, AuditPersonal
from accord.audit.selectors import ChainHead, Quote, audit_chain_head, audit_chain_verify
from accord.cli import main
from accord.core.demo import DEMO_PASSWORD
from accord.decisions.models import Ballot
from accord.governance.services import partnership_create


def three_partnerships() -> None:
    # seed 000, para 22: three of the Oxfordshire district councils, as stand-in tenants.
    for slug in ["cherwell", "west-oxfordshire", "south-oxfordshire"]:
        partnership_create(actor=None, slug=slug, name=slug.replace("-", " ").title())


def tamper(sql: str, params: list[str | int]) -> None:
    """Change the table behind Accord's back, as a database superuser could."""
    with append_only_lifted(connection), connection.cursor() as cursor:
        cursor.execute(sql, params)


@pytest.mark.django_db
def test_each_change_writes_one_event_chained_to_the_one_before():
    three_partnerships()
    events = list(AuditEvent.objects.order_by("sequence"))
    assert [e.sequence for e in events] == [1, 2, 3]
    assert [e.action for e in events] == ["partnership.create"] * 3
    assert events[0].previous_hash == GENESIS_HASH
    assert [e.previous_hash for e in events[1:]] == [e.hash for e in events[:-1]]
    assert events[1].changes["name"] == [None, "West Oxfordshire"]
    assert events[1].partnership_id is not None
    report = audit_chain_verify()
    assert report.intact
    assert report.head == ChainHead(3, events[2].hash)


@pytest.mark.django_db
def test_a_refused_change_leaves_no_event():
    with pytest.raises(Exception, match="slug"):
        partnership_create(actor=None, slug="not a slug!", name="Nowhere")
    assert not AuditEvent.objects.exists()


@pytest.mark.django_db
def test_verify_names_the_event_whose_content_was_edited():
    three_partnerships()
    tamper("UPDATE audit_auditevent SET actor_name = %s WHERE sequence = 2", ["mallory"])
    report = audit_chain_verify()
    assert (report.broken_at, report.problem) == (2, "event 2 was changed after it was recorded")


@pytest.mark.django_db
def test_verify_names_an_event_that_was_deleted():
    three_partnerships()
    tamper("DELETE FROM audit_auditevent WHERE sequence = %s", [2])
    report = audit_chain_verify()
    assert (report.broken_at, report.problem) == (2, "event 2 is missing: the next event is 3")


@pytest.mark.django_db
def test_verify_names_the_first_of_two_events_that_were_swapped():
    three_partnerships()
    tamper("UPDATE audit_auditevent SET sequence = 1000 WHERE sequence = 2", [])
    tamper("UPDATE audit_auditevent SET sequence = 2 WHERE sequence = 3", [])
    tamper("UPDATE audit_auditevent SET sequence = 3 WHERE sequence = 1000", [])
    report = audit_chain_verify()
    assert (report.broken_at, report.problem) == (2, "event 2 does not follow event 1")


@pytest.mark.django_db
def test_verify_detects_a_rewritten_tail_against_a_published_hash():
    # A superuser who rewrites the last event and recomputes its hash keeps the chain
    # consistent, but not the hash quoted when the record was published.
    three_partnerships()
    published = audit_chain_head()
    assert published is not None
    tamper("DELETE FROM audit_auditevent WHERE sequence = %s", [3])
    partnership_create(actor=None, slug="forged", name="Forged")
    assert audit_chain_verify().intact
    report = audit_chain_verify(published=published)
    assert report.broken_at == 3
    assert report.problem == "event 3 no longer carries the hash quoted by the published record"


@pytest.mark.django_db
def test_the_verify_command_exits_1_naming_the_broken_event(capsys):
    three_partnerships()
    assert main(["audit", "verify"]) == 0
    assert "audit chain intact: 3 events" in capsys.readouterr().out
    tamper("UPDATE audit_auditevent SET action = %s WHERE sequence = 3", ["partnership.delete"])
    assert main(["audit", "verify"]) == 1
    assert capsys.readouterr().err == (
        "audit chain broken at event 3: event 3 was changed after it was recorded\n"
    )


def test_a_malformed_published_hash_is_a_usage_error(capsys):
    assert main(["audit", "verify", "--published", "three:abc"]) == 2
    assert "--published must be SEQUENCE:HASH" in capsys.readouterr().err


@pytest.mark.django_db
@pytest.mark.parametrize(
    "statement", ["UPDATE audit_auditevent SET action = 'x'", "DELETE FROM audit_auditevent"]
)
def test_the_database_refuses_to_change_or_remove_events(statement):
    three_partnerships()
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        connection.cursor().execute(statement)
    assert AuditEvent.objects.count() == 3


def insert_event(sequence: int, previous_hash: str, *, verb: str = "INSERT") -> None:
    """Write an event row straight into the table, as someone with the database could."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"{verb} INTO audit_auditevent (sequence, occurred_at, actor_name, action, "
            "object_type, object_id, changes, request_id, previous_hash, hash) "
            "VALUES (%s, CURRENT_TIMESTAMP, 'mallory', 'partnership.create', '', '', '{}', '', "
            "%s, %s)",
            [sequence, previous_hash, f"{sequence:064d}"],
        )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("case", "sequence", "previous"),
    [
        ("a gap after the last event", 5, 3),
        ("a fork from an earlier event", 4, 2),
        ("an event again under a used number", 2, 1),
        ("the right number, another predecessor", 4, None),
    ],
)
def test_the_database_refuses_an_event_that_is_not_the_next_of_the_chain(case, sequence, previous):
    three_partnerships()
    hashes = dict(AuditEvent.objects.values_list("sequence", "hash"))
    previous_hash = hashes[previous] if previous else "f" * 64
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        insert_event(sequence, previous_hash)
    assert AuditEvent.objects.count() == 3
    assert audit_chain_verify().intact


@pytest.mark.django_db
def test_the_database_accepts_the_next_event_and_verify_still_checks_its_hash():
    """The trigger checks the event's place in the chain; its content is the verifier's:
    an appended event whose hash does not match its content is found."""
    three_partnerships()
    last = audit_chain_head()
    assert last is not None
    insert_event(4, last.hash)
    report = audit_chain_verify()
    assert (report.broken_at, report.problem) == (4, "event 4 was changed after it was recorded")


@pytest.mark.django_db
def test_an_event_cannot_be_rewritten_by_replacing_it():
    """SQLite's INSERT OR REPLACE deletes the row it conflicts with without firing the
    DELETE trigger; PostgreSQL's upsert updates it. Both are refused; nothing changes."""
    three_partnerships()
    before = list(AuditEvent.objects.values_list("sequence", "actor_name", "hash"))
    second = AuditEvent.objects.get(sequence=2)

    def replace() -> None:
        if connection.vendor == "sqlite":
            insert_event(2, second.previous_hash, verb="INSERT OR REPLACE")
            return
        with connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO audit_auditevent (sequence, occurred_at, actor_name, action, "
                "object_type, object_id, changes, request_id, previous_hash, hash) "
                "SELECT sequence, occurred_at, 'mallory', action, object_type, object_id, "
                "changes, request_id, previous_hash, hash FROM audit_auditevent "
                "WHERE sequence = 2 ON CONFLICT (sequence) DO UPDATE "
                "SET actor_name = EXCLUDED.actor_name"
            )

    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        replace()
    assert list(AuditEvent.objects.values_list("sequence", "actor_name", "hash")) == before


@pytest.mark.postgresql
@pytest.mark.django_db
def test_postgresql_refuses_to_truncate_the_trail():
    three_partnerships()
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        connection.cursor().execute("TRUNCATE audit_auditevent")
    assert AuditEvent.objects.count() == 3


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_never_fork_the_chain():
    writers, each = 8, 6
    start = threading.Barrier(writers)
    failures: list[BaseException] = []

    def write(number: int) -> None:
        try:
            start.wait()
            for step in range(each):
                partnership_create(
                    actor=None, slug=f"w{number}-{step}", name=f"Writer {number} {step}"
                )
        except BaseException as error:  # reported below
            failures.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=write, args=(n,)) for n in range(writers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert failures == []
    report = audit_chain_verify()
    assert report.intact, report.problem
    assert report.events == writers * each


@pytest.mark.django_db
def test_a_sign_in_is_recorded_and_a_failed_one_logged_without_the_password(
    demo, security_log, django_capture_on_commit_callbacks
):
    client = Client()
    before = audit_chain_head()
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/account/sign-in/", {"username": "strategy", "password": "wrong-guess"})
    # A failed sign-in changes nothing: the security log has it, the trail does not.
    assert audit_chain_head() == before
    [failed] = security_log.events("sign_in.failed")
    assert (failed["username"], failed["reason"], failed["outcome"]) == (
        "strategy", "wrong_password", "failure"
    )  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/account/sign-in/", {"username": "strategy", "password": DEMO_PASSWORD})
    signed_in = AuditEvent.objects.order_by("-sequence")[0]
    assert signed_in.action == "user.sign_in"
    assert signed_in.actor_name == "strategy"
    assert signed_in.request_id  # ties the event to the request's logs
    [logged] = security_log.events("user.sign_in")
    assert (logged["audit_sequence"], logged["request_id"]) == (
        signed_in.sequence, signed_in.request_id
    )  # fmt: skip
    everything = str(list(AuditEvent.objects.values_list("changes", flat=True)))
    everything += str(list(AuditPersonal.objects.values_list("fields", flat=True)))
    for password in ["wrong-guess", DEMO_PASSWORD]:
        assert password not in everything
        assert password not in security_log.text


@pytest.mark.django_db
def test_password_hashes_never_enter_the_trail(demo):
    created = AuditEvent.objects.get(
        action="user.create", object_id=str(get_user_model().objects.get(username="officer").pk)
    )
    assert "username" in created.changes
    assert "password" not in created.changes


# ---------------------------------------------------------------- anchors and quoted hashes


def rewrite_from(sequence: int) -> None:
    """Delete the trail from an event on and write new events in their place: a chain that
    holds together, which only a hash kept elsewhere can tell from the original."""
    tamper("DELETE FROM audit_auditevent WHERE sequence >= %s", [sequence])
    for number in (1, 2):
        partnership_create(actor=None, slug=f"forged-{number}", name=f"Forged {number}")


@pytest.mark.django_db
def test_an_anchor_kept_outside_the_database_finds_a_rewritten_or_truncated_trail(tmp_path, capsys):
    three_partnerships()
    anchors = tmp_path / "anchors.txt"
    assert main(["audit", "anchor", "--file", str(anchors)]) == 0
    head = audit_chain_head()
    assert head is not None
    [line] = anchors.read_text().splitlines()
    assert line.startswith(f"3:{head.hash} ")
    assert main(["audit", "verify", "--anchors", str(anchors)]) == 0
    assert "audit chain intact: 3 events" in capsys.readouterr().out

    rewrite_from(2)  # events 2 and 3 rewritten; the chain itself holds
    assert audit_chain_verify().intact
    assert main(["audit", "verify", "--anchors", str(anchors)]) == 1
    error = capsys.readouterr().err
    assert (
        "audit chain broken at event 3: event 3 no longer carries the hash quoted by the anchor"
        in error
    )
    assert "anchors.txt, line 1" in error

    tamper("DELETE FROM audit_auditevent WHERE sequence >= %s", [3])  # cut short
    report = audit_chain_verify(quotes=[Quote("the anchor", ChainHead(3, head.hash))])
    assert (report.broken_at, report.problem) == (
        3, "event 3, quoted by the anchor, is missing: the trail was cut short"
    )  # fmt: skip
    tamper("DELETE FROM audit_auditevent", [])  # wiped
    assert main(["audit", "verify", "--anchors", str(anchors)]) == 1
    assert "the trail was cut short" in capsys.readouterr().err


@pytest.mark.django_db
def test_anchoring_sends_the_head_to_the_configured_address(tmp_path, settings, capsys):
    settings.ACCORD_AUDIT_ANCHOR_EMAIL = "audit-anchors@county.example"
    three_partnerships()
    assert main(["audit", "anchor", "--file", str(tmp_path / "anchors.txt")]) == 0
    [message] = mail.outbox
    assert message.to == ["audit-anchors@county.example"]
    head = audit_chain_head()
    assert head is not None
    assert f"3:{head.hash}" in message.body


def test_an_anchor_file_that_is_not_anchors_is_a_usage_error(tmp_path, capsys):
    anchors = tmp_path / "anchors.txt"
    anchors.write_text("# kept on the county's archive server\n3:not-a-hash\n")
    assert main(["audit", "verify", "--anchors", str(anchors)]) == 2
    assert "line 2 of" in capsys.readouterr().err


@pytest.mark.django_db
def test_verify_checks_the_hashes_closed_votes_quote(demo, capsys):
    """The demo's closed votes each quote the event that recorded their outcome: a trail
    rewritten from before one of them is found without any anchor."""
    quoted = Ballot.objects.exclude(audit_sequence=None).order_by("audit_sequence").first()
    assert quoted is not None
    assert quoted.audit_sequence is not None
    assert main(["audit", "verify"]) == 0
    assert "quoted hashes match" in capsys.readouterr().out

    rewrite_from(quoted.audit_sequence)
    assert audit_chain_verify().intact  # the chain alone cannot tell
    assert main(["audit", "verify"]) == 1
    assert (
        f"event {quoted.audit_sequence} no longer carries the hash quoted by the record of "
        f"vote {quoted.pk}"
    ) in capsys.readouterr().err

"""The ``demo`` fixture's copy (tests/demo_snapshot.py): a test that asks for the demo gets
the database and the files ``demo_load()`` leaves, to the last value, at a fraction of
the cost."""

import hashlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.core.management.color import no_style
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from accord.cli import main
from accord.governance.models import Person
from accord.governance.services import partnership_create, person_create
from accord.partnerships.models import Partnership
from tests import demo_snapshot


@contextmanager
def rolled_back() -> Iterator[None]:
    """A transaction (or savepoint) that is rolled back at the end."""
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


def database() -> dict[str, tuple[int, str]]:
    """Every table: its row count and a digest of every value of every row."""
    tables = {}
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names()):
            cursor.execute(f"SELECT * FROM {quote(table)}")  # noqa: S608 (names from the catalogue)
            rows = sorted(map(repr, cursor.fetchall()))
            tables[table] = (len(rows), hashlib.sha256("\n".join(rows).encode()).hexdigest())
    return tables


def files(folder: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in folder.rglob("*") if path.is_file()}


def copy_taken(settings, folder: Path) -> None:
    """Make sure the process has a copy of the demo (this test takes it if no earlier one
    did), leaving the database as it was and the test's papers folder empty."""
    papers_dir = settings.PAPERS_DIR
    settings.PAPERS_DIR = folder
    with rolled_back():
        demo_snapshot.demo_data()
    settings.PAPERS_DIR = papers_dir
    assert demo_snapshot._copy is not None, demo_snapshot._unusable


@pytest.mark.django_db
def test_a_copied_demo_is_the_database_and_the_files_the_load_left(
    settings, papers_dir, tmp_path, capsys
):
    migrated = database()
    demo_snapshot._copy = None  # this test takes the process's copy (the same as any other)
    settings.PAPERS_DIR = tmp_path / "loaded"
    with rolled_back():
        loaded_report = demo_snapshot.demo_data()
        loaded = database()
    settings.PAPERS_DIR = papers_dir
    assert demo_snapshot._copy is not None, demo_snapshot._unusable
    assert database() == migrated

    with CaptureQueriesContext(connection) as queries:
        report = demo_snapshot.demo_data()

    # The load takes thousands. Each audit event with personal data (the demo's
    # complainants) goes back with its own row, in two statements.
    personal = next(t for t in demo_snapshot._copy.tables if t.name == "audit_auditpersonal")
    assert len(queries) < 100 + 2 * len(personal.rows)
    assert database() == loaded  # every table, every row, every value (ids and hashes too)
    assert {table for table, (count, _) in loaded.items() if count != migrated[table][0]} == {
        table.name for table in demo_snapshot._copy.tables
    }
    assert files(papers_dir) == files(tmp_path / "loaded")
    assert len(files(papers_dir)) == 2  # the officers' report, tabled with two items
    assert report == loaded_report
    assert report is not loaded_report  # a test may change its own
    assert main(["audit", "verify"]) == 0
    assert "audit chain intact" in capsys.readouterr().out


@pytest.mark.django_db(transaction=True)
def test_rows_added_to_a_copied_demo_take_new_ids_even_after_sequences_are_reset(
    settings, tmp_path
):
    """As in a transactional test (committed, then flushed) that resets the sequences
    (pytest's ``django_db(reset_sequences=True)``) before asking for the demo."""
    copy_taken(settings, tmp_path / "first")
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_by_name_sql(
            no_style(), connection.introspection.sequence_list()
        ):
            cursor.execute(sql)

    demo_snapshot.demo_data()

    demo_ids = set(Partnership.objects.values_list("pk", flat=True))
    cherwell = partnership_create(actor=None, slug="cherwell", name="Cherwell")
    person = person_create(actor=None, partnership=cherwell, name="Chief Executive")
    assert cherwell.pk > max(demo_ids)
    assert Person.objects.filter(pk=person.pk).get().partnership == cherwell
    assert main(["audit", "verify"]) == 0


@pytest.mark.django_db
def test_a_database_not_as_migrated_gets_the_demo_loaded_not_copied(monkeypatch):
    """Rows written before the demo could change what the load does: the copy is neither
    used nor taken then."""
    loads = []
    monkeypatch.setattr(demo_snapshot, "demo_load", lambda: loads.append("loaded"))
    monkeypatch.setattr(demo_snapshot, "_restore", lambda *args: pytest.fail("copied"))
    monkeypatch.setattr(demo_snapshot, "_load_and_copy", lambda *args: pytest.fail("copy taken"))
    partnership_create(actor=None, slug="cherwell", name="Cherwell")

    demo_snapshot.demo_data()

    assert loads == ["loaded"]

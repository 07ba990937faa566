"""The demo data loaded once per test process, then copied into each test that asks for it.

``demo_load()`` writes about a thousand rows through the services (validated, audited, a
PDF rendered): 1.5-3 s on SQLite and 5-9 s on PostgreSQL, in every test that uses the
``demo`` fixture, directly or through another fixture. Here the first such test of a
process (each pytest-xdist worker is one) runs the real ``demo_load()`` and keeps, in
memory, every row it inserted (raw column values, table by table) and every paper file it
wrote. Later tests get the same rows inserted again (INSERTs on SQLite, COPY on
PostgreSQL), the same files written to their own PAPERS_DIR, and a copy of the same
report: about 0.05 s on SQLite and 0.1 s on PostgreSQL.

What a test sees is what ``demo_load()`` would have left, as it was in the first test:
the same rows, primary keys, audit chain (events, hashes) and files, inside the test's own
transaction (rolled back after it) or, in a transactional test, committed and flushed
after it. Tests that do not ask for the demo see an empty database, as before. The one
difference from loading afresh: the rows' timestamps (``created_at``, the audit events'
``occurred_at``) are those of the first load in the process, earlier in the run.

The copy is only taken and only used when it is exactly right:

- The database must be as the migrations left it (every table's row count as right after
  ``django_db_setup``; ``note_baseline``). Anything else a test or fixture wrote before
  asking for the demo could change what ``demo_load()`` does (it finds rows by natural key,
  and the services read the calendar, the register...), so then the real ``demo_load()``
  runs instead, uncopied.
- The load must only have inserted rows into tables that were empty, changed nothing else,
  and point at no row outside what it inserted (a content type's id, say, changes when a
  transactional test flushes and the post-migrate signal makes them again). If a future
  demo breaks this rule the copy is not used (with a warning) and every test loads the
  demo for real: slower, never wrong.
- The copy is of the day it was taken (the history is "held" as of today): a process that
  runs past midnight takes a new one.
- After restoring, every table's row count is checked against the load's.

Nothing of the first load is left in memory elsewhere: ``demo_load()`` fills no cache
(Django's cache is unused; the only ``functools.cache`` holds bank holidays by year), and
its notifications are silenced, so it queues no e-mail or task that a copy would omit.
tests/demo/test_demo_snapshot.py compares a restored copy with a fresh load, table by
table, on both engines.
"""

import copy
import datetime
import graphlib
import hashlib
import warnings
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.apps import apps
from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from accord.demo.services import DemoReport, demo_load


@dataclass(frozen=True)
class TableCopy:
    """The rows the load inserted into one table, as the database holds them."""

    name: str
    columns: tuple[str, ...]
    rows: list[tuple[Any, ...]]
    # PostgreSQL: the sequence of the integer primary key and the highest id restored.
    sequence: str | None
    max_pk: int | None


@dataclass(frozen=True)
class DemoCopy:
    today: datetime.date
    tables: list[TableCopy]  # in an order that inserts referenced rows first
    files: dict[str, bytes]  # paper files, by name relative to PAPERS_DIR
    counts: dict[str, int]  # every table's row count after the load
    report: DemoReport


# Per process (pytest-xdist worker): every table's row count after migrating, the copy,
# and why the copy cannot be used, if it cannot.
_baseline: dict[str, int] | None = None
_copy: DemoCopy | None = None
_unusable: str | None = None


# Every statement here is built from table and column names that the database's own
# catalogue gives, quoted; values are always parameters (hence the noqa: S608 below).


def table_counts() -> dict[str, int]:
    """Every table's row count, in one query."""
    tables = sorted(connection.introspection.table_names())
    quote = connection.ops.quote_name
    sql = " UNION ALL ".join(
        f"SELECT {index}, COUNT(*) FROM {quote(table)}"  # noqa: S608
        for index, table in enumerate(tables)
    )
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return {tables[index]: count for index, count in cursor.fetchall()}


def note_baseline() -> None:
    """Record the migrated database's row counts (from ``django_db_setup``)."""
    global _baseline
    _baseline = table_counts()


def demo_data() -> DemoReport:
    """What the ``demo`` fixture returns: the demo loaded, copied in when possible. Paper
    files go to settings.PAPERS_DIR, the test's own (tests/conftest.py, ``papers_dir``)."""
    papers_dir = Path(settings.PAPERS_DIR)
    if _baseline is None or _unusable is not None or table_counts() != _baseline:
        return demo_load()
    if _copy is not None and _copy.today == timezone.localdate():
        return _restore(_copy, papers_dir)
    return _load_and_copy(papers_dir)


def _table_rows(table: str) -> list[tuple[Any, ...]]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
        return sorted(cursor.fetchall(), key=repr)


def _digest(tables: Sequence[str]) -> str:
    """A digest of every value in the tables: to show the load left them unchanged."""
    digest = hashlib.sha256()
    for table in tables:
        digest.update(repr((table, _table_rows(table))).encode())
    return digest.hexdigest()


def _load_and_copy(papers_dir: Path) -> DemoReport:
    global _copy, _unusable
    assert _baseline is not None
    populated = sorted(table for table, count in _baseline.items() if count)
    before = _digest(populated)
    files_before = _files(papers_dir)

    report = demo_load()

    counts = table_counts()
    written = {table for table, count in counts.items() if count != _baseline[table]}
    files = {name: data for name, data in _files(papers_dir).items() if name not in files_before}
    models = {model._meta.db_table: model for model in apps.get_models(include_auto_created=True)}
    problem = None
    if _digest(populated) != before:
        problem = f"it changed rows that were there before it ({', '.join(populated)})"
    elif not_empty := sorted(written.intersection(populated)):
        problem = f"it added rows to tables that were not empty ({', '.join(not_empty)})"
    elif unknown := sorted(written - set(models)):
        problem = f"it wrote to tables of no model ({', '.join(unknown)})"
    else:
        tables = [_copy_table(table, models[table]) for table in _insert_order(written, models)]
        problem = _outside_reference(tables, models)
    if problem is not None:
        _unusable = problem
        warnings.warn(
            f"tests/demo_snapshot.py cannot copy the demo, so every test loads it: {problem}",
            stacklevel=2,
        )
        return report
    _copy = DemoCopy(
        today=timezone.localdate(),
        tables=tables,
        files=files,
        counts=counts,
        report=copy.deepcopy(report),
    )
    return report


def _insert_order(tables: set[str], models: dict[str, Any]) -> list[str]:
    """Referenced tables before the tables referring to them. (Django makes every foreign
    key DEFERRABLE INITIALLY DEFERRED on SQLite and PostgreSQL, so this is belt and braces;
    a cycle would still insert, in name order.)"""
    graph: dict[str, set[str]] = {}
    for table in tables:
        targets = {field.related_model._meta.db_table for field in _foreign_keys(models[table])}
        graph[table] = targets & tables - {table}
    try:
        return list(graphlib.TopologicalSorter(graph).static_order())
    except graphlib.CycleError:
        return sorted(tables)


def _foreign_keys(model: Any) -> list[Any]:
    return [
        field
        for field in model._meta.concrete_fields
        if field.remote_field is not None and field.related_model is not None
    ]


def _copy_table(table: str, model: Any) -> TableCopy:
    quote = connection.ops.quote_name
    pk = model._meta.pk.column
    with connection.cursor() as cursor:
        description = connection.introspection.get_table_description(cursor, table)
        columns = tuple(column.name for column in description)
        # SQLite: the values as stored, not converted by Django's converters (which read a
        # "time" column into a datetime.time that sqlite3 cannot write back). A unary plus
        # is a no-op on any value but hides the column's declared type from the converters.
        raw = "+{}" if connection.vendor == "sqlite" else "{}"
        select = ", ".join(raw.format(quote(column)) for column in columns)
        # In primary-key order, the order of insertion: the audit trail's events must go
        # back in their chain's order (its insert trigger accepts only the next event).
        cursor.execute(f"SELECT {select} FROM {quote(table)} ORDER BY {quote(pk)}")  # noqa: S608
        rows = cursor.fetchall()
        sequence = max_pk = None
        if connection.vendor == "postgresql":
            cursor.execute("SELECT pg_get_serial_sequence(%s, %s)", [quote(table), pk])
            sequence = cursor.fetchone()[0]
            if sequence is not None:
                max_pk = max(row[columns.index(pk)] for row in rows)
    return TableCopy(table, columns, rows, sequence, max_pk)


def _outside_reference(tables: list[TableCopy], models: dict[str, Any]) -> str | None:
    """Why the copy cannot be used if a copied row refers to a row it does not copy."""
    copied = {table.name for table in tables}
    for table in tables:
        for field in _foreign_keys(models[table.name]):
            target = field.related_model._meta.db_table
            index = table.columns.index(field.column)
            if target not in copied and any(row[index] is not None for row in table.rows):
                return f"{table.name}.{field.column} refers to rows of {target}"
    return None


def _files(papers_dir: Path) -> dict[str, bytes]:
    if not papers_dir.exists():
        return {}
    return {
        str(path.relative_to(papers_dir)): path.read_bytes()
        for path in papers_dir.rglob("*")
        if path.is_file()
    }


def _insert(cursor: Any, table: TableCopy, rows: list[Any]) -> None:
    quote = connection.ops.quote_name
    columns = ", ".join(quote(column) for column in table.columns)
    values = ", ".join(["%s"] * len(table.columns))
    sql = f"INSERT INTO {quote(table.name)} ({columns}) VALUES ({values})"  # noqa: S608
    cursor.executemany(sql, rows)


def _restore_events(cursor: Any, events: TableCopy, personal: TableCopy) -> None:
    """The audit events with their personal rows (the demo's complainants): the database
    accepts a personal row only for the event just appended, so each goes in right after
    its event, and the events between them in one batch."""
    event_id = personal.columns.index("event_id")
    by_event = {row[event_id]: row for row in personal.rows}
    sequence = events.columns.index("sequence")
    batch: list[Any] = []
    for row in events.rows:
        batch.append(row)
        if row[sequence] in by_event:
            _insert(cursor, events, batch)
            _insert(cursor, personal, [by_event[row[sequence]]])
            batch = []
    if batch:
        _insert(cursor, events, batch)


@contextmanager
def _triggers_off(cursor: Any) -> Iterator[None]:
    """On PostgreSQL, as a superuser (the suite's user on developers' machines and CI's),
    restore with the tables' triggers off: foreign keys and the audit trail's and the
    notices' checks. The rows are those the first load wrote and every trigger accepted,
    inserted unchanged; their triggers only check (none writes a row or changes a value).
    Checked again, each foreign key of the thousand rows would be queued for the end of
    the test, where Django's TestCase checks every deferred constraint before rolling back:
    about a second of every test that uses the demo, on PostgreSQL only. Any other user
    restores with the triggers on, as on SQLite."""
    off = False
    if connection.vendor == "postgresql":
        cursor.execute("SELECT current_setting('is_superuser') = 'on'")
        off = bool(cursor.fetchone()[0])
    if off:
        cursor.execute("SET session_replication_role = replica")
    try:
        yield
    finally:
        if off:
            cursor.execute("SET session_replication_role = DEFAULT")


def _restore(demo: DemoCopy, papers_dir: Path) -> DemoReport:
    quote = connection.ops.quote_name
    personal = next((t for t in demo.tables if t.name == "audit_auditpersonal"), None)
    with transaction.atomic(), connection.cursor() as cursor, _triggers_off(cursor):
        for table in demo.tables:
            if table is personal:
                continue  # restored with the audit events (_restore_events)
            columns = ", ".join(quote(column) for column in table.columns)
            if table.name == "audit_auditevent" and personal is not None and personal.rows:
                _restore_events(cursor, table, personal)
            elif connection.vendor == "postgresql":
                # COPY: a third of the time of INSERTs (it fires the same triggers and
                # checks the same constraints). psycopg 3's copy, under Django's wrapper.
                sql = f"COPY {quote(table.name)} ({columns}) FROM STDIN"
                with cursor.cursor.copy(sql) as copying:
                    for row in table.rows:
                        copying.write_row(row)
            else:
                values = ", ".join(["%s"] * len(table.columns))
                sql = f"INSERT INTO {quote(table.name)} ({columns}) VALUES ({values})"  # noqa: S608
                cursor.executemany(sql, table.rows)
            if table.sequence is not None:
                # Explicit ids do not move a PostgreSQL sequence. The first load moved it
                # past them already (nextval is never rolled back), unless a test reset the
                # sequences since: then it is moved past them, never back.
                cursor.execute(
                    "SELECT setval(%s::regclass, %s) "
                    "WHERE COALESCE(pg_sequence_last_value(%s::regclass), 0) < %s",
                    [table.sequence, table.max_pk, table.sequence, table.max_pk],
                )
    # (SQLite moves an AUTOINCREMENT table's sqlite_sequence itself on an explicit id.)
    counts = table_counts()
    assert counts == demo.counts, "the demo copy did not restore to the load's row counts"
    for name, data in demo.files.items():
        path = papers_dir / name
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("xb") as out:  # never over a file of the test's own
            out.write(data)
    return copy.deepcopy(demo.report)

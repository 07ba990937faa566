"""Lifting the append-only rule, for the database owner's destructive operations only.

Emptying a database (``accord flush``, and the test suite between browser tests) must
remove audit events with everything else. Nothing else in Accord lifts the rule.
"""

import contextlib
from collections.abc import Iterator

import pgtrigger
from django.db.backends.base.base import BaseDatabaseWrapper

from .models import GENESIS_HASH

SQLITE_TRIGGERS = {
    "audit_append_only_update": "UPDATE",
    "audit_append_only_delete": "DELETE",
}


def sqlite_trigger_sql(name: str, operation: str) -> str:
    return (
        f"CREATE TRIGGER IF NOT EXISTS {name} BEFORE {operation} ON audit_auditevent "
        f"BEGIN SELECT RAISE(ABORT, 'audit events are append-only: {operation} refused'); END"
    )


# The insert rule of the PostgreSQL trigger ``audit_next_in_chain`` (models.NEXT_IN_CHAIN).
SQLITE_NEXT_IN_CHAIN = "audit_next_in_chain"


def sqlite_next_in_chain_sql() -> str:
    last = "(SELECT {column} FROM audit_auditevent ORDER BY sequence DESC LIMIT 1)"
    return (
        f"CREATE TRIGGER IF NOT EXISTS {SQLITE_NEXT_IN_CHAIN} BEFORE INSERT ON audit_auditevent "
        f"WHEN NEW.sequence IS NOT COALESCE({last.format(column='sequence')}, 0) + 1 "
        f"OR NEW.previous_hash IS NOT COALESCE({last.format(column='hash')}, '{GENESIS_HASH}') "
        "BEGIN SELECT RAISE(ABORT, "
        "'audit events are append-only: an event that is not the next of the chain refused'); "
        "END"
    )


@contextlib.contextmanager
def append_only_lifted(connection: BaseDatabaseWrapper) -> Iterator[None]:
    if connection.vendor == "postgresql":
        with pgtrigger.ignore(
            "audit.AuditEvent:audit_append_only",
            "audit.AuditEvent:audit_no_truncate",
            databases=[connection.alias],
        ):
            yield
    elif connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            for name in SQLITE_TRIGGERS:
                cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
        try:
            yield
        finally:
            with connection.cursor() as cursor:
                for name, operation in SQLITE_TRIGGERS.items():
                    cursor.execute(sqlite_trigger_sql(name, operation))
    else:
        yield

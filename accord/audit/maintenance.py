"""Lifting the append-only rule, for the database owner's destructive operations only.

Emptying a database (``accord flush``, and the test suite between browser tests) must
remove audit events with everything else. Nothing else in Accord lifts the rule.
"""

import contextlib
from collections.abc import Iterator

import pgtrigger
from django.db.backends.base.base import BaseDatabaseWrapper

SQLITE_TRIGGERS = {
    "audit_append_only_update": "UPDATE",
    "audit_append_only_delete": "DELETE",
}


def sqlite_trigger_sql(name: str, operation: str) -> str:
    return (
        f"CREATE TRIGGER IF NOT EXISTS {name} BEFORE {operation} ON audit_auditevent "
        f"BEGIN SELECT RAISE(ABORT, 'audit events are append-only: {operation} refused'); END"
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

"""The SQLite triggers of the trail's rules (django-pgtrigger installs the PostgreSQL ones
from the models' Meta), and lifting the append-only rule, for the database owner's
destructive operations only.

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


# The rules of the PostgreSQL triggers on audit_auditpersonal (models.AuditPersonal): its
# rows are never deleted, only erased, and added only with their event.
SQLITE_PERSONAL_NO_DELETE = "audit_personal_no_delete"
SQLITE_PERSONAL_ERASE_ONLY = "audit_personal_erase_only"
# What append_only_lifted lifts: the rules on changing and removing rows, not on adding them.
SQLITE_PERSONAL_LIFTED = [SQLITE_PERSONAL_NO_DELETE, SQLITE_PERSONAL_ERASE_ONLY]
SQLITE_PERSONAL_TRIGGERS = {
    SQLITE_PERSONAL_NO_DELETE: (
        "BEFORE DELETE ON audit_auditpersonal BEGIN SELECT RAISE(ABORT, "
        "'personal data of audit events is erased, never deleted: DELETE refused'); END"
    ),
    SQLITE_PERSONAL_ERASE_ONLY: (
        "BEFORE UPDATE ON audit_auditpersonal "
        "WHEN NOT (OLD.erased_by IS NULL AND NEW.erased_by IS NOT NULL "
        "AND NEW.event_id = OLD.event_id AND NEW.fields = '{}' AND NEW.salt = '') "
        "BEGIN SELECT RAISE(ABORT, "
        "'personal data of audit events is only ever erased: UPDATE refused'); END"
    ),
    "audit_personal_with_its_event": (
        "BEFORE INSERT ON audit_auditpersonal "
        "WHEN NEW.event_id IS NOT (SELECT sequence FROM audit_auditevent "
        "ORDER BY sequence DESC LIMIT 1) "
        "OR COALESCE((SELECT personal_digest FROM audit_auditevent "
        "ORDER BY sequence DESC LIMIT 1), '') = '' "
        "OR NEW.erased_by IS NOT NULL "
        "BEGIN SELECT RAISE(ABORT, "
        "'personal data of audit events is added only with its event: INSERT refused'); END"
    ),
}


def sqlite_personal_trigger_sql(name: str) -> str:
    return f"CREATE TRIGGER IF NOT EXISTS {name} {SQLITE_PERSONAL_TRIGGERS[name]}"


@contextlib.contextmanager
def append_only_lifted(connection: BaseDatabaseWrapper) -> Iterator[None]:
    if connection.vendor == "postgresql":
        with pgtrigger.ignore(
            "audit.AuditEvent:audit_append_only",
            "audit.AuditEvent:audit_no_truncate",
            "audit.AuditPersonal:audit_personal_no_delete",
            "audit.AuditPersonal:audit_personal_no_truncate",
            "audit.AuditPersonal:audit_personal_erase_only",
            databases=[connection.alias],
        ):
            yield
    elif connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            for name in [*SQLITE_TRIGGERS, *SQLITE_PERSONAL_LIFTED]:
                cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
        try:
            yield
        finally:
            with connection.cursor() as cursor:
                for name, operation in SQLITE_TRIGGERS.items():
                    cursor.execute(sqlite_trigger_sql(name, operation))
                if "audit_auditpersonal" in connection.introspection.table_names(cursor):
                    for name in SQLITE_PERSONAL_LIFTED:
                        cursor.execute(sqlite_personal_trigger_sql(name))
    else:
        yield

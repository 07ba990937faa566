"""On SQLite, the insert rule of 0003's PostgreSQL trigger ``audit_next_in_chain``: an
event is accepted only as the next of the chain (maintenance.sqlite_next_in_chain_sql)."""

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

from accord.audit.maintenance import SQLITE_NEXT_IN_CHAIN, sqlite_next_in_chain_sql


def create(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(sqlite_next_in_chain_sql())


def drop(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {SQLITE_NEXT_IN_CHAIN}")


class Migration(migrations.Migration):
    dependencies = [("audit", "0003_auditevent_audit_next_in_chain")]
    operations = [migrations.RunPython(create, drop)]

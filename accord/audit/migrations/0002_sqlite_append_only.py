"""The same append-only rule on SQLite as the PostgreSQL triggers of 0001 (django-pgtrigger
installs triggers on PostgreSQL only). SQLite has no TRUNCATE; its DELETE trigger covers it."""

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

from accord.audit.maintenance import SQLITE_TRIGGERS, sqlite_trigger_sql


def create(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    if schema_editor.connection.vendor != "sqlite":
        return
    for name, operation in SQLITE_TRIGGERS.items():
        schema_editor.execute(sqlite_trigger_sql(name, operation))


def drop(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    if schema_editor.connection.vendor != "sqlite":
        return
    for name in SQLITE_TRIGGERS:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]
    operations = [migrations.RunPython(create, drop)]

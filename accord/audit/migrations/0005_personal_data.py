"""The personal data of audit events, beside the chain (docs/personal-data.md): the table
AuditPersonal and its rules, and each event's ``personal_digest``.

On SQLite, adding the column rebuilds audit_auditevent, which drops its triggers (0002,
0004): they are made again after it, with the new table's rules (django-pgtrigger makes the
PostgreSQL ones); going back, the rebuild that removes the column drops them again, and
they are made again once more.
"""

import django.db.models.deletion
import pgtrigger.compiler
import pgtrigger.migrations
from django.db import migrations, models
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

from accord.audit.maintenance import (
    SQLITE_NEXT_IN_CHAIN,
    SQLITE_PERSONAL_TRIGGERS,
    SQLITE_TRIGGERS,
    sqlite_next_in_chain_sql,
    sqlite_personal_trigger_sql,
    sqlite_trigger_sql,
)


def event_triggers(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    if schema_editor.connection.vendor != "sqlite":
        return
    for name, operation in SQLITE_TRIGGERS.items():
        schema_editor.execute(sqlite_trigger_sql(name, operation))
    schema_editor.execute(sqlite_next_in_chain_sql())


def all_triggers(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    event_triggers(apps, schema_editor)
    if schema_editor.connection.vendor == "sqlite":
        for name in SQLITE_PERSONAL_TRIGGERS:
            schema_editor.execute(sqlite_personal_trigger_sql(name))


def drop_all_triggers(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    if schema_editor.connection.vendor != "sqlite":
        return
    for name in [*SQLITE_TRIGGERS, SQLITE_NEXT_IN_CHAIN, *SQLITE_PERSONAL_TRIGGERS]:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0004_sqlite_next_in_chain"),
    ]

    operations = [
        migrations.CreateModel(
            name="AuditPersonal",
            fields=[
                (
                    "event",
                    models.OneToOneField(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        primary_key=True,
                        related_name="personal",
                        serialize=False,
                        to="audit.auditevent",
                        to_field="sequence",
                    ),
                ),
                ("fields", models.JSONField(blank=True, default=dict)),
                ("salt", models.CharField(blank=True, max_length=32)),
                (
                    "erased_by",
                    models.PositiveBigIntegerField(
                        blank=True,
                        help_text="The sequence of the event that erased this data",
                        null=True,
                    ),
                ),
            ],
            options={
                "verbose_name_plural": "audit personal data",
            },
        ),
        # Going back: the triggers of 0002 and 0004, after the rebuild that drops the column.
        migrations.RunPython(migrations.RunPython.noop, event_triggers),
        migrations.AddField(
            model_name="auditevent",
            name="personal_digest",
            field=models.CharField(blank=True, db_default="", default="", max_length=64),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name="auditpersonal",
            trigger=pgtrigger.compiler.Trigger(
                name="audit_personal_no_delete",
                sql=pgtrigger.compiler.UpsertTriggerSql(
                    func="RAISE EXCEPTION 'personal data of audit events is erased, never deleted: % refused on %', TG_OP, TG_TABLE_NAME;",
                    hash="383e0f26486858d6c6a923141124c5f4677098b7",
                    operation="DELETE",
                    pgid="pgtrigger_audit_personal_no_delete_e043d",
                    table="audit_auditpersonal",
                    when="BEFORE",
                ),
            ),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name="auditpersonal",
            trigger=pgtrigger.compiler.Trigger(
                name="audit_personal_no_truncate",
                sql=pgtrigger.compiler.UpsertTriggerSql(
                    func="RAISE EXCEPTION 'personal data of audit events is erased, never deleted: % refused on %', TG_OP, TG_TABLE_NAME;",
                    hash="1f88f39f34712ddda4dda3b4a76f5a831e9e8bfa",
                    level="STATEMENT",
                    operation="TRUNCATE",
                    pgid="pgtrigger_audit_personal_no_truncate_8d754",
                    table="audit_auditpersonal",
                    when="BEFORE",
                ),
            ),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name="auditpersonal",
            trigger=pgtrigger.compiler.Trigger(
                name="audit_personal_erase_only",
                sql=pgtrigger.compiler.UpsertTriggerSql(
                    func="\nIF OLD.erased_by IS NULL AND NEW.erased_by IS NOT NULL AND NEW.event_id = OLD.event_id\n   AND NEW.fields = '{}'::jsonb AND NEW.salt = '' THEN\n  RETURN NEW;\nEND IF;\nRAISE EXCEPTION 'personal data of audit events is only ever erased: event % refused',\n  OLD.event_id;\n",
                    hash="a408ae623e107961905a743fccf56b4c0acf89ff",
                    operation="UPDATE",
                    pgid="pgtrigger_audit_personal_erase_only_5d0c6",
                    table="audit_auditpersonal",
                    when="BEFORE",
                ),
            ),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name="auditpersonal",
            trigger=pgtrigger.compiler.Trigger(
                name="audit_personal_with_its_event",
                sql=pgtrigger.compiler.UpsertTriggerSql(
                    declare="DECLARE last_sequence bigint; last_digest varchar(64);",
                    func="\nSELECT sequence, personal_digest INTO last_sequence, last_digest\n  FROM audit_auditevent ORDER BY sequence DESC LIMIT 1;\nIF NOT FOUND OR NEW.event_id IS DISTINCT FROM last_sequence OR last_digest = ''\n   OR NEW.erased_by IS NOT NULL THEN\n  RAISE EXCEPTION 'personal data of audit events is added only with its event: event % refused',\n    NEW.event_id;\nEND IF;\nRETURN NEW;\n",
                    hash="3a84e295cc7d5ff275a70f1da65b90b7cb46e634",
                    operation="INSERT",
                    pgid="pgtrigger_audit_personal_with_its_event_84c31",
                    table="audit_auditpersonal",
                    when="BEFORE",
                ),
            ),
        ),
        migrations.RunPython(all_triggers, drop_all_triggers),
    ]

"""Decisions owns its link to the agenda: a Tabling row for each agenda item that concerned
a proposal (until now the agenda item's ``proposal_id`` column, which meetings' 0003 let go
of), so that meetings knows nothing of proposals. The column's values are copied here and
the column dropped, in one step, so nothing is lost; a database created after this change
has the column, empty, until this step drops it."""

from typing import Any

import django.db.models.deletion
from django.apps.registry import Apps
from django.db import migrations, models
from django.db.backends.base.schema import BaseDatabaseSchemaEditor

AGENDA = "meetings_agendaitem"
COLUMN = "proposal_id"
# Fixed names, standard SQL (double-quoted identifiers), the same on SQLite and PostgreSQL.
COPY = """
INSERT INTO "decisions_tabling" ("created_at", "updated_at", "partnership_id", "proposal_id",
                                 "item_id")
SELECT "created_at", "updated_at", "partnership_id", "proposal_id", "id"
FROM "meetings_agendaitem" WHERE "proposal_id" IS NOT NULL
"""
DROP = 'ALTER TABLE "meetings_agendaitem" DROP COLUMN "proposal_id" CASCADE'
FILL = """
UPDATE "meetings_agendaitem" SET "proposal_id" = (
    SELECT "proposal_id" FROM "decisions_tabling"
    WHERE "decisions_tabling"."item_id" = "meetings_agendaitem"."id")
"""


def agenda_columns(schema_editor: BaseDatabaseSchemaEditor) -> set[str]:
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        description = connection.introspection.get_table_description(cursor, AGENDA)
    return {column.name for column in description}


def tablings_from_agenda_items(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    """One Tabling for each agenda item that named a proposal, made when the item was; then
    the agenda's column goes (meetings' 0003 has already let go of it)."""
    if COLUMN not in agenda_columns(schema_editor):
        return
    schema_editor.execute(COPY)
    if schema_editor.connection.vendor == "sqlite":
        # SQLite drops a column that carries an index or a foreign key only by rebuilding
        # the table; the rebuild keeps the columns the agenda item has now, which lack it.
        schema_editor._remake_table(apps.get_model("meetings", "AgendaItem"))  # type: ignore[attr-defined]
    else:
        schema_editor.execute(DROP)


def agenda_items_from_tablings(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    """Going back: the agenda's column returns, filled from the tablings."""
    if COLUMN in agenda_columns(schema_editor):
        return
    agenda_item = apps.get_model("meetings", "AgendaItem")
    column: models.Field[Any, Any] = models.BigIntegerField(null=True, blank=True, db_index=True)
    column.set_attributes_from_name(COLUMN)
    column.model = agenda_item
    schema_editor.add_field(agenda_item, column)
    schema_editor.execute(FILL)


class Migration(migrations.Migration):
    dependencies = [
        ("decisions", "0003_partnerships_move"),
        ("meetings", "0003_remove_agendaitem_proposal"),
        ("partnerships", "0002_tables"),
    ]

    operations = [
        migrations.CreateModel(
            name="Tabling",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                ("updated_at", models.DateTimeField(auto_now=True)),
                (
                    "item",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="tabling",
                        to="meetings.agendaitem",
                    ),
                ),
                (
                    "partnership",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="partnerships.partnership",
                    ),
                ),
                (
                    "proposal",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="tablings",
                        to="decisions.proposal",
                    ),
                ),
            ],
            options={"ordering": ["proposal", "item"]},
        ),
        migrations.RunPython(tablings_from_agenda_items, agenda_items_from_tablings),
    ]

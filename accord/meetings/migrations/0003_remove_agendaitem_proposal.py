"""An agenda item no longer names what it concerns: each app above meetings keeps its own
link to agenda items. The column stays in the database for now: the app whose records it
named copies it into its own table, then drops it (it depends on this migration)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0002_partnerships_move"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.RemoveField(model_name="agendaitem", name="proposal_id")],
            database_operations=[],
        ),
    ]

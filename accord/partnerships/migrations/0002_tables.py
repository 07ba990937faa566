"""The moved tables take their new app's names, and the programme officers' check its
app's constraint name. Foreign keys that point at the tables follow the rename (by the
table's identity on PostgreSQL; SQLite 3.26+ rewrites the references)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("partnerships", "0001_initial"),
        ("governance", "0004_partnerships_move"),
    ]

    operations = [
        migrations.AlterModelTable(name="partnership", table=None),
        migrations.AlterModelTable(name="programmeofficer", table=None),
        migrations.RemoveConstraint(
            model_name="programmeofficer",
            name="governance_programmeofficer_ends_after_it_starts",
        ),
        migrations.AddConstraint(
            model_name="programmeofficer",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("end_date__isnull", True),
                    ("end_date__gte", models.F("start_date")),
                    _connector="OR",
                ),
                name="partnerships_programmeofficer_ends_after_it_starts",
                violation_error_message="The end date cannot be before the start date",
            ),
        ),
    ]

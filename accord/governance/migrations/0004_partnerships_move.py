"""Partnership and ProgrammeOfficer now belong to accord.partnerships (its 0001 took over
their state and their tables): governance lets go of them, and its rows' partnership
points there. A change of the migrations' state only; no row moves."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("governance", "0003_register"),
        ("partnerships", "0001_initial"),
        # Every other app's foreign keys must point at the new model before the old goes.
        ("meetings", "0002_partnerships_move"),
        ("decisions", "0003_partnerships_move"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="partner",
                    name="partnership",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="partnerships.partnership",
                    ),
                ),
                migrations.AlterField(
                    model_name="body",
                    name="partnership",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="partnerships.partnership",
                    ),
                ),
                migrations.AlterField(
                    model_name="person",
                    name="partnership",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="partnerships.partnership",
                    ),
                ),
                migrations.AlterField(
                    model_name="membership",
                    name="partnership",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="partnerships.partnership",
                    ),
                ),
                migrations.AlterField(
                    model_name="constitutionversion",
                    name="partnership",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="partnerships.partnership",
                    ),
                ),
                migrations.AlterField(
                    model_name="bodyrule",
                    name="partnership",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="partnerships.partnership",
                    ),
                ),
                migrations.AlterField(
                    model_name="amendment",
                    name="partnership",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="partnerships.partnership",
                    ),
                ),
                migrations.AlterField(
                    model_name="signature",
                    name="partnership",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="partnerships.partnership",
                    ),
                ),
                migrations.AlterField(
                    model_name="question",
                    name="partnership",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="partnerships.partnership",
                    ),
                ),
                migrations.AlterField(
                    model_name="position",
                    name="partnership",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="partnerships.partnership",
                    ),
                ),
                migrations.DeleteModel(name="ProgrammeOfficer"),
                migrations.DeleteModel(name="Partnership"),
            ],
            database_operations=[],
        ),
    ]

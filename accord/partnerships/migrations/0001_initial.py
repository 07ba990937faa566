"""Partnership and ProgrammeOfficer move here from governance, with their rows.

The tables stay where they are for now (``db_table``), so this step changes nothing in the
database: it hands the models' state from governance to partnerships (governance's 0004
lets go of them). 0002 then renames the tables. The content types and permissions of the
two models follow them, so the admin's permissions and history keep pointing at them.
"""

import django.db.models.deletion
from django.apps.registry import Apps
from django.conf import settings
from django.db import migrations, models
from django.db.backends.base.schema import BaseDatabaseSchemaEditor

MOVED = ["partnership", "programmeofficer"]


def content_types_follow(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    content_type = apps.get_model("contenttypes", "ContentType")
    content_type.objects.filter(app_label="governance", model__in=MOVED).update(
        app_label="partnerships"
    )


def content_types_return(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    content_type = apps.get_model("contenttypes", "ContentType")
    content_type.objects.filter(app_label="partnerships", model__in=MOVED).update(
        app_label="governance"
    )


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("governance", "0003_register"),
        ("contenttypes", "0002_remove_content_type_name"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Partnership",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("created_at", models.DateTimeField(auto_now_add=True)),
                        ("updated_at", models.DateTimeField(auto_now=True)),
                        (
                            "slug",
                            models.SlugField(
                                help_text="Short name used in web addresses, e.g. oxfordshire",
                                max_length=60,
                                unique=True,
                            ),
                        ),
                        ("name", models.CharField(max_length=200, unique=True)),
                        ("description", models.TextField(blank=True)),
                    ],
                    options={"ordering": ["name"], "db_table": "governance_partnership"},
                ),
                migrations.CreateModel(
                    name="ProgrammeOfficer",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
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
                        ("start_date", models.DateField()),
                        (
                            "end_date",
                            models.DateField(
                                blank=True, help_text="Leave empty while it lasts", null=True
                            ),
                        ),
                        ("created_at", models.DateTimeField(auto_now_add=True)),
                        ("updated_at", models.DateTimeField(auto_now=True)),
                        (
                            "user",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="programme_officer_terms",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "ordering": ["partnership", "start_date"],
                        "abstract": False,
                        "db_table": "governance_programmeofficer",
                        "constraints": [
                            models.CheckConstraint(
                                condition=models.Q(
                                    ("end_date__isnull", True),
                                    ("end_date__gte", models.F("start_date")),
                                    _connector="OR",
                                ),
                                name="governance_programmeofficer_ends_after_it_starts",
                                violation_error_message=(
                                    "The end date cannot be before the start date"
                                ),
                            )
                        ],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(content_types_follow, content_types_return),
    ]

"""Exempt items cite their grounds: a paragraph of Schedule 12A to the Local Government Act
1972 (with the public interest test), or other grounds in words. Items already exempt keep
their free-text reason as other grounds."""

from typing import Any

from django.db import migrations, models


def existing_reasons_are_other_grounds(apps: Any, schema_editor: Any) -> None:
    AgendaItem = apps.get_model("meetings", "AgendaItem")
    AgendaItem.objects.filter(is_exempt=True).update(exempt_paragraph="other")
    AgendaItem.objects.filter(is_exempt=False).update(exempt_reason="")


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0003_remove_agendaitem_proposal"),
        ("partnerships", "0002_tables"),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="agendaitem",
            name="exempt_item_gives_its_reason",
        ),
        migrations.AddField(
            model_name="agendaitem",
            name="exempt_paragraph",
            field=models.CharField(
                blank=True,
                choices=[
                    ("1", "1: information relating to any individual"),
                    ("2", "2: information likely to reveal the identity of an individual"),
                    (
                        "3",
                        "3: information relating to the financial or business affairs of any particular person (including the authority holding that information)",
                    ),
                    (
                        "4",
                        "4: information relating to any consultations or negotiations, or contemplated consultations or negotiations, in connection with any labour relations matter arising between the authority or a Minister of the Crown and employees of, or office holders under, the authority",
                    ),
                    (
                        "5",
                        "5: information in respect of which a claim to legal professional privilege could be maintained in legal proceedings",
                    ),
                    (
                        "6",
                        "6: information which reveals that the authority proposes (a) to give under any enactment a notice under or by virtue of which requirements are imposed on a person, or (b) to make an order or direction under any enactment",
                    ),
                    (
                        "7",
                        "7: information relating to any action taken or to be taken in connection with the prevention, investigation or prosecution of crime",
                    ),
                    ("other", "Other grounds (a partnership body that is not a council committee)"),
                ],
                help_text="The paragraph of Schedule 12A (or other grounds) that makes it exempt",
                max_length=10,
            ),
        ),
        migrations.AddField(
            model_name="agendaitem",
            name="public_interest_test",
            field=models.TextField(
                blank=True,
                help_text="Why the public interest in withholding outweighs the public interest in disclosing it",
            ),
        ),
        migrations.RunPython(existing_reasons_are_other_grounds, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="agendaitem",
            name="exempt_reason",
            field=models.CharField(
                blank=True, help_text="The other grounds, or more on the paragraph", max_length=300
            ),
        ),
        migrations.AddConstraint(
            model_name="agendaitem",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("exempt_paragraph", ""), ("is_exempt", False)),
                    models.Q(
                        ("is_exempt", True), models.Q(("exempt_paragraph", ""), _negated=True)
                    ),
                    _connector="OR",
                ),
                name="exempt_item_gives_its_paragraph",
                violation_error_message="Choose why the item is exempt",
            ),
        ),
        migrations.AddConstraint(
            model_name="agendaitem",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("exempt_paragraph", "other"), _negated=True),
                    models.Q(("exempt_reason", ""), _negated=True),
                    _connector="OR",
                ),
                name="exempt_item_on_other_grounds_says_them",
                violation_error_message="Say on what other grounds the item is exempt",
            ),
        ),
        migrations.AddConstraint(
            model_name="agendaitem",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("exempt_paragraph__in", ["", "other"]),
                    models.Q(("public_interest_test", ""), _negated=True),
                    _connector="OR",
                ),
                name="exempt_item_records_the_public_interest_test",
                violation_error_message="Say why the public interest in withholding the item outweighs the public interest in disclosing it",
            ),
        ),
    ]

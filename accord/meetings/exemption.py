"""The form fields in which an exempt item says why it is withheld (Schedule 12A to the
Local Government Act 1972, Part 1), shared by every form that adds an item to an agenda:
the agenda item form here, and the form that tables a proposal (``accord.decisions``).
The service (``services.agendas.exempt_grounds``) decides what is valid."""

from crispy_forms_gds.layout import Field, Size
from django import forms

from accord.core.text import NOTE, TITLE

from .models import ExemptParagraph


def exempt_paragraph_field() -> forms.ChoiceField:
    return forms.ChoiceField(
        label="Why it is exempt (Schedule 12A to the Local Government Act 1972, Part 1)",
        choices=ExemptParagraph.choices,
        widget=forms.RadioSelect,
        required=False,
        help_text="Needed for an exempt item",
        error_messages={"invalid_choice": "Choose a paragraph of Schedule 12A, or other grounds"},
    )


def exempt_reason_field() -> forms.CharField:
    return forms.CharField(
        label="Other grounds (optional for a paragraph of Schedule 12A)",
        required=False,
        max_length=TITLE,
        help_text="Needed for other grounds, for example: commercially sensitive information",
    )


def public_interest_test_field() -> forms.CharField:
    return forms.CharField(
        label="The public interest test",
        required=False,
        max_length=NOTE,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For a paragraph of Schedule 12A: why the public interest in withholding the "
        "item outweighs the public interest in disclosing it",
    )


EXEMPT_LAYOUT = [
    Field.checkbox("is_exempt"),
    Field.radios("exempt_paragraph", legend_size=Size.SMALL),
    Field.text("exempt_reason"),
    Field.textarea("public_interest_test"),
]

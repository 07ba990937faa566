"""Forms of the commissioning pages: they check input and hand it to one service, which
checks it again (the API's input goes only through the service)."""

from typing import Any, cast

from crispy_forms_gds.layout import Field, Fieldset, Size
from django import forms
from django.db import models
from localflavor.gb.forms import GBPostcodeField

from accord.core.text import NAME, NOTE, TITLE
from accord.partnerships.web import PartnershipForm

from .evidence import COLUMNS, MAX_BYTES
from .models import PHONE, DatasetKind, DatasetUnit, Provider, ProviderKind
from .registration import validate_charity_number, validate_company_number

LABELS = {field.name: str(field.verbose_name) for field in Provider._meta.fields}


def text(name: str, *, required: bool = False, **extra: Any) -> forms.CharField:
    model_field = cast(models.CharField[str, str], Provider._meta.get_field(name))
    return forms.CharField(
        label=LABELS[name],
        max_length=model_field.max_length,
        required=required,
        help_text=str(model_field.help_text),
        error_messages={"required": f"Enter the {LABELS[name][0].lower()}{LABELS[name][1:]}"},
        **extra,
    )


class ProviderForm(PartnershipForm):
    name = text("name", required=True)
    trading_names = text("trading_names", widget=forms.Textarea(attrs={"rows": 2}))
    kind = forms.ChoiceField(
        label="Kind of provider",
        choices=ProviderKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the kind of provider"},
    )
    company_number = text("company_number", validators=[validate_company_number])
    charity_number = text("charity_number", validators=[validate_charity_number])
    address_line_1 = text("address_line_1", required=True)
    address_line_2 = text("address_line_2")
    town = text("town", required=True)
    postcode = GBPostcodeField(
        label="Postcode",
        max_length=8,
        error_messages={
            "required": "Enter the postcode",
            "invalid": "Enter a real UK postcode, for example OX1 1ND",
        },
    )
    contact_name = text("contact_name")
    contact_job_title = text("contact_job_title")
    contact_email = forms.EmailField(
        label=LABELS["contact_email"],
        max_length=254,
        required=False,
        error_messages={"invalid": "Enter an email address like name@example.org"},
    )
    contact_phone = text("contact_phone", validators=[PHONE])

    def layout(self) -> list[Any]:
        return [
            Field.text("name"),
            Field.textarea("trading_names", rows=2),
            Field.radios("kind", legend_size=Size.SMALL),
            Fieldset(
                Field.text("company_number", field_width=10),
                Field.text("charity_number", field_width=10),
                legend="Registration numbers",
                legend_size=Size.SMALL,
            ),
            Fieldset(
                Field.text("address_line_1"),
                Field.text("address_line_2"),
                Field.text("town", field_width=20),
                Field.text("postcode", field_width=10),
                legend="Address",
                legend_size=Size.SMALL,
            ),
            Fieldset(
                Field.text("contact_name"),
                Field.text("contact_job_title"),
                Field.text("contact_email"),
                Field.text("contact_phone", field_width=20),
                legend="Main contact",
                legend_size=Size.SMALL,
            ),
        ]


# ---------------------------------------------------------------------------------------
# Needs evidence (issue 15 item 4)


class DatasetForm(PartnershipForm):
    kind = forms.ChoiceField(
        label="Kind of evidence",
        choices=DatasetKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the kind of evidence"},
    )
    title = forms.CharField(
        label="Title", max_length=TITLE, error_messages={"required": "Enter the title"}
    )
    source = forms.CharField(
        label="Source",
        max_length=NAME,
        help_text="Where the figures come from, for example the P1E returns of the districts",
        error_messages={"required": "Enter where the figures come from"},
    )
    unit = forms.ChoiceField(
        label="What the figures count",
        choices=DatasetUnit.choices,
        widget=forms.RadioSelect,
        help_text="People, households and units are whole numbers",
        error_messages={"required": "Select what the figures count"},
    )
    description = forms.CharField(
        label="Description (optional)",
        max_length=NOTE,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    is_public = forms.BooleanField(
        label="Anyone may read this dataset",
        required=False,
        help_text="Otherwise only members of the partnership and its programme team read it",
    )

    def layout(self) -> list[Any]:
        return [
            Field.radios("kind", legend_size=Size.SMALL),
            Field.text("title"),
            Field.text("source"),
            Field.radios("unit", legend_size=Size.SMALL),
            Field.textarea("description", rows=3),
            Field.checkbox("is_public"),
        ]


class ImportForm(PartnershipForm):
    file = forms.FileField(
        label="CSV file of figures",
        help_text=f"UTF-8 CSV with the headings {', '.join(COLUMNS)}; at most "
        f"{MAX_BYTES // 1_000_000} MB",
        error_messages={"required": "Choose the CSV file to import", "empty": "The file is empty"},
    )

    def layout(self) -> list[Any]:
        return [Field("file")]

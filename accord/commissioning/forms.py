"""Forms of the commissioning pages: they check input and hand it to one service, which
checks it again (the API's input goes only through the service)."""

from typing import Any, cast

from crispy_forms_gds.layout import Field, Fieldset, Size
from django import forms
from django.db import models
from localflavor.gb.forms import GBPostcodeField

from accord.partnerships.web import PartnershipForm

from .models import PHONE, Provider, ProviderKind
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

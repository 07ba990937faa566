"""The forms of the people who sign in for a provider (issue 18): adding one, ending a term."""

from typing import Any

from crispy_forms_gds.layout import Field
from django import forms

from accord.partnerships.web import PartnershipForm, date_field


class ProviderStaffForm(PartnershipForm):
    username = forms.CharField(
        label="Username",
        max_length=150,
        help_text="The username of their Accord account (the installation's administrator "
        "makes accounts)",
        error_messages={"required": "Enter the username of their Accord account"},
    )
    start_date = date_field("Start date", hint="The first day they sign in for the provider")
    end_date = date_field(
        "End date (optional)", required=False, hint="Leave empty while they work for it"
    )

    def layout(self) -> list[Any]:
        return [Field.text("username"), Field("start_date"), Field("end_date")]


class ProviderStaffEndForm(PartnershipForm):
    end_date = date_field("End date", hint="The last day they sign in for the provider")

    def layout(self) -> list[Any]:
        return [Field("end_date")]

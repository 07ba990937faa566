"""Forms of the monitoring pages: the homes figure and a self-assessment answer. They
check input and hand it to one service, which checks it again (the API's input goes only
through the service)."""

from typing import Any

from crispy_forms_gds.layout import Field, Layout
from django import forms

from accord.commissioning.models import Service
from accord.core.money import FIRST_FINANCIAL_YEAR, LAST_FINANCIAL_YEAR
from accord.core.text import NAME, NOTE
from accord.partnerships.web import PartnershipForm, choose_from

from .models import Met
from .selfassessment import Provision


class HomesManagedForm(PartnershipForm):
    financial_year = forms.IntegerField(
        label="Financial year",
        help_text="The year it starts in: 2024 for 2024/25",
        min_value=FIRST_FINANCIAL_YEAR,
        max_value=LAST_FINANCIAL_YEAR,
        error_messages={
            "required": "Enter the financial year",
            "invalid": "Enter the year it starts in, like 2024",
            "min_value": f"Enter a year from {FIRST_FINANCIAL_YEAR}",
            "max_value": f"Enter a year up to {LAST_FINANCIAL_YEAR}",
        },
    )
    homes = forms.IntegerField(
        label="Homes the ALMO's landlord services manage",
        min_value=1,
        max_value=10_000_000,
        error_messages={
            "required": "Enter the number of homes",
            "invalid": "Enter a whole number of homes, like 4500",
            "min_value": "Enter at least 1 home",
            "max_value": "Enter fewer than 10 million homes",
        },
    )
    source = forms.CharField(
        label="Source",
        help_text="Where the figure comes from, for example the ALMO's annual return",
        max_length=NAME,
        error_messages={"required": "Say where the figure comes from"},
    )


class ProvisionAnswerForm(PartnershipForm):
    met = forms.ChoiceField(
        label="Is it met?",
        choices=[("", "Not yet answered"), *Met.choices],
        required=False,
        widget=forms.RadioSelect,
    )
    requirement = forms.CharField(
        label="The provision's requirement, as the partnership states it",
        help_text="Accord's sources do not give its words",
        max_length=NOTE,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    evidence = forms.CharField(
        label="Evidence",
        max_length=NOTE,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    actions = forms.CharField(
        label="Actions",
        help_text="What will be done, by whom and when",
        max_length=NOTE,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args: Any, provision: Provision, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if provision.computed:
            del self.fields["met"]
        if provision.sourced:
            del self.fields["requirement"]
        self.helper.layout = Layout(*self.layout())

    def layout(self) -> list[Any]:
        shapes = {"met": Field.radios}
        return [shapes.get(name, Field.textarea)(name) for name in self.fields]


class ServiceUsersForm(PartnershipForm):
    service = forms.ModelChoiceField(
        label="Service",
        queryset=Service.objects.none(),
        error_messages={
            "required": "Choose the service",
            "invalid_choice": "Choose one of the partnership's services",
        },
    )
    financial_year = HomesManagedForm.base_fields["financial_year"]
    people = forms.IntegerField(
        label="Service users in the year",
        min_value=1,
        max_value=1_000_000,
        error_messages={
            "required": "Enter the number of service users",
            "invalid": "Enter a whole number of people, like 120",
            "min_value": "Enter at least 1 person",
            "max_value": "Enter fewer than a million people",
        },
    )
    source = forms.CharField(
        label="Source",
        help_text="Where the figure comes from, for example the provider's quarterly returns",
        max_length=NAME,
        error_messages={"required": "Say where the figure comes from"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choose_from(
            self,
            "service",
            Service.objects.filter(partnership=self.partnership).order_by("reference"),
        )

    def layout(self) -> list[Any]:
        return [Field.select("service") if name == "service" else name for name in self.fields]

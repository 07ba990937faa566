"""Forms of the commissioning pages: they check input and hand it to one service, which
checks it again (the API's input goes only through the service)."""

from typing import Any, cast

from crispy_forms_gds.layout import Field, Fieldset, Layout, Size
from django import forms
from django.db import models
from localflavor.gb.forms import GBPostcodeField

from accord.core.text import NAME, NOTE, TITLE
from accord.decisions.models import Proposal
from accord.governance.models import Partner
from accord.partnerships.web import PartnershipForm, choose_from, date_field

from . import selectors
from .evidence import COLUMNS, MAX_BYTES
from .models import (
    PHONE,
    CapacityUnit,
    ClientGroup,
    DatasetKind,
    DatasetUnit,
    DeliveryModel,
    Provider,
    ProviderKind,
    Service,
    ServiceStatus,
    ServiceTerm,
    ServiceType,
    client_group_label,
)
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
# The services directory

SERVICE_LABELS = {field.name: str(field.verbose_name) for field in Service._meta.fields}


def service_text(name: str, *, required: bool = False, rows: int = 0) -> forms.CharField:
    model_field = Service._meta.get_field(name)
    limit = getattr(model_field, "max_length", None)
    label = SERVICE_LABELS[name]
    return forms.CharField(
        label=label if required else f"{label} (optional)",
        max_length=limit,
        required=required,
        help_text=str(getattr(model_field, "help_text", "")),
        widget=forms.Textarea(attrs={"rows": rows}) if rows else None,
        error_messages={"required": f"Enter the {label[0].lower()}{label[1:]}"},
    )


def choice(name: str, choices: Any, *, radios: bool = False) -> forms.TypedChoiceField:
    label = SERVICE_LABELS[name]
    what = f"the {label[0].lower()}{label[1:]}"
    return forms.TypedChoiceField(
        label=label,
        choices=choices,
        coerce=int if name == "primary_client_group" else str,
        widget=forms.RadioSelect if radios else forms.Select,
        error_messages={
            "required": f"Select {what}",
            "invalid_choice": f"Choose {what} from the list",
        },
    )


class ServiceForm(PartnershipForm):
    """A service's entry in the directory; on a change, also the decision behind it and
    what changed (its history's entry)."""

    reference = service_text("reference", required=True)
    provider = forms.ModelChoiceField(
        label="Provider",
        queryset=Provider.objects.none(),
        error_messages={
            "required": "Select the provider",
            "invalid_choice": "Select a provider of this partnership from the list",
        },
    )
    name = service_text("name", required=True)
    description = service_text("description", rows=3)
    service_type = choice("service_type", [("", "Choose a service type"), *ServiceType.choices])
    term = choice("term", ServiceTerm.choices, radios=True)
    delivery_model = choice("delivery_model", DeliveryModel.choices, radios=True)
    primary_client_group = choice(
        "primary_client_group", [("", "Choose a client group"), *ClientGroup.choices]
    )
    secondary_client_groups = forms.TypedMultipleChoiceField(
        label="Secondary client groups (optional)",
        required=False,
        coerce=int,
        choices=[(code, client_group_label(code, secondary=True)) for code in ClientGroup.values],
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Select client groups from the list"},
    )
    capacity = forms.IntegerField(
        label="Contracted capacity",
        min_value=0,
        max_value=1_000_000,
        help_text="Units, or hours or places for floating support",
        error_messages={
            "required": "Enter the contracted capacity",
            "invalid": "Enter the contracted capacity as a whole number, like 24",
            "min_value": "Enter a contracted capacity of 0 or more",
            "max_value": "Enter a contracted capacity of 1,000,000 or less",
        },
    )
    capacity_unit = choice("capacity_unit", CapacityUnit.choices, radios=True)
    districts = forms.ModelMultipleChoiceField(
        label="Districts covered (optional)",
        queryset=Partner.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="The partners whose areas the service covers",
        error_messages={"invalid_choice": "Select districts of this partnership from the list"},
    )
    eligibility = service_text("eligibility", rows=3)
    referral_route = service_text("referral_route", rows=3)
    start_date = date_field("Start date")
    end_date = date_field("End date (optional)", required=False, hint="Leave empty while it runs")
    status = choice("status", ServiceStatus.choices, radios=True)
    decision = forms.ModelChoiceField(
        label="Decision behind it (needed to change the status)",
        queryset=Proposal.objects.none(),
        required=False,
        empty_label="None",
        help_text="A carried decision of the partnership",
        error_messages={"invalid_choice": "Select a carried decision from the list"},
    )
    summary = forms.CharField(
        label="What changed and why (optional)",
        required=False,
        max_length=NOTE,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="For the service's history; without it the history names the fields changed",
    )

    def __init__(self, *args: Any, changing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choose_from(self, "provider", selectors.provider_list(self.partnership))
        choose_from(self, "districts", selectors.districts_of(self.partnership))
        choose_from(self, "decision", selectors.carried_decisions(self.partnership))
        self.changing = changing
        if changing:
            self.fields["changed_on"] = date_field(
                "Date of the change (optional)", required=False, hint="Today when left empty"
            )
            self.helper.layout = Layout(*self.layout())

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", "The end date cannot be before the start date")
        return data

    def layout(self) -> list[Any]:
        fields: list[Any] = [
            Field.text("reference", field_width=10),
            Field.select("provider"),
            Field.text("name"),
            Field.textarea("description", rows=3),
            Field.select("service_type"),
            Field.radios("term", legend_size=Size.SMALL),
            Field.radios("delivery_model", legend_size=Size.SMALL),
            Field.select("primary_client_group"),
            Field.checkboxes("secondary_client_groups", legend_size=Size.SMALL, small=True),
            Field.text("capacity", field_width=5),
            Field.radios("capacity_unit", legend_size=Size.SMALL, inline=True),
            Field.checkboxes("districts", legend_size=Size.SMALL, small=True),
            Field.textarea("eligibility", rows=3),
            Field.textarea("referral_route", rows=3),
            Field("start_date"),
            Field("end_date"),
            Field.radios("status", legend_size=Size.SMALL),
            Field.select("decision"),
        ]
        if "changed_on" in self.fields:
            fields.append(Field("changed_on"))
        fields.append(Field.textarea("summary", rows=2))
        return fields


class LocationForm(PartnershipForm):
    """An address at which an accommodation-based service is delivered."""

    name = forms.CharField(
        label="Name of the scheme or building",
        max_length=NAME,
        error_messages={"required": "Enter the name of the scheme or building"},
    )
    address_line_1 = text("address_line_1", required=True)
    address_line_2 = text("address_line_2")
    town = text("town", required=True)
    postcode = GBPostcodeField(
        label="Postcode",
        max_length=8,
        error_messages={
            "required": "Enter the postcode",
            "invalid": "Enter a real UK postcode, for example OX28 6DL",
        },
    )
    units = forms.IntegerField(
        label="Units here (optional)",
        required=False,
        min_value=0,
        max_value=100_000,
        error_messages={
            "invalid": "Enter the units as a whole number, like 24",
            "min_value": "Enter a number of units of 0 or more",
            "max_value": "Enter a number of units of 100,000 or less",
        },
    )

    def layout(self) -> list[Any]:
        return [
            Field.text("name"),
            Field.text("address_line_1"),
            Field.text("address_line_2"),
            Field.text("town", field_width=20),
            Field.text("postcode", field_width=10),
            Field.text("units", field_width=5),
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

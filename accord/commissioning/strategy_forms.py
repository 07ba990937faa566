"""Forms of the strategy pages: a strategy, its target outcomes, its commissioning
intentions and its annual plan's actions. They check input and hand it to one service,
which checks it again (the API's input goes only through the service)."""

from decimal import Decimal
from typing import Any

from crispy_forms_gds.layout import Field, Fieldset, Size
from django import forms

from accord.core.money import FIRST_FINANCIAL_YEAR, LAST_FINANCIAL_YEAR
from accord.core.text import NOTE, TITLE
from accord.decisions.models import Proposal
from accord.partnerships.web import PartnershipForm, choose_from, date_field

from . import measures, selectors
from .models import (
    ActionStatus,
    CapacityUnit,
    ClientGroup,
    Contract,
    DeliveryModel,
    Intention,
    Service,
    ServiceType,
    StrategyStatus,
)


def year_field(label: str, hint: str) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        min_value=FIRST_FINANCIAL_YEAR,
        max_value=LAST_FINANCIAL_YEAR,
        help_text=hint,
        error_messages={
            "required": f"Enter the {label[0].lower()}{label[1:]}",
            "invalid": "Enter a year as 4 digits, for example 2004",
            "min_value": f"Enter a year from {FIRST_FINANCIAL_YEAR} to {LAST_FINANCIAL_YEAR}",
            "max_value": f"Enter a year from {FIRST_FINANCIAL_YEAR} to {LAST_FINANCIAL_YEAR}",
        },
    )


def figure_field(label: str, *, required: bool = True, hint: str = "") -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        required=required,
        min_value=Decimal(0),
        max_digits=14,
        decimal_places=2,
        help_text=hint,
        error_messages={
            "required": f"Enter the {label[0].lower()}{label[1:]}",
            "invalid": "Enter a number, for example 1250 or 1250.50",
            "min_value": "Enter 0 or more",
            "max_digits": "Enter a number of at most 12 digits before the point",
            "max_decimal_places": "Enter at most 2 digits after the point",
        },
    )


def optional(choices: Any, none: str) -> list[tuple[Any, str]]:
    return [("", none), *choices]


class StrategyForm(PartnershipForm):
    title = forms.CharField(
        label="Title",
        max_length=TITLE,
        error_messages={"required": "Enter the strategy's title"},
        help_text="For example, Supporting People Strategy 2004-09",
    )
    summary = forms.CharField(
        label="Summary (optional)",
        max_length=NOTE,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    first_year = year_field("First financial year", "The year it starts in: 2004 for 2004/05")
    last_year = year_field(
        "Last financial year", "The year the last financial year starts in: 2008 for 2008/09"
    )
    status = forms.ChoiceField(
        label="Status",
        choices=StrategyStatus.choices,
        widget=forms.RadioSelect,
        initial=StrategyStatus.DRAFT,
        error_messages={"required": "Select the strategy's status"},
    )
    decision = forms.ModelChoiceField(
        label="Adopting decision (for an adopted or superseded strategy)",
        queryset=Proposal.objects.none(),
        required=False,
        empty_label="None (a draft)",
        help_text="The carried decision, on a strategy, that adopted it",
        error_messages={"invalid_choice": "Select the decision from the list"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choose_from(self, "decision", selectors.adopting_decisions(self.partnership))

    def layout(self) -> list[Any]:
        return [
            Field.text("title"),
            Field.textarea("summary", rows=4),
            Field.text("first_year", field_width=4),
            Field.text("last_year", field_width=4),
            Field.radios("status", legend_size=Size.SMALL),
            Field.select("decision"),
        ]


class OutcomeForm(PartnershipForm):
    title = forms.CharField(
        label="Outcome",
        max_length=TITLE,
        error_messages={"required": "Enter the outcome"},
        help_text="For example, more people supported in their own homes by floating support",
    )
    measure = forms.ChoiceField(
        label="Measured as",
        choices=(),
        widget=forms.RadioSelect,
        error_messages={"required": "Select how the outcome is measured"},
        help_text="How its figure is read from the register: progress is computed, not typed",
    )
    delivery_model = forms.ChoiceField(
        label="Delivery model (optional)",
        choices=optional(DeliveryModel.choices, "Any"),
        required=False,
    )
    service_type = forms.ChoiceField(
        label="Service type (optional)",
        choices=optional(ServiceType.choices, "Any"),
        required=False,
    )
    client_group = forms.TypedChoiceField(
        label="Primary client group (optional)",
        choices=optional(ClientGroup.choices, "Any"),
        coerce=int,
        empty_value=None,
        required=False,
    )
    capacity_unit = forms.ChoiceField(
        label="Capacity counted in (for a measure of capacity)",
        choices=optional(CapacityUnit.choices, "Not a measure of capacity"),
        required=False,
    )
    baseline_figure = figure_field(
        "Baseline figure (optional)",
        required=False,
        hint="As the strategy states it; leave empty to read it from the register on the "
        "baseline date",
    )
    baseline_date = date_field("Baseline date", hint="For example, 1 4 2004")
    target_figure = figure_field("Target figure")
    target_date = date_field("Target date", hint="Within the strategy's years")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["measure"]
        if isinstance(field, forms.ChoiceField):  # the measures registered by now
            field.choices = measures.choices()

    def layout(self) -> list[Any]:
        return [
            Field.text("title"),
            Field.radios("measure", legend_size=Size.SMALL),
            Fieldset(
                Field.select("delivery_model"),
                Field.select("service_type"),
                Field.select("client_group"),
                Field.select("capacity_unit"),
                legend="Of which services",
                legend_size=Size.SMALL,
            ),
            Field.text("baseline_figure", field_width=10),
            Field("baseline_date"),
            Field.text("target_figure", field_width=10),
            Field("target_date"),
        ]


class IntentionForm(PartnershipForm):
    client_group = forms.TypedChoiceField(
        label="Client group",
        choices=optional(ClientGroup.choices, "Choose a client group"),
        coerce=int,
        error_messages={"required": "Select the client group"},
    )
    direction = forms.ChoiceField(
        label="Intention",
        choices=Intention.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the intention"},
    )
    rationale = forms.CharField(
        label="Why",
        max_length=NOTE,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter why"},
        help_text="The evidence of need and the reasons, as the strategy gives them",
    )

    def layout(self) -> list[Any]:
        return [
            Field.select("client_group"),
            Field.radios("direction", legend_size=Size.SMALL, inline=True),
            Field.textarea("rationale", rows=4),
        ]


class ActionForm(PartnershipForm):
    financial_year = year_field("Financial year", "The year of the annual plan: 2008 for 2008/09")
    text = forms.CharField(
        label="Action",
        max_length=NOTE,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter the action"},
    )
    due_date = date_field("Due by")
    status = forms.ChoiceField(
        label="Status",
        choices=ActionStatus.choices,
        widget=forms.RadioSelect,
        initial=ActionStatus.PLANNED,
        error_messages={"required": "Select the action's status"},
    )
    proposals = forms.ModelMultipleChoiceField(
        label="Proposals and decisions that carry it out (optional)",
        queryset=Proposal.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Choose proposals from the list"},
    )
    services = forms.ModelMultipleChoiceField(
        label="Services it changes (optional)",
        queryset=Service.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Choose services from the list"},
    )
    contracts = forms.ModelMultipleChoiceField(
        label="Contracts it changes (optional)",
        queryset=Contract.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Choose contracts from the list"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, rows in (
            ("proposals", selectors.linkable_proposals(self.partnership)),
            ("services", selectors.linkable_services(self.partnership)),
            ("contracts", selectors.linkable_contracts(self.partnership)),
        ):
            choose_from(self, name, rows)

    def layout(self) -> list[Any]:
        return [
            Field.text("financial_year", field_width=4),
            Field.textarea("text", rows=3),
            Field("due_date"),
            Field.radios("status", legend_size=Size.SMALL, inline=True),
            Field.checkboxes("proposals", legend_size=Size.SMALL, small=True),
            Field.checkboxes("services", legend_size=Size.SMALL, small=True),
            Field.checkboxes("contracts", legend_size=Size.SMALL, small=True),
        ]

"""Forms of the savings scenarios' pages (issue 17 item 5): each checks its input and
hands it to one service, which checks it again (the API's input goes only through it)."""

from typing import Any

from crispy_forms_gds.layout import Field
from django import forms

from accord.commissioning.models import Contract
from accord.core.text import NAME, NOTE, REASON
from accord.decisions.models import Proposal
from accord.governance.models import Body, Person
from accord.partnerships.web import PartnershipForm, choose_from

from . import selectors
from .forms import money
from .models import HUNDRED, PERCENT_DIGITS, PERCENT_PLACES, PlanLine, Pool


class ScenarioForm(PartnershipForm):
    title = forms.CharField(
        label="Title",
        max_length=NAME,
        help_text="For example: A 10% fall, floating support protected",
        error_messages={"required": "Enter the scenario's title"},
    )
    fall_percent = forms.DecimalField(
        label="The pool falls by (per cent)",
        help_text="What if next year's pool is this much smaller than this year's",
        min_value=0,
        max_value=HUNDRED,
        max_digits=PERCENT_DIGITS,
        decimal_places=PERCENT_PLACES,
        error_messages={
            "required": "Enter the percentage the pool falls by",
            "invalid": "Enter the percentage as a number, like 10 or 7.5",
            "min_value": "Enter a percentage of 0 or more",
            "max_value": "Enter a percentage of 100 or less",
            "max_decimal_places": "Enter the percentage with at most 2 decimal places",
            "max_digits": "Enter a percentage of 100 or less",
        },
    )
    note = forms.CharField(
        label="Note (optional)", max_length=NOTE, required=False, widget=forms.Textarea
    )

    def layout(self) -> list[Any]:
        return [
            Field.text("title"),
            Field.text("fall_percent", field_width=5),
            Field.textarea("note"),
        ]


class ReductionForm(PartnershipForm):
    plan_line = forms.ModelChoiceField(
        label="Plan line (or choose a contract below)",
        queryset=PlanLine.objects.none(),
        required=False,
        empty_label="None",
        error_messages={"invalid_choice": "Choose a line of this year's plan"},
    )
    contract = forms.ModelChoiceField(
        label="Contract (or choose a plan line above)",
        queryset=Contract.objects.none(),
        required=False,
        empty_label="None",
        error_messages={"invalid_choice": "Choose one of the partnership's contracts"},
    )
    decommission = forms.BooleanField(
        label="Decommission the contract: it stops, saving its whole value for the year",
        required=False,
    )
    amount = money(
        "Reduction (pounds)",
        required=False,
        hint="Leave empty when decommissioning: the contract's value for the year is saved",
    )
    reason = forms.CharField(
        label="Reason (optional)", max_length=REASON, required=False, widget=forms.Textarea
    )

    def __init__(self, *args: Any, pool: Pool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choose_from(self, "plan_line", selectors.plan_lines_queryset(pool))
        choose_from(self, "contract", selectors.contracts_of(self.partnership))

    def layout(self) -> list[Any]:
        return [
            Field.select("plan_line"),
            Field.select("contract"),
            Field.checkbox("decommission"),
            Field.text("amount", field_width=20),
            Field.textarea("reason"),
        ]


class ScenarioProposeForm(PartnershipForm):
    deciding_body = forms.ModelChoiceField(
        label="The body that decides",
        queryset=Body.objects.none(),
        empty_label="Select the body that decides",
        error_messages={
            "required": "Select the body that decides",
            "invalid_choice": "Select a body of this partnership",
        },
    )
    owner = forms.ModelChoiceField(
        label="Owner (optional)",
        queryset=Person.objects.none(),
        required=False,
        empty_label="None",
        help_text="The officer responsible for the proposal",
        error_messages={"invalid_choice": "Select a person from the list"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choose_from(self, "deciding_body", selectors.deciding_bodies(self.partnership))
        choose_from(
            self, "owner", Person.objects.filter(partnership=self.partnership).order_by("name")
        )

    def layout(self) -> list[Any]:
        return [Field.select("deciding_body"), Field.select("owner")]


class ScenarioApproveForm(PartnershipForm):
    decision = forms.ModelChoiceField(
        label="The board's decision approving the scenario",
        help_text="A carried proposal of the kind savings scenario",
        queryset=Proposal.objects.none(),
        error_messages={
            "required": "Choose the carried decision that approves the scenario",
            "invalid_choice": "Choose a carried savings scenario of this partnership",
        },
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choose_from(self, "decision", selectors.scenario_decisions(self.partnership))

    def layout(self) -> list[Any]:
        return [Field.select("decision")]

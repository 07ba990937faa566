"""The forms of a contract's variation and termination (issue 16 items 6 and 7): they
check the input's shape and hand it to one service, which decides the rest."""

from typing import Any

from crispy_forms_gds.layout import Field, Fieldset, Size
from django import forms

from accord.core.money import LAST_FINANCIAL_YEAR, financial_year_label, financial_year_of
from accord.core.text import NOTE, REASON
from accord.partnerships.web import PartnershipForm, choose_from, date_field

from . import selectors
from .forms import AMOUNT_LENGTH, DecisionChoice, ServiceChoices, decision_choices_none
from .models import Contract, Service, TerminationReason

# How many financial years past its end a variation's form offers values for (an
# extension's added years).
EXTENSION_YEARS = 3


def value_years(contract: Contract) -> list[int]:
    """The years a variation may give a value for: from its start to a few past its end."""
    first = financial_year_of(contract.start_date)
    last = min(financial_year_of(contract.end_date) + EXTENSION_YEARS, LAST_FINANCIAL_YEAR)
    return list(range(first, last + 1))


class ContractVariationForm(PartnershipForm):
    agreed_on = date_field("Date agreed with the provider")
    effective_on = date_field("Date it takes effect")
    reason = forms.CharField(
        label="Reason for the variation",
        max_length=REASON,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter the reason for the variation"},
    )
    decision = DecisionChoice(
        label="Decision that approved it",
        queryset=decision_choices_none(),
        help_text="The board's carried decision of the kind contract variation",
        error_messages={
            "required": "Select the carried decision that approved the variation",
            "invalid_choice": "Select a carried decision from the list",
        },
    )
    end_date = date_field(
        "New end date (optional)",
        required=False,
        hint="An extension, or a shorter term; leave empty to keep the end date",
    )
    services = ServiceChoices(
        label="Services it covers",
        queryset=Service.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Leave as they are unless the variation changes its scope; at least one",
    )
    notice_published_on = date_field(
        "Contract change notice published on (optional)", required=False
    )
    notice_text = forms.CharField(
        label="Contract change notice (optional)",
        max_length=NOTE,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="What the notice published about the change says",
    )

    def __init__(self, *args: Any, contract: Contract, **kwargs: Any) -> None:
        self.contract = contract
        covered = sorted(contract.services.all(), key=lambda service: service.reference)
        kwargs.setdefault("initial", {})["services"] = covered
        self.years = value_years(contract)
        self.covered = covered
        super().__init__(*args, **kwargs)
        choose_from(self, "decision", selectors.variation_decision_choices(self.partnership))
        choose_from(
            self,
            "services",
            Service.objects.filter(
                partnership=self.partnership, provider=contract.provider
            ).select_related("provider"),
        )
        current = {value.financial_year: value.amount for value in contract.values.all()}
        for year in self.years:
            now = f"now {current[year]:,.2f}" if year in current else "none recorded"
            self.fields[f"value_{year}"] = forms.CharField(
                label=f"New value for {financial_year_label(year)} (optional)",
                max_length=AMOUNT_LENGTH,
                required=False,
                help_text=f"In pounds; {now}",
            )
        for service in covered:
            self.fields[f"capacity_{service.pk}"] = forms.IntegerField(
                label=f"New capacity of {service.reference} (optional)",
                min_value=0,
                max_value=1_000_000,
                required=False,
                help_text=f"Now {service.capacity} {service.get_capacity_unit_display().lower()}",
                error_messages={"invalid": "Enter a whole number, like 24"},
            )

    def layout(self) -> list[Any]:
        return [
            Field("agreed_on"),
            Field("effective_on"),
            Field.textarea("reason", rows=3),
            Field.select("decision"),
            Fieldset(
                Field("end_date"),
                legend="Term",
                legend_size=Size.SMALL,
            ),
            Fieldset(
                *[Field.text(f"value_{year}", field_width=10) for year in self.years],
                legend="Value in each financial year",
                legend_size=Size.SMALL,
            ),
            Field.checkboxes("services", legend_size=Size.SMALL),
            *[Field.text(f"capacity_{s.pk}", field_width=5) for s in self.covered],
            Field("notice_published_on"),
            Field.textarea("notice_text", rows=3),
        ]

    def arguments(self) -> dict[str, Any]:
        """The service's arguments from the cleaned form."""
        data = self.cleaned_data
        return {
            "agreed_on": data["agreed_on"],
            "effective_on": data["effective_on"],
            "reason": data["reason"],
            "decision": data["decision"],
            "end_date": data.get("end_date"),
            "values": {
                year: data[f"value_{year}"]
                for year in self.years
                if data.get(f"value_{year}") not in (None, "")
            },
            # None selected: unchanged (the page never leaves a contract with no service).
            "services": list(data.get("services") or []) or None,
            "capacities": {
                service: data[f"capacity_{service.pk}"]
                for service in self.covered
                if data.get(f"capacity_{service.pk}") is not None
            },
            "notice_published_on": data.get("notice_published_on"),
            "notice_text": data.get("notice_text", ""),
        }


class ContractTerminationForm(PartnershipForm):
    terminated_on = date_field("Date the contract ends")
    reason_code = forms.ChoiceField(
        label="Why it ends early",
        choices=TerminationReason.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select why the contract ends early"},
    )
    reason = forms.CharField(
        label="Reason",
        max_length=REASON,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter the reason the contract ends early"},
    )
    decision = DecisionChoice(
        label="Decision that ended it",
        queryset=decision_choices_none(),
        required=False,
        empty_label="None: the provider ended it",
        help_text="Needed when the partnership chose to end it: a carried contract variation "
        "or commissioning decision",
        error_messages={"invalid_choice": "Select a carried decision from the list"},
    )
    final_year_value = forms.CharField(
        label="Value of its last financial year (optional)",
        max_length=AMOUNT_LENGTH,
        required=False,
        help_text="In pounds, up to the date it ends; leave empty to keep the year's value",
    )
    notice_published_on = date_field(
        "Contract termination notice published on (optional)", required=False
    )
    notice_text = forms.CharField(
        label="Contract termination notice (optional)",
        max_length=NOTE,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choose_from(self, "decision", selectors.termination_decision_choices(self.partnership))

    def layout(self) -> list[Any]:
        return [
            Field("terminated_on"),
            Field.radios("reason_code", legend_size=Size.SMALL),
            Field.textarea("reason", rows=3),
            Field.select("decision"),
            Field.text("final_year_value", field_width=10),
            Field("notice_published_on"),
            Field.textarea("notice_text", rows=3),
        ]

"""Forms of the tender's pages (the first half of a procurement's path: the tendering
strategy, its lots and criteria, the bids, the panel, closing and cancelling). They check
input and hand it to one service, which checks it again (the API's input goes only
through the service)."""

import datetime
from typing import Any

from crispy_forms_gds.layout import Field, Size
from django import forms
from django.contrib.auth.models import AbstractBaseUser
from django.utils import timezone

from accord.commissioning.models import Provider, Service
from accord.core.money import MONEY_MAX
from accord.core.text import NAME, NOTE, REASON, SHORT, TITLE
from accord.governance.models import Person
from accord.partnerships.web import PartnershipForm, choose_from, date_field, time_field

from .models import Criterion, CriterionKind, Procedure, Procurement, Regime


def money(label: str, *, hint: str = "") -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        help_text=hint,
        min_value=0,
        max_value=MONEY_MAX,
        decimal_places=2,
        error_messages={
            "required": f"Enter the {label[0].lower()}{label[1:].split(' (')[0]}",
            "invalid": "Enter an amount in pounds, like 1200000 or 1200000.50",
            "min_value": "Enter an amount of 0 or more",
            "max_value": "Enter an amount under a trillion pounds",
            "max_decimal_places": "Enter pounds and pence, with at most 2 decimal places",
            "max_digits": "Enter an amount under a trillion pounds",
        },
    )


def at(day: datetime.date | None, time: datetime.time | None) -> datetime.datetime | None:
    """A day and a time of day, in the partnership's time zone (the deadline, a receipt)."""
    if day is None:
        return None
    return timezone.make_aware(datetime.datetime.combine(day, time or datetime.time(12)))


class StrategyForm(PartnershipForm):
    """The tendering strategy: what is bought, its value and term, the procedure, the
    regime and the timetable (``services.procurement_create`` and ``procurement_update``)."""

    reference = forms.CharField(
        label="Reference",
        max_length=SHORT,
        help_text="For example, OX-FS-2025",
        error_messages={"required": "Enter the procurement's reference"},
    )
    title = forms.CharField(
        label="Title", max_length=TITLE, error_messages={"required": "Enter the title"}
    )
    description = forms.CharField(
        label="What is to be bought (optional)",
        required=False,
        max_length=NOTE,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    services = forms.ModelMultipleChoiceField(
        label="Services it buys (optional)",
        queryset=Service.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="The services of the register the contract will cover",
        error_messages={"invalid_choice": "Choose services of this partnership"},
    )
    estimated_value = money("Estimated value (pounds)", hint="Over the whole term")
    term_months = forms.IntegerField(
        label="Term (months)",
        min_value=1,
        max_value=600,
        error_messages={
            "required": "Enter the term in months",
            "invalid": "Enter the term as a whole number of months, like 36",
            "min_value": "Enter a term of 1 month or more",
            "max_value": "Enter a term of 600 months or less",
        },
    )
    procedure = forms.ChoiceField(
        label="Procedure",
        choices=Procedure.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the procedure"},
    )
    regime = forms.ChoiceField(
        label="Regime",
        choices=Regime.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the rules it runs under"},
    )
    light_touch = forms.BooleanField(
        label="A light-touch contract (Procurement Act 2023 only)", required=False
    )
    notice_on = date_field("Tender notice date (optional)", required=False)
    deadline = date_field("Deadline for bids: day (optional)", required=False)
    deadline_time = time_field(
        "Deadline for bids: time", hint="Optional: for example, 12pm or 14:30 (noon if empty)"
    )
    award_by = date_field("Award by (optional)", required=False)
    contract_start = date_field("Contract starts (optional)", required=False)

    def __init__(self, *args: Any, with_services: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if with_services:
            choose_from(
                self,
                "services",
                Service.objects.filter(partnership=self.partnership).order_by("reference"),
            )
        else:  # procurement_update does not change the services
            del self.fields["services"]
            self.helper.layout = type(self.helper.layout)(*self.layout())

    def layout(self) -> list[Any]:
        fields: list[Any] = [
            Field.text("reference", field_width=20),
            Field.text("title"),
            Field.textarea("description"),
        ]
        if "services" in self.fields:
            fields.append(Field.checkboxes("services", legend_size=Size.SMALL))
        return [
            *fields,
            Field.text("estimated_value", field_width=10),
            Field.text("term_months", field_width=4),
            Field.radios("procedure", legend_size=Size.SMALL),
            Field.radios("regime", legend_size=Size.SMALL),
            Field.checkbox("light_touch"),
            Field("notice_on"),
            Field("deadline"),
            Field.text("deadline_time", field_width=10),
            Field("award_by"),
            Field("contract_start"),
        ]

    def strategy(self) -> dict[str, Any]:
        """The cleaned data as the service's arguments."""
        data = dict(self.cleaned_data)
        data["deadline"] = at(data["deadline"], data.pop("deadline_time"))
        return data

    @staticmethod
    def initial_of(procurement: Procurement) -> dict[str, Any]:
        deadline = timezone.localtime(procurement.deadline) if procurement.deadline else None
        return {
            "reference": procurement.reference,
            "title": procurement.title,
            "description": procurement.description,
            "estimated_value": procurement.estimated_value,
            "term_months": procurement.term_months,
            "procedure": procurement.procedure,
            "regime": procurement.regime,
            "light_touch": procurement.light_touch,
            "notice_on": procurement.notice_on,
            "deadline": deadline.date() if deadline else None,
            "deadline_time": deadline.time() if deadline else None,
            "award_by": procurement.award_by,
            "contract_start": procurement.contract_start,
        }


class LotForm(PartnershipForm):
    title = forms.CharField(
        label="Title of the lot",
        max_length=TITLE,
        error_messages={"required": "Enter the lot's title"},
    )
    estimated_value = money("Estimated value of the lot (pounds)")

    def layout(self) -> list[Any]:
        return [Field.text("title"), Field.text("estimated_value", field_width=10)]


class CriterionForm(PartnershipForm):
    name = forms.CharField(
        label="Criterion",
        max_length=NAME,
        help_text="For example, Quality of support",
        error_messages={"required": "Enter the criterion's name"},
    )
    kind = forms.ChoiceField(
        label="How it is scored",
        choices=[
            (CriterionKind.QUALITY, "Quality: each evaluator scores it, then the panel agrees"),
            (CriterionKind.PRICE, "Price: by the formula, lowest price over this price"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how it is scored"},
    )
    weight = forms.IntegerField(
        label="Weight",
        min_value=1,
        max_value=100,
        help_text="The weights of the criteria add up to 100; a sub-criterion's weight is "
        "part of its criterion's",
        error_messages={
            "required": "Enter the weight",
            "invalid": "Enter the weight as a whole number, like 40",
            "min_value": "Enter a weight of 1 or more",
            "max_value": "Enter a weight of 100 or less",
        },
    )
    parent = forms.ModelChoiceField(
        label="A sub-criterion of (optional)",
        queryset=Criterion.objects.none(),
        required=False,
        empty_label="None: a criterion of its own",
        help_text="A quality criterion's sub-criteria are scored instead of it, and their "
        "weights add up to its weight",
        error_messages={"invalid_choice": "Choose a quality criterion of this procurement"},
    )
    max_score = forms.IntegerField(
        label="Top of the scale (quality only)",
        required=False,
        min_value=1,
        max_value=100,
        help_text="Scores run from 0 to this number, for example 10",
        error_messages={
            "invalid": "Enter the top of the scale as a whole number, like 10",
            "min_value": "Enter a top of the scale of 1 or more",
            "max_value": "Enter a top of the scale of 100 or less",
        },
    )

    def __init__(self, *args: Any, procurement: Procurement, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The criteria that may have sub-criteria: quality, and no sub-criterion themselves.
        choose_from(
            self,
            "parent",
            Criterion.objects.filter(
                procurement=procurement, kind=CriterionKind.QUALITY, parent__isnull=True
            ).order_by("id"),
        )

    def layout(self) -> list[Any]:
        return [
            Field.text("name"),
            Field.select("parent"),
            Field.radios("kind", legend_size=Size.SMALL),
            Field.text("weight", field_width=4),
            Field.text("max_score", field_width=4),
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("kind") == CriterionKind.QUALITY and not data.get("max_score"):
            self.add_error("max_score", "Enter the top of the scale of a quality criterion")
        data["max_score"] = data.get("max_score") or 0
        return data


class BidForm(PartnershipForm):
    provider = forms.ModelChoiceField(
        label="Bidder",
        queryset=Provider.objects.none(),
        error_messages={
            "required": "Choose the provider who bid",
            "invalid_choice": "Choose a provider of this partnership",
        },
    )
    price = money("Price (pounds)", hint="Over the whole term")
    received_on = date_field("Day received")
    received_time = time_field("Time received", required=True, hint="For example, 11.45am or 14:30")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choose_from(
            self, "provider", Provider.objects.filter(partnership=self.partnership).order_by("name")
        )

    def layout(self) -> list[Any]:
        return [
            Field.select("provider"),
            Field.text("price", field_width=10),
            Field("received_on"),
            Field.text("received_time", field_width=10),
        ]

    def received_at(self) -> datetime.datetime:
        """When it was received (both fields are required), in the partnership's zone."""
        return timezone.make_aware(
            datetime.datetime.combine(
                self.cleaned_data["received_on"], self.cleaned_data["received_time"]
            )
        )


class EvaluatorForm(PartnershipForm):
    user = forms.ModelChoiceField(  # a person: the service names the field "user"
        label="Evaluator",
        queryset=Person.objects.none(),
        help_text="People of the partnership who sign in to Accord",
        error_messages={
            "required": "Choose the person to add to the panel",
            "invalid_choice": "Choose a person of this partnership who signs in",
        },
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choose_from(
            self,
            "user",
            Person.objects.filter(partnership=self.partnership, user__isnull=False)
            .select_related("user")
            .order_by("name"),
        )

    def layout(self) -> list[Any]:
        return [Field.select("user")]

    def person_user(self) -> AbstractBaseUser:
        return self.cleaned_data["user"].user


class CancelForm(PartnershipForm):
    reason = forms.CharField(
        label="Why is the procurement cancelled?",
        max_length=REASON,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Say why the procurement is cancelled"},
    )

    def layout(self) -> list[Any]:
        return [Field.textarea("reason")]

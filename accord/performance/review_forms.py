"""Forms of the service quality reviews' pages (issue 18): each checks its input and hands
it to one service, which checks it again (the API's input goes only through it)."""

from typing import Any

from crispy_forms_gds.layout import Field, Size
from django import forms

from accord.commissioning.models import Service
from accord.core.text import NAME, NOTE, REASON, TITLE
from accord.governance.models import Body, Person
from accord.partnerships.web import PartnershipForm, choose_from, date_field

from .review_models import Grade, Review, ReviewFramework, ReviewOutcome


def grade_field_name(code: str) -> str:
    """The form field of a core objective's grade: ``C1.1`` is ``grade_C1_1``."""
    return "grade_" + code.replace(".", "_")


class ReviewPlanForm(PartnershipForm):
    service = forms.ModelChoiceField(
        label="Service",
        queryset=Service.objects.none(),
        empty_label="Select the service",
        error_messages={
            "required": "Select the service to review",
            "invalid_choice": "Select a service of this partnership",
        },
    )
    due_on = date_field("Due by", hint="The date the review should be validated by")
    framework = forms.ChoiceField(
        label="Framework",
        choices=ReviewFramework.choices,
        initial=ReviewFramework.QAF_2003,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choose_from(
            self,
            "service",
            Service.objects.filter(partnership=self.partnership).order_by("reference"),
        )

    def layout(self) -> list[Any]:
        return [
            Field.select("service"),
            "due_on",
            Field.radios("framework", legend_size=Size.SMALL),
        ]


class GradesForm(PartnershipForm):
    """A grade, A to D, for each core objective of the review's framework, and the date."""

    on = date_field("Date")

    def __init__(self, *args: Any, review: Review, date_label: str, **kwargs: Any) -> None:
        self.review = review
        super().__init__(*args, **kwargs)
        self.fields["on"].label = date_label
        for objective in review.qaf.objectives:
            self.fields[grade_field_name(objective.code)] = forms.ChoiceField(
                label=f"{objective.code} {objective.title}",
                help_text=objective.statement,
                choices=Grade.choices,
                widget=forms.RadioSelect,
                error_messages={"required": f"Choose a grade for {objective.code}"},
            )
        self.helper.layout = self.helper.layout.__class__(*self.layout())

    def layout(self) -> list[Any]:
        if not hasattr(self, "review"):
            return ["on"]
        return [
            "on",
            *(
                Field.radios(grade_field_name(one.code), legend_size=Size.SMALL, inline=True)
                for one in self.review.qaf.objectives
            ),
        ]

    def grades(self) -> dict[str, str]:
        return {
            one.code: self.cleaned_data[grade_field_name(one.code)]
            for one in self.review.qaf.objectives
        }


class VisitForm(PartnershipForm):
    visited_on = date_field("Date of the validation visit")
    visited_by = forms.CharField(
        label="Who visited",
        max_length=NAME,
        help_text="For example: the contracts officer and a service user inspector",
        error_messages={"required": "Say who visited"},
    )
    findings = forms.CharField(
        label="What the visit found",
        max_length=NOTE,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Say what the visit found"},
    )


class CloseForm(PartnershipForm):
    outcome = forms.ChoiceField(
        label="Outcome",
        choices=ReviewOutcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the outcome"},
    )
    reason = forms.CharField(
        label="Why this outcome",
        max_length=REASON,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Say why this is the outcome"},
    )
    on = date_field("Closed on")

    def layout(self) -> list[Any]:
        return [Field.radios("outcome", legend_size=Size.SMALL), "reason", "on"]


class ProposeForm(PartnershipForm):
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
        empty_label="No owner",
        error_messages={"invalid_choice": "Select a person of this partnership"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choose_from(
            self,
            "deciding_body",
            Body.objects.filter(partnership=self.partnership)
            .exclude(kind="escalation_body")
            .order_by("name"),
        )
        choose_from(
            self, "owner", Person.objects.filter(partnership=self.partnership).order_by("name")
        )

    def layout(self) -> list[Any]:
        return [Field.select("deciding_body"), Field.select("owner")]


class ActionForm(PartnershipForm):
    action = forms.CharField(
        label="What is to be done",
        max_length=TITLE,
        error_messages={"required": "Say what is to be done"},
    )
    owner = forms.CharField(
        label="Owner",
        max_length=NAME,
        help_text="Who is responsible: a person or a role at the provider",
        error_messages={"required": "Say who owns the action"},
    )
    due_on = date_field("Due by")
    objective = forms.ChoiceField(label="Core objective (optional)", required=False)

    def __init__(self, *args: Any, review: Review, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["objective"].choices = [("", "None in particular")] + [  # type: ignore[attr-defined]
            (one.code, f"{one.code} {one.title}") for one in review.qaf.objectives
        ]

    def layout(self) -> list[Any]:
        return ["action", "owner", "due_on", Field.select("objective")]


class ActionCompleteForm(PartnershipForm):
    done_on = date_field("Done on")
    note = forms.CharField(
        label="Follow-up note (optional)",
        max_length=NOTE,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

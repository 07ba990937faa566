"""Forms of the complaints register's write pages (issue 19): each checks its input and
hands it to one service, which decides the domain's rules (stage 2's different handler,
an extension's reason and limit, closing with an outcome and a classification, the
ombudsman's referral after the last stage) and whose refusal lands on the field it names.
"""

import datetime
from typing import Any

from crispy_forms_gds.layout import Field, Size
from django import forms
from django.contrib.auth import get_user_model
from django.db.models import QuerySet

from accord.commissioning.models import Provider, Service
from accord.core.text import NAME, NOTE, TITLE
from accord.partnerships.models import Partnership, ProgrammeOfficer
from accord.partnerships.web import PartnershipForm, choose_from, date_field

from .models import (
    Channel,
    Classification,
    Complaint,
    ComplaintKind,
    Determination,
    Format,
    ImprovementAction,
    ImprovementActionStatus,
    Lesson,
    Outcome,
    SubjectKind,
)


def handlers_of(partnership: Partnership, *, on: datetime.date) -> QuerySet[Any]:
    """Who may handle a stage: the partnership's programme officers on the date (they are
    the people the policy lets keep the register)."""
    terms = ProgrammeOfficer.objects.current(on=on).filter(partnership=partnership)
    return get_user_model().objects.filter(pk__in=terms.values("user_id")).order_by("username")


class HandlerChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        name = obj.get_full_name() if hasattr(obj, "get_full_name") else ""
        return f"{name} ({obj.get_username()})" if name else obj.get_username()


def handler_field(label: str, *, required: bool = True) -> HandlerChoice:
    return HandlerChoice(
        label=label,
        required=required,
        queryset=get_user_model().objects.none(),
        empty_label="Select a handler",
        help_text="One of the partnership's programme officers",
        error_messages={
            "required": "Select who handles the stage",
            "invalid_choice": "Select a handler from the list",
        },
    )


def text(label: str, *, required: bool = False, length: int = NOTE, hint: str = "") -> Any:
    return forms.CharField(
        label=label,
        required=required,
        max_length=length,
        help_text=hint,
        widget=forms.Textarea if length >= NOTE else forms.TextInput,
        error_messages={"required": f"Enter {label[0].lower()}{label[1:]}"},
    )


class ReceiveForm(PartnershipForm):
    subject_kind = forms.ChoiceField(
        label="Who the complaint is about",
        choices=SubjectKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select who the complaint is about"},
    )
    provider = forms.ModelChoiceField(
        label="Provider (for a complaint about a provider)",
        queryset=Provider.objects.none(),
        required=False,
        empty_label="None",
        error_messages={"invalid_choice": "Select one of the partnership's providers"},
    )
    service = forms.ModelChoiceField(
        label="Service (optional)",
        queryset=Service.objects.none(),
        required=False,
        empty_label="None",
        error_messages={"invalid_choice": "Select one of the partnership's services"},
    )
    kind = forms.ChoiceField(
        label="Is it a complaint or a service request?",
        choices=ComplaintKind.choices,
        initial=ComplaintKind.COMPLAINT,
        widget=forms.RadioSelect,
        help_text="A service request is routed to whoever provides the service, not counted",
        error_messages={"required": "Select whether it is a complaint or a service request"},
    )
    routed_to = forms.CharField(
        label="Where the service request was sent (for a service request)",
        required=False,
        max_length=NAME,
    )
    received_on = date_field("Date received")
    matter_on = date_field(
        "When the complainant first knew of the matter (optional)",
        required=False,
        hint="A complaint may be made within 12 months of it. For example, 11 12 2009",
    )
    channel = forms.ChoiceField(
        label="How it was received",
        choices=[("", "Select how it was received"), *Channel.choices],
        error_messages={"required": "Select how the complaint was received"},
    )
    handler = handler_field("Who handles stage 1 (for a complaint)", required=False)
    complainant_name = forms.CharField(label="Complainant's name", required=False, max_length=NAME)
    complainant_email = forms.EmailField(
        label="Complainant's e-mail address (optional)",
        required=False,
        max_length=NAME,
        error_messages={"invalid": "Enter an e-mail address like name@example.org"},
    )
    complainant_phone = forms.CharField(
        label="Complainant's telephone number (optional)", required=False, max_length=40
    )
    complainant_address = text("Complainant's address (optional)")
    summary = text("What the complaint says")
    desired_outcome = text("What the complainant wants (optional)")
    adjustments = text(
        "Reasonable adjustments (optional)",
        hint="How to contact them, access needs: recorded and followed",
    )
    advocate = forms.CharField(
        label="Advocate or representative (optional)", required=False, max_length=NAME
    )
    format = forms.ChoiceField(
        label="Format of letters", choices=Format.choices, required=False, initial=""
    )

    def __init__(self, *args: Any, on: datetime.date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choose_from(
            self, "provider", Provider.objects.filter(partnership=self.partnership).order_by("name")
        )
        choose_from(
            self,
            "service",
            Service.objects.filter(partnership=self.partnership).order_by("name"),
        )
        choose_from(self, "handler", handlers_of(self.partnership, on=on))

    def layout(self) -> list[Any]:
        shapes = {
            "subject_kind": lambda n: Field.radios(n, legend_size=Size.SMALL),
            "kind": lambda n: Field.radios(n, legend_size=Size.SMALL),
            "provider": Field.select,
            "service": Field.select,
            "channel": Field.select,
            "handler": Field.select,
            "format": Field.select,
        }
        return [shapes[name](name) if name in shapes else name for name in self.fields]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        complaint = data.get("kind") == ComplaintKind.COMPLAINT
        if complaint and not self.errors.get("handler") and data.get("handler") is None:
            self.add_error("handler", "Select who handles stage 1")
        return data


class AcknowledgeForm(PartnershipForm):
    acknowledged_on = date_field("Date acknowledged")


class ExtendForm(PartnershipForm):
    extension_reason = forms.CharField(
        label="Why the response needs more time",
        required=False,  # the service refuses an empty reason, naming this field
        max_length=NOTE,
        widget=forms.Textarea,
    )
    extended_to = date_field("New date for the response", required=False)
    extension_told_on = date_field(
        "Date the complainant was told in writing",
        required=False,
        hint="With the ombudsman's contact details. For example, 11 12 2009",
    )


class RespondForm(PartnershipForm):
    responded_on = date_field("Date of the response")
    outcome = forms.ChoiceField(
        label="Outcome",
        choices=Outcome.choices,
        required=False,  # the service refuses a response without one, naming this field
        widget=forms.RadioSelect,
    )
    remedy = text("Remedy offered (optional)")
    classifications = forms.MultipleChoiceField(
        label="Classification",
        help_text="Select all that apply",
        choices=Classification.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def layout(self) -> list[Any]:
        return [
            "responded_on",
            Field.radios("outcome", legend_size=Size.SMALL),
            "remedy",
            Field.checkboxes("classifications", legend_size=Size.SMALL),
        ]


class EscalateForm(PartnershipForm):
    requested_on = date_field("Date the complainant asked for stage 2")
    handler = handler_field("Who handles stage 2")

    def __init__(self, *args: Any, on: datetime.date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choose_from(self, "handler", handlers_of(self.partnership, on=on))

    def layout(self) -> list[Any]:
        return ["requested_on", Field.select("handler")]


class CloseForm(PartnershipForm):
    closed_on = date_field("Date closed")


class LessonForm(PartnershipForm):
    text = forms.CharField(
        label="What was learnt",
        help_text="Without naming the complainant",
        max_length=NOTE,
        widget=forms.Textarea,
        error_messages={"required": "Say what was learnt"},
    )


class ActionForm(PartnershipForm):
    lesson = forms.ModelChoiceField(
        label="The lesson it follows from",
        queryset=Lesson.objects.none(),
        empty_label="Select a lesson",
        error_messages={
            "required": "Select the lesson",
            "invalid_choice": "Select one of this complaint's lessons",
        },
    )
    description = forms.CharField(
        label="Improvement action",
        max_length=TITLE,
        error_messages={"required": "Describe the improvement action"},
    )
    owner = forms.CharField(
        label="Owner",
        help_text="A post or team, not a complainant",
        max_length=NAME,
        error_messages={"required": "Say who owns the action"},
    )
    due_on = date_field("Due date")

    def __init__(self, *args: Any, complaint: Complaint, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choose_from(self, "lesson", Lesson.objects.filter(complaint=complaint).order_by("pk"))

    def layout(self) -> list[Any]:
        return [Field.select("lesson"), "description", "owner", "due_on"]


class ActionCompleteForm(PartnershipForm):
    action = forms.ModelChoiceField(
        label="Improvement action",
        queryset=ImprovementAction.objects.none(),
        empty_label="Select an action",
        error_messages={
            "required": "Select the action",
            "invalid_choice": "Select one of this complaint's open actions",
        },
    )
    done_on = date_field("Date done")

    def __init__(self, *args: Any, complaint: Complaint, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choose_from(
            self,
            "action",
            ImprovementAction.objects.filter(
                lesson__complaint=complaint, status=ImprovementActionStatus.OPEN
            ).order_by("due_on", "pk"),
        )

    def layout(self) -> list[Any]:
        return [Field.select("action"), "done_on"]


class ReferralForm(PartnershipForm):
    referred_on = date_field("Date referred to the ombudsman")


class DetermineForm(PartnershipForm):
    determination = forms.ChoiceField(
        label="The ombudsman's determination",
        choices=[("", "Select the determination"), *Determination.choices[1:]],
        required=False,  # the service refuses an empty one, naming this field
    )
    determined_on = date_field("Date determined")
    remedy_ordered = text("Remedy ordered (optional)")

    def layout(self) -> list[Any]:
        return [Field.select("determination"), "determined_on", "remedy_ordered"]


class ComplyForm(PartnershipForm):
    complied_on = date_field("Date complied")


def days(label: str, *, low: int = 1, high: int = 60, hint: str = "") -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        help_text=hint,
        min_value=low,
        max_value=high,
        error_messages={
            "required": f"Enter the {label[0].lower()}{label[1:]}",
            "invalid": "Enter a whole number, like 10",
            "min_value": f"Enter {low} or more",
            "max_value": f"Enter {high} or fewer",
        },
    )


class SettingsForm(PartnershipForm):
    """The partnership's complaint policy: the codes' timescales are the defaults; a stage
    already open keeps the days it opened with."""

    stage1_acknowledge_days = days("Stage 1: working days to acknowledge")
    stage1_respond_days = days("Stage 1: working days to respond, after the acknowledgement")
    stage1_extension_days = days("Stage 1: most working days an extension may add", low=0)
    stage2_acknowledge_days = days("Stage 2: working days to acknowledge")
    stage2_respond_days = days("Stage 2: working days to respond, after the acknowledgement")
    stage2_extension_days = days("Stage 2: most working days an extension may add", low=0)
    retention_years = days(
        "Years the complainant's details are kept after closure",
        high=100,
        hint="Then erased by accord complaints erase-expired; the anonymised complaint stays",
    )

    def layout(self) -> list[Any]:
        return [Field.text(name, field_width=3) for name in self.fields]

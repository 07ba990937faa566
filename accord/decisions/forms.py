"""Forms of the decisions pages: they check input and hand it to one service."""

import json
from typing import Any

from crispy_forms_gds.layout import Field, Layout, Size
from django import forms

from accord.core.money import MONEY_MAX
from accord.core.text import LONG_TEXT, NAME, NOTE, TITLE
from accord.governance.models import Body, BodyKind, Person
from accord.meetings.exemption import (
    EXEMPT_LAYOUT,
    exempt_paragraph_field,
    exempt_reason_field,
    public_interest_test_field,
)
from accord.meetings.models import Meeting
from accord.partnerships.web import PartnershipForm, choose_from, date_field
from accord.rules import RuleError, parse_rule
from accord.rules.lifecycle import MEETING

from .models import (
    Ballot,
    EscalationResult,
    Proposal,
    ProposalKind,
    StageKind,
    StageStatus,
    VoteValue,
)
from .services import ratification_required

# Issue 17 item 6: the sum a decision commits, in pounds and pence.
COMMITS_ERRORS = {
    "invalid": "Enter the sum in pounds, like 1250000 or 1250000.50",
    "min_value": "Enter a sum of 0 or more",
    "max_value": "Enter a sum under a trillion pounds",
    "max_decimal_places": "Enter pounds and pence, with at most 2 decimal places",
    "max_digits": "Enter a sum under a trillion pounds",
}


class ProposalForm(PartnershipForm):
    title = forms.CharField(
        label="Title", max_length=TITLE, error_messages={"required": "Enter the proposal's title"}
    )
    kind = forms.ChoiceField(
        label="Type of proposal",
        choices=[("", "Select a type"), *ProposalKind.choices],
        error_messages={"required": "Select the type of proposal"},
    )
    summary = forms.CharField(
        label="What is proposed",
        required=False,
        max_length=LONG_TEXT,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    deciding_body = forms.ModelChoiceField(
        label="Deciding body",
        queryset=Body.objects.none(),
        empty_label="Select the body that decides",
        error_messages={"required": "Select the deciding body", "invalid_choice": "Select a body"},
    )
    owner = forms.ModelChoiceField(
        label="Owner (optional)",
        queryset=Person.objects.none(),
        required=False,
        empty_label="None",
        help_text="The officer responsible for the proposal",
        error_messages={"invalid_choice": "Select a person from the list"},
    )
    commits = forms.DecimalField(
        label="Sum it commits (pounds, optional)",
        help_text="Where the decision commits money: above a representative's delegated "
        "limit, the partner's vote for counts only subject to ratification",
        required=False,
        min_value=0,
        max_value=MONEY_MAX,
        decimal_places=2,
        error_messages=COMMITS_ERRORS,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        deciding = Body.objects.filter(partnership=self.partnership).exclude(
            kind=BodyKind.ESCALATION_BODY
        )
        choose_from(self, "deciding_body", deciding.order_by("name"))
        choose_from(
            self, "owner", Person.objects.filter(partnership=self.partnership).order_by("name")
        )

    def layout(self) -> list[Any]:
        return [
            Field.text("title"),
            Field.select("kind"),
            Field.textarea("summary"),
            Field.select("deciding_body"),
            Field.select("owner"),
            Field.text("commits", field_width=20),
        ]


class TableForm(PartnershipForm):
    meeting = forms.ModelChoiceField(
        label="Meeting",
        queryset=Meeting.objects.none(),
        empty_label="Select a meeting",
        error_messages={"required": "Select the meeting", "invalid_choice": "Select a meeting"},
    )
    is_exempt = forms.BooleanField(
        label="Exempt (confidential): withheld from the public", required=False
    )
    exempt_paragraph = exempt_paragraph_field()
    exempt_reason = exempt_reason_field()
    public_interest_test = public_interest_test_field()

    def __init__(self, *args: Any, proposal: Proposal, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Meetings whose agenda can still take an item (the meeting's lifecycle table).
        open_meetings = Meeting.objects.filter(
            body=proposal.deciding_body,
            status__in=[state for state in MEETING.states if MEETING.allows(state, "add_item")],
        ).order_by("date")
        choose_from(self, "meeting", open_meetings)

    def layout(self) -> list[Any]:
        return [Field.select("meeting"), *EXEMPT_LAYOUT]


class CasterField(forms.ModelChoiceField):
    """A person, named with the vote they may cast: "Jo Bloggs (Cherwell District
    Council's representative)"."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.roles: dict[int, str] = {}

    def label_from_instance(self, obj: Any) -> str:
        role = self.roles.get(obj.pk)
        return f"{obj.name} ({role})" if role else str(obj.name)


# The buttons of the vote form, one per value (VoteValue), in its order.
VOTE_BUTTONS: dict[str, str] = {
    VoteValue.FOR: "Vote for",
    VoteValue.AGAINST: "Vote against",
    VoteValue.ABSTAIN: "Abstain",
}


class VoteForm(PartnershipForm):
    """A vote as cast: whose vote (the unit) and who cast it, never a default. The programme
    team, recording votes cast in the room, names the caster among those who may cast a
    unit's vote now; a member casts their own partner's vote and is its caster. Who may cast
    is the decisions service's rule (``vote_casters``, ``caster_refusal``)."""

    unit = forms.ChoiceField(
        label="Whose vote", error_messages={"required": "Select whose vote this is"}
    )
    cast_by = CasterField(
        label="Cast by",
        queryset=Person.objects.none(),
        empty_label="Select who cast the vote",
        help_text="The representative who cast it, or the substitute acting for the partner",
        error_messages={
            "required": "Select who cast the vote",
            "invalid_choice": "Select a person from the list",
        },
    )
    # The choices are the form's buttons (one click casts the vote): the button a voter
    # presses is the value posted, as a radio and a "Record vote" button would post it.
    value = forms.ChoiceField(
        label="Vote",
        choices=[(value, VOTE_BUTTONS[value]) for value in VoteValue.values],
        error_messages={"required": "Choose Vote for, Vote against or Abstain"},
    )
    subject_to_ratification = forms.BooleanField(
        label="For, subject to ratification by the partner (its cabinet or board)",
        help_text="Tick this, then choose Vote for",
        required=False,
    )

    def __init__(
        self,
        *args: Any,
        ballot: Ballot,
        casters: dict[str, list[int]],
        people: list[int] | None = None,
        **kwargs: Any,
    ) -> None:
        """``casters``: who may cast each unit's vote now; ``people``: the member's own
        people in the register (None for the programme team, who name the caster)."""
        self.ballot, self.casters, self.people = ballot, casters, people
        super().__init__(*args, **kwargs)
        units = [(unit["key"], unit["label"]) for unit in ballot.units]
        if people is None:
            entitled = {p for persons in casters.values() for p in persons}
            choose_from(self, "cast_by", Person.objects.filter(pk__in=entitled).order_by("name"))
            field = self.fields["cast_by"]
            assert isinstance(field, CasterField)  # noqa: S101 (declared above)
            for unit in ballot.units:
                for pk in unit["representatives"]:
                    field.roles[pk] = f"{unit['label']}'s representative"
                for pk in unit["substitutes"]:
                    field.roles[pk] = f"{unit['label']}'s substitute"
        else:
            units = [(key, label) for key, label in units if set(people) & set(casters[key])]
            del self.fields["cast_by"]
            self.helper.layout = Layout(*self.layout())
            if len(units) == 1:
                # The only partner this member may cast a vote for now (vote_casters): chosen.
                self.fields["unit"].initial = units[0][0]
        # The question the buttons answer, as the legend of their group.
        if people is None:
            self.fields["value"].label = "How did the partner vote?"
        elif len(units) == 1:
            self.fields["value"].label = f"How does {units[0][1]} vote?"
        else:
            self.fields["value"].label = "How does the partner vote?"
        self.fields["unit"].choices = [("", "Select the voting member"), *units]  # type: ignore[attr-defined]
        # The delegated limits (issue 17 item 6), as the service applies them: say whose
        # vote for counts only subject to ratification, whatever the box says.
        beyond = sorted(
            {
                unit["label"]
                for unit in ballot.units
                if any(
                    ratification_required(ballot, unit["key"], pk)
                    for pk in casters.get(unit["key"], [])
                )
            }
        )
        if beyond:
            self.fields["subject_to_ratification"].help_text = (
                f"The proposal commits more than the delegated limit of {', '.join(beyond)}"
                ": a vote for from there counts subject to ratification by the partner's own "
                "body, ticked or not"
            )

    def clean(self) -> dict[str, Any]:
        """A member's vote is cast by the member: their own person who may cast it."""
        data = super().clean() or {}
        if self.people is not None and data.get("unit"):
            own = [p for p in self.casters.get(data["unit"], []) if p in self.people]
            if own:
                data["cast_by"] = Person.objects.get(pk=own[0])
            else:
                self.add_error("unit", "You cannot cast this vote")
        return data

    def layout(self) -> list[Any]:
        shapes = [
            Field.select("unit"),
            Field.select("cast_by"),
            Field.checkbox("subject_to_ratification"),
            # Last: pressing one of its buttons sends the form.
            Field("value", template="decisions/_vote_buttons.html"),
        ]
        return [shape for shape in shapes if shape.fields[0] in self.fields]


class RatificationForm(PartnershipForm):
    ratified = forms.TypedChoiceField(
        label="The partner's decision",
        choices=[("yes", "Ratified"), ("no", "Refused")],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether the partner ratified the vote"},
    )
    on = date_field("Date")

    def layout(self) -> list[Any]:
        return [Field.radios("ratified", legend_size=Size.SMALL), Field("on")]


class StepForm(PartnershipForm):
    """A step after a vote that did not carry; which fields show depends on the step."""

    on = date_field("Date")
    note = forms.CharField(
        label="What happened",
        required=False,
        max_length=NOTE,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    amended_summary = forms.CharField(
        label="The amended proposal",
        required=False,
        max_length=LONG_TEXT,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    result = forms.ChoiceField(
        label="The escalation body's result",
        choices=EscalationResult.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    as_it_happened = forms.BooleanField(
        label="Record it as it happened, although the constitution does not provide for it "
        "(it will be flagged)",
        required=False,
    )

    FIELDS = {
        "compromise": ["on", "amended_summary", "note", "as_it_happened"],
        "escalate": ["on", "note", "as_it_happened"],
        "escalation_result": ["on", "result", "amended_summary", "note"],
        "decide_outside": ["on", "note"],
        "call_in": ["on", "note"],
        "withdraw": ["on", "note"],
    }

    def __init__(self, *args: Any, step: str, **kwargs: Any) -> None:
        self.step = step
        super().__init__(*args, **kwargs)
        for name in list(self.fields):
            if name not in self.FIELDS[step]:
                del self.fields[name]
        if step == "escalation_result":
            self.fields["result"].required = True
            self.fields["result"].error_messages["required"] = "Select the result"
        if step == "decide_outside":
            self.fields["note"].required = True
            self.fields["note"].error_messages["required"] = "Say what was decided, by whom, how"
        self.helper.layout = Layout(*self.layout())

    def layout(self) -> list[Any]:
        shapes = {
            "on": lambda: Field("on"),
            "note": lambda: Field.textarea("note"),
            "amended_summary": lambda: Field.textarea("amended_summary"),
            "result": lambda: Field.radios("result", legend_size=Size.SMALL),
            "as_it_happened": lambda: Field.checkbox("as_it_happened"),
        }
        return [shapes[name]() for name in self.FIELDS[self.step] if name in self.fields]


class StageForm(PartnershipForm):
    kind = forms.ChoiceField(
        label="Stage",
        choices=StageKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the stage"},
    )
    body = forms.ModelChoiceField(
        label="At which body (optional)",
        queryset=Body.objects.none(),
        required=False,
        empty_label="Not one of the partnership's bodies",
        error_messages={"invalid_choice": "Select a body from the list"},
    )
    authority = forms.CharField(
        label="Or who (optional)",
        required=False,
        max_length=NAME,
        help_text="For example, Cabinet of Cherwell District Council, or the Secretary of State",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choose_from(
            self, "body", Body.objects.filter(partnership=self.partnership).order_by("name")
        )

    def layout(self) -> list[Any]:
        return [
            Field.radios("kind", legend_size=Size.SMALL),
            Field.select("body"),
            Field.text("authority"),
        ]


class StageCompleteForm(PartnershipForm):
    status = forms.ChoiceField(
        label="Outcome of the stage",
        choices=[(StageStatus.DONE, "Done"), (StageStatus.NOT_NEEDED, "Not needed")],
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether the stage was done"},
    )
    on = date_field("Date")
    note = forms.CharField(
        label="Note (optional)",
        required=False,
        max_length=NOTE,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def layout(self) -> list[Any]:
        return [
            Field.radios("status", legend_size=Size.SMALL),
            Field("on"),
            Field.textarea("note"),
        ]


class CandidateForm(forms.Form):
    """A constitution typed by the user for the simulator: its rules in the rule language."""

    name = forms.CharField(label="Name of your rule", required=False, max_length=100)
    rule = forms.CharField(
        label="Decision rule (JSON)",
        required=False,
        max_length=NOTE,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text='For example {"kind": "majority", "threshold": "2/3"}',
    )
    fallback_rule = forms.CharField(
        label="Rule at a second meeting (JSON, optional)",
        required=False,
        max_length=NOTE,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text='For example {"kind": "majority", "threshold": "1/2", "max_against": 1}',
    )

    def parsed(self, field: str) -> dict[str, Any] | None:
        text = self.cleaned_data.get(field, "").strip()
        if not text:
            return None
        try:
            data = json.loads(text)
            parse_rule(data)
        except json.JSONDecodeError as error:
            self.add_error(field, f"This is not JSON: {error.msg} at character {error.pos + 1}")
            return None
        except RuleError as error:
            self.add_error(field, f"{error.field}: {error.problem}")
            return None
        return dict(data)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        data["rule_data"] = self.parsed("rule")
        data["fallback_data"] = self.parsed("fallback_rule")
        if (
            data["rule_data"] is None
            and data["fallback_data"] is not None
            and "rule" not in self.errors
        ):
            self.add_error("rule", "Enter the decision rule as well as the fallback")
        return data


class ProposalCommitsForm(PartnershipForm):
    """The sum a proposal commits (issue 17 item 6), before its vote opens."""

    commits = forms.DecimalField(
        label="Sum it commits (pounds)",
        help_text="Leave empty where the decision commits no stated sum",
        required=False,
        min_value=0,
        max_value=MONEY_MAX,
        decimal_places=2,
        error_messages=COMMITS_ERRORS,
    )

    def layout(self) -> list[Any]:
        return [Field.text("commits", field_width=20)]

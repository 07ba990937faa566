"""Forms of the governance pages: they check input and hand it to one service."""

from typing import Any

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Layout, Size
from django import forms

from accord.core.money import MONEY_MAX
from accord.core.text import NAME, NOTE
from accord.partnerships.models import Partnership
from accord.partnerships.selectors import partnership_list
from accord.partnerships.web import PartnershipForm, choose_from, date_field

from .models import Body, BodyKind, MembershipRole, Partner, PartnerKind, Person, Stance
from .selectors import body_list, partner_list, person_choices


class PartnershipSwitchForm(forms.Form):
    partnership = forms.ModelChoiceField(
        queryset=partnership_list(),
        to_field_name="slug",
        error_messages={
            "required": "Select a partnership",
            "invalid_choice": "Select a partnership from the list",
        },
    )


class PartnerForm(PartnershipForm):
    name = forms.CharField(
        label="Name", max_length=NAME, error_messages={"required": "Enter the partner's name"}
    )
    kind = forms.ChoiceField(
        label="Type of partner",
        choices=PartnerKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the type of partner"},
    )

    def layout(self) -> list[Any]:
        return [Field.text("name"), Field.radios("kind", legend_size=Size.SMALL)]


class BodyForm(PartnershipForm):
    name = forms.CharField(
        label="Name", max_length=NAME, error_messages={"required": "Enter the body's name"}
    )
    kind = forms.ChoiceField(
        label="Kind of body",
        choices=BodyKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the kind of body"},
    )
    purpose = forms.CharField(
        label="Purpose",
        required=False,
        max_length=NOTE,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="What it does, for example: decides the strategy and annual plan",
    )

    def layout(self) -> list[Any]:
        return [
            Field.text("name"),
            Field.radios("kind", legend_size=Size.SMALL),
            Field.textarea("purpose"),
        ]


class PersonForm(PartnershipForm):
    name = forms.CharField(
        label="Name or role title",
        max_length=NAME,
        help_text="For example, Lead Member, Cherwell District Council",
        error_messages={"required": "Enter the person's name or role title"},
    )
    agreed_to_be_named = forms.BooleanField(
        label="They have agreed to be named in published records",
        required=False,
        help_text="A service user representative is shown by role only in published "
        "attendance unless they agree to be named",
    )

    def layout(self) -> list[Any]:
        return [Field.text("name"), Field.checkbox("agreed_to_be_named")]


class MembershipForm(PartnershipForm):
    body = forms.ModelChoiceField(
        label="Body",
        queryset=Body.objects.none(),
        empty_label="Select a body",
        error_messages={
            "required": "Select the body",
            "invalid_choice": "Select a body from the list",
        },
    )
    person = forms.ModelChoiceField(
        label="Person",
        queryset=Person.objects.none(),
        empty_label="Select a person",
        error_messages={
            "required": "Select the person",
            "invalid_choice": "Select a person from the list",
        },
    )
    partner = forms.ModelChoiceField(
        label="Partner (optional)",
        queryset=Partner.objects.none(),
        required=False,
        empty_label="None (co-opted members and others)",
        help_text="The partner they sit for; voting representatives and substitutes need one",
        error_messages={"invalid_choice": "Select a partner from the list"},
    )
    role = forms.ChoiceField(
        label="Role",
        choices=[("", "Select a role"), *MembershipRole.choices],
        error_messages={"required": "Select the role"},
    )
    seat = forms.CharField(
        label="Seat (optional)",
        required=False,
        max_length=NAME,
        help_text="Where a partner has more than one, for example Lead Member",
    )
    start_date = date_field("Start date")
    end_date = date_field(
        "End date", required=False, hint="Optional: the last day in the seat, for example 31 3 2010"
    )

    def __init__(self, *args: Any, partnership: Partnership, **kwargs: Any) -> None:
        super().__init__(*args, partnership=partnership, **kwargs)
        self.choices_from(partnership)

    def choices_from(self, partnership: Partnership) -> None:
        for name, queryset in [
            ("body", body_list(partnership)),
            ("person", person_choices(partnership)),
            ("partner", partner_list(partnership)),
        ]:
            choose_from(self, name, queryset)

    def layout(self) -> list[Any]:
        return [
            "body",
            "person",
            "partner",
            "role",
            Field.text("seat"),
            Field("start_date"),
            Field("end_date"),
        ]


class MembershipEndForm(PartnershipForm):
    end_date = date_field("End date", hint="The last day in the seat, for example 11 12 2009")

    def layout(self) -> list[Any]:
        return [Field("end_date")]


class PositionForm(PartnershipForm):
    partner = forms.ModelChoiceField(
        label="Partner",
        queryset=Partner.objects.none(),
        empty_label="Select a partner",
        error_messages={
            "required": "Select the partner",
            "invalid_choice": "Select a partner from the list",
        },
    )
    stance = forms.ChoiceField(
        label="Position",
        choices=Stance.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the partner's position"},
    )
    reasons = forms.CharField(
        label="Reasons",
        required=False,
        max_length=NOTE,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    recorded_on = date_field("Date stated")

    def __init__(
        self,
        *args: Any,
        partnership: Partnership,
        represented: dict[int, int] | None = None,
        **kwargs: Any,
    ) -> None:
        """``represented``: the partners a representative speaks for (the governance
        service's ``partners_spoken_for``); None for the programme team, who record any."""
        super().__init__(*args, partnership=partnership, **kwargs)
        choose_from(self, "partner", only_represented(partner_list(partnership), represented))
        if represented is not None:
            self.fields["partner"].label = "Your partner"
            self.fields["partner"].initial = one_of(represented)

    def layout(self) -> list[Any]:
        return [
            "partner",
            Field.radios("stance", legend_size=Size.SMALL),
            Field.textarea("reasons"),
            Field("recorded_on"),
        ]


class SignatureForm(PartnershipForm):
    partner = forms.ModelChoiceField(
        label="Partner signing",
        queryset=Partner.objects.none(),
        empty_label="Select a partner",
        error_messages={
            "required": "Select the partner",
            "invalid_choice": "Select a partner from the list",
        },
    )
    signed_by = forms.ModelChoiceField(
        label="Signed by",
        queryset=Person.objects.none(),
        empty_label="Select a person",
        help_text="One of the partner's voting representatives on the day",
        error_messages={
            "required": "Select who signed",
            "invalid_choice": "Select a person from the list",
        },
    )
    signed_on = date_field("Date signed")

    def __init__(
        self,
        *args: Any,
        partnership: Partnership,
        represented: dict[int, int] | None = None,
        **kwargs: Any,
    ) -> None:
        """``represented``: the partners a representative signs for, each with their own
        person (``partners_spoken_for``); None for the programme team, who record a
        signature given on paper and name the signatory."""
        self.represented = represented
        super().__init__(*args, partnership=partnership, **kwargs)
        choose_from(self, "partner", only_represented(partner_list(partnership), represented))
        if represented is None:
            choose_from(self, "signed_by", person_choices(partnership))
        else:
            del self.fields["signed_by"]
            self.fields["partner"].label = "Sign for"
            self.fields["partner"].initial = one_of(represented)
            self.helper.layout = Layout(*self.layout())

    def clean(self) -> dict[str, Any]:
        """A representative signs as themselves: their own person who represents it."""
        data = super().clean() or {}
        if self.represented is not None and data.get("partner"):
            data["signed_by"] = Person.objects.get(pk=self.represented[data["partner"].pk])
        return data

    def layout(self) -> list[Any]:
        shapes = ["partner", "signed_by", Field("signed_on")]
        return [s for s in shapes if (s if isinstance(s, str) else s.fields[0]) in self.fields]


def only_represented(partners: Any, represented: dict[int, int] | None) -> Any:
    return partners if represented is None else partners.filter(pk__in=list(represented))


def one_of(represented: dict[int, int]) -> int | None:
    """The partner to preselect: the only one a representative speaks for, if one."""
    return next(iter(represented)) if len(represented) == 1 else None


class SeatsOnForm(forms.Form):
    """The body page's "who sat on it on" date (a GET form)."""

    on = date_field("Date", hint="Who sat on the body on this date, for example 11 12 2009")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True  # a GET form
        self.helper.layout = Layout(Field("on"))


class MembershipLimitForm(PartnershipForm):
    """The delegated financial limit the partner's own organisation sets (issue 17 item 6)."""

    delegated_limit = forms.DecimalField(
        label="Delegated financial limit (pounds)",
        help_text="Set by the partner's own organisation: a decision committing more counts "
        "this person's vote for only subject to ratification. Leave empty for none recorded",
        required=False,
        min_value=0,
        max_value=MONEY_MAX,
        decimal_places=2,
        error_messages={
            "invalid": "Enter the limit in pounds, like 500000 or 500000.50",
            "min_value": "Enter a limit of 0 or more",
            "max_value": "Enter a limit under a trillion pounds",
            "max_decimal_places": "Enter pounds and pence, with at most 2 decimal places",
            "max_digits": "Enter a limit under a trillion pounds",
        },
    )

    def layout(self) -> list[Any]:
        return [Field.text("delegated_limit", field_width=20)]

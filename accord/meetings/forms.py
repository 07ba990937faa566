"""Forms of the meetings pages: they check input and hand it to one service."""

from typing import Any

from crispy_forms_gds.layout import Field, Layout, Size
from django import forms

from accord.core.text import LONG_TEXT, NAME, NOTE, REASON, TITLE
from accord.governance.models import Body, Membership, MembershipRole, Person
from accord.partnerships.web import PartnershipForm, choose_from, date_field, time_field

from .exemption import (
    EXEMPT_LAYOUT,
    exempt_paragraph_field,
    exempt_reason_field,
    public_interest_test_field,
)
from .models import AttendanceStatus, Meeting, MeetingStatus
from .services import AttendanceRow


class MeetingForm(PartnershipForm):
    body = forms.ModelChoiceField(
        label="Body",
        queryset=Body.objects.none(),
        empty_label="Select a body",
        error_messages={"required": "Select the body", "invalid_choice": "Select a body"},
    )
    title = forms.CharField(
        label="Title (optional)",
        required=False,
        max_length=NAME,
        help_text="Leave empty to use the body's name; for example, Special meeting",
    )
    date = date_field("Date")
    start_time = time_field("Start time", hint="Optional: for example, 10am, 2.30pm or 14:30")
    end_time = time_field("End time", hint="Optional")
    place = forms.CharField(label="Place", required=False, max_length=TITLE)
    online_link = forms.URLField(
        assume_scheme="https",
        label="Online link (optional)",
        required=False,
        max_length=NAME,
        error_messages={"invalid": "Enter the online link as a web address, like https://…"},
    )
    is_public = forms.BooleanField(
        label="Held in public: anyone may read its public items and papers",
        required=False,
        initial=True,
    )
    chair = forms.ModelChoiceField(
        label="Chair (optional)",
        queryset=Person.objects.none(),
        required=False,
        empty_label="Not named yet",
        help_text="Who chairs the meeting and signs its minutes",
        error_messages={"invalid_choice": "Select the chair from the list"},
    )
    clerk = forms.ModelChoiceField(
        label="Clerk (optional)",
        queryset=Person.objects.none(),
        required=False,
        empty_label="Not named yet",
        help_text="The programme officer or clerk named on the agenda as the contact",
        error_messages={"invalid_choice": "Select the clerk from the list"},
    )
    clerk_contact = forms.CharField(
        label="How to contact the clerk (optional)",
        required=False,
        max_length=NAME,
        help_text="An e-mail address or telephone number, printed on the agenda",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choose_from(
            self, "body", Body.objects.filter(partnership=self.partnership).order_by("name")
        )
        people = Person.objects.filter(partnership=self.partnership).order_by("name")
        choose_from(self, "chair", people)
        choose_from(self, "clerk", people)

    def layout(self) -> list[Any]:
        return [
            Field.select("body"),
            Field.text("title"),
            Field("date"),
            Field.text("start_time", field_width=10),
            Field.text("end_time", field_width=10),
            Field.text("place"),
            Field.text("online_link"),
            Field.checkbox("is_public"),
            Field.select("chair"),
            Field.select("clerk"),
            Field.text("clerk_contact"),
        ]


class AgendaItemForm(PartnershipForm):
    title = forms.CharField(
        label="Title", max_length=TITLE, error_messages={"required": "Enter the item's title"}
    )
    summary = forms.CharField(
        label="Summary (optional)",
        required=False,
        max_length=LONG_TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    lead_officer = forms.ModelChoiceField(
        label="Lead officer (optional)",
        queryset=Person.objects.none(),
        required=False,
        empty_label="None",
        error_messages={"invalid_choice": "Select a person from the list"},
    )
    is_exempt = forms.BooleanField(
        label="Exempt (confidential): withheld from the public, papers included",
        required=False,
    )
    exempt_paragraph = exempt_paragraph_field()
    exempt_reason = exempt_reason_field()
    public_interest_test = public_interest_test_field()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choose_from(
            self,
            "lead_officer",
            Person.objects.filter(partnership=self.partnership).order_by("name"),
        )

    def layout(self) -> list[Any]:
        return [
            Field.text("title"),
            Field.textarea("summary"),
            Field.select("lead_officer"),
            *EXEMPT_LAYOUT,
        ]


class PaperForm(PartnershipForm):
    title = forms.CharField(
        label="Title", max_length=TITLE, error_messages={"required": "Enter the paper's title"}
    )
    summary = forms.CharField(
        label="Summary (optional)",
        required=False,
        max_length=NOTE,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Printed in the agenda pack",
    )
    file = forms.FileField(
        label="File",
        help_text="PDF, Word (DOC, DOCX, ODT) or spreadsheet (XLS, XLSX, ODS, CSV), up to 20 MB",
        error_messages={"required": "Choose the file to upload", "empty": "The file is empty"},
    )

    def layout(self) -> list[Any]:
        return [Field.text("title"), Field.textarea("summary"), Field("file")]


class AttendanceForm(PartnershipForm):
    person = forms.ModelChoiceField(
        label="Person",
        queryset=Person.objects.none(),
        empty_label="Select a person",
        error_messages={"required": "Select the person", "invalid_choice": "Select a person"},
    )
    status = forms.ChoiceField(
        label="Attendance",
        choices=AttendanceStatus.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether they attended"},
    )
    substitute_for = forms.ModelChoiceField(
        label="Stood in for (substitutes only)",
        queryset=Person.objects.none(),
        required=False,
        empty_label="Nobody",
        error_messages={"invalid_choice": "Select a person from the list"},
    )

    def __init__(self, *args: Any, meeting: Meeting, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        seats = Membership.objects.current(on=meeting.date).filter(body_id=meeting.body_id)
        seated = Person.objects.filter(pk__in=seats.values("person_id"))
        choose_from(self, "person", seated.order_by("name"))
        choose_from(self, "substitute_for", seated.order_by("name"))

    def layout(self) -> list[Any]:
        return [
            Field.select("person"),
            Field.radios("status", legend_size=Size.SMALL),
            Field.select("substitute_for"),
        ]


class DeclarationForm(AttendanceForm):
    interest = forms.CharField(
        label="The interest declared",
        max_length=NOTE,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Describe the interest"},
    )
    bars_participation = forms.BooleanField(
        label="It bars them from the item: they take no part and cannot cast the partner's vote",
        required=False,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["status"]
        del self.fields["substitute_for"]

    def layout(self) -> list[Any]:
        return [
            Field.select("person"),
            Field.textarea("interest"),
            Field.checkbox("bars_participation"),
        ]


class MinutesForm(PartnershipForm):
    minutes = forms.CharField(
        label="Discussion",
        required=False,
        max_length=LONG_TEXT,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="What was said; the decision and each partner's vote are added from the "
        "decision record",
    )
    resolution = forms.CharField(
        label="Resolution (optional)",
        required=False,
        max_length=LONG_TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="What the meeting resolved, printed after the discussion as RESOLVED: …",
    )

    def layout(self) -> list[Any]:
        return [Field.textarea("minutes"), Field.textarea("resolution")]


class MinutesApproveForm(PartnershipForm):
    at_meeting = forms.ModelChoiceField(
        label="Approved at",
        queryset=Meeting.objects.none(),
        empty_label="Select the meeting",
        help_text="A later meeting of the same body that has been held, or is being held today",
        error_messages={
            "required": "Select the meeting that approved the minutes",
            "invalid_choice": "Select a later meeting of the same body from the list",
        },
    )

    def __init__(self, *args: Any, meeting: Meeting, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The body's later meetings, each labelled with its state: the service says why
        # one that is not held (or is in the future) cannot approve them.
        later = (
            Meeting.objects.filter(body=meeting.body, date__gt=meeting.date)
            .exclude(status=MeetingStatus.CANCELLED)
            .select_related("body")
            .order_by("date")
        )
        choose_from(self, "at_meeting", later)
        self.fields["at_meeting"].label_from_instance = (  # type: ignore[attr-defined]
            lambda m: f"{m} ({m.get_status_display().lower()})"
        )

    def layout(self) -> list[Any]:
        return [Field.select("at_meeting")]


class PublishForm(PartnershipForm):
    """Publishing asks for the reason for urgency only when the agenda is late
    (section 100B of the Local Government Act 1972): the view drops the field otherwise."""

    urgency_reason = forms.CharField(
        label="Why the meeting must consider this agenda as urgent",
        required=False,
        max_length=REASON,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Shown on the public agenda, for example: "
        "the grant conditions require a decision before 31 March",
    )

    def __init__(self, *args: Any, late: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not late:
            del self.fields["urgency_reason"]
            self.helper.layout = Layout()

    def layout(self) -> list[Any]:
        return [Field.textarea("urgency_reason")]


class ReasonForm(PartnershipForm):
    """A reason the action records and shows (cancelling a meeting, withdrawing an item)."""

    reason = forms.CharField(
        label="Reason",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=REASON,
        error_messages={"required": "Enter the reason"},
    )

    def __init__(
        self, *args: Any, label: str, missing: str, required: bool = True, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["reason"]
        field.label = label
        field.required = required
        field.error_messages["required"] = missing

    def layout(self) -> list[Any]:
        return [Field.textarea("reason")]


class ItemMoveForm(PartnershipForm):
    number = forms.IntegerField(
        label="New number on the agenda",
        min_value=1,
        error_messages={
            "required": "Enter the item's new number",
            "invalid": "Enter the item's new number as a whole number, like 2",
            "min_value": "Enter a number from 1",
        },
    )

    def layout(self) -> list[Any]:
        return [Field.text("number", field_width=2)]


class PaperChangeForm(PartnershipForm):
    title = PaperForm.base_fields["title"]
    summary = PaperForm.base_fields["summary"]

    def layout(self) -> list[Any]:
        return [Field.text("title"), Field.textarea("summary")]


# The whole body's attendance: the choices for a seat, by whether it is a substitute's.
MEMBER_CHOICES = [
    (AttendanceStatus.PRESENT.value, "Present"),
    (AttendanceStatus.APOLOGIES.value, "Apologies"),
    (AttendanceStatus.ABSENT.value, "Absent"),
]
SUBSTITUTE_CHOICES = [
    ("", "Did not attend"),
    (AttendanceStatus.SUBSTITUTE.value, "Present as substitute"),
    (AttendanceStatus.PRESENT.value, "Present, not standing in"),
    (AttendanceStatus.APOLOGIES.value, "Apologies"),
]


class BodyAttendanceForm(PartnershipForm):
    """Everyone who sat on the body on the meeting date, each with their attendance (a
    substitute with whom they stood in for), and the officers in attendance: one form,
    saved by one service call (``attendance_record_all``)."""

    def __init__(
        self,
        *args: Any,
        meeting: Meeting,
        seats: list[Membership],
        recorded: dict[int, Any],
        officers: list[Person],
        **kwargs: Any,
    ) -> None:
        self.seats = seats
        self.people = {seat.person_id: seat.person for seat in seats}
        self.officer_people = {person.pk: person for person in officers}
        representatives: dict[int | None, list[Person]] = {}
        for seat in seats:
            if seat.role == MembershipRole.VOTING_REPRESENTATIVE:
                representatives.setdefault(seat.partner_id, []).append(seat.person)
        initial = dict(kwargs.pop("initial", None) or {})
        super().__init__(*args, initial=initial, **kwargs)
        for seat in seats:
            person = seat.person
            who = person.name
            if seat.partner and seat.partner.name not in person.name:
                who += f", {seat.partner.name}"
            who += f" ({seat.get_role_display().lower()})"
            row = recorded.get(person.pk)
            if seat.role == MembershipRole.SUBSTITUTE:
                self.fields[f"status_{person.pk}"] = forms.ChoiceField(
                    label=who,
                    choices=SUBSTITUTE_CHOICES,
                    required=False,
                    widget=forms.RadioSelect,
                    initial=row.status if row else "",
                )
                self.fields[f"for_{person.pk}"] = forms.ChoiceField(
                    label=f"Whom {person.name} stood in for",
                    choices=[("", "Select the representative")]
                    + [(str(r.pk), r.name) for r in representatives.get(seat.partner_id, [])],
                    required=False,
                    initial=str(row.substitute_for_id) if row and row.substitute_for_id else "",
                )
            else:
                self.fields[f"status_{person.pk}"] = forms.ChoiceField(
                    label=who,
                    choices=MEMBER_CHOICES,
                    widget=forms.RadioSelect,
                    initial=row.status if row else None,
                    error_messages={"required": f"Select whether {person.name} attended"},
                )
        self.fields["officers"] = forms.MultipleChoiceField(
            label="Officers in attendance",
            required=False,
            choices=[(str(person.pk), person.name) for person in officers],
            widget=forms.CheckboxSelectMultiple,
            initial=[
                str(pk)
                for pk, row in recorded.items()
                if row.status == AttendanceStatus.IN_ATTENDANCE
            ],
            help_text="People attending without a seat on the body, such as the programme "
            "officer or the legal adviser",
        )
        self.helper.layout = Layout(*self.layout())

    def layout(self) -> list[Any]:
        if not hasattr(self, "seats"):
            return []
        fields: list[Any] = []
        for seat in self.seats:
            fields.append(
                Field.radios(f"status_{seat.person_id}", legend_size=Size.SMALL, inline=True)
            )
            if f"for_{seat.person_id}" in self.fields:
                fields.append(Field.select(f"for_{seat.person_id}"))
        fields.append(Field.checkboxes("officers", legend_size=Size.SMALL))
        return fields

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for seat in self.seats:
            pk = seat.person_id
            if seat.role == MembershipRole.SUBSTITUTE:
                standing_in = data.get(f"status_{pk}") == AttendanceStatus.SUBSTITUTE
                if standing_in and not data.get(f"for_{pk}"):
                    self.add_error(f"for_{pk}", f"Select whom {seat.person.name} stood in for")
        return data

    def rows(self) -> list[AttendanceRow]:
        """What the service records: one row per person with an answer."""
        data = self.cleaned_data
        found: list[AttendanceRow] = []
        for seat in self.seats:
            status = data.get(f"status_{seat.person_id}")
            if not status:
                continue
            standing_for = data.get(f"for_{seat.person_id}") or None
            found.append(
                AttendanceRow(
                    person=seat.person,
                    status=status,
                    substitute_for=(
                        self.people.get(int(standing_for))
                        if status == AttendanceStatus.SUBSTITUTE and standing_for
                        else None
                    ),
                )
            )
        return found

    def officers(self) -> list[Person]:
        return [self.officer_people[int(pk)] for pk in self.cleaned_data.get("officers", [])]


class ContributionForm(PartnershipForm):
    """A contribution on an item: written before the meeting by its author, or (with
    ``people``: the non-voting members who may contribute) recorded or minuted by the
    programme team for one of them."""

    person = forms.ModelChoiceField(
        label="Who contributed",
        queryset=Person.objects.none(),
        empty_label="Select a person",
        help_text="Someone with a non-voting seat on the body on the meeting date",
        error_messages={"required": "Select who contributed", "invalid_choice": "Select a person"},
    )
    text = forms.CharField(
        label="Contribution",
        max_length=LONG_TEXT,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="What you want the members to read with this item. It is not a vote: "
        "it appears under the item in the members' pack and in the minutes",
        error_messages={"required": "Enter the contribution"},
    )

    def __init__(self, *args: Any, people: list[Person] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if people is None:
            del self.fields["person"]
        else:
            choose_from(
                self,
                "person",
                Person.objects.filter(pk__in=[person.pk for person in people]).order_by("name"),
            )
            self.fields["text"].help_text = "What they said or wrote on the item, as minuted"

    def layout(self) -> list[Any]:
        return [Field.select(name) if name == "person" else Field.textarea(name)
                for name in self.fields]  # fmt: skip

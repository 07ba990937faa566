"""Forms of the meetings pages: they check input and hand it to one service."""

from typing import Any

from crispy_forms_gds.layout import Field, Size
from django import forms

from accord.governance.models import Body, Membership, Person
from accord.partnerships.web import PartnershipForm, choose_from, date_field

from .exemption import (
    EXEMPT_LAYOUT,
    exempt_paragraph_field,
    exempt_reason_field,
    public_interest_test_field,
)
from .models import AttendanceStatus, Meeting, MeetingStatus


def time_field(label: str, *, required: bool = False) -> forms.TimeField:
    return forms.TimeField(
        label=label,
        required=required,
        input_formats=["%H:%M"],
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
        help_text="Optional: 24-hour clock, for example 10:00",
        error_messages={"invalid": f"Enter the {label.lower()} as hours:minutes, like 10:00"},
    )


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
        max_length=200,
        help_text="Leave empty to use the body's name; for example, Special meeting",
    )
    date = date_field("Date")
    start_time = time_field("Start time")
    end_time = time_field("End time")
    place = forms.CharField(label="Place", required=False, max_length=300)
    online_link = forms.URLField(
        assume_scheme="https",
        label="Online link (optional)",
        required=False,
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
        max_length=200,
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
            Field.text("date", field_width=10),
            Field.text("start_time", field_width=5),
            Field.text("end_time", field_width=5),
            Field.text("place"),
            Field.text("online_link"),
            Field.checkbox("is_public"),
            Field.select("chair"),
            Field.select("clerk"),
            Field.text("clerk_contact"),
        ]


class AgendaItemForm(PartnershipForm):
    title = forms.CharField(
        label="Title", max_length=300, error_messages={"required": "Enter the item's title"}
    )
    summary = forms.CharField(
        label="Summary (optional)", required=False, widget=forms.Textarea(attrs={"rows": 3})
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
        label="Title", max_length=300, error_messages={"required": "Enter the paper's title"}
    )
    summary = forms.CharField(
        label="Summary (optional)",
        required=False,
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
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="What was said; the decision and each partner's vote are added from the "
        "decision record",
    )
    resolution = forms.CharField(
        label="Resolution (optional)",
        required=False,
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

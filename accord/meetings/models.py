"""Meetings of a partnership's bodies: schedule, agenda, papers, attendance, interests, minutes.

Meetings knows nothing of the records discussed at them: the apps built above it link their
records to agenda items themselves, and say what the meeting page, the agenda pack and the
minutes show about them through ``accord.meetings.hooks``.
"""

from django.db import models
from django.db.models import Q

from accord.core.models import TimeStamped
from accord.core.scope import Scope
from accord.governance.models import Body, Partner, Person
from accord.partnerships.models import PartnershipOwned


class MeetingStatus(models.TextChoices):
    """A meeting's life. Source: issue 6 ("scheduled, agenda published, held, minutes
    approved, cancelled"); minutes are approved at the next meeting (seed 004's boards)."""

    SCHEDULED = "scheduled", "Scheduled"
    AGENDA_PUBLISHED = "agenda_published", "Agenda published"
    HELD = "held", "Held"
    MINUTES_APPROVED = "minutes_approved", "Minutes approved"
    CANCELLED = "cancelled", "Cancelled"


# Statuses in which the agenda has been published (members, and the public for public items).
AGENDA_VISIBLE = {
    MeetingStatus.AGENDA_PUBLISHED,
    MeetingStatus.HELD,
    MeetingStatus.MINUTES_APPROVED,
}


class Meeting(PartnershipOwned, TimeStamped):
    """One meeting of a body, on a date, in a place or online."""

    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="meetings")
    title = models.CharField(
        max_length=200,
        blank=True,
        help_text="Leave empty for the body's name, e.g. a special meeting",
    )
    date = models.DateField()
    start_time = models.TimeField(null=True, blank=True, help_text="For example 10:00")
    end_time = models.TimeField(null=True, blank=True)
    place = models.CharField(max_length=300, blank=True)
    online_link = models.URLField(blank=True, help_text="A link to join online, if any")
    is_public = models.BooleanField(
        default=True,
        help_text="Held in public: anyone may read its public items and papers once published",
    )
    status = models.CharField(
        max_length=20, choices=MeetingStatus.choices, default=MeetingStatus.SCHEDULED
    )
    # iCalendar SEQUENCE (RFC 5545, 3.8.7.4): raised whenever date, time, place or status
    # change, so calendars replace their copy of the event instead of adding another.
    sequence = models.PositiveIntegerField(default=0, editable=False)
    minutes_approved_at = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="minutes_approved_of",
        help_text="The later meeting that approved these minutes",
    )

    class Meta:
        ordering = ["date", "start_time"]
        indexes = [models.Index(fields=["body", "date"], name="meeting_body_date")]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_time__isnull=True)
                | Q(start_time__isnull=True)
                | Q(end_time__gt=models.F("start_time")),
                name="meeting_ends_after_it_starts",
                violation_error_message="The meeting cannot end before it starts",
            )
        ]

    def __str__(self) -> str:
        return f"{self.title or self.body.name}, {self.date:%-d %B %Y}"

    @property
    def name(self) -> str:
        return self.title or self.body.name

    @property
    def agenda_is_published(self) -> bool:
        return self.status in AGENDA_VISIBLE

    @property
    def minutes_are_locked(self) -> bool:
        return self.status == MeetingStatus.MINUTES_APPROVED

    @property
    def is_taking_place(self) -> bool:
        """Its agenda is published and it has not been cancelled or concluded: a meeting
        at which business, such as approving earlier minutes, is done."""
        return self.status in {MeetingStatus.AGENDA_PUBLISHED, MeetingStatus.HELD}

    def scope(self) -> Scope:
        """A meeting concerns its body's members; a public one's date and place are
        public, and so is its agenda once published (exempt items aside: the pages and
        documents leave them out for anyone the policy does not let see them)."""
        return Scope(
            self.partnership_id,
            body_id=self.body_id,
            public=self.is_public,
            published=self.is_public and self.agenda_is_published,
        )


class AgendaItem(PartnershipOwned, TimeStamped):
    """One numbered item of a meeting's agenda; its minute is written on the item."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="items")
    number = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=300)
    summary = models.TextField(blank=True, help_text="What the item is about, for the agenda")
    lead_officer = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    is_exempt = models.BooleanField(
        default=False,
        help_text="Exempt (confidential): withheld from the public, papers included",
    )
    exempt_reason = models.CharField(max_length=300, blank=True)
    minutes = models.TextField(blank=True)

    class Meta:
        ordering = ["meeting", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "number"],
                name="agenda_item_number_unique_in_meeting",
                violation_error_message="The agenda already has an item with that number",
            ),
            models.CheckConstraint(
                condition=Q(is_exempt=False) | ~Q(exempt_reason=""),
                name="exempt_item_gives_its_reason",
                violation_error_message="Say why the item is exempt",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"

    def scope(self) -> Scope:
        return self.meeting.scope()


class Paper(PartnershipOwned, TimeStamped):
    """A document tabled with an agenda item. The file lives under PAPERS_DIR with a name
    Accord made (never the uploader's), and is served only through the policy."""

    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="papers")
    title = models.CharField(max_length=300)
    summary = models.TextField(blank=True, help_text="A short summary, printed in the agenda pack")
    original_name = models.CharField(max_length=255)
    stored_name = models.CharField(max_length=80, unique=True, editable=False)
    content_type = models.CharField(max_length=120)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)

    class Meta:
        ordering = ["item", "title"]

    def __str__(self) -> str:
        return self.title

    def scope(self) -> Scope:
        return self.item.scope()


class AttendanceStatus(models.TextChoices):
    """Source: issue 6; the domain's "substitute (acts only with the partner's authority,
    when a representative is absent)"."""

    PRESENT = "present", "Present"
    APOLOGIES = "apologies", "Apologies"
    SUBSTITUTE = "substitute", "Present as substitute"
    ABSENT = "absent", "Absent"


PRESENT_STATUSES = {AttendanceStatus.PRESENT, AttendanceStatus.SUBSTITUTE}


class Attendance(PartnershipOwned, TimeStamped):
    """Whether a person attended a meeting, and for whom."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendances")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="attendances")
    partner = models.ForeignKey(
        Partner,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="The partner they attended for, if any",
    )
    status = models.CharField(max_length=20, choices=AttendanceStatus.choices)
    substitute_for = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="The representative they stood in for",
    )

    class Meta:
        ordering = ["meeting", "partner__name", "person__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "person"],
                name="one_attendance_per_person_per_meeting",
                violation_error_message="Attendance is already recorded for this person",
            ),
            models.CheckConstraint(
                condition=Q(status="substitute") | Q(substitute_for__isnull=True),
                name="only_substitutes_stand_in",
                violation_error_message="Only a substitute stands in for someone",
            ),
        ]


class Declaration(PartnershipOwned, TimeStamped):
    """A declaration of interest on an agenda item. A barring interest means the person
    takes no part in the item and cannot cast the partner's vote (the substitute may)."""

    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="declarations")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="declarations")
    interest = models.TextField()
    bars_participation = models.BooleanField(
        default=False, help_text="The interest bars them from taking part in this item"
    )

    class Meta:
        ordering = ["item", "person__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["item", "person"],
                name="one_declaration_per_person_per_item",
                violation_error_message="This person has already declared an interest on the item",
            )
        ]

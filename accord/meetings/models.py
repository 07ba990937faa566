"""Meetings of a partnership's bodies: schedule, agenda, papers, attendance, interests, minutes.

Meetings knows nothing of the records discussed at them: the apps built above it link their
records to agenda items themselves, and say what the meeting page, the agenda pack and the
minutes show about them through ``accord.meetings.hooks``.
"""

from django.db import models
from django.db.models import Q

from accord.core.dates import validate_plausible_date
from accord.core.models import BoundedTextField, Illustrative, TimeStamped
from accord.core.scope import Scope
from accord.core.text import LONG_TEXT, NOTE, REASON
from accord.governance.models import Body, MembershipRole, Partner, Person
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


class Meeting(PartnershipOwned, TimeStamped, Illustrative):
    """One meeting of a body, on a date, in a place or online."""

    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="meetings")
    title = models.CharField(
        max_length=200,
        blank=True,
        help_text="Leave empty for the body's name, e.g. a special meeting",
    )
    date = models.DateField(validators=[validate_plausible_date])
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
    # Section 100B of the Local Government Act 1972: an agenda published less than five
    # clear days before a public meeting says why the meeting considers it as urgent.
    agenda_published_on = models.DateField(null=True, blank=True, editable=False)
    urgency_reason = BoundedTextField(
        max_length=REASON,
        blank=True,
        help_text="Why the agenda was published less than five clear days before the meeting",
    )
    cancelled_reason = BoundedTextField(
        max_length=REASON, blank=True, help_text="Why the meeting was cancelled"
    )
    # The audit events that published the agenda and approved the minutes, printed on the
    # agenda pack and the minutes: `accord audit verify` checks the trail still carries
    # them (issue 13: a trail rewritten from before them no longer matches).
    agenda_audit_sequence = models.PositiveBigIntegerField(null=True, blank=True, editable=False)
    agenda_audit_hash = models.CharField(max_length=64, blank=True, editable=False)
    minutes_audit_sequence = models.PositiveBigIntegerField(null=True, blank=True, editable=False)
    minutes_audit_hash = models.CharField(max_length=64, blank=True, editable=False)
    minutes_approved_at = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="minutes_approved_of",
        help_text="The later meeting that approved these minutes",
    )
    # Named on the agenda pack and the minutes (issue 14): who chairs the meeting and signs
    # its minutes, and the clerk (the programme officer) to contact about it.
    chair = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="Who chairs the meeting and signs its minutes",
    )
    clerk = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="The clerk or programme officer to contact about the meeting",
    )
    clerk_contact = models.CharField(
        max_length=200,
        blank=True,
        help_text="How to reach the clerk: an e-mail address or telephone number",
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


class ExemptParagraph(models.TextChoices):
    """Why an item is exempt: the descriptions of exempt information in Part 1 of Schedule
    12A to the Local Government Act 1972 (England), paragraphs 1 to 7, each subject to the
    public interest test (para 10); or other grounds, for a partnership body that is not a
    council committee and keeps its own."""

    INDIVIDUAL = "1", "1: information relating to any individual"
    IDENTITY = "2", "2: information likely to reveal the identity of an individual"
    BUSINESS_AFFAIRS = (
        "3",
        (
            "3: information relating to the financial or business affairs of any particular "
            "person (including the authority holding that information)"
        ),
    )
    LABOUR_RELATIONS = (
        "4",
        (
            "4: information relating to any consultations or negotiations, or contemplated "
            "consultations or negotiations, in connection with any labour relations matter "
            "arising between the authority or a Minister of the Crown and employees of, or "
            "office holders under, the authority"
        ),
    )
    LEGAL_PRIVILEGE = (
        "5",
        (
            "5: information in respect of which a claim to legal professional privilege could "
            "be maintained in legal proceedings"
        ),
    )
    NOTICE_OR_ORDER = (
        "6",
        (
            "6: information which reveals that the authority proposes (a) to give under any "
            "enactment a notice under or by virtue of which requirements are imposed on a "
            "person, or (b) to make an order or direction under any enactment"
        ),
    )
    CRIME = (
        "7",
        (
            "7: information relating to any action taken or to be taken in connection with the "
            "prevention, investigation or prosecution of crime"
        ),
    )
    OTHER = "other", "Other grounds (a partnership body that is not a council committee)"


# The paragraphs of Schedule 12A, to which the public interest test applies.
SCHEDULE_12A = frozenset(ExemptParagraph.values) - {ExemptParagraph.OTHER}


class AgendaItem(PartnershipOwned, TimeStamped):
    """One numbered item of a meeting's agenda; its minute is written on the item."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="items")
    number = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=300)
    summary = BoundedTextField(
        max_length=LONG_TEXT, blank=True, help_text="What the item is about, for the agenda"
    )
    lead_officer = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    is_exempt = models.BooleanField(
        default=False,
        help_text="Exempt (confidential): withheld from the public, papers included",
    )
    exempt_paragraph = models.CharField(
        max_length=10,
        choices=ExemptParagraph.choices,
        blank=True,
        help_text="The paragraph of Schedule 12A (or other grounds) that makes it exempt",
    )
    exempt_reason = models.CharField(
        max_length=300, blank=True, help_text="The other grounds, or more on the paragraph"
    )
    public_interest_test = BoundedTextField(
        max_length=NOTE,
        blank=True,
        help_text="Why the public interest in withholding outweighs the public interest in "
        "disclosing it",
    )
    minutes = BoundedTextField(
        max_length=LONG_TEXT, blank=True, help_text="The discussion, as the minutes record it"
    )
    resolution = BoundedTextField(
        max_length=LONG_TEXT,
        blank=True,
        help_text="What the meeting resolved on the item, in its own words",
    )
    # An item withdrawn after the agenda was published keeps its number, marked withdrawn
    # with the reason (before publication it is simply taken off the agenda).
    withdrawn_on = models.DateField(null=True, blank=True)
    withdrawn_reason = BoundedTextField(max_length=REASON, blank=True)

    class Meta:
        ordering = ["meeting", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "number"],
                name="agenda_item_number_unique_in_meeting",
                violation_error_message="The agenda already has an item with that number",
            ),
            models.CheckConstraint(
                condition=Q(is_exempt=False, exempt_paragraph="")
                | Q(is_exempt=True) & ~Q(exempt_paragraph=""),
                name="exempt_item_gives_its_paragraph",
                violation_error_message="Choose why the item is exempt",
            ),
            models.CheckConstraint(
                condition=~Q(exempt_paragraph="other") | ~Q(exempt_reason=""),
                name="exempt_item_on_other_grounds_says_them",
                violation_error_message="Say on what other grounds the item is exempt",
            ),
            models.CheckConstraint(
                condition=Q(exempt_paragraph__in=["", "other"]) | ~Q(public_interest_test=""),
                name="exempt_item_records_the_public_interest_test",
                violation_error_message="Say why the public interest in withholding the item "
                "outweighs the public interest in disclosing it",
            ),
            models.CheckConstraint(
                condition=Q(withdrawn_on__isnull=True) | ~Q(withdrawn_reason=""),
                name="withdrawn_item_gives_its_reason",
                violation_error_message="Say why the item is withdrawn",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"

    @property
    def exempt_ground(self) -> str:
        """Why it is withheld, as the public reads it: "paragraph 3 of Schedule 12A", or
        the other grounds in the body's own words ("" when it is not exempt)."""
        if not self.is_exempt:
            return ""
        if self.exempt_paragraph in SCHEDULE_12A:
            return f"paragraph {self.exempt_paragraph} of Schedule 12A"
        return self.exempt_reason

    @property
    def placeholder(self) -> str:
        """The line the public reads in the exempt item's place, so the numbering has no
        gap: "Item 2: exempt, not for publication, paragraph 3 of Schedule 12A"."""
        if self.exempt_paragraph in SCHEDULE_12A:
            return f"Item {self.number}: exempt, not for publication, {self.exempt_ground}"
        return f"Item {self.number}: exempt, not for publication ({self.exempt_ground})"

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_on is not None

    def scope(self) -> Scope:
        return self.meeting.scope()


class Paper(PartnershipOwned, TimeStamped):
    """A document tabled with an agenda item. The file lives under PAPERS_DIR with a name
    Accord made (never the uploader's), and is served only through the policy."""

    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="papers")
    title = models.CharField(max_length=300)
    summary = BoundedTextField(
        max_length=NOTE, blank=True, help_text="A short summary, printed in the agenda pack"
    )
    original_name = models.CharField(max_length=255)
    stored_name = models.CharField(max_length=80, unique=True, editable=False)
    content_type = models.CharField(max_length=120)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    # A paper withdrawn after the agenda was published stays listed, marked withdrawn with
    # the reason, and is no longer served (before publication it is simply removed).
    withdrawn_on = models.DateField(null=True, blank=True)
    withdrawn_reason = BoundedTextField(max_length=REASON, blank=True)

    class Meta:
        ordering = ["item", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(withdrawn_on__isnull=True) | ~Q(withdrawn_reason=""),
                name="withdrawn_paper_gives_its_reason",
                violation_error_message="Say why the paper is withdrawn",
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_on is not None

    def scope(self) -> Scope:
        return self.item.scope()


class AttendanceStatus(models.TextChoices):
    """Source: issue 6; the domain's "substitute (acts only with the partner's authority,
    when a representative is absent)"."""

    PRESENT = "present", "Present"
    APOLOGIES = "apologies", "Apologies"
    SUBSTITUTE = "substitute", "Present as substitute"
    ABSENT = "absent", "Absent"
    # Officers (and advisers) who attend without a seat: "officers in attendance" (issue 14).
    IN_ATTENDANCE = "in_attendance", "In attendance (officer)"


PRESENT_STATUSES = {AttendanceStatus.PRESENT, AttendanceStatus.SUBSTITUTE}


class Attendance(PartnershipOwned, TimeStamped, Illustrative):
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
    interest = BoundedTextField(max_length=NOTE)
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


class ContributionKind(models.TextChoices):
    """How a non-voting participant's contribution reached the meeting. Source: seed 000,
    para 22 ("processes can be put in place to ensure that providers and service users
    attend and contribute as and when they wish to", "on a no vote basis")."""

    WRITTEN = "written", "Written, before the meeting"
    SPOKEN = "spoken", "Spoken at the meeting"


class Contribution(PartnershipOwned, TimeStamped, Illustrative):
    """What a non-voting participant (a service user or provider representative, a co-opted
    adviser, an observer) said on an agenda item: written before the meeting, or spoken at
    it and minuted by the clerk. It is not a vote and decides nothing; it is read with the
    item in the members' pack and the minutes, and is exempt when its item is."""

    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="contributions")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="contributions")
    # The seat they held on the body on the meeting date, kept as it was then: the documents
    # say in what capacity they spoke ("Service user representative").
    role = models.CharField(max_length=40, choices=MembershipRole.choices)
    kind = models.CharField(max_length=10, choices=ContributionKind.choices)
    text = BoundedTextField(max_length=LONG_TEXT)

    class Meta:
        ordering = ["item", "created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=ContributionKind.values),
                name="contribution_kind_known",
                violation_error_message="A contribution is written or spoken",
            ),
            models.CheckConstraint(
                condition=~Q(role__in=["voting_representative", "substitute", "officer"]),
                name="contribution_from_a_non_voting_seat",
                violation_error_message="Contributions come from people without a vote",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} contribution by {self.person} on {self.item}"

    @property
    def is_written(self) -> bool:
        return self.kind == ContributionKind.WRITTEN

    @property
    def by(self) -> str:
        """Who contributed, as the documents and the public read it: the name and the seat
        ("Provider Representative, Core Strategy Group (Provider representative)"); a
        service user representative by their seat alone unless they agreed to be named
        (as published attendance names them)."""
        role = MembershipRole(self.role).label
        if self.role == MembershipRole.SERVICE_USER_REPRESENTATIVE and not (
            self.person.agreed_to_be_named
        ):
            return role
        return f"{self.person.name} ({role.lower()})"

    def scope(self) -> Scope:
        return self.item.scope()

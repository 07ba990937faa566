"""Reads of meetings: agendas, papers, attendance and quorum, the forward plan.

Selectors take facts, not people: what the reader may see (``Access``) is the policy's
answer, which the view or API operation asks for (``accord.meetings.access``) and passes in.
"""

import datetime
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet

from accord.audit.selectors import ChainHead, Quote
from accord.core.models import IllustrativeLine
from accord.governance.models import Body, Membership, MembershipRole, Person
from accord.governance.selectors import (
    VotingUnit,
    body_rule_in_force,
    service_users_vote,
    voting_units,
)
from accord.partnerships.models import Partnership
from accord.rules import RuleError, parse_rule

from .models import (
    AGENDA_VISIBLE,
    PRESENT_STATUSES,
    AgendaItem,
    Attendance,
    Contribution,
    Declaration,
    Meeting,
    MeetingStatus,
    Paper,
)


@dataclass(frozen=True)
class Access:
    """What one reader may see of a partnership's meetings, as the policy answered it.

    ``private``: private meetings and the register's details, such as attendance (the
    partnership's members and programme team). ``unpublished``: agendas before they are
    published (the programme team). ``exempt``: the policy's answer, asked body by body
    as a list comes to each, whether the reader sees a body's exempt items (its members
    and the programme team).
    """

    private: bool
    unpublished: bool
    exempt: Callable[[int], bool]

    def sees_exempt(self, meeting: Meeting) -> bool:
        return self.exempt(meeting.body_id)

    def sees_agenda(self, meeting: Meeting) -> bool:
        """The reader sees this meeting's agenda now (given they may see the meeting)."""
        return self.unpublished or meeting.status in AGENDA_VISIBLE


def meetings_visible(
    partnership: Partnership, *, private_too: bool, body: Body | None = None
) -> QuerySet[Meeting]:
    """The partnership's meetings (of one body, if given): all of them for its members and
    programme team (``private_too``), the public meetings for everyone else."""
    meetings = Meeting.objects.filter(partnership=partnership).select_related("body")
    if body is not None:
        meetings = meetings.filter(body=body)
    if not private_too:
        meetings = meetings.filter(is_public=True)
    return meetings


def meeting_items(meeting: Meeting, *, exempt_too: bool) -> list[AgendaItem]:
    """The agenda with each item's papers, declarations and lead officer; exempt items only
    with ``exempt_too``. Whether the reader sees the agenda at all is the caller's question
    (``Access.sees_agenda``)."""
    items = (
        AgendaItem.objects.filter(meeting=meeting)
        .select_related("lead_officer")
        .prefetch_related(
            Prefetch("papers", queryset=Paper.objects.order_by("title")),
            Prefetch("declarations", queryset=Declaration.objects.select_related("person")),
            Prefetch("contributions", queryset=Contribution.objects.select_related("person")),
        )
        .order_by("number")
    )
    if not exempt_too:
        items = items.filter(is_exempt=False)
    items_list = list(items)
    for item in items_list:
        item.meeting = meeting  # already known: the items' scope and templates read it
    return items_list


def paper_get(partnership: Partnership, *, pk: int) -> Paper | None:
    """One of the partnership's papers with its item and meeting, or None."""
    return (
        Paper.objects.select_related("item__meeting__body")
        .filter(partnership=partnership, pk=pk)
        .first()
    )


def paper_visible(paper: Paper, access: Access) -> bool:
    """Whether the reader sees the paper: its meeting's agenda is open to them and its item
    is not exempt, or they see that body's exempt items."""
    meeting = paper.item.meeting
    if not access.sees_agenda(meeting):
        return False
    return not paper.item.is_exempt or access.sees_exempt(meeting)


@dataclass(frozen=True)
class QuorumState:
    """Attendance measured against the quorum of the constitution in force that day."""

    units: list[VotingUnit]
    present: list[VotingUnit]
    unrepresented: list[VotingUnit]
    required: int | None  # None: the constitution sets no quorum for the body
    rule_text: str

    @property
    def quorate(self) -> bool:
        if self.required is None:
            return bool(self.present)
        return len(self.present) >= self.required


def meeting_attendance(meeting: Meeting) -> list[Attendance]:
    return list(
        meeting.attendances.select_related("person", "partner", "substitute_for").order_by(
            "partner__name", "person__name"
        )
    )


def attendance_get(meeting: Meeting, *, person_id: int) -> Attendance | None:
    """One person's recorded attendance at the meeting, or None."""
    return (
        meeting.attendances.select_related("person", "partner", "substitute_for")
        .filter(person_id=person_id)
        .first()
    )


def meeting_quorum(meeting: Meeting, attendance: list[Attendance]) -> QuorumState:
    body_rule = body_rule_in_force(meeting.body, on=meeting.date)
    units = voting_units(meeting.body, on=meeting.date, users_vote=service_users_vote(body_rule))
    attending = {a.person_id for a in attendance if a.status in PRESENT_STATUSES}
    present = [u for u in units if attending & set(u.representatives + u.substitutes)]
    unrepresented = [u for u in units if u not in present]
    required: int | None = None
    rule_text = "No constitution in force sets a rule for this body."
    if body_rule is not None:
        try:
            rule = parse_rule(body_rule.decision_rule)
        except RuleError:
            rule = None
        if rule is not None:
            rule_text = rule.describe()
            if rule.quorum is not None:
                required = rule.quorum.required(len(units))
    return QuorumState(units, present, unrepresented, required, rule_text)


def forward_plan(
    partnership: Partnership, *, today: datetime.date, access: Access, body: Body | None = None
) -> Sequence[Meeting]:
    """Future meetings, each with ``visible``: the agenda items the reader may see now
    (none before publication except for the programme team; exempt ones only for the body's
    members and the team), and ``withheld``: the exempt items of a published agenda the
    reader may not see, read only for their number and grounds so that each can stand as
    its placeholder (their titles are never read); in one query for all of them."""
    meetings = (
        meetings_visible(partnership, private_too=access.private, body=body)
        .filter(date__gte=today)
        .exclude(status=MeetingStatus.CANCELLED)
        .order_by("date", "start_time")
    )
    if not access.private:  # the public learns of a meeting's business once it is published
        meetings = meetings.filter(status__in=AGENDA_VISIBLE)
    # What the plan reads of an item: no more than a withheld item's placeholder needs, never
    # a title (what each item is expected to decide comes from the hooks).
    items = AgendaItem.objects.order_by("number").only(*WITHHELD_FIELDS)
    plan = list(meetings.prefetch_related(Prefetch("items", queryset=items, to_attr="visible")))
    for meeting in plan:
        visible: list[AgendaItem] = meeting.visible
        withheld: list[AgendaItem] = []
        if not access.sees_agenda(meeting):
            visible = []
        elif not access.sees_exempt(meeting):
            withheld = [item for item in visible if item.is_exempt]
            visible = [item for item in visible if not item.is_exempt]
        for item in (*visible, *withheld):
            item.meeting = meeting
        meeting.visible = visible
        meeting.withheld = withheld  # type: ignore[attr-defined]
    return plan


def withheld_items(meeting: Meeting, *, public: bool) -> list[AgendaItem]:
    """The exempt items the public version leaves out (none for members), read only for
    their number and grounds: each stands in the agenda as its ``placeholder``, so the
    numbering has no gap ("Item 2: exempt, not for publication, paragraph 3 of Schedule
    12A"). Their title, summary, papers and minute are never read here."""
    if not public:
        return []
    withheld = (
        AgendaItem.objects.filter(meeting=meeting, is_exempt=True)
        .only(*WITHHELD_FIELDS)
        .order_by("number")
    )
    return list(withheld)


# What is read of an exempt item withheld from the reader: enough for its placeholder.
WITHHELD_FIELDS = (
    "id",
    "partnership_id",
    "meeting_id",
    "number",
    "is_exempt",
    "exempt_paragraph",
    "exempt_reason",
    "public_interest_test",
)


def withheld_numbers(meeting: Meeting, *, public: bool) -> list[int]:
    """The numbers of the exempt items the public version leaves out (none for members)."""
    return [item.number for item in withheld_items(meeting, public=public)]


@dataclass(frozen=True)
class AgendaLine:
    """One numbered line of an agenda as a reader sees it: the item, or (withheld from
    them) the exempt item's placeholder and the public interest test it was withheld on."""

    number: int
    item: AgendaItem | None = None
    placeholder: str = ""
    public_interest_test: str = ""

    @property
    def withheld(self) -> bool:
        return self.item is None


def agenda_lines(items: Sequence[AgendaItem], withheld: Sequence[AgendaItem]) -> list[AgendaLine]:
    """The items a reader sees and the placeholders of those withheld, in number order."""
    lines = [AgendaLine(item.number, item=item) for item in items]
    lines += [
        AgendaLine(
            item.number,
            placeholder=item.placeholder,
            public_interest_test=item.public_interest_test,
        )
        for item in withheld
        if item.number not in {line.number for line in lines}
    ]
    return sorted(lines, key=lambda line: line.number)


@dataclass(frozen=True)
class PublicAttendance(IllustrativeLine):
    """One line of attendance as it is published once the minutes are approved: members
    by role and organisation; a service user representative by role only, unless they
    agreed to be named. ``illustrative`` names its values the source documents do not give
    (``name``, ``organisation``, ``status``)."""

    name: str
    role: str
    organisation: str
    status: str
    role_code: str = ""
    status_code: str = ""
    illustrative: tuple[str, ...] = ()


def attendance_published(
    meeting: Meeting, attendance: Sequence[Attendance]
) -> list[PublicAttendance]:
    """The meeting's attendance as the public reads it (one query for the seats held on the
    day, whatever the number of people). The register names members by role title ("Lead
    Member, Cherwell District Council"); a service user representative's name is replaced
    by their role unless ``agreed_to_be_named``."""
    roles: dict[int, str] = {}
    seats = Membership.objects.current(on=meeting.date).filter(
        body_id=meeting.body_id, person_id__in=[row.person_id for row in attendance]
    )
    for seat in seats.order_by("start_date"):
        roles.setdefault(seat.person_id, seat.role)
    published = []
    for row in attendance:
        role = roles.get(row.person_id, "")
        anonymous = (
            role == MembershipRole.SERVICE_USER_REPRESENTATIVE and not row.person.agreed_to_be_named
        )
        status = row.get_status_display()
        if row.substitute_for is not None:
            status = f"{status} for {row.substitute_for.name}"
        marked = (
            ("name", not anonymous and row.person.is_illustrative("name")),
            ("organisation", row.partner is not None and row.partner.is_illustrative("name")),
            # the status in words names whom a substitute stood in for
            (
                "status",
                row.is_illustrative("status")
                or (row.substitute_for is not None and row.substitute_for.is_illustrative("name")),
            ),
        )
        published.append(
            PublicAttendance(
                name="" if anonymous else row.person.name,
                role=MembershipRole(role).label if role else "",
                organisation=row.partner.name if row.partner else "",
                status=status,
                role_code=role,
                status_code=row.status,
                illustrative=tuple(field for field, illustrative in marked if illustrative),
            )
        )
    return published


def agendas_visible(meetings: list[Meeting], *, access: Access) -> dict[int, list[AgendaLine]]:
    """The published agendas of the meetings (which the reader may see) as numbered lines,
    in two queries: the items the reader sees (exempt ones only where ``access`` allows
    them), and the exempt items withheld from them, read only for their number and grounds
    so that each stands as its placeholder (``withheld_items``: never their title)."""
    published = [m for m in meetings if m.agenda_is_published]
    with_exempt = [m.pk for m in published if access.sees_exempt(m)]
    ids = [m.pk for m in published]
    items: dict[int, list[AgendaItem]] = {pk: [] for pk in ids}
    withheld: dict[int, list[AgendaItem]] = {pk: [] for pk in ids}
    seen = AgendaItem.objects.filter(meeting__in=ids).filter(
        Q(is_exempt=False) | Q(meeting__in=with_exempt)
    )
    for item in seen.order_by("meeting", "number"):
        items[item.meeting_id].append(item)
    hidden = (
        AgendaItem.objects.filter(meeting__in=ids, is_exempt=True)
        .exclude(meeting__in=with_exempt)
        .only(*WITHHELD_FIELDS)
    )
    for item in hidden.order_by("meeting", "number"):
        withheld[item.meeting_id].append(item)
    return {pk: agenda_lines(items[pk], withheld[pk]) for pk in ids}


def first_minute_number(meeting: Meeting) -> int:
    """The number of the meeting's first minute: minutes run through the body's calendar
    year (a clerk's "4/2010"), three standard minutes (apologies, declarations, the last
    meeting's minutes) and one per agenda item for each earlier meeting not cancelled. One
    query."""
    earlier = (
        Meeting.objects.filter(body_id=meeting.body_id, date__year=meeting.date.year)
        .filter(Q(date__lt=meeting.date) | Q(date=meeting.date, pk__lt=meeting.pk))
        .exclude(status=MeetingStatus.CANCELLED)
        .aggregate(meetings=Count("id", distinct=True), items=Count("items"))
    )
    return 1 + 3 * earlier["meetings"] + earlier["items"]


def previous_meeting(meeting: Meeting) -> Meeting | None:
    """The body's last meeting held before this one, whose minutes come next (or None)."""
    return (
        Meeting.objects.filter(
            body_id=meeting.body_id,
            date__lt=meeting.date,
            status__in=[MeetingStatus.HELD, MeetingStatus.MINUTES_APPROVED],
        )
        .order_by("-date", "-pk")
        .first()
    )


def minutes_approved_here(meeting: Meeting) -> list[Meeting]:
    """The earlier meetings whose minutes were approved at this one."""
    return list(meeting.minutes_approved_of.order_by("date"))


def officer_ids(meeting: Meeting) -> set[int]:
    """The people who sat on the body as officers on the meeting date (the minutes list
    them as officers in attendance, not as members present)."""
    seats = Membership.objects.current(on=meeting.date).filter(
        body_id=meeting.body_id, role=MembershipRole.OFFICER
    )
    return set(seats.values_list("person_id", flat=True))


# Roles whose holders on any of the partnership's bodies are offered as officers in
# attendance at a meeting of another body (the programme officer, the legal adviser).
OFFICER_ROLES = (MembershipRole.OFFICER, MembershipRole.ADVISER)


def attendance_register(
    meeting: Meeting,
) -> tuple[list[Membership], dict[int, Attendance], list[Person]]:
    """What the whole-body attendance form shows, in three queries: the seats on the body
    on the meeting date (one per person), the attendance recorded so far by person, and the
    people who may be recorded as officers in attendance."""
    seats: dict[int, Membership] = {}
    for seat in (
        Membership.objects.current(on=meeting.date)
        .filter(body_id=meeting.body_id)
        .select_related("person", "partner")
        .order_by("partner__name", "role", "person__name")
    ):
        seats.setdefault(seat.person_id, seat)
    recorded = {
        row.person_id: row
        for row in Attendance.objects.filter(meeting=meeting).select_related("substitute_for")
    }
    officer_seats = Membership.objects.current(on=meeting.date).filter(
        partnership_id=meeting.partnership_id, role__in=OFFICER_ROLES
    )
    officers = (
        Person.objects.filter(partnership_id=meeting.partnership_id)
        .filter(
            Q(pk__in=officer_seats.values("person_id"))
            | Q(pk__in=[pk for pk, row in recorded.items() if row.status == "in_attendance"])
        )
        .exclude(pk__in=list(seats))
        .order_by("name")
    )
    return list(seats.values()), recorded, list(officers)


def meeting_quotes() -> Iterator[Quote]:
    """Each agenda pack's and approved minutes' quote of the audit event that published
    them (``services.quotes``), for `accord audit verify`."""
    rows = Meeting.objects.filter(
        Q(agenda_audit_sequence__isnull=False) | Q(minutes_audit_sequence__isnull=False)
    ).values_list(
        "pk",
        "agenda_audit_sequence",
        "agenda_audit_hash",
        "minutes_audit_sequence",
        "minutes_audit_hash",
    )
    for pk, agenda_sequence, agenda_hash, minutes_sequence, minutes_hash in rows.iterator(
        chunk_size=2000
    ):
        if agenda_sequence is not None:
            yield Quote(f"the agenda of meeting {pk}", ChainHead(agenda_sequence, agenda_hash))
        if minutes_sequence is not None:
            yield Quote(f"the minutes of meeting {pk}", ChainHead(minutes_sequence, minutes_hash))

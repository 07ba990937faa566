"""Reads of meetings: what each person may see, attendance and quorum, the forward plan."""

import datetime
from collections.abc import Sequence
from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Prefetch, Q, QuerySet

from accord.governance.models import Body, Partnership
from accord.governance.selectors import (
    VotingUnit,
    body_rule_in_force,
    service_users_vote,
    voting_units,
)
from accord.policy import may
from accord.rules import RuleError, parse_rule

from .models import (
    AGENDA_VISIBLE,
    PRESENT_STATUSES,
    AgendaItem,
    Attendance,
    Declaration,
    Meeting,
    MeetingStatus,
    Paper,
)

User = AbstractBaseUser | AnonymousUser


def meetings_visible(
    user: User, partnership: Partnership, *, on: datetime.date, body: Body | None = None
) -> QuerySet[Meeting]:
    """Meetings the user may see: all of them for the partnership's members and programme
    team, the public meetings for everyone else."""
    meetings = Meeting.objects.filter(partnership=partnership).select_related("body")
    if body is not None:
        meetings = meetings.filter(body=body)
    if not may(user, "register.view", partnership, on=on):
        meetings = meetings.filter(is_public=True)
    return meetings


def meeting_items(meeting: Meeting, user: User, *, on: datetime.date) -> list[AgendaItem]:
    """The agenda as this person may see it: nothing before publication except for the
    programme team; exempt items only for the body's members and the programme team."""
    if not may(user, "meeting.view_agenda", meeting, on=on) and not may(
        user, "meeting.change", meeting, on=on
    ):
        return []
    if meeting.status not in AGENDA_VISIBLE and not may(user, "meeting.change", meeting, on=on):
        return []
    items = (
        AgendaItem.objects.filter(meeting=meeting)
        .select_related("proposal", "lead_officer")
        .prefetch_related(
            Prefetch("papers", queryset=Paper.objects.order_by("title")),
            Prefetch("declarations", queryset=Declaration.objects.select_related("person")),
            "ballots",
        )
        .order_by("number")
    )
    if not may(user, "meeting.view_exempt", meeting, on=on):
        items = items.filter(is_exempt=False)
    return list(items)


def paper_visible(paper: Paper, user: User, *, on: datetime.date) -> bool:
    meeting = paper.item.meeting
    if may(user, "meeting.change", meeting, on=on):
        return True
    if meeting.status not in AGENDA_VISIBLE or not may(user, "meeting.view_agenda", meeting, on=on):
        return False
    return not paper.item.is_exempt or may(user, "meeting.view_exempt", meeting, on=on)


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
    partnership: Partnership, user: User, *, today: datetime.date, body: Body | None = None
) -> Sequence[Meeting]:
    """Future meetings with the decisions expected at each: items that concern a proposal."""
    meetings = (
        meetings_visible(user, partnership, on=today, body=body)
        .filter(date__gte=today)
        .exclude(status=MeetingStatus.CANCELLED)
        .order_by("date", "start_time")
    )
    expected = AgendaItem.objects.filter(proposal__isnull=False).select_related("proposal")
    if not may(user, "register.view", partnership, on=today):
        expected = expected.filter(is_exempt=False)
        meetings = meetings.filter(Q(status__in=AGENDA_VISIBLE))
    plan = list(meetings.prefetch_related(Prefetch("items", queryset=expected, to_attr="expected")))
    # The same rules as the agenda itself (meeting_items): before publication only the
    # programme team sees the items; exempt ones only the body's members and the team.
    for meeting in plan:
        if may(user, "meeting.change", meeting, on=today):
            continue
        if meeting.status not in AGENDA_VISIBLE:
            meeting.expected = []
        elif not may(user, "meeting.view_exempt", meeting, on=today):
            meeting.expected = [i for i in meeting.expected if not i.is_exempt]
    return plan


def withheld_numbers(meeting: Meeting, *, public: bool) -> list[int]:
    """The numbers of the exempt items the public version leaves out (none for members)."""
    if not public:
        return []
    return list(meeting.items.filter(is_exempt=True).values_list("number", flat=True))


def agendas_visible(
    user: User, meetings: list[Meeting], *, on: datetime.date
) -> dict[int, list[AgendaItem]]:
    """The published agendas of the meetings, as the user may see them, in one query:
    exempt items only where the policy allows (the body's members, the programme team)."""
    published = [
        m for m in meetings if m.agenda_is_published and may(user, "meeting.view_agenda", m, on=on)
    ]
    with_exempt = [m.pk for m in published if may(user, "meeting.view_exempt", m, on=on)]
    agendas: dict[int, list[AgendaItem]] = {m.pk: [] for m in published}
    items = AgendaItem.objects.filter(meeting__in=[m.pk for m in published]).filter(
        Q(is_exempt=False) | Q(meeting__in=with_exempt)
    )
    for item in items.order_by("meeting", "number"):
        agendas[item.meeting_id].append(item)
    return agendas

"""What meetings adds to a person's work (``accord.core.work``): the meetings of their
bodies in the next 30 days with their packs, the minutes awaiting approval, and for the
programme team what needs doing next on each meeting.

The next steps come from the meeting's lifecycle table (``accord.rules.lifecycle.MEETING``):
the steps it offers in the meeting's state whose guard holds, of those that are work to be
done (``DUE``: publishing is due while scheduled, minutes while any item has none). Apps
above meetings add their own steps (decisions: close an open vote) through ``register_steps``,
as they add what an agenda item is about through ``accord.meetings.hooks``.
"""

import datetime
from collections.abc import Callable, Collection, Mapping, Sequence
from typing import Protocol

from django.db.models import Q
from django.urls import reverse

from accord import policy
from accord.core.work import Link, User, WorkItem, WorkList
from accord.rules.lifecycle import MEETING

from .models import AgendaItem, Attendance, Meeting, MeetingStatus

AHEAD = datetime.timedelta(days=30)

# The lifecycle's steps that are work to do, and when they are due given the meeting's
# facts; the table says whether each is possible in the state and its guard holds.
DUE: dict[str, Callable[[Collection[str]], bool]] = {
    "publish": lambda facts: True,
    "record_attendance": lambda facts: "date_reached" in facts and "attendance_missing" in facts,
    "hold": lambda facts: True,
    "write_minutes": lambda facts: "minutes_missing" in facts,
    "approve_minutes": lambda facts: True,
}


class StepSource(Protocol):
    def steps(self, meetings: Sequence[Meeting], *, on: datetime.date) -> Mapping[int, list[Link]]:
        """Further steps due on these meetings, by meeting id, in a constant number of queries."""
        ...


STEP_SOURCES: list[StepSource] = []


def register_steps(source: StepSource) -> None:
    if any(type(existing) is type(source) for existing in STEP_SOURCES):
        raise ValueError(f"{type(source).__name__} is already registered")
    STEP_SOURCES.append(source)


def meeting_url(meeting: Meeting) -> str:
    return reverse("meetings:meeting-detail", args=[meeting.partnership.slug, meeting.pk])


def when(meeting: Meeting) -> str:
    time = f", {meeting.start_time:%H:%M}" if meeting.start_time else ""
    place = f", {meeting.place}" if meeting.place else ""
    return f"{meeting.date:%A %-d %B %Y}{time}{place} ({meeting.get_status_display().lower()})"


def next_steps(meetings: Sequence[Meeting], *, on: datetime.date) -> dict[int, list[Link]]:
    """What needs doing next on each meeting, by id (three queries, and each source's)."""
    ids = [meeting.pk for meeting in meetings]
    attended = set(
        Attendance.objects.filter(meeting_id__in=ids)
        .order_by()
        .values_list("meeting_id", flat=True)
    )
    unminuted = set(
        AgendaItem.objects.filter(meeting_id__in=ids, minutes="")
        .order_by()
        .values_list("meeting_id", flat=True)
    )
    steps: dict[int, list[Link]] = {}
    for meeting in meetings:
        facts = {
            *(["date_reached"] if meeting.date <= on else []),
            *([] if meeting.pk in attended else ["attendance_missing"]),
            *(["minutes_missing"] if meeting.pk in unminuted else []),
        }
        url = meeting_url(meeting)
        steps[meeting.pk] = [
            Link(row.label, url)
            for row, holds in MEETING.available(meeting.status, facts)
            if holds and row.trigger in DUE and DUE[row.trigger](facts)
        ]
    for source in STEP_SOURCES:
        for meeting_id, found in source.steps(meetings, on=on).items():
            steps.setdefault(meeting_id, []).extend(found)
    return steps


def pack_links(meeting: Meeting) -> list[Link]:
    slug = meeting.partnership.slug
    links = []
    if meeting.agenda_is_published:
        links.append(
            Link("Agenda pack (PDF)", reverse("meetings:agenda-pack", args=[slug, meeting.pk]))
        )
    if meeting.status in {MeetingStatus.HELD, MeetingStatus.MINUTES_APPROVED}:
        links.append(
            Link("Minutes (PDF)", reverse("meetings:minutes-pdf", args=[slug, meeting.pk]))
        )
    return links


class MeetingWork:
    """Three queries for the lists (coming up, awaiting approval, the team's meetings) and
    those of the next steps."""

    def lists(self, user: User, *, on: datetime.date) -> Sequence[WorkList]:
        bodies = policy.member_body_ids(user, on=on)
        teams = policy.administered_partnership_ids(user, on=on)
        if not bodies and not teams:
            return []
        mine = Q(body_id__in=bodies) | Q(partnership_id__in=teams)
        meetings = Meeting.objects.select_related("body", "partnership").order_by(
            "date", "start_time", "pk"
        )
        coming = list(
            meetings.filter(mine, date__gte=on, date__lte=on + AHEAD).exclude(
                status=MeetingStatus.CANCELLED
            )
        )
        awaiting = list(meetings.filter(mine, status=MeetingStatus.HELD))
        lists = [
            WorkList(
                "meetings",
                "Meetings in the next 30 days",
                20,
                [WorkItem(f"{m.name}", meeting_url(m), when(m), pack_links(m)) for m in coming],
                empty="No meetings of your bodies in the next 30 days.",
            ),
            WorkList(
                "minutes",
                "Minutes awaiting approval",
                40,
                [
                    WorkItem(
                        m.name,
                        meeting_url(m),
                        f"Held on {m.date:%-d %B %Y}; approved at a later meeting of {m.body.name}",
                        pack_links(m),
                    )
                    for m in awaiting
                ],
            ),
        ]
        if teams:
            open_ = list(
                meetings.filter(
                    partnership_id__in=teams,
                    status__in=[
                        MeetingStatus.SCHEDULED,
                        MeetingStatus.AGENDA_PUBLISHED,
                        MeetingStatus.HELD,
                    ],
                    date__lte=on + AHEAD,
                )
            )
            steps = next_steps(open_, on=on)
            lists.append(
                WorkList(
                    "next-steps",
                    "What needs doing next",
                    5,
                    [
                        WorkItem(m.name, meeting_url(m), when(m), steps[m.pk])
                        for m in open_
                        if steps.get(m.pk)
                    ],
                    empty="Nothing is due on the meetings of the next 30 days.",
                )
            )
        return lists

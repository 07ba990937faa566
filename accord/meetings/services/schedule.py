"""Scheduling meetings and moving them through their life (``accord.rules.lifecycle.MEETING``)."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accord.audit.services import Actor, audited, save_audited
from accord.calendar.working_days import WorkingDays
from accord.core.errors import AccordError
from accord.governance.models import Body, Person
from accord.partnerships.selectors import same_partnership

from .. import hooks
from ..models import Attendance, Meeting
from .lifecycle import allowed
from .quotes import quote_event

# Section 100B(3) of the Local Government Act 1972 (England, as amended by SI 2002/715):
# the agenda of a public meeting is open to inspection at least five clear days before it.
NOTICE_CLEAR_DAYS = 5

# Changes a subscriber's calendar must see: they raise the iCalendar SEQUENCE.
CALENDAR_FIELDS = ("title", "date", "start_time", "end_time", "place", "online_link", "status")


@transaction.atomic
def meeting_schedule(
    *,
    actor: Actor,
    body: Body,
    date: datetime.date,
    start_time: datetime.time | None = None,
    end_time: datetime.time | None = None,
    place: str = "",
    online_link: str = "",
    is_public: bool = True,
    title: str = "",
    chair: Person | None = None,
    clerk: Person | None = None,
    clerk_contact: str = "",
) -> Meeting:
    """Put a meeting of a body in the diary, with its chair and clerk if known."""
    same_partnership(body.partnership, chair=chair, clerk=clerk)
    meeting = Meeting(
        partnership_id=body.partnership_id,
        body=body,
        title=title,
        date=date,
        start_time=start_time,
        end_time=end_time,
        place=place,
        online_link=online_link,
        is_public=is_public,
        chair=chair,
        clerk=clerk,
        clerk_contact=clerk_contact,
    )
    _check_place_and_times(place, online_link, start_time, end_time)
    return save_audited(meeting, actor=actor, action="meeting.schedule")


def _check_place_and_times(
    place: str,
    online_link: str,
    start_time: datetime.time | None,
    end_time: datetime.time | None,
) -> None:
    if not place and not online_link:
        raise ValidationError({"place": "Enter a place, an online link or both"})
    if start_time is not None and end_time is not None and end_time <= start_time:
        raise ValidationError({"end_time": "The meeting cannot end before it starts"})


def _locked(meeting: Meeting) -> Meeting:
    """Re-read the meeting under a row lock, so two officers' changes cannot interleave."""
    return Meeting.objects.select_for_update().get(pk=meeting.pk)


def _calendar_changed(meeting: Meeting, before: dict[str, object]) -> None:
    """Raise the iCalendar SEQUENCE when a field a subscriber's calendar shows has changed."""
    if any(before[name] != getattr(meeting, name) for name in CALENDAR_FIELDS):
        meeting.sequence += 1


def _calendar_fields(meeting: Meeting) -> dict[str, object]:
    return {name: getattr(meeting, name) for name in CALENDAR_FIELDS}


@transaction.atomic
def meeting_update(
    *,
    actor: Actor,
    meeting: Meeting,
    date: datetime.date,
    start_time: datetime.time | None,
    end_time: datetime.time | None,
    place: str,
    online_link: str,
    is_public: bool,
    title: str = "",
    chair: Person | None = None,
    clerk: Person | None = None,
    clerk_contact: str = "",
    today: datetime.date | None = None,
) -> Meeting:
    """Move or re-arrange a meeting that has not been held yet, or name its chair and clerk.
    What was recorded at it (attendance, a vote) happened on or after its date, so it cannot
    move to a day that has not come; a decision taken at it follows it to its new date
    (``hooks.moved``)."""
    today = today or timezone.localdate()
    meeting = _locked(meeting)
    allowed(meeting, "update", field="status")
    same_partnership(meeting.partnership, chair=chair, clerk=clerk)
    _check_place_and_times(place, online_link, start_time, end_time)
    moved_from = meeting.date if date != meeting.date else None
    if moved_from is not None and date > today:
        recorded = hooks.holding_reason(meeting) or (
            "Attendance has been recorded at this meeting"
            if Attendance.objects.filter(meeting=meeting).exists()
            else ""
        )
        if recorded:
            raise ValidationError(
                {"date": f"{recorded}: it cannot move to a date that has not come yet"}
            )
    with audited(meeting, actor=actor, action="meeting.update"):
        before = _calendar_fields(meeting)
        meeting.date, meeting.start_time, meeting.end_time = date, start_time, end_time
        meeting.place, meeting.online_link, meeting.is_public = place, online_link, is_public
        meeting.title = title
        meeting.chair, meeting.clerk, meeting.clerk_contact = chair, clerk, clerk_contact
        _calendar_changed(meeting, before)
    if moved_from is not None:
        hooks.moved(meeting, moved_from, actor=actor)
    return meeting


def _move(meeting: Meeting, trigger: str, *, actor: Actor, action: str) -> Meeting:
    """Move a (locked) meeting along its lifecycle, raising its calendar SEQUENCE."""
    row = allowed(meeting, trigger)
    with audited(meeting, actor=actor, action=action):
        meeting.status = row.next_state
        meeting.sequence += 1
    return meeting


def clear_days_before(meeting: Meeting, *, on: datetime.date) -> int | None:
    """The clear days between publishing the agenda ``on`` a date and the meeting, or None
    when the agenda is published after the meeting (recording a past meeting's agenda)."""
    if on > meeting.date:
        return None
    return WorkingDays(with_closures=True).clear_days(on, meeting.date)


def publication_is_late(meeting: Meeting, *, on: datetime.date) -> bool:
    """Whether publishing the agenda of a public meeting ``on`` a date gives less notice
    than section 100B asks (five clear days), so that a reason for urgency is needed."""
    clear = clear_days_before(meeting, on=on)
    return meeting.is_public and clear is not None and clear < NOTICE_CLEAR_DAYS


@transaction.atomic
def meeting_publish_agenda(
    *,
    actor: Actor,
    meeting: Meeting,
    urgency_reason: str = "",
    today: datetime.date | None = None,
) -> Meeting:
    """Publish the agenda: the body's members see it; for a public meeting, the public sees
    its public items and papers. Published less than five clear days before a public
    meeting, it says why the business is urgent (section 100B(4)(b)), and the public
    agenda shows the reason."""
    today = today or timezone.localdate()
    meeting = _locked(meeting)
    allowed(meeting, "publish")
    if not meeting.items.exists():
        raise AccordError("Add at least one item before publishing the agenda", field="items")
    late = publication_is_late(meeting, on=today)
    if late and not urgency_reason.strip():
        clear = clear_days_before(meeting, on=today)
        raise ValidationError(
            {
                "urgency_reason": (
                    f"The agenda is published {clear} clear day{'s' if clear != 1 else ''} "
                    f"before the meeting, less than the {NOTICE_CLEAR_DAYS} that section 100B "
                    "of the Local Government Act 1972 asks: give the reason for urgency"
                )
            }
        )
    row = allowed(meeting, "publish")
    with audited(meeting, actor=actor, action="meeting.publish_agenda") as publishing:
        meeting.status = row.next_state
        meeting.sequence += 1
        meeting.agenda_published_on = today  # printed on the agenda pack
        meeting.urgency_reason = urgency_reason.strip() if late else ""
    quote_event(meeting, publishing, "agenda")
    return meeting


@transaction.atomic
def meeting_cancel(*, actor: Actor, meeting: Meeting, reason: str) -> Meeting:
    """Cancel a meeting that has not been held, saying why (the meeting page says it)."""
    meeting = _locked(meeting)
    allowed(meeting, "cancel")
    if not reason.strip():
        raise ValidationError({"reason": "Say why the meeting is cancelled"})
    # What another app has recorded at the meeting may hold it in place (a vote taken).
    holding = hooks.holding_reason(meeting)
    if holding:
        raise AccordError(holding)
    row = allowed(meeting, "cancel")
    with audited(meeting, actor=actor, action="meeting.cancel"):
        meeting.status = row.next_state
        meeting.sequence += 1
        meeting.cancelled_reason = reason.strip()
    return meeting


@transaction.atomic
def meeting_mark_held(*, actor: Actor, meeting: Meeting, today: datetime.date) -> Meeting:
    """Record that the meeting took place (on or after its date)."""
    meeting = _locked(meeting)
    allowed(meeting, "hold")  # the agenda is published
    reached = {"date_reached"} if meeting.date <= today else set()
    allowed(meeting, "hold", facts=reached, field="date")  # and the day has come
    return _move(meeting, "hold", actor=actor, action="meeting.held")

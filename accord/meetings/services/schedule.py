"""Scheduling meetings and moving them through their life."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction

from accord.audit.services import audit_record, changes_between, created, snapshot
from accord.core.errors import AccordError
from accord.governance.models import Body
from accord.governance.services.partnerships import Actor

from ..models import Meeting, MeetingStatus

# Changes a subscriber's calendar must see: they raise the iCalendar SEQUENCE.
CALENDAR_FIELDS = ("title", "date", "start_time", "end_time", "place", "online_link", "status")
CHANGEABLE = {MeetingStatus.SCHEDULED, MeetingStatus.AGENDA_PUBLISHED}


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
) -> Meeting:
    """Put a meeting of a body in the diary."""
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
    )
    if not place and not online_link:
        raise ValidationError({"place": "Enter a place, an online link or both"})
    meeting.full_clean()
    meeting.save()
    audit_record(actor=actor, action="meeting.schedule", obj=meeting, changes=created(meeting))
    return meeting


def _change(meeting: Meeting, *, actor: Actor, action: str, before: dict[str, object]) -> Meeting:
    after = snapshot(meeting)
    if any(before.get(field) != after.get(field) for field in CALENDAR_FIELDS):
        meeting.sequence += 1
    meeting.full_clean()
    meeting.save()
    audit_record(
        actor=actor, action=action, obj=meeting, changes=changes_between(before, snapshot(meeting))
    )
    return meeting


def _locked(meeting: Meeting) -> Meeting:
    """Re-read the meeting under a row lock, so two officers' changes cannot interleave."""
    return Meeting.objects.select_for_update().get(pk=meeting.pk)


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
) -> Meeting:
    """Move or re-arrange a meeting that has not been held yet."""
    meeting = _locked(meeting)
    if meeting.status not in CHANGEABLE:
        raise AccordError(
            f"A meeting that is {meeting.get_status_display().lower()} cannot be changed",
            field="status",
        )
    if not place and not online_link:
        raise ValidationError({"place": "Enter a place, an online link or both"})
    before = snapshot(meeting)
    meeting.date, meeting.start_time, meeting.end_time = date, start_time, end_time
    meeting.place, meeting.online_link, meeting.is_public = place, online_link, is_public
    meeting.title = title
    return _change(meeting, actor=actor, action="meeting.update", before=before)


@transaction.atomic
def meeting_publish_agenda(*, actor: Actor, meeting: Meeting) -> Meeting:
    """Publish the agenda: the body's members see it; for a public meeting, the public sees
    its public items and papers."""
    meeting = _locked(meeting)
    if meeting.status != MeetingStatus.SCHEDULED:
        raise AccordError("Only the agenda of a scheduled meeting can be published")
    if not meeting.items.exists():
        raise AccordError("Add at least one item before publishing the agenda", field="items")
    before = snapshot(meeting)
    meeting.status = MeetingStatus.AGENDA_PUBLISHED
    return _change(meeting, actor=actor, action="meeting.publish_agenda", before=before)


@transaction.atomic
def meeting_cancel(*, actor: Actor, meeting: Meeting) -> Meeting:
    meeting = _locked(meeting)
    if meeting.status not in CHANGEABLE:
        raise AccordError("Only a meeting that has not been held can be cancelled")
    if meeting.ballots.exists():
        raise AccordError("A vote has been taken at this meeting, so it cannot be cancelled")
    before = snapshot(meeting)
    meeting.status = MeetingStatus.CANCELLED
    return _change(meeting, actor=actor, action="meeting.cancel", before=before)


@transaction.atomic
def meeting_mark_held(*, actor: Actor, meeting: Meeting, today: datetime.date) -> Meeting:
    """Record that the meeting took place (on or after its date)."""
    meeting = _locked(meeting)
    if meeting.status != MeetingStatus.AGENDA_PUBLISHED:
        raise AccordError("Publish the agenda before recording the meeting as held")
    if meeting.date > today:
        raise AccordError("The meeting's date has not come yet", field="date")
    before = snapshot(meeting)
    meeting.status = MeetingStatus.HELD
    return _change(meeting, actor=actor, action="meeting.held", before=before)

"""The iCalendar feed (RFC 5545) of a body's meetings, for subscribing in a calendar app.

Each meeting is one VEVENT whose UID never changes (``meeting-<id>@`` the installation's
configured ``ACCORD_CANONICAL_DOMAIN``, never the host a request came by, so the feed read
through two names and an e-mailed invitation are one event); SEQUENCE is the meeting's own counter,
which the services raise whenever its date, time, place or status change, so a subscribed
calendar replaces its copy of the event instead of adding another (RFC 5545, 3.8.7.4).
"""

import datetime
from collections.abc import Iterable, Mapping, Sequence
from zoneinfo import ZoneInfo

from django.conf import settings
from django.urls import reverse
from icalendar import Calendar, Event

from accord.governance.models import Body

from .models import Meeting, MeetingStatus
from .selectors import AgendaLine

LONDON = ZoneInfo("Europe/London")
PRODID = "-//Accord//Meetings//EN"
# A meeting with a start time and no end time is shown as lasting this long.
DEFAULT_LENGTH = datetime.timedelta(hours=2)


def event_times(
    meeting: Meeting,
) -> tuple[datetime.datetime, datetime.datetime] | tuple[datetime.date, datetime.date]:
    """Start and end: local times in London, or the whole day when no time is set."""
    if meeting.start_time is None:
        return meeting.date, meeting.date + datetime.timedelta(days=1)
    start = datetime.datetime.combine(meeting.date, meeting.start_time)
    end = (
        datetime.datetime.combine(meeting.date, meeting.end_time)
        if meeting.end_time is not None
        else start + DEFAULT_LENGTH
    )
    return start.replace(tzinfo=LONDON), end.replace(tzinfo=LONDON)


def agenda_text(line: AgendaLine) -> str:
    """An agenda line as the event describes it: the item's number and title, or, for an
    exempt item withheld from the viewer, its placeholder as the meeting page shows it."""
    if line.item is None:
        return line.placeholder
    item = line.item
    return f"{item.number}. {item.title}" + (" (exempt, confidential)" if item.is_exempt else "")


def event_description(meeting: Meeting, agenda: Sequence[AgendaLine] | None) -> str:
    """The online link and the agenda's lines; ``agenda`` is None when the viewer may not
    see the agenda (or it is not published)."""
    lines = [f"Join online: {meeting.online_link}"] if meeting.online_link else []
    if meeting.status == MeetingStatus.CANCELLED:
        lines.append("This meeting is cancelled.")
    elif agenda:
        lines.append("Agenda:")
        lines.extend(agenda_text(line) for line in agenda)
    elif not meeting.agenda_is_published:
        lines.append("The agenda has not been published yet.")
    return "\n".join(lines)


def meeting_uid(meeting: Meeting) -> str:
    """The meeting's calendar UID: the same whoever asks, by whatever address."""
    return f"meeting-{meeting.pk}@{settings.ACCORD_CANONICAL_DOMAIN}"


def meeting_event(
    meeting: Meeting, agenda: Sequence[AgendaLine] | None, *, base_url: str, slug: str
) -> Event:
    event = Event()
    event.add("uid", meeting_uid(meeting))
    event.add("sequence", meeting.sequence)
    event.add("dtstamp", meeting.updated_at.astimezone(datetime.UTC).replace(microsecond=0))
    start, end = event_times(meeting)
    event.add("dtstart", start)
    event.add("dtend", end)
    event.add("summary", meeting.name)
    if meeting.place or meeting.online_link:
        event.add("location", meeting.place or meeting.online_link)
    description = event_description(meeting, agenda)
    if description:
        event.add("description", description)
    event.add("status", "CANCELLED" if meeting.status == MeetingStatus.CANCELLED else "CONFIRMED")
    page = reverse("meetings:meeting-detail", kwargs={"slug": slug, "pk": meeting.pk})
    event.add("url", base_url + page)
    return event


def meetings_calendar(
    body: Body,
    meetings: Iterable[Meeting],
    *,
    base_url: str,
    agendas: Mapping[int, Sequence[AgendaLine]] | None = None,
) -> bytes:
    """The calendar of the given meetings of a body. ``agendas`` maps the id of each meeting
    whose published agenda the viewer may see to its lines as they may see them
    (``selectors.agendas_visible``: exempt items withheld from them as placeholders);
    ``base_url`` is the site's address, e.g. ``https://accord.example.org``."""
    base_url = base_url.rstrip("/")
    partnership = body.partnership
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", f"{body.name}, {partnership.name}")
    calendar.add("x-wr-timezone", LONDON.key)
    dates = []
    for meeting in meetings:
        agenda = (agendas or {}).get(meeting.pk)
        calendar.add_component(
            meeting_event(meeting, agenda, base_url=base_url, slug=partnership.slug)
        )
        dates.append(meeting.date)
    if dates:
        # The VTIMEZONE for Europe/London, its transitions covering every meeting.
        calendar.add_missing_timezones(
            first_date=datetime.date(min(dates).year, 1, 1),
            last_date=datetime.date(max(dates).year + 1, 1, 1),
        )
    return bytes(calendar.to_ical())

"""The iCalendar feed of a body's meetings (RFC 5545): stable events, and only what the
subscriber may see."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from icalendar import Calendar, Event

from accord.demo.oxfordshire import COMMISSIONING_BODY
from accord.governance.models import Body
from accord.meetings.calendar import PRODID, meetings_calendar
from accord.meetings.models import Meeting
from accord.meetings.services import (
    agenda_item_add,
    meeting_cancel,
    meeting_publish_agenda,
    meeting_schedule,
    meeting_update,
)

LONDON = ZoneInfo("Europe/London")
# After the demo's history (which ends with the meeting of 11 December 2009).
FEBRUARY = datetime.date(2010, 2, 5)


@pytest.fixture
def board(demo) -> Body:
    return Body.objects.select_related("partnership").get(
        partnership__slug="oxfordshire", name=COMMISSIONING_BODY
    )


@pytest.fixture
def officer(demo):
    return get_user_model().objects.get(username="officer")


def schedule(officer, board: Body, **changes: object) -> Meeting:
    details: dict[str, object] = {
        "date": FEBRUARY,
        "start_time": datetime.time(10),
        "place": "County Hall, Oxford",
        **changes,
    }
    return meeting_schedule(actor=officer, body=board, **details)  # type: ignore[arg-type]


def feed(client, body: Body) -> Calendar:
    response = client.get(reverse("meetings:calendar-feed", args=[body.partnership.slug, body.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return Calendar.from_ical(response.content)


def events(calendar: Calendar) -> dict[str, Event]:
    return {event.uid: event for event in calendar.events}


def uid(meeting: Meeting) -> str:
    return f"meeting-{meeting.pk}@{settings.ACCORD_CANONICAL_DOMAIN}"


def test_the_feed_parses_back_to_the_same_calendar(board, officer, settings):
    settings.ACCORD_CANONICAL_DOMAIN = "accord.example.org"
    timed = schedule(
        officer,
        board,
        end_time=datetime.time(12, 30),
        online_link="https://meet.example.org/commissioning-body",
    )
    summer = schedule(officer, board, date=datetime.date(2010, 6, 4), start_time=datetime.time(14))
    all_day = schedule(officer, board, date=datetime.date(2010, 3, 5), start_time=None)
    data = meetings_calendar(
        board, [timed, all_day, summer], base_url="https://accord.example.org/"
    )

    parsed = Calendar.from_ical(data)
    assert parsed.to_ical() == data
    assert parsed.prodid == PRODID
    assert parsed.calendar_name == f"{COMMISSIONING_BODY}, Oxfordshire Supporting People"
    assert [timezone.tz_name for timezone in parsed.timezones] == ["Europe/London"]
    found = events(parsed)
    assert set(found) == {f"meeting-{m.pk}@accord.example.org" for m in (timed, summer, all_day)}

    event = found[f"meeting-{timed.pk}@accord.example.org"]
    assert b"DTSTART;TZID=Europe/London:20100205T100000\r\n" in data
    assert event.start == datetime.datetime(2010, 2, 5, 10, tzinfo=LONDON)
    assert event.end == datetime.datetime(2010, 2, 5, 12, 30, tzinfo=LONDON)
    assert event.stamp == timed.updated_at.replace(microsecond=0)
    assert event.sequence == 0
    assert event.summary == COMMISSIONING_BODY
    assert event.location == "County Hall, Oxford"
    assert "https://meet.example.org/commissioning-body" in str(event.description)
    assert event.status == "CONFIRMED"
    assert event.url == f"https://accord.example.org/partnerships/oxfordshire/meetings/{timed.pk}/"

    # No end time: two hours, in British Summer Time in June.
    event = found[f"meeting-{summer.pk}@accord.example.org"]
    assert event.end - event.start == datetime.timedelta(hours=2)
    assert isinstance(event.start, datetime.datetime)
    assert event.start.utcoffset() == datetime.timedelta(hours=1)
    # No start time: an all-day event.
    event = found[f"meeting-{all_day.pk}@accord.example.org"]
    assert event.start == datetime.date(2010, 3, 5)
    assert event.end == datetime.date(2010, 3, 6)


def test_a_meetings_uid_is_the_installations_not_the_host_a_subscriber_used(
    client, board, officer, settings
):
    # One installation reached by two names (and an e-mailed invitation beside the feed):
    # a subscriber must not see the meeting twice.
    settings.ACCORD_CANONICAL_DOMAIN = "accord.example.org"
    settings.ALLOWED_HOSTS = ["accord.example.org", "meetings.oxfordshire.example"]
    meeting = schedule(officer, board)
    path = reverse("meetings:calendar-feed", args=[board.partnership.slug, board.pk])

    by_one = Calendar.from_ical(client.get(path, HTTP_HOST="accord.example.org").content)
    by_other = Calendar.from_ical(
        client.get(path, HTTP_HOST="meetings.oxfordshire.example").content
    )

    uids = {str(uid) for uid in events(by_one)}
    assert uids == {str(uid) for uid in events(by_other)}
    assert f"meeting-{meeting.pk}@accord.example.org" in uids
    assert all(uid.endswith("@accord.example.org") for uid in uids)


def test_moving_a_meeting_keeps_its_uid_and_raises_its_sequence(client, board, officer):
    meeting = schedule(officer, board)
    before = events(feed(client, board))

    meeting_update(
        actor=officer,
        meeting=meeting,
        date=datetime.date(2010, 2, 12),
        start_time=datetime.time(14),
        end_time=None,
        place="Abingdon Guildhall",
        online_link="",
        is_public=True,
    )

    after = events(feed(client, board))
    assert set(after) == set(before)  # the same event, not another one
    assert after[uid(meeting)].sequence > before[uid(meeting)].sequence
    assert after[uid(meeting)].start == datetime.datetime(2010, 2, 12, 14, tzinfo=LONDON)
    assert after[uid(meeting)].location == "Abingdon Guildhall"


def test_a_cancelled_meeting_stays_in_the_feed_as_cancelled(client, board, officer):
    meeting = schedule(officer, board)
    kept = schedule(officer, board, date=datetime.date(2010, 3, 5))

    meeting_cancel(actor=officer, meeting=meeting, reason="Not quorate")

    found = events(feed(client, board))
    assert found[uid(meeting)].status == "CANCELLED"
    assert found[uid(meeting)].sequence == 1
    assert found[uid(kept)].status == "CONFIRMED"


def test_exempt_item_titles_reach_the_bodys_members_but_never_the_public(
    client, board, officer, sign_in
):
    meeting = schedule(officer, board)
    agenda_item_add(actor=officer, meeting=meeting, title="Annual Plan 2010/11")
    agenda_item_add(
        actor=officer,
        meeting=meeting,
        title="Tender award for floating support",
        is_exempt=True,
        exempt_reason="Commercially sensitive (Schedule 12A, para 3)",
    )
    meeting_publish_agenda(actor=officer, meeting=meeting)

    def description(calendar: Calendar) -> str:
        return str(events(calendar)[uid(meeting)].description)

    public = description(feed(client, board))
    assert "1. Annual Plan 2010/11" in public
    assert "Tender award" not in public
    raw = client.get(reverse("meetings:calendar-feed", args=["oxfordshire", board.pk])).content
    assert b"Tender award" not in raw.replace(b"\r\n ", b"")

    sign_in("strategy")  # sits on the Core Strategy Group, not on this body
    assert "Tender award" not in description(feed(client, board))

    sign_in("representative")  # West Oxfordshire's representative on the body
    members = description(feed(client, board))
    assert "2. Tender award for floating support (exempt, confidential)" in members


def test_an_unpublished_agenda_is_not_described_in_the_feed(client, board, officer):
    meeting = schedule(officer, board)
    agenda_item_add(actor=officer, meeting=meeting, title="Draft strategy for consultation")

    description = str(events(feed(client, board))[uid(meeting)].description)

    assert "Draft strategy" not in description
    assert "The agenda has not been published yet." in description


def test_an_agenda_of_exempt_items_only_is_described_to_the_public_by_its_placeholders(
    client, board, officer
):
    meeting = schedule(officer, board)
    agenda_item_add(
        actor=officer,
        meeting=meeting,
        title="Performance of a named provider",
        is_exempt=True,
        exempt_paragraph="1",
        public_interest_test="It names a person receiving support",
    )
    meeting_publish_agenda(actor=officer, meeting=meeting)

    description = str(events(feed(client, board))[uid(meeting)].description)

    # as the public meeting page numbers it, with no gap and nothing of its content
    assert description == (
        "Agenda:\nItem 1: exempt, not for publication, paragraph 1 of Schedule 12A"
    )


def test_a_meeting_held_in_private_is_absent_from_the_signed_out_feed(
    client, board, officer, sign_in
):
    public = schedule(officer, board)
    private = schedule(officer, board, date=datetime.date(2010, 3, 5), is_public=False)

    signed_out = events(feed(client, board))
    assert uid(public) in signed_out
    assert uid(private) not in signed_out

    sign_in("strategy")  # any member of the partnership sees its private meetings
    assert {uid(public), uid(private)} <= set(events(feed(client, board)))


def test_the_feed_downloads_as_a_named_calendar_file(client, board, officer):
    schedule(officer, board)

    response = client.get(reverse("meetings:calendar-feed", args=["oxfordshire", board.pk]))

    assert response["Content-Disposition"] == (
        'attachment; filename="oxfordshire-supporting-people-commissioning-body.ics"'
    )
    assert response.content.startswith(b"BEGIN:VCALENDAR\r\n")


def test_a_body_of_another_partnership_or_none_has_no_feed(client, board):
    other = reverse("meetings:calendar-feed", args=["gloucestershire", board.pk])
    assert client.get(other).status_code == 404
    unknown = reverse("meetings:calendar-feed", args=["oxfordshire", board.pk + 1000])
    assert client.get(unknown).status_code == 404


def test_the_feed_takes_as_many_queries_for_many_meetings_as_for_one(
    client, board, officer, sign_in
):
    def published(date: datetime.date, items: int) -> None:
        meeting = schedule(officer, board, date=date)
        for number in range(items):
            agenda_item_add(
                actor=officer,
                meeting=meeting,
                title=f"Item {number}",
                is_exempt=number == 0,
                exempt_reason="Personal information" if number == 0 else "",
            )
        meeting_publish_agenda(actor=officer, meeting=meeting)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            feed(client, board)
        return len(captured)

    sign_in("representative")
    published(FEBRUARY, items=2)
    queries()  # the first request renews the new session (a write, once a minute)
    few = queries()
    before = len(events(feed(client, board)))
    for month in range(3, 8):
        published(datetime.date(2010, month, 5), items=4)
    assert len(events(feed(client, board))) == before + 5
    assert queries() == few

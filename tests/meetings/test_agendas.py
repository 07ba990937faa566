"""A meeting's life and its agenda: scheduled, agenda published, held, minutes approved
(or cancelled); who sees which items; the forward plan of decisions to come."""

import datetime
from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import ValidationError

from accord.audit.models import AuditEvent
from accord.core.errors import AccordError
from accord.decisions import services as decisions
from accord.demo import oxfordshire as oxon
from accord.governance.models import Body
from accord.meetings import services as meetings
from accord.meetings.access import forward_plan_for, visible_agenda
from accord.meetings.models import Meeting, MeetingStatus
from tests.decisions.test_voting import (
    FEBRUARY,
    MARCH,
    PLACE,
    TODAY,
    Oxon,
    meeting_on,
    opened,
    oxfordshire,
    proposal_for,
)

APRIL = datetime.date(2010, 4, 9)
TENDER = "Tender award: floating support in Banbury"
# Local Government Act 1972, Schedule 12A, para 3: information about financial affairs.
TENDER_REASON = "Financial affairs of the bidders (Schedule 12A, para 3)"


@pytest.fixture
def board(db) -> Oxon:
    return oxfordshire()


def published(body: Body, date: datetime.date, *titles: str) -> Meeting:
    meeting = meeting_on(body, date)
    for title in titles or ("Apologies for absence",):
        meetings.agenda_item_add(actor=None, meeting=meeting, title=title)
    return meetings.meeting_publish_agenda(actor=None, meeting=meeting)


def held(body: Body, date: datetime.date) -> Meeting:
    return meetings.meeting_mark_held(actor=None, meeting=published(body, date), today=TODAY)


def approved(body: Body, date: datetime.date) -> Meeting:
    meeting = held(body, date)
    meetings.minutes_approve(
        actor=None, meeting=meeting, at_meeting=held(body, date + datetime.timedelta(28))
    )
    meeting.refresh_from_db()
    return meeting


def cancelled(body: Body, date: datetime.date) -> Meeting:
    return meetings.meeting_cancel(actor=None, meeting=meeting_on(body, date), reason="Not quorate")


IN_STATE: dict[str, Callable[[Body, datetime.date], Meeting]] = {
    MeetingStatus.SCHEDULED: meeting_on,
    MeetingStatus.AGENDA_PUBLISHED: published,
    MeetingStatus.HELD: held,
    MeetingStatus.MINUTES_APPROVED: approved,
    MeetingStatus.CANCELLED: cancelled,
}


# ---------------------------------------------------------------- the agenda


def test_publishing_needs_at_least_one_item(board):
    meeting = meeting_on(board.body, FEBRUARY)
    events = AuditEvent.objects.count()
    with pytest.raises(AccordError) as refused:
        meetings.meeting_publish_agenda(actor=None, meeting=meeting)
    assert refused.value.field == "items"
    meeting.refresh_from_db()
    assert (meeting.status, meeting.sequence) == (MeetingStatus.SCHEDULED, 0)
    assert AuditEvent.objects.count() == events
    meetings.agenda_item_add(actor=None, meeting=meeting, title="Annual Plan 2010/11")
    meeting = meetings.meeting_publish_agenda(actor=None, meeting=meeting)
    assert (meeting.status, meeting.sequence) == (MeetingStatus.AGENDA_PUBLISHED, 1)


@pytest.mark.parametrize(
    "status", [MeetingStatus.AGENDA_PUBLISHED, MeetingStatus.HELD, MeetingStatus.CANCELLED]
)
def test_only_the_agenda_of_a_scheduled_meeting_is_published(board, status):
    meeting = IN_STATE[status](board.body, FEBRUARY)
    with pytest.raises(AccordError, match="scheduled meeting"):
        meetings.meeting_publish_agenda(actor=None, meeting=meeting)
    meeting.refresh_from_db()
    assert meeting.status == status


@pytest.mark.parametrize(
    ("status", "allowed"),
    [
        (MeetingStatus.SCHEDULED, True),
        # a supplementary item, after publication and before the meeting
        (MeetingStatus.AGENDA_PUBLISHED, True),
        (MeetingStatus.HELD, False),
        (MeetingStatus.MINUTES_APPROVED, False),
        (MeetingStatus.CANCELLED, False),
    ],
)
def test_items_are_added_only_until_the_meeting_is_held(board, status, allowed):
    meeting = IN_STATE[status](board.body, FEBRUARY)
    before = meeting.items.count()
    if allowed:
        item = meetings.agenda_item_add(actor=None, meeting=meeting, title="Any other business")
        assert item.number == before + 1
        return
    with pytest.raises(AccordError, match="before the meeting is held"):
        meetings.agenda_item_add(actor=None, meeting=meeting, title="Any other business")
    assert meeting.items.count() == before


def test_an_exempt_item_says_why(board):
    meeting = meeting_on(board.body, FEBRUARY)
    with pytest.raises(ValidationError, match="Choose the paragraph of Schedule 12A"):
        meetings.agenda_item_add(actor=None, meeting=meeting, title=TENDER, is_exempt=True)
    # A reason in words alone is other grounds (as items said why before the paragraphs).
    item = meetings.agenda_item_add(
        actor=None, meeting=meeting, title=TENDER, is_exempt=True, exempt_reason=TENDER_REASON
    )
    assert (item.number, item.exempt_paragraph, item.exempt_reason) == (1, "other", TENDER_REASON)
    assert item.placeholder == f"Item 1: exempt, not for publication ({TENDER_REASON})"


def test_an_exempt_item_under_schedule_12a_records_the_public_interest_test(board):
    meeting = meeting_on(board.body, FEBRUARY)
    with pytest.raises(ValidationError) as refused:
        meetings.agenda_item_add(
            actor=None, meeting=meeting, title=TENDER, is_exempt=True, exempt_paragraph="3"
        )
    assert "public_interest_test" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        meetings.agenda_item_add(
            actor=None, meeting=meeting, title=TENDER, is_exempt=True, exempt_paragraph="other"
        )
    assert refused.value.message_dict == {
        "exempt_reason": ["Say on what other grounds the item is exempt"]
    }
    meetings.agenda_item_add(actor=None, meeting=meeting, title="Apologies")
    item = meetings.agenda_item_add(
        actor=None,
        meeting=meeting,
        title=TENDER,
        is_exempt=True,
        exempt_paragraph="3",
        public_interest_test="Disclosure before the award would prejudice the procurement",
    )
    assert item.placeholder == "Item 2: exempt, not for publication, paragraph 3 of Schedule 12A"
    plain = meetings.agenda_item_add(
        actor=None, meeting=meeting, title="Any other business", exempt_paragraph="3"
    )
    assert (plain.exempt_paragraph, plain.exempt_ground) == ("", "")


# ---------------------------------------------------------------- changing the meeting


def update(meeting: Meeting, **changes: Any) -> Meeting:
    fields: dict[str, Any] = {
        "date": meeting.date,
        "start_time": meeting.start_time,
        "end_time": meeting.end_time,
        "place": meeting.place,
        "online_link": meeting.online_link,
        "is_public": meeting.is_public,
        "title": meeting.title,
    }
    return meetings.meeting_update(actor=None, meeting=meeting, **{**fields, **changes})


@pytest.mark.parametrize(
    ("changes", "raised"),
    [
        # RFC 5545, 3.8.7.4: calendars must see a change of date, time, place or title
        ({"date": datetime.date(2010, 2, 12)}, 1),
        ({"start_time": datetime.time(14)}, 1),
        ({"end_time": datetime.time(12, 30)}, 1),
        ({"place": "Abbey House, Abingdon"}, 1),
        ({"online_link": "https://meet.example.org/commissioning-body"}, 1),
        ({"title": "Special meeting of the Commissioning Body"}, 1),
        # a change that does not show in a calendar keeps the sequence
        ({"is_public": False}, 0),
        ({}, 0),
    ],
)
def test_a_change_raises_the_calendar_sequence_only_when_the_calendar_changes(
    board, changes, raised
):
    meeting = meeting_on(board.body, FEBRUARY)
    changed = update(meeting, **changes)
    changed.refresh_from_db()
    assert changed.sequence == raised
    for field, value in changes.items():
        assert getattr(changed, field) == value
    assert AuditEvent.objects.filter(action="meeting.update", object_id=str(meeting.pk)).exists()


@pytest.mark.parametrize(
    "status", [MeetingStatus.HELD, MeetingStatus.MINUTES_APPROVED, MeetingStatus.CANCELLED]
)
def test_a_meeting_that_has_taken_place_or_was_cancelled_cannot_be_changed(board, status):
    meeting = IN_STATE[status](board.body, FEBRUARY)
    sequence = meeting.sequence
    with pytest.raises(AccordError) as refused:
        update(meeting, place="Abbey House, Abingdon")
    assert refused.value.field == "status"
    meeting.refresh_from_db()
    assert (meeting.place, meeting.sequence) == (PLACE, sequence)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"place": "", "online_link": ""}, "place"),
        ({"start_time": datetime.time(14), "end_time": datetime.time(13)}, "end_time"),
    ],
)
def test_a_change_that_makes_no_sense_is_refused_and_changes_nothing(board, changes, field):
    meeting = meeting_on(board.body, FEBRUARY)
    with pytest.raises(ValidationError) as refused:
        update(meeting, **changes)
    assert field in refused.value.message_dict
    meeting.refresh_from_db()
    assert (meeting.place, meeting.start_time, meeting.sequence) == (PLACE, datetime.time(10), 0)


def test_a_meeting_at_which_a_vote_was_taken_cannot_be_cancelled(board):
    ballot = opened(proposal_for(board), FEBRUARY)
    with pytest.raises(AccordError, match="vote has been taken"):
        meetings.meeting_cancel(actor=None, meeting=ballot.meeting, reason="Not quorate")
    ballot.meeting.refresh_from_db()
    assert ballot.meeting.status == MeetingStatus.AGENDA_PUBLISHED


def test_a_meeting_is_cancelled_before_it_is_held_and_calendars_hear_of_it(board):
    meeting = cancelled(board.body, FEBRUARY)
    assert (meeting.status, meeting.sequence) == (MeetingStatus.CANCELLED, 1)
    with pytest.raises(AccordError, match="not been held"):
        meetings.meeting_cancel(actor=None, meeting=held(board.body, MARCH), reason="Not quorate")


def test_a_meeting_is_recorded_as_held_once_published_and_on_or_after_its_date(board):
    meeting = meeting_on(board.body, FEBRUARY)
    with pytest.raises(AccordError, match="Publish the agenda"):
        meetings.meeting_mark_held(actor=None, meeting=meeting, today=TODAY)
    meeting = published(board.body, MARCH)
    with pytest.raises(AccordError) as too_soon:
        meetings.meeting_mark_held(
            actor=None, meeting=meeting, today=MARCH - datetime.timedelta(days=1)
        )
    assert too_soon.value.field == "date"
    meeting = meetings.meeting_mark_held(actor=None, meeting=meeting, today=MARCH)
    assert meeting.status == MeetingStatus.HELD


# ---------------------------------------------------------------- minutes


def test_minutes_are_written_once_held_and_locked_once_approved(board):
    meeting = published(board.body, FEBRUARY, "Annual Plan 2010/11")
    item = meeting.items.get()
    with pytest.raises(AccordError, match="once the meeting has been held"):
        meetings.minutes_write(actor=None, item=item, text="Agreed.")
    meetings.meeting_mark_held(actor=None, meeting=meeting, today=TODAY)
    meetings.minutes_write(actor=None, item=item, text="The Body considered the plan.")
    following = published(board.body, MARCH)
    meeting = meetings.minutes_approve(
        actor=None,
        meeting=meeting,
        at_meeting=following,
        today=MARCH,  # being held
    )
    assert (meeting.status, meeting.minutes_approved_at) == (
        MeetingStatus.MINUTES_APPROVED,
        following,
    )
    with pytest.raises(AccordError, match="can no longer be changed"):
        meetings.minutes_write(actor=None, item=item, text="Rewritten after approval.")
    item.refresh_from_db()
    assert item.minutes == "The Body considered the plan."
    with pytest.raises(AccordError, match="already approved"):
        meetings.minutes_approve(actor=None, meeting=meeting, at_meeting=following, today=MARCH)


SEPTEMBER = datetime.date(2010, 9, 3)  # after TODAY: a meeting in the future


@pytest.mark.parametrize(
    ("at_meeting", "problem"),
    [
        # seed 004's boards: minutes are approved at the body's next meeting
        (lambda b: held(b.strategy_group, MARCH), "is of another body"),
        (lambda b: held(b.body, datetime.date(2010, 1, 8)), "is not later than the meeting"),
        (lambda b: Meeting.objects.get(body=b.body, date=FEBRUARY), "at the meeting they record"),
        # a meeting that has been held or is being held (today), never one in the future
        (lambda b: published(b.body, SEPTEMBER), "3 September 2010 is in the future"),
        (lambda b: meeting_on(b.body, SEPTEMBER), "is in the future"),
        (lambda b: published(b.body, MARCH), "has not been recorded as held"),
        (lambda b: meeting_on(b.body, MARCH), "has not been recorded as held"),
        (lambda b: cancelled(b.body, MARCH), "was cancelled"),
    ],
)
def test_minutes_are_approved_only_at_a_later_meeting_of_the_same_body_held_or_being_held(
    board, at_meeting, problem
):
    meeting = held(board.body, FEBRUARY)
    with pytest.raises(ValidationError) as refused:
        meetings.minutes_approve(
            actor=None, meeting=meeting, at_meeting=at_meeting(board), today=TODAY
        )
    assert problem in refused.value.message_dict["at_meeting"][0]
    meeting.refresh_from_db()
    assert (meeting.status, meeting.minutes_approved_at) == (MeetingStatus.HELD, None)


@pytest.mark.parametrize(
    ("at_meeting", "today"),
    [
        (lambda b: held(b.body, MARCH), TODAY),  # held
        (lambda b: published(b.body, MARCH), MARCH),  # being held today
    ],
)
def test_minutes_are_approved_at_a_later_meeting_held_or_being_held_today(board, at_meeting, today):
    meeting = held(board.body, FEBRUARY)
    following = at_meeting(board)
    meeting = meetings.minutes_approve(
        actor=None, meeting=meeting, at_meeting=following, today=today
    )
    assert (meeting.status, meeting.minutes_approved_at) == (
        MeetingStatus.MINUTES_APPROVED,
        following,
    )


def test_only_the_minutes_of_a_meeting_that_was_held_are_approved(board):
    meeting = published(board.body, FEBRUARY)
    with pytest.raises(AccordError, match="was held"):
        meetings.minutes_approve(
            actor=None, meeting=meeting, at_meeting=published(board.body, MARCH)
        )


# ---------------------------------------------------------------- who sees the agenda


ON = datetime.date(2010, 1, 29)  # the week before the February meeting


def user(username: str) -> AbstractBaseUser | AnonymousUser:
    if username == "public":
        return AnonymousUser()
    return get_user_model().objects.get(username=username)


@pytest.fixture
def commissioning_body(demo) -> Body:
    return Body.objects.get(partnership__slug="oxfordshire", name=oxon.COMMISSIONING_BODY)


@pytest.fixture
def february(commissioning_body) -> Meeting:
    """A public meeting with a public item and an exempt one, agenda not yet published."""
    meeting = meeting_on(commissioning_body, FEBRUARY)
    meetings.agenda_item_add(actor=None, meeting=meeting, title="Annual Plan 2010/11")
    meetings.agenda_item_add(
        actor=None, meeting=meeting, title=TENDER, is_exempt=True, exempt_reason=TENDER_REASON
    )
    return meeting


PUBLIC_ITEM = ["Annual Plan 2010/11"]
ALL_ITEMS = ["Annual Plan 2010/11", TENDER]


@pytest.mark.parametrize(
    ("username", "before_publication", "after_publication"),
    [
        # the public: nothing before publication, never an exempt item
        ("public", [], PUBLIC_ITEM),
        # a signed-in person with no seat in the partnership sees what the public sees
        ("scrutiny", [], PUBLIC_ITEM),
        # a Core Strategy Group officer: a member of the partnership, not of the body
        ("strategy", [], PUBLIC_ITEM),
        # West Oxfordshire's lead member sits on the Commissioning Body
        ("representative", [], ALL_ITEMS),
        # the programme officer prepares the agenda before it is published
        ("officer", ALL_ITEMS, ALL_ITEMS),
    ],
)
def test_each_person_sees_the_agenda_their_role_allows(
    february, username, before_publication, after_publication
):
    person = user(username)
    assert [i.title for i in visible_agenda(person, february, on=ON)] == before_publication
    meeting = meetings.meeting_publish_agenda(actor=None, meeting=february)
    assert [i.title for i in visible_agenda(person, meeting, on=ON)] == after_publication


@pytest.mark.parametrize(
    ("username", "titles"),
    [("public", []), ("scrutiny", []), ("representative", ALL_ITEMS), ("officer", ALL_ITEMS)],
)
def test_a_meeting_held_in_private_shows_its_agenda_to_no_one_outside(february, username, titles):
    update(february, is_public=False)
    meeting = meetings.meeting_publish_agenda(actor=None, meeting=february)
    assert [i.title for i in visible_agenda(user(username), meeting, on=ON)] == titles


def test_the_forward_plan_lists_the_decisions_expected_at_future_meetings(
    commissioning_body, february
):
    body = commissioning_body
    plan_2010 = proposal_for(body, "Annual Plan 2010/11")
    decisions.proposal_table(actor=None, proposal=plan_2010, meeting=february)
    tender = proposal_for(body, TENDER)
    decisions.proposal_table(
        actor=None,
        proposal=tender,
        meeting=february,
        is_exempt=True,
        exempt_reason=TENDER_REASON,
    )
    meetings.meeting_publish_agenda(actor=None, meeting=february)
    march = meeting_on(body, MARCH)  # its agenda is not published yet
    decisions.proposal_table(actor=None, proposal=proposal_for(body, "Policy"), meeting=march)
    april = meeting_on(body, APRIL)
    decisions.proposal_table(actor=None, proposal=proposal_for(body, "Withdrawn"), meeting=april)
    meetings.meeting_cancel(actor=None, meeting=april, reason="Not quorate")

    def plan(username: str) -> list[tuple[datetime.date, list[str]]]:
        meetings_ = forward_plan_for(user(username), body.partnership, today=ON, body=body)
        return [
            (m.date, [note.title for note in m.expected])  # type: ignore[attr-defined]
            for m in meetings_
        ]

    # the 11 December 2009 meeting is in the past; April was cancelled
    assert plan("officer") == [
        (FEBRUARY, ["Annual Plan 2010/11", TENDER]),
        (MARCH, ["Policy"]),
    ]
    assert plan("public") == [(FEBRUARY, ["Annual Plan 2010/11"])]
    assert plan("representative")[0] == (FEBRUARY, ["Annual Plan 2010/11", TENDER])
    later = forward_plan_for(user("officer"), body.partnership, today=MARCH, body=body)
    assert [m.date for m in later] == [MARCH]

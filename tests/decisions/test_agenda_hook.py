"""What decisions says about agenda items through the meetings hook: the proposal each item
concerns and the decisions taken on it, on the meeting page, in the API and the forward
plan, for any number of items in the same number of queries; and a meeting at which a vote
was taken stands."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accord.audit.models import AuditEvent
from accord.core.errors import AccordError
from accord.decisions import services as decisions
from accord.decisions.models import Proposal
from accord.demo import oxfordshire as oxon
from accord.governance.models import Body, Person
from accord.meetings import hooks
from accord.meetings import services as meetings
from accord.meetings.models import Meeting, MeetingStatus
from accord.partnerships.models import Partnership

FEBRUARY = datetime.date(2010, 2, 3)


@pytest.fixture
def board(demo) -> Body:
    return Body.objects.get(partnership__slug="oxfordshire", name=oxon.COMMISSIONING_BODY)


def decided(board: Body, meeting: Meeting, title: str) -> Proposal:
    """A proposal tabled at the meeting and voted on there, every partner for."""
    proposal = decisions.proposal_create(
        actor=None,
        partnership=board.partnership,
        title=title,
        kind="commissioning_decision",
        deciding_body=board,
        on=meeting.date,
    )
    decisions.proposal_table(actor=None, proposal=proposal, meeting=meeting)
    meeting.refresh_from_db()
    if meeting.status == MeetingStatus.SCHEDULED:
        meetings.meeting_publish_agenda(
            actor=None, meeting=meeting, today=meeting.date - datetime.timedelta(days=14)
        )
    ballot = decisions.ballot_open(actor=None, proposal=proposal, meeting=meeting)
    for unit in ballot.units:
        decisions.vote_cast(
            actor=None,
            ballot=ballot,
            unit=unit["key"],
            cast_by=Person.objects.get(pk=unit["representatives"][0]),
            value="for",
            for_the_record=True,
        )
    decisions.ballot_close(actor=None, ballot=ballot)
    return proposal


@pytest.fixture
def meeting(board) -> Meeting:
    return meetings.meeting_schedule(actor=None, body=board, date=FEBRUARY, place="Oxford")


def test_the_meeting_page_shows_each_items_proposal_and_decision_in_the_same_queries(
    board, meeting, client, sign_in
):
    sign_in("officer")
    url = reverse("meetings:meeting-detail", args=["oxfordshire", meeting.pk])
    first = decided(board, meeting, "Commission floating support for older people")
    client.get(url)  # the session's first request renews it: measure the ones after
    with CaptureQueriesContext(connection) as one:
        html = client.get(url).content.decode()
    assert f'href="/partnerships/oxfordshire/proposals/{first.pk}/"' in html
    assert "Decision: Carried" in html

    for number in range(2, 7):
        decided(board, meeting, f"Commission service {number}")
    with CaptureQueriesContext(connection) as six:
        html = client.get(url).content.decode()
    assert html.count("Decision: Carried") == 6
    assert len(six) == len(one)


def test_a_hook_answers_for_any_number_of_items_in_three_queries(board, meeting):
    for number in range(1, 4):
        decided(board, meeting, f"Commission service {number}")
    meetings.agenda_item_add(actor=None, meeting=meeting, title="Any other business")
    items = list(meeting.items.order_by("number"))
    with CaptureQueriesContext(connection) as queries:
        notes = hooks.item_notes(items, user=AnonymousUser(), on=FEBRUARY)
    # the tablings, the closed votes, and every vote's roll (who cast which vote)
    assert len(queries) == 3
    assert [len(notes[item.pk]) for item in items] == [1, 1, 1, 0]
    note = notes[items[0].pk][0]
    assert (note.kind, note.title, note.vote_taken) == ("proposal", items[0].title, True)
    (ballot,) = note.context["ballots"]
    assert all(line.vote is not None for line in ballot.roll)  # every partner voted
    assert note.context["sees_proposal"] is False  # the public does not read proposals


def test_a_meeting_at_which_a_vote_was_taken_cannot_be_cancelled(board, meeting):
    decided(board, meeting, "Commission floating support for older people")
    events = AuditEvent.objects.count()
    with pytest.raises(AccordError, match="A vote has been taken at this meeting"):
        meetings.meeting_cancel(actor=None, meeting=meeting, reason="Not quorate")
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.AGENDA_PUBLISHED
    assert AuditEvent.objects.count() == events


def test_the_api_names_what_each_item_is_about(board, meeting, client):
    proposal = decided(board, meeting, "Commission floating support for older people")
    meetings.agenda_item_add(actor=None, meeting=meeting, title="Any other business")
    data = client.get(f"/api/meetings/partnerships/oxfordshire/meetings/{meeting.pk}").json()
    about = [(item["title"], item["about"], item["proposal_id"]) for item in data["items"]]
    assert about == [
        (proposal.title, [{"kind": "proposal", "id": proposal.pk}], proposal.pk),
        ("Any other business", [], None),
    ]


def test_the_forward_plan_lists_what_each_items_proposal_is_expected_to_decide(
    board, meeting, client
):
    future = meetings.meeting_schedule(
        actor=None, body=board, date=datetime.date(2030, 1, 15), place="Oxford"
    )
    proposal = decisions.proposal_create(
        actor=None,
        partnership=Partnership.objects.get(slug="oxfordshire"),
        title="Strategy 2030-35",
        kind="strategy",
        deciding_body=board,
        on=future.date,
    )
    decisions.proposal_table(actor=None, proposal=proposal, meeting=future)
    meetings.agenda_item_add(actor=None, meeting=future, title="Any other business")
    meetings.meeting_publish_agenda(actor=None, meeting=future)
    html = client.get(reverse("meetings:forward-plan", args=["oxfordshire"])).content.decode()
    assert "<li>Strategy 2030-35 (strategy)</li>" in html
    assert "Any other business" not in html


def test_the_forward_plan_no_longer_expects_a_decision_already_carried(board, client):
    # issue 14: the 2009/10 annual plan, carried at today's meeting, was still "expected"
    today = timezone.localdate()
    meeting = meetings.meeting_schedule(actor=None, body=board, date=today, place="Oxford")
    carried = decided(board, meeting, "Annual Plan 2009-10")
    assert carried.__class__.objects.get(pk=carried.pk).state == "carried"
    later = meetings.meeting_schedule(
        actor=None, body=board, date=today + datetime.timedelta(days=30), place="Oxford"
    )
    pending = decisions.proposal_create(
        actor=None,
        partnership=board.partnership,
        title="Annual Plan 2010-11",
        kind="annual_plan",
        deciding_body=board,
        on=later.date,
    )
    decisions.proposal_table(actor=None, proposal=pending, meeting=later)
    meetings.meeting_publish_agenda(actor=None, meeting=later)
    html = client.get(reverse("meetings:forward-plan", args=["oxfordshire"])).content.decode()
    assert "<li>Annual Plan 2010-11 (annual plan)</li>" in html
    assert "Annual Plan 2009-10" not in html
    plan = client.get("/api/meetings/partnerships/oxfordshire/forward-plan").json()["items"]
    expected = {note["expected"] for meeting in plan for note in meeting["expected"]}
    assert expected == {"Annual Plan 2010-11 (annual plan)"}

"""The clerk's dates and forms (issue 14): the five clear days of section 100B, nothing
recorded before the meeting's date, decisions that follow a moved meeting, the agenda
edited, reordered and withdrawn, the whole body's attendance on one form, and
confirmations before what cannot be undone."""

import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from accord.audit.models import AuditEvent
from accord.calendar.working_days import WorkingDays
from accord.core.errors import AccordError
from accord.decisions import services as decisions
from accord.demo import oxfordshire as oxon
from accord.governance import services as governance
from accord.governance.models import Body, Membership, MembershipRole
from accord.meetings import services as meetings
from accord.meetings.models import AgendaItem, Attendance, AttendanceStatus, Meeting, Paper
from tests.decisions.test_voting import (
    FEBRUARY,
    START,
    TODAY,
    cast_all,
    meeting_on,
    oxfordshire,
    proposal_for,
)
from tests.factories import pdf_bytes
from tests.meetings.test_api import API, board_with_users, send, version_of

# seed 000: the Commissioning Body met on Friday 11 December 2009.
DECEMBER = datetime.date(2009, 12, 11)
PDF = pdf_bytes()


@pytest.fixture
def board(db):
    """Oxfordshire's Commissioning Body with a programme officer, "clerk" (test_api's)."""
    return board_with_users()


@pytest.fixture
def clerk(board, sign_in):
    return sign_in("clerk")


def with_items(meeting: Meeting, *titles: str) -> list[AgendaItem]:
    return [meetings.agenda_item_add(actor=None, meeting=meeting, title=t) for t in titles]


def event(action: str) -> AuditEvent:
    return AuditEvent.objects.filter(action=action).latest("sequence")


# ---------------------------------------------------------------- five clear days


@pytest.mark.parametrize(
    ("published", "meeting", "clear"),
    [
        # Monday 30 November 2009 for Friday 11 December: 1-4 and 7-10 December.
        (datetime.date(2009, 11, 30), DECEMBER, 8),
        # Friday 4 December: Monday 7 to Thursday 10 December, the weekend not counted.
        (datetime.date(2009, 12, 4), DECEMBER, 4),
        # Thursday 3 December: Friday 4 and 7-10 December.
        (datetime.date(2009, 12, 3), DECEMBER, 5),
        # Christmas 2009: the 25th and the 28th (Boxing Day's substitute) are bank holidays.
        (datetime.date(2009, 12, 22), datetime.date(2010, 1, 4), 5),
        # Published on the day of the meeting: none.
        (DECEMBER, DECEMBER, 0),
    ],
)
def test_clear_days_leave_out_both_days_weekends_and_bank_holidays(published, meeting, clear):
    assert WorkingDays(with_closures=False).clear_days(published, meeting) == clear


def test_an_agenda_published_less_than_five_clear_days_before_asks_why(board):
    meeting = meeting_on(board.body, DECEMBER)
    with_items(meeting, "Future governance: conflict resolution")
    friday = datetime.date(2009, 12, 4)
    with pytest.raises(ValidationError) as refused:
        meetings.meeting_publish_agenda(actor=None, meeting=meeting, today=friday)
    assert "urgency_reason" in refused.value.message_dict
    assert "4 clear days" in refused.value.message_dict["urgency_reason"][0]
    meeting.refresh_from_db()
    assert meeting.status == "scheduled"
    reason = "The partners must agree the rule before the grant conditions of 2010/11"
    meeting = meetings.meeting_publish_agenda(
        actor=None, meeting=meeting, today=friday, urgency_reason=reason
    )
    assert (meeting.status, meeting.agenda_published_on, meeting.urgency_reason) == (
        "agenda_published",
        friday,
        reason,
    )
    assert event("meeting.publish_agenda").changes["urgency_reason"] == ["", reason]


def test_an_agenda_published_in_time_or_for_a_private_meeting_needs_no_reason(board):
    on_time = meeting_on(board.body, DECEMBER)
    with_items(on_time, "Annual Plan 2010/11")
    published = meetings.meeting_publish_agenda(
        actor=None, meeting=on_time, today=datetime.date(2009, 12, 3), urgency_reason="ignored"
    )
    assert published.urgency_reason == ""
    private = meetings.meeting_schedule(
        actor=None, body=board.body, date=DECEMBER, place="Oxford", is_public=False
    )
    with_items(private, "Annual Plan 2010/11")
    meetings.meeting_publish_agenda(actor=None, meeting=private, today=DECEMBER)


def test_the_public_agenda_shows_the_reason_for_urgency_on_the_page_and_in_the_api(client, board):
    meeting = meeting_on(board.body, DECEMBER)
    with_items(meeting, "Future governance: conflict resolution")
    reason = "A decision is needed before the Supporting People grant conditions change"
    meetings.meeting_publish_agenda(
        actor=None, meeting=meeting, today=datetime.date(2009, 12, 9), urgency_reason=reason
    )
    page = client.get(reverse("meetings:meeting-detail", args=["oxfordshire", meeting.pk]))
    assert "Reason for urgency" in page.content.decode()
    assert reason in page.content.decode()
    api = client.get(f"{API}/meetings/{meeting.pk}").json()["meeting"]
    assert (api["urgency_reason"], api["agenda_published_on"]) == (reason, "2009-12-09")


def test_the_api_refuses_a_late_publication_without_a_reason_naming_the_field(client, clerk):
    meeting = meeting_on(_body(), timezone.localdate() + datetime.timedelta(days=2))
    with_items(meeting, "Annual Plan 2010/11")
    path = f"/meetings/{meeting.pk}"
    refused = send(client, "post", f"{path}/publish", version=version_of(client, path))
    assert refused.status_code == 422
    assert "urgency_reason" in refused.content.decode()
    reason = {"urgency_reason": "The provider's contract ends this month"}
    done = send(client, "post", f"{path}/publish", reason, version=version_of(client, path))
    assert (done.status_code, done.json()["urgency_reason"]) == (200, reason["urgency_reason"])


def _body() -> Body:
    return Body.objects.get(partnership__slug="oxfordshire", name=oxon.COMMISSIONING_BODY)


# ---------------------------------------------------------------- on or after the date


def test_attendance_is_refused_before_the_meetings_date(board):
    meeting = meeting_on(board.body, FEBRUARY)
    county = board.representatives[oxon.COUNTY]
    with pytest.raises(AccordError, match="The meeting's date has not come yet") as refused:
        meetings.attendance_record(
            actor=None, meeting=meeting, person=county, status="present",
            today=FEBRUARY - datetime.timedelta(days=1),
        )  # fmt: skip
    assert refused.value.field == "date"
    assert not Attendance.objects.filter(meeting=meeting).exists()
    meetings.attendance_record(
        actor=None, meeting=meeting, person=county, status="present", today=FEBRUARY
    )


def test_a_vote_is_refused_before_the_meetings_date(board):
    proposal = proposal_for(board)
    meeting = meeting_on(board.body, FEBRUARY)
    decisions.proposal_table(actor=None, proposal=proposal, meeting=meeting)
    meetings.meeting_publish_agenda(actor=None, meeting=meeting, today=datetime.date(2010, 1, 4))
    early = FEBRUARY - datetime.timedelta(days=3)
    with pytest.raises(AccordError, match="The meeting's date has not come yet"):
        decisions.ballot_open(actor=None, proposal=proposal, meeting=meeting, today=early)
    ballot = decisions.ballot_open(actor=None, proposal=proposal, meeting=meeting, today=FEBRUARY)
    unit = ballot.units[0]
    with pytest.raises(AccordError, match="The meeting's date has not come yet"):
        decisions.vote_cast(
            actor=None, ballot=ballot, unit=unit["key"],
            cast_by=board.representatives[unit["label"]], value="for", for_the_record=True,
            today=early,
        )  # fmt: skip
    with pytest.raises(AccordError, match="The meeting's date has not come yet"):
        decisions.ballot_close(actor=None, ballot=ballot, today=early)


def carried_at(board, date: datetime.date):
    proposal = proposal_for(board, on=date - datetime.timedelta(days=30))
    meeting = meeting_on(board.body, date)
    decisions.proposal_table(actor=None, proposal=proposal, meeting=meeting)
    meetings.meeting_publish_agenda(actor=None, meeting=meeting, today=TODAY)
    ballot = decisions.ballot_open(actor=None, proposal=proposal, meeting=meeting)
    cast_all(ballot, board.representatives)
    decisions.ballot_close(actor=None, ballot=ballot)
    proposal.refresh_from_db()
    return proposal, meeting


def test_a_decision_follows_its_meeting_when_the_meeting_is_moved(db):
    board = oxfordshire(call_in_days=5)
    proposal, meeting = carried_at(board, FEBRUARY)
    assert proposal.decided_on == FEBRUARY
    before = proposal.takes_effect_on
    # The clerk finds the meeting was in fact held on Wednesday 3 February.
    wednesday = datetime.date(2010, 2, 3)
    meetings.meeting_update(
        actor=None, meeting=meeting, date=wednesday, start_time=None, end_time=None,
        place="Oxford", online_link="", is_public=True, today=TODAY,
    )  # fmt: skip
    proposal.refresh_from_db()
    assert proposal.decided_on == wednesday
    assert proposal.takes_effect_on == WorkingDays(with_closures=True).after(wednesday, 5)
    assert proposal.takes_effect_on < before
    assert event("proposal.follow_meeting").changes["decided_on"] == ["2010-02-05", "2010-02-03"]


def test_a_meeting_with_a_vote_taken_cannot_move_to_a_day_not_come(board):
    _, meeting = carried_at(board, FEBRUARY)
    with pytest.raises(ValidationError) as refused:
        meetings.meeting_update(
            actor=None, meeting=meeting, date=datetime.date(2010, 7, 2), start_time=None,
            end_time=None, place="Oxford", online_link="", is_public=True, today=TODAY,
        )  # fmt: skip
    assert "date" in refused.value.message_dict
    meeting.refresh_from_db()
    assert meeting.date == FEBRUARY


# ---------------------------------------------------------------- the agenda


def numbered(meeting: Meeting) -> list[tuple[int, str]]:
    return list(meeting.items.order_by("number").values_list("number", "title"))


def test_items_are_changed_and_reordered_before_publication_only(board):
    meeting = meeting_on(board.body, FEBRUARY)
    first, _, third = with_items(meeting, "Apologies", "Minutes", "Annual Plan 2010/11")
    meetings.agenda_item_move(actor=None, item=third, number=1)
    assert numbered(meeting) == [(1, "Annual Plan 2010/11"), (2, "Apologies"), (3, "Minutes")]
    assert event("agenda_item.move").changes == {"number": [3, 1]}
    meetings.agenda_item_move(actor=None, item=first, number=3)
    assert numbered(meeting) == [(1, "Annual Plan 2010/11"), (2, "Minutes"), (3, "Apologies")]
    with pytest.raises(ValidationError, match="Enter a number from 1 to 3"):
        meetings.agenda_item_move(actor=None, item=first, number=4)
    meetings.agenda_item_change(actor=None, item=first, title="Apologies for absence")
    meetings.meeting_publish_agenda(actor=None, meeting=meeting, today=datetime.date(2010, 1, 4))
    with pytest.raises(AccordError, match="only before the agenda is published"):
        meetings.agenda_item_move(actor=None, item=first, number=1)
    with pytest.raises(AccordError, match="only before the agenda is published"):
        meetings.agenda_item_change(actor=None, item=first, title="Apologies")


def test_an_item_withdrawn_before_publication_leaves_no_gap(board):
    meeting = meeting_on(board.body, FEBRUARY)
    _, minutes, _ = with_items(meeting, "Apologies", "Minutes", "Annual Plan 2010/11")
    assert meetings.agenda_item_withdraw(actor=None, item=minutes) is None
    assert numbered(meeting) == [(1, "Apologies"), (2, "Annual Plan 2010/11")]
    assert event("agenda_item.remove").changes["title"] == ["Minutes", None]


def test_an_item_withdrawn_after_publication_keeps_its_number_and_reason(board, client):
    meeting = meeting_on(board.body, FEBRUARY)
    _, plan = with_items(meeting, "Apologies", "Annual Plan 2010/11")
    meetings.meeting_publish_agenda(actor=None, meeting=meeting, today=datetime.date(2010, 1, 4))
    with pytest.raises(ValidationError, match="Say why the item is withdrawn"):
        meetings.agenda_item_withdraw(actor=None, item=plan)
    reason = "The plan returns to the March meeting with the budget"
    kept = meetings.agenda_item_withdraw(actor=None, item=plan, reason=reason)
    assert kept is not None
    assert (kept.number, kept.withdrawn_reason) == (2, reason)
    with pytest.raises(AccordError, match="already withdrawn"):
        meetings.agenda_item_withdraw(actor=None, item=kept, reason=reason)
    page = client.get(reverse("meetings:meeting-detail", args=["oxfordshire", meeting.pk]))
    text = page.content.decode()
    assert "2. Annual Plan 2010/11" in text
    assert "Withdrawn" in text
    assert reason in text


def test_a_withdrawn_paper_stays_listed_and_is_no_longer_served(board, client):
    meeting = meeting_on(board.body, FEBRUARY)
    (item,) = with_items(meeting, "Annual Plan 2010/11")
    paper = meetings.paper_upload(
        actor=None, item=item, title="Annual Plan", upload=io.BytesIO(PDF), name="plan.pdf",
        size=len(PDF),
    )  # fmt: skip
    meetings.paper_change(actor=None, paper=paper, title="Annual Plan 2010/11", summary="v2")
    meetings.meeting_publish_agenda(actor=None, meeting=meeting, today=datetime.date(2010, 1, 4))
    url = reverse("meetings:paper-download", args=["oxfordshire", paper.pk])
    assert client.get(url).status_code == 200
    with pytest.raises(AccordError, match="only before the agenda is published"):
        meetings.paper_change(actor=None, paper=paper, title="Annual Plan")
    meetings.paper_withdraw(actor=None, paper=paper, reason="Superseded by the revised plan")
    assert client.get(url).status_code == 404
    assert Paper.objects.get(pk=paper.pk).withdrawn_reason == "Superseded by the revised plan"


def test_a_paper_withdrawn_before_publication_is_removed_with_its_file(board):
    meeting = meeting_on(board.body, FEBRUARY)
    (item,) = with_items(meeting, "Annual Plan 2010/11")
    paper = meetings.paper_upload(
        actor=None, item=item, title="Draft", upload=io.BytesIO(PDF), name="draft.pdf",
        size=len(PDF),
    )  # fmt: skip
    path = meetings.paper_path(paper)
    assert path.exists()
    with pytest.raises(AccordError, match="papers"):
        meetings.agenda_item_withdraw(actor=None, item=item)
    assert meetings.paper_withdraw(actor=None, paper=paper) is None
    assert not Paper.objects.filter(pk=paper.pk).exists()


def test_the_agenda_is_reordered_and_withdrawn_through_the_api(client, clerk):
    meeting = meeting_on(_body(), FEBRUARY)
    _, _, plan = with_items(meeting, "Apologies", "Minutes", "Annual Plan 2010/11")
    path = f"/meetings/{meeting.pk}/items/{plan.pk}"
    moved = send(client, "post", f"{path}/move", {"number": 1}, version=version_of(client, path))
    assert (moved.status_code, moved.json()["number"]) == (200, 1)
    changed = send(
        client, "put", path, {"title": "Annual Plan 2010/11 (revised)"},
        version=version_of(client, path),
    )  # fmt: skip
    assert changed.json()["title"] == "Annual Plan 2010/11 (revised)"
    gone = send(client, "post", f"{path}/withdraw", {}, version=version_of(client, path))
    assert gone.status_code == 204
    assert numbered(meeting) == [(1, "Apologies"), (2, "Minutes")]


# ---------------------------------------------------------------- the whole body's attendance


def test_the_whole_body_is_recorded_in_one_call_and_a_change_says_what_it_replaced(board):
    meeting = meeting_on(board.body, FEBRUARY)
    west = board.representatives[oxon.WEST]
    officer = governance.person_create(
        actor=None, partnership=board.partnership, name="Supporting People Programme Officer"
    )
    rows = [
        meetings.AttendanceRow(person, "present" if person != west else "apologies")
        for person in board.representatives.values()
    ] + [meetings.AttendanceRow(board.substitute, "substitute", west)]
    changes = meetings.attendance_record_all(
        actor=None, meeting=meeting, rows=rows, officers=[officer], today=FEBRUARY
    )
    assert not any(change.changed for change in changes)
    assert Attendance.objects.filter(meeting=meeting).count() == len(board.representatives) + 2
    assert Attendance.objects.get(person=officer).status == AttendanceStatus.IN_ATTENDANCE
    rows[0] = meetings.AttendanceRow(rows[0].person, "absent")
    changes = meetings.attendance_record_all(
        actor=None, meeting=meeting, rows=rows, officers=[], today=FEBRUARY
    )
    said = [change.sentence() for change in changes if change.changed]
    assert said == [
        f"{rows[0].person}: Absent, replacing Present",
        f"{officer}: not in attendance, replacing In attendance (officer)",
    ]
    assert event("attendance.record").changes["replaces"] == [None, "Present"]


def test_one_refused_row_records_none_of_the_form(board):
    meeting = meeting_on(board.body, FEBRUARY)
    rows = [meetings.AttendanceRow(p, "present") for p in board.representatives.values()]
    rows.append(meetings.AttendanceRow(board.substitute, "substitute"))  # for whom?
    with pytest.raises(ValidationError, match="Say whom the substitute stood in for"):
        meetings.attendance_record_all(actor=None, meeting=meeting, rows=rows, today=FEBRUARY)
    assert not Attendance.objects.filter(meeting=meeting).exists()


def attendance_form(board) -> dict[str, str]:
    """Everyone on the body present (the observer too), but West Oxfordshire's
    representative, who sends apologies; the substitute stands in."""
    west = board.representatives[oxon.WEST]
    data = {f"status_{person.pk}": "present" for person in board.seated}
    data[f"status_{west.pk}"] = "apologies"
    data[f"status_{board.substitute.pk}"] = "substitute"
    data[f"for_{board.substitute.pk}"] = str(west.pk)
    return data


def test_the_attendance_page_records_the_body_and_says_what_changed(client, clerk):
    meeting = meeting_on(_body(), FEBRUARY)
    url = reverse("meetings:attendance-create", args=["oxfordshire", meeting.pk])
    board_people = board_of(meeting)
    response = client.post(url, attendance_form(board_people))
    assert response.status_code == 302
    present = Attendance.objects.filter(meeting=meeting, status="present").count()
    assert present == len(board_people.seated) - 2  # not West (apologies) nor its substitute
    data = attendance_form(board_people)
    county = board_people.representatives[oxon.COUNTY]
    data[f"status_{county.pk}"] = "absent"
    followed = client.post(url, data, follow=True).content.decode()
    assert f"Changed: {county}: Absent, replacing Present" in followed


def test_the_attendance_page_asks_whom_a_substitute_stood_in_for(client, clerk):
    meeting = meeting_on(_body(), FEBRUARY)
    url = reverse("meetings:attendance-create", args=["oxfordshire", meeting.pk])
    data = attendance_form(board_of(meeting))
    substitute = board_of(meeting).substitute
    data[f"for_{substitute.pk}"] = ""
    response = client.post(url, data)
    assert response.status_code == 200
    assert f"Select whom {substitute.name} stood in for" in response.content.decode()
    assert not Attendance.objects.filter(meeting=meeting).exists()


def test_the_api_records_the_whole_body_from_a_list(client, clerk):
    meeting = meeting_on(_body(), FEBRUARY)
    people = board_of(meeting)
    body = [{"person_id": p.pk, "status": "present"} for p in people.representatives.values()]
    done = send(client, "put", f"/meetings/{meeting.pk}/attendance", body)
    assert done.status_code == 200
    assert len(done.json()["attendance"]) == len(body)
    body[0]["status"] = "apologies"
    again = send(client, "put", f"/meetings/{meeting.pk}/attendance", body).json()
    assert again["changes"] == [
        {"person_id": body[0]["person_id"], "now": "Apologies", "replaced": "Present"}
    ]


def test_the_attendance_page_queries_do_not_grow_with_the_body(
    client, clerk, django_assert_max_num_queries
):
    meeting = meeting_on(_body(), FEBRUARY)
    url = reverse("meetings:attendance-create", args=["oxfordshire", meeting.pk])
    with django_assert_max_num_queries(40) as counted:
        assert client.get(url).status_code == 200
    for number in range(6):
        person = governance.person_create(
            actor=None, partnership=meeting.partnership, name=f"Observer {number}"
        )
        governance.membership_create(
            actor=None, partnership=meeting.partnership, body=meeting.body, person=person,
            role=MembershipRole.OBSERVER, start_date=START,
        )  # fmt: skip
        meetings.attendance_record(
            actor=None, meeting=meeting, person=person, status="present", today=FEBRUARY
        )
    with django_assert_max_num_queries(len(counted)):
        assert client.get(url).status_code == 200


class board_of:  # reads as a function
    """The Commissioning Body's people, as the ``board`` fixture of test_api made them."""

    def __init__(self, meeting: Meeting) -> None:
        seats = Membership.objects.filter(body=meeting.body).select_related("person", "partner")
        self.representatives = {
            seat.partner.name: seat.person
            for seat in seats
            if seat.role == MembershipRole.VOTING_REPRESENTATIVE
        }
        self.substitute = next(s.person for s in seats if s.role == MembershipRole.SUBSTITUTE)
        self.seated = [seat.person for seat in seats]


# ---------------------------------------------------------------- confirmations


def test_publishing_from_the_meeting_page_asks_for_confirmation_first(client, clerk):
    meeting = meeting_on(_body(), FEBRUARY)
    with_items(meeting, "Annual Plan 2010/11")
    url = reverse("meetings:meeting-publish", args=["oxfordshire", meeting.pk])
    asked = client.post(url)
    assert asked.status_code == 200
    assert "What will follow" in asked.content.decode()
    assert "Publishing cannot be undone" in asked.content.decode()
    meeting.refresh_from_db()
    assert meeting.status == "scheduled"
    assert client.post(url, {"confirmed": "yes"}).status_code == 302
    meeting.refresh_from_db()
    assert meeting.status == "agenda_published"


def test_cancelling_is_confirmed_with_a_reason_the_page_shows(client, clerk):
    meeting = meeting_on(_body(), FEBRUARY)
    url = reverse("meetings:meeting-cancel", args=["oxfordshire", meeting.pk])
    assert "cannot be undone" in client.post(url).content.decode()
    refused = client.post(url, {"confirmed": "yes", "reason": ""})
    assert "Enter why the meeting is cancelled" in refused.content.decode()
    meeting.refresh_from_db()
    assert meeting.status == "scheduled"
    client.post(url, {"confirmed": "yes", "reason": "Too few partners could attend"})
    meeting.refresh_from_db()
    assert (meeting.status, meeting.cancelled_reason) == (
        "cancelled",
        "Too few partners could attend",
    )
    page = client.get(reverse("meetings:meeting-detail", args=["oxfordshire", meeting.pk]))
    assert "Too few partners could attend" in page.content.decode()


def test_closing_a_vote_from_its_page_asks_for_confirmation_first(client, clerk):
    body = _body()
    people = board_of(meeting_on(body, FEBRUARY))
    proposal = proposal_for(body)
    meeting = meeting_on(body, FEBRUARY)
    decisions.proposal_table(actor=None, proposal=proposal, meeting=meeting)
    meetings.meeting_publish_agenda(actor=None, meeting=meeting, today=TODAY)
    ballot = decisions.ballot_open(actor=None, proposal=proposal, meeting=meeting)
    cast_all(ballot, people.representatives)
    url = reverse("decisions:ballot-close", args=["oxfordshire", ballot.pk])
    asked = client.post(url)
    assert asked.status_code == 200
    assert "What will follow" in asked.content.decode()
    ballot.refresh_from_db()
    assert ballot.is_open
    assert client.post(url, {"confirmed": "yes"}).status_code == 302
    ballot.refresh_from_db()
    assert not ballot.is_open

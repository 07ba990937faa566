"""What the public reads of a meeting (issue 14): an exempt item leaves a numbered
placeholder citing Schedule 12A (page, API, public agenda pack and minutes), never a gap;
draft minutes are labelled as draft; attendance is published once the minutes are approved,
members by role and organisation, a service user representative by role unless they agreed
to be named."""

import datetime
import io
from typing import Any

import pytest
from django.urls import reverse
from pypdf import PdfReader

from accord.governance import services as governance
from accord.meetings import services as meetings
from accord.meetings.models import Meeting
from tests.governance.register_data import START, Register, build_register

HELD = datetime.date(2010, 2, 10)
NEXT = datetime.date(2010, 3, 10)
PLACEHOLDER = "Item 2: exempt, not for publication, paragraph 3 of Schedule 12A"
TEST = "Disclosure before the award would prejudice the procurement"


@pytest.fixture
def register(db) -> Register:
    partnership = governance.partnership_create(
        actor=None, slug="wychwood", name="Wychwood Supporting People"
    )
    return build_register(partnership)


def agenda(register: Register, *, on: datetime.date = HELD) -> Meeting:
    meeting = meetings.meeting_schedule(actor=None, body=register.board, date=on, place="Witney")
    meetings.agenda_item_add(actor=None, meeting=meeting, title="Apologies")
    meetings.agenda_item_add(
        actor=None,
        meeting=meeting,
        title="Wychwood tender prices",
        is_exempt=True,
        exempt_paragraph="3",
        public_interest_test=TEST,
    )
    meetings.agenda_item_add(actor=None, meeting=meeting, title="Annual plan")
    return meetings.meeting_publish_agenda(actor=None, meeting=meeting)


def text_of(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def meeting_page(client: Any, meeting: Meeting) -> str:
    url = reverse("meetings:meeting-detail", args=["wychwood", meeting.pk])
    response = client.get(url)
    assert response.status_code == 200
    return str(response.content.decode())


def test_an_exempt_item_leaves_a_numbered_placeholder_for_the_public(client, register):
    meeting = agenda(register)
    body = meeting_page(client, meeting)
    assert "1. Apologies" in body
    assert PLACEHOLDER in body
    assert f"The public interest test: {TEST}" in body
    assert "3. Annual plan" in body
    assert "Wychwood tender prices" not in body
    api = client.get(f"/api/meetings/partnerships/wychwood/meetings/{meeting.pk}").json()
    assert [item["number"] for item in api["items"]] == [1, 3]
    assert [line["placeholder"] for line in api["withheld"]] == [PLACEHOLDER]
    pack = client.get(reverse("meetings:agenda-pack", args=["wychwood", meeting.pk]))
    text = text_of(pack.content)
    assert PLACEHOLDER in text
    assert "Wychwood tender prices" not in text


def test_draft_minutes_are_labelled_as_draft_and_attendance_waits_for_approval(client, register):
    meeting = agenda(register)
    reps = register.people
    meetings.attendance_record(actor=None, meeting=meeting, person=reps[0], status="present")
    meetings.meeting_mark_held(actor=None, meeting=meeting, today=HELD)
    item = meeting.items.get(number=3)
    meetings.minutes_write(actor=None, item=item, text="The board agreed the annual plan.")
    body = meeting_page(client, meeting)
    assert "Draft minutes" in body
    assert "The board agreed the annual plan." in body
    assert "Who attended" not in body


def test_attendance_is_public_once_the_minutes_are_approved_naming_only_who_agreed(
    client, register
):
    meeting = agenda(register)
    shy, named = (
        governance.person_create(
            actor=None,
            partnership=register.partnership,
            name=name,
            agreed_to_be_named=agreed,
        )
        for name, agreed in [("Jo Tenant", False), ("Sam Resident", True)]
    )
    for person in (shy, named):
        governance.membership_create(
            actor=None,
            partnership=register.partnership,
            body=register.board,
            person=person,
            role="service_user_representative",
            start_date=START,
        )
    for person in (register.people[0], shy, named):
        meetings.attendance_record(actor=None, meeting=meeting, person=person, status="present")
    meetings.meeting_mark_held(actor=None, meeting=meeting, today=HELD)
    assert "Jo Tenant" not in meeting_page(client, meeting)
    later = meetings.meeting_schedule(actor=None, body=register.board, date=NEXT, place="Witney")
    meetings.agenda_item_add(actor=None, meeting=later, title="Minutes of the last meeting")
    later = meetings.meeting_publish_agenda(actor=None, meeting=later)
    # approved at the later meeting while it is being held (its day)
    meetings.minutes_approve(actor=None, meeting=meeting, at_meeting=later, today=later.date)
    body = meeting_page(client, meeting)
    assert "Who attended, as recorded in the approved minutes" in body
    assert "Wychwood Lead Member 0" in body
    assert "Wychwood Council 0" in body
    assert "Sam Resident" in body
    assert "Jo Tenant" not in body
    assert body.count("Service user representative") >= 2
    assert "Draft minutes" not in body
    api = client.get(f"/api/meetings/partnerships/wychwood/meetings/{meeting.pk}").json()
    assert api["attendance"] is None
    assert sorted((row["name"], row["role"]) for row in api["published_attendance"]) == [
        ("", "service_user_representative"),
        ("Sam Resident", "service_user_representative"),
        ("Wychwood Lead Member 0", "voting_representative"),
    ]

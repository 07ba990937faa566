"""The meeting pages issue a number of queries that does not grow with the agenda."""

import datetime
import io

import pytest
from django.urls import reverse

from accord.governance.models import Body, Membership
from accord.meetings import services as meetings
from accord.meetings.models import Meeting
from accord.partnerships.models import Partnership

BODY = "Supporting People Commissioning Body"
DATE = datetime.date(2010, 2, 3)
PDF = b"%PDF-1.4 a paper"


@pytest.fixture
def officer(client, demo, sign_in):
    sign_in("officer")
    return client


def add_items(meeting: Meeting, count: int, start: int) -> None:
    """Items each with a paper and a declaration, as a busy agenda has."""
    seats = list(
        Membership.objects.current(on=meeting.date)
        .filter(body=meeting.body)
        .select_related("person")
    )
    for number in range(start, start + count):
        item = meetings.agenda_item_add(
            actor=None, meeting=meeting, title=f"Item {number}", is_exempt=number % 2 == 0,
            exempt_reason="Commercially sensitive" if number % 2 == 0 else "",
        )  # fmt: skip
        meetings.paper_upload(
            actor=None, item=item, title=f"Paper {number}", upload=io.BytesIO(PDF),
            name=f"paper-{number}.pdf", size=len(PDF),
        )  # fmt: skip
        meetings.declaration_record(
            actor=None, item=item, person=seats[number % len(seats)].person,
            interest="A family member works for a provider", bars_participation=False,
        )  # fmt: skip


def test_the_meeting_page_queries_do_not_grow_with_items_papers_and_attendance(
    officer, django_assert_max_num_queries
):
    body = Body.objects.filter(partnership=Partnership.objects.get(slug="oxfordshire")).get(
        name=BODY
    )
    meeting = meetings.meeting_schedule(actor=None, body=body, date=DATE, place="Oxford")
    add_items(meeting, 2, 1)
    url = reverse("meetings:meeting-detail", args=["oxfordshire", meeting.pk])
    with django_assert_max_num_queries(40) as counted:
        assert officer.get(url).status_code == 200
    queries_for_two = len(counted)

    add_items(meeting, 10, 3)
    for seat in Membership.objects.current(on=DATE).filter(body=body, role="voting_representative"):
        meetings.attendance_record(
            actor=None, meeting=meeting, person=seat.person, status="present"
        )
    with django_assert_max_num_queries(queries_for_two):
        html = officer.get(url).content.decode()
    assert "Item 12" in html
    assert "Paper 12" in html
    assert "Every voting member is represented." in html


def test_the_meeting_list_and_forward_plan_queries_do_not_grow_with_the_meetings(
    officer, django_assert_max_num_queries
):
    body = Body.objects.filter(partnership=Partnership.objects.get(slug="oxfordshire")).get(
        name=BODY
    )
    pages = [
        reverse("meetings:meeting-list", args=["oxfordshire"]),
        reverse("meetings:forward-plan", args=["oxfordshire"]),
    ]

    def schedule(month: int) -> None:
        meeting = meetings.meeting_schedule(
            actor=None, body=body, date=datetime.date(2030, month, 10), place="Oxford"
        )
        meetings.agenda_item_add(actor=None, meeting=meeting, title=f"Item of month {month}")

    schedule(1)  # one coming meeting, so that the first count includes its agenda's query
    counts = []
    for url in pages:
        with django_assert_max_num_queries(40) as counted:
            assert officer.get(url).status_code == 200
        counts.append(len(counted))
    for month in range(2, 13):
        schedule(month)
    for url, count in zip(pages, counts, strict=True):
        with django_assert_max_num_queries(count):
            assert officer.get(url).status_code == 200


def test_the_forward_plan_follows_the_agendas_rules_for_exempt_and_unpublished_items(
    client, demo, sign_in
):
    from accord.decisions import services as decisions

    oxfordshire = Partnership.objects.get(slug="oxfordshire")
    body = Body.objects.filter(partnership=oxfordshire).get(name=BODY)
    published = meetings.meeting_schedule(
        actor=None, body=body, date=datetime.date(2031, 3, 5), place="Oxford"
    )
    draft = meetings.meeting_schedule(
        actor=None, body=body, date=datetime.date(2031, 4, 2), place="Oxford"
    )
    titles = {}
    for meeting, label, exempt in [
        (published, "Open tender award", False),
        (published, "Confidential tender award", True),
        (draft, "Not yet published award", False),
    ]:
        proposal = decisions.proposal_create(
            actor=None, partnership=oxfordshire, title=label, kind="tender_award",
            deciding_body=body, on=meeting.date,
        )  # fmt: skip
        decisions.proposal_table(
            actor=None, proposal=proposal, meeting=meeting, is_exempt=exempt,
            exempt_reason="Commercially sensitive" if exempt else "",
        )  # fmt: skip
        titles[label] = exempt
    meetings.meeting_publish_agenda(actor=None, meeting=published)
    url = reverse("meetings:forward-plan", args=["oxfordshire"])

    seen_by = {}
    for username in ["strategy", "representative", "officer"]:
        sign_in(username)
        html = client.get(url).content.decode()
        seen_by[username] = {label for label in titles if label in html}
    # A Core Strategy Group officer sits in the partnership but not on the deciding body.
    assert seen_by["strategy"] == {"Open tender award"}
    assert seen_by["representative"] == {"Open tender award", "Confidential tender award"}
    assert seen_by["officer"] == set(titles)


def test_a_refused_button_says_why_on_the_meeting_page_and_changes_nothing(officer):
    body = Body.objects.filter(partnership=Partnership.objects.get(slug="oxfordshire")).get(
        name=BODY
    )
    meeting = meetings.meeting_schedule(actor=None, body=body, date=DATE, place="Oxford")
    response = officer.post(
        reverse("meetings:meeting-publish", args=["oxfordshire", meeting.pk]),
        {"confirmed": "yes"},
        follow=True,
    )
    assert "Add at least one item before publishing the agenda" in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.status == "scheduled"

"""The meeting pages issue a number of queries that does not grow with the agenda."""

import datetime
import io

import pytest
from django.urls import reverse
from icalendar import Calendar

from accord.governance.models import Body, Membership
from accord.meetings import services as meetings
from accord.meetings.models import Meeting
from accord.partnerships.models import Partnership
from tests.factories import pdf_bytes

BODY = "Supporting People Commissioning Body"
DATE = datetime.date(2010, 2, 3)
PDF = pdf_bytes()


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


EXEMPT_TITLE = "Floating support: award to the preferred bidder"
PLACEHOLDER = "Item 2: exempt, not for publication, paragraph 3 of Schedule 12A"


@pytest.fixture
def exempt_award(demo, mailoutbox, django_capture_on_commit_callbacks) -> Meeting:
    """A published public agenda: an open decision, then a tender award (exempt,
    paragraph 3), each a proposal expected to be decided there."""
    from accord.decisions import services as decisions

    oxfordshire = Partnership.objects.get(slug="oxfordshire")
    body = Body.objects.filter(partnership=oxfordshire).get(name=BODY)
    meeting = meetings.meeting_schedule(
        actor=None, body=body, date=datetime.date(2031, 3, 5), place="Oxford"
    )
    for title, exempt in [("Annual Plan 2031/32", False), (EXEMPT_TITLE, True)]:
        proposal = decisions.proposal_create(
            actor=None, partnership=oxfordshire, title=title, kind="tender_award",
            deciding_body=body, on=meeting.date,
        )  # fmt: skip
        decisions.proposal_table(
            actor=None, proposal=proposal, meeting=meeting, is_exempt=exempt,
            exempt_paragraph="3" if exempt else "",
            public_interest_test="The bids' prices would harm the procurement" if exempt else "",
        )  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):  # the members' e-mails
        meetings.meeting_publish_agenda(actor=None, meeting=meeting)
    return meeting


def public_outputs(client, meeting: Meeting, mailoutbox) -> dict[str, str]:
    """What a signed-out visitor reads of the coming meeting: the forward plan (page and
    API), the body's calendar feed (lines unfolded), and the invitation members are sent."""
    slug = "oxfordshire"
    feed = client.get(reverse("meetings:calendar-feed", args=[slug, meeting.body_id]))
    invitation = next(
        content if isinstance(content, str) else content.decode()
        for message in mailoutbox
        for name, content, _ in message.attachments
        if name == f"meeting-{meeting.pk}.ics"
    )

    def calendar(data: str) -> str:
        """The calendar as sent (lines unfolded), then the meeting's description as read."""
        [event] = [
            e for e in Calendar.from_ical(data).events if e.uid.startswith(f"meeting-{meeting.pk}@")
        ]
        return data.replace("\r\n ", "") + "\n" + str(event.description)

    return {
        "forward plan": client.get(reverse("meetings:forward-plan", args=[slug])).content.decode(),
        "API": client.get(f"/api/meetings/partnerships/{slug}/forward-plan").content.decode(),
        "feed": calendar(feed.content.decode()),
        "invitation": calendar(invitation),
    }


def test_an_exempt_items_title_never_reaches_the_public_forward_plan_or_calendar(
    client, exempt_award, mailoutbox
):
    outputs = public_outputs(client, exempt_award, mailoutbox)
    assert [name for name, text in outputs.items() if "Floating support" in text] == []
    assert [name for name, text in outputs.items() if "preferred bidder" in text] == []
    assert [name for name, text in outputs.items() if "Annual Plan 2031/32" not in text] == []


def test_an_exempt_item_stands_in_the_forward_plan_and_calendar_as_its_placeholder(
    client, exempt_award, mailoutbox, sign_in
):
    outputs = public_outputs(client, exempt_award, mailoutbox)
    assert [name for name, text in outputs.items() if PLACEHOLDER not in text] == []
    # in its place: after item 1, as on the public meeting page
    plan = outputs["forward plan"]
    assert plan.index("Annual Plan 2031/32") < plan.index(PLACEHOLDER)
    assert f"Agenda:\n1. Annual Plan 2031/32\n{PLACEHOLDER}" in outputs["feed"]
    api = client.get("/api/meetings/partnerships/oxfordshire/forward-plan").json()["items"]
    [planned] = [m for m in api if m["id"] == exempt_award.pk]
    assert [w["placeholder"] for w in planned["withheld"]] == [PLACEHOLDER]
    # the body's members read the decision itself in its place
    sign_in("representative")
    html = client.get(reverse("meetings:forward-plan", args=["oxfordshire"])).content.decode()
    assert EXEMPT_TITLE in html
    assert PLACEHOLDER not in html


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

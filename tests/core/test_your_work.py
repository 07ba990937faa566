"""The signed-in home page lists a person's work: the votes open for their partner (a link
straight to the vote), their bodies' meetings of the next 30 days with their packs, the
amendments awaiting their partner's signature, minutes awaiting approval, decisions in
their call-in period, and for the programme team what needs doing next on each meeting;
in a number of queries that does not grow with the data."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accord.decisions import services as decisions
from accord.decisions.models import Ballot
from accord.demo import oxfordshire as oxon
from accord.governance.models import Body, Person
from accord.meetings import services as meetings
from accord.meetings.models import Meeting

WEST = "West Oxfordshire District Council"


@pytest.fixture
def board(demo) -> Body:
    return Body.objects.select_related("partnership").get(
        partnership__slug="oxfordshire", name=oxon.COMMISSIONING_BODY
    )


@pytest.fixture
def officer(demo):
    return get_user_model().objects.get(username="officer")


@pytest.fixture
def representative(demo):
    return get_user_model().objects.get(username="representative")


def sitting(officer, board: Body, on: datetime.date, title: str) -> Ballot:
    """A meeting of the Commissioning Body on the date, its agenda published, a proposal
    on it being voted on."""
    meeting = meetings.meeting_schedule(
        actor=officer, body=board, date=on, start_time=datetime.time(10), place="County Hall"
    )
    proposal = decisions.proposal_create(
        actor=officer, partnership=board.partnership, title=title,
        kind="commissioning_decision", deciding_body=board, on=on,
    )  # fmt: skip
    decisions.proposal_table(actor=officer, proposal=proposal, meeting=meeting)
    # held today or soon: less than five clear days' notice, so the urgency is given
    meetings.meeting_publish_agenda(
        actor=officer, meeting=meeting, urgency_reason="The vote cannot wait for the next cycle"
    )
    return decisions.ballot_open(actor=officer, proposal=proposal, meeting=meeting)


def home(client, sign_in, user) -> str:
    sign_in(user.get_username())
    response = client.get(reverse("core:home"))
    assert response.status_code == 200
    return response.content.decode()


def test_a_representative_sees_the_vote_open_for_their_partner_with_a_link_to_cast_it(
    client, sign_in, board, officer, representative
):
    ballot = sitting(officer, board, timezone.localdate(), "Floating support for older people")

    html = home(client, sign_in, representative)

    assert "Votes open for your partner" in html
    assert "Floating support for older people" in html
    assert f"{WEST} has not voted yet" in html
    url = reverse("decisions:ballot-detail", args=["oxfordshire", ballot.pk])
    assert f'href="{url}?unit=' in html
    assert f"Cast {WEST}&#x27;s vote" in html or f"Cast {WEST}'s vote" in html
    # The meeting, with its agenda pack.
    assert "Meetings in the next 30 days" in html
    assert reverse("meetings:agenda-pack", args=["oxfordshire", ballot.meeting_id]) in html


def test_a_vote_cast_says_so_and_a_vote_for_another_partner_is_not_listed(
    client, sign_in, board, officer, representative
):
    ballot = sitting(officer, board, timezone.localdate(), "Floating support for older people")
    person = Person.objects.get(partnership=board.partnership, user=representative)
    unit = next(u for u in ballot.units if person.pk in u["representatives"])
    decisions.vote_cast(
        actor=representative, ballot=ballot, unit=unit["key"], cast_by=person, value="for"
    )

    html = home(client, sign_in, representative)

    assert f"{WEST} voted for" in html
    others = [u["label"] for u in ballot.units if u["key"] != unit["key"]]
    assert not any(f"Cast {label}" in html for label in others)


def test_a_representative_sees_the_amendments_awaiting_their_partners_signature(
    client, sign_in, representative
):
    html = home(client, sign_in, representative)

    # The demo's two draft amendments of December 2009, put to the partners for signature.
    assert "Amendments awaiting your partner&#x27;s signature" in html
    assert f"Sign for {WEST}" in html


def test_the_programme_team_sees_what_needs_doing_next_on_each_meeting(
    client, sign_in, board, officer
):
    today = timezone.localdate()
    ballot = sitting(officer, board, today, "Floating support for older people")
    coming = meetings.meeting_schedule(
        actor=officer, body=board, date=today + datetime.timedelta(days=14), place="Abingdon"
    )

    html = home(client, sign_in, officer)

    assert "What needs doing next" in html
    # From the meeting lifecycle: the meeting of today is under way (attendance, held),
    # the one in a fortnight is scheduled (publish); and the vote at today's to close.
    assert "Record attendance" in html
    assert "Record the meeting as held" in html
    assert "Publish the agenda" in html
    assert reverse("meetings:meeting-detail", args=["oxfordshire", coming.pk]) in html
    assert "Close the vote: Floating support for older people" in html
    assert reverse("decisions:ballot-detail", args=["oxfordshire", ballot.pk]) in html


def test_held_meetings_await_approval_of_their_minutes_and_decisions_their_call_in(
    client, sign_in, board, officer, representative
):
    today = timezone.localdate()
    ballot = sitting(officer, board, today, "Floating support for older people")
    for unit in ballot.units:
        decisions.vote_cast(
            actor=officer, ballot=ballot, unit=unit["key"], value="for", for_the_record=True,
            cast_by=Person.objects.get(pk=unit["representatives"][0]),
        )  # fmt: skip
    decisions.ballot_close(actor=officer, ballot=ballot)
    meeting = Meeting.objects.get(pk=ballot.meeting_id)
    meetings.meeting_mark_held(actor=officer, meeting=meeting, today=today)

    html = home(client, sign_in, representative)

    assert "Minutes awaiting approval" in html
    ballot.proposal.refresh_from_db()
    if ballot.proposal.takes_effect_on and ballot.proposal.takes_effect_on > today:
        assert "Decisions in their call-in period" in html
        assert f"can be called in until {ballot.proposal.takes_effect_on:%-d %B %Y}" in html


def test_someone_signed_out_sees_no_work(client, demo):
    html = client.get(reverse("core:home")).content.decode()
    assert "Your work" not in html


@pytest.mark.parametrize("username", ["representative", "officer"])
def test_the_home_page_costs_the_same_queries_for_one_meeting_or_four(
    client, sign_in, board, officer, username
):
    today = timezone.localdate()
    sitting(officer, board, today, "The first proposal")
    sign_in(username)
    client.get(reverse("core:home"))  # the session and caches settle

    with CaptureQueriesContext(connection) as one:
        client.get(reverse("core:home"))
    # votes are taken at a meeting on or after its date: three earlier sittings, still voting
    for day in (1, 2, 3):
        sitting(officer, board, today - datetime.timedelta(days=day), f"Proposal {day}")
    with CaptureQueriesContext(connection) as four:
        response = client.get(reverse("core:home"))
    html = response.content.decode()

    assert "Proposal 3" in html
    assert len(four) == len(one), [q["sql"][:120] for q in four.captured_queries]

"""The meeting page links to each open vote, and a representative's vote form has the only
partner they may vote for chosen (who may cast is the decisions service's rule)."""

import datetime

import pytest
from django.urls import reverse

from accord.decisions import services as decisions
from accord.decisions.models import Ballot, Vote
from accord.demo import oxfordshire as oxon
from accord.governance.models import Body, Partner
from accord.meetings import services as meetings

FEBRUARY = datetime.date(2010, 2, 5)
WEST = "West Oxfordshire District Council"


@pytest.fixture
def ballot(demo) -> Ballot:
    board = Body.objects.get(partnership__slug="oxfordshire", name=oxon.COMMISSIONING_BODY)
    meeting = meetings.meeting_schedule(actor=None, body=board, date=FEBRUARY, place="Oxford")
    proposal = decisions.proposal_create(
        actor=None, partnership=board.partnership, title="Floating support",
        kind="commissioning_decision", deciding_body=board, on=FEBRUARY,
    )  # fmt: skip
    decisions.proposal_table(actor=None, proposal=proposal, meeting=meeting)
    meetings.meeting_publish_agenda(actor=None, meeting=meeting)
    return decisions.ballot_open(actor=None, proposal=proposal, meeting=meeting)


def test_the_meeting_page_links_to_the_open_vote_and_not_once_it_is_closed(client, sign_in, ballot):
    sign_in("representative")
    page = reverse("meetings:meeting-detail", args=["oxfordshire", ballot.meeting_id])
    vote = reverse("decisions:ballot-detail", args=["oxfordshire", ballot.pk])

    assert f'href="{vote}#vote"' in client.get(page).content.decode()

    decisions.ballot_close(actor=None, ballot=ballot)
    assert f'href="{vote}#vote"' not in client.get(page).content.decode()


def test_a_representatives_vote_form_has_their_only_partner_chosen_and_casts_it(
    client, sign_in, ballot
):
    sign_in("representative")
    west = Partner.objects.get(partnership__slug="oxfordshire", name=WEST)
    path = reverse("decisions:ballot-detail", args=["oxfordshire", ballot.pk])

    html = client.get(path).content.decode()

    form = html.split('id="vote"')[1].split("</select>")[0]
    assert f'<option value="partner-{west.pk}" selected>{WEST}</option>' in form
    assert form.count("<option") == 2  # the prompt and their partner

    response = client.post(
        reverse("decisions:vote-create", args=["oxfordshire", ballot.pk]),
        {"unit": f"partner-{west.pk}", "value": "for"},
    )
    assert response.status_code == 302
    vote = Vote.objects.get(ballot=ballot, current=True)
    assert vote.partner == west
    assert vote.cast_by.user is not None
    assert vote.cast_by.user.username == "representative"


def test_the_programme_teams_vote_form_chooses_nothing_for_them(client, sign_in, ballot):
    sign_in("officer")
    html = client.get(reverse("decisions:ballot-detail", args=["oxfordshire", ballot.pk]))
    form = html.content.decode().split('id="vote"')[1].split("</select>")[0]
    assert '<option value="" selected>' in form  # they choose whose vote they record

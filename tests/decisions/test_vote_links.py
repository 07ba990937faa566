"""The meeting page links to each open vote, and a representative's vote form has the only
partner they may vote for chosen (who may cast is the decisions service's rule) and offers
the choices as buttons: one click casts the vote."""

import datetime
import re

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


def vote_form(html: str) -> str:
    return html.split('id="vote"')[1].split("</form>")[0]


def test_the_vote_form_asks_its_question_over_one_button_per_value(client, sign_in, ballot):
    sign_in("representative")
    form = vote_form(
        client.get(
            reverse("decisions:ballot-detail", args=["oxfordshire", ballot.pk])
        ).content.decode()
    )

    legend = form.split("<legend")[1].split("</legend>")[0]
    assert f"How does {WEST} vote?" in legend
    buttons = re.findall(
        r'<button type="submit" name="value" value="(\w+)"[^>]*>([^<]+)</button>', form
    )
    assert buttons == [("for", "Vote for"), ("against", "Vote against"), ("abstain", "Abstain")]
    assert form.count('type="submit"') == 3  # no other button: the choice is the submission
    assert 'type="radio"' not in form
    assert 'name="subject_to_ratification"' in form  # ticked before pressing Vote for


def test_the_programme_teams_vote_form_asks_how_the_partner_voted(client, sign_in, ballot):
    sign_in("officer")
    form = vote_form(
        client.get(
            reverse("decisions:ballot-detail", args=["oxfordshire", ballot.pk])
        ).content.decode()
    )
    assert "How did the partner vote?" in form
    assert 'name="cast_by"' in form
    assert form.count('name="value"') == 3


def test_a_vote_against_subject_to_ratification_is_refused_on_the_form(client, sign_in, ballot):
    sign_in("representative")
    west = Partner.objects.get(partnership__slug="oxfordshire", name=WEST)
    url = reverse("decisions:vote-create", args=["oxfordshire", ballot.pk])

    response = client.post(
        url, {"unit": f"partner-{west.pk}", "subject_to_ratification": "on", "value": "against"}
    )

    assert response.status_code == 200
    assert "Only a vote for can be subject to ratification" in response.content.decode()
    assert not Vote.objects.filter(ballot=ballot).exists()
    client.post(
        url, {"unit": f"partner-{west.pk}", "subject_to_ratification": "on", "value": "for"}
    )
    vote = Vote.objects.get(ballot=ballot, current=True)
    assert (vote.value, vote.subject_to_ratification) == ("for", True)


def test_a_vote_posted_without_a_button_is_refused_with_the_buttons_named(client, sign_in, ballot):
    sign_in("representative")
    west = Partner.objects.get(partnership__slug="oxfordshire", name=WEST)

    response = client.post(
        reverse("decisions:vote-create", args=["oxfordshire", ballot.pk]),
        {"unit": f"partner-{west.pk}"},
    )

    html = response.content.decode()
    assert '<a href="#id_value">Choose Vote for, Vote against or Abstain</a>' in html
    assert 'id="id_value"' in vote_form(html)  # the link leads to the first button
    assert not Vote.objects.filter(ballot=ballot).exists()

"""A partner's representative in a real browser: sets up two-factor sign-in the first time
(those who cast votes must use it), then from the home page to casting their partner's vote
in two clicks (the link on the home page, then the button: the form has their partner
chosen), then their e-mail choices, their partner's position and their signature of the
amendment; every page on the way passes axe-core."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Page, expect

from accord.core.demo import DEMO_PASSWORD
from accord.decisions import services as decisions
from accord.decisions.models import Ballot, Vote
from accord.governance.models import Body, Question
from accord.meetings import services as meetings

from .conftest import axe_violations, screenshot, sign_in_verified
from .test_home import sign_in

COMMISSIONING_BODY = "Supporting People Commissioning Body"
WEST = "West Oxfordshire District Council"


def a_vote_open_today() -> Ballot:
    """The programme officer has scheduled today's meeting, published its agenda and
    opened the vote on a proposal."""
    officer = get_user_model().objects.get(username="officer")
    board = Body.objects.get(partnership__slug="oxfordshire", name=COMMISSIONING_BODY)
    today = timezone.localdate()
    meeting = meetings.meeting_schedule(
        actor=officer, body=board, date=today, place="County Hall, Oxford"
    )
    proposal = decisions.proposal_create(
        actor=officer, partnership=board.partnership, title="Floating support for older people",
        kind="commissioning_decision", deciding_body=board, on=today,
    )  # fmt: skip
    decisions.proposal_table(actor=officer, proposal=proposal, meeting=meeting)
    meetings.meeting_publish_agenda(  # a fortnight ahead, as section 100B asks
        actor=officer, meeting=meeting, today=today - datetime.timedelta(days=14)
    )
    return decisions.ballot_open(actor=officer, proposal=proposal, meeting=meeting)


@pytest.mark.django_db(transaction=True)
def test_a_representative_casts_their_partners_vote_from_the_home_page_in_two_clicks(
    page: Page, demo
):
    ballot = a_vote_open_today()
    sign_in(page, "representative", DEMO_PASSWORD)
    # The first sign-in of someone who casts votes: set up an authenticator app.
    expect(page.get_by_role("heading", name="Set up two-factor sign-in", level=1)).to_be_visible()
    expect(page.get_by_text("representatives and substitutes who cast votes")).to_be_visible()
    device = TOTPDevice.objects.get(user__username="representative", confirmed=False)
    page.get_by_label("Code from your authenticator app").fill(
        f"{totp(device.bin_key, step=device.step):06d}"
    )
    page.get_by_label("Your password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Confirm and continue").click()
    expect(page.locator("#recovery-codes li")).to_have_count(10)
    page.get_by_role("button", name="I have saved my recovery codes").click()
    expect(page.get_by_role("heading", name="Your work")).to_be_visible()
    expect(page.get_by_role("heading", name="Votes open for your partner")).to_be_visible()
    screenshot(page, "representative-home")
    assert axe_violations(page) == []

    page.get_by_role("link", name=f"Cast {WEST}'s vote").click()  # the first click
    expect(page.get_by_role("heading", name="Cast your partner's vote")).to_be_visible()
    expect(page.get_by_label("Whose vote")).to_have_value(
        f"partner-{ballot.units[[u['label'] for u in ballot.units].index(WEST)]['partner_id']}"
    )
    expect(page.get_by_role("group", name=f"How does {WEST} vote?")).to_be_visible()
    screenshot(page, "representative-vote")
    assert axe_violations(page) == []
    page.get_by_role("button", name="Vote for").click()  # the second
    expect(page.get_by_text("Vote recorded")).to_be_visible()
    vote = Vote.objects.get(ballot=ballot, current=True)
    assert vote.partner is not None
    assert vote.cast_by.user is not None
    assert (vote.partner.name, vote.value, vote.cast_by.user.username) == (
        WEST, "for", "representative",
    )  # fmt: skip
    screenshot(page, "representative-voted")
    assert axe_violations(page) == []

    # The meeting page links to the vote.
    page.goto(f"/partnerships/oxfordshire/meetings/{ballot.meeting_id}/")
    expect(page.get_by_role("link", name="Go to the vote on Floating support")).to_be_visible()
    assert axe_violations(page) == []


@pytest.mark.django_db(transaction=True)
def test_a_representative_chooses_their_emails_states_a_position_and_signs(
    page: Page, live_server, demo
):
    sign_in_verified(page, live_server, "representative")  # password and code (as above)
    page.goto("/")
    page.get_by_role("link", name="Choose the e-mails you receive").click()
    expect(page.get_by_role("heading", name="E-mail notifications")).to_be_visible()
    assert axe_violations(page) == []
    page.get_by_label("A decision is made, with its call-in period").uncheck()
    page.get_by_role("button", name="Save choices").click()
    expect(page.get_by_text("Your e-mail choices are saved")).to_be_visible()
    expect(page.get_by_label("A decision is made, with its call-in period")).not_to_be_checked()
    assert axe_violations(page) == []

    question = Question.objects.filter(partnership__slug="oxfordshire").order_by("pk")[0]
    page.goto(f"/partnerships/oxfordshire/questions/{question.pk}/")
    page.get_by_role("link", name="State your partner's position").click()
    assert axe_violations(page) == []
    page.get_by_role("button", name="Record position").click()  # nothing chosen: refused
    expect(page.locator(".govuk-error-summary")).to_contain_text("Select the partner's position")
    assert axe_violations(page) == []
    page.get_by_label("Support", exact=True).check()
    page.get_by_label("Reasons").fill("Service users know the services best")
    page.get_by_role("button", name="Record position").click()
    expect(page.get_by_text("Position recorded")).to_be_visible()

    page.goto("/")
    page.get_by_role("link", name=f"Sign for {WEST}").first.click()
    expect(page.get_by_role("heading", name="Sign the amendment")).to_be_visible()
    assert axe_violations(page) == []
    page.get_by_role("button", name="Sign for your partner").click()
    expect(page.get_by_text("Signature recorded")).to_be_visible()
    assert axe_violations(page) == []

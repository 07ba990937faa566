"""A programme officer takes a proposal through the partnership's conflict route in the
browser: a vote that is not carried, escalation to the chief executives with no change,
and a second meeting where the officers' fallback rule of December 2009 decides
(seed 000, para 19), with every page on the way accessible."""

import datetime

import pytest
from playwright.sync_api import Page, expect

from accord.governance import services as governance
from accord.governance.models import Amendment, Body, Membership
from accord.meetings import services as meetings
from accord.partnerships.models import Partnership

from .conftest import axe_violations, fill_date, screenshot, sign_in_verified

COMMISSIONING_BODY = "Supporting People Commissioning Body"
WEST = "West Oxfordshire District Council"
SIGNED = datetime.date(2010, 3, 1)
FIRST = datetime.date(2010, 4, 14)
SECOND = datetime.date(2010, 5, 12)


def adopt_the_officers_recommendation(oxfordshire: Partnership) -> None:
    """Every partner signs the officers' amendment on 1 March 2010 (an assumption: the
    seeds stop at the proposal), so its majority fallback is in force from then."""
    amendment = Amendment.objects.get(partnership=oxfordshire)
    seats = Membership.objects.current(on=SIGNED).filter(
        body__name=COMMISSIONING_BODY, role="voting_representative"
    )
    for seat in seats.select_related("partner", "person"):
        governance.signature_record(
            actor=None,
            amendment=amendment,
            partner=seat.partner,
            signed_by=seat.person,
            signed_on=SIGNED,
        )


def vote_the_partners(page: Page, against: str) -> None:
    """Record every partner's vote as cast in the meeting: one against, the rest for."""
    units = page.get_by_label("Whose vote").locator("option").all_inner_texts()
    casters = page.get_by_label("Cast by").locator("option").all_inner_texts()
    for label in [unit for unit in units if unit != "Select the voting member"]:
        page.get_by_label("Whose vote").select_option(label=label)
        # The officer names who cast the vote in the room: here, the partner's representative.
        caster = next(name for name in casters if name.endswith(f"({label}'s representative)"))
        page.get_by_label("Cast by").select_option(label=caster)
        page.get_by_role("button", name="Vote against" if label == against else "Vote for").click()
        expect(page.get_by_text("Vote recorded")).to_be_visible()


def open_the_vote(page: Page, on: datetime.date) -> None:
    page.get_by_role("button", name=f"Open the vote at the meeting of {on:%-d %B %Y}").click()
    expect(page.get_by_text("The vote is open")).to_be_visible()


@pytest.mark.django_db(transaction=True)
def test_a_proposal_not_carried_is_escalated_and_carried_by_the_fallback_rule_at_a_second_meeting(
    page, live_server, demo
):
    oxfordshire = Partnership.objects.get(slug="oxfordshire")
    adopt_the_officers_recommendation(oxfordshire)
    body = Body.objects.filter(partnership=oxfordshire).get(name=COMMISSIONING_BODY)
    for date in (FIRST, SECOND):
        meetings.meeting_schedule(actor=None, body=body, date=date, place="County Hall, Oxford")
    sign_in_verified(page, live_server, "officer")

    page.goto("/partnerships/oxfordshire/proposals/")
    assert axe_violations(page) == []
    page.get_by_role("link", name="Draft a proposal").click()
    page.get_by_label("Title").fill("Strategy 2010-15: resident wardens")
    page.get_by_label("Type of proposal").select_option(label="Strategy")
    page.get_by_label("What is proposed").fill("Replace resident wardens with floating support.")
    page.get_by_label("Deciding body").select_option(label=COMMISSIONING_BODY)
    page.get_by_role("button", name="Draft proposal").click()
    expect(page.get_by_role("heading", name="Strategy 2010-15: resident wardens")).to_be_visible()

    # Tabled at the April meeting, whose agenda is then published; the vote is not carried.
    page.get_by_role("link", name="Table it at a meeting").click()
    page.get_by_label("Meeting").select_option(label=f"{COMMISSIONING_BODY}, 14 April 2010")
    page.get_by_role("button", name="Table proposal").click()
    expect(page.get_by_text("Proposal added to the meeting's agenda")).to_be_visible()
    meetings.meeting_publish_agenda(actor=None, meeting=body.meetings.get(date=FIRST))
    page.reload()
    open_the_vote(page, FIRST)
    expect(
        page.get_by_text("unanimity: every one of all voting members must vote for")
    ).to_be_visible()
    vote_the_partners(page, against=WEST)
    screenshot(page, "decisions-ballot")
    assert axe_violations(page) == []
    page.get_by_role("button", name="Close the vote").click()
    expect(page.get_by_role("heading", name="What will follow")).to_be_visible()
    assert axe_violations(page) == []
    page.get_by_role("button", name="Close the vote").click()
    expect(page.get_by_text("Outcome: not carried")).to_be_visible()
    expect(page.get_by_text(f"1 ({WEST}) voted against").first).to_be_visible()

    # The constitution's route: escalation to the chief executives, who find no change.
    page.get_by_role("link", name="Escalate").click()
    fill_date(page, "Date", 21, 4, 2010)
    page.get_by_label("What happened").fill("No scope for a compromise.")
    page.get_by_role("button", name="Escalate the dispute").click()
    expect(page.get_by_text("Escalated to the escalation body")).to_be_visible()
    page.get_by_role("link", name="Record the escalation body's result").click()
    page.get_by_label("No change: the proposal returns as it was").check()
    fill_date(page, "Date", 28, 4, 2010)
    page.get_by_role("button", name="Record the escalation body's result").click()
    expect(page.get_by_text("Result: No change: the proposal returns as it was")).to_be_visible()

    # The second meeting: the fallback rule (a majority of all eight) decides.
    page.get_by_role("link", name="Table it again at a later meeting").click()
    page.get_by_label("Meeting").select_option(label=f"{COMMISSIONING_BODY}, 12 May 2010")
    page.get_by_role("button", name="Table proposal").click()
    meetings.meeting_publish_agenda(actor=None, meeting=body.meetings.get(date=SECOND))
    page.reload()
    open_the_vote(page, SECOND)
    expect(page.get_by_text("the fallback rule at a second meeting")).to_be_visible()
    vote_the_partners(page, against=WEST)
    page.get_by_role("button", name="Close the vote").click()
    page.get_by_role("button", name="Close the vote").click()
    expect(page.get_by_text("Outcome: carried")).to_be_visible()
    expect(page.get_by_text("Judged by the fallback rule at a second meeting")).to_be_visible()
    expect(page.locator(".govuk-summary-list")).to_contain_text("Carried")
    expect(page.get_by_text("Outside the constitution")).to_have_count(0)
    screenshot(page, "decisions-proposal")
    assert axe_violations(page) == []


@pytest.mark.django_db(transaction=True)
def test_the_2008_dispute_is_flagged_and_the_simulator_compares_the_rules(page, live_server, demo):
    sign_in_verified(page, live_server, "representative")
    page.goto("/partnerships/oxfordshire/proposals/")
    page.get_by_role("link", name="Strategy 2008-11", exact=True).click()
    expect(page.get_by_text("Outside the constitution").first).to_be_visible()
    expect(page.get_by_text("the County Council's Chief Executive approved")).to_be_visible()
    # the seed gives no date for the approval: it is marked, and the mark explained
    expect(page.locator(".accord-illustrative").first).to_be_visible()
    expect(page.get_by_text("Illustrative: not from the source documents.")).to_be_visible()
    assert axe_violations(page) == []

    page.goto("/partnerships/oxfordshire/simulator/")
    row = page.get_by_role("row", name="Strategy 2008-11")
    expect(row.get_by_role("cell").nth(0)).to_contain_text("Not carried")
    expect(row.get_by_role("cell").nth(1)).to_contain_text("Carried")
    page.get_by_label("Decision rule (JSON)").fill('{"kind": "majority", "threshold": "3/2"}')
    page.get_by_role("button", name="Add it to the comparison").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("threshold")
    screenshot(page, "decisions-simulator")
    assert axe_violations(page) == []

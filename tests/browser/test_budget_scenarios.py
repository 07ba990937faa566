"""A programme officer builds two savings scenarios for Oxfordshire's 2009/10 pool in the
browser (a line of the plan cut, a contract decommissioned), compares them side by side,
takes one to the Commissioning Body, and records the board's carried decision approving
it (issue 17 item 5). Every page of the walk passes axe-core."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from accord.budget.models import Scenario
from accord.commissioning.models import Contract
from accord.decisions import services as decisions
from accord.decisions.models import Proposal
from accord.governance.models import Person
from accord.meetings import services as meetings

from .conftest import axe_violations, screenshot, sign_in_verified

COMMISSIONING_BODY = "Supporting People Commissioning Body"
WARDENS = "Older people: resident wardens in sheltered housing"


def start(page: Page, title: str, percent: str) -> None:
    page.get_by_role("link", name="Start a savings scenario").click()
    page.get_by_label("Title").fill(title)
    page.get_by_label("The pool falls by (per cent)").fill(percent)
    page.get_by_role("button", name="Start the scenario").click()
    expect(page.get_by_role("heading", name=title)).to_be_visible()


def carry(proposal: Proposal) -> None:
    """The board carries the proposal at a meeting today, every partner for (the vote's
    own walk is tests/browser/test_decisions.py)."""
    today = timezone.localdate()
    meeting = meetings.meeting_schedule(
        actor=None,
        body=proposal.deciding_body,
        date=today,
        start_time=datetime.time(10),
        place="Oxford",
    )
    decisions.proposal_table(actor=None, proposal=proposal, meeting=meeting)
    meetings.meeting_publish_agenda(
        actor=None, meeting=meeting, urgency_reason="Next year's budget is set this month"
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


@pytest.mark.django_db(transaction=True)
def test_an_officer_compares_two_scenarios_and_the_board_approves_one(
    page: Page, live_server, demo
):
    sign_in_verified(page, live_server, "officer")
    page.goto("/partnerships/oxfordshire/budget/")
    page.get_by_role("link", name="2009/10").click()
    page.get_by_role("link", name="Savings scenarios").click()
    expect(page.get_by_role("heading", name="Savings scenarios")).to_be_visible()
    assert axe_violations(page) == []

    start(page, "A 10% fall, wardens cut", "10")
    page.get_by_role("link", name="Propose a reduction").click()
    assert axe_violations(page) == []
    page.get_by_label("Plan line (or choose a contract below)").select_option(label=WARDENS)
    page.get_by_label("Reduction (pounds)").fill("99999999")
    page.get_by_role("button", name="Propose the reduction").click()
    expect(page.get_by_text("The line holds only").first).to_be_visible()
    assert axe_violations(page) == []
    page.get_by_label("Reduction (pounds)").fill("250000")
    page.get_by_role("button", name="Propose the reduction").click()
    expect(page.get_by_text("Reduction proposed")).to_be_visible()
    expect(page.get_by_text("Still to find")).to_be_visible()
    screenshot(page, "scenario-detail")
    assert axe_violations(page) == []

    page.get_by_role("link", name="savings scenarios for 2009/10").click()
    start(page, "A 5% fall, one contract ends", "5")
    contract = (
        Contract.objects.filter(
            partnership__slug="oxfordshire", values__financial_year=2009, services__isnull=False
        )
        .order_by("reference")
        .first()
    )
    assert contract is not None
    page.get_by_role("link", name="Propose a reduction").click()
    page.get_by_label("Contract (or choose a plan line above)").select_option(str(contract.pk))
    page.get_by_label("Decommission the contract").check()
    page.get_by_role("button", name="Propose the reduction").click()
    expect(page.get_by_text("Decommissioned").first).to_be_visible()
    expect(page.get_by_role("heading", name="Capacity lost")).to_be_visible()
    assert axe_violations(page) == []

    page.get_by_role("link", name="savings scenarios for 2009/10").click()
    page.get_by_label("Compare A 10% fall, wardens cut").check()
    page.get_by_label("Compare A 5% fall, one contract ends").check()
    page.get_by_role("button", name="Compare side by side").click()
    expect(page.get_by_role("heading", name="Savings scenarios side by side")).to_be_visible()
    expect(page.get_by_role("columnheader", name="A 10% fall, wardens cut (draft)")).to_be_visible()
    expect(
        page.get_by_role("columnheader", name="A 5% fall, one contract ends (draft)")
    ).to_be_visible()
    screenshot(page, "scenario-compare")
    assert axe_violations(page) == []

    page.get_by_role("link", name="A 10% fall, wardens cut").click()
    page.get_by_role("link", name="Take it to the board").click()
    assert axe_violations(page) == []
    page.get_by_label("The body that decides").select_option(label=COMMISSIONING_BODY)
    page.get_by_role("button", name="Draft the proposal").click()
    expect(page.get_by_text("Savings scenario", exact=True)).to_be_visible()
    proposal = Proposal.objects.get(kind="savings_scenario")
    carry(proposal)

    scenario = Scenario.objects.get(proposal=proposal)
    page.goto(f"/partnerships/oxfordshire/budget/{scenario.pool_id}/scenarios/{scenario.pk}/")
    expect(page.get_by_text("With the board")).to_be_visible()
    page.get_by_role("link", name="Record the board's approval").click()
    assert axe_violations(page) == []
    page.get_by_label("The board's decision approving the scenario").select_option(str(proposal.pk))
    page.get_by_role("button", name="Record the approval").click()
    expect(page.get_by_text("Scenario approved")).to_be_visible()
    expect(page.get_by_text("Approved", exact=True)).to_be_visible()
    screenshot(page, "scenario-approved")
    assert axe_violations(page) == []

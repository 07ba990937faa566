"""Issue 16's evaluation, end to end in the browser: Oxfordshire's retender of floating
support (tests/procurement/test_services.py) is closed with three bids. Two evaluators
sign in one after the other and score independently (the second sees nothing of the
first's scores until submitting); the programme officer moderates, completes the
evaluation, awards on the board's carried tender award to the bid the evaluation ranks
first, publishes the award notice (the standstill computed from the Act), records a
challenge and its outcome, and signs after the standstill (it ended in January 2026).
Every page passes axe-core (WCAG 2.2 AA)."""

from typing import Any

import pytest
from playwright.sync_api import Page, expect

from accord.procurement import services
from accord.procurement.models import Procurement
from tests import factories
from tests.procurement.test_services import AFTER, World, opened, refresh

from .conftest import axe_violations, fill_date, screenshot, sign_in_verified

# Each bid's scores: (quality of support out of 10, user involvement out of 5).
SCORES = {
    "Oxford Floating Support": (9, 5),
    "Cherwell Housing Trust": (6, 3),
    "Vale Support": (7, 4),
}
ANNAS_NOTE = "Strong evidence of outcomes for people moving on"


def accessible(page: Page, name: str) -> None:
    screenshot(page, f"procurement-evaluation-{name}")
    assert axe_violations(page) == [], name


def score_as(page: Page, live_server: Any, procurement: Procurement, username: str) -> None:
    """Sign in, open "My evaluation" from the procurement's page, score every bid and
    submit."""
    sign_in_verified(page, live_server, username)
    page.goto(f"/partnerships/oxon/procurements/{procurement.pk}/")
    page.get_by_role("link", name="My evaluation").click()
    expect(page.get_by_role("heading", name="My evaluation")).to_be_visible()
    expect(page.get_by_text("The panel's scores")).to_have_count(0)
    expect(page.get_by_text(ANNAS_NOTE)).to_have_count(0)
    expect(page.get_by_text("£")).to_have_count(0)  # prices are the programme team's
    accessible(page, f"mine-{username}")
    for number, (bidder, (quality, involvement)) in enumerate(SCORES.items()):
        page.get_by_role("link", name=f"Score the bid of {bidder}").click()
        page.get_by_label("Score (0 to 10)").fill(str(quality))
        page.get_by_label("Score (0 to 5)").fill(str(involvement))
        if username == "anna" and number == 0:
            page.get_by_role("group", name="Quality of support (weight 40)").get_by_label(
                "Why (optional)"
            ).fill(ANNAS_NOTE)
            accessible(page, "score")
        page.get_by_role("button", name="Save the scores").click()
        expect(page.get_by_text(f"Scores of {bidder}'s bid recorded")).to_be_visible()
    page.get_by_role("link", name="Submit my scores").click()
    accessible(page, f"submit-{username}")
    page.get_by_role("button", name="Submit my scores").click()
    expect(page.get_by_text("Your scores are submitted")).to_be_visible()
    expect(page.get_by_role("heading", name="The panel's scores")).to_be_visible()


@pytest.mark.django_db(transaction=True)
def test_two_evaluators_score_and_the_officer_awards_and_signs(page: Page, live_server):
    w = World()
    factories.ProgrammeOfficerFactory(partnership=w.partnership, user=w.officer)
    for user in (w.anna, w.ben):
        seat: Any = factories.MembershipFactory(body=w.board)
        seat.person.user = user
        seat.person.save()
    procurement = opened(w)  # Anna and Ben on the panel; three bids by the deadline
    services.procurement_close(actor=w.officer, procurement=procurement, now=AFTER)
    award = w.decision("tender_award")

    # (1) Anna scores and submits; (2) Ben, scoring after her, sees none of hers until
    # he has submitted, then both side by side.
    score_as(page, live_server, procurement, "anna")
    score_as(page, live_server, procurement, "ben")
    oxford = page.get_by_role("table", name="Oxford Floating Support")
    expect(oxford.get_by_role("columnheader", name="anna")).to_be_visible()
    expect(oxford.get_by_role("columnheader", name="ben (you)")).to_be_visible()

    # (3) The programme officer moderates each bid, then completes the evaluation.
    sign_in_verified(page, live_server, "officer")
    page.goto(f"/partnerships/oxon/procurements/{procurement.pk}/")
    accessible(page, "detail-evaluating")
    page.get_by_role("link", name="Moderate a score").click()
    expect(page.get_by_role("heading", name="Moderation")).to_be_visible()
    accessible(page, "moderation")
    for bidder, (quality, involvement) in SCORES.items():
        page.get_by_role("link", name=f"Record the agreed scores of the bid of {bidder}").click()
        support = page.get_by_role("group", name="Quality of support (weight 40)")
        support.get_by_label("Agreed score (0 to 10)").fill(str(quality))
        involvement_group = page.get_by_role("group", name="User involvement (weight 20)")
        involvement_group.get_by_label("Agreed score (0 to 5)").fill(str(involvement))
        involvement_group.get_by_label("Rationale").fill("The panel agreed on the evidence")
        if bidder == "Oxford Floating Support":
            # The rationale is required: the service's words, on its field.
            page.get_by_role("button", name="Save the agreed scores").click()
            expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
            expect(
                page.get_by_role("link", name="Record why the panel agreed this score")
            ).to_be_visible()
            accessible(page, "moderate-refused")
        support = page.get_by_role("group", name="Quality of support (weight 40)")
        support.get_by_label("Rationale").fill("Both evaluators gave the same score")
        page.get_by_role("button", name="Save the agreed scores").click()
        expect(page.get_by_text(f"Agreed scores of {bidder}'s bid recorded")).to_be_visible()
    page.get_by_role("link", name="Complete the evaluation").click()
    accessible(page, "complete")
    page.get_by_role("button", name="Complete the evaluation").click()
    expect(page.get_by_text("Evaluation complete")).to_be_visible()
    ranking = page.get_by_role(
        "table", name="Ranking: computed from the agreed scores and the prices, never typed"
    )
    rows = ranking.get_by_role("row")
    expect(rows.nth(1)).to_contain_text("Oxford Floating Support")
    expect(rows.nth(1)).to_contain_text("86.00")
    accessible(page, "ranked")

    # (4) The award, on the board's carried tender award: the winner is computed.
    page.goto(f"/partnerships/oxon/procurements/{procurement.pk}/")
    page.get_by_role("link", name="Award the contract").click()
    accessible(page, "award")
    page.get_by_label("The board's decision awarding the contract").select_option(label=award.title)
    page.get_by_role("button", name="Award the contract").click()
    expect(page.get_by_text("Contract awarded")).to_be_visible()
    winner = refresh(procurement).awarded_bid
    assert winner is not None
    assert winner.provider.name == "Oxford Floating Support"

    # (5) The award notice: the Act's standstill of 8 working days from Monday 22
    # December 2025 ends on Tuesday 6 January 2026 (test_services.py).
    page.get_by_role("link", name="Publish the contract award notice").click()
    fill_date(page, "Date the contract award notice is published", 22, 12, 2025)
    accessible(page, "award-notice")
    page.get_by_role("button", name="Publish the award notice").click()
    expect(page.get_by_text("standstill to Tuesday 6 January 2026")).to_be_visible()

    # (6) A challenge received during the standstill holds the signature; then resolved.
    page.get_by_role("link", name="Record a challenge").click()
    page.get_by_label("The bidder who challenges the award").select_option(label="Vale Support")
    fill_date(page, "Date received", 30, 12, 2025)
    page.get_by_label("Grounds of the challenge").fill("The price formula was misapplied")
    accessible(page, "challenge")
    page.get_by_role("button", name="Record the challenge").click()
    expect(page.get_by_text("Challenge recorded")).to_be_visible()
    expect(page.get_by_role("link", name="Sign the contract")).to_have_count(0)
    page.get_by_role("link", name="Record the outcome").click()
    fill_date(page, "Date resolved", 5, 1, 2026)
    page.get_by_label("How it was resolved").fill("Withdrawn after the scores were explained")
    accessible(page, "resolve")
    page.get_by_role("button", name="Record the outcome").click()
    expect(page.get_by_text("Challenge resolved")).to_be_visible()

    # (7) Signed after the standstill: the contract enters the register.
    page.get_by_role("link", name="Sign the contract").click()
    fill_date(page, "Date signed", 7, 1, 2026)
    page.get_by_label("Contract reference").fill("OX-C-2026-01")
    fill_date(page, "Contract starts", 1, 4, 2026)
    fill_date(page, "Contract ends", 31, 3, 2029)
    page.get_by_role("button", name="Sign the contract").click()
    expect(page.get_by_text("Contract signed and entered in the register")).to_be_visible()
    signed = refresh(procurement)
    assert signed.state == "signed"
    assert signed.contract is not None
    assert signed.contract.provider.name == "Oxford Floating Support"

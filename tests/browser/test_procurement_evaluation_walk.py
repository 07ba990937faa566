"""Issue 16's path, end to end in the browser, from the tendering strategy to the signed
contract: the programme officer drafts Oxfordshire's retender of floating support
(tests/procurement/test_services.py) with its three criteria, publishes it on the board's
carried tendering strategy, puts Anna and Ben on the panel, records three bids by the
deadline and one after it (kept, marked late and excluded), and closes it. Two evaluators
sign in one after the other and score independently (the second sees nothing of the
first's scores until submitting); the programme officer moderates, completes the
evaluation, awards on the board's carried tender award to the bid the evaluation ranks
first, publishes the award notice (the standstill computed from the Act), records a
challenge and its outcome, and signs after the standstill (it ended in January 2026).
Every page passes axe-core (WCAG 2.2 AA)."""

from typing import Any

import pytest
from playwright.sync_api import Page, expect

from accord.governance.models import Person
from accord.procurement.models import Bid, Procurement
from tests import factories
from tests.procurement.test_services import World, refresh

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
    strategy = w.decision("tendering_strategy")
    strategy.title = "Approve the tendering strategy for floating support"
    strategy.save()
    late: Any = factories.ProviderFactory(partnership=w.partnership, name="Late Ltd")

    # (0) The officer drafts the tendering strategy, its criteria, publishes the tender on
    # the board's decision, appoints the panel, records the bids and closes the tender.
    sign_in_verified(page, live_server, "officer")
    page.goto("/partnerships/oxon/procurements/")
    page.get_by_role("link", name="Start a procurement").click()
    page.get_by_label("Reference").fill("OX-FS-2025")
    page.get_by_label("Title", exact=True).fill("Floating support across Oxfordshire")
    page.get_by_label("Estimated value").fill("1200000.00")
    page.get_by_label("Term (months)").fill("36")
    page.get_by_label("Open procedure").check()
    page.get_by_label("Procurement Act 2023", exact=True).check()
    page.get_by_label("A light-touch contract (Procurement Act 2023 only)").check()
    fill_date(page, "Tender notice date (optional)", 27, 10, 2025)
    fill_date(page, "Deadline for bids: day (optional)", 28, 11, 2025)
    page.get_by_label("Deadline for bids: time").fill("12pm")
    accessible(page, "start")
    page.get_by_role("button", name="Save the tendering strategy").click()
    expect(page.get_by_text("Tendering strategy drafted")).to_be_visible()
    procurement = Procurement.objects.get(reference="OX-FS-2025")
    detail = f"/partnerships/oxon/procurements/{procurement.pk}/"
    criteria = (
        ("Quality of support", "quality", "40", "10"),
        ("User involvement", "quality", "20", "5"),
        ("Price", "price", "40", ""),
    )
    for name, kind, weight, top in criteria:
        page.goto(detail)
        page.get_by_role("link", name="Add an evaluation criterion").click()
        page.get_by_label("Criterion", exact=True).fill(name)
        page.get_by_label("Quality: each" if kind == "quality" else "Price: by").check()
        page.get_by_label("Weight").fill(weight)
        if top:
            page.get_by_label("Top of the scale (quality only)").fill(top)
        page.get_by_role("button", name="Add the criterion").click()
        expect(page.get_by_text("Criterion added")).to_be_visible()
    page.goto(detail)
    accessible(page, "detail-planning")
    page.get_by_role("link", name="Publish the tender").click()
    page.get_by_label("The board's decision approving the tendering strategy").select_option(
        label=strategy.title
    )
    page.get_by_role("button", name="Publish the tender").click()
    expect(page.get_by_text("Tender published")).to_be_visible()
    for username in ("anna", "ben"):
        person = Person.objects.get(partnership=w.partnership, user__username=username)
        page.goto(detail)
        page.get_by_role("link", name="Add an evaluator").click()
        page.get_by_label("Evaluator").select_option(label=person.name)
        page.get_by_role("button", name="Add to the panel").click()
        expect(page.get_by_text("Evaluator added to the panel")).to_be_visible()
    bids = (
        ("Oxford Floating Support", "120000.00", 27),
        ("Cherwell Housing Trust", "90000.00", 27),
        ("Vale Support", "100000.00", 27),
        ("Late Ltd", "80000.00", 29),  # the day after the deadline
    )
    for bidder, price, day in bids:
        page.goto(detail)
        page.get_by_role("link", name="Record a bid").click()
        page.get_by_label("Bidder").select_option(label=bidder)
        page.get_by_label("Price (pounds)").fill(price)
        fill_date(page, "Day received", day, 11, 2025)
        page.get_by_label("Time received").fill("11am")
        page.get_by_role("button", name="Record the bid").click()
        expect(page.get_by_text("Bid recorded")).to_be_visible()
    expect(page.get_by_text("recorded as late and excluded from the evaluation")).to_be_visible()
    assert Bid.objects.get(provider=late).late
    page.goto(detail)
    page.get_by_role("link", name="Close the tender").click()
    page.get_by_role("button", name="Close the tender").click()
    expect(page.get_by_text("Tender closed: the evaluation has begun")).to_be_visible()
    assert refresh(procurement).state == "evaluating"
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

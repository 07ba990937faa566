"""A signed-out visitor finds what Oxfordshire decided about Strategy 2008-11, sees that it
was carried on 8 August 2008 outside the constitution, and reads why (issue 14); every page
of the walk passes axe-core."""

import pytest
from playwright.sync_api import Page, expect

from .conftest import axe_violations, screenshot, sign_in_verified

TITLE = "Strategy 2008-11"


@pytest.mark.django_db(transaction=True)
def test_a_visitor_finds_the_2008_decision_and_reads_why_it_is_outside_the_constitution(
    page: Page, live_server, demo
):
    page.goto("/partnerships/oxfordshire/")
    page.get_by_role("link", name="Decisions register").click()
    expect(page.get_by_role("heading", name="Decisions register")).to_be_visible()
    row = page.get_by_role("row").filter(has_text=TITLE)
    expect(row).to_contain_text("Outside the constitution")
    expect(row).to_contain_text("8 August 2008")
    screenshot(page, "public-decisions-register")
    assert axe_violations(page) == []

    row.get_by_role("link", name=TITLE).click()
    expect(page.get_by_role("heading", name=TITLE)).to_be_visible()
    outcome = page.locator(".govuk-summary-list__row").filter(has_text="Outcome as it took effect")
    expect(outcome).to_contain_text("Carried on 8 August 2008")
    expect(outcome).to_contain_text("Outside the constitution")
    expect(page.locator(".govuk-warning-text")).to_contain_text("Outside the constitution")
    why = page.locator(".govuk-summary-list__row").filter(has_text="How and why")
    expect(why).to_contain_text("chief executive")
    expect(page.get_by_role("heading", name="The route it took")).to_be_visible()
    expect(page.get_by_text("Decided outside the constitution")).to_be_visible()
    expect(page.get_by_text("accord audit verify --published")).to_be_visible()
    screenshot(page, "public-decision")
    assert axe_violations(page) == []

    # The meeting of 11 July 2008 tells the same story and links back to the record.
    page.get_by_role("link", name="11 July 2008").first.click()
    # both documents of 11 July 2008 (the strategy and the annual plan) took effect so
    expect(page.get_by_text("As it took effect: carried on 8 August 2008")).to_have_count(2)
    expect(page.get_by_text("Outside the constitution").first).to_be_visible()
    screenshot(page, "public-meeting-2008")
    assert axe_violations(page) == []
    page.get_by_role("link", name="Read the decision's record").first.click()
    expect(page.get_by_role("heading", name=TITLE)).to_be_visible()

    # The downloads are there for anyone.
    csv = page.request.get("/partnerships/oxfordshire/decisions.csv")
    assert csv.status == 200
    assert TITLE in csv.text()
    popolo = page.request.get("/partnerships/oxfordshire/decisions.json")
    assert popolo.status == 200
    assert popolo.json()["vote_events"]


@pytest.mark.django_db(transaction=True)
def test_a_representative_filters_the_positions_to_their_own_partner(page: Page, live_server, demo):
    from accord.governance.models import Question

    question = Question.objects.filter(partnership__slug="oxfordshire").order_by("pk").first()
    assert question is not None
    sign_in_verified(page, live_server, "representative")
    page.goto(f"/partnerships/oxfordshire/questions/{question.pk}/")
    page.get_by_role("link", name="Only West Oxfordshire District Council (your partner)").click()
    rows = page.locator("tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("West Oxfordshire District Council")
    assert axe_violations(page) == []
    rows.first.get_by_role("link", name="West Oxfordshire District Council").click()
    expect(page.locator("#partner-" + page.url.rsplit("-", 1)[-1])).to_be_visible()
    assert axe_violations(page) == []

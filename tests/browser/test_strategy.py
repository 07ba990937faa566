"""A visitor reads Oxfordshire's Strategy 2008-11: its target outcomes with their progress
read from the services directory, its commissioning intentions by client group and its
annual plan 2008/09 linked to the decisions of 11 July 2008 (issue 15 item 5); an officer
adds a target outcome and sees its progress. Every page passes axe-core."""

import pytest
from playwright.sync_api import Page, expect

from .conftest import axe_violations, fill_date, screenshot, sign_in_verified

TITLE = "Strategy 2008-11"


@pytest.mark.django_db(transaction=True)
def test_a_visitor_reads_a_strategys_progress_intentions_and_annual_plan(
    page: Page, live_server, demo
):
    page.goto("/partnerships/oxfordshire/")
    page.get_by_role("link", name="Strategies and annual plans").click()
    expect(page.get_by_role("heading", name="Strategies and annual plans")).to_be_visible()
    screenshot(page, "strategy-list")
    assert axe_violations(page) == []

    page.get_by_role("link", name=TITLE).click()
    expect(page.get_by_role("heading", name=TITLE)).to_be_visible()
    row = page.get_by_role("row").filter(has_text="More hours of floating support")
    expect(row).to_contain_text("from the register")
    expect(row).to_contain_text("expected")
    expect(page.get_by_text("Illustrative").first).to_be_visible()
    screenshot(page, "strategy-detail")
    assert axe_violations(page) == []

    page.get_by_role("link", name="Commissioning intentions by client group").click()
    expect(page.get_by_role("heading", name="Commissioning intentions")).to_be_visible()
    expect(page.get_by_role("rowheader", name="Older people with support needs")).to_be_visible()
    assert axe_violations(page) == []

    page.get_by_role("link", name="2008/09 annual plan").click()
    expect(page.get_by_role("heading", name="Annual plan 2008/09")).to_be_visible()
    wardens = page.get_by_role("row").filter(has_text="Remodel resident warden services")
    expect(wardens).to_contain_text("Annual Plan 2008-09")
    expect(wardens).to_contain_text("OXON-0001")
    screenshot(page, "strategy-annual-plan")
    assert axe_violations(page) == []


@pytest.mark.django_db(transaction=True)
def test_an_officer_adds_a_target_outcome_and_sees_its_progress(page: Page, live_server, demo):
    sign_in_verified(page, live_server, "officer")
    page.goto("/partnerships/oxfordshire/strategies/")
    page.get_by_role("link", name=TITLE).click()
    page.get_by_role("link", name="Add a target outcome").click()
    page.get_by_label("Outcome").fill("Fewer units of accommodation-based support")
    page.get_by_label("Contracted capacity of the services running").check()
    page.get_by_label("Delivery model (optional)").select_option("accommodation")
    page.get_by_label("Capacity counted in (for a measure of capacity)").select_option("units")
    fill_date(page, "Baseline date", 1, 4, 2008)
    fill_date(page, "Target date", 31, 3, 2011)
    page.get_by_label("Target figure").fill("900")
    assert axe_violations(page) == []
    page.get_by_role("button", name="Add target outcome").click()
    expect(page.get_by_text("Target outcome added")).to_be_visible()
    row = page.get_by_role("row").filter(has_text="Fewer units of accommodation-based support")
    expect(row).to_contain_text("1,010 on 1 Apr 2008")
    screenshot(page, "strategy-outcome-added")
    assert axe_violations(page) == []

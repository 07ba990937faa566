"""A signed-out visitor finds Gloucestershire's contracts register, as the Transparency Code
publishes it, from the partnership's page; a programme officer reads a contract, its
values by year and the decision that let it, and the list of what ends soon. Every page
of the walk passes axe-core."""

import pytest
from playwright.sync_api import Page, expect

from .conftest import axe_violations, screenshot, sign_in_verified


@pytest.mark.django_db(transaction=True)
def test_a_visitor_reads_the_contracts_register_and_an_officer_a_contract(
    page: Page, live_server, demo
):
    page.goto("/partnerships/gloucestershire/")
    page.get_by_role("link", name="Contracts register").click()
    expect(page.get_by_role("heading", name="Contracts register", exact=True)).to_be_visible()
    expect(page.get_by_text("Sum to be paid over the length of the contract").first).to_be_visible()
    expect(page.get_by_text("Illustrative").first).to_be_visible()
    screenshot(page, "public-contracts-register")
    assert axe_violations(page) == []

    sign_in_verified(page, live_server, "officer")
    page.goto("/partnerships/oxfordshire/contracts/?route=tender")
    expect(page.get_by_role("heading", name="Contracts", exact=True)).to_be_visible()
    screenshot(page, "contracts-list")
    assert axe_violations(page) == []
    page.get_by_role("link", name="OXON-C-0002-T").click()
    expect(page.get_by_role("heading", name="Value in each financial year")).to_be_visible()
    expect(page.get_by_text("Total over its length")).to_be_visible()
    screenshot(page, "contract-detail")
    assert axe_violations(page) == []
    page.get_by_role("link", name="Award of the tenders for new services starting in 2009").click()
    expect(page.get_by_role("heading", name="What it authorised")).to_be_visible()
    expect(page.get_by_role("link", name="OXON-C-0002-T").first).to_be_visible()
    assert axe_violations(page) == []

    page.goto("/partnerships/oxfordshire/contracts/due/?months=12")
    expect(
        page.get_by_role("heading", name="Contracts ending or needing an extension decision")
    ).to_be_visible()
    assert axe_violations(page) == []
    page.goto("/partnerships/oxfordshire/contracts/add/")
    expect(page.get_by_role("heading", name="Add a contract")).to_be_visible()
    screenshot(page, "contract-add")
    assert axe_violations(page) == []

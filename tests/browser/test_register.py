"""A programme officer keeps the register: adds a membership, meets the register's rules,
and every page on the way is accessible."""

import pytest
from playwright.sync_api import expect

from accord.governance import services
from accord.partnerships.models import Partnership
from tests.governance.register_data import build_register

from .conftest import axe_violations, fill_date, screenshot, sign_in_verified


@pytest.mark.django_db(transaction=True)
def test_an_officer_adds_a_membership_and_sees_why_a_second_is_refused(page, live_server, demo):
    oxfordshire = Partnership.objects.get(slug="oxfordshire")
    register = build_register(oxfordshire)
    for name in ["Wychwood Deputy", "Wychwood Newcomer"]:
        services.person_create(actor=None, partnership=oxfordshire, name=name)
    sign_in_verified(page, live_server, "officer")

    page.goto(f"/partnerships/oxfordshire/bodies/{register.board.pk}/")
    expect(page.get_by_role("heading", name="Wychwood Board", level=1)).to_be_visible()
    expect(page.get_by_role("cell", name="Yes").first).to_be_visible()
    screenshot(page, "register-body")
    assert axe_violations(page) == []

    page.get_by_role("link", name="Add a membership").click()
    page.get_by_label("Person", exact=True).select_option(label="Wychwood Deputy")
    page.get_by_label("Partner (optional)").select_option(label="Wychwood Council 0")
    page.get_by_label("Role").select_option(label="Substitute")
    fill_date(page, "Start date", 1, 4, 2009)
    page.get_by_role("button", name="Add membership").click()
    expect(page.get_by_text("Membership added")).to_be_visible()
    expect(page.get_by_role("row", name="Wychwood Deputy Substitute").first).to_be_visible()

    page.get_by_role("link", name="Add a membership").click()
    page.get_by_label("Person", exact=True).select_option(label="Wychwood Newcomer")
    page.get_by_label("Partner (optional)").select_option(label="Wychwood Council 0")
    page.get_by_label("Role").select_option(label="Voting representative")
    fill_date(page, "Start date", 1, 4, 2009)
    page.get_by_role("button", name="Add membership").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("terms of one seat cannot overlap")
    expect(page.locator("#div_id_start_date .govuk-error-message")).to_contain_text(
        "Wychwood Lead Member 0 holds the seat of Wychwood Council 0"
    )
    expect(page).to_have_title("Error: Add a membership – Oxfordshire Supporting People – Accord")
    screenshot(page, "register-membership-error")
    assert axe_violations(page) == []


@pytest.mark.django_db(transaction=True)
def test_the_positions_page_is_accessible(page, live_server, demo):
    oxfordshire = Partnership.objects.get(slug="oxfordshire")
    register = build_register(oxfordshire)
    sign_in_verified(page, live_server, "officer")
    page.goto("/partnerships/oxfordshire/")
    page.get_by_role("link", name="Positions").click()
    page.get_by_role("link", name=register.question.title).click()
    expect(page.get_by_role("cell", name="Service users know the services best")).to_be_visible()
    screenshot(page, "register-positions")
    assert axe_violations(page) == []
    page.goto("/partnerships/oxfordshire/constitution/")
    expect(page.get_by_role("heading", name="Constitution", level=1)).to_be_visible()
    assert axe_violations(page) == []

"""A programme officer follows a partnership's history to its audit trail."""

import pytest
from playwright.sync_api import expect

from .conftest import axe_violations, fill_date, screenshot, sign_in_verified


@pytest.mark.django_db(transaction=True)
def test_a_programme_officer_opens_the_partnership_history_and_it_is_accessible(
    page, live_server, demo
):
    sign_in_verified(page, live_server, "officer")
    page.goto("/partnerships/oxfordshire/")
    page.get_by_role("link", name="History: this partnership's audit trail").click()
    expect(page.get_by_role("heading", name="Audit trail", level=1)).to_be_visible()
    page.get_by_label("Action").fill("programme_officer.appoint")
    page.get_by_role("button", name="Apply filters").click()
    expect(page.get_by_role("cell", name="programme_officer.appoint", exact=False)).to_be_visible()
    expect(page.get_by_text("1 event.")).to_be_visible()
    screenshot(page, "audit-trail")
    assert axe_violations(page) == []

    fill_date(page, "From", 31, 2, 2010)
    page.get_by_role("button", name="Apply filters").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("From must be a real date")
    assert axe_violations(page) == []

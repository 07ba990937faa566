"""The demo programme officer makes a personal API token for a committee system in a real
browser, copies it from the one page that shows it, and revokes it. Each state of the page
passes axe-core, the error summary included."""

import pytest
from playwright.sync_api import Page, expect

from accord.partnerships.models import Partnership

from .conftest import axe_violations, screenshot, sign_in_verified


@pytest.mark.django_db(transaction=True)
def test_an_officer_makes_a_token_sees_it_once_and_revokes_it(page: Page, live_server, demo):
    sign_in_verified(page, live_server, "officer")
    page.goto(live_server.url)
    page.get_by_role("link", name="API tokens").click()
    expect(page.get_by_role("heading", name="API tokens", level=1)).to_be_visible()
    expect(page.get_by_text("You have no tokens.")).to_be_visible()
    assert axe_violations(page) == []

    page.get_by_role("button", name="Make token").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Say what the token is for")
    assert axe_violations(page) == []

    page.get_by_label("What it is for").fill("Committee system")
    oxfordshire = Partnership.objects.get(slug="oxfordshire").name
    page.get_by_label("Partnership", exact=True).select_option(label=oxfordshire)
    page.get_by_label("Read and change").check()
    page.get_by_role("button", name="Make token").click()
    secret = page.locator(".accord-token").inner_text()
    assert len(secret) >= 40
    expect(page.get_by_text("cannot show it again")).to_be_visible()
    screenshot(page, "api-token-made")
    assert axe_violations(page) == []

    page.goto(page.url)  # shown once: not on the next visit
    expect(page.locator(".accord-token")).to_have_count(0)
    assert secret not in page.content()
    page.get_by_role("button", name="Revoke Committee system").click()
    expect(page.get_by_text("is revoked")).to_be_visible()
    expect(page.get_by_role("cell", name="Revoked", exact=False)).to_be_visible()
    assert axe_violations(page) == []

"""A person's own account pages in a real browser: changing the password (with a refusal
in the error summary), their sessions, and asking for a reset link once signed out. Each
state passes axe-core. What the pages do is tested in tests/accounts."""

import pytest
from playwright.sync_api import Page, expect

from tests.factories import UserFactory

from .conftest import axe_violations, screenshot, sign_in_verified


@pytest.mark.django_db(transaction=True)
def test_a_person_walks_their_password_and_sessions_pages(page: Page, live_server):
    UserFactory(username="ann", email="ann@example.org", first_name="Ann")
    sign_in_verified(page, live_server, "ann")
    page.goto(live_server.url)

    page.get_by_role("link", name="Password", exact=True).click()
    expect(page.get_by_role("heading", name="Change your password", level=1)).to_be_visible()
    assert axe_violations(page) == []
    page.get_by_label("Your current password").fill("not the password at all")
    page.get_by_label("New password", exact=True).fill("short")
    page.get_by_role("button", name="Change password").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("The password is not right")
    expect(summary).to_contain_text("at least 12 characters")
    expect(summary).to_contain_text("Type the new password again")
    assert axe_violations(page) == []

    page.get_by_role("link", name="Sessions", exact=True).click()
    expect(page.get_by_role("heading", name="Your sessions", level=1)).to_be_visible()
    expect(page.get_by_text("This session", exact=True)).to_be_visible()
    screenshot(page, "account-sessions")
    assert axe_violations(page) == []

    page.get_by_role("button", name="Sign out of this session").click()
    page.goto(f"{live_server.url}/account/sign-in/")
    page.get_by_role("link", name="Forgotten your password?").click()
    expect(page.get_by_role("heading", name="Reset your password", level=1)).to_be_visible()
    assert axe_violations(page) == []
    page.get_by_label("E-mail address").fill("ann@example.org")
    page.get_by_role("button", name="Send the link").click()
    expect(page.get_by_role("heading", name="Check your e-mail", level=1)).to_be_visible()
    assert axe_violations(page) == []

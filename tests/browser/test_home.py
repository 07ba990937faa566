"""A person in a real browser: signs in, reads the home page, and every page passes axe-core."""

import pytest
from playwright.sync_api import Page, expect

from accord.core.demo import DEMO_PASSWORD

from .conftest import axe_violations, screenshot


def sign_in(page: Page, username: str, password: str) -> None:
    page.goto("/account/sign-in/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()


@pytest.mark.django_db(transaction=True)
def test_a_demo_user_signs_in_and_the_home_page_has_no_accessibility_violations(page, demo):
    page.goto("/")
    page.get_by_role("link", name="Sign in").first.click()
    expect(page.get_by_role("heading", name="Sign in", level=1)).to_be_visible()

    # A strategy officer: no two-factor duty (the officer sets it up in test_two_factor.py,
    # the representative, who casts votes, in test_representative.py).
    sign_in(page, "strategy", DEMO_PASSWORD)

    expect(
        page.get_by_text(
            "Signed in as Housing Strategy Officer, Cherwell District Council", exact=True
        )
    ).to_be_visible()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    assert screenshot(page, "home-signed-in").stat().st_size > 10_000
    assert axe_violations(page) == []


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    "path",
    ["/", "/account/sign-in/", "/accessibility/", "/partnerships/oxfordshire/"],
)
def test_public_pages_have_no_accessibility_violations(page, demo, path):
    page.goto(path)
    assert axe_violations(page) == []


@pytest.mark.django_db(transaction=True)
def test_the_not_found_page_has_no_accessibility_violations(page, console_errors):
    response = page.goto("/no-such-page/")
    assert response is not None
    assert response.status == 404
    # The browser logs the page's own 404 status as a console error; nothing else may appear.
    console_errors.remove(
        "Failed to load resource: the server responded with a status of 404 (Not Found)"
    )
    assert axe_violations(page) == []


@pytest.mark.django_db(transaction=True)
def test_a_wrong_password_is_announced_in_an_accessible_error_summary(page, demo):
    sign_in(page, "officer", "wrong")
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Enter a correct username and password")
    expect(page).to_have_title("Error: Sign in – Accord")
    screenshot(page, "sign-in-error")
    assert axe_violations(page) == []


@pytest.mark.django_db(transaction=True)
def test_the_partnership_switcher_works_without_javascript_and_shows_the_choice(
    browser, live_server, demo
):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    page.goto("/")
    page.get_by_label("Choose a partnership").select_option("oxfordshire")
    page.get_by_role("button", name="Switch partnership").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Oxfordshire Supporting People")
    expect(page.get_by_text("Partnership: Oxfordshire Supporting People")).to_be_visible()
    context.close()


@pytest.mark.django_db(transaction=True)
def test_the_interactive_api_documentation_renders_from_our_own_server(page, live_server):
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto("/api/docs")
    # The document is made on the first request (over a second for 70 operations, longer
    # on a busy CI machine) and then parsed by Swagger UI: more than the default 5 seconds.
    expect(page.get_by_role("heading", name="Accord API")).to_be_visible(timeout=20_000)
    # Under the Content-Security-Policy (script-src and style-src 'self'), an operation
    # still opens and runs; a blocked script or style would fail the test as a console error.
    page.get_by_role("button", name="GET /api/governance/partnerships List partnerships").click()
    page.get_by_role("button", name="Try it out").click()
    page.get_by_role("button", name="Execute").click()
    expect(page.locator(".live-responses-table tbody .response-col_status")).to_have_text("200")
    assert all(url.startswith(live_server.url) for url in requested), requested

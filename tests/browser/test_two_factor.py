"""The demo programme officer sets up two-factor sign-in in a real browser, then uses it.

Every two-factor page passes axe-core, with and without an error showing.
"""

import re
import time

import pytest
from django.contrib.auth import get_user_model
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Page, expect

from accord.core.demo import DEMO_PASSWORD

from .conftest import axe_violations, screenshot, sign_in_verified
from .test_home import sign_in


def app_code(*, steps_ahead: int = 0) -> str:
    """What the officer's authenticator app shows (steps_ahead: 30 seconds later each)."""
    device = TOTPDevice.objects.get(user__username="officer")
    return f"{totp(device.bin_key, step=device.step, drift=steps_ahead):06d}"


def away_from_a_window_edge() -> None:
    """Wait, if need be, for a code read now to be checked in the same 30-second window: one
    checked in the next makes django-otp note that the app runs a step behind (its drift),
    which moves the window every later code is checked in (a flaky failure, now and then)."""
    left = 30 - time.time() % 30
    if left < 5:
        time.sleep(left + 0.2)


def enter_code(page: Page, code: str, button: str, password: str | None = None) -> None:
    page.get_by_label("Code from your authenticator app").fill(code)
    if password is not None:
        page.get_by_label("Your password").fill(password)
    page.get_by_role("button", name=button).click()


@pytest.mark.django_db(transaction=True)
def test_a_programme_officer_sets_up_an_authenticator_app_and_signs_in_with_it(page, demo):
    sign_in(page, "officer", DEMO_PASSWORD)

    expect(page.get_by_role("heading", name="Set up two-factor sign-in", level=1)).to_be_visible()
    expect(
        page.get_by_role("img", name="QR code for adding Accord to an authenticator app")
    ).to_be_visible()
    expect(page.locator("#two-factor-key")).to_have_text(
        re.compile(r"^([A-Z2-7]{4} ){7}[A-Z2-7]{4}$")
    )
    screenshot(page, "two-factor-set-up")
    assert axe_violations(page) == []

    enter_code(page, "12", "Confirm and continue")
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the code as 6 digits")
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter your password")
    assert axe_violations(page) == []

    # The password again: whoever finds the session open cannot put their own app on it.
    away_from_a_window_edge()
    enter_code(page, app_code(), "Confirm and continue", password=DEMO_PASSWORD)
    expect(page.get_by_role("heading", name="Save your recovery codes")).to_be_visible()
    expect(page.locator("#recovery-codes li")).to_have_count(10)
    assert axe_violations(page) == []
    page.get_by_role("button", name="I have saved my recovery codes").click()
    expect(
        page.get_by_text(
            "Signed in as Supporting People Programme Officer, Oxfordshire County Council",
            exact=True,
        )
    ).to_be_visible()

    page.get_by_role("button", name="Sign out").click()
    sign_in(page, "officer", DEMO_PASSWORD)
    expect(page.get_by_role("heading", name="Enter your two-factor code")).to_be_visible()
    assert axe_violations(page) == []
    enter_code(page, "271828" if app_code(steps_ahead=1) != "271828" else "314159", "Continue")
    expect(page.locator(".govuk-error-summary")).to_contain_text("The code is not right")
    assert axe_violations(page) == []
    page.wait_for_timeout(1100)  # django-otp makes the next try wait a second after a wrong one
    # The code already used at set-up cannot be used again: the app's next one can.
    enter_code(page, app_code(steps_ahead=1), "Continue")
    expect(
        page.get_by_text(
            "Signed in as Supporting People Programme Officer, Oxfordshire County Council",
            exact=True,
        )
    ).to_be_visible()
    expect(page.get_by_role("heading", name="Accord", level=1)).to_be_visible()


@pytest.mark.django_db(transaction=True)
def test_the_recovery_code_page_has_no_accessibility_violations(page, demo):
    TOTPDevice.objects.create(
        user=get_user_model().objects.get(username="officer"),
        name="Authenticator app",
        confirmed=True,
    )
    sign_in(page, "officer", DEMO_PASSWORD)
    page.get_by_role("link", name="Use a recovery code instead").click()
    expect(page.get_by_role("heading", name="Use a recovery code")).to_be_visible()
    assert axe_violations(page) == []
    page.get_by_role("button", name="Continue").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter a recovery code")
    assert axe_violations(page) == []


@pytest.mark.django_db(transaction=True)
def test_turning_two_factor_off_asks_for_the_password_and_a_code(page, live_server, demo):
    sign_in_verified(page, live_server, "strategy")
    device = TOTPDevice.objects.get(user__username="strategy")
    page.goto("/account/two-factor/")
    page.get_by_role("button", name="Make new recovery codes").click()
    expect(page.get_by_role("heading", name="Make new recovery codes", level=1)).to_be_visible()
    assert axe_violations(page) == []
    page.get_by_role("link", name="Cancel").click()

    page.get_by_role("button", name="Turn off two-factor sign-in").click()
    expect(page.get_by_role("heading", name="Turn off two-factor sign-in", level=1)).to_be_visible()
    screenshot(page, "two-factor-turn-off")
    assert axe_violations(page) == []
    page.get_by_label("Your password").fill("not-the-password")
    page.get_by_label("Code from your authenticator app, or a recovery code").fill(
        f"{totp(device.bin_key, step=device.step):06d}"
    )
    page.get_by_role("button", name="Turn off two-factor sign-in").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("The password is not right")
    expect(page).to_have_title("Error: Turn off two-factor sign-in – Accord")
    assert axe_violations(page) == []
    summary.get_by_role("link", name="The password is not right").click()
    expect(page.get_by_label("Your password")).to_be_focused()

    page.wait_for_timeout(1100)  # the wrong password makes the next try wait a second
    page.get_by_label("Your password").fill(DEMO_PASSWORD)
    page.get_by_label("Code from your authenticator app, or a recovery code").fill(
        f"{totp(device.bin_key, step=device.step):06d}"
    )
    page.get_by_role("button", name="Turn off two-factor sign-in").click()
    expect(page.get_by_text("Two-factor sign-in is off", exact=True)).to_be_visible()
    assert not TOTPDevice.objects.filter(user__username="strategy").exists()

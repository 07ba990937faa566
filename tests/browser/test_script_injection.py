"""50 script-injection payloads typed into every free-text field stay inert text in Chromium.

FIELDS is the table of free-text fields: how a payload is entered and where it shows. A new
field is one row. For each row, every payload in payloads.txt goes in; then each page where
the field shows is opened (once for all payloads where a page lists them all, once per
payload where a page shows one) and checked: no dialog opened, window.__xss is not set, no
console error (a blocked script would log a Content-Security-Policy violation), and each
payload reads back exactly as typed.
"""

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Dialog, Page, expect

from accord.governance.services import partnership_create

PAYLOADS = (Path(__file__).parent / "payloads.txt").read_text(encoding="utf-8").splitlines()

# The page the submission itself leads to (a form shown again with its errors).
AS_SUBMITTED = "as submitted"
SWITCHER = "#partnership-switcher"

# The text a region shows: an input's value, a list's options, or what is rendered as text.
READ_REGION = """element => element.tagName === "INPUT" ? element.value
    : element.tagName === "SELECT" ? Array.from(element.options, o => o.text).join("\\n")
    : element.innerText"""


@dataclass(frozen=True)
class Shows:
    path: str  # "{slug}" and the like are filled from what `enter` returned
    regions: tuple[str, ...]  # CSS selectors where the text appears


@dataclass(frozen=True)
class FreeTextField:
    name: str
    enter: Callable[[Page, int, str], dict[str, str]]  # enters payload number n
    shows: tuple[Shows, ...]


def sign_in_username(page: Page, number: int, payload: str) -> dict[str, str]:
    if not page.url.endswith("/account/sign-in/"):  # after the first, the form is showing
        page.goto("/account/sign-in/")
    page.get_by_label("Username").fill(payload)
    page.get_by_label("Password").fill("not-the-password")
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_title("Error: Sign in – Accord")
    return {}


def partnership_name(page: Page, number: int, payload: str) -> dict[str, str]:
    # No web form yet: the service the form will call.
    partnership = partnership_create(actor=None, slug=f"xss-{number}", name=payload)
    return {"slug": partnership.slug}


def partnership_description(page: Page, number: int, payload: str) -> dict[str, str]:
    partnership = partnership_create(
        actor=None, slug=f"xss-{number}", name=f"Partnership {number}", description=payload
    )
    return {"slug": partnership.slug}


FIELDS = [
    FreeTextField("sign-in username", sign_in_username, (Shows(AS_SUBMITTED, ("#id_username",)),)),
    FreeTextField(
        "partnership name",
        partnership_name,
        (Shows("/", ("main", SWITCHER)), Shows("/partnerships/{slug}/", ("main", SWITCHER))),
    ),
    FreeTextField(
        "partnership description",
        partnership_description,
        (Shows("/partnerships/{slug}/", ("main",)),),
    ),
]


def assert_inert(
    page: Page, regions: tuple[str, ...], texts: list[str], dialogs: list[str]
) -> None:
    assert dialogs == [], f"a payload opened a dialog on {page.url}"
    assert page.evaluate("() => window.__xss") is None, f"a payload ran on {page.url}"
    shown = "\n".join(page.locator(region).first.evaluate(READ_REGION) for region in regions)
    missing = [text for text in texts if text not in shown]
    assert missing == [], f"not shown as text on {page.url}"


def test_there_are_50_distinct_payloads():
    assert len(PAYLOADS) == 50
    assert len(set(PAYLOADS)) == 50
    assert all(payload == payload.strip() and len(payload) <= 150 for payload in PAYLOADS)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("field", FIELDS, ids=[field.name for field in FIELDS])
def test_script_injection_payloads_render_as_inert_text(page, field, settings):
    # Fifty usernames tried from one address is what the sign-in throttle pauses (a
    # password-spraying run): here each payload must reach the page that shows it.
    settings.ACCORD_SIGN_IN_USERNAMES_PER_ADDRESS = len(PAYLOADS) + 1
    dialogs: list[str] = []

    def on_dialog(dialog: Dialog) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)

    entered: list[tuple[str, dict[str, str]]] = []
    for number, payload in enumerate(PAYLOADS):
        values = field.enter(page, number, payload)
        entered.append((payload, values))
        for shows in field.shows:
            if shows.path == AS_SUBMITTED:
                assert_inert(page, shows.regions, [payload], dialogs)

    for shows in field.shows:
        if shows.path == AS_SUBMITTED:
            continue
        if "{" not in shows.path:
            page.goto(shows.path)
            assert_inert(page, shows.regions, [text for text, _ in entered], dialogs)
            continue
        for text, values in entered:
            page.goto(shows.path.format(**values))
            assert_inert(page, shows.regions, [text], dialogs)

"""Every page route is in a parity table (tests/parity.py): the pages of the domain apps
in their own (tests/<app>/parity.py), the service's own pages here. A new app's pages
fail this test until its table says which API operations do what they do."""

import importlib

import pytest

from tests.parity import Action, Entry, Outside, Read, check_table, page_routes

TOKENS_IN_A_SESSION = (
    "Tokens are made and revoked only from a signed-in session (two-factor where the "
    "role needs it), never with a token"
)

PASSWORDS_IN_THE_BROWSER = (
    "A person's password is changed only in the browser, behind the current password; the "
    "API signs in with tokens, never a password"
)
RESET_BY_EMAIL = "Resetting a forgotten password: for someone who cannot sign in at all"
SESSIONS_IN_THE_BROWSER = (
    "The browser sessions a person is signed in with, which the API (tokens, no session) "
    "neither has nor ends; tokens are revoked on their own page"
)

ACCOUNTS: dict[str, Entry] = {
    "accounts:sign-in": Outside("Signing in: a token is the API's sign-in", changes=True),
    "accounts:sign-out": Outside("Signing out of the pages' session", changes=True),
    "accounts:two-factor": Outside("A person's own two-factor settings"),
    "accounts:two-factor-setup": Outside("Setting up an authenticator app", changes=True),
    "accounts:two-factor-verify": Outside("Giving a second factor to a session", changes=True),
    "accounts:two-factor-recover": Outside("Signing in with a recovery code", changes=True),
    "accounts:two-factor-recovery-codes-create": Outside(
        "A person's own recovery codes, shown once", changes=True
    ),
    "accounts:two-factor-remove": Outside("Turning two-factor sign-in off", changes=True),
    "accounts:api-tokens": Outside(TOKENS_IN_A_SESSION, changes=True),
    "accounts:api-token-revoke": Outside(TOKENS_IN_A_SESSION, changes=True),
    "accounts:password-change": Outside(PASSWORDS_IN_THE_BROWSER, changes=True),
    "accounts:password-reset": Outside(RESET_BY_EMAIL, changes=True),
    "accounts:password-reset-sent": Outside(RESET_BY_EMAIL),
    "accounts:password-reset-confirm": Outside(RESET_BY_EMAIL, changes=True),
    "accounts:password-reset-complete": Outside(RESET_BY_EMAIL),
    "accounts:sessions": Outside(SESSIONS_IN_THE_BROWSER),
    "accounts:session-end": Outside(SESSIONS_IN_THE_BROWSER, changes=True),
    "accounts:sessions-end-others": Outside(SESSIONS_IN_THE_BROWSER, changes=True),
}

CORE: dict[str, Entry] = {
    # Signed in, the front page lists the person's work from each app's records: the
    # meetings coming up and their next steps, open votes, amendments, call-in periods.
    "core:home": Read(
        ("meeting_list", "ballot_list", "constitution_list", "proposal_list", "return_list")
    ),
    "core:accessibility": Outside("The accessibility statement: it shows no record"),
}

AUDIT: dict[str, Entry] = {
    "audit:event-list": Read(("audit_event_list",)),
    "audit:event-export-csv": Read(("audit_event_list",)),
    "audit:event-export-json": Read(("audit_event_list",)),
}

NOTIFICATIONS: dict[str, Entry] = {
    "notifications:preferences": Action(("notification_preferences_update",)),
}

# Open Referral UK's read API (accord.commissioning): the directory as open data, which
# the JSON API also reads.
OPEN_REFERRAL: dict[str, Entry] = {
    "openreferral:api-details": Outside(
        "Open Referral's description of its own API (HSDS version and profile), no record"
    ),
    "openreferral:service-list": Read(("service_list", "location_list")),
    "openreferral:service-detail": Read(("service_detail", "location_list")),
}

# The domain apps keep their tables beside their tests.
APPS = [
    "governance",
    "meetings",
    "decisions",
    "commissioning",
    "budget",
    "procurement",
    "complaints",
    "performance",
    "assurance",
]


OWN: dict[str, dict[str, Entry]] = {
    "accounts": ACCOUNTS,
    "core": CORE,
    "audit": AUDIT,
    "notifications": NOTIFICATIONS,
    "openreferral": OPEN_REFERRAL,
}


def tables() -> dict[str, dict[str, Entry]]:
    found = dict(OWN)
    for app in APPS:
        found[app] = importlib.import_module(f"tests.{app}.parity").PAGES
    return found


def test_every_page_route_is_in_a_parity_table():
    listed: dict[str, str] = {}
    for namespace, table in tables().items():
        for route in table:
            assert route not in listed, f"{route} is in two tables"
            listed[route] = namespace
    routes = {name for name, _ in page_routes()}
    assert routes - set(listed) == set(), "add these page routes to their app's parity table"
    assert set(listed) - routes == set(), "these page routes no longer exist"


@pytest.mark.django_db
@pytest.mark.parametrize("namespace", sorted(OWN))
def test_the_api_does_what_the_services_own_pages_do(namespace):
    check_table(namespace, OWN[namespace])

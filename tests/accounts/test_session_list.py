"""A person's own sessions: where they are signed in (browser, address, sign-in, last use),
this one marked, and any other signed out from here, one by one or all at once.

Each browser is a test client of its own, signing in through the sign-in page from its own
address and with its own User-Agent.
"""

import re
from typing import Any

import pytest
from django.contrib import admin
from django.test import Client
from django.urls import reverse
from qsessions.models import Session

from accord.accounts.selectors import browser_of
from accord.audit.models import AuditEvent
from tests.factories import UserFactory

PASSWORD = "correct horse battery staple"  # the factories' password for everyone
SIGN_IN = reverse("accounts:sign-in")
SESSIONS = reverse("accounts:sessions")
FIREFOX = "Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"
CHROME = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Safari/537.36"
)
SAFARI = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1"
)
END = re.compile(r'action="(/account/sessions/[0-9a-f]{32}/end/)"')


@pytest.fixture
def ann(db):
    return UserFactory(username="ann", email="ann@example.org")


def browser(username: str, agent: str, address: str, **extra: str) -> Client:
    """A browser of its own, signed in through the sign-in page."""
    defaults: dict[str, Any] = {"REMOTE_ADDR": address, **extra}
    client = Client(headers={"User-Agent": agent}, **defaults)
    response = client.post(SIGN_IN, {"username": username, "password": PASSWORD})
    assert response.status_code == 302, "the password was refused"
    return client


def is_signed_in(client: Client) -> bool:
    return client.get(SESSIONS).status_code == 200


@pytest.mark.django_db
def test_the_page_lists_each_session_with_its_browser_and_address_and_marks_this_one(ann):
    here = browser("ann", FIREFOX, "192.0.2.10")
    browser("ann", CHROME, "198.51.100.7")
    UserFactory(username="bob")
    browser("bob", SAFARI, "203.0.113.5")  # not Ann's

    html = here.get(SESSIONS).content.decode()

    rows = re.findall(r'<tr class="govuk-table__row">(.*?)</tr>', html, re.DOTALL)[1:]
    assert len(rows) == 2
    assert "Firefox 128 on Ubuntu" in rows[0]
    assert "This session" in rows[0]
    assert "192.0.2.10" in rows[0]
    assert "Chrome 131 on Windows 10" in rows[1]
    assert "This session" not in rows[1]
    assert "198.51.100.7" in rows[1]
    assert "Safari" not in html
    assert "203.0.113.5" not in html
    assert len(END.findall(html)) == 1  # this one is signed out with the sign-out button
    assert "Sign out everywhere else" in html


@pytest.mark.django_db
def test_signing_out_another_session_signs_that_browser_out(ann):
    here = browser("ann", FIREFOX, "192.0.2.10")
    there = browser("ann", CHROME, "198.51.100.7")
    [end] = END.findall(here.get(SESSIONS).content.decode())
    key = there.cookies["sessionid"].value

    response = here.post(end)

    assert response.status_code == 302
    assert "That session (Chrome 131 on Windows 10) is signed out" in (
        here.get(SESSIONS).content.decode()
    )
    assert not is_signed_in(there)
    assert is_signed_in(here)
    event = AuditEvent.objects.get(action="session.ended")
    assert event.actor_name == "ann"
    assert event.changes == {
        "address": ["198.51.100.7", None],
        "browser": ["Chrome 131 on Windows 10", None],
    }
    assert event.object_id == end.split("/")[3]  # the page's reference, never the key
    assert key not in str(event.changes) + event.object_id


@pytest.mark.django_db
def test_signing_out_everywhere_else_keeps_this_session(ann):
    here = browser("ann", FIREFOX, "192.0.2.10")
    others = [browser("ann", CHROME, "198.51.100.7"), browser("ann", SAFARI, "203.0.113.5")]

    here.post(reverse("accounts:sessions-end-others"))

    html = here.get(SESSIONS).content.decode()
    assert "Signed out of 2 other sessions" in html
    assert not any(is_signed_in(other) for other in others)
    assert "You are not signed in anywhere else" in html
    assert AuditEvent.objects.filter(action="session.ended").count() == 2


@pytest.mark.django_db
def test_nobody_can_sign_out_another_persons_session(ann):
    anns = browser("ann", FIREFOX, "192.0.2.10")
    browser("ann", CHROME, "198.51.100.7")
    [end] = END.findall(anns.get(SESSIONS).content.decode())
    UserFactory(username="bob")
    bob = browser("bob", SAFARI, "203.0.113.5")

    bob.post(end)

    assert "That session has already ended" in bob.get(SESSIONS).content.decode()
    assert Session.objects.filter(user=ann).count() == 2
    assert not AuditEvent.objects.filter(action="session.ended").exists()


@pytest.mark.django_db
def test_behind_a_proxy_the_address_listed_is_the_clients(ann, settings):
    settings.ACCORD_TRUSTED_PROXIES = 1
    here = browser("ann", FIREFOX, "10.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 192.0.2.44")

    html = here.get(SESSIONS).content.decode()

    assert "192.0.2.44" in html
    assert "10.0.0.1" not in html
    assert "6.6.6.6" not in html


@pytest.mark.django_db
def test_the_pages_are_for_signed_in_people_and_ending_takes_a_post(client):
    assert client.get(SESSIONS)["Location"].startswith(SIGN_IN)
    assert client.get(reverse("accounts:session-end", args=["0" * 32])).status_code == 405
    assert client.post(reverse("accounts:sessions-end-others"))["Location"].startswith(SIGN_IN)


@pytest.mark.django_db
def test_a_reference_that_names_no_session_is_refused_in_words(ann):
    here = browser("ann", FIREFOX, "192.0.2.10")
    for reference in ["0" * 32, "é" * 5, "x"]:
        response = here.post(reverse("accounts:session-end", args=[reference]), follow=True)
        assert response.status_code == 200
        assert "That session has already ended" in response.content.decode()


@pytest.mark.parametrize(
    ("agent", "words"),
    [
        (FIREFOX, "Firefox 128 on Ubuntu"),
        (SAFARI, "Mobile Safari 17 on iOS 17"),
        ("", "Unknown browser"),
        ("curl/8.5.0", "curl 8"),
        ("something else entirely", "Unknown browser"),
    ],
)
def test_a_browser_is_named_in_words(agent, words):
    assert browser_of(agent) == words


@pytest.mark.django_db
def test_a_session_waiting_for_its_two_factor_code_says_so(ann, client, sign_in):
    sign_in("ann")  # this browser has given its code (and Ann now has an app)
    browser("ann", CHROME, "198.51.100.7")  # the password only, so far

    html = client.get(SESSIONS).content.decode()

    rows = re.findall(r'<tr class="govuk-table__row">(.*?)</tr>', html, re.DOTALL)[1:]
    assert len(rows) == 2
    assert "waiting for the two-factor code" not in rows[0]
    assert "Chrome 131" in rows[1]
    assert "waiting for the two-factor code" in rows[1]


def test_the_admin_shows_no_session_keys_and_ends_no_session_unrecorded():
    assert not admin.site.is_registered(Session)

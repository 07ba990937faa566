"""Passwords: a signed-in person changes their own (the current one first), and someone who
has forgotten theirs resets it through a link e-mailed to their address (ASVS 4.0.3 2.5).

A change signs the person out everywhere else; a reset, everywhere. Neither signs anyone
in, nor lets anyone past two-factor sign-in. Users are made by the factories (no demo):
their password is the factories' own.
"""

import datetime
import re

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core import mail
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from accord.audit.models import AuditEvent
from tests.factories import UserFactory

PASSWORD = "correct horse battery staple"  # the factories' password for everyone
NEW = "a kettle of distant lighthouses"
SIGN_IN = reverse("accounts:sign-in")
CHANGE = reverse("accounts:password-change")
RESET = reverse("accounts:password-reset")
SESSIONS = reverse("accounts:sessions")


@pytest.fixture
def ann(db):
    return UserFactory(username="ann", email="ann@example.org", first_name="Ann")


def signed_in(username: str, password: str = PASSWORD) -> Client:
    """A browser of its own, signed in through the sign-in page."""
    browser = Client()
    response = browser.post(SIGN_IN, {"username": username, "password": password})
    assert response.status_code == 302, "the password was refused"
    return browser


def is_signed_in(browser: Client) -> bool:
    return browser.get(SESSIONS).status_code == 200


def signs_in(username: str, password: str) -> bool:
    return Client().post(SIGN_IN, {"username": username, "password": password}).status_code == 302


def change(browser: Client, current: str = PASSWORD, new: str = NEW, again: str | None = None):
    return browser.post(
        CHANGE,
        {"current_password": current, "new_password": new, "new_password_again": again or new},
    )


# ---------------------------------------------------------------- changing a password


@pytest.mark.django_db
def test_a_person_changes_their_password_and_is_signed_out_everywhere_else(ann):
    here, elsewhere = signed_in("ann"), signed_in("ann")

    response = change(here)

    assert response.status_code == 302
    assert response["Location"] == SESSIONS
    assert "Your password is changed. You were signed out of 1 other session." in (
        here.get(SESSIONS).content.decode()
    )
    assert is_signed_in(here)
    assert not is_signed_in(elsewhere)
    assert signs_in("ann", NEW)
    assert not signs_in("ann", PASSWORD)
    event = AuditEvent.objects.get(action="user.password_changed")
    assert (event.actor_name, event.object_id) == ("ann", str(ann.pk))
    assert event.changes == {"other_sessions_ended": [None, 1]}
    recorded = str(AuditEvent.objects.values_list("changes", flat=True)[::1])
    assert NEW not in recorded
    assert PASSWORD not in recorded


@pytest.mark.django_db
def test_a_wrong_current_password_is_refused_naming_the_field(ann):
    browser = signed_in("ann")

    response = change(browser, current="not my password at all")

    html = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: Change your password" in html
    assert '<a href="#id_current_password">The password is not right</a>' in html
    assert signs_in("ann", PASSWORD)
    assert not AuditEvent.objects.filter(action="user.password_changed").exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("new", "again", "field", "message"),
    [
        ("lighthouse", None, "new_password", "at least 12 characters"),
        ("password1234", None, "new_password", "This password is too common"),
        (PASSWORD, None, "new_password", "Choose a password other than the one you have now"),
        (NEW, "a kettle of distant lighthouse", "new_password_again", "are not the same"),
    ],
)
def test_a_weak_or_mistyped_new_password_is_refused_naming_the_field(
    ann, new, again, field, message
):
    browser = signed_in("ann")

    response = change(browser, new=new, again=again)

    html = response.content.decode()
    assert response.status_code == 200
    assert re.search(rf'<a href="#id_{field}">[^<]*{message}', html), html
    assert signs_in("ann", PASSWORD)


@pytest.mark.django_db
def test_five_wrong_current_passwords_pause_the_change_as_they_pause_signing_in(ann):
    browser = signed_in("ann")
    for _ in range(5):
        change(browser, current="a guess at the password")

    response = change(browser)

    assert response.status_code == 429
    assert signs_in("ann", PASSWORD) is False  # paused from this address too
    assert get_user_model().objects.get(pk=ann.pk).check_password(PASSWORD)


@pytest.mark.django_db
def test_only_a_signed_in_person_may_change_a_password(client):
    response = client.get(CHANGE)
    assert response.status_code == 302
    assert response["Location"].startswith(SIGN_IN)


# ---------------------------------------------------------------- resetting a password

LINK = re.compile(r"^(https?://\S+/account/password/reset/\S+/)$", re.MULTILINE)


def ask_for_a_link(browser: Client, email: str):
    return browser.post(RESET, {"email": email})


def mailed_link() -> str:
    """The path of the reset link in the one e-mail sent."""
    [message] = mail.outbox
    [link] = LINK.findall(str(message.body))
    assert link.startswith(settings.ACCORD_SITE_URL)
    return link.removeprefix(settings.ACCORD_SITE_URL)


def set_password_through(browser: Client, link: str, new: str = NEW):
    """Open the link (which moves the token out of the address) and choose a password."""
    opened = browser.get(link)
    assert opened.status_code == 302, "the link was refused"
    form = opened["Location"]
    assert browser.get(form).status_code == 200
    return browser.post(form, {"new_password": new, "new_password_again": new})


@pytest.mark.django_db
def test_a_known_address_is_mailed_a_link_that_sets_a_new_password_once(ann):
    browser = Client()

    response = ask_for_a_link(browser, "Ann@Example.org")

    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:password-reset-sent")
    [message] = mail.outbox
    assert message.to == ["ann@example.org"]
    assert message.from_email == settings.DEFAULT_FROM_EMAIL
    assert message.subject == "Reset your Accord password"
    assert "It works once, for 60 minutes" in message.body
    link = mailed_link()

    done = set_password_through(browser, link)

    assert done.status_code == 302
    assert done["Location"] == reverse("accounts:password-reset-complete")
    assert "Your password is changed" in browser.get(done["Location"]).content.decode()
    assert signs_in("ann", NEW)
    assert not signs_in("ann", PASSWORD)
    again = Client().get(link, follow=True).content.decode()
    assert "This link does not work" in again
    recorded = AuditEvent.objects.filter(action__startswith="user.password").order_by("sequence")
    assert list(recorded.values_list("action", "actor_name", "object_id")) == [
        ("user.password_reset_requested", "", str(ann.pk)),
        ("user.password_reset", "ann", str(ann.pk)),
    ]


@pytest.mark.django_db
def test_an_unknown_address_gets_the_same_answer_and_no_mail(ann):
    known = ask_for_a_link(Client(), "ann@example.org")
    unknown = ask_for_a_link(Client(), "nobody@example.org")

    assert (unknown.status_code, unknown["Location"]) == (known.status_code, known["Location"])
    page = Client().get(known["Location"]).content.decode()
    assert "If an account in Accord has the address you gave, we have sent it a link" in page
    assert [message.to for message in mail.outbox] == [["ann@example.org"]]
    assert "nobody" not in str(list(AuditEvent.objects.values("changes", "object_id")))


@pytest.mark.django_db
def test_a_malformed_address_is_refused_naming_the_field(ann):
    response = ask_for_a_link(Client(), "ann at example")
    assert response.status_code == 200
    assert '<a href="#id_email">Enter an e-mail address in the correct format' in (
        response.content.decode()
    )
    assert mail.outbox == []


@pytest.mark.django_db
def test_a_link_is_refused_once_it_is_older_than_the_reset_timeout(ann, monkeypatch):
    ask_for_a_link(Client(), "ann@example.org")
    link = mailed_link()
    now = default_token_generator._now()
    later = datetime.timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT + 60)
    monkeypatch.setattr(default_token_generator, "_now", lambda: now + later)

    response = Client().get(link, follow=True)

    assert "This link does not work" in response.content.decode()
    assert "60 minutes" in response.content.decode()


@pytest.mark.django_db
def test_a_link_is_refused_once_the_person_has_signed_in_since(ann):
    ask_for_a_link(Client(), "ann@example.org")
    link = mailed_link()
    signed_in("ann")  # remembered the password after all

    assert "This link does not work" in Client().get(link, follow=True).content.decode()


@pytest.mark.django_db
def test_a_reset_signs_the_account_out_everywhere(ann):
    elsewhere = signed_in("ann")
    browser = Client()
    ask_for_a_link(browser, "ann@example.org")

    set_password_through(browser, mailed_link())

    assert not is_signed_in(elsewhere)
    assert AuditEvent.objects.get(action="user.password_reset").changes == {
        "sessions_ended": [None, 1]
    }


@pytest.mark.django_db
def test_a_reset_still_asks_for_the_two_factor_code_at_the_next_sign_in(ann):
    TOTPDevice.objects.create(user=ann, name="Authenticator app", confirmed=True)
    browser = Client()
    ask_for_a_link(browser, "ann@example.org")
    set_password_through(browser, mailed_link())

    signed = signed_in("ann", NEW)

    response = signed.get(reverse("core:home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:two-factor-verify"))
    assert signed.get(SESSIONS).status_code == 302


@pytest.mark.django_db
def test_asking_again_within_five_minutes_sends_no_second_mail(ann):
    ask_for_a_link(Client(), "ann@example.org")
    ask_for_a_link(Client(), "ann@example.org")
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_a_person_signed_in_in_the_same_browser_is_signed_out_by_the_reset(ann):
    browser = signed_in("ann")
    ask_for_a_link(browser, "ann@example.org")

    response = set_password_through(browser, mailed_link())

    assert response.status_code == 302
    assert not is_signed_in(browser)
    assert signs_in("ann", NEW)


@pytest.mark.django_db
def test_the_sign_in_page_offers_a_reset(client):
    assert f'href="{RESET}">Forgotten your password?</a>' in client.get(SIGN_IN).content.decode()

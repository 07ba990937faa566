"""Signing in and out with Django's auth, throttled by django-axes."""

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse

from accord.core.demo import DEMO_PASSWORD
from accord.core.requests import client_address

SIGN_IN = reverse("accounts:sign-in")


def sign_in(client, username, password, address="192.0.2.10", forwarded=None):
    headers = {} if forwarded is None else {"HTTP_X_FORWARDED_FOR": forwarded}
    return client.post(
        SIGN_IN, {"username": username, "password": password}, REMOTE_ADDR=address, **headers
    )


PROXY = "10.0.0.1"  # the reverse proxy every request comes through in production


@pytest.mark.django_db
def test_a_demo_user_signs_in_and_sees_their_name(client, demo):
    # A user with no two-factor duty (who has one is sent on: tests/accounts/test_two_factor.py).
    response = sign_in(client, "strategy", DEMO_PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == reverse("core:home")
    html = client.get(reverse("core:home")).content.decode()
    assert "Signed in as Housing Strategy Officer, Cherwell District Council" in html
    assert "Sign out" in html


@pytest.mark.django_db
def test_a_wrong_password_is_explained_and_nobody_is_signed_in(client, demo):
    response = sign_in(client, "officer", "not-the-password")
    assert response.status_code == 200
    html = response.content.decode()
    assert "govuk-error-summary" in html
    assert "Enter a correct username and password" in html
    assert "<title>Error: Sign in" in html
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_the_session_id_changes_at_sign_in(client, demo):
    client.get(SIGN_IN)
    client.session.save()
    before = client.session.session_key
    sign_in(client, "representative", DEMO_PASSWORD)
    assert client.session.session_key != before


@pytest.mark.django_db
def test_five_wrong_passwords_pause_signing_in_for_that_username_from_that_address(client, demo):
    for _ in range(5):
        sign_in(client, "representative", "guess")
    response = sign_in(client, "representative", DEMO_PASSWORD)
    assert response.status_code == 429
    assert "Signing in is paused" in response.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_failures_from_one_address_do_not_lock_the_user_out_from_another(client, demo):
    for _ in range(5):
        sign_in(client, "representative", "guess", address="198.51.100.7")
    response = sign_in(client, "representative", DEMO_PASSWORD, address="192.0.2.10")
    assert response.status_code == 302


@pytest.mark.django_db
def test_behind_a_proxy_one_persons_failures_do_not_lock_the_user_out_for_everyone(
    client, demo, settings
):
    """Every request reaches Accord from the proxy's address: the client's is the one the
    proxy appended to X-Forwarded-For, so the pause falls on the guesser's address only."""
    settings.ACCORD_TRUSTED_PROXIES = 1
    for _ in range(5):
        sign_in(client, "representative", "guess", address=PROXY, forwarded="198.51.100.7")
    paused = sign_in(
        client, "representative", DEMO_PASSWORD, address=PROXY, forwarded="198.51.100.7"
    )
    assert paused.status_code == 429

    response = sign_in(
        client, "representative", DEMO_PASSWORD, address=PROXY, forwarded="192.0.2.10"
    )
    assert response.status_code == 302


@pytest.mark.django_db
def test_behind_a_proxy_an_address_the_client_wrote_is_not_believed(client, demo, settings):
    """The guesser writes the representative's own address into X-Forwarded-For, hoping to
    lock them out; the proxy appends the guesser's real address, which is the one counted."""
    settings.ACCORD_TRUSTED_PROXIES = 1
    for _ in range(5):
        sign_in(
            client, "representative", "guess", address=PROXY, forwarded="192.0.2.10, 198.51.100.7"
        )
    response = sign_in(
        client, "representative", DEMO_PASSWORD, address=PROXY, forwarded="192.0.2.10"
    )
    assert response.status_code == 302


@pytest.mark.django_db
def test_without_a_proxy_x_forwarded_for_is_ignored(client, demo, settings):
    settings.ACCORD_TRUSTED_PROXIES = 0
    for _ in range(5):
        sign_in(client, "representative", "guess", address="198.51.100.7", forwarded="192.0.2.10")
    assert (
        sign_in(client, "representative", DEMO_PASSWORD, address="198.51.100.7").status_code == 429
    )
    assert sign_in(client, "representative", DEMO_PASSWORD, address="192.0.2.10").status_code == 302


@pytest.mark.django_db
def test_one_address_failing_for_many_usernames_is_paused_whatever_the_username(
    client, demo, settings
):
    """Password spraying: one guess per username never reaches five for any of them, but
    the address is paused after twenty usernames; other addresses are not."""
    settings.ACCORD_SIGN_IN_USERNAMES_PER_ADDRESS = 20
    for number in range(19):
        sign_in(client, f"someone-{number}", "Winter2010!", address="198.51.100.7")
    assert sign_in(client, "officer", DEMO_PASSWORD, address="198.51.100.7").status_code == 302
    client.post(reverse("accounts:sign-out"))

    sign_in(client, "someone-19", "Winter2010!", address="198.51.100.7")
    paused = sign_in(client, "representative", DEMO_PASSWORD, address="198.51.100.7")
    assert paused.status_code == 429
    assert "Signing in is paused" in paused.content.decode()
    assert sign_in(client, "representative", DEMO_PASSWORD, address="192.0.2.10").status_code == 302


@pytest.mark.parametrize(
    ("proxies", "remote", "forwarded", "client"),
    [
        (0, "192.0.2.10", None, "192.0.2.10"),
        (0, "192.0.2.10", "203.0.113.5", "192.0.2.10"),  # no proxy: the header is anyone's
        (1, PROXY, "198.51.100.7", "198.51.100.7"),
        (1, PROXY, "192.0.2.10, 198.51.100.7", "198.51.100.7"),  # the left part is the client's
        (2, PROXY, "192.0.2.10, 198.51.100.7, 10.0.0.2", "198.51.100.7"),
        (2, PROXY, "198.51.100.7", PROXY),  # fewer than the proxies: it went round them
        (1, PROXY, "not-an-address", PROXY),
        (1, PROXY, " 2001:db8::1 ", "2001:db8::1"),
    ],
)
def test_the_client_address_is_read_through_the_trusted_proxies_only(
    rf, settings, proxies, remote, forwarded, client
):
    settings.ACCORD_TRUSTED_PROXIES = proxies
    headers = {} if forwarded is None else {"HTTP_X_FORWARDED_FOR": forwarded}
    assert client_address(rf.get("/", REMOTE_ADDR=remote, **headers)) == client


@pytest.mark.django_db
def test_signing_out_needs_a_post_and_ends_the_session(client, demo):
    sign_in(client, "representative", DEMO_PASSWORD)
    assert client.get(reverse("accounts:sign-out")).status_code == 405
    response = client.post(reverse("accounts:sign-out"), follow=True)
    assert "_auth_user_id" not in client.session
    assert "You have signed out." in response.content.decode()


@pytest.mark.django_db
def test_a_signed_in_user_opening_sign_in_goes_home(client, demo):
    sign_in(client, "representative", DEMO_PASSWORD)
    response = client.get(SIGN_IN)
    assert response.status_code == 302


@pytest.mark.parametrize(
    ("password", "problem"),
    [
        ("Oxford-2010", "at least 12 characters"),  # 11 characters
        ("password1234", "too common"),
    ],
)
def test_a_password_is_at_least_12_characters_and_not_a_common_one(password, problem):
    """ASVS Level 2 (2.1.1, 2.1.7), for every way a password is set (`accord
    changepassword`, `accord createsuperuser`, the admin)."""
    with pytest.raises(ValidationError) as refused:
        validate_password(password)
    assert problem in " ".join(refused.value.messages)
    validate_password("Floating-support-2010")  # twelve or more, not common: accepted

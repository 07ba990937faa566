"""Signing in and out with Django's auth, throttled by django-axes."""

import pytest
from django.urls import reverse

from accord.core.demo import DEMO_PASSWORD

SIGN_IN = reverse("accounts:sign-in")


def sign_in(client, username, password, address="192.0.2.10"):
    return client.post(SIGN_IN, {"username": username, "password": password}, REMOTE_ADDR=address)


@pytest.mark.django_db
def test_a_demo_user_signs_in_and_sees_their_name(client, demo):
    response = sign_in(client, "representative", DEMO_PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == reverse("core:home")
    html = client.get(reverse("core:home")).content.decode()
    assert "Signed in as Lead Member, West Oxfordshire District Council" in html
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

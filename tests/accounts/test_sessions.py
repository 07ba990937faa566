"""How long a signed-in session lasts: 30 minutes without a request, 12 hours in all.

The clock is the session's own record: tests move the stored times back instead of waiting.
"""

import time
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from qsessions.models import Session

from accord.accounts.middleware import RENEWED_AT, SIGNED_IN_AT
from accord.core.demo import DEMO_PASSWORD

HOME = reverse("core:home")
HOURS = 3600


@pytest.fixture
def signed_in(client, demo):
    response = client.post(
        reverse("accounts:sign-in"), {"username": "strategy", "password": DEMO_PASSWORD}
    )
    assert response.status_code == 302
    return client


def stored_session(client):
    return Session.objects.get(session_key=client.session.session_key)


def signed_in_hours_ago(client, hours):
    session = client.session
    session[SIGNED_IN_AT] = time.time() - hours * HOURS
    session.save()


def idle_for(client, minutes):
    """Move the session's clock back, as if the last request was ``minutes`` ago."""
    session = client.session
    session[RENEWED_AT] = time.time() - minutes * 60
    session.save()
    row = stored_session(client)
    row.expire_date = timezone.now() + timedelta(minutes=30 - minutes)
    row.save()


@pytest.mark.django_db
def test_a_request_gives_the_session_another_30_minutes(signed_in):
    idle_for(signed_in, 29)

    assert signed_in.get(HOME).status_code == 200

    left = stored_session(signed_in).expire_date - timezone.now()
    assert timedelta(minutes=29) < left <= timedelta(minutes=30)


@pytest.mark.django_db
def test_requests_within_a_minute_of_the_last_renewal_write_nothing(signed_in):
    """A page view reads the session; it writes it again only once a minute."""
    idle_for(signed_in, 0.5)
    before = stored_session(signed_in).expire_date
    with CaptureQueriesContext(connection) as queries:
        assert signed_in.get(HOME).status_code == 200
    assert not [
        q
        for q in queries.captured_queries
        if "qsessions_session" in q["sql"] and "UPDATE" in q["sql"]
    ]
    assert stored_session(signed_in).expire_date == before
    idle_for(signed_in, 1.5)
    signed_in.get(HOME)
    assert stored_session(signed_in).expire_date > before


@pytest.mark.django_db
def test_a_session_ends_after_30_minutes_without_a_request(signed_in):
    row = stored_session(signed_in)
    row.expire_date = timezone.now() - timedelta(seconds=1)
    row.save()

    html = signed_in.get(HOME).content.decode()

    assert "Signed in as" not in html
    assert "_auth_user_id" not in signed_in.session


@pytest.mark.django_db
def test_an_active_session_lasts_until_12_hours_after_sign_in(signed_in):
    signed_in_hours_ago(signed_in, 11.9)
    assert (
        "Signed in as Housing Strategy Officer, Cherwell District Council"
        in signed_in.get(HOME).content.decode()
    )


@pytest.mark.django_db
def test_12_hours_after_sign_in_the_user_is_signed_out_however_active(signed_in):
    signed_in_hours_ago(signed_in, 12.01)

    response = signed_in.get(reverse("governance:partnership-detail", args=["oxfordshire"]))

    assert response.status_code == 302
    assert response["Location"] == (
        reverse("accounts:sign-in") + "?next=/partnerships/oxfordshire/"
    )
    assert "_auth_user_id" not in signed_in.session
    html = signed_in.get(response["Location"]).content.decode()
    assert "You were signed out after 12 hours; sign in again" in html


@pytest.mark.django_db
def test_signing_in_again_starts_a_new_12_hours(signed_in):
    signed_in_hours_ago(signed_in, 12.01)
    signed_in.get(HOME)
    signed_in.post(reverse("accounts:sign-in"), {"username": "strategy", "password": DEMO_PASSWORD})
    assert (
        "Signed in as Housing Strategy Officer, Cherwell District Council"
        in signed_in.get(HOME).content.decode()
    )


@pytest.mark.django_db
def test_the_api_treats_a_12_hour_old_session_as_signed_out_without_redirecting(signed_in):
    signed_in_hours_ago(signed_in, 13)
    response = signed_in.get("/api/governance/partnerships")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert "_auth_user_id" not in signed_in.session

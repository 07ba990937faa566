"""Rate limits at their defaults (the suite runs without them): the API per person and per
address, the expensive pages per person and per address, 429 with Retry-After in the API's
error shape or as a page, and a new window serving again."""

import threading

import pytest
from django.conf import settings as django_settings
from django.db import connection, connections
from django.test import Client
from django.urls import reverse

from accord.core import ratelimit
from accord.core.models import RateWindow

API_PARTNERSHIPS = "/api/governance/partnerships"
DEFAULTS = django_settings.ACCORD_DEFAULT_RATE_LIMITS


@pytest.fixture
def limits_on(settings):
    settings.ACCORD_RATE_LIMITS = DEFAULTS


@pytest.fixture
def clock(monkeypatch):
    """The limiter's clock, at the start of a window, moved on by hand."""
    now = [1_800_000_000.0]  # a multiple of 60: the first request opens a window
    monkeypatch.setattr(ratelimit.time, "time", lambda: now[0])
    return now


def test_the_api_serves_a_person_their_limit_a_minute_then_429_in_the_error_shape(
    limits_on, clock, demo, sign_in, client
):
    sign_in("officer")
    per_person = DEFAULTS["api"]["per_person"]
    statuses = {client.get(API_PARTNERSHIPS).status_code for _ in range(per_person)}
    assert statuses == {200}

    clock[0] += 15
    refused = client.get(API_PARTNERSHIPS)
    assert refused.status_code == 429
    assert refused["Retry-After"] == "45"
    assert refused.json() == {
        "error": {
            "code": "too_many_requests",
            "message": "Too many requests: try again in 45 seconds",
            "field": None,
        }
    }
    # Another person at the same address is counted on their own.
    colleague = Client()
    colleague.force_login(demo_user("strategy"))
    assert colleague.get(API_PARTNERSHIPS).status_code == 200

    clock[0] += 45  # the next window
    assert client.get(API_PARTNERSHIPS).status_code == 200


def demo_user(username):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(username=username)


def test_an_expensive_page_serves_an_address_its_limit_then_the_too_many_requests_page(
    limits_on, clock, demo, client
):
    export = reverse("decisions:decision-csv", args=["oxfordshire"])
    per_address = DEFAULTS["expensive"]["per_address"]
    statuses = {client.get(export).status_code for _ in range(per_address)}
    assert statuses == {200}

    refused = client.get(export)
    assert refused.status_code == 429
    assert refused["Retry-After"] == "60"
    page = refused.content.decode()
    assert '<h1 class="govuk-heading-l">Too many requests</h1>' in page
    assert "Try again in 60 seconds." in page
    # Pages that cost little are not limited; another address still gets the export.
    assert client.get(reverse("decisions:decision-list", args=["oxfordshire"])).status_code == 200
    elsewhere = Client(REMOTE_ADDR="192.0.2.7")
    assert elsewhere.get(export).status_code == 200


def test_a_signed_in_person_has_a_smaller_share_of_the_expensive_pages_than_an_address(
    limits_on, clock, demo, sign_in, client
):
    sign_in("officer")
    export = reverse("decisions:decision-csv", args=["oxfordshire"])
    per_person = DEFAULTS["expensive"]["per_person"]
    assert {client.get(export).status_code for _ in range(per_person)} == {200}
    assert client.get(export).status_code == 429


def test_limits_are_off_in_the_suite_and_counted_nowhere(demo, client):
    assert django_settings.ACCORD_RATE_LIMITS == {}
    client.get(API_PARTNERSHIPS)
    assert not RateWindow.objects.exists()


def test_windows_that_have_ended_are_pruned_when_a_new_one_opens(limits_on, clock, db):
    ratelimit.hit("api:a:192.0.2.1", seconds=60, now=clock[0])
    ratelimit.hit("api:a:192.0.2.2", seconds=60, now=clock[0] + 3700)
    assert list(RateWindow.objects.values_list("bucket", flat=True)) == ["api:a:192.0.2.2"]


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_requests_counted_at_once_by_many_processes_are_each_counted_once():
    """The count is one atomic statement: 4 connections counting 25 hits each at once get
    every number from 1 to 100 exactly once, as separate server processes would."""
    seen: list[int] = []
    lock = threading.Lock()
    start = threading.Barrier(4)

    def count() -> None:
        start.wait()
        try:
            for _ in range(25):
                hits, _ = ratelimit.hit("api:u:1", seconds=60, now=1_800_000_000.0)
                with lock:
                    seen.append(hits)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=count) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(seen) == list(range(1, 101))
    assert connection.vendor == "postgresql"
    assert RateWindow.objects.get(bucket="api:u:1").hits == 100


def test_one_address_asking_for_many_password_resets_is_held_back(limits_on, clock, demo, client):
    """Each request queues an e-mail: the form is limited per address as the expensive
    pages are."""
    reset = reverse("accounts:password-reset")
    per_address = DEFAULTS["expensive"]["per_address"]
    for number in range(per_address):
        asked = client.post(reset, {"email": f"someone{number}@example.org"})
        assert asked.status_code == 302
    refused = client.post(reset, {"email": "one-more@example.org"})
    assert refused.status_code == 429
    assert refused["Retry-After"] == "60"

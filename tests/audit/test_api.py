"""The audit trail through the API: a partnership's events for its programme team,
filtered as the trail's page filters them, and nobody else's."""

import pytest

from accord.governance import services
from tests.audit.test_personal_data import request_from
from tests.governance.register_data import partnership_with_officer

URL = "/api/audit/partnerships/{}/events"


@pytest.fixture
def trail(db, sign_in):
    wychwood = partnership_with_officer()
    evenlode = partnership_with_officer(slug="evenlode", username="evenlode-officer")
    officer = sign_in("wychwood-officer")
    services.partner_create(
        actor=officer, partnership=wychwood, name="Wychwood DC", kind="district_council"
    )
    services.body_create(
        actor=officer, partnership=wychwood, name="Wychwood Board", kind="deciding_board"
    )
    services.partner_create(
        actor=None, partnership=evenlode, name="Evenlode DC", kind="district_council"
    )
    return wychwood


def test_the_programme_team_reads_its_partnerships_trail_newest_first(client, trail):
    response = client.get(URL.format("wychwood"))
    assert response.status_code == 200
    events = response.json()["items"]
    assert [event["action"] for event in events[:2]] == ["body.create", "partner.create"]
    assert all(event["object_id"] for event in events[:2])
    sequences = [event["sequence"] for event in events]
    assert sequences == sorted(sequences, reverse=True)
    assert "Evenlode DC" not in response.content.decode()


def test_the_trail_is_filtered_as_the_page_filters_it(client, trail):
    events = client.get(URL.format("wychwood"), {"action": "partner.create"}).json()["items"]
    assert [event["changes"]["name"][1] for event in events] == ["Wychwood DC"]
    refused = client.get(URL.format("wychwood"), {"since": "2026-02-01", "until": "2026-01-01"})
    assert refused.status_code == 422
    assert refused.json()["error"]["field"] == "until"
    implausible = client.get(URL.format("wychwood"), {"since": "0001-01-01"})
    assert implausible.status_code == 422
    assert implausible.json()["error"]["field"] == "since"


def test_another_partnerships_officer_may_not_read_the_trail(client, trail, sign_in):
    sign_in("evenlode-officer")
    assert client.get(URL.format("wychwood")).status_code == 403
    assert client.get(URL.format("evenlode")).status_code == 200


def test_each_event_says_where_it_came_from_as_the_page_does(client, trail):
    services.partner_create(
        actor=None, partnership=trail, name="Evenlode Health", kind="health"
    )  # outside a request: from nowhere
    with request_from("198.51.100.7", "accord-client/1.0"):
        services.partner_create(
            actor=None, partnership=trail, name="Windrush DC", kind="district_council"
        )
    newest, before = client.get(URL.format("wychwood")).json()["items"][:2]
    assert (newest["client_address"], newest["user_agent"]) == ("198.51.100.7", "accord-client/1.0")
    assert newest["personal_digest"]
    assert newest["personal_erased"] is False
    assert (before["client_address"], before["user_agent"], before["personal_digest"]) == (
        "", "", ""
    )  # fmt: skip

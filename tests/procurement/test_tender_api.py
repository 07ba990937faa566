"""The tender's steps the pages do, through the API (tender_views.py's parity): changing the
strategy (a versioned PUT), adding a lot, starting with services, recording a bid received
earlier, cancelling; each refusal the API's one error shape, changing nothing."""

import datetime
from typing import Any

import pytest

from accord.audit.models import AuditEvent
from accord.procurement.models import Bid, Lot
from tests import factories

from .test_api import BASE, refused
from .test_services import DEADLINE, World, opened, refresh, strategy

pytestmark = pytest.mark.django_db

JSON = "application/json"


@pytest.fixture
def w() -> World:
    world = World()
    factories.ProgrammeOfficerFactory(partnership=world.partnership, user=world.officer)
    seat: Any = factories.MembershipFactory(body=world.board)
    seat.person.user = world.anna
    seat.person.save()
    return world


STRATEGY = {
    "reference": "OX-FS-2025",
    "title": "Floating support across Oxfordshire",
    "description": "",
    "estimated_value": "1200000.00",
    "term_months": 36,
    "procedure": "open",
    "regime": "pa2023",
    "light_touch": True,
    "notice_on": "2025-10-27",
    "deadline": "2025-11-28T12:00:00+00:00",
    "award_by": "2025-12-19",
    "contract_start": "2026-04-01",
}


def test_a_procurement_starts_with_the_services_it_buys(client, sign_in, w):
    service: Any = factories.ServiceFactory(partnership=w.partnership)
    sign_in(w.officer.username)
    response = client.post(BASE, {**STRATEGY, "service_ids": [service.pk]}, content_type=JSON)
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["service_ids"] == [service.pk]
    assert (body["award_by"], body["contract_start"]) == ("2025-12-19", "2026-04-01")
    other: Any = factories.ServiceFactory()  # another partnership's
    response = client.post(
        BASE, {**STRATEGY, "reference": "OX-2", "service_ids": [other.pk]}, content_type=JSON
    )
    refused(response, 422, "service_ids")


def test_the_strategy_changes_with_its_version_while_planned(client, sign_in, w):
    procurement = strategy(w)
    sign_in(w.officer.username)
    read = client.get(f"{BASE}/{procurement.pk}")
    changed = {**STRATEGY, "title": "Floating support, county-wide"}
    response = client.put(f"{BASE}/{procurement.pk}", changed, content_type=JSON)
    assert response.status_code == 428
    response = client.put(
        f"{BASE}/{procurement.pk}", changed, content_type=JSON, headers={"If-Match": read["ETag"]}
    )
    assert response.status_code == 200, response.content
    assert response.json()["title"] == "Floating support, county-wide"
    assert AuditEvent.objects.filter(action="procurement.update").count() == 1
    stale = client.put(
        f"{BASE}/{procurement.pk}", STRATEGY, content_type=JSON, headers={"If-Match": read["ETag"]}
    )
    assert stale.status_code == 412


def test_the_strategy_cannot_change_once_the_tender_is_published(client, sign_in, w):
    procurement = opened(w)
    sign_in(w.officer.username)
    response = client.put(
        f"{BASE}/{procurement.pk}",
        {**STRATEGY, "title": "Else"},
        content_type=JSON,
        headers={"If-Match": "*"},
    )
    assert "cannot change once the tender is published" in refused(response, 409, None)
    assert refresh(procurement).title == "Floating support across Oxfordshire"
    response = client.post(
        f"{BASE}/{procurement.pk}/lots",
        {"title": "Cherwell", "estimated_value": "400000"},
        content_type=JSON,
    )
    assert "cannot change once the tender is published" in refused(response, 409, None)
    assert not Lot.objects.exists()


def test_a_lot_is_added_and_read_with_the_procurement(client, sign_in, w):
    procurement = strategy(w)
    sign_in(w.officer.username)
    response = client.post(
        f"{BASE}/{procurement.pk}/lots",
        {"title": "Floating support in Cherwell", "estimated_value": "400000"},
        content_type=JSON,
    )
    assert response.status_code == 201, response.content
    assert response.json()["estimated_value"] == "400000.00"
    lots = client.get(f"{BASE}/{procurement.pk}").json()["lots"]
    assert [lot["title"] for lot in lots] == ["Floating support in Cherwell"]


def test_a_bid_received_earlier_is_recorded_when_it_came(client, sign_in, w):
    procurement = opened(w)
    sign_in(w.officer.username)
    provider: Any = factories.ProviderFactory(partnership=w.partnership, name="Banbury Support")
    on_time = (DEADLINE - datetime.timedelta(minutes=5)).isoformat()
    response = client.post(
        f"{BASE}/{procurement.pk}/bids",
        {"provider_id": provider.pk, "price": "95000", "received_at": on_time},
        content_type=JSON,
    )
    assert response.status_code == 201, response.content
    assert response.json()["late"] is False
    assert Bid.objects.get(provider=provider).received_at == DEADLINE - datetime.timedelta(
        minutes=5
    )


def test_a_procurement_is_cancelled_with_its_reason_once(client, sign_in, w):
    procurement = opened(w)
    sign_in(w.officer.username)
    response = client.post(f"{BASE}/{procurement.pk}/cancel", {"reason": ""}, content_type=JSON)
    refused(response, 422, "reason")
    assert refresh(procurement).state == "open"
    response = client.post(
        f"{BASE}/{procurement.pk}/cancel", {"reason": "The budget was withdrawn"}, content_type=JSON
    )
    assert response.status_code == 200, response.content
    assert response.json()["state"] == "cancelled"
    response = client.post(
        f"{BASE}/{procurement.pk}/cancel", {"reason": "Again"}, content_type=JSON
    )
    assert "cannot be cancelled" in refused(response, 409, "reason")
    assert AuditEvent.objects.filter(action="procurement.cancel").count() == 1


def test_a_member_cannot_change_the_tender(client, sign_in, w):
    procurement = strategy(w)
    sign_in(w.anna.username)
    for path, body in (
        ("/lots", {"title": "Cherwell", "estimated_value": "1"}),
        ("/cancel", {"reason": "No"}),
    ):
        response = client.post(f"{BASE}/{procurement.pk}{path}", body, content_type=JSON)
        assert response.status_code == 403
    response = client.put(
        f"{BASE}/{procurement.pk}", STRATEGY, content_type=JSON, headers={"If-Match": "*"}
    )
    assert response.status_code == 403
    assert refresh(procurement).state == "planning"
    assert not Lot.objects.exists()


def test_a_receipt_time_without_its_time_zone_is_refused_naming_the_field(client, sign_in, w):
    procurement = opened(w)
    sign_in(w.officer.username)
    provider: Any = factories.ProviderFactory(partnership=w.partnership, name="Banbury Support")
    response = client.post(
        f"{BASE}/{procurement.pk}/bids",
        {"provider_id": provider.pk, "price": "95000", "received_at": "2025-11-28T11:45:00"},
        content_type=JSON,
    )
    refused(response, 422, "received_at")
    assert not Bid.objects.filter(provider=provider).exists()

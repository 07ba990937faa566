"""Procurement through the API: the same services, the same refusals in the API's one
error shape ({"error": {"code", "message", "field"}}), changing nothing."""

import datetime
from typing import Any

import pytest

from accord.audit.models import AuditEvent
from accord.procurement.models import Bid, Procurement
from tests import factories

from .test_services import (
    World,
    evaluated,
    in_standstill,
    opened,
    panel_member,
    refresh,
    strategy,
)

pytestmark = pytest.mark.django_db

BASE = "/api/procurement/partnerships/oxon/procurements"


@pytest.fixture
def w(client) -> World:
    world = World()
    factories.ProgrammeOfficerFactory(partnership=world.partnership, user=world.officer)
    # Anna, an evaluator, sits on the board; Ben is on the programme team.
    seat: Any = factories.MembershipFactory(body=world.board)
    seat.person.user = world.anna
    seat.person.save()
    factories.ProgrammeOfficerFactory(partnership=world.partnership, user=world.ben)
    return world


def refused(response, status: int, field: str | None) -> str:
    assert response.status_code == status, response.content
    error = response.json()["error"]
    assert error["field"] == field
    return str(error["message"])


def test_opening_without_the_carried_tendering_strategy_is_refused_naming_decision_id(
    client, sign_in, w
):
    procurement = strategy(w)
    tabled = w.decision("tendering_strategy", "tabled")
    sign_in(w.officer.username)
    events = AuditEvent.objects.count()
    response = client.post(
        f"{BASE}/{procurement.pk}/open", {"decision_id": tabled.pk}, content_type="application/json"
    )
    assert "carried" in refused(response, 422, "decision_id")
    assert AuditEvent.objects.count() == events
    assert refresh(procurement).state == "planning"
    carried = w.decision("tendering_strategy")
    response = client.post(
        f"{BASE}/{procurement.pk}/open",
        {"decision_id": carried.pk},
        content_type="application/json",
    )
    assert response.status_code == 200
    assert response.json()["state"] == "open"


def test_a_late_bid_is_recorded_as_late_and_excluded(client, sign_in, w):
    procurement = opened(w)  # its deadline (28 November 2025) has passed
    sign_in(w.officer.username)
    late: Any = factories.ProviderFactory(partnership=w.partnership, name="Late Ltd")
    response = client.post(
        f"{BASE}/{procurement.pk}/bids",
        {"provider_id": late.pk, "price": "80000.00"},
        content_type="application/json",
    )
    assert response.status_code == 201
    assert response.json()["late"] is True
    assert "after the deadline" in response.json()["excluded_reason"]


def test_bids_are_confidential_to_the_programme_team(client, sign_in, w):
    procurement = opened(w)
    sign_in(w.anna.username)  # a member of the board, on the panel
    assert client.get(f"{BASE}/{procurement.pk}/bids").status_code == 403
    assert client.get(f"{BASE}/{procurement.pk}").status_code == 200
    sign_in(w.officer.username)
    assert client.get(f"{BASE}/{procurement.pk}/bids").json()["count"] == 3


def test_an_evaluator_who_has_submitted_sees_the_panels_scores(client, sign_in, w):
    procurement = evaluated(w)  # both submitted
    sign_in(w.anna.username)
    assert client.get(f"{BASE}/{procurement.pk}/scores").status_code == 200
    assert client.get(f"{BASE}/{procurement.pk}/scores").json()["count"] == 12  # 2 x 3 x 2


def test_an_evaluator_cannot_see_others_scores_before_submitting(client, sign_in, w):
    from accord.procurement import services

    procurement = opened(w)
    services.procurement_close(
        actor=w.officer,
        procurement=procurement,
        now=datetime.datetime(2025, 12, 1, tzinfo=datetime.UTC),
    )
    sign_in(w.anna.username)
    assert "Submit your own scores" in refused(
        client.get(f"{BASE}/{procurement.pk}/scores"), 409, "scores"
    )


def test_scoring_a_bid_one_is_conflicted_on_is_refused(client, sign_in, w):
    from accord.procurement import services

    procurement = opened(w)
    services.procurement_close(
        actor=w.officer,
        procurement=procurement,
        now=datetime.datetime(2025, 12, 1, tzinfo=datetime.UTC),
    )
    anna = panel_member(procurement, w.anna)
    bid = Bid.objects.filter(procurement=procurement).order_by("id")[0]
    services.conflict_declare(actor=w.anna, evaluator=anna, bid=bid, interest="A trustee")
    criterion = procurement.criteria.order_by("id")[0]
    sign_in(w.anna.username)
    response = client.post(
        f"{BASE}/{procurement.pk}/scores",
        {"bid_id": bid.pk, "criterion_id": criterion.pk, "score": 7},
        content_type="application/json",
    )
    assert "conflict" in refused(response, 409, "bid")


def test_the_award_without_the_carried_tender_award_is_refused(client, sign_in, w):
    procurement = evaluated(w)
    voting = w.decision("tender_award", "voting")
    sign_in(w.officer.username)
    response = client.post(
        f"{BASE}/{procurement.pk}/award",
        {"decision_id": voting.pk},
        content_type="application/json",
    )
    refused(response, 422, "decision_id")
    assert refresh(procurement).awarded_bid is None


def test_signing_during_the_standstill_is_refused_naming_signed_on(client, sign_in, w):
    procurement = in_standstill(w)
    sign_in(w.officer.username)
    body = {
        "signed_on": "2026-01-06",
        "reference": "OX-C-2026-01",
        "department": "Supporting People Team",
        "start_date": "2026-04-01",
        "end_date": "2029-03-31",
    }
    response = client.post(f"{BASE}/{procurement.pk}/sign", body, content_type="application/json")
    assert "standstill" in refused(response, 409, "signed_on")
    assert Procurement.objects.get(pk=procurement.pk).contract is None
    body["signed_on"] = "2026-01-07"
    response = client.post(f"{BASE}/{procurement.pk}/sign", body, content_type="application/json")
    assert response.status_code == 200
    assert response.json()["state"] == "signed"

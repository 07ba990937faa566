"""The whole path through the API alone, by the programme team and two evaluators: from
the tendering strategy to the signed contract in the register. The clock is set by the
test (procurement's services and API ask ``timezone.now``), never the real one."""

import datetime
from types import SimpleNamespace
from typing import Any

import pytest
from django.utils import timezone

from accord.commissioning.models import Contract
from tests import factories

from .test_services import World

pytestmark = pytest.mark.django_db

UTC = datetime.UTC
BASE = "/api/procurement/partnerships/oxon/procurements"


class Clock:
    def __init__(self) -> None:
        self.now = datetime.datetime(2025, 10, 27, 9, tzinfo=UTC)

    def __call__(self) -> datetime.datetime:
        return self.now


@pytest.fixture
def clock(monkeypatch) -> Clock:
    """Procurement's clock only (sign-in and sessions keep the real one)."""
    from accord.procurement import api, services, views

    clock = Clock()
    fake = SimpleNamespace(
        now=clock,
        localdate=lambda value=None: (value or clock()).date(),
        localtime=timezone.localtime,
    )
    for module in (api, services, views):
        monkeypatch.setattr(module, "timezone", fake)
    return clock


def post(client, path: str, body: dict[str, Any] | None = None, status: int = 200) -> Any:
    response = client.post(f"{BASE}{path}", body or {}, content_type="application/json")
    assert response.status_code == status, response.content
    return response.json()


def test_from_tendering_strategy_to_signed_contract_through_the_api(client, sign_in, clock):
    w = World()
    factories.ProgrammeOfficerFactory(partnership=w.partnership, user=w.officer)
    for user in (w.anna, w.ben):
        seat: Any = factories.MembershipFactory(body=w.board)
        seat.person.user = user
        seat.person.save()
    sign_in(w.officer.username)
    made = post(
        client,
        "",
        {
            "reference": "OX-FS-2025",
            "title": "Floating support across Oxfordshire",
            "estimated_value": "1200000.00",
            "term_months": 36,
            "procedure": "open",
            "regime": "pa2023",
            "light_touch": True,
            "deadline": "2025-11-28T12:00:00+00:00",
        },
        201,
    )
    pk = made["id"]
    quality = post(
        client, f"/{pk}/criteria",
        {"name": "Quality of support", "kind": "quality", "weight": 60, "max_score": 10}, 201,
    )  # fmt: skip
    post(client, f"/{pk}/criteria", {"name": "Price", "kind": "price", "weight": 40}, 201)
    for user in (w.anna, w.ben):
        post(client, f"/{pk}/evaluators", {"username": user.username}, 201)
    post(client, f"/{pk}/open", {"decision_id": w.decision("tendering_strategy").pk})
    clock.now = datetime.datetime(2025, 11, 20, 10, tzinfo=UTC)
    bids = [
        post(client, f"/{pk}/bids", {"provider_id": provider.pk, "price": price}, 201)["id"]
        for provider, price in zip(w.providers, ("120000.00", "90000.00", "100000.00"), strict=True)
    ]
    clock.now = datetime.datetime(2025, 12, 1, 9, tzinfo=UTC)
    assert post(client, f"/{pk}/close")["state"] == "evaluating"
    # Two evaluators score independently; Ben is conflicted on the second bid.
    for user, scores in ((w.anna, (8, 6, 7)), (w.ben, (9, None, 6))):
        sign_in(user.username)
        for bid, score in zip(bids, scores, strict=True):
            if score is None:
                post(client, f"/{pk}/conflicts", {"bid_id": bid, "interest": "A trustee"}, 201)
                continue
            post(
                client, f"/{pk}/scores",
                {"bid_id": bid, "criterion_id": quality["id"], "score": score}, 201,
            )  # fmt: skip
        post(client, f"/{pk}/scores/submit")
    sign_in(w.officer.username)
    for bid, agreed in zip(bids, (9, 6, 7), strict=True):
        post(
            client, f"/{pk}/moderations",
            {"bid_id": bid, "criterion_id": quality["id"], "score": agreed,
             "rationale": "Agreed on the evidence of the method statement"}, 201,
        )  # fmt: skip
    assert post(client, f"/{pk}/evaluation/complete")["state"] == "evaluated"
    awarded = post(client, f"/{pk}/award", {"decision_id": w.decision("tender_award").pk})
    # 54 + 30 = 84 for Oxford; Cherwell 36 + 40 = 76; Vale 42 + 36 = 78.
    assert awarded["awarded_provider"] == "Oxford Floating Support"
    noticed = post(client, f"/{pk}/award-notice", {"published_on": "2025-12-22"})
    assert noticed["standstill_last_day"] == "2026-01-06"
    sign = {
        "signed_on": "2026-01-07",
        "reference": "OX-C-2026-01",
        "department": "Supporting People Team",
        "start_date": "2026-04-01",
        "end_date": "2029-03-31",
    }
    signed = post(client, f"/{pk}/sign", sign)
    assert signed["state"] == "signed"
    contract = Contract.objects.get(pk=signed["contract_id"])
    assert contract.provider.name == "Oxford Floating Support"
    assert contract.status == "let"

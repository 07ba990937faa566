"""The strategy in the JSON API: paged lists, public once adopted, progress read from the
register, changes only from the version read (If-Match), refusals naming the field sent."""

import datetime
from typing import Any

import pytest

from accord.audit.models import AuditEvent
from accord.commissioning import services
from accord.commissioning.models import AnnualPlanAction, Strategy
from tests import factories
from tests.governance.register_data import partnership_with_officer

BASE = "/api/commissioning/partnerships"
D = datetime.date
# A floating support service, in hours a week (the factory makes sheltered housing).
FLOATING = {"delivery_model": "floating", "service_type": "floating", "capacity_unit": "hours"}


@pytest.fixture
def wychwood(db) -> Any:
    return partnership_with_officer()


@pytest.fixture
def officer(client, sign_in, wychwood) -> Any:
    sign_in("wychwood-officer")
    return client


def carried(partnership: Any, **values: Any) -> Any:
    return factories.ProposalFactory(
        deciding_body__partnership=partnership, kind="strategy", state="carried", **values
    )


def send(client: Any, method: str, path: str, payload: Any, **headers: Any) -> Any:
    return getattr(client, method)(
        f"{BASE}/wychwood{path}", payload, content_type="application/json", **headers
    )


def test_an_officer_adopts_a_strategy_and_reads_its_outcomes_progress(officer, wychwood):
    decision = carried(wychwood)
    created = send(
        officer, "post", "/strategies",
        {"title": "Strategy 2004-09", "first_year": 2004, "last_year": 2008,
         "status": "adopted", "decision_id": decision.pk},
    )  # fmt: skip
    assert created.status_code == 201, created.json()
    strategy = created.json()
    assert strategy["period"] == "2004-09"
    assert strategy["ends_on"] == "2009-03-31"

    factories.ServiceFactory(**FLOATING, provider__partnership=wychwood, capacity=100)
    outcome = send(
        officer, "post", f"/strategies/{strategy['id']}/outcomes",
        {"title": "More floating support", "measure": "capacity", "delivery_model": "floating",
         "capacity_unit": "hours", "baseline_date": "2004-04-01", "target_figure": "300",
         "target_date": "2008-04-01"},
    )  # fmt: skip
    assert outcome.status_code == 201, outcome.json()
    assert outcome.json()["target_figure"] == "300.00"
    assert outcome.json()["unit"] == "hours of support a week"
    factories.ServiceFactory(
        **FLOATING, provider__partnership=wychwood, capacity=100, start_date=D(2005, 4, 1)
    )
    listed = officer.get(f"{BASE}/wychwood/strategies/{strategy['id']}/outcomes?on=2006-04-01")
    assert listed.json()["count"] == 1
    progress = listed.json()["items"][0]["progress"]
    assert progress == {
        "read_on": "2006-04-01",
        "baseline": "100",
        "baseline_from_register": True,
        "current": "200",
        "percent": "50",
        "expected_percent": "50",
        "standing": "On track",
    }
    assert AuditEvent.objects.filter(action="outcome.create", actor_name="wychwood-officer")


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"first_year": 2008, "last_year": 2004}, "last_year"),
        ({"first_year": 1900}, "first_year"),
        ({"status": "adopted"}, "decision_id"),
        ({"status": "adopted", "decision_id": 999999}, "decision_id"),
        ({"status": "ratified"}, "status"),
        ({"title": "   "}, "title"),
    ],
)
def test_a_bad_strategy_is_refused_with_422_naming_the_field(officer, payload, field):
    base = {"title": "Strategy 2004-09", "first_year": 2004, "last_year": 2008}
    response = send(officer, "post", "/strategies", {**base, **payload})
    assert response.status_code == 422
    assert response.json()["error"]["field"] == field
    assert not Strategy.objects.exists()


def test_an_adopting_decision_of_another_kind_or_partnership_is_refused(officer, wychwood):
    other: Any = factories.PartnershipFactory(slug="elsewhere")
    base = {"title": "Strategy", "first_year": 2004, "last_year": 2008, "status": "adopted"}
    decision: Any
    for decision in (
        factories.ProposalFactory(
            deciding_body__partnership=wychwood, kind="policy", state="carried"
        ),
        carried(other),
    ):
        response = send(officer, "post", "/strategies", {**base, "decision_id": decision.pk})
        assert response.status_code == 422
        assert response.json()["error"]["field"] == "decision_id"


def test_a_strategy_is_changed_only_from_its_current_version(officer, wychwood):
    strategy = services.strategy_create(
        actor=None, partnership=wychwood, title="Strategy", first_year=2004, last_year=2008
    )
    address = f"/strategies/{strategy.pk}"
    version = officer.get(f"{BASE}/wychwood{address}")["ETag"]
    adopt = {"title": "Strategy", "first_year": 2004, "last_year": 2008, "status": "adopted",
             "decision_id": carried(wychwood).pk}  # fmt: skip
    assert send(officer, "put", address, adopt).status_code == 428
    done = send(officer, "put", address, adopt, HTTP_IF_MATCH=version)
    assert done.status_code == 200
    assert done.json()["status"] == "adopted"
    assert send(officer, "put", address, adopt, HTTP_IF_MATCH=version).status_code == 412


def test_the_public_reads_adopted_strategies_only_paged(client, wychwood):
    for year in range(2004, 2009):
        services.strategy_create(
            actor=None, partnership=wychwood, title=f"Strategy {year}", first_year=year,
            last_year=year + 2, status="adopted", decision=carried(wychwood),
        )  # fmt: skip
    draft = services.strategy_create(
        actor=None, partnership=wychwood, title="Draft", first_year=2010, last_year=2012
    )
    page = client.get(f"{BASE}/wychwood/strategies?limit=2").json()
    assert page["count"] == 5
    assert [s["title"] for s in page["items"]] == ["Strategy 2008", "Strategy 2007"]
    assert client.get(f"{BASE}/wychwood/strategies/{draft.pk}").status_code == 404
    assert client.get(f"{BASE}/wychwood/strategies/{draft.pk}/actions").status_code == 404
    assert client.post(
        f"{BASE}/wychwood/strategies", {}, content_type="application/json"
    ).status_code in {401, 403}
    measures = client.get(f"{BASE}/wychwood/measures").json()["items"]
    assert {m["key"] for m in measures} >= {"capacity", "services", "contract_value"}


def test_an_action_links_proposals_services_and_contracts_by_id(officer, wychwood):
    strategy = services.strategy_create(
        actor=None, partnership=wychwood, title="Strategy", first_year=2008, last_year=2010
    )
    proposal: Any = factories.ProposalFactory(deciding_body__partnership=wychwood)
    service: Any = factories.ServiceFactory(provider__partnership=wychwood)
    contract: Any = factories.ContractFactory(provider__partnership=wychwood)
    theirs: Any = factories.ServiceFactory()
    payload = {"financial_year": 2008, "text": "Remodel wardens", "due_date": "2009-03-31",
               "proposal_ids": [proposal.pk], "service_ids": [service.pk],
               "contract_ids": [contract.pk]}  # fmt: skip
    created = send(officer, "post", f"/strategies/{strategy.pk}/actions", payload)
    assert created.status_code == 201, created.json()
    assert created.json()["service_ids"] == [service.pk]
    refused = send(
        officer, "post", f"/strategies/{strategy.pk}/actions",
        {**payload, "service_ids": [theirs.pk]},
    )  # fmt: skip
    assert refused.status_code == 422
    assert refused.json()["error"]["field"] == "service_ids"
    late = send(
        officer, "post", f"/strategies/{strategy.pk}/actions", {**payload, "financial_year": 2011}
    )
    assert late.json()["error"]["field"] == "financial_year"
    assert AnnualPlanAction.objects.count() == 1

    address = f"/actions/{created.json()['id']}"
    version = officer.get(f"{BASE}/wychwood{address}")["ETag"]
    changed = send(
        officer, "put", address, {**payload, "status": "done", "service_ids": []},
        HTTP_IF_MATCH=version,
    )  # fmt: skip
    assert changed.status_code == 200
    assert changed.json()["service_ids"] == []
    assert changed.json()["status"] == "done"
    listed = officer.get(f"{BASE}/wychwood/strategies/{strategy.pk}/actions?financial_year=2009")
    assert listed.json()["count"] == 0


def test_intentions_are_read_and_changed_through_the_api(officer, wychwood):
    strategy = services.strategy_create(
        actor=None, partnership=wychwood, title="Strategy", first_year=2008, last_year=2010
    )
    payload = {"client_group": 1, "direction": "remodel", "rationale": "Wardens"}
    created = send(officer, "post", f"/strategies/{strategy.pk}/intentions", payload)
    assert created.status_code == 201
    assert created.json()["client_group_label"] == "Older people with support needs"
    again = send(officer, "post", f"/strategies/{strategy.pk}/intentions", payload)
    assert again.json()["error"]["field"] == "client_group"
    address = f"/intentions/{created.json()['id']}"
    version = officer.get(f"{BASE}/wychwood{address}")["ETag"]
    changed = send(
        officer, "put", address, {**payload, "direction": "reduce"}, HTTP_IF_MATCH=version
    )
    assert changed.json()["direction"] == "reduce"

"""The services directory in the JSON API: public, paged and filtered; the programme team
adds and changes services (a change only from the version read, If-Match), each change an
entry of the service's history with the decision behind it; locations; 422 naming the
field for bad input, saving nothing."""

from typing import Any

import pytest

from accord.audit.models import AuditEvent
from accord.commissioning.models import Service, ServiceChange, ServiceLocation
from tests import factories
from tests.governance.register_data import partnership_with_officer

BASE = "/api/commissioning/partnerships/wychwood/services"
JSON = "application/json"


@pytest.fixture
def wychwood(db):
    return partnership_with_officer()


@pytest.fixture
def provider(wychwood):
    return factories.ProviderFactory(partnership=wychwood, name="Wychwood Housing Trust")


@pytest.fixture
def district(wychwood):
    return factories.PartnerFactory(partnership=wychwood, name="West Wychwood District Council")


@pytest.fixture
def officer(client, sign_in, wychwood):
    sign_in("wychwood-officer")
    return client


def payload(provider, district, **changes: Any) -> dict[str, Any]:
    return {
        "reference": "WYCH-0001",
        "provider_id": provider.pk,
        "name": "Resident wardens in sheltered housing",
        "service_type": "sheltered",
        "term": "long",
        "delivery_model": "accommodation",
        "primary_client_group": 1,
        "secondary_client_groups": [3],
        "capacity": 480,
        "capacity_unit": "units",
        "district_ids": [district.pk],
        "start_date": "2003-04-01",
        "status": "commissioned",
        **changes,
    }


def carried(partnership, state="carried"):
    body = factories.BodyFactory(partnership=partnership)
    return factories.ProposalFactory(deciding_body=body, kind="strategy", state=state)


def test_an_officer_adds_a_service_and_the_public_reads_it(officer, client, provider, district):
    response = officer.post(BASE, payload(provider, district), content_type=JSON)
    assert response.status_code == 201, response.json()
    created = response.json()
    assert created["provider"] == {"id": provider.pk, "name": "Wychwood Housing Trust"}
    assert created["districts"] == [{"id": district.pk, "name": district.name}]
    assert created["secondary_client_groups"] == [3]
    assert created["status_decision"] is None
    assert AuditEvent.objects.filter(action="service.create", object_id=str(created["id"]))
    officer.logout()
    read = client.get(f"{BASE}/{created['id']}")
    assert read.json() == created
    assert read["ETag"]
    history = client.get(f"{BASE}/{created['id']}/history").json()
    assert history["count"] == 1
    assert history["items"][0]["summary"] == "Entered in the directory"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"reference": "glos 42"}, "reference"),
        ({"reference": "G" * 25}, "reference"),
        ({"capacity": -1}, "capacity"),
        ({"capacity": "lots"}, "capacity"),
        ({"end_date": "2002-01-01"}, "end_date"),
        ({"start_date": "1850-01-01"}, "start_date"),
        ({"primary_client_group": 22}, "primary_client_group"),
        ({"service_type": "hotel"}, "service_type"),
        ({"provider_id": 999999}, "provider_id"),
        ({"district_ids": [999999]}, "district_ids"),
        ({"secondary_client_groups": [1]}, "secondary_client_groups"),
        ({"name": " "}, "name"),
    ],
)
def test_bad_input_is_refused_with_422_naming_the_field(officer, provider, district, change, field):
    response = officer.post(BASE, payload(provider, district, **change), content_type=JSON)
    assert response.status_code == 422
    assert response.json()["error"]["field"].split(".")[0] == field
    assert not Service.objects.exists()


def test_a_provider_of_another_partnership_is_refused_naming_the_field(officer, district):
    other = partnership_with_officer("elsewhere", "elsewhere-officer")
    theirs = factories.ProviderFactory(partnership=other)
    response = officer.post(BASE, payload(theirs, district), content_type=JSON)
    assert response.status_code == 422
    assert response.json()["error"]["field"] == "provider_id"


def test_a_change_needs_its_version_and_a_status_change_its_carried_decision(
    officer, wychwood, provider, district
):
    created = officer.post(BASE, payload(provider, district), content_type=JSON).json()
    address = f"{BASE}/{created['id']}"
    version = officer.get(address)["ETag"]
    remodel = payload(provider, district, status="remodelling")
    missing = officer.put(address, remodel, content_type=JSON)
    assert missing.status_code == 428
    refused = officer.put(address, remodel, content_type=JSON, HTTP_IF_MATCH=version)
    assert refused.status_code == 422
    assert refused.json()["error"]["field"] == "decision_id"
    disputed = carried(wychwood, state="disputed")
    refused = officer.put(
        address, {**remodel, "decision_id": disputed.pk}, content_type=JSON, HTTP_IF_MATCH=version
    )
    assert refused.json()["error"]["field"] == "decision_id"
    strategy = carried(wychwood)
    done = officer.put(
        address,
        {**remodel, "decision_id": strategy.pk, "changed_on": "2005-01-26", "summary": "Wardens"},
        content_type=JSON,
        HTTP_IF_MATCH=version,
    )
    assert done.status_code == 200, done.json()
    assert done.json()["status_decision"] == {"id": strategy.pk, "title": strategy.title}
    stale = officer.put(address, remodel, content_type=JSON, HTTP_IF_MATCH=version)
    assert stale.status_code == 412
    history = officer.get(f"{address}/history").json()["items"]
    change = next(item for item in history if item["summary"] == "Wardens")
    assert change == {
        "id": change["id"],
        "changed_on": "2005-01-26",
        "summary": "Wardens",
        "changes": [{"field": "status", "before": "commissioned", "after": "remodelling"}],
        "decision": {"id": strategy.pk, "title": strategy.title},
        "illustrative": [],
    }


def test_the_directory_is_public_paged_and_filtered(client, provider, district):
    factories.ServiceFactory.create_batch(3, provider=provider)
    young: Any = factories.ServiceFactory(
        provider=provider, primary_client_group=18, service_type="floating",
        delivery_model="floating", status="planned", name="Teenage parents project",
    )  # fmt: skip
    young.districts.add(district)
    everything = client.get(BASE, {"limit": 2}).json()
    assert everything["count"] == 4
    assert len(everything["items"]) == 2
    for query in (
        {"client_group": 18},
        {"service_type": "floating"},
        {"delivery_model": "floating"},
        {"district_id": district.pk},
        {"status": "planned"},
        {"q": "teenage"},
    ):
        found = client.get(BASE, query).json()
        assert [item["name"] for item in found["items"]] == ["Teenage parents project"], query
    assert client.get(BASE, {"client_group": 99}).status_code == 422


def test_the_public_may_not_change_the_directory(client, provider, district):
    response = client.post(BASE, payload(provider, district), content_type=JSON)
    assert response.status_code == 401
    assert not Service.objects.exists()


def test_locations_are_added_changed_and_removed_from_their_versions(officer, provider):
    service: Any = factories.ServiceFactory(provider=provider)
    address = f"{BASE}/{service.pk}/locations"
    place = {"name": "Marriotts Close", "address_line_1": "Marriotts Close", "town": "Witney",
             "postcode": "ox28 6dl", "units": 34}  # fmt: skip
    created = officer.post(address, place, content_type=JSON)
    assert created.status_code == 201
    location = created.json()
    assert location["postcode"] == "OX28 6DL"
    one = f"{address}/{location['id']}"
    version = officer.get(one)["ETag"]
    changed = officer.put(one, {**place, "units": 30}, content_type=JSON, HTTP_IF_MATCH=version)
    assert changed.json()["units"] == 30
    assert officer.delete(one, HTTP_IF_MATCH=version).status_code == 412
    assert officer.delete(one, HTTP_IF_MATCH=changed["ETag"]).status_code == 204
    assert not ServiceLocation.objects.exists()
    summaries = list(ServiceChange.objects.order_by("pk").values_list("summary", flat=True))
    assert summaries == [
        "Location added: Marriotts Close",
        "Location changed: Marriotts Close",
        "Location removed: Marriotts Close",
    ]
    bad = officer.post(address, {**place, "postcode": "nowhere"}, content_type=JSON)
    assert bad.status_code == 422
    assert bad.json()["error"]["field"] == "postcode"


def test_a_service_coming_to_the_person_takes_no_location(officer, provider):
    service: Any = factories.ServiceFactory(
        provider=provider, service_type="floating", delivery_model="floating"
    )
    place = {
        "name": "Office",
        "address_line_1": "1 High St",
        "town": "Witney",
        "postcode": "OX28 6AA",
    }
    response = officer.post(f"{BASE}/{service.pk}/locations", place, content_type=JSON)
    assert response.status_code == 422
    assert response.json()["error"]["field"] == "service"


def test_a_service_of_another_partnership_is_not_found_here(officer, wychwood):
    other = partnership_with_officer("elsewhere", "elsewhere-officer")
    theirs: Any = factories.ServiceFactory(provider__partnership=other)
    assert officer.get(f"{BASE}/{theirs.pk}").status_code == 404
    assert officer.get(f"{BASE}/{theirs.pk}/history").status_code == 404


def test_the_list_operation_queries_do_not_grow_with_the_directory(
    client, provider, district, django_assert_max_num_queries
):
    def grow(n):
        for _ in range(n):
            service: Any = factories.ServiceFactory(provider=provider)
            service.districts.add(district)
            factories.ServiceLocationFactory(service=service)

    grow(2)
    with django_assert_max_num_queries(30) as few:
        client.get(BASE)
    grow(30)
    with django_assert_max_num_queries(len(few)):
        assert client.get(BASE).json()["count"] == 32

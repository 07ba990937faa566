"""Contracts in the JSON API: members read them, paged and filtered; the programme team
enters them (as let only with their carried decision, refused with 422 naming
``decision_id``), changes them from the version it read (If-Match), records and removes
their values (money as strings), moves them along their life; the Transparency Code's
register is public."""

import datetime
from typing import Any

import pytest

from accord.audit.models import AuditEvent
from accord.commissioning import services
from accord.commissioning.models import Contract, ContractValue
from tests import factories
from tests.governance.register_data import partnership_with_officer

pytestmark = pytest.mark.django_db

BASE = "/api/commissioning/partnerships/wychwood"


@pytest.fixture
def wychwood(db):
    return partnership_with_officer()


@pytest.fixture
def officer(client, sign_in, wychwood):
    sign_in("wychwood-officer")
    return client


@pytest.fixture
def provider(wychwood):
    provider: Any = factories.ProviderFactory(
        partnership=wychwood, name="Wychwood Housing Trust", charity_number="1123456"
    )
    return provider


@pytest.fixture
def award(wychwood):
    body = factories.BodyFactory(partnership=wychwood)
    award: Any = factories.ProposalFactory(
        deciding_body=body, kind="tender_award", state="carried", title="Tender award"
    )
    return award


def payload(provider, **changes):
    return {
        "reference": "WYCH-C-001",
        "title": "Floating support, West Oxfordshire",
        "provider_id": provider.pk,
        "form": "block",
        "route": "tender",
        "department": "Supporting People Team",
        "start_date": "2004-04-01",
        "end_date": "2009-03-31",
        **changes,
    }


def post(client, body):
    return client.post(f"{BASE}/contracts", body, content_type="application/json")


def test_an_officer_enters_a_let_contract_with_its_services_and_reads_it_back(
    officer, provider, award
):
    service: Any = factories.ServiceFactory(provider=provider, reference="WYCH-0001")
    response = post(
        officer,
        payload(
            provider,
            status="let",
            decision_id=award.pk,
            service_ids=[service.pk],
            irrecoverable_vat="1250.50",
        ),
    )
    assert response.status_code == 201, response.content
    created = response.json()
    assert created["status"] == "let"
    assert created["decision_id"] == award.pk
    assert created["services"] == [
        {"id": service.pk, "reference": "WYCH-0001", "name": service.name}
    ]
    assert created["irrecoverable_vat"] == "1250.50"
    assert created["total_value"] == "0.00"
    read = officer.get(f"{BASE}/contracts/{created['id']}")
    assert read.json() == created
    assert read["ETag"]
    assert AuditEvent.objects.filter(action="contract.create", object_id=str(created["id"]))


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"status": "let"}, "decision"),
        ({"end_date": "2004-01-01"}, "end_date"),
        ({"irrecoverable_vat": "-5.00"}, "irrecoverable_vat"),
        ({"irrecoverable_vat": "five"}, "irrecoverable_vat"),
        ({"irrecoverable_vat": 5.5}, "irrecoverable_vat"),
        ({"route": "auction"}, "route"),
        ({"start_date": "1989-12-31"}, "start_date"),
        ({"provider_id": 999999}, "provider_id"),
        ({"service_ids": [999999]}, "service_ids"),
        ({"decision_id": 999999}, "decision_id"),
        ({"reference": "   "}, "reference"),
    ],
)
def test_bad_input_is_refused_with_422_naming_the_field(officer, provider, changes, field):
    response = post(officer, payload(provider, **changes))
    assert response.status_code == 422, response.content
    assert response.json()["error"]["field"].endswith(field)
    assert not Contract.objects.exists()


def test_a_decision_of_the_wrong_kind_is_refused_naming_the_decision(officer, provider, award):
    instruction: Any = factories.ProposalFactory(
        deciding_body=award.deciding_body, kind="instruction_to_contract", state="carried"
    )
    response = post(officer, payload(provider, status="let", decision_id=instruction.pk))
    assert response.status_code == 422
    assert response.json()["error"]["field"] == "decision"
    assert "needs a tender award" in response.json()["error"]["message"]


def test_a_service_of_another_partnership_is_refused_naming_the_field(officer, provider):
    elsewhere: Any = factories.ServiceFactory()
    response = post(officer, payload(provider, service_ids=[elsewhere.pk]))
    assert response.status_code == 422
    assert response.json()["error"]["field"] == "service_ids"


def test_members_read_contracts_paged_and_filtered_and_the_public_may_not(
    client, officer, provider, award
):
    for i in range(3):
        services.contract_create(
            actor=None, partnership=provider.partnership, reference=f"C-{i}", title=f"Contract {i}",
            provider=provider, form="block", route="quote" if i else "tender",
            department="SP Team", start_date=datetime.date(2004, 4, 1),
            end_date=datetime.date(2005, 3, 31),
        )  # fmt: skip
    page = officer.get(f"{BASE}/contracts", {"limit": 2, "offset": 1}).json()
    assert page["count"] == 3
    assert [row["reference"] for row in page["items"]] == ["C-1", "C-2"]
    quoted = officer.get(f"{BASE}/contracts", {"route": "quote"}).json()
    assert [row["reference"] for row in quoted["items"]] == ["C-1", "C-2"]
    assert officer.get(f"{BASE}/contracts", {"status": "nonsense"}).status_code == 422
    client.logout()
    assert client.get(f"{BASE}/contracts").status_code == 401


def test_a_contract_is_changed_only_from_its_current_version(officer, provider):
    contract = services.contract_create(
        actor=None, partnership=provider.partnership, reference="WYCH-C-001", title="Old title",
        provider=provider, form="block", route="tender", department="SP Team",
        start_date=datetime.date(2004, 4, 1), end_date=datetime.date(2009, 3, 31),
    )  # fmt: skip
    address = f"{BASE}/contracts/{contract.pk}"
    version = officer.get(address)["ETag"]
    changed = payload(provider, title="New title")

    missing = officer.put(address, changed, content_type="application/json")
    assert missing.status_code == 428
    done = officer.put(address, changed, content_type="application/json", HTTP_IF_MATCH=version)
    assert done.status_code == 200
    assert done.json()["title"] == "New title"
    assert done["ETag"] != version
    stale = officer.put(address, changed, content_type="application/json", HTTP_IF_MATCH=version)
    assert stale.status_code == 412


def test_values_are_recorded_corrected_and_removed_as_strings(officer, provider):
    contract = services.contract_create(
        actor=None, partnership=provider.partnership, reference="WYCH-C-001", title="Support",
        provider=provider, form="block", route="tender", department="SP Team",
        start_date=datetime.date(2004, 4, 1), end_date=datetime.date(2009, 3, 31),
    )  # fmt: skip
    address = f"{BASE}/contracts/{contract.pk}/values/2004"
    assert officer.get(address).status_code == 404

    recorded = officer.put(address, {"amount": "1250000.5"}, content_type="application/json")
    assert recorded.status_code == 200, recorded.content
    assert recorded.json()["amount"] == "1250000.50"
    assert recorded.json()["label"] == "2004/05"
    again = officer.put(address, {"amount": "1"}, content_type="application/json")
    assert again.status_code == 428  # it exists: correcting it names its version
    corrected = officer.put(
        address, {"amount": "1300000"}, content_type="application/json",
        HTTP_IF_MATCH=recorded["ETag"],
    )  # fmt: skip
    assert corrected.json()["amount"] == "1300000.00"

    outside = officer.put(
        f"{BASE}/contracts/{contract.pk}/values/2010",
        {"amount": "5"},
        content_type="application/json",
    )
    assert outside.status_code == 422
    assert outside.json()["error"]["field"] == "financial_year"
    negative = officer.put(
        f"{BASE}/contracts/{contract.pk}/values/2005",
        {"amount": "-5"},
        content_type="application/json",
    )
    assert negative.status_code == 422
    assert negative.json()["error"]["field"] == "amount"

    read = officer.get(f"{BASE}/contracts/{contract.pk}").json()
    assert read["total_value"] == "1300000.00"
    assert [value["label"] for value in read["values"]] == ["2004/05"]

    assert officer.delete(address).status_code == 428
    removed = officer.delete(address, HTTP_IF_MATCH=corrected["ETag"])
    assert removed.status_code == 204
    assert not ContractValue.objects.exists()


def test_a_contract_is_let_on_its_decision_through_the_status_step(officer, provider, award):
    contract = services.contract_create(
        actor=None, partnership=provider.partnership, reference="WYCH-C-001", title="Support",
        provider=provider, form="block", route="tender", department="SP Team",
        start_date=datetime.date(2004, 4, 1), end_date=datetime.date(2009, 3, 31),
    )  # fmt: skip
    address = f"{BASE}/contracts/{contract.pk}/status"
    version = officer.get(f"{BASE}/contracts/{contract.pk}")["ETag"]

    refused = officer.post(
        address, {"status": "let"}, content_type="application/json", HTTP_IF_MATCH=version
    )
    assert refused.status_code == 422
    assert refused.json()["error"]["field"] == "decision"
    let = officer.post(
        address,
        {"status": "let", "decision_id": award.pk},
        content_type="application/json",
        HTTP_IF_MATCH=version,
    )
    assert let.status_code == 200
    assert let.json()["status"] == "let"
    again = officer.post(
        address, {"status": "let"}, content_type="application/json", HTTP_IF_MATCH="*"
    )
    assert again.status_code == 409
    assert again.json()["error"]["message"] == "Only a planned contract can be entered as let"


def test_the_transparency_register_is_public_and_paged(client, provider, award):
    provider.is_sme = False
    provider.save()
    for i in range(3):
        instruction: Any = factories.ProposalFactory(
            deciding_body=award.deciding_body, kind="instruction_to_contract", state="carried"
        )
        contract = services.contract_create(
            actor=None, partnership=provider.partnership, reference=f"C-{i}", title=f"C {i}",
            provider=provider, form="grant", route="direct" if i else "quote",
            department="SP Team", start_date=datetime.date(2004, 4, 1),
            end_date=datetime.date(2006, 3, 31), status="let", decision=instruction,
        )  # fmt: skip
        services.contract_value_set(
            actor=None, contract=contract, financial_year=2004, amount="6000.00"
        )
        services.contract_value_set(
            actor=None, contract=contract, financial_year=2005, amount="4000.00"
        )
    page = client.get(f"{BASE}/transparency/contracts", {"limit": 2}).json()
    assert page["count"] == 3
    first = page["items"][0]
    assert first["reference"] == "C-0"
    assert first["total_value"] == "10000.00"
    assert first["annual_value"] == "5000.00"
    assert first["route"] == "quote"
    assert first["sme"] is False
    assert first["vcse"] is True
    assert first["registration_number"] == "GB-CHC-1123456"
    assert first["description"] == "Grant agreement: housing-related support"
    assert first["illustrative"] == []


def test_the_due_list_is_the_programme_teams(client, sign_in, officer, provider):
    assert officer.get(f"{BASE}/contracts/due", {"months": 12}).status_code == 200
    assert officer.get(f"{BASE}/contracts/due", {"months": 7}).status_code == 422

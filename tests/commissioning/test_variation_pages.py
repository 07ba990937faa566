"""The contract page's "Record a variation" and "Terminate", and the same in the API
(issue 16 items 6 and 7): a variation without its carried decision is refused with a
clear message on the page and the project's JSON error in the API, naming ``decision``,
and changes nothing; the contract's page, its variations and the Transparency Code's
register then show what changed; a contract already ended cannot be terminated."""

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse

from accord.commissioning.models import (
    Contract,
    ContractTermination,
    ContractValue,
    ContractVariation,
)
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
def contract(wychwood):
    """A let contract 2004-09 worth 100,000 pounds a year (over the register's threshold)."""
    made: Any = factories.ContractFactory(
        let=True, partnership=wychwood, provider__partnership=wychwood, reference="WYCH-C-001"
    )
    made.services.set([factories.ServiceFactory(provider=made.provider, capacity=40)])
    for year in range(2004, 2009):
        factories.ContractValueFactory(contract=made, financial_year=year)
    return made


@pytest.fixture
def approved(wychwood):
    made: Any = factories.ProposalFactory(
        deciding_body=factories.BodyFactory(partnership=wychwood),
        kind="contract_variation",
        state="carried",
        title="Variation of the Wychwood contract",
        decided_on=datetime.date(2008, 2, 14),
    )
    return made


def url(name, contract):
    return reverse(f"commissioning:{name}", args=[contract.partnership.slug, contract.pk])


def posted(**changes):
    return {
        "agreed_on": "2008-03-20",
        "effective_on": "2008-04-01",
        "reason": "The pooled budget falls by 5% in 2008/09",
        "value_2008": "95000.00",
        **changes,
    }


def test_a_variation_without_its_decision_is_refused_on_the_page_and_changes_nothing(
    officer, contract
):
    response = officer.post(url("contract-vary", contract), posted())

    assert response.status_code == 200
    assert "Select the carried decision that approved the variation" in response.text
    assert ContractValue.objects.get(contract=contract, financial_year=2008).amount == Decimal(
        "100000.00"
    )
    assert not ContractVariation.objects.exists()


def test_a_variation_is_recorded_from_the_page_and_listed_on_the_contract(
    officer, contract, approved
):
    page = officer.get(url("contract-detail", contract))
    assert "Record a variation" in page.text
    assert "No variations recorded." in page.text

    response = officer.post(url("contract-vary", contract), posted(decision=approved.pk))

    assert response.status_code == 302
    page = officer.get(url("contract-detail", contract))
    assert "Value for 2008/09: £100,000.00 to £95,000.00" in page.text
    assert contract.services.count() == 1  # no box ticked: the services are unchanged
    assert "Variation of the Wychwood contract" in page.text
    register = officer.get(
        reverse("commissioning:transparency-register", args=[contract.partnership.slug])
    )
    assert "Varied once, the latest from 1 April 2008" in register.text


def test_the_contract_page_is_terminated_from_its_form_and_shows_it(officer, contract, approved):
    response = officer.post(
        url("contract-terminate", contract),
        {
            "terminated_on": "2008-09-30",
            "reason_code": "convenience",
            "reason": "Decommissioned: floating support replaces it",
            "decision": approved.pk,
            "final_year_value": "50000.00",
        },
    )

    assert response.status_code == 302
    page = officer.get(url("contract-detail", contract))
    assert "Terminated early" in page.text
    assert "it was to end on 31 March 2009" in page.text
    assert "Record a variation" not in page.text  # a terminated contract is not varied
    assert Contract.objects.get(pk=contract.pk).end_date == datetime.date(2008, 9, 30)


def test_a_contract_already_ended_is_not_terminated_on_the_page(officer, contract):
    Contract.objects.filter(pk=contract.pk).update(status="ended")
    response = officer.post(
        url("contract-terminate", contract),
        {"terminated_on": "2008-09-30", "reason_code": "provider_notice", "reason": "Notice"},
    )
    assert response.status_code == 200
    assert "Only a let contract can be terminated" in response.text
    assert not ContractTermination.objects.exists()


def test_a_member_of_the_public_cannot_vary_a_contract(client, contract):
    response = client.get(url("contract-vary", contract))
    assert response.status_code in (302, 403, 404)


# ---------------------------------------------------------------- the API


def version(client, contract):
    return client.get(f"{BASE}/contracts/{contract.pk}")["ETag"]


def test_the_api_refuses_a_variation_without_its_decision_in_the_error_shape(officer, contract):
    body = {
        "agreed_on": "2008-03-20",
        "effective_on": "2008-04-01",
        "reason": "The pooled budget falls",
        "values": [{"financial_year": 2008, "amount": "95000.00"}],
    }
    refused = officer.post(
        f"{BASE}/contracts/{contract.pk}/variations",
        body,
        content_type="application/json",
        HTTP_IF_MATCH=version(officer, contract),
    )

    assert refused.status_code == 422
    assert refused.json()["error"]["field"] == "decision"
    assert "contract variation" in refused.json()["error"]["message"]
    assert not ContractVariation.objects.exists()


def test_the_api_varies_and_lists_the_variation_with_money_as_strings(officer, contract, approved):
    body = {
        "agreed_on": "2008-03-20",
        "effective_on": "2008-04-01",
        "reason": "Extended two years at a lower value",
        "decision_id": approved.pk,
        "end_date": "2011-03-31",
        "values": [
            {"financial_year": 2008, "amount": "95000.00"},
            {"financial_year": 2009, "amount": "95000.00"},
        ],
    }
    made = officer.post(
        f"{BASE}/contracts/{contract.pk}/variations",
        body,
        content_type="application/json",
        HTTP_IF_MATCH=version(officer, contract),
    )

    assert made.status_code == 201, made.json()
    varied = made.json()
    assert varied["kinds"] == ["value", "term"]
    assert varied["end_date"] == {"before": "2009-03-31", "after": "2011-03-31"}
    assert {"financial_year": 2009, "before": None, "after": "95000.00"} in varied["values"]
    listed = officer.get(f"{BASE}/contracts/{contract.pk}/variations").json()
    assert listed["count"] == 1
    detail = officer.get(f"{BASE}/contracts/{contract.pk}").json()
    assert detail["end_date"] == "2011-03-31"


def test_the_api_terminates_once_and_refuses_a_contract_already_terminated(officer, contract):
    body = {"terminated_on": "2008-09-30", "reason_code": "provider_notice", "reason": "Notice"}
    address = f"{BASE}/contracts/{contract.pk}/termination"
    assert officer.get(address).status_code == 404
    done = officer.post(
        address, body, content_type="application/json", HTTP_IF_MATCH=version(officer, contract)
    )
    assert done.status_code == 201, done.json()
    assert done.json()["values_removed"] == []
    again = officer.post(address, body, content_type="application/json", HTTP_IF_MATCH="*")
    assert again.status_code == 409
    assert again.json()["error"]["field"] == "terminated_on"
    assert officer.get(address).json()["end_date_before"] == "2009-03-31"

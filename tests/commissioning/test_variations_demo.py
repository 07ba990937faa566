"""The demo's variations (issue 16 item 6): three Gloucestershire contracts varied down
as the budget fell, each on the board's carried contract variation decision, marked
illustrative, the contracts still adding up to the programme's expenditure (which
test_demo_contracts and the budget demo's tests hold)."""

from decimal import Decimal

import pytest

from accord.commissioning.models import ContractVariation
from accord.demo.contracts_data import EXPENDITURE, expenditure
from accord.partnerships.models import Partnership

pytestmark = pytest.mark.django_db


def test_gloucestershires_variations_reduce_values_on_their_carried_decisions(demo):
    variations = ContractVariation.objects.filter(
        partnership__slug="gloucestershire"
    ).select_related("contract", "decision")

    assert sorted(v.contract.reference for v in variations) == [
        "GLOS-C-0006-T",
        "GLOS-C-0011-T",
        "GLOS-C-0027-T",
    ]
    for variation in variations:
        assert variation.decision.kind == "contract_variation"
        assert variation.decision.state == "carried"
        decided = variation.decision.decided_on
        assert decided is not None
        assert decided <= variation.agreed_on
        assert variation.is_illustrative("reason")
        for before, after in variation.changes["values"].values():
            assert Decimal(after) < Decimal(before)  # down, as the budget fell


def test_the_varied_contracts_still_add_up_to_the_expenditure(demo):
    gloucestershire = Partnership.objects.get(slug="gloucestershire")
    assert expenditure(gloucestershire) == EXPENDITURE["gloucestershire"]


def test_the_contract_page_lists_its_variation(client, demo):
    contract = ContractVariation.objects.get(contract__reference="GLOS-C-0011-T").contract
    page = client.get(f"/partnerships/gloucestershire/contracts/{contract.pk}/")
    assert page.status_code in (200, 302, 403)  # members only: the register below is public
    register = client.get("/partnerships/gloucestershire/transparency/contracts/").text
    assert "Varied once, the latest from 1 April 2009" in register

"""`accord demo` puts every demo service under contract: each let contract on its carried
decision, and the contracts' values adding up, year by year, to the programme's
expenditure (seed 004: Gloucestershire "in excess of £29million" in 2004/05, "just under
£22.5million" in 2009/10, "a reduction of almost £6.75million"), every invented value
marked illustrative."""

from decimal import Decimal

import pytest

from accord.commissioning.models import Contract, ContractStatus, ContractValue, Service
from accord.demo.contracts_data import EXPENDITURE, expenditure
from accord.partnerships.models import Partnership

pytestmark = pytest.mark.django_db


def test_gloucestershires_contracts_add_up_to_the_seeds_figures(demo):
    gloucestershire = Partnership.objects.get(slug="gloucestershire")
    totals = expenditure(gloucestershire)
    assert totals == EXPENDITURE["gloucestershire"]
    assert totals[2004] > Decimal("29000000")  # "in excess of £29million"
    assert totals[2009] < Decimal("22500000")  # "just under £22.5million"
    reduction = totals[2004] - totals[2009]
    assert Decimal("6700000") < reduction < Decimal("6750000")  # "almost £6.75million"


def test_oxfordshires_contracts_add_up_to_its_illustrative_expenditure(demo):
    oxfordshire = Partnership.objects.get(slug="oxfordshire")
    assert expenditure(oxfordshire) == EXPENDITURE["oxfordshire"]


@pytest.mark.parametrize("slug", ["gloucestershire", "oxfordshire"])
def test_every_service_is_under_contract_and_every_let_contract_has_its_decision(demo, slug):
    contracts = Contract.objects.filter(partnership__slug=slug).select_related("decision")
    covered = set(Service.objects.filter(contracts__in=contracts).values_list("pk", flat=True))
    assert covered == set(
        Service.objects.filter(partnership__slug=slug).values_list("pk", flat=True)
    )
    for contract in contracts:
        contract.full_clean()
        assert contract.is_illustrative("reference")
        if contract.status == ContractStatus.PLANNED:
            assert contract.decision is None
            continue
        assert contract.decision is not None
        assert contract.decision.state == "carried"
        needed = "tender_award" if contract.route == "tender" else "instruction_to_contract"
        assert contract.decision.kind == needed
        decided = contract.decision.decided_on
        assert decided is not None
        assert decided < contract.start_date
    values = ContractValue.objects.filter(partnership__slug=slug)
    assert all(value.is_illustrative("amount") for value in values)


def test_floating_supports_share_grows_as_accommodations_shrinks(demo):
    def share(delivery: str, year: int) -> Decimal:
        values = ContractValue.objects.filter(
            partnership__slug="gloucestershire", financial_year=year
        )
        part = sum(v.amount for v in values.filter(contract__services__delivery_model=delivery))
        return part / EXPENDITURE["gloucestershire"][year]

    assert share("floating", 2009) > share("floating", 2004)
    assert share("accommodation", 2009) < share("accommodation", 2004)


def test_loading_the_demo_again_adds_no_contract(demo):
    from accord.demo.services import demo_load

    before = Contract.objects.count(), ContractValue.objects.count()
    report = demo_load()
    assert (Contract.objects.count(), ContractValue.objects.count()) == before
    assert report.created.get("contracts", 0) == 0
    assert report.created.get("contract decisions", 0) == 0


def test_the_public_transparency_register_lists_gloucestershires_let_contracts(client, demo):
    page = client.get("/partnerships/gloucestershire/transparency/contracts/").content.decode()
    assert "GLOS-C-0001-A" in page
    assert "Illustrative" in page

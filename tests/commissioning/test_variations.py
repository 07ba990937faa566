"""Variations and termination of a contract (issue 16 items 6 and 7): each variation on the
board's carried decision of the kind contract variation, refused without it and changing
nothing; the contract's record then holds the latest values, and its variations keep each
before and after. A termination ends the contract on its date; a reason the partnership
chose needs its decision; a contract already ended cannot be terminated."""

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from accord.audit.models import AuditEvent
from accord.budget import selectors as budget
from accord.commissioning import contract_hooks, services
from accord.commissioning.models import (
    Contract,
    ContractTermination,
    ContractValue,
    ContractVariation,
    ServiceChange,
)
from accord.core.errors import AccordError
from accord.decisions.models import ProposalKind, ProposalState
from tests import factories

pytestmark = pytest.mark.django_db

AGREED = datetime.date(2008, 3, 20)
APRIL_2008 = datetime.date(2008, 4, 1)


def decision(partnership, kind=ProposalKind.CONTRACT_VARIATION, state=ProposalState.CARRIED):
    return factories.ProposalFactory(
        deciding_body=factories.BodyFactory(partnership=partnership),
        kind=kind,
        state=state,
        decided_on=datetime.date(2008, 2, 14),
    )


@pytest.fixture
def contract():
    """A let contract 2004-09 for one sheltered scheme, worth 100,000 pounds a year."""
    made: Any = factories.ContractFactory(
        let=True, extension_decision_by=datetime.date(2008, 12, 31)
    )
    service = factories.ServiceFactory(provider=made.provider, capacity=40)
    made.services.set([service])
    for year in range(2004, 2009):
        factories.ContractValueFactory(contract=made, financial_year=year)
    return made


def vary(contract, **given):
    arguments = {
        "actor": None,
        "contract": contract,
        "agreed_on": AGREED,
        "effective_on": APRIL_2008,
        "reason": "The pooled budget falls by 5% in 2008/09",
        "decision": decision(contract.partnership),
    }
    return services.contract_vary(**{**arguments, **given})


def refusal(call, **given):
    with pytest.raises(ValidationError) as refused:
        call(**given)
    return refused.value.message_dict


def amounts(contract):
    rows = ContractValue.objects.filter(contract=contract)
    return {row.financial_year: row.amount for row in rows}


def test_a_value_variation_changes_the_years_from_its_date_and_keeps_before_and_after(contract):
    variation = vary(contract, values={2008: "95000.00"})

    assert amounts(contract)[2008] == Decimal("95000.00")
    assert amounts(contract)[2007] == Decimal("100000.00")  # the past is not varied
    assert variation.number == 1
    assert variation.changes == {"values": {"2008": ["100000.00", "95000.00"]}}
    assert [kind.value for kind in variation.kinds] == ["value"]
    assert AuditEvent.objects.filter(action="contract.vary").count() == 1
    assert AuditEvent.objects.filter(action="contract_variation.create").count() == 1


@pytest.mark.parametrize(
    ("kind", "state", "words"),
    [
        (None, None, "Choose the board's carried decision approving it: a contract variation"),
        (ProposalKind.TENDER_AWARD, ProposalState.CARRIED, "choose a contract variation"),
        (ProposalKind.CONTRACT_VARIATION, ProposalState.DISPUTED, "not carried"),
    ],
)
def test_a_variation_without_its_carried_decision_is_refused_and_changes_nothing(
    contract, kind, state, words
):
    chosen = None if kind is None else decision(contract.partnership, kind, state)
    problems = refusal(vary, contract=contract, values={2008: "1.00"}, decision=chosen)

    assert words in problems["decision"][0]
    assert amounts(contract)[2008] == Decimal("100000.00")
    assert not ContractVariation.objects.exists()
    assert not AuditEvent.objects.exists()


def test_a_decision_of_another_partnership_or_carried_after_the_agreement_is_refused(contract):
    elsewhere = decision(factories.PartnershipFactory())
    problems = refusal(vary, contract=contract, values={2008: "1.00"}, decision=elsewhere)
    assert problems["decision"] == ["Choose a decision of this partnership"]
    late = decision(contract.partnership)
    problems = refusal(
        vary, contract=contract, values={2008: "1.00"}, decision=late,
        agreed_on=datetime.date(2008, 1, 1),
    )  # fmt: skip
    assert "after the date agreed" in problems["decision"][0]


def test_an_extension_is_a_variation_of_the_term_with_the_added_years_value(contract):
    variation = vary(
        contract,
        end_date=datetime.date(2011, 3, 31),
        values={2009: "90000.00", 2010: "90000.00"},
    )
    contract.refresh_from_db()

    assert contract.end_date == datetime.date(2011, 3, 31)
    assert contract.extension_decision_by is None  # the extension is decided
    assert amounts(contract)[2010] == Decimal("90000.00")
    assert variation.changes["end_date"] == ["2009-03-31", "2011-03-31"]
    assert variation.changes["values"]["2009"] == [None, "90000.00"]
    assert variation.kinds_text == "value, term (end date)"


def test_a_shorter_term_takes_off_the_years_it_no_longer_reaches(contract):
    variation = vary(
        contract, end_date=datetime.date(2008, 3, 31), effective_on=datetime.date(2007, 6, 1)
    )
    assert 2008 not in amounts(contract)
    assert variation.changes["values"] == {"2008": ["100000.00", None]}


def test_a_value_before_the_variation_takes_effect_is_refused(contract):
    problems = refusal(vary, contract=contract, values={2007: "1.00"})
    assert "a variation changes no past year" in problems["values"][0]
    problems = refusal(vary, contract=contract, values={2008: "12.345"})
    assert problems["values"] == ["Give pounds and pence: at most 2 decimal places"]


def test_scope_and_capacity_variations_change_the_services_with_their_history(contract):
    service = contract.services.get()
    floating = factories.ServiceFactory(provider=contract.provider, service_type="floating")
    variation = vary(contract, services=[service, floating], capacities={service: 32})
    service.refresh_from_db()

    assert set(contract.services.all()) == {service, floating}
    assert service.capacity == 32
    assert variation.changes["capacity"] == {service.reference: [40, 32]}
    history = ServiceChange.objects.get(service=service)
    assert history.decision == variation.decision
    assert history.changes == {"capacity": [40, 32]}


def test_another_providers_service_is_refused(contract):
    other = factories.ServiceFactory(partnership=contract.partnership)
    problems = refusal(vary, contract=contract, services=[other])
    assert "is run by another provider" in problems["services"][0]


def test_a_variation_that_changes_nothing_is_refused(contract):
    with pytest.raises(ValidationError) as refused:
        vary(contract, values={2008: "100000.00"})
    assert "Nothing changes" in refused.value.messages[0]
    assert not AuditEvent.objects.exists()


def test_only_a_let_contract_is_varied(contract):
    Contract.objects.filter(pk=contract.pk).update(status="ended")
    with pytest.raises(AccordError) as refused:
        vary(contract, values={2008: "1.00"})
    assert refused.value.message == "A contract that has ended cannot be varied"


def test_the_hook_hears_each_variation_once(contract):
    heard: list[tuple[ContractVariation, Any]] = []

    def listener(variation: ContractVariation, actor: Any) -> None:
        heard.append((variation, actor))

    contract_hooks.register(varied=listener)
    try:
        variation = vary(contract, values={2008: "95000.00"})
    finally:
        contract_hooks.unregister(varied=listener)
    assert heard == [(variation, None)]


def test_a_value_variation_counts_in_the_pooled_budgets_commitments_from_its_year(contract):
    pools: dict[int, Any] = {
        year: factories.PoolFactory(partnership=contract.partnership, financial_year=year)
        for year in (2007, 2008)
    }
    assert budget.pool_forecast(pools[2008]).committed == Decimal("100000.00")

    vary(contract, values={2008: "95000.00"})

    assert budget.pool_forecast(pools[2008]).committed == Decimal("95000.00")
    assert budget.pool_forecast(pools[2007]).committed == Decimal("100000.00")


# ---------------------------------------------------------------- termination


def terminate(contract, **given):
    arguments = {
        "actor": None,
        "contract": contract,
        "terminated_on": datetime.date(2007, 9, 30),
        "reason_code": "convenience",
        "reason": "The scheme is decommissioned: floating support replaces it",
        "decision": decision(contract.partnership, ProposalKind.COMMISSIONING_DECISION),
    }
    arguments["decision"].decided_on = datetime.date(2007, 6, 14)
    arguments["decision"].save()
    return services.contract_terminate(**{**arguments, **given})


def test_a_termination_ends_the_contract_on_its_date_and_takes_off_the_later_years(contract):
    termination = terminate(contract, final_year_value="50000.00")
    contract.refresh_from_db()

    assert (contract.status, contract.end_date) == ("terminated", datetime.date(2007, 9, 30))
    assert termination.end_date_before == datetime.date(2009, 3, 31)
    assert amounts(contract) == {
        2004: Decimal("100000.00"),
        2005: Decimal("100000.00"),
        2006: Decimal("100000.00"),
        2007: Decimal("50000.00"),
    }
    assert termination.changes["values_removed"] == {"2008": "100000.00"}
    assert termination.changes["final_year_value"] == {"2007": ["100000.00", "50000.00"]}


def test_the_partnerships_own_termination_needs_its_decision_a_providers_notice_does_not(
    contract,
):
    problems = refusal(terminate, contract=contract, decision=None)
    assert "choose the board's carried decision" in problems["decision"][0]
    assert Contract.objects.get(pk=contract.pk).status == "let"
    assert not AuditEvent.objects.exists()

    ended = terminate(contract, decision=None, reason_code="provider_notice")
    assert ended.decision is None


def test_a_contract_already_ended_cannot_be_terminated(contract):
    problems = refusal(terminate, contract=contract, terminated_on=datetime.date(2009, 3, 31))
    assert "ends on 31 March 2009 anyway" in problems["terminated_on"][0]
    Contract.objects.filter(pk=contract.pk).update(status="ended")
    with pytest.raises(AccordError) as refused:
        terminate(contract)
    assert refused.value.field == "terminated_on"
    assert not ContractTermination.objects.exists()


def test_a_terminated_contract_cannot_be_varied(contract):
    terminate(contract)
    with pytest.raises(AccordError) as refused:
        vary(contract, values={2007: "1.00"}, effective_on=datetime.date(2007, 4, 1))
    assert refused.value.message == "A contract that has terminated cannot be varied"

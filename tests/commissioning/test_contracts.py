"""Contracts through their services: a contract is entered as let only with its carried
decision of the partnership (a tender award for a tendered contract, an instruction to
contract for one let without a tender), covers only its provider's services, has exact,
non-negative values in the years of its term; every refusal names its field and saves
nothing (issue 15 item 3)."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from accord.audit.models import AuditEvent
from accord.commissioning import services
from accord.commissioning.models import (
    AUTHORISING_KIND,
    Contract,
    ContractValue,
    ProcurementRoute,
    Service,
)
from accord.core.errors import AccordError
from accord.decisions.models import ProposalKind, ProposalState
from tests import factories

pytestmark = pytest.mark.django_db

APRIL_2004 = datetime.date(2004, 4, 1)
MARCH_2009 = datetime.date(2009, 3, 31)


@pytest.fixture
def provider():
    return factories.ProviderFactory()


def decision(partnership, kind, state=ProposalState.CARRIED):
    body = factories.BodyFactory(partnership=partnership)
    return factories.ProposalFactory(
        deciding_body=body,
        kind=kind,
        state=state,
        title=f"Carried {kind}",
        decided_on=datetime.date(2004, 2, 11),
    )


def values(provider, **changes):
    return {
        "actor": None,
        "partnership": provider.partnership,
        "reference": "GLOS-C-001",
        "title": "Sheltered housing support",
        "provider": provider,
        "form": "block",
        "route": "tender",
        "department": "Supporting People Team",
        "start_date": APRIL_2004,
        "end_date": MARCH_2009,
        **changes,
    }


def refusal(call, *args, **kwargs) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as refused:
        call(*args, **kwargs)
    return refused.value.message_dict


# ---------------------------------------------------------------- the decision rule

ROUTES = list(ProcurementRoute)
KINDS = list(ProposalKind)
STATES = list(ProposalState)


@pytest.mark.parametrize("route", ROUTES)
@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("state", STATES)
def test_a_contract_is_let_only_on_a_carried_decision_of_the_kind_its_route_needs(
    provider, route, kind, state
):
    chosen = decision(provider.partnership, kind, state)
    allowed = kind == AUTHORISING_KIND[route] and state == ProposalState.CARRIED
    arguments = values(provider, route=route, status="let", decision=chosen)

    if allowed:
        contract = services.contract_create(**arguments)
        assert contract.status == "let"
        assert contract.decision == chosen
        assert list(chosen.contracts_authorised.all()) == [contract]
    else:
        problems = refusal(services.contract_create, **arguments)
        assert list(problems) == ["decision"]
        assert not Contract.objects.exists()
        assert not AuditEvent.objects.filter(action="contract.create").exists()


@pytest.mark.parametrize(
    ("route", "words"),
    [
        ("tender", "A tendered contract is entered as let only with the carried decision"),
        ("quote", "A contract let without a tender is entered as let only"),
        ("direct", "choose its instruction to contract"),
    ],
)
def test_a_contract_without_its_decision_cannot_be_entered_as_let(provider, route, words):
    problems = refusal(services.contract_create, **values(provider, route=route, status="let"))
    assert words in problems["decision"][0]
    assert not Contract.objects.exists()


@pytest.mark.parametrize("status", ["ended", "terminated"])
def test_an_ended_contract_was_let_and_needs_its_decision_too(provider, status):
    assert "decision" in refusal(services.contract_create, **values(provider, status=status))
    award = decision(provider.partnership, ProposalKind.TENDER_AWARD)
    contract = services.contract_create(**values(provider, status=status, decision=award))
    assert contract.status == status


def test_a_planned_contract_needs_no_decision_yet(provider):
    contract = services.contract_create(**values(provider))
    assert contract.status == "planned"
    assert contract.decision is None


def test_a_decision_of_another_partnership_is_refused(provider):
    elsewhere = decision(factories.PartnershipFactory(), ProposalKind.TENDER_AWARD)
    problems = refusal(
        services.contract_create, **values(provider, status="let", decision=elsewhere)
    )
    assert problems["decision"] == ["Choose a decision of this partnership"]


def test_the_database_refuses_a_let_contract_without_a_decision_too(provider):
    factories.ContractFactory(provider=provider)
    with pytest.raises(IntegrityError), transaction.atomic():
        Contract.objects.update(status="let")


# ---------------------------------------------------------------- status changes


def test_letting_a_planned_contract_records_the_decision_and_the_step(provider):
    contract = services.contract_create(**values(provider))
    award = decision(provider.partnership, ProposalKind.TENDER_AWARD)

    assert "decision" in refusal(
        services.contract_status_change, actor=None, contract=contract, status="let"
    )
    let = services.contract_status_change(
        actor=None, contract=contract, status="let", decision=award
    )

    assert let.status == "let"
    assert let.decision == award
    event = AuditEvent.objects.get(action="contract.let")
    assert event.changes["status"] == ["planned", "let"]
    assert event.changes["decision_id"] == [None, award.pk]


def test_a_let_contract_ends_or_is_terminated_and_then_stays_so(provider):
    award = decision(provider.partnership, ProposalKind.TENDER_AWARD)
    contract = services.contract_create(**values(provider, status="let", decision=award))
    ended = services.contract_status_change(actor=None, contract=contract, status="ended")
    assert ended.status == "ended"

    with pytest.raises(AccordError) as refused:
        services.contract_status_change(actor=None, contract=contract, status="terminated")
    assert refused.value.field == "status"
    assert refused.value.message == "Only a let contract can be terminated"
    with pytest.raises(AccordError):
        services.contract_status_change(actor=None, contract=contract, status="let")
    assert "status" in refusal(
        services.contract_status_change, actor=None, contract=contract, status="planned"
    )
    contract.refresh_from_db()
    assert contract.status == "ended"


def test_a_let_contract_keeps_a_decision_that_authorises_it(provider):
    award = decision(provider.partnership, ProposalKind.TENDER_AWARD)
    contract = services.contract_create(**values(provider, status="let", decision=award))
    arguments = values(provider, decision=None)
    arguments.pop("partnership")
    problems = refusal(services.contract_update, contract=contract, **arguments)
    assert "decision" in problems
    contract.refresh_from_db()
    assert contract.decision == award


# ---------------------------------------------------------------- services it covers


def test_a_contract_covers_its_providers_services_and_the_audit_names_them(provider):
    factories.ServiceFactory(provider=provider, reference="GLOS-0001")
    factories.ServiceFactory(provider=provider, reference="GLOS-0002")
    mine, also = Service.objects.order_by("reference")
    contract = services.contract_create(**values(provider, services=[also, mine]))

    assert set(contract.services.all()) == {mine, also}
    event = AuditEvent.objects.get(action="contract.create")
    assert event.changes["services"] == [[], ["GLOS-0001", "GLOS-0002"]]

    arguments = values(provider, services=[mine])
    arguments.pop("partnership")
    services.contract_update(contract=contract, **arguments)
    assert list(contract.services.all()) == [mine]
    update = AuditEvent.objects.get(action="contract.update")
    assert update.changes["services"] == [["GLOS-0001", "GLOS-0002"], ["GLOS-0001"]]


def test_a_service_of_another_provider_or_partnership_is_refused(provider):
    other_provider = factories.ProviderFactory(partnership=provider.partnership)
    theirs = factories.ServiceFactory(provider=other_provider, reference="GLOS-0009")
    elsewhere = factories.ServiceFactory(reference="OXON-0001")

    problems = refusal(services.contract_create, **values(provider, services=[theirs]))
    assert problems["services"] == [
        "GLOS-0009 is run by another provider: a contract covers only its provider's services"
    ]
    problems = refusal(services.contract_create, **values(provider, services=[elsewhere]))
    assert problems["services"] == ["OXON-0001 is not a service of this partnership"]
    assert not Contract.objects.exists()


def test_a_provider_of_another_partnership_is_refused(provider):
    stranger = factories.ProviderFactory()
    problems = refusal(services.contract_create, **{**values(provider), "provider": stranger})
    assert "provider" in problems


# ---------------------------------------------------------------- dates, money


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"end_date": datetime.date(2004, 3, 31)}, "end_date"),
        ({"review_date": datetime.date(2004, 1, 1)}, "review_date"),
        ({"extension_decision_by": datetime.date(2009, 6, 30)}, "extension_decision_by"),
        ({"start_date": datetime.date(1989, 12, 31)}, "start_date"),
        ({"irrecoverable_vat": "-1.00"}, "irrecoverable_vat"),
        ({"irrecoverable_vat": "twelve pounds"}, "irrecoverable_vat"),
        ({"irrecoverable_vat": "12.345"}, "irrecoverable_vat"),
        ({"irrecoverable_vat": "NaN"}, "irrecoverable_vat"),
        ({"reference": ""}, "reference"),
        ({"form": "loan"}, "form"),
        ({"route": "auction"}, "route"),
    ],
)
def test_bad_input_is_refused_naming_the_field_and_saves_nothing(provider, changes, field):
    problems = refusal(services.contract_create, **values(provider, **changes))
    assert field in problems
    assert not Contract.objects.exists()


def test_a_reference_is_unique_in_the_partnership_only(provider):
    services.contract_create(**values(provider))
    problems = refusal(services.contract_create, **values(provider, reference="glos-c-001"))
    assert problems["reference"] == ["This partnership already has a contract with that reference"]
    elsewhere = factories.ProviderFactory()
    services.contract_create(**values(elsewhere))  # another partnership may use it


def test_values_are_exact_in_each_year_of_the_term(provider):
    contract = services.contract_create(**values(provider))
    services.contract_value_set(
        actor=None, contract=contract, financial_year=2004, amount="1250000.10"
    )
    services.contract_value_set(actor=None, contract=contract, financial_year=2005, amount=7)
    corrected = services.contract_value_set(
        actor=None, contract=contract, financial_year=2004, amount=Decimal("0.20")
    )

    assert corrected.amount == Decimal("0.20")
    amounts = ContractValue.objects.filter(contract=contract).values_list("amount", flat=True)
    assert sum(amounts) == Decimal("7.20")
    assert AuditEvent.objects.filter(action="contract.value_set").count() == 3


@pytest.mark.parametrize(
    ("year", "amount", "field"),
    [
        (2003, "10.00", "financial_year"),  # before the term (2004/05 to 2008/09)
        (2009, "10.00", "financial_year"),
        (2004, "-10.00", "amount"),
        (2004, "ten", "amount"),
        (2004, "1e3x", "amount"),
        (2004, "10.001", "amount"),
        (2004, "1000000000000.00", "amount"),
        ("2004", "10.00", "financial_year"),
    ],
)
def test_a_bad_value_is_refused_naming_the_field(provider, year, amount, field):
    contract = services.contract_create(**values(provider))
    problems = refusal(
        services.contract_value_set,
        actor=None,
        contract=contract,
        financial_year=year,
        amount=amount,
    )
    assert list(problems) == [field]
    assert not ContractValue.objects.exists()


def test_a_value_is_removed_and_a_missing_one_is_refused(provider):
    contract = services.contract_create(**values(provider))
    services.contract_value_set(actor=None, contract=contract, financial_year=2006, amount="5")
    services.contract_value_remove(actor=None, contract=contract, financial_year=2006)
    assert not ContractValue.objects.exists()
    assert AuditEvent.objects.filter(action="contract.value_remove").exists()
    problems = refusal(
        services.contract_value_remove, actor=None, contract=contract, financial_year=2006
    )
    assert problems["financial_year"] == ["The contract has no value for 2006/07"]


def test_the_term_cannot_shrink_past_a_recorded_value(provider):
    contract = services.contract_create(**values(provider))
    services.contract_value_set(actor=None, contract=contract, financial_year=2008, amount="5")
    arguments = values(provider, end_date=datetime.date(2008, 3, 31))
    arguments.pop("partnership")
    problems = refusal(services.contract_update, contract=contract, **arguments)
    assert problems["end_date"] == [
        "The contract has a value for 2008/09, outside these dates: remove it first"
    ]

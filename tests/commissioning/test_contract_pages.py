"""The contracts' pages: members read the contracts, the programme team enters them (as let
only with their carried decision), records their values and moves them along their life,
and sees what ends or needs an extension decision soon; the decision's page lists what it
authorised; the Transparency Code's register of them is public, as a page and as CSV."""

import csv
import datetime
import io
from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from accord.audit.models import AuditEvent
from accord.commissioning import services
from accord.commissioning.models import Contract, ContractValue
from accord.commissioning.transparency import COLUMNS
from tests import factories
from tests.governance.register_data import partnership_with_officer

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()  # the page looks ahead from the real date


@pytest.fixture
def wychwood(db):
    return partnership_with_officer()


@pytest.fixture
def officer(client, sign_in, wychwood):
    sign_in("wychwood-officer")
    return client


@pytest.fixture
def provider(wychwood):
    return factories.ProviderFactory(
        partnership=wychwood, name="Wychwood Housing Trust", company_number="01234567"
    )


@pytest.fixture
def award(wychwood):
    body = factories.BodyFactory(partnership=wychwood)
    return factories.ProposalFactory(
        deciding_body=body,
        kind="tender_award",
        state="carried",
        title="Award of the floating support tender",
        decided_on=datetime.date(2004, 2, 11),
    )


def url(name, partnership, *args):
    return reverse(f"commissioning:{name}", args=[partnership.slug, *args])


def form(supplier, **changes):
    return {
        "reference": "WYCH-C-001",
        "title": "Floating support, West Oxfordshire",
        "provider": supplier.pk,
        "form": "block",
        "route": "tender",
        "department": "Supporting People Team",
        "start_date": "2004-04-01",
        "end_date": "2009-03-31",
        "irrecoverable_vat": "",
        "status": "planned",
        **changes,
    }


def make(provider, award=None, **changes):
    values = {
        "actor": None,
        "partnership": provider.partnership,
        "reference": "WYCH-C-001",
        "title": "Floating support, West Oxfordshire",
        "provider": provider,
        "form": "block",
        "route": "tender",
        "department": "Supporting People Team",
        "start_date": datetime.date(2004, 4, 1),
        "end_date": datetime.date(2009, 3, 31),
    }
    if award is not None:
        values.update(status="let", decision=award)
    return services.contract_create(**{**values, **changes})


def test_an_officer_enters_a_let_contract_with_its_decision_and_sees_it(
    officer, wychwood, provider, award
):
    service: Any = factories.ServiceFactory(provider=provider, reference="WYCH-0001")
    response = officer.post(
        url("contract-create", wychwood),
        form(provider, status="let", decision=award.pk, services=[service.pk]),
    )
    contract = Contract.objects.get(partnership=wychwood)
    assert response.status_code == 302
    assert response["Location"] == url("contract-detail", wychwood, contract.pk)
    assert contract.decision == award
    assert list(contract.services.all()) == [service]
    assert AuditEvent.objects.filter(action="contract.create", actor_name="wychwood-officer")

    page = officer.get(response["Location"]).content.decode()
    assert "Award of the floating support tender" in page
    assert reverse("decisions:proposal-detail", args=[wychwood.slug, award.pk]) in page
    assert "WYCH-0001" in page


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"status": "let"}, "decision", "A tendered contract is entered as let only with"),
        ({"end_date": "2004-03-01"}, "end_date", "The end date cannot be before the start date"),
        ({"irrecoverable_vat": "-5"}, "irrecoverable_vat", "Must be 0 or more"),
        ({"irrecoverable_vat": "five pounds"}, "irrecoverable_vat", "Enter an amount in pounds"),
        ({"reference": ""}, "reference", "Enter the contract reference"),
        ({"start_date": "2004-02-30"}, "start_date", "must be a real date"),
        ({"provider": "999999"}, "provider", "Select a provider"),
    ],
)
def test_the_form_refuses_bad_input_naming_the_field_and_saves_nothing(
    officer, wychwood, provider, changes, field, message
):
    response = officer.post(url("contract-create", wychwood), form(provider, **changes))
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html.split(f'id="div_id_{field}"')[1].replace("&#x27;", "'")
    assert not Contract.objects.exists()


def test_a_service_of_another_provider_is_refused_on_the_services_field(
    officer, wychwood, provider
):
    other = factories.ProviderFactory(partnership=wychwood)
    theirs: Any = factories.ServiceFactory(provider=other, reference="WYCH-0009")
    response = officer.post(url("contract-create", wychwood), form(provider, services=[theirs.pk]))
    html = response.content.decode()
    assert "WYCH-0009 is run by another provider" in html.split('id="div_id_services"')[1]
    assert not Contract.objects.exists()


def test_an_officer_records_values_the_page_totals_them_and_removes_one(
    officer, wychwood, provider
):
    contract = make(provider)
    for year, amount in ((2004, "1250000.50"), (2005, "1300000")):
        response = officer.post(
            url("contract-value-set", wychwood, contract.pk),
            {"financial_year": year, "amount": amount},
        )
        assert response.status_code == 302
    refused = officer.post(
        url("contract-value-set", wychwood, contract.pk),
        {"financial_year": 2005, "amount": "-1"},
    )
    assert "Must be 0 or more" in refused.content.decode().split('id="div_id_amount"')[1]

    page = officer.get(url("contract-detail", wychwood, contract.pk)).content.decode()
    assert "2004/05" in page
    assert "£1,250,000.50" in page
    assert "£2,550,000.50" in page  # the total over its length

    remove = url("contract-value-remove", wychwood, contract.pk, 2004)
    assert officer.post(remove).status_code == 200  # asks first
    assert ContractValue.objects.filter(financial_year=2004).exists()
    assert officer.post(remove, {"confirmed": "yes"}).status_code == 302
    assert not ContractValue.objects.filter(financial_year=2004).exists()


def test_an_officer_lets_a_planned_contract_on_its_decision(officer, wychwood, provider, award):
    contract = make(provider)
    address = url("contract-status", wychwood, contract.pk)
    refused = officer.post(address, {"status": "let"})
    assert "A tendered contract is entered as let" in refused.content.decode()
    assert officer.post(address, {"status": "let", "decision": award.pk}).status_code == 302
    contract.refresh_from_db()
    assert contract.status == "let"
    assert AuditEvent.objects.filter(action="contract.let").exists()


def test_a_member_reads_contracts_but_is_offered_no_change(client, sign_in, provider):
    from tests.governance.register_data import build_register

    register = build_register(provider.partnership, name="Wychwood")
    user: Any = factories.UserFactory(username="wychwood-member")
    register.people[0].user = user
    register.people[0].save()
    contract = make(provider)
    sign_in("wychwood-member")
    page = client.get(url("contract-list", provider.partnership)).content.decode()
    assert "WYCH-C-001" in page
    assert "Add a contract" not in page
    detail = client.get(url("contract-detail", provider.partnership, contract.pk))
    assert detail.status_code == 200
    assert "Change the status" not in detail.content.decode()
    assert client.get(url("contract-create", provider.partnership)).status_code == 403
    assert client.get(url("contract-due", provider.partnership)).status_code == 403


def test_the_list_filters_and_pages(officer, wychwood, provider, award):
    make(provider, award, reference="WYCH-T-1", title="Tendered one")
    make(provider, reference="WYCH-Q-1", title="Quoted one", route="quote")
    other: Any = factories.ProviderFactory(partnership=wychwood, name="Other Trust")
    make(other, reference="WYCH-O-1", title="Other provider's")

    def listed(**query):
        page = officer.get(url("contract-list", wychwood), query).content.decode()
        return {ref for ref in ("WYCH-T-1", "WYCH-Q-1", "WYCH-O-1") if ref in page}

    assert listed() == {"WYCH-T-1", "WYCH-Q-1", "WYCH-O-1"}
    assert listed(status="let") == {"WYCH-T-1"}
    assert listed(route="quote") == {"WYCH-Q-1"}
    assert listed(provider=other.pk) == {"WYCH-O-1"}
    assert listed(q="quoted") == {"WYCH-Q-1"}
    assert listed(status="nonsense") == {"WYCH-T-1", "WYCH-Q-1", "WYCH-O-1"}


def test_the_list_page_queries_do_not_grow_with_the_contracts(
    officer, wychwood, provider, award, django_assert_max_num_queries
):
    def add(count, start):
        for i in range(start, start + count):
            contract: Any = factories.ContractFactory(
                provider=provider, reference=f"C-{i:03d}", status="let", decision=award
            )
            factories.ContractValueFactory(contract=contract)
            contract.services.add(factories.ServiceFactory(provider=provider))

    add(2, 0)
    with django_assert_max_num_queries(40) as few:
        officer.get(url("contract-list", wychwood))
    with django_assert_max_num_queries(40) as few_register:
        officer.get(url("transparency-register", wychwood))
    add(30, 2)
    with django_assert_max_num_queries(len(few)):
        page = officer.get(url("contract-list", wychwood)).content.decode()
    assert "C-031" in page
    with django_assert_max_num_queries(len(few_register)):
        register = officer.get(url("transparency-register", wychwood)).content.decode()
    assert "C-031" in register


def test_the_csv_lists_the_contracts_with_their_totals(officer, wychwood, provider):
    contract = make(provider)
    services.contract_value_set(actor=None, contract=contract, financial_year=2004, amount="10")
    services.contract_value_set(actor=None, contract=contract, financial_year=2005, amount="0.5")
    response = officer.get(url("contract-export", wychwood))
    assert response["Content-Disposition"].startswith('attachment; filename="accord-wychwood-')
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0][:3] == ["id", "reference", "title"]
    assert rows[1][rows[0].index("total_value")] == "10.50"
    assert rows[1][rows[0].index("provider_org_id")] == "GB-COH-01234567"


def test_officers_see_the_contracts_ending_or_needing_an_extension_decision(
    officer, wychwood, provider, award
):
    soon = TODAY + datetime.timedelta(days=60)
    later = TODAY + datetime.timedelta(days=300)
    far = TODAY + datetime.timedelta(days=800)
    start = TODAY - datetime.timedelta(days=700)
    make(provider, award, reference="ENDS-SOON", start_date=start, end_date=soon)
    make(
        provider,
        award,
        reference="DECIDE-LATER",
        start_date=start,
        end_date=far,
        extension_decision_by=later,
        extension_options="One further year",
    )
    make(provider, award, reference="FAR-OFF", start_date=start, end_date=far)
    make(provider, reference="PLANNED", start_date=start, end_date=soon)

    six = officer.get(url("contract-due", wychwood)).content.decode()
    twelve = officer.get(url("contract-due", wychwood), {"months": "12"}).content.decode()

    assert "ENDS-SOON" in six
    assert "DECIDE-LATER" not in six
    assert "ENDS-SOON" in twelve
    assert "DECIDE-LATER" in twelve
    assert "FAR-OFF" not in twelve
    assert "PLANNED" not in twelve


def test_the_decisions_page_lists_the_contracts_it_authorised(officer, wychwood, provider, award):
    make(provider, award, reference="WYCH-T-1", title="Floating support")
    page = officer.get(
        reverse("decisions:proposal-detail", args=[wychwood.slug, award.pk])
    ).content.decode()
    assert "What it authorised" in page
    assert "WYCH-T-1 Floating support" in page


def test_the_decisions_page_says_nothing_of_contracts_when_it_authorised_none(
    officer, wychwood, award
):
    page = officer.get(
        reverse("decisions:proposal-detail", args=[wychwood.slug, award.pk])
    ).content.decode()
    assert "What it authorised" not in page


# ---------------------------------------------------------------- the Transparency Code


def test_the_public_reads_the_transparency_register_of_let_contracts_over_5000_pounds(
    client, wychwood, provider, award
):
    provider.is_sme = True
    provider.save()
    over = make(provider, award, reference="OVER", title="Over the threshold")
    services.contract_value_set(actor=None, contract=over, financial_year=2004, amount="3000")
    services.contract_value_set(actor=None, contract=over, financial_year=2005, amount="2000.01")
    at = make(provider, award, reference="AT-5000")
    services.contract_value_set(actor=None, contract=at, financial_year=2004, amount="5000")
    planned = make(provider, reference="NOT-LET")
    services.contract_value_set(actor=None, contract=planned, financial_year=2004, amount="9999")

    page = client.get(url("transparency-register", wychwood)).content.decode()
    assert "Over the threshold" in page
    assert "AT-5000" not in page
    assert "NOT-LET" not in page
    for column in COLUMNS:
        if column.key not in {"reference", "title"}:
            assert column.heading.replace("'", "&#x27;") in page

    response = client.get(url("transparency-export", wychwood))
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    header, line = rows[0], dict(zip(rows[0], rows[1], strict=True))
    assert header == [column.heading for column in COLUMNS] + ["Illustrative"]
    assert len(rows) == 2
    assert line["Reference number"] == "OVER"
    assert line["Sum to be paid over the length of the contract"] == "5000.01"
    assert line["Estimated annual spending"] == "2500.01"  # 5000.01 over two years, half up
    assert line["Invitation to quote or published invitation to tender"] == (
        "Published invitation to tender"
    )
    assert line["Small or medium sized enterprise"] == "Yes"
    assert line["Voluntary or community sector organisation"] == "Yes"
    assert line["Registration number"] == "GB-COH-01234567"
    assert line["Local authority department responsible"] == "Supporting People Team"
    assert line["Start date"] == "2004-04-01"
    assert line["Illustrative"] == ""


def test_the_register_marks_values_made_up_for_the_demonstration(client, wychwood, provider, award):
    from accord.demo.illustrative import illustrative_mark

    contract = make(provider, award)
    value = services.contract_value_set(
        actor=None, contract=contract, financial_year=2004, amount=Decimal("6000")
    )
    illustrative_mark(actor=None, row=value, fields=["amount"])
    illustrative_mark(actor=None, row=contract, fields=["department"])
    response = client.get(url("transparency-export", wychwood))
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    marked = rows[1][-1].split("; ")
    assert marked == [
        "Local authority department responsible",
        "Sum to be paid over the length of the contract",
        "Estimated annual spending",
    ]
    page = client.get(url("transparency-register", wychwood)).content.decode()
    assert "Illustrative" in page

"""Savings scenarios (issue 17 item 5): "what if the pool falls by N% next year". An
officer proposes reductions per plan line or contract (and decommissionings), sees what
they save and cost in capacity (units and hours, by client group and district) and what
each source of the pool puts in after the fall, compares scenarios side by side, and takes
the chosen one to the board, whose carried decision approves it.

Seed 004: Gloucestershire's pool fell "in a continually reducing budget context" while the
partners redesigned services (floating support in place of accommodation-based places).
The figures below are a small pool of ten million pounds, easy to check by hand.
"""

import csv
import io
from decimal import Decimal
from typing import Any, cast

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st

from accord.audit.models import AuditEvent
from accord.budget import selectors, services
from accord.budget.models import Scenario, ScenarioReduction
from accord.commissioning.models import Contract
from accord.decisions.models import Proposal, ProposalKind
from tests import factories
from tests.governance.register_data import partnership_with_officer

JSON = "application/json"


@pytest.fixture
def wychwood(db):
    return partnership_with_officer()


@pytest.fixture
def officer(client, sign_in, wychwood):
    sign_in("wychwood-officer")
    return client


class World:
    """A pool of £10,000,000 (a grant of £8.5m, the county £1m, a district £0.5m), two
    contracts and the plan's line for the first."""

    def __init__(self, partnership: Any) -> None:
        self.partnership = partnership
        self.county: Any = factories.PartnerFactory(
            partnership=partnership, name="Wychwood County Council", kind="county_council"
        )
        self.north: Any = factories.PartnerFactory(
            partnership=partnership, name="North Wychwood District Council"
        )
        self.south: Any = factories.PartnerFactory(
            partnership=partnership, name="South Wychwood District Council"
        )
        self.pool = services.pool_create(
            actor=None, partnership=partnership, financial_year=2009, grant=Decimal("8500000.00")
        )
        sources: list[tuple[Any, str]] = [(self.county, "1000000.00"), (self.north, "500000.00")]
        for partner, amount in sources:
            services.contribution_add(
                actor=None,
                pool=self.pool,
                partner=partner,
                amount=Decimal(amount),
                risk_share=Decimal("50"),
            )
        provider: Any = factories.ProviderFactory(partnership=partnership)
        # Sheltered housing wardens: 120 units for older people in both districts.
        self.wardens: Contract = cast(
            Contract,
            factories.ContractFactory(
                provider=provider, reference="W-WARDENS", title="Sheltered housing wardens"
            ),
        )
        wardens: Any = factories.ServiceFactory(
            provider=provider, capacity=120, capacity_unit="units", primary_client_group=1
        )
        wardens.districts.set([self.north, self.south])
        self.wardens.services.add(wardens)
        factories.ContractValueFactory(
            contract=self.wardens, financial_year=2009, amount=Decimal("400000.00")
        )
        # Floating support for single homeless people: 200 hours a week in the north.
        self.floating: Contract = cast(
            Contract,
            factories.ContractFactory(
                provider=provider, reference="W-FLOAT", title="Floating support"
            ),
        )
        floating: Any = factories.ServiceFactory(
            provider=provider,
            capacity=200,
            capacity_unit="hours",
            primary_client_group=7,
            service_type="floating",
            delivery_model="floating",
        )
        floating.districts.set([self.north])
        self.floating.services.add(floating)
        factories.ContractValueFactory(
            contract=self.floating, financial_year=2009, amount=Decimal("300000.00")
        )
        self.line = services.plan_line_add(
            actor=None,
            pool=self.pool,
            kind="services",
            description="Sheltered housing wardens",
            client_group=1,
            contract=self.wardens,
            amount=Decimal("400000.00"),
        )
        self.reserve = services.plan_line_add(
            actor=None,
            pool=self.pool,
            kind="reserve",
            description="Reserve",
            amount=Decimal("1000.00"),
        )
        self.board = factories.BodyFactory(partnership=partnership, kind="deciding_board")

    def scenario(self, title: str = "A 10% fall", percent: str = "10") -> Scenario:
        return services.scenario_create(
            actor=None, pool=self.pool, title=title, fall_percent=Decimal(percent)
        )


@pytest.fixture
def world(wychwood) -> World:
    return World(wychwood)


def ten_percent(world: World) -> Scenario:
    """Floating support decommissioned; a quarter off the wardens' line."""
    scenario = world.scenario()
    services.reduction_add(
        actor=None, scenario=scenario, contract=world.floating, decommission=True
    )
    services.reduction_add(
        actor=None, scenario=scenario, plan_line=world.line, amount=Decimal("100000.00")
    )
    return scenario


def test_a_scenario_computes_its_savings_capacity_lost_and_each_sources_part(world):
    figures = selectors.scenario_figures(ten_percent(world))
    assert figures.pool_total == Decimal("10000000.00")
    assert figures.target == Decimal("1000000.00")
    assert figures.next_pool == Decimal("9000000.00")
    # the decommissioning saves the contract's whole value for the year, computed
    assert figures.saved == Decimal("400000.00")
    assert figures.left_to_find == Decimal("600000.00")
    assert [(c.where, c.unit, c.lost) for c in figures.lost_by_unit] == [
        ("", "Hours of support a week", 200),
        ("", "Units", 30),  # a quarter of the wardens' £400,000: a quarter of 120 units
    ]
    assert [(c.where, c.lost) for c in figures.lost_by_client_group] == [
        ("Older people with support needs", 30),
        ("Single homeless people with support needs", 200),
    ]
    assert [(c.where, c.unit, c.lost) for c in figures.lost_by_district] == [
        ("North Wychwood District Council", "Hours of support a week", 200),
        ("North Wychwood District Council", "Units", 30),
        ("South Wychwood District Council", "Units", 30),
    ]
    assert [(e.source, e.change, e.after) for e in figures.sources] == [
        ("Grant", Decimal("-850000.00"), Decimal("7650000.00")),
        ("North Wychwood District Council", Decimal("-50000.00"), Decimal("450000.00")),
        ("Wychwood County Council", Decimal("-100000.00"), Decimal("900000.00")),
    ]


@given(
    grant=st.integers(min_value=0, max_value=10**11),
    amounts=st.lists(st.integers(min_value=0, max_value=10**10), min_size=0, max_size=8),
    percent=st.decimals(min_value=0, max_value=100, places=2),
)
@settings(max_examples=40, deadline=None)
def test_the_fall_is_shared_between_the_sources_to_the_penny(grant, amounts, percent):
    # the same calculation as scenarios_figures, without the database
    from accord.budget.share import share

    total = Decimal(grant) / 100 + sum((Decimal(a) / 100 for a in amounts), Decimal(0))
    weights = [w for w in [Decimal(grant) / 100, *(Decimal(a) / 100 for a in amounts)] if w > 0]
    target = (total * percent / 100).quantize(Decimal("0.01"), rounding="ROUND_HALF_UP")
    if weights:
        parts = share(-target, weights)
        assert sum(parts) == -target
        for weight, part in zip(weights, parts, strict=True):
            exact = -target * weight / sum(weights)
            assert abs(part - exact) < Decimal("0.01")


@pytest.mark.parametrize(
    ("values", "field", "says"),
    [
        ({}, "plan_line", "a line of the plan or a contract"),
        ({"plan_line": "line", "contract": "floating", "amount": "1"}, "plan_line", "one of them"),
        ({"plan_line": "line", "decommission": True}, "decommission", "Only a contract"),
        ({"plan_line": "line", "amount": "400000.01"}, "amount", "holds only £400,000.00"),
        ({"contract": "floating", "amount": "300000.01"}, "amount", "worth only £300,000.00"),
        ({"contract": "floating", "decommission": True, "amount": "5"}, "amount", "leave the"),
        ({"contract": "floating"}, "amount", "Enter the reduction"),
        ({"contract": "floating", "amount": "0"}, "amount", "more than 0"),
    ],
)
def test_a_reduction_is_refused_naming_the_field_and_nothing_is_saved(world, values, field, says):
    scenario = world.scenario()
    with pytest.raises(ValidationError) as refusal:
        services.reduction_add(
            actor=None,
            scenario=scenario,
            plan_line=world.line if values.get("plan_line") else None,
            contract=getattr(world, values["contract"]) if "contract" in values else None,
            decommission=values.get("decommission", False),
            amount=Decimal(values["amount"]) if "amount" in values else None,
        )
    assert says in str(refusal.value.error_dict[field])
    assert not ScenarioReduction.objects.filter(scenario=scenario).exists()


def test_a_saving_is_counted_once_whether_by_its_line_or_its_contract(world):
    scenario = world.scenario()
    services.reduction_add(actor=None, scenario=scenario, plan_line=world.line, amount=Decimal(1))
    # the wardens' line is reduced: reducing its contract too would count the saving twice
    with pytest.raises(ValidationError, match="counted once") as refusal:
        services.reduction_add(
            actor=None, scenario=scenario, contract=world.wardens, amount=Decimal(1)
        )
    assert "contract" in refusal.value.error_dict
    with pytest.raises(ValidationError, match="already reduces this line") as refusal:
        services.reduction_add(
            actor=None, scenario=scenario, plan_line=world.line, amount=Decimal(1)
        )
    assert "plan_line" in refusal.value.error_dict


def test_a_contract_without_a_value_for_the_year_is_refused_naming_it(world):
    unvalued: Any = factories.ContractFactory(
        partnership=world.partnership, provider=world.wardens.provider
    )
    with pytest.raises(ValidationError, match="no value recorded for 2009/10") as refusal:
        services.reduction_add(
            actor=None, scenario=world.scenario(), contract=unvalued, decommission=True
        )
    assert "contract" in refusal.value.error_dict


def test_taken_to_the_board_it_is_locked_and_the_carried_decision_approves_it(world):
    scenario = ten_percent(world)
    other = world.scenario("A 15% fall", "15")
    proposal = services.scenario_propose(
        actor=None, scenario=scenario, deciding_body=world.board, on=world.pool.created_at.date()
    )
    assert proposal.kind == ProposalKind.SAVINGS_SCENARIO
    assert "£400,000.00" in proposal.summary
    scenario.refresh_from_db()
    assert scenario.status == "with_the_board"
    with pytest.raises(ValidationError, match="with the board") as refusal:
        services.reduction_add(
            actor=None, scenario=scenario, plan_line=world.reserve, amount=Decimal(1)
        )
    assert "amount" in refusal.value.error_dict
    # not yet carried: refused, naming the decision
    with pytest.raises(ValidationError, match="carried") as refusal:
        services.scenario_approve(actor=None, scenario=scenario, decision=proposal)
    assert "decision" in refusal.value.error_dict
    Proposal.objects.filter(pk=proposal.pk).update(state="carried")
    proposal.refresh_from_db()
    services.scenario_approve(actor=None, scenario=scenario, decision=proposal)
    scenario.refresh_from_db()
    assert scenario.status == "approved"
    assert AuditEvent.objects.filter(action="scenario.approve", object_id=str(scenario.pk))
    # one scenario a pool is approved
    another: Any = factories.ProposalFactory(
        deciding_body=world.board, kind="savings_scenario", state="carried"
    )
    with pytest.raises(ValidationError, match="already approved"):
        services.scenario_approve(actor=None, scenario=other, decision=another)


def test_a_scenario_without_reductions_is_not_taken_to_the_board(world):
    with pytest.raises(ValidationError, match="at least one reduction") as refusal:
        services.scenario_propose(
            actor=None,
            scenario=world.scenario(),
            deciding_body=world.board,
            on=world.pool.created_at.date(),
        )
    assert "deciding_body" in refusal.value.error_dict
    assert not Proposal.objects.filter(kind="savings_scenario").exists()


# ------------------------------------------------------------------ the pages


def url(name: str, world: World, *args: object) -> str:
    return reverse(f"budget:{name}", args=[world.partnership.slug, world.pool.pk, *args])


def test_an_officer_builds_a_scenario_on_its_pages(officer, world):
    response = officer.post(
        url("scenario-create", world), {"title": "A 10% fall", "fall_percent": "10"}
    )
    assert response.status_code == 302
    scenario = Scenario.objects.get(title="A 10% fall")
    add = url("reduction-create", world, scenario.pk)
    refused = officer.post(add, {"contract": world.floating.pk, "amount": "1,000"})
    assert "Enter an amount in pounds" in refused.content.decode()
    refused = officer.post(add, {"contract": world.floating.pk, "amount": "300000.01"})
    assert "worth only £300,000.00" in refused.content.decode()
    assert not ScenarioReduction.objects.exists()
    assert (
        officer.post(add, {"contract": world.floating.pk, "decommission": "on"}).status_code == 302
    )
    page = officer.get(url("scenario-detail", world, scenario.pk)).content.decode()
    assert "£300,000.00" in page  # saved: the contract's value, computed
    assert "£700,000.00" in page  # still to find
    assert "200 hours of support a week" in page
    assert AuditEvent.objects.filter(action="scenario_reduction.create").count() == 1
    # taken out again, through its confirmation page
    reduction = ScenarioReduction.objects.get()
    remove = url("reduction-remove", world, scenario.pk, reduction.pk)
    assert "Take the reduction out" in officer.get(remove).content.decode()


def test_scenarios_side_by_side_in_queries_that_do_not_grow(
    officer, world, django_assert_max_num_queries
):
    ten_percent(world)
    fifteen = world.scenario("A 15% fall", "15")
    services.reduction_add(actor=None, scenario=fifteen, contract=world.wardens, decommission=True)
    with django_assert_max_num_queries(40) as few:
        page = officer.get(url("scenario-compare", world)).content.decode()
    assert "A 10% fall" in page
    assert "A 15% fall" in page
    assert "£1,500,000.00" in page  # the 15% fall of £10m
    assert "£8,500,000.00" in page  # next year's pool under it
    for n in range(2):
        extra = world.scenario(f"Extra {n}", "5")
        services.reduction_add(
            actor=None, scenario=extra, plan_line=world.reserve, amount=Decimal(1)
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        officer.get(url("scenario-compare", world))
    chosen = officer.get(
        url("scenario-compare", world), {"scenario": [fifteen.pk]}
    ).content.decode()
    assert "A 15% fall" in chosen
    assert "A 10% fall" not in chosen


def test_the_csv_gives_every_scenarios_figures_as_the_pages_compute_them(
    officer, world, django_assert_max_num_queries
):
    ten_percent(world)
    fifteen = world.scenario("A 15% fall", "15")
    services.reduction_add(actor=None, scenario=fifteen, contract=world.wardens, decommission=True)
    with django_assert_max_num_queries(40) as few:
        response = officer.get(url("scenario-export", world))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    money = {(r["scenario"], r["item"]): r["value"] for r in rows if r["section"] == "money"}
    assert money[("A 10% fall", "the fall")] == "1000000.00"
    assert money[("A 10% fall", "saved by the reductions")] == "400000.00"
    assert money[("A 10% fall", "still to find")] == "600000.00"
    assert money[("A 15% fall", "next year's pool")] == "8500000.00"
    sources = [
        r for r in rows if r["scenario"] == "A 10% fall" and r["section"] == "source next year"
    ]
    assert [(r["item"], r["value"]) for r in sources] == [
        ("Grant", "7650000.00"),
        ("North Wychwood District Council", "450000.00"),
        ("Wychwood County Council", "900000.00"),
    ]
    lost = [r for r in rows if r["scenario"] == "A 10% fall" and r["section"] == "capacity lost"]
    assert [(r["item"], r["value"]) for r in lost] == [
        ("Hours of support a week", "200"),
        ("Units", "30"),
    ]
    for n in range(2):
        extra = world.scenario(f"Extra {n}", "5")
        services.reduction_add(
            actor=None, scenario=extra, plan_line=world.reserve, amount=Decimal(1)
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        officer.get(url("scenario-export", world))


# ------------------------------------------------------------------ the API


def test_the_api_builds_compares_proposes_and_approves_with_amounts_as_strings(officer, world):
    base = f"/api/budget/partnerships/{world.partnership.slug}/pools/{world.pool.pk}/scenarios"
    made = officer.post(base, {"title": "A 10% fall", "fall_percent": "10"}, content_type=JSON)
    assert made.status_code == 201, made.content
    scenario = made.json()
    assert scenario["target"] == "1000000.00"
    bad = officer.post(
        f"{base}/{scenario['id']}/reductions",
        {"contract_id": world.floating.pk, "amount": "1e3"},
        content_type=JSON,
    )
    assert bad.status_code == 422
    refused = officer.post(
        f"{base}/{scenario['id']}/reductions",
        {"plan_line_id": world.line.pk, "contract_id": world.floating.pk, "amount": "1.00"},
        content_type=JSON,
    )
    assert refused.status_code == 422
    assert "plan_line_id" in refused.content.decode()
    added = officer.post(
        f"{base}/{scenario['id']}/reductions",
        {"contract_id": world.floating.pk, "decommission": True},
        content_type=JSON,
    )
    assert added.status_code == 201, added.content
    figures = added.json()
    assert figures["saved"] == "300000.00"
    assert figures["reductions"][0]["amount"] == "300000.00"
    assert figures["sources"][0] == {
        "source": "Grant",
        "partner_id": None,
        "before": "8500000.00",
        "change": "-850000.00",
        "after": "7650000.00",
    }
    listed = officer.get(base, {"scenario": [scenario["id"]]}).json()["items"]
    assert [s["id"] for s in listed] == [scenario["id"]]
    proposed = officer.post(
        f"{base}/{scenario['id']}/propose", {"deciding_body_id": world.board.pk}, content_type=JSON
    )
    assert proposed.status_code == 201, proposed.content
    assert proposed.json()["status"] == "with_the_board"
    proposal_id = proposed.json()["proposal_id"]
    Proposal.objects.filter(pk=proposal_id).update(state="carried")
    approved = officer.post(
        f"{base}/{scenario['id']}/approve", {"decision_id": proposal_id}, content_type=JSON
    )
    assert approved.status_code == 200, approved.content
    assert approved.json()["status"] == "approved"

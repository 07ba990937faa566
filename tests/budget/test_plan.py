"""The annual financial plan (issue 17 item 2): lines by client group, service type and
contract, and a reserve or planned surplus, adding up to the pool (refused naming the field
otherwise); approved by a carried proposal of its kind, then locked; a change after is a
recorded virement with its approval."""

from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse

from accord.audit.models import AuditEvent
from accord.budget import services
from accord.budget.models import PlanLine, Pool, Virement
from tests import factories
from tests.governance.register_data import partnership_with_officer

API = "/api/budget/partnerships/wychwood/pools"
JSON = "application/json"


@pytest.fixture
def wychwood(db):
    return partnership_with_officer()


@pytest.fixture
def pool(wychwood):
    county: Any = factories.PartnerFactory(partnership=wychwood, name="Wychwood County Council")
    pool = services.pool_create(
        actor=None, partnership=wychwood, financial_year=2009, grant=Decimal("900.00")
    )
    services.contribution_add(
        actor=None, pool=pool, partner=county, amount=Decimal("100.00"), risk_share=Decimal("100")
    )
    return pool


@pytest.fixture
def officer(client, sign_in, wychwood):
    sign_in("wychwood-officer")
    return client


@pytest.fixture
def board(wychwood):
    return factories.BodyFactory(partnership=wychwood)


def carried(board, kind="annual_financial_plan", state="carried"):
    return factories.ProposalFactory(deciding_body=board, kind=kind, state=state)


def url(name, pool, *args):
    return reverse(f"budget:{name}", args=[pool.partnership.slug, pool.pk, *args])


def line(pool, amount, kind="services", **values):
    defaults: dict[str, Any] = {"description": f"{kind} {amount}"}
    if kind == "services":
        defaults["client_group"] = 1
    return services.plan_line_add(
        actor=None, pool=pool, kind=kind, amount=Decimal(amount), **{**defaults, **values}
    )


def test_an_officer_adds_lines_up_to_the_pool(officer, pool):
    response = officer.post(
        url("plan-line-create", pool),
        {
            "kind": "services",
            "description": "Sheltered housing wardens",
            "client_group": "1",
            "service_type": "sheltered",
            "amount": "700",
        },
    )
    assert response.status_code == 302
    page = officer.get(url("pool-detail", pool)).content.decode()
    assert "Sheltered housing wardens" in page
    assert "£300.00" in page  # left to plan: computed from the pool of £1,000
    assert AuditEvent.objects.filter(action="plan_line.create")


def test_a_line_past_the_pool_is_refused_naming_the_amount(officer, pool):
    line(pool, "700")
    response = officer.post(
        url("plan-line-create", pool),
        {"kind": "reserve", "description": "Reserve", "amount": "300.01"},
    )
    page = response.content.decode()
    assert "more than the pool of £1,000.00" in page
    assert "at most £300.00 is left to plan" in page
    assert 'href="#amount"' in page or "id_amount" in page or 'id="amount-error"' in page
    assert PlanLine.objects.count() == 1


def test_a_services_line_says_what_it_buys_and_a_reserve_does_not(pool):
    with pytest.raises(Exception, match="client group"):
        services.plan_line_add(
            actor=None, pool=pool, kind="services", description="Something", amount=Decimal(1)
        )
    with pytest.raises(Exception, match="reserve or planned surplus"):
        services.plan_line_add(
            actor=None,
            pool=pool,
            kind="reserve",
            description="Reserve",
            amount=Decimal(1),
            client_group=1,
        )


def test_approval_is_refused_unless_the_lines_add_up_to_the_pool(officer, pool, board):
    line(pool, "700")
    decision = carried(board)
    response = officer.post(url("plan-approve", pool), {"decision": decision.pk})
    page = response.content.decode()
    assert "add up to £700.00, not the pool&#x27;s £1,000.00" in page
    assert "plan the £300.00 left" in page
    assert Pool.objects.get(pk=pool.pk).plan_decision is None


def test_approval_needs_a_carried_annual_financial_plan(pool, board):
    line(pool, "700")
    line(pool, "300", kind="reserve")
    for decision, message in (
        (carried(board, kind="policy"), "annual financial plan"),
        (carried(board, state="voting"), "carried"),
        (None, "Choose the carried decision"),
    ):
        with pytest.raises(Exception, match=message):
            services.plan_approve(actor=None, pool=pool, decision=decision)


def test_an_approved_plan_is_locked_and_changes_by_virement(officer, pool, board):
    wardens = line(pool, "700")
    reserve = line(pool, "300", kind="reserve")
    decision = carried(board)
    response = officer.post(url("plan-approve", pool), {"decision": decision.pk})
    assert response.status_code == 302
    assert Pool.objects.get(pk=pool.pk).plan_decision == decision
    # Locked: a line cannot be changed or added, nor the pool's sources.
    response = officer.post(
        url("plan-line-update", pool, wardens.pk),
        {"kind": "services", "description": "x", "client_group": "1", "amount": "600"},
    )
    assert "change it by a virement" in response.content.decode()
    with pytest.raises(Exception, match="approved against this pool"):
        services.pool_update(actor=None, pool=pool, grant=Decimal("1"))
    # A virement moves money between lines with its approval; the total is unchanged.
    approval = carried(board, kind="policy")
    response = officer.post(
        url("virement-create", pool),
        {
            "from_line": reserve.pk,
            "to_line": wardens.pk,
            "amount": "120.50",
            "decision": approval.pk,
            "reason": "Wardens' pay award",
        },
    )
    assert response.status_code == 302
    assert PlanLine.objects.get(pk=wardens.pk).amount == Decimal("820.50")
    assert PlanLine.objects.get(pk=reserve.pk).amount == Decimal("179.50")
    virement = Virement.objects.get()
    assert virement.decision == approval
    page = officer.get(url("pool-detail", pool)).content.decode()
    assert "Wardens&#x27; pay award" in page
    assert AuditEvent.objects.filter(action="virement.create")


def test_a_virement_of_more_than_the_line_holds_is_refused(pool, board):
    wardens = line(pool, "700")
    reserve = line(pool, "300", kind="reserve")
    services.plan_approve(actor=None, pool=pool, decision=carried(board))
    with pytest.raises(Exception, match=r"only £300\.00"):
        services.virement_record(
            actor=None,
            pool=pool,
            from_line=reserve,
            to_line=wardens,
            amount=Decimal("300.01"),
            decision=carried(board),
            reason="x",
        )
    assert not Virement.objects.exists()


def test_the_api_adds_lines_approves_and_records_a_virement(officer, pool, board):
    response = officer.post(
        f"{API}/{pool.pk}/plan/lines",
        {"kind": "services", "description": "Wardens", "client_group": 1, "amount": "700"},
        content_type=JSON,
    )
    assert response.status_code == 201, response.content
    wardens = response.json()
    assert wardens["amount"] == "700.00"
    too_much = officer.post(
        f"{API}/{pool.pk}/plan/lines",
        {"kind": "reserve", "description": "Reserve", "amount": "300.01"},
        content_type=JSON,
    )
    assert too_much.status_code == 422
    assert "amount" in too_much.content.decode()
    early = officer.post(
        f"{API}/{pool.pk}/plan/approve", {"decision_id": carried(board).pk}, content_type=JSON
    )
    assert early.status_code == 422
    assert "lines" in early.content.decode()
    reserve = officer.post(
        f"{API}/{pool.pk}/plan/lines",
        {"kind": "reserve", "description": "Reserve", "amount": "300"},
        content_type=JSON,
    ).json()
    approved = officer.post(
        f"{API}/{pool.pk}/plan/approve", {"decision_id": carried(board).pk}, content_type=JSON
    )
    assert approved.status_code == 200, approved.content
    assert approved.json()["planned"] == "1000.00"
    moved = officer.post(
        f"{API}/{pool.pk}/plan/virements",
        {
            "from_line_id": reserve["id"],
            "to_line_id": wardens["id"],
            "amount": "50",
            "decision_id": carried(board, kind="policy").pk,
            "reason": "Pay award",
        },
        content_type=JSON,
    )
    assert moved.status_code == 201, moved.content
    detail = officer.get(f"{API}/{pool.pk}").json()
    assert [x["amount"] for x in detail["plan_lines"]] == ["750.00", "250.00"]
    assert detail["virements"][0]["amount"] == "50.00"

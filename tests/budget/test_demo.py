"""The demo's pooled budgets (issue 17): Gloucestershire's 2004/05 to 2009/10 consistent
with seed 004's three statements, Oxfordshire's eight partners, every figure illustrative,
the 2009/10 plans adding up to the pools; loading twice creates nothing."""

from decimal import Decimal

import pytest
from django.db.models import Sum
from django.urls import reverse

from accord.budget import selectors
from accord.budget.models import Contribution, PlanLine, Pool
from accord.budget.selectors import pool_change, pool_figures
from accord.commissioning.models import ContractValue
from accord.demo.services import demo_load
from accord.partnerships.models import Partnership

pytestmark = pytest.mark.django_db


def test_gloucestershire_holds_the_seeds_three_statements(demo):
    glos = Partnership.objects.get(slug="gloucestershire")
    span = pool_change(glos)
    assert span is not None
    assert (span.first.financial_year, span.last.financial_year) == (2004, 2009)
    first, last = pool_figures(span.first).total, pool_figures(span.last).total
    assert first > Decimal("29000000")  # "in excess of £29million"
    assert Decimal("22000000") < last < Decimal("22500000")  # "just under £22.5million"
    assert span.reduction == first - last
    assert Decimal("6700000") < span.reduction < Decimal("6750000")  # "almost £6.75million"


def test_the_page_computes_the_reduction(demo, client, sign_in, django_user_model):
    django_user_model.objects.create_superuser("budget-admin", password="x" * 16)
    sign_in("budget-admin")
    page = client.get(reverse("budget:pool-list", args=["gloucestershire"])).content.decode()
    assert "a reduction of <strong>£6,745,100.00</strong>" in page
    assert "Illustrative" in page


def test_oxfordshire_pools_have_the_eight_partners_and_shares_adding_to_100(demo):
    oxon = Partnership.objects.get(slug="oxfordshire")
    for pool in Pool.objects.filter(partnership=oxon):
        contributions = Contribution.objects.filter(pool=pool)
        assert contributions.count() == 8
        assert sum(c.risk_share for c in contributions) == 100


def test_every_figure_is_marked_illustrative(demo):
    assert all("grant" in pool.illustrative for pool in Pool.objects.all())
    assert all({"amount", "risk_share"} <= set(c.illustrative) for c in Contribution.objects.all())
    assert all("amount" in line.illustrative for line in PlanLine.objects.all())


def test_the_2009_plans_add_up_to_the_pools_and_closed_years_share_their_variance(demo):
    for pool in Pool.objects.all():
        figures = pool_figures(pool)
        if pool.financial_year == 2009:
            assert figures.planned == figures.total
            assert figures.left_to_plan == 0
        else:
            assert figures.variance is not None
            assert sum(line.amount for line in figures.shares) == figures.variance


def test_the_wardens_line_is_in_oxfordshires_plan(demo):
    line = PlanLine.objects.get(
        partnership__slug="oxfordshire", description__contains="resident wardens"
    )
    assert line.service_type == "sheltered"


def test_loading_again_creates_nothing(demo):
    counts = (Pool.objects.count(), Contribution.objects.count(), PlanLine.objects.count())
    report = demo_load()
    assert (Pool.objects.count(), Contribution.objects.count(), PlanLine.objects.count()) == counts
    assert not {k for k in report.created if k.startswith("budget")}


def test_each_years_pool_is_what_the_demo_contracts_are_worth_that_year(demo):
    """The budget stands on the register's contracts (issue 17): each demo pool's total is
    the sum of the partnership's contract values for that financial year, to the penny."""
    pools = Pool.objects.filter(partnership__slug__in=["gloucestershire", "oxfordshire"])
    assert pools.count() == 12
    for pool in pools:
        contracted = ContractValue.objects.filter(
            partnership_id=pool.partnership_id, financial_year=pool.financial_year
        ).aggregate(total=Sum("amount"))["total"]
        assert pool_figures(pool).total == contracted, (pool.partnership_id, pool.financial_year)


def test_the_demo_ledger_is_illustrative_and_shows_the_wardens_drifting(demo):
    """Two quarters of 2009/10 spend for every demo contract, marked illustrative; in
    Oxfordshire the sheltered housing (the wardens of the 2004 and 2008 disputes) spends
    over its contracts, so its line is forecast over what is committed."""
    from accord.budget.models import Spend

    assert Spend.objects.exists()
    assert all(spend.illustrative == ["amount"] for spend in Spend.objects.all())
    pool = Pool.objects.get(partnership__slug="oxfordshire", financial_year=2009)
    forecast = selectors.pool_forecast(pool)
    assert forecast.months_reported == 6
    assert forecast.is_illustrative("spent")
    wardens = next(line for line in forecast.lines if "wardens" in line.label)
    assert wardens.contracts
    assert wardens.spent > wardens.committed / 2
    assert wardens.forecast > wardens.committed
    assert forecast.forecast == sum((line.forecast for line in forecast.every_line), Decimal(0))


def test_loading_the_ledger_again_changes_nothing(demo):
    from accord.budget.models import Spend

    held = list(Spend.objects.order_by("pk").values_list("pk", "amount", "updated_at"))
    report = demo_load()
    assert not report.created.get("budget ledger spend")
    assert report.present.get("budget ledger spend") == len(held)
    assert list(Spend.objects.order_by("pk").values_list("pk", "amount", "updated_at")) == held

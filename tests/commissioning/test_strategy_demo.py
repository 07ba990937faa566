"""`accord demo` gives each county its 2004-09 and 2008-11 strategies: adopted by their
carried decisions (Oxfordshire's are seed 000's), with target outcomes whose progress is
read from the demo's services, intentions for at least six client groups and annual plan
actions linked to the decisions and services; invented values marked illustrative; a
second load creates nothing."""

import pytest
from django.test import Client

from accord.commissioning import measures, selectors
from accord.commissioning.models import AnnualPlanAction, Strategy
from accord.demo.services import demo_load


@pytest.mark.django_db
def test_each_county_has_its_strategies_with_progress_from_the_register(demo):
    for slug in ("oxfordshire", "gloucestershire"):
        strategies = {s.period: s for s in Strategy.objects.filter(partnership__slug=slug)}
        assert set(strategies) == {"2004-09", "2008-11"}
        assert strategies["2004-09"].status == "superseded"
        assert strategies["2008-11"].status == "adopted"
        for strategy in strategies.values():
            decision = strategy.decision
            assert decision is not None
            assert (decision.kind, decision.state) == ("strategy", "carried")
            assert strategy.intentions.count() >= 6
            assert strategy.is_illustrative("summary")
            outcomes = list(selectors.outcome_list(strategy))
            assert outcomes
            assert all(o.is_illustrative("target_figure") for o in outcomes)
            for reading in measures.readings(strategy.partnership, outcomes, strategy.ends_on):
                assert reading.baseline_measured  # from the register, never typed
                assert reading.progress.current > 0
        assert strategies["2008-11"].is_illustrative("title") == (slug == "gloucestershire")

    # Seed 000: the Strategy 2004-09 adopted by the decision of the amended proposal; the
    # Annual Plan 2008-09's action carried out by both decisions of 11 July 2008 and
    # changing the resident wardens' services.
    oxon = Strategy.objects.get(partnership__slug="oxfordshire", title="Strategy 2004-09")
    assert oxon.decision is not None
    assert oxon.decision.title == "Strategy 2004-09"
    wardens = AnnualPlanAction.objects.get(
        strategy__title="Strategy 2008-11",
        strategy__partnership__slug="oxfordshire",
        financial_year=2008,
    )
    assert {p.title for p in wardens.proposals.all()} == {
        "Strategy 2008-11",
        "Annual Plan 2008-09",
    }
    assert {s.reference for s in wardens.services.all()} == {"OXON-0001", "OXON-0002"}

    # Floating support grew as accommodation-based support shrank (seed 004).
    glos = Strategy.objects.get(partnership__slug="gloucestershire", first_year=2004)
    growth, fewer = measures.readings(glos.partnership, list(glos.outcomes.all()), glos.ends_on)
    assert growth.progress.current > growth.progress.baseline
    assert fewer.progress.current < fewer.progress.baseline


@pytest.mark.django_db
def test_the_public_reads_an_adopted_demo_strategy_and_its_plans(demo):
    strategy = Strategy.objects.get(partnership__slug="gloucestershire", first_year=2004)
    client = Client()
    page = client.get(f"/partnerships/gloucestershire/strategies/{strategy.pk}/").content.decode()
    assert "More people supported in their own homes by floating support" in page
    assert "Illustrative" in page
    assert "1,152 on 1 Apr 2004" in page  # the baseline, read from the demo's services
    plan = client.get(f"/partnerships/gloucestershire/strategies/{strategy.pk}/plans/2004/")
    assert "GLOS-0006" in plan.content.decode()


@pytest.mark.django_db
def test_loading_the_demo_twice_creates_no_second_strategy():
    demo_load()
    first = (Strategy.objects.count(), AnnualPlanAction.objects.count())
    report = demo_load()
    assert (Strategy.objects.count(), AnnualPlanAction.objects.count()) == first
    assert report.created.get("strategies", 0) == 0
    assert report.present["strategies"] == 4

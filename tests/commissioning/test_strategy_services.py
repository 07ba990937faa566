"""The strategy's services and measures: progress is read from the register (services and
contracts made by factories), never typed; bad input is refused naming the field, and
nothing is saved or recorded."""

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from accord.audit.models import AuditEvent
from accord.commissioning import measures, services
from accord.commissioning.measures import Filters, Measure, Standing, progress
from accord.commissioning.models import AnnualPlanAction, Strategy, TargetOutcome
from tests import factories

D = datetime.date
# A floating support service, in hours a week (the factory makes sheltered housing).
FLOATING = {"delivery_model": "floating", "service_type": "floating", "capacity_unit": "hours"}


@pytest.fixture
def wychwood(db) -> Any:
    return factories.PartnershipFactory(slug="wychwood", name="Wychwood Supporting People")


@pytest.fixture
def other(db) -> Any:
    return factories.PartnershipFactory(slug="elsewhere", name="Elsewhere Supporting People")


def carried(partnership: Any, kind: str = "strategy", state: str = "carried") -> Any:
    return factories.ProposalFactory(
        deciding_body__partnership=partnership, kind=kind, state=state, decided_on=D(2004, 11, 24)
    )


# ---------------------------------------------------------------- measures, from the data


def test_capacity_counts_the_services_running_that_day_of_the_kind_asked(wychwood):
    provider: Any = factories.ProviderFactory(partnership=wychwood)
    floating = {"provider": provider, **FLOATING}
    factories.ServiceFactory(**floating, capacity=100, start_date=D(2004, 4, 1))
    factories.ServiceFactory(**floating, capacity=50, start_date=D(2006, 4, 1))
    # ended in 2007: counted before, not after
    factories.ServiceFactory(
        **floating, capacity=30, start_date=D(2004, 4, 1), end_date=D(2007, 3, 31),
        status="decommissioned",
    )  # fmt: skip
    factories.ServiceFactory(**floating, capacity=999, start_date=D(2004, 4, 1), status="planned")
    factories.ServiceFactory(  # places in accommodation: another measure
        provider=provider, delivery_model="accommodation", service_type="accommodation",
        capacity_unit="units", capacity=40, start_date=D(2004, 4, 1),
    )  # fmt: skip
    factories.ServiceFactory(  # another partnership's
        **FLOATING, capacity=7000, start_date=D(2004, 4, 1)
    )
    hours = Filters(delivery_model="floating", capacity_unit="hours")
    assert measures.value("capacity", wychwood, D(2005, 1, 1), hours) == 130
    assert measures.value("capacity", wychwood, D(2006, 4, 1), hours) == 180
    assert measures.value("capacity", wychwood, D(2008, 1, 1), hours) == 150
    assert measures.value("capacity", wychwood, D(2003, 1, 1), hours) == 0
    units = Filters(delivery_model="accommodation", capacity_unit="units")
    assert measures.value("capacity", wychwood, D(2008, 1, 1), units) == 40
    assert measures.value("services", wychwood, D(2005, 1, 1), Filters()) == 3
    older = Filters(client_group=1, service_type="floating")
    assert measures.value("services", wychwood, D(2008, 1, 1), older) == 2


def test_capacity_on_a_past_day_is_what_the_services_history_says_it_was(wychwood):
    """Floating support grew (seed 004): a service entered in 2004 with 100 hours, raised
    to 250 in 2006 through the service, counts 100 in 2005 and 250 in 2007."""
    officer: Any = factories.UserFactory()
    provider: Any = factories.ProviderFactory(partnership=wychwood)
    service = services.service_create(
        actor=officer, partnership=wychwood, reference="WYCH-0001",
        provider=provider, name="Floating support",
        service_type="floating", term="long", delivery_model="floating",
        primary_client_group=1, capacity=100, capacity_unit="hours", start_date=D(2004, 4, 1),
        status="planned", changed_on=D(2004, 4, 1),
    )  # fmt: skip
    decision: Any = factories.ProposalFactory(
        deciding_body__partnership=wychwood, kind="commissioning_decision", state="carried"
    )
    services.service_update(
        actor=officer, service=service, status="commissioned", decision=decision,
        changed_on=D(2004, 4, 1),
    )  # fmt: skip
    services.service_update(actor=officer, service=service, capacity=250, changed_on=D(2006, 4, 1))
    hours = Filters(delivery_model="floating", capacity_unit="hours")
    assert measures.value("capacity", wychwood, D(2005, 4, 1), hours) == 100
    assert measures.value("capacity", wychwood, D(2006, 4, 1), hours) == 250
    assert measures.value("capacity", wychwood, D(2003, 4, 1), hours) == 0


def test_contract_value_is_the_years_value_of_contracts_let(wychwood):
    provider: Any = factories.ProviderFactory(partnership=wychwood)
    floating: Any = factories.ServiceFactory(provider=provider, **FLOATING)
    hostel: Any = factories.ServiceFactory(
        provider=provider, delivery_model="accommodation", service_type="accommodation"
    )
    let: Any = factories.ContractFactory(provider=provider, let=True)
    let.services.set([floating])
    other: Any = factories.ContractFactory(provider=provider, let=True)
    other.services.set([hostel])
    planned: Any = factories.ContractFactory(provider=provider, status="planned", decision=None)
    planned.services.set([floating])
    for contract, amount in ((let, "1000.50"), (other, "250.25"), (planned, "99999.00")):
        factories.ContractValueFactory(contract=contract, financial_year=2004, amount=amount)
    factories.ContractValueFactory(contract=let, financial_year=2005, amount="800.00")
    everything = measures.value("contract_value", wychwood, D(2005, 3, 31), Filters())
    assert everything == Decimal("1250.75")  # 2004/05 runs to 31 March 2005
    assert measures.value("contract_value", wychwood, D(2005, 4, 1), Filters()) == Decimal("800")
    floating_only = Filters(delivery_model="floating")
    assert measures.value("contract_value", wychwood, D(2004, 6, 1), floating_only) == Decimal(
        "1000.50"
    )


def test_readings_ask_each_measure_once_whatever_the_number_of_outcomes(
    wychwood, django_assert_num_queries
):
    strategy: Any = factories.StrategyFactory(partnership=wychwood)
    factories.ServiceFactory(**FLOATING, provider__partnership=wychwood, capacity=200)
    outcomes = [
        factories.TargetOutcomeFactory(
            strategy=strategy, measure="capacity", capacity_unit="hours", target_figure=400
        )
        for _ in range(5)
    ] + [factories.TargetOutcomeFactory(strategy=strategy, measure="contract_value")]
    # the services and their history for capacity, once; the contracts' values, once
    with django_assert_num_queries(3):
        found = measures.readings(wychwood, outcomes, D(2006, 10, 1))
    assert [reading.progress.current for reading in found[:5]] == [Decimal(200)] * 5


def test_a_needs_evidence_measure_reads_the_years_public_figures(wychwood):
    """Homelessness acceptances (issue 15 item 4's datasets) as a target: the financial
    year's total of the public datasets that count households, of a client group when
    asked; a dataset for members only never reaches a (public) strategy's figure."""
    public: Any = factories.DatasetFactory(partnership=wychwood, is_public=True)
    private: Any = factories.DatasetFactory(partnership=wychwood, is_public=False)
    share: Any = factories.DatasetFactory(partnership=wychwood, is_public=True, unit="percent")
    for dataset, value in ((public, 120), (private, 5000), (share, 50)):
        factories.FigureFactory(dataset=dataset, financial_year=2005, value=value)
    factories.FigureFactory(dataset=public, financial_year=2005, value=30, client_group=18)
    factories.FigureFactory(dataset=public, financial_year=2006, value=999)
    key = "evidence_homelessness"
    assert key in dict(measures.choices())
    assert measures.value(key, wychwood, D(2006, 3, 31), Filters()) == 150
    assert measures.value(key, wychwood, D(2006, 3, 31), Filters(client_group=18)) == 30
    assert measures.check(key, Filters(delivery_model="floating")) == {
        "delivery_model": measures.REGISTRY[key].label
        + " cannot be narrowed by this: leave it empty"
    }


@pytest.mark.parametrize(
    ("baseline", "target", "current", "on", "percent", "expected", "standing"),
    [
        # growth of floating support from 1,000 to 2,000 hours, April 2004 to April 2008
        (1000, 2000, 1600, D(2006, 4, 1), 60, 50, Standing.ON_TRACK),
        (1000, 2000, 1200, D(2006, 4, 1), 20, 50, Standing.BEHIND),
        (1000, 2000, 2000, D(2006, 4, 1), 100, 50, Standing.ACHIEVED),
        (1000, 2000, 1900, D(2008, 4, 1), 90, 100, Standing.MISSED),
        (1000, 2000, 1000, D(2004, 4, 1), 0, 0, Standing.NOT_STARTED),
        # fewer accommodation-based places: from 800 down to 600
        (800, 600, 700, D(2006, 4, 1), 50, 50, Standing.ON_TRACK),
        (800, 600, 900, D(2006, 4, 1), -50, 50, Standing.BEHIND),
        # hold a figure: met while it holds
        (500, 500, 500, D(2006, 4, 1), None, 50, Standing.ACHIEVED),
    ],
)
def test_progress_is_the_way_come_from_baseline_to_target(
    baseline, target, current, on, percent, expected, standing
):
    made = progress(
        baseline=Decimal(baseline),
        baseline_date=D(2004, 4, 1),
        target=Decimal(target),
        target_date=D(2008, 4, 1),
        current=Decimal(current),
        on=on,
    )
    assert made.percent == (None if percent is None else Decimal(percent))
    assert made.expected == expected
    assert made.standing == standing


def test_a_measure_registered_later_is_offered_and_read(wychwood):
    figures = {D(2005, 4, 1): Decimal(12)}
    measure = Measure(
        key="test_dataset",
        label="A dataset's figure",
        compute=lambda partnership, asked: [figures.get(on, Decimal(0)) for on, _ in asked],
        source="a test",
    )
    measures.register(measure)
    try:
        assert ("test_dataset", "A dataset's figure") in measures.choices()
        strategy: Any = factories.StrategyFactory(partnership=wychwood)
        outcome = services.outcome_create(
            actor=None, strategy=strategy, title="Need met", measure="test_dataset",
            target_figure=24, target_date=D(2008, 4, 1), baseline_date=D(2004, 4, 1),
            baseline_figure=0,
        )  # fmt: skip
        (reading,) = measures.readings(wychwood, [outcome], D(2005, 4, 1))
        assert reading.progress.current == 12
        with pytest.raises(ValueError, match="registered already"):
            measures.register(Measure(key="test_dataset", label="Again", compute=measure.compute))
    finally:
        del measures.REGISTRY["test_dataset"]


# ---------------------------------------------------------------- refusals, naming the field


def refused(call: Any, field: str, words: str) -> None:
    events = AuditEvent.objects.count()
    with pytest.raises(ValidationError) as caught:
        call()
    assert field in caught.value.message_dict, caught.value.message_dict
    assert words in " ".join(caught.value.message_dict[field])
    assert AuditEvent.objects.count() == events


def strategy_of(partnership: Any, **values: Any) -> Any:
    return services.strategy_create(
        actor=None,
        partnership=partnership,
        **{"title": "Strategy 2004-09", "first_year": 2004, "last_year": 2008, **values},
    )


def test_a_strategy_is_adopted_only_by_a_carried_decision_on_a_strategy(wychwood, other):
    adopted = strategy_of(wychwood, status="adopted", decision=carried(wychwood))
    assert adopted.period == "2004-09"
    assert adopted.ends_on == D(2009, 3, 31)
    for decision, words in (
        (None, "Choose the carried decision"),
        (carried(wychwood, kind="policy"), "of another kind"),
        (carried(wychwood, state="disputed"), "was not"),
        (carried(other), "of this partnership"),
    ):
        refused(
            lambda decision=decision: strategy_of(
                wychwood, title="Strategy 2008-11", status="adopted", decision=decision
            ),
            "decision",
            words,
        )
    refused(
        lambda: strategy_of(wychwood, title="Draft", decision=carried(wychwood)),
        "decision",
        "A draft has no adopting decision",
    )
    refused(lambda: strategy_of(wychwood, title="Backwards", first_year=2008, last_year=2004),
            "last_year", "cannot be before")  # fmt: skip
    refused(lambda: strategy_of(wychwood), "title", "already has a strategy")
    assert Strategy.objects.filter(partnership=wychwood).count() == 1


def outcome_values(**values: Any) -> dict[str, Any]:
    return {
        "title": "More floating support",
        "measure": "capacity",
        "capacity_unit": "hours",
        "delivery_model": "floating",
        "target_figure": 1500,
        "target_date": D(2009, 3, 31),
        "baseline_date": D(2004, 4, 1),
        **values,
    }


@pytest.mark.parametrize(
    ("values", "field", "words"),
    [
        ({"target_date": D(2009, 4, 1)}, "target_date", "within the strategy (2004-09"),
        ({"target_date": D(2004, 3, 31)}, "target_date", "within the strategy"),
        ({"baseline_date": D(2009, 3, 31)}, "baseline_date", "before the target date"),
        ({"measure": "happiness"}, "measure", "Choose one of the measures"),
        ({"capacity_unit": ""}, "capacity_unit", "needs this"),
        ({"measure": "services", "capacity_unit": "hours"}, "capacity_unit", "leave it empty"),
        ({"target_figure": Decimal("10.5")}, "target_figure", "whole number"),
        ({"target_figure": -1}, "target_figure", "greater than or equal to 0"),
    ],
)
def test_an_outcome_is_refused_naming_the_field(wychwood, values, field, words):
    strategy = strategy_of(wychwood)
    refused(
        lambda: services.outcome_create(actor=None, strategy=strategy, **outcome_values(**values)),
        field,
        words,
    )
    assert not TargetOutcome.objects.exists()


def test_a_strategy_cannot_shrink_away_from_its_outcomes_and_actions(wychwood):
    strategy = strategy_of(wychwood)
    services.outcome_create(actor=None, strategy=strategy, **outcome_values())
    services.action_create(
        actor=None, strategy=strategy, financial_year=2004, text="Tender", due_date=D(2005, 1, 1)
    )
    refused(
        lambda: services.strategy_update(
            actor=None, strategy=strategy, title="Strategy", first_year=2005, last_year=2007
        ),
        "last_year",
        "target outcome",
    )
    strategy.refresh_from_db()
    assert (strategy.first_year, strategy.last_year) == (2004, 2008)


def test_an_action_links_only_this_partnerships_proposals_services_and_contracts(wychwood, other):
    strategy = strategy_of(wychwood)
    ours: dict[str, Any] = {
        "proposals": [carried(wychwood, kind="commissioning_decision")],
        "services": [factories.ServiceFactory(provider__partnership=wychwood)],
        "contracts": [factories.ContractFactory(provider__partnership=wychwood)],
    }
    theirs: dict[str, Any] = {
        "proposals": [carried(other)],
        "services": [factories.ServiceFactory(provider__partnership=other)],
        "contracts": [factories.ContractFactory(provider__partnership=other)],
    }
    base = {"strategy": strategy, "financial_year": 2005, "text": "Remodel wardens",
            "due_date": D(2006, 3, 31)}  # fmt: skip
    action = services.action_create(actor=None, **base, **ours)
    assert list(action.services.all()) == ours["services"]
    event = AuditEvent.objects.get(action="action.create")
    assert event.changes["proposals"] == [[], [ours["proposals"][0].pk]]
    for name in ("proposals", "services", "contracts"):
        refused(
            lambda name=name: services.action_create(
                actor=None, **base, **{**ours, name: theirs[name]}
            ),
            name,
            "of this partnership",
        )
    refused(lambda: services.action_create(actor=None, **{**base, "financial_year": 2009}),
            "financial_year", "Choose a year of the strategy")  # fmt: skip
    refused(lambda: services.action_create(actor=None, **{**base, "due_date": D(2010, 1, 1)}),
            "due_date", "within the strategy")  # fmt: skip
    assert AnnualPlanAction.objects.count() == 1


def test_an_action_update_records_the_links_it_changes(wychwood):
    strategy = strategy_of(wychwood)
    service: Any = factories.ServiceFactory(provider__partnership=wychwood)
    action = services.action_create(
        actor=None, strategy=strategy, financial_year=2005, text="Remodel",
        due_date=D(2006, 3, 31),
    )  # fmt: skip
    services.action_update(
        actor=None, action=action, financial_year=2005, text="Remodel", due_date=D(2006, 3, 31),
        status="done", services=[service],
    )  # fmt: skip
    event = AuditEvent.objects.get(action="action.update")
    assert event.changes["services"] == [[], [service.pk]]
    assert event.changes["status"] == ["planned", "done"]
    assert list(action.services.all()) == [service]


def test_one_intention_per_client_group(wychwood):
    strategy = strategy_of(wychwood)
    services.intention_create(
        actor=None, strategy=strategy, client_group=18, direction="increase",
        rationale="Teenage parents",
    )  # fmt: skip
    refused(
        lambda: services.intention_create(
            actor=None, strategy=strategy, client_group=18, direction="reduce", rationale="x"
        ),
        "client_group",
        "already has an intention",
    )

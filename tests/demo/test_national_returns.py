"""The national-scale generator's quarterly returns (issue 18): ten years for every service
of every generated partnership, validated, well formed, the same for the same seed, spread
so that the quartiles mean something, and marked illustrative."""

import datetime
import statistics

import pytest

from accord.audit.models import AuditEvent
from accord.commissioning.models import Service
from accord.demo import national
from accord.demo.national_returns import last_quarter, national_returns_load, quarters
from accord.demo.national_services import national_services_load
from accord.partnerships.models import Partnership
from accord.performance import selectors
from accord.performance.figures import blank_columns, figure_problems
from accord.performance.indicators import quartile
from accord.performance.models import FIGURES, QuarterlyReturn, ReturnStatus

TODAY = datetime.date(2026, 12, 7)


@pytest.fixture
def country(db):
    national.national_load(partnerships=1, today=TODAY, years=1)
    national_services_load(seed=0)
    return national_returns_load(seed=0)


def test_ten_years_are_forty_quarters_from_the_directories_first_services():
    periods = quarters()
    assert len(periods) == len(set(periods)) == 40
    assert (str(periods[0]), str(periods[-1])) == ("2003/04 Q1", "2012/13 Q4")
    assert last_quarter() == periods[-1]


def test_every_service_has_a_validated_return_for_each_quarter_it_is_due_one(country):
    assert country["quarterlyreturn"] == QuarterlyReturn.objects.count()
    for partnership in Partnership.objects.filter(slug__startswith="national-"):
        returned = QuarterlyReturn.objects.filter(partnership=partnership)
        got = set(returned.values_list("service_id", "financial_year", "quarter"))
        due = {
            (service.pk, period.year, period.number)
            for period in quarters()
            for service in selectors.services_due(partnership, period)
        }
        assert got == due
        # Every one of the forty quarters has returns: the first services start on the
        # first day of the ten years' first quarter or within days of it.
        assert returned.values("financial_year", "quarter").distinct().count() == 40
    assert set(QuarterlyReturn.objects.values_list("status", flat=True)) == {ReturnStatus.VALIDATED}


def test_the_returns_are_well_formed_and_marked_illustrative(country):
    for row in QuarterlyReturn.objects.select_related("service").order_by("?")[:300]:
        row.full_clean()
        assert figure_problems(row.service, row.figures()) == []
        blank = blank_columns(row.service)
        assert row.illustrative == [name for name in FIGURES if name not in blank]
        assert row.submitted_on > row.period.end
        assert row.validated_on is not None
        assert row.validated_on > row.submitted_on


def test_the_quartiles_of_a_quarter_mean_something(country):
    """Each indicator's values spread across the country's services of a type: the three
    cut points differ, and each quartile holds services."""
    period = last_quarter()
    indicators = selectors.current_indicators(period)
    groups = selectors.comparison_groups(period, indicators)
    for one in indicators:
        values = [v for (code, _), group in groups.items() if code == one.code for v in group]
        assert len(values) > 40, one.code
        lower, median, upper = statistics.quantiles(values, n=4, method="inclusive")
        assert lower < median < upper, one.code
        assert 0.4 < float(median) < 1, one.code  # plausible outturns, none above 100%
        places = {quartile(value, values, polarity=one.polarity) for value in values}
        assert places == {"top", "upper_middle", "lower_middle", "bottom"}, one.code


def test_the_same_seed_gives_the_same_returns_and_another_seed_does_not(country):
    def figures() -> list[tuple[object, ...]]:
        return list(
            QuarterlyReturn.objects.order_by(
                "service__reference", "financial_year", "quarter"
            ).values_list("service__reference", "financial_year", "quarter", *FIGURES)
        )

    first = figures()
    QuarterlyReturn.objects.all().delete()
    national_returns_load(seed=0)
    assert figures() == first
    QuarterlyReturn.objects.all().delete()
    national_returns_load(seed=1)
    assert figures() != first


def test_loading_again_adds_nothing_and_each_partnership_is_audited_once(country):
    assert national_returns_load(seed=0) == {}
    events = AuditEvent.objects.filter(action="demo.national_returns_load")
    assert events.count() == 1  # one a partnership, none a return
    assert not AuditEvent.objects.filter(action__startswith="return.").exists()


def test_a_partnership_without_services_gets_no_returns(db):
    national.national_load(partnerships=1, today=TODAY, years=1)
    assert national_returns_load(seed=0) == {}
    assert not Service.objects.exists()

"""The indicators' judgements, on the exact values: the percentage rounded half up, RAG at
its boundaries, quartiles by statistics.quantiles(method="inclusive") with polarity, and
financial-year quarters. No database."""

import datetime
import statistics
from fractions import Fraction

import pytest

from accord.performance.indicators import (
    CODES,
    direction,
    indicator,
    percentage,
    quartile,
    rag,
    value_of,
)
from accord.performance.periods import PeriodError, Quarter

NINETY = Fraction(90, 100)
FIVE = Fraction(5, 100)


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (Fraction(187, 200), "93.50"),  # the 2009 paper's SPI 2 for 08/09
        (Fraction(1, 3), "33.33"),
        (Fraction(2, 3), "66.67"),
        (Fraction(1, 8), "12.50"),
        (Fraction(1, 800), "0.13"),  # 0.125: half up, not to even
        (Fraction(1, 1600), "0.06"),  # 0.0625
        (Fraction(0), "0.00"),
        (Fraction(1), "100.00"),
        (None, None),
    ],
)
def test_a_value_is_shown_as_a_percentage_with_two_decimals_rounded_half_up(value, shown):
    assert percentage(value) == shown


def test_a_zero_denominator_is_not_applicable_never_a_division_by_zero():
    spi1 = indicator("spi1")
    assert value_of({"unit_days_available": 0, "unit_days_contracted": 0}, spi1) is None
    assert value_of({"unit_days_available": None, "unit_days_contracted": None}, spi1) is None
    assert value_of({"unit_days_available": 9, "unit_days_contracted": 10}, spi1) == Fraction(9, 10)


def test_the_four_indicators_and_their_default_targets_from_the_2009_paper():
    assert CODES == ("spi1", "spi2", "kpi1", "kpi2")
    targets = {code: indicator(code).target for code in CODES}
    assert targets == {
        "spi1": Fraction(9, 10),
        "spi2": Fraction(9, 10),
        "kpi1": Fraction(9, 10),
        "kpi2": Fraction(3, 4),
    }


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (Fraction(90, 100), "green"),  # at the target
        (Fraction(1, 1), "green"),
        (Fraction(8999, 10000), "amber"),  # just below
        (Fraction(85, 100), "amber"),  # 5 points below: amber, inclusive
        (Fraction(8499, 10000), "red"),  # just beyond the band
        (Fraction(0), "red"),
        (None, None),
    ],
)
def test_rag_at_its_boundaries(value, expected):
    assert rag(value, target=NINETY, band=FIVE) == expected


def test_rag_is_judged_on_the_exact_value_not_the_rounded_one():
    # 89.996% shows as "90.00" but is below the 90% target.
    value = Fraction(89996, 100000)
    assert percentage(value) == "90.00"
    assert rag(value, target=NINETY, band=FIVE) == "amber"
    # 84.996% shows as "85.00" but is more than 5 points below.
    below = Fraction(84996, 100000)
    assert percentage(below) == "85.00"
    assert rag(below, target=NINETY, band=FIVE) == "red"


def test_rag_reversed_where_lower_is_better():
    target = Fraction(10, 100)
    assert rag(Fraction(10, 100), target=target, band=FIVE, polarity="lower") == "green"
    assert rag(Fraction(15, 100), target=target, band=FIVE, polarity="lower") == "amber"
    assert rag(Fraction(1501, 10000), target=target, band=FIVE, polarity="lower") == "red"


# The nine values of commissioning-reference.md §4 (the 2009 paper's KPI figures and others),
# whose inclusive quartiles are 73 / 80 / 88.
NINE = [Fraction(v) for v in ("61", "70.68", "73", "75.58", "80", "85", "88", "90", "93.5")]


def test_the_quartiles_are_the_inclusive_methods_cut_points():
    assert statistics.quantiles(NINE, n=4, method="inclusive") == [73, 80, 88]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (Fraction("93.5"), "top"),
        (Fraction(88), "top"),  # at the upper quartile
        (Fraction(85), "upper_middle"),
        (Fraction(80), "upper_middle"),  # at the median
        (Fraction("75.58"), "lower_middle"),
        (Fraction(73), "lower_middle"),  # at the lower quartile
        (Fraction("70.68"), "bottom"),
        (Fraction(61), "bottom"),
        (None, None),
    ],
)
def test_a_values_quartile_at_and_between_the_cut_points(value, expected):
    assert quartile(value, NINE) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (Fraction(61), "top"),
        (Fraction(73), "top"),  # at the lower quartile: best where lower is better
        (Fraction("75.58"), "upper_middle"),
        (Fraction(80), "upper_middle"),
        (Fraction(85), "lower_middle"),
        (Fraction(88), "lower_middle"),
        (Fraction(90), "bottom"),
    ],
)
def test_quartiles_reversed_where_lower_is_better(value, expected):
    assert quartile(value, NINE, polarity="lower") == expected


def test_fewer_than_four_values_are_too_few_to_compare():
    three = [Fraction(1, 2), Fraction(3, 4), Fraction(1)]
    assert quartile(Fraction(1), three) == "too_few"
    assert quartile(Fraction(1), [*three, Fraction(0)]) == "top"


def test_quartiles_are_cut_on_exact_fractions_not_rounded_percentages():
    # 1/3, 2/3 and their neighbours: the median of four is (1/3 + 2/3) / 2 = 1/2 exactly.
    values = [Fraction(0), Fraction(1, 3), Fraction(2, 3), Fraction(1)]
    assert statistics.quantiles(values, n=4, method="inclusive")[1] == Fraction(1, 2)
    assert quartile(Fraction(1, 3), values) == "lower_middle"  # 1/3 >= 1/4, the lower cut
    assert quartile(Fraction(2, 3), values) == "upper_middle"  # 2/3 < 3/4, the upper cut


def test_direction_of_travel_by_polarity():
    assert direction(Fraction(1, 2), Fraction(3, 4)) == "improving"
    assert direction(Fraction(1, 2), Fraction(3, 4), polarity="lower") == "worsening"
    assert direction(Fraction(1, 2), Fraction(1, 2)) == "no change"
    assert direction(None, Fraction(1, 2)) is None


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("2009/10 Q1", datetime.date(2009, 4, 1), datetime.date(2009, 6, 30)),
        ("2009/10 Q2", datetime.date(2009, 7, 1), datetime.date(2009, 9, 30)),
        ("2009/10 Q3", datetime.date(2009, 10, 1), datetime.date(2009, 12, 31)),
        ("2009/10 Q4", datetime.date(2010, 1, 1), datetime.date(2010, 3, 31)),
        ("1999/00 Q4", datetime.date(2000, 1, 1), datetime.date(2000, 3, 31)),
    ],
)
def test_a_financial_year_quarter_is_written_as_people_write_it(text, start, end):
    period = Quarter.parse(text)
    assert (period.start, period.end, str(period)) == (start, end, text)
    assert Quarter.of(start) == Quarter.of(end) == period


@pytest.mark.parametrize(
    "text", ["2009/11 Q2", "2009-10 Q2", "2009/10 Q5", "2009/10 q2", "2009/10Q2", "Q2 2009/10", ""]
)
def test_a_malformed_period_is_refused(text):
    with pytest.raises(PeriodError):
        Quarter.parse(text)


def test_a_quarter_has_ended_only_after_its_last_day():
    period = Quarter.parse("2009/10 Q2")
    assert not period.ended(datetime.date(2009, 9, 30))
    assert period.ended(datetime.date(2009, 10, 1))
    assert period.previous() == Quarter.parse("2009/10 Q1")
    assert Quarter.parse("2009/10 Q4").following() == Quarter.parse("2010/11 Q1")

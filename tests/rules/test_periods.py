"""Counting working days: day 0 is the start, weekends are never working days, and the
closed days are whatever the caller passes (no calendar, no database)."""

import datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from accord.rules.periods import is_working_day, working_days_after, working_days_between

D = datetime.date
# England and Wales bank holidays over Christmas 2008 (Thursday and Friday, then Thursday).
CHRISTMAS_2008 = frozenset({D(2008, 12, 25), D(2008, 12, 26), D(2009, 1, 1)})
# Easter 2011: Good Friday 22 April, Easter Monday 25 April, the royal wedding on Friday
# 29 April, the early May bank holiday on Monday 2 May.
EASTER_2011 = frozenset({D(2011, 4, 22), D(2011, 4, 25), D(2011, 4, 29), D(2011, 5, 2)})


@pytest.mark.parametrize(
    ("start", "days", "closed", "expected"),
    [
        # N=0 is the start itself: a Friday, a Saturday, a closed Christmas Day
        (D(2010, 2, 5), 0, frozenset(), D(2010, 2, 5)),
        (D(2010, 2, 6), 0, frozenset(), D(2010, 2, 6)),
        (D(2008, 12, 25), 0, CHRISTMAS_2008, D(2008, 12, 25)),
        # a Friday and one working day: the Monday
        (D(2010, 2, 5), 1, frozenset(), D(2010, 2, 8)),
        # a Saturday is day 0 too: its first working day after is the Monday
        (D(2010, 2, 6), 1, frozenset(), D(2010, 2, 8)),
        # Oxfordshire's five-day call-in from Friday 5 February 2010: the next Friday
        (D(2010, 2, 5), 5, frozenset(), D(2010, 2, 12)),
        # from a Wednesday, five working days over a weekend: the next Wednesday
        (D(2010, 2, 10), 5, frozenset(), D(2010, 2, 17)),
        # ten working days from Thursday 18 December 2008, weekends only: New Year's Day
        (D(2008, 12, 18), 10, frozenset(), D(2009, 1, 1)),
        # the same with Christmas Day, Boxing Day and New Year's Day closed: 6 January
        (D(2008, 12, 18), 10, CHRISTMAS_2008, D(2009, 1, 6)),
        # Maundy Thursday 2011 and five working days: Good Friday, Easter Monday, the
        # royal wedding and the May bank holiday all passed over, so Wednesday 4 May
        (D(2011, 4, 21), 5, EASTER_2011, D(2011, 5, 4)),
        # a closed day given as a plain list counts the same
        (D(2011, 4, 21), 1, [D(2011, 4, 22), D(2011, 4, 25)], D(2011, 4, 26)),
    ],
)
def test_working_days_after_counts_from_day_0(start, days, closed, expected):
    assert working_days_after(start, days, closed=closed) == expected


@pytest.mark.parametrize(
    ("first", "second", "closed", "expected"),
    [
        # equal dates: none after the first up to the second, working day or not
        (D(2010, 2, 5), D(2010, 2, 5), frozenset(), 0),
        (D(2010, 2, 6), D(2010, 2, 6), frozenset(), 0),
        # Friday to the next Friday: five (the first is not counted, the second is)
        (D(2010, 2, 5), D(2010, 2, 12), frozenset(), 5),
        # Friday to Sunday: the weekend holds no working day
        (D(2010, 2, 5), D(2010, 2, 7), frozenset(), 0),
        # Saturday to Monday: one
        (D(2010, 2, 6), D(2010, 2, 8), frozenset(), 1),
        # Christmas 2008 to Epiphany, with the bank holidays closed: ten, as above
        (D(2008, 12, 18), D(2009, 1, 6), CHRISTMAS_2008, 10),
        # Maundy Thursday to Easter Monday 2011: both days after it are closed or weekend
        (D(2011, 4, 21), D(2011, 4, 25), EASTER_2011, 0),
    ],
)
def test_working_days_between_counts_after_the_first_up_to_the_second(
    first, second, closed, expected
):
    assert working_days_between(first, second, closed=closed) == expected


@pytest.mark.parametrize(
    ("day", "closed", "expected"),
    [
        (D(2010, 2, 5), frozenset(), True),  # a Friday
        (D(2010, 2, 6), frozenset(), False),  # a Saturday
        (D(2010, 2, 7), frozenset(), False),  # a Sunday
        (D(2008, 12, 25), CHRISTMAS_2008, False),  # Christmas Day, a Thursday, closed
        (D(2008, 12, 25), frozenset(), True),  # the same Thursday when nothing is closed
        (D(2010, 2, 6), {D(2010, 2, 6)}, False),  # a weekend closed as well stays closed
    ],
)
def test_a_working_day_is_a_weekday_that_is_not_closed(day, closed, expected):
    assert is_working_day(day, closed=closed) is expected


def test_a_negative_number_of_working_days_is_an_error():
    with pytest.raises(ValueError, match="cannot be negative"):
        working_days_after(D(2010, 2, 5), -1)


def test_between_a_date_and_an_earlier_one_is_an_error():
    with pytest.raises(ValueError, match="cannot be before the first"):
        working_days_between(D(2010, 2, 5), D(2010, 2, 4))


@settings(max_examples=200, deadline=None, derandomize=True, database=None)
@given(
    start=st.dates(min_value=D(2008, 12, 1), max_value=D(2011, 5, 31)),
    days=st.integers(min_value=0, max_value=40),
    closed=st.sampled_from([frozenset(), CHRISTMAS_2008, EASTER_2011]),
)
def test_between_undoes_after(start, days, closed):
    end = working_days_after(start, days, closed=closed)
    assert working_days_between(start, end, closed=closed) == days
    # the end is a working day unless it is day 0
    assert days == 0 or is_working_day(end, closed=closed)

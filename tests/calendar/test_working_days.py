"""The installation's calendar: working-day arithmetic over real bank holidays, closure
days counted only when asked, and cheap to ask (one query, each year computed once)."""

import datetime

import pytest

from accord.calendar import working_days
from accord.calendar.services import closure_day_add
from accord.calendar.working_days import WorkingDays, bank_holidays

D = datetime.date


@pytest.mark.parametrize(
    ("start", "days", "expected"),
    [
        # a 10-working-day call-in from Thursday 18 December 2008: Christmas Day, Boxing
        # Day and New Year's Day pass over, so Tuesday 6 January 2009 (weekdays: 1 January)
        (D(2008, 12, 18), 10, D(2009, 1, 6)),
        # Maundy Thursday 2011 and ten: Good Friday, Easter Monday, the royal wedding
        # (Friday 29 April) and the early May bank holiday pass over: Wednesday 11 May
        (D(2011, 4, 21), 10, D(2011, 5, 11)),
        # Wednesday 1 June 2022 and one: the moved spring bank holiday (Thursday) and the
        # Platinum Jubilee (Friday) pass over: Monday 6 June
        (D(2022, 6, 1), 1, D(2022, 6, 6)),
        # Friday 16 September 2022 and one: the State Funeral on Monday 19th: Tuesday 20th
        (D(2022, 9, 16), 1, D(2022, 9, 20)),
        # Christmas 2021 on a Saturday: Friday 24 December and one is Wednesday 29th
        (D(2021, 12, 24), 1, D(2021, 12, 29)),
        # N=0 is the start itself, even on a bank holiday or a weekend
        (D(2008, 12, 25), 0, D(2008, 12, 25)),
        (D(2008, 12, 27), 0, D(2008, 12, 27)),
        # a bank holiday as day 0: Christmas Day 2008 and one is Monday 29 December
        (D(2008, 12, 25), 1, D(2008, 12, 29)),
    ],
)
def test_after_passes_over_weekends_and_bank_holidays(start, days, expected):
    assert WorkingDays(with_closures=False).after(start, days) == expected


@pytest.mark.parametrize(
    ("first", "second", "expected"),
    [
        # equal dates: none, whether a working day, a bank holiday or a weekend
        (D(2010, 2, 5), D(2010, 2, 5), 0),
        (D(2008, 12, 25), D(2008, 12, 25), 0),
        (D(2008, 12, 27), D(2008, 12, 27), 0),
        # the Christmas call-in above, counted back
        (D(2008, 12, 18), D(2009, 1, 6), 10),
        # Christmas Eve 2008 to New Year's Eve: 29, 30 and 31 December
        (D(2008, 12, 24), D(2008, 12, 31), 3),
        # Good Friday to Easter Monday 2011: none
        (D(2011, 4, 22), D(2011, 4, 25), 0),
        # a whole year, 2009: 261 weekdays after 31 December 2008, less 8 bank holidays
        (D(2008, 12, 31), D(2009, 12, 31), 253),
    ],
)
def test_between_counts_the_working_days_after_the_first_up_to_the_second(first, second, expected):
    assert WorkingDays(with_closures=False).between(first, second) == expected


def test_the_second_date_before_the_first_is_an_error():
    with pytest.raises(ValueError, match="before the first"):
        WorkingDays(with_closures=False).between(D(2009, 1, 6), D(2008, 12, 18))


def test_a_negative_number_of_days_is_an_error():
    with pytest.raises(ValueError, match="negative"):
        WorkingDays(with_closures=False).after(D(2008, 12, 18), -1)


@pytest.fixture
def christmas_closure(db):
    """The offices closed between Christmas and New Year 2008."""
    for day in (29, 30, 31):
        closure_day_add(actor=None, date=D(2008, 12, day), reason="Christmas closure")


def test_closure_days_are_not_working_days_only_when_asked(christmas_closure):
    # with closures: 19, 22, 23, 24 December, then 2, 5, 6, 7, 8, 9 January
    assert WorkingDays(with_closures=True).after(D(2008, 12, 18), 10) == D(2009, 1, 9)
    assert WorkingDays(with_closures=True).between(D(2008, 12, 18), D(2009, 1, 9)) == 10
    assert not WorkingDays(with_closures=True).is_working_day(D(2008, 12, 30))
    # bank holidays only: the closure days are working days
    assert WorkingDays(with_closures=False).after(D(2008, 12, 18), 10) == D(2009, 1, 6)
    assert WorkingDays(with_closures=False).is_working_day(D(2008, 12, 30))


def test_closure_days_are_read_once_per_calendar(christmas_closure, django_assert_num_queries):
    with django_assert_num_queries(1):
        calendar = WorkingDays(with_closures=True)
        calendar.after(D(2008, 12, 18), 10)
        calendar.after(D(2011, 4, 21), 10)
        calendar.between(D(2004, 1, 1), D(2027, 12, 31))


def test_bank_holidays_alone_need_no_query(db, django_assert_num_queries):
    with django_assert_num_queries(0):
        WorkingDays(with_closures=False).after(D(2008, 12, 18), 10)


def test_the_bank_holidays_of_a_year_are_computed_once_per_process(monkeypatch):
    calls: list[int] = []
    library = working_days.holidays.country_holidays

    def counted(*args, **kwargs):
        calls.append(kwargs["years"])
        return library(*args, **kwargs)

    monkeypatch.setattr(working_days.holidays, "country_holidays", counted)
    bank_holidays.cache_clear()
    try:
        calendar = WorkingDays(with_closures=False)
        for _ in range(3):
            calendar.after(D(2008, 12, 18), 10)
            WorkingDays(with_closures=False).between(D(2008, 12, 1), D(2009, 1, 31))
        assert sorted(calls) == [2008, 2009]
    finally:
        bank_holidays.cache_clear()

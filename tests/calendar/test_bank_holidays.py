"""The installation's bank holidays are England and Wales's, as published, year by year.

The table below is written by hand from the published announcements (the UK government's
lists of bank holidays for England and Wales, and the royal proclamations of the extra
and moved days), not generated from the library under test. Substitute days are the
weekdays that stand in for a holiday falling at a weekend; the weekend day itself is not
listed, as the published lists do not list it (a weekend is never a working day).
"""

import datetime
from collections import defaultdict

import pytest

from accord.calendar.working_days import WorkingDays, bank_holidays

D = datetime.date

ENGLAND_AND_WALES = [
    # 2004: Christmas Day on a Saturday, Boxing Day on a Sunday: substitutes 27 and 28 Dec
    D(2004, 1, 1), D(2004, 4, 9), D(2004, 4, 12), D(2004, 5, 3), D(2004, 5, 31),
    D(2004, 8, 30), D(2004, 12, 27), D(2004, 12, 28),
    # 2005: New Year's Day on a Saturday: substitute Monday 3 January; Christmas Day on a
    # Sunday: Boxing Day on the Monday, Christmas's substitute on Tuesday 27 December
    D(2005, 1, 3), D(2005, 3, 25), D(2005, 3, 28), D(2005, 5, 2), D(2005, 5, 30),
    D(2005, 8, 29), D(2005, 12, 26), D(2005, 12, 27),
    # 2006: New Year's Day on a Sunday: substitute Monday 2 January
    D(2006, 1, 2), D(2006, 4, 14), D(2006, 4, 17), D(2006, 5, 1), D(2006, 5, 29),
    D(2006, 8, 28), D(2006, 12, 25), D(2006, 12, 26),
    # 2007
    D(2007, 1, 1), D(2007, 4, 6), D(2007, 4, 9), D(2007, 5, 7), D(2007, 5, 28),
    D(2007, 8, 27), D(2007, 12, 25), D(2007, 12, 26),
    # 2008
    D(2008, 1, 1), D(2008, 3, 21), D(2008, 3, 24), D(2008, 5, 5), D(2008, 5, 26),
    D(2008, 8, 25), D(2008, 12, 25), D(2008, 12, 26),
    # 2009: Boxing Day on a Saturday: substitute Monday 28 December
    D(2009, 1, 1), D(2009, 4, 10), D(2009, 4, 13), D(2009, 5, 4), D(2009, 5, 25),
    D(2009, 8, 31), D(2009, 12, 25), D(2009, 12, 28),
    # 2010: Christmas Day on a Saturday, Boxing Day on a Sunday: 27 and 28 December
    D(2010, 1, 1), D(2010, 4, 2), D(2010, 4, 5), D(2010, 5, 3), D(2010, 5, 31),
    D(2010, 8, 30), D(2010, 12, 27), D(2010, 12, 28),
    # 2011: New Year's Day on a Saturday: substitute Monday 3 January; Christmas Day on a
    # Sunday: substitute Tuesday 27 December
    D(2011, 1, 3), D(2011, 4, 22), D(2011, 4, 25),
    D(2011, 4, 29),  # the wedding of Prince William and Catherine Middleton (extra)
    D(2011, 5, 2), D(2011, 5, 30), D(2011, 8, 29), D(2011, 12, 26), D(2011, 12, 27),
    # 2012: New Year's Day on a Sunday: substitute Monday 2 January
    D(2012, 1, 2), D(2012, 4, 6), D(2012, 4, 9), D(2012, 5, 7),
    D(2012, 6, 4),  # the spring bank holiday, moved from Monday 28 May for the Jubilee
    D(2012, 6, 5),  # the Diamond Jubilee of Queen Elizabeth II (extra)
    D(2012, 8, 27), D(2012, 12, 25), D(2012, 12, 26),
    # 2013
    D(2013, 1, 1), D(2013, 3, 29), D(2013, 4, 1), D(2013, 5, 6), D(2013, 5, 27),
    D(2013, 8, 26), D(2013, 12, 25), D(2013, 12, 26),
    # 2014
    D(2014, 1, 1), D(2014, 4, 18), D(2014, 4, 21), D(2014, 5, 5), D(2014, 5, 26),
    D(2014, 8, 25), D(2014, 12, 25), D(2014, 12, 26),
    # 2015: Boxing Day on a Saturday: substitute Monday 28 December
    D(2015, 1, 1), D(2015, 4, 3), D(2015, 4, 6), D(2015, 5, 4), D(2015, 5, 25),
    D(2015, 8, 31), D(2015, 12, 25), D(2015, 12, 28),
    # 2016: Christmas Day on a Sunday: substitute Tuesday 27 December
    D(2016, 1, 1), D(2016, 3, 25), D(2016, 3, 28), D(2016, 5, 2), D(2016, 5, 30),
    D(2016, 8, 29), D(2016, 12, 26), D(2016, 12, 27),
    # 2017: New Year's Day on a Sunday: substitute Monday 2 January
    D(2017, 1, 2), D(2017, 4, 14), D(2017, 4, 17), D(2017, 5, 1), D(2017, 5, 29),
    D(2017, 8, 28), D(2017, 12, 25), D(2017, 12, 26),
    # 2018
    D(2018, 1, 1), D(2018, 3, 30), D(2018, 4, 2), D(2018, 5, 7), D(2018, 5, 28),
    D(2018, 8, 27), D(2018, 12, 25), D(2018, 12, 26),
    # 2019
    D(2019, 1, 1), D(2019, 4, 19), D(2019, 4, 22), D(2019, 5, 6), D(2019, 5, 27),
    D(2019, 8, 26), D(2019, 12, 25), D(2019, 12, 26),
    # 2020: Boxing Day on a Saturday: substitute Monday 28 December
    D(2020, 1, 1), D(2020, 4, 10), D(2020, 4, 13),
    D(2020, 5, 8),  # the early May bank holiday, moved from Monday 4 May to VE Day's 75th
    D(2020, 5, 25), D(2020, 8, 31), D(2020, 12, 25), D(2020, 12, 28),
    # 2021: Christmas Day on a Saturday, Boxing Day on a Sunday: 27 and 28 December
    D(2021, 1, 1), D(2021, 4, 2), D(2021, 4, 5), D(2021, 5, 3), D(2021, 5, 31),
    D(2021, 8, 30), D(2021, 12, 27), D(2021, 12, 28),
    # 2022: New Year's Day on a Saturday: substitute Monday 3 January; Christmas Day on a
    # Sunday: substitute Tuesday 27 December
    D(2022, 1, 3), D(2022, 4, 15), D(2022, 4, 18), D(2022, 5, 2),
    D(2022, 6, 2),  # the spring bank holiday, moved from Monday 30 May for the Jubilee
    D(2022, 6, 3),  # the Platinum Jubilee of Queen Elizabeth II (extra)
    D(2022, 8, 29),
    D(2022, 9, 19),  # the State Funeral of Queen Elizabeth II (extra)
    D(2022, 12, 26), D(2022, 12, 27),
    # 2023: New Year's Day on a Sunday: substitute Monday 2 January
    D(2023, 1, 2), D(2023, 4, 7), D(2023, 4, 10), D(2023, 5, 1),
    D(2023, 5, 8),  # the coronation of King Charles III (extra)
    D(2023, 5, 29), D(2023, 8, 28), D(2023, 12, 25), D(2023, 12, 26),
    # 2024
    D(2024, 1, 1), D(2024, 3, 29), D(2024, 4, 1), D(2024, 5, 6), D(2024, 5, 27),
    D(2024, 8, 26), D(2024, 12, 25), D(2024, 12, 26),
    # 2025
    D(2025, 1, 1), D(2025, 4, 18), D(2025, 4, 21), D(2025, 5, 5), D(2025, 5, 26),
    D(2025, 8, 25), D(2025, 12, 25), D(2025, 12, 26),
    # 2026: Boxing Day on a Saturday: substitute Monday 28 December
    D(2026, 1, 1), D(2026, 4, 3), D(2026, 4, 6), D(2026, 5, 4), D(2026, 5, 25),
    D(2026, 8, 31), D(2026, 12, 25), D(2026, 12, 28),
    # 2027: Christmas Day on a Saturday, Boxing Day on a Sunday: 27 and 28 December
    D(2027, 1, 1), D(2027, 3, 26), D(2027, 3, 29), D(2027, 5, 3), D(2027, 5, 31),
    D(2027, 8, 30), D(2027, 12, 27), D(2027, 12, 28),
]  # fmt: skip

BY_YEAR: dict[int, set[datetime.date]] = defaultdict(set)
for day in ENGLAND_AND_WALES:
    BY_YEAR[day.year].add(day)
YEARS = range(2004, 2028)


def test_the_table_itself_lists_weekdays_only_and_every_year_from_2004_to_2027():
    assert sorted(BY_YEAR) == list(YEARS)
    assert [day for day in ENGLAND_AND_WALES if day.weekday() >= 5] == []
    assert len(set(ENGLAND_AND_WALES)) == len(ENGLAND_AND_WALES)


@pytest.mark.parametrize("year", YEARS)
def test_the_bank_holidays_are_england_and_waless_as_published(year):
    assert bank_holidays(year) == BY_YEAR[year]


def test_a_bank_holiday_is_not_a_working_day():
    calendar = WorkingDays(with_closures=False)
    assert [day for day in ENGLAND_AND_WALES if calendar.is_working_day(day)] == []


def test_the_days_that_only_scotland_or_northern_ireland_have_are_working_days():
    calendar = WorkingDays(with_closures=False)
    assert calendar.is_working_day(D(2024, 1, 2))  # 2 January, Scotland
    assert calendar.is_working_day(D(2024, 8, 5))  # the first Monday of August, Scotland
    assert calendar.is_working_day(D(2024, 3, 18))  # St Patrick's Day (observed), N. Ireland
    assert calendar.is_working_day(D(2024, 7, 12))  # Battle of the Boyne, Northern Ireland

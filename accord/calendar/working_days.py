"""The installation's working days: England and Wales.

A working day is a Monday to Friday that is not a bank holiday of England and Wales and,
for periods counted with closures, not one of the administrator's closure days. The
counting itself is the rule engine's (accord.rules.periods, whose conventions apply: day
0 is the start); this module says which days are closed. docs/working-days.md maps each
period (call-in, complaints, procurement standstill) onto it.
"""

import datetime
import functools

import holidays

from accord.rules.periods import is_working_day, working_days_after, working_days_between
from accord.rules.procurement import ENGLAND_AND_WALES, UNITED_KINGDOM

from .selectors import closure_dates


@functools.cache
def bank_holidays(year: int) -> frozenset[datetime.date]:
    """The bank holidays of England and Wales in a year that fall on a weekday, substitute
    days included (e.g. Monday 27 December 2021 for Christmas Day on a Saturday).

    From the holidays package, offline. subdiv="ENG" is required: without it, holidays
    gives only the days common to the whole United Kingdom, which lack Easter Monday and
    the summer bank holiday. Wales has the same days as England. Computed once a year per
    process.
    """
    england = holidays.country_holidays("GB", subdiv="ENG", years=year)
    return frozenset(day for day in england if day.year == year and day.weekday() < 5)


@functools.cache
def united_kingdom_bank_holidays(year: int) -> frozenset[datetime.date]:
    """The weekday bank holidays of any part of the United Kingdom in a year: England and
    Wales's, Scotland's (2 January, the August bank holiday, St Andrew's Day) and Northern
    Ireland's (St Patrick's Day, 12 July), each from the holidays package with its subdiv.
    For a period whose working days exclude a bank holiday anywhere in the kingdom
    (accord.rules.procurement says which)."""
    days: set[datetime.date] = set(bank_holidays(year))
    for subdiv in ("SCT", "NIR"):
        part = holidays.country_holidays("GB", subdiv=subdiv, years=year)
        days.update(day for day in part if day.year == year and day.weekday() < 5)
    return frozenset(days)


HOLIDAYS = {ENGLAND_AND_WALES: bank_holidays, UNITED_KINGDOM: united_kingdom_bank_holidays}


class ClosedDays:
    """The rule engine's ``closed``: bank holidays, looked up by year as a date asks for
    one, and the closure days, read from the database at most once, when first needed."""

    def __init__(self, *, with_closures: bool, holidays: str = ENGLAND_AND_WALES) -> None:
        self.with_closures = with_closures
        self.bank_holidays = HOLIDAYS[holidays]
        self._closures: frozenset[datetime.date] | None = None

    def __contains__(self, day: object) -> bool:
        if not isinstance(day, datetime.date):
            return False
        if day in self.bank_holidays(day.year):
            return True
        if not self.with_closures:
            return False
        if self._closures is None:
            self._closures = closure_dates()
        return day in self._closures


class WorkingDays:
    """The calendar: ``WorkingDays(with_closures=True).after(decided_on, 10)``.

    ``with_closures`` says whether the administrator's closure days are closed too: yes
    for the council's own periods (call-in, complaints), no for statutory ones
    (procurement standstill). The closure days are read once per object, so a page or a
    command makes one and asks it as often as it likes. ``holidays`` says whose bank
    holidays close a day: England and Wales's (the default), or the United Kingdom's (any
    part of it), as a regime's standstill says (``accord.rules.procurement``).
    """

    def __init__(self, *, with_closures: bool, holidays: str = ENGLAND_AND_WALES) -> None:
        self.with_closures = with_closures
        self.closed = ClosedDays(with_closures=with_closures, holidays=holidays)

    def after(self, start: datetime.date, days: int) -> datetime.date:
        """The date ``days`` working days after ``start``; ``start`` is day 0."""
        return working_days_after(start, days, closed=self.closed)

    def between(self, first: datetime.date, second: datetime.date) -> int:
        """The working days after ``first``, up to and including ``second``."""
        return working_days_between(first, second, closed=self.closed)

    def clear_days(self, first: datetime.date, second: datetime.date) -> int:
        """The clear days between two dates: the working days after ``first`` and before
        ``second``, neither counted (an agenda published on ``first`` for a meeting on
        ``second``; docs/working-days.md says why weekends and bank holidays do not count)."""
        if second <= first:
            return 0
        return working_days_between(first, second - datetime.timedelta(days=1), closed=self.closed)

    def is_working_day(self, day: datetime.date) -> bool:
        return is_working_day(day, closed=self.closed)

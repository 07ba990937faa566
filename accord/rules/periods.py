"""Periods counted in working days: call-in, complaint stages, procurement standstill.

A working day is a Monday to Friday that is not closed. Which days are closed (bank
holidays, a council's closure days) is the caller's to say, as ``closed``: the engine has
no calendar of its own (accord.calendar is the installation's). The conventions:

- ``working_days_after(day, n)``: the date n working days after ``day``. ``day`` itself
  is day 0, working day or not; day 1 is the first working day after it; n=0 gives ``day``.
- ``working_days_between(first, second)``: how many working days there are after
  ``first``, up to and including ``second``. So ``working_days_between(day,
  working_days_after(day, n)) == n`` for every day and n.
"""

import datetime
from collections.abc import Container

ONE_DAY = datetime.timedelta(days=1)
NO_CLOSED_DAYS: frozenset[datetime.date] = frozenset()


def is_working_day(
    day: datetime.date, *, closed: Container[datetime.date] = NO_CLOSED_DAYS
) -> bool:
    """Monday to Friday, and not closed. A weekend is never a working day."""
    return day.weekday() < 5 and day not in closed


def working_days_after(
    start: datetime.date, days: int, *, closed: Container[datetime.date] = NO_CLOSED_DAYS
) -> datetime.date:
    """The date ``days`` working days after ``start`` (day 0, whatever day it is)."""
    if days < 0:
        raise ValueError("the number of working days cannot be negative")
    day = start
    remaining = days
    while remaining:
        day += ONE_DAY
        if is_working_day(day, closed=closed):
            remaining -= 1
    return day


def working_days_between(
    first: datetime.date,
    second: datetime.date,
    *,
    closed: Container[datetime.date] = NO_CLOSED_DAYS,
) -> int:
    """The working days after ``first``, up to and including ``second``."""
    if second < first:
        raise ValueError("the second date cannot be before the first")
    count = 0
    day = first
    while day < second:
        day += ONE_DAY
        if is_working_day(day, closed=closed):
            count += 1
    return count

"""Periods counted in working days (the call-in period before a decision takes effect)."""

import datetime


def working_days_after(start: datetime.date, days: int) -> datetime.date:
    """The date ``days`` working days (Monday to Friday) after ``start``.

    Bank holidays are not counted out: the constitution's call-in period is stated in
    working days, and a partnership whose period spans a holiday sees one day less.
    """
    if days < 0:
        raise ValueError("days cannot be negative")
    date = start
    remaining = days
    while remaining:
        date += datetime.timedelta(days=1)
        if date.weekday() < 5:
            remaining -= 1
    return date

"""Dates a record can plausibly carry (issue 13, defect 7): from 1 January 1990, before any
partnership Accord serves was formed (Supporting People began in 2003), to 31 December
2100. A date outside is a slip of the keyboard ("2o10", "0210", "20100"), and one the
database or a calendar may not even hold: the forms (``accord.partnerships.fields``), the
API schemas (``accord.core.schemas.PlausibleDate``) and the models refuse it alike, naming
the field.
"""

import datetime

from django.core.exceptions import ValidationError

EARLIEST = datetime.date(1990, 1, 1)
LATEST = datetime.date(2100, 12, 31)
RANGE_IN_WORDS = "between 1 January 1990 and 31 December 2100"


def date_problem(value: datetime.date) -> str | None:
    """What is wrong with the date, to follow its name ("Date must be ..."), or None."""
    if not EARLIEST <= value <= LATEST:
        return f"must be {RANGE_IN_WORDS}"
    return None


def validate_plausible_date(value: object) -> None:
    """A model or form field's validator: refuses a date outside the plausible range."""
    if isinstance(value, datetime.date):
        problem = date_problem(value)
        if problem:
            raise ValidationError(f"The date {problem}", code="implausible_date")

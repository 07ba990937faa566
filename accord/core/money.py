"""Money and financial years: exact, in one place (non-negotiable 10).

Amounts are ``Decimal`` pounds with two places, stored in a ``MoneyField`` (a DecimalField:
exact on SQLite and PostgreSQL alike), written as strings in our API and as numbers only
where an open standard says so (OCDS). A financial year runs from 1 April to 31 March and
is named by the calendar year it starts in: 2004 is "2004/05".
"""

import datetime
from decimal import Decimal
from typing import Any

from django.core.validators import MinValueValidator
from django.db import models

# The largest amount a MoneyField holds: 12 digits of pounds (under a trillion), far above
# any programme's budget and far below what would overflow a sum of many rows.
MONEY_DIGITS = 14
MONEY_PLACES = 2
MONEY_MAX = Decimal("999999999999.99")
ZERO = Decimal("0.00")

# The financial years a person may enter: the Supporting People programme began in
# 2003/04; a plan may look decades ahead.
FIRST_FINANCIAL_YEAR = 1990
LAST_FINANCIAL_YEAR = 2099


class MoneyField(models.DecimalField):
    """An amount in pounds and pence, never negative unless ``signed=True``."""

    def __init__(self, verbose_name: str | None = None, *, signed: bool = False, **kwargs: Any):
        kwargs.setdefault("max_digits", MONEY_DIGITS)
        kwargs.setdefault("decimal_places", MONEY_PLACES)
        self.signed = signed
        super().__init__(verbose_name, **kwargs)
        if not signed:
            self.validators.append(MinValueValidator(ZERO, "Must be 0 or more"))

    def deconstruct(self) -> Any:
        name, path, args, kwargs = super().deconstruct()
        if self.signed:
            kwargs["signed"] = True
        for key, default in (("max_digits", MONEY_DIGITS), ("decimal_places", MONEY_PLACES)):
            if kwargs.get(key) == default:
                kwargs.pop(key)
        return name, path, args, kwargs


def pounds(value: Decimal | int | str) -> str:
    """An amount as people read it: "£29,200,000.00"; negative as "-£1,250.50"."""
    amount = Decimal(value).quantize(Decimal("0.01"))
    sign = "-" if amount < 0 else ""
    return f"{sign}£{abs(amount):,.2f}"


def financial_year_of(day: datetime.date) -> int:
    """The financial year a day falls in (named by the year it starts in)."""
    return day.year if day.month >= 4 else day.year - 1


def financial_year_label(year: int) -> str:
    """2004 -> "2004/05"."""
    return f"{year}/{(year + 1) % 100:02d}"


def financial_year_bounds(year: int) -> tuple[datetime.date, datetime.date]:
    """The first and last day of a financial year."""
    return datetime.date(year, 4, 1), datetime.date(year + 1, 3, 31)


def parse_financial_year(text: str) -> int | None:
    """ "2004/05", "2004-05", "2004/2005" or "2004" -> 2004; None when it is not one."""
    raw = text.strip()
    head, _, tail = raw.replace("-", "/").partition("/")
    if not head.isdigit() or len(head) != 4:
        return None
    year = int(head)
    if tail:
        expected = {f"{(year + 1) % 100:02d}", str(year + 1)}
        if tail not in expected:
            return None
    if not FIRST_FINANCIAL_YEAR <= year <= LAST_FINANCIAL_YEAR:
        return None
    return year

"""A return's period: a financial-year quarter written as people write it, ``2009/10 Q2``
(Q1 April-June, Q2 July-September, Q3 October-December, Q4 January-March). Plain Python:
the import, the pages and the API parse and print periods here, in one place."""

import datetime
import re
from dataclasses import dataclass

from accord.core.money import FIRST_FINANCIAL_YEAR, LAST_FINANCIAL_YEAR

PERIOD = re.compile(r"^(\d{4})/(\d{2}) Q([1-4])$")
PERIOD_HELP = "Enter a financial-year quarter, for example 2009/10 Q2"
# The calendar month each quarter starts in, and its last month and day.
STARTS = {1: (0, 4), 2: (0, 7), 3: (0, 10), 4: (1, 1)}
ENDS = {1: (0, 6, 30), 2: (0, 9, 30), 3: (0, 12, 31), 4: (1, 3, 31)}


class PeriodError(ValueError):
    """A period that is not a financial-year quarter; the message says how to write one."""


@dataclass(frozen=True, order=True)
class Quarter:
    """Quarter ``number`` (1-4) of the financial year starting in April of ``year``."""

    year: int
    number: int

    def __post_init__(self) -> None:
        if not FIRST_FINANCIAL_YEAR <= self.year <= LAST_FINANCIAL_YEAR:
            raise PeriodError(
                f"The financial year must be from {FIRST_FINANCIAL_YEAR} to {LAST_FINANCIAL_YEAR}"
            )
        if self.number not in STARTS:
            raise PeriodError("The quarter must be Q1, Q2, Q3 or Q4")

    @classmethod
    def parse(cls, text: str) -> "Quarter":
        """``2009/10 Q2``; PeriodError for anything else (``2009/11 Q2``, ``2009-10 Q2``)."""
        found = PERIOD.match(text)
        if found is None:
            raise PeriodError(PERIOD_HELP)
        year, second, number = int(found[1]), int(found[2]), int(found[3])
        if second != (year + 1) % 100:
            raise PeriodError(f"{PERIOD_HELP}: the second year follows the first")
        return cls(year, number)

    @classmethod
    def of(cls, day: datetime.date) -> "Quarter":
        """The quarter a day falls in."""
        year = day.year if day.month >= 4 else day.year - 1
        return cls(year, (day.month - 4) % 12 // 3 + 1)

    def __str__(self) -> str:
        return f"{self.year}/{(self.year + 1) % 100:02d} Q{self.number}"

    @property
    def start(self) -> datetime.date:
        offset, month = STARTS[self.number]
        return datetime.date(self.year + offset, month, 1)

    @property
    def end(self) -> datetime.date:
        offset, month, day = ENDS[self.number]
        return datetime.date(self.year + offset, month, day)

    def ended(self, today: datetime.date) -> bool:
        """Whether the quarter is over: its last day is before today."""
        return self.end < today

    def previous(self) -> "Quarter":
        return Quarter(self.year, self.number - 1) if self.number > 1 else Quarter(self.year - 1, 4)

    def following(self) -> "Quarter":
        return Quarter(self.year, self.number + 1) if self.number < 4 else Quarter(self.year + 1, 1)

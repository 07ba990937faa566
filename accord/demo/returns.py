"""The demo's quarterly returns (issue 18): eight quarters, 2008/09 Q1 to 2009/10 Q4 (the
seeds' years), for every service of each demo partnership in service in the quarter,
through the performance services, so they are audited. Every figure is invented, drawn
near the 2009 paper's outturns (SPI 1 about 99%, SPI 2 about 93%, KPI 1 about 97%, KPI 2
about 75%) and marked illustrative. The last quarter's returns wait on the officer: one
queried, the rest submitted; the earlier quarters are validated. Loading twice creates
nothing."""

import datetime
import random

from accord.partnerships.models import Partnership
from accord.performance import selectors, services
from accord.performance.figures import blank_columns
from accord.performance.models import FIGURES, QuarterlyReturn
from accord.performance.periods import Quarter

FIRST = Quarter(2008, 1)
QUARTERS = 8
DUE_DAYS = 21  # about 15 working days after the quarter ends


def quarters() -> list[Quarter]:
    found = [FIRST]
    while len(found) < QUARTERS:
        found.append(found[-1].following())
    return found


def figures_for(reference: str, period: Quarter, capacity: int) -> dict[str, int]:
    """Plausible figures, the same on every load (seeded by the service and quarter)."""
    draw = random.Random(f"{reference} {period}")  # noqa: S311 - illustrative figures, not security
    days = (period.end - period.start).days + 1
    contracted = max(capacity, 1) * days
    users = max(capacity, 4)
    moved = draw.randint(4, 14)
    return {
        "unit_days_contracted": contracted,
        "unit_days_available": contracted - round(contracted * draw.uniform(0, 0.025)),
        "support_days_contracted": contracted,
        "support_days_used": contracted - round(contracted * draw.uniform(0.01, 0.14)),
        "kpi1_numerator": users - draw.randint(0, max(1, users // 12)),
        "kpi1_denominator": users,
        "kpi2_numerator": round(moved * draw.uniform(0.55, 1)),
        "kpi2_denominator": moved,
    }


def load_returns(partnership: Partnership) -> bool:
    """The partnership's demo returns; True when it created them (none before)."""
    if QuarterlyReturn.objects.filter(partnership=partnership).exists():
        return False
    periods = quarters()
    for period in periods:
        submitted_on = period.end + datetime.timedelta(days=DUE_DAYS)
        for n, service in enumerate(selectors.services_due(partnership, period)):
            blank = blank_columns(service)
            figures = {
                name: (None if name in blank else value)
                for name, value in figures_for(service.reference, period, service.capacity).items()
            }
            made = services.return_submit(
                actor=None,
                service=service,
                period=period,
                figures=figures,
                today=submitted_on,
                illustrative=[name for name in FIGURES if name not in blank],
            )
            if period != periods[-1]:
                services.return_validate(
                    actor=None,
                    quarterly_return=made,
                    today=submitted_on + datetime.timedelta(days=7),
                )
            elif n == 0:
                services.return_query(
                    actor=None,
                    quarterly_return=made,
                    question="Please confirm the void unit days for March.",
                )
    return True

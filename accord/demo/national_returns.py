"""National-scale quarterly returns (issue 18): for each generated partnership's services
directory (accord/demo/national_services.py), ten years of returns, 2003/04 Q1 (the day
the directories' first services start) to 2012/13 Q4, one for each quarter a service is
due one (in service on any day of it, as ``selectors.services_due`` says), validated, so
that every quarter's quartiles compare hundreds of services of each type across the
country. Loaded through bulk inserts like the rest of the national data: one transaction
and one audit event a partnership, no event a return.

A partnership that already has returns is skipped, so loading again adds nothing and a
country generated before the returns existed gains them. Each partnership's figures come
from its own random stream (the seed and its slug), so the same seed gives the same
returns. Every figure is invented and marked illustrative, as the demo's own returns are
(accord/demo/returns.py): each service has its own level for each indicator, about which
its quarters vary, so services differ as real ones do and the quartiles mean something.
"""

import datetime
import json
import random
from collections import Counter
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from accord.audit.services import audit_record
from accord.commissioning.models import Service
from accord.partnerships.models import Partnership
from accord.performance.figures import blank_columns
from accord.performance.models import FIGURES, QuarterlyReturn, ReturnStatus
from accord.performance.periods import Quarter

from .national import BATCH, SLUG_PREFIX

FIRST = Quarter(2003, 1)
YEARS = 10
SUBMITTED_DAYS = 21  # about 15 working days after the quarter ends
VALIDATED_DAYS = 7  # the officer validates a week later


def quarters() -> list[Quarter]:
    """The forty quarters of the ten years, oldest first."""
    found = [FIRST]
    while len(found) < YEARS * 4:
        found.append(found[-1].following())
    return found


def last_quarter() -> Quarter:
    return quarters()[-1]


def _clamp(value: float, low: float, high: float) -> float:
    return min(high, max(low, value))


class Levels:
    """One service's own level for each indicator: the share of unit days void, of support
    days unused, of service users not maintaining independent living, and of leavers who
    moved on in a planned way. Its quarters vary about them."""

    def __init__(self, rng: random.Random) -> None:
        self.void = rng.uniform(0.0, 0.09)
        self.unused = rng.uniform(0.01, 0.22)
        self.lost = rng.uniform(0.0, 0.12)
        self.planned = rng.uniform(0.5, 0.95)
        self.users = rng.uniform(0.7, 1.1)  # service users per unit of capacity


def figures(
    rng: random.Random, levels: Levels, capacity: int, days: int, blank: frozenset[str]
) -> list[int | None]:
    """One quarter's figures of a service, in ``FIGURES`` order: whole numbers, numerators
    within denominators, None where the service must leave one blank."""
    contracted = max(capacity, 1) * days
    users = max(4, round(capacity * levels.users))
    moved = rng.randint(2, max(3, users // 4))
    void = _clamp(rng.gauss(levels.void, 0.015), 0, 0.3)
    unused = _clamp(rng.gauss(levels.unused, 0.03), 0, 0.6)
    lost = _clamp(rng.gauss(levels.lost, 0.02), 0, 0.5)
    planned = _clamp(rng.gauss(levels.planned, 0.08), 0, 1)
    drawn = (
        contracted,  # unit_days_contracted
        contracted - round(contracted * void),  # unit_days_available
        contracted,  # support_days_contracted
        contracted - round(contracted * unused),  # support_days_used
        users - round(users * lost),  # kpi1_numerator
        users,  # kpi1_denominator
        round(moved * planned),  # kpi2_numerator
        moved,  # kpi2_denominator
    )
    return [None if name in blank else value for name, value in zip(FIGURES, drawn, strict=True)]


# The columns the generator writes, in this order (the id is the table's own default).
COLUMNS = (
    "partnership_id",
    "service_id",
    "financial_year",
    "quarter",
    "status",
    *FIGURES,
    "submitted_on",
    "validated_on",
    "query",
    "illustrative",
    "created_at",
    "updated_at",
)


def _rows(partnership: Partnership, seed: int) -> list[tuple[Any, ...]]:
    """The partnership's returns as rows of ``COLUMNS``: built as plain tuples, not model
    instances, since there are some 5,000 a partnership (three quarters of a million for
    the country)."""
    rng = random.Random(f"{seed}:{partnership.slug}:returns")  # noqa: S311 (demo data)
    now = timezone.now()
    periods = [
        (
            period,
            (period.end - period.start).days + 1,
            period.end + datetime.timedelta(days=SUBMITTED_DAYS),
            period.end + datetime.timedelta(days=SUBMITTED_DAYS + VALIDATED_DAYS),
        )
        for period in quarters()
    ]
    rows: list[tuple[Any, ...]] = []
    for service in Service.objects.filter(partnership=partnership).order_by("reference"):
        levels = Levels(rng)
        blank = frozenset(blank_columns(service))
        illustrative = json.dumps([name for name in FIGURES if name not in blank])
        for period, days, submitted_on, validated_on in periods:
            if service.start_date > period.end or (
                service.end_date is not None and service.end_date < period.start
            ):
                continue  # not due a return that quarter (selectors.services_due)
            rows.append(
                (
                    partnership.pk,
                    service.pk,
                    period.year,
                    period.number,
                    ReturnStatus.VALIDATED.value,
                    *figures(rng, levels, service.capacity, days, blank),
                    submitted_on,
                    validated_on,
                    "",
                    illustrative,
                    now,
                    now,
                )
            )
    return rows


def _insert(rows: list[tuple[Any, ...]]) -> None:
    """PostgreSQL's COPY, its text written here rather than each value adapted by the
    driver; elsewhere ``bulk_create`` in batches (as ``national.insert`` does)."""
    at = COLUMNS.index("illustrative")  # JSON text in the rows
    if connection.vendor != "postgresql":
        QuarterlyReturn.objects.bulk_create(
            [
                QuarterlyReturn(
                    **dict(
                        zip(COLUMNS, (*row[:at], json.loads(row[at]), *row[at + 1 :]), strict=True)
                    )
                )
                for row in rows
            ],
            batch_size=BATCH,
        )
        return
    table = connection.ops.quote_name(QuarterlyReturn._meta.db_table)
    # No value holds a tab, a newline or a backslash: only None needs writing as COPY's \N.
    with (
        connection.cursor() as cursor,
        cursor.cursor.copy(f"COPY {table} ({', '.join(COLUMNS)}) FROM STDIN") as copy,
    ):
        for start in range(0, len(rows), BATCH):
            copy.write(
                "".join(
                    "\t".join("\\N" if value is None else str(value) for value in row) + "\n"
                    for row in rows[start : start + BATCH]
                )
            )


@transaction.atomic
def _load_one(partnership: Partnership, seed: int) -> int:
    rows = _rows(partnership, seed)
    _insert(rows)
    audit_record(
        actor=None,
        action="demo.national_returns_load",
        obj=partnership,
        changes={"rows": [None, {"quarterlyreturn": len(rows)}]},
    )
    return len(rows)


def national_returns_load(*, seed: int = 0) -> Counter[str]:
    """Give every generated partnership with services but no returns its ten years."""
    rows: Counter[str] = Counter()
    with_returns = set(
        QuarterlyReturn.objects.filter(partnership__slug__startswith=SLUG_PREFIX)
        .values_list("partnership_id", flat=True)
        .distinct()
    )
    with_services = set(
        Service.objects.filter(partnership__slug__startswith=SLUG_PREFIX)
        .values_list("partnership_id", flat=True)
        .distinct()
    )
    national = Partnership.objects.filter(slug__startswith=SLUG_PREFIX).order_by("slug")
    for partnership in national:
        if partnership.pk in with_returns or partnership.pk not in with_services:
            continue
        rows["quarterlyreturn"] += _load_one(partnership, seed)
    return rows

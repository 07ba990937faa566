"""Quarterly returns at national scale (issue 18), each measured against a floor in the
same run on the same database:

- importing one national quarter: one CSV with a return for every service of the country
  that returned the quarter before (the generated data's last quarter; ``accord demo
  --scale national`` gives ten years), for the quarter after it, through ``accord
  performance import`` itself (read, checked whole, stored validated, each return with its
  audit event), against PostgreSQL's COPY of the same rows into the same table (on SQLite,
  which has no COPY, an ``executemany`` INSERT, labelled so). The quarter's rows are
  removed after each run, untimed, so each run imports into the same table;
- the quartiles of a quarter across the installation: the benchmark's selector (every
  validated return of the quarter in one query, then Python's ``statistics.quantiles``
  over the exact values of each indicator and service type, as the pages and the export
  compute them), against the same quartiles in one SQL statement with ``percentile_cont``
  (the same method as ``quantiles(method="inclusive")``; a test checks they agree).

Invented figures, like everything national.
"""

import csv
import datetime
import io
import statistics
import tempfile
import time
from collections.abc import Callable
from contextlib import nullcontext
from pathlib import Path
from typing import Any

import psycopg
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from accord.demo.national import SLUG_PREFIX
from accord.demo.national_returns import last_quarter
from accord.performance.imports import HEADER
from accord.performance.indicators import MINIMUM_GROUP, Indicator
from accord.performance.models import FIGURES, QuarterlyReturn, ReturnStatus
from accord.performance.periods import Quarter
from accord.performance.selectors import comparison_groups, current_indicators

from .measure import Result, Timing, interleaved
from .pages import dsn

Quartiles = dict[tuple[str, str], tuple[float, float, float]]
TABLE = QuarterlyReturn._meta.db_table
# The columns the floor writes: every column of a return but its id (the table's default).
COLUMNS = [f.column for f in QuarterlyReturn._meta.concrete_fields if not f.primary_key]


# ------------------------------------------------------------------- one national quarter


def national_quarter() -> tuple[Quarter, list[tuple[str, int, int, list[int | None]]]]:
    """The quarter after the generated ten years, and a return for it for each service of
    the national partnerships that returned the last of them: (reference, service id,
    partnership id, figures), by reference; the figures are its last quarter's."""
    last = last_quarter()
    rows = (
        QuarterlyReturn.objects.filter(
            partnership__slug__startswith=SLUG_PREFIX,
            financial_year=last.year,
            quarter=last.number,
        )
        .order_by("service__reference")
        .values_list("service__reference", "service_id", "partnership_id", *FIGURES)
    )
    return last.following(), [(ref, sid, pid, list(nums)) for ref, sid, pid, *nums in rows]


def write_csv(path: Path, period: Quarter, rows: list[tuple[str, int, int, list[Any]]]) -> None:
    """The file a programme officer would import: the format's header, then a row a service."""
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(HEADER)
        for reference, _, _, figures in rows:
            writer.writerow([reference, period, *("" if n is None else n for n in figures)])


def remove_quarter(period: Quarter) -> None:
    """Remove the quarter's returns (between runs, untimed): none exists outside the bench."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"DELETE FROM {TABLE} WHERE financial_year = %s AND quarter = %s",  # noqa: S608
            [period.year, period.number],
        )


def floor_rows(period: Quarter, rows: list[tuple[str, int, int, list[Any]]]) -> list[list[Any]]:
    """The same returns as table rows, in ``COLUMNS`` order, as the import stores them."""
    today = connection.ops.adapt_datefield_value(timezone.localdate())
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    values: dict[str, Any] = {
        "financial_year": period.year,
        "quarter": period.number,
        "status": ReturnStatus.VALIDATED.value,
        "submitted_on": today,
        "validated_on": today,
        "query": "",
        "illustrative": "[]",
        "created_at": now,
        "updated_at": now,
    }
    table = []
    for _, service_id, partnership_id, figures in rows:
        row = {
            **values,
            "partnership_id": partnership_id,
            "service_id": service_id,
            **dict(zip(FIGURES, figures, strict=True)),
        }
        table.append([row[column] for column in COLUMNS])
    return table


def copy_floor(db: psycopg.Connection[Any], table: list[list[Any]]) -> Callable[[], object]:
    """PostgreSQL's COPY of the rows into the returns table, in one transaction."""
    columns = ", ".join(COLUMNS)

    def floor() -> object:
        with (
            db.transaction(),
            db.cursor() as cur,
            cur.copy(f"COPY {TABLE} ({columns}) FROM STDIN") as copy,
        ):
            for row in table:
                copy.write_row(row)
        return len(table)

    return floor


def insert_floor(table: list[list[Any]]) -> Callable[[], object]:
    """Elsewhere (SQLite, which has no COPY): one ``executemany`` INSERT of the rows."""
    marks = ", ".join(["%s"] * len(COLUMNS))
    sql = f"INSERT INTO {TABLE} ({', '.join(COLUMNS)}) VALUES ({marks})"  # noqa: S608

    def floor() -> object:
        with connection.cursor() as cursor:
            cursor.executemany(sql, table)
        return len(table)

    return floor


def import_benchmark(*, seconds: float, at_most: int = 20) -> Result:
    """One national quarter through ``accord performance import``, against its floor, run
    in turn until ``seconds`` have passed (once each at least)."""
    period, rows = national_quarter()
    if not rows:
        raise LookupError("No national returns: run accord demo --scale national first")
    remove_quarter(period)  # a run stopped part way may have left some
    table = floor_rows(period, rows)
    today = (period.end + datetime.timedelta(days=1)).isoformat()
    on_postgresql = connection.vendor == "postgresql"
    floor_name = (
        "PostgreSQL COPY of the same rows into the same table"
        if on_postgresql
        else "executemany INSERT of the same rows (SQLite: no COPY)"
    )
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "national-quarter.csv"
        write_csv(path, period, rows)

        def imported(*more: str) -> None:
            err = io.StringIO()
            try:
                command = ["import", str(path), "--today", today, *more]
                call_command("performance", *command, stdout=io.StringIO(), stderr=err)
            except SystemExit as refused:
                problems = err.getvalue()[:500]
                raise RuntimeError(f"the import refused the file: {problems}") from refused

        started = time.perf_counter()
        imported("--dry-run")
        checking = time.perf_counter() - started
        driver = psycopg.connect(dsn(), autocommit=True) if on_postgresql else nullcontext()
        with driver as db:
            floor = copy_floor(db, table) if db is not None else insert_floor(table)
            real, fast = Timing(), Timing()
            deadline = time.perf_counter() + seconds
            for _ in range(at_most):
                for timing, run in ((real, imported), (fast, floor)):
                    started = time.perf_counter()
                    run()
                    timing.samples.append(time.perf_counter() - started)
                    if QuarterlyReturn.objects.filter(
                        financial_year=period.year, quarter=period.number
                    ).count() != len(rows):
                        raise RuntimeError(f"{period}: not every return was stored")
                    remove_quarter(period)
                if time.perf_counter() > deadline:
                    break
    ratio = real.median / fast.median
    return Result(
        name=f"Import one national quarter: {len(rows):,} returns in one CSV "
        "(accord performance import)",
        unit="ms",
        value=real.median * 1000,
        p95=real.p95 * 1000,
        floor_name=floor_name,
        floor=fast.median * 1000,
        floor_p95=fast.p95 * 1000,
        target="measured for the record",
        met=None,
        runs=len(real.samples),
        notes=[
            f"{period}, {len(rows):,} returns of {partnerships(rows)} partnerships; checking "
            f"the file alone (--dry-run) took {checking * 1000:.0f} ms (once); the import "
            f"stores each return with its audit event, {ratio:.0f}x the floor's time",
        ],
        extra={
            "rows": len(rows),
            "period": str(period),
            "check_ms": round(checking * 1000, 1),
            "floor_kind": "copy" if on_postgresql else "executemany",
        },
    )


def partnerships(rows: list[tuple[str, int, int, list[Any]]]) -> int:
    return len({partnership_id for _, _, partnership_id, _ in rows})


# ------------------------------------------------------------ the quartiles of a quarter


def quartiles(period: Quarter) -> Quartiles:
    """What the benchmark computes: for each (indicator, service type) of four services or
    more, the lower quartile, median and upper quartile of the quarter's validated values
    across the installation (``selectors.comparison_groups``, then ``statistics.quantiles``
    as ``indicators.quartile`` calls it)."""
    groups = comparison_groups(period, current_indicators(period))
    found: Quartiles = {}
    for key, values in groups.items():
        if len(values) >= MINIMUM_GROUP:
            lower, median, upper = statistics.quantiles(values, n=4, method="inclusive")
            found[key] = (float(lower), float(median), float(upper))
    return found


def group_sizes(period: Quarter) -> dict[tuple[str, str], int]:
    groups = comparison_groups(period, current_indicators(period))
    return {key: len(values) for key, values in groups.items()}


def quartiles_sql(indicators: list[Indicator]) -> str:
    """One statement: every return's value of every indicator unpivoted beside it, then
    ``percentile_cont`` of each (indicator, service type) with four values or more."""
    values = ",\n".join(
        f"('{one.code}', r.{one.numerator}::float8 / NULLIF(r.{one.denominator}, 0))"
        for one in indicators
    )
    return f"""
        SELECT v.code, s.service_type,
               percentile_cont(ARRAY[0.25, 0.5, 0.75]) WITHIN GROUP (ORDER BY v.value)
        FROM {TABLE} r
        JOIN commissioning_service s ON s.id = r.service_id
        CROSS JOIN LATERAL (VALUES {values}) AS v(code, value)
        WHERE r.financial_year = %s AND r.quarter = %s AND r.status = %s
          AND v.value IS NOT NULL
        GROUP BY v.code, s.service_type
        HAVING count(*) >= {MINIMUM_GROUP}"""  # noqa: S608 (names from the indicators' table)


def quartiles_floor(db: psycopg.Connection[Any], period: Quarter) -> Callable[[], Quartiles]:
    sql = quartiles_sql(current_indicators(period))

    def floor() -> Quartiles:
        with db.cursor() as cur:
            cur.execute(sql, [period.year, period.number, ReturnStatus.VALIDATED.value])
            return {(code, kind): tuple(cuts) for code, kind, cuts in cur.fetchall()}

    return floor


def measured_quarter() -> Quarter:
    """The generated data's last quarter: every service of the country returned it."""
    return last_quarter()


def quartiles_benchmark(*, seconds: float) -> Result:
    period = measured_quarter()
    sizes = group_sizes(period)
    values = sum(sizes.values())
    if not values:
        raise LookupError("No national returns: run accord demo --scale national first")
    with psycopg.connect(dsn(), autocommit=True) as db:
        timings = interleaved(
            {"selector": lambda: quartiles(period), "floor": quartiles_floor(db, period)},
            seconds=seconds,
            at_most=100,
            warm_up=1,
        )
    real, fast = timings["selector"], timings["floor"]
    ratio = real.median / fast.median
    groups = sum(1 for size in sizes.values() if size >= MINIMUM_GROUP)
    return Result(
        name=f"Quartiles of a quarter across the installation: {values:,} values, {groups} groups",
        unit="ms",
        value=real.median * 1000,
        p95=real.p95 * 1000,
        floor_name="percentile_cont in one SQL statement",
        floor=fast.median * 1000,
        floor_p95=fast.p95 * 1000,
        target="median at most 3x the floor",  # as the pages'
        met=ratio <= 3,
        runs=len(real.samples),
        notes=[
            f"{period}: each (indicator, service type) of the installation's validated "
            "returns; the selector reads every return in one query and computes with exact "
            "fractions (statistics.quantiles), the floor in floating point in the database"
        ],
        extra={"period": str(period), "values": values, "groups": groups},
    )

"""The quarterly returns' benchmarks at tiny scale (issue 18): one national quarter through
the real import against its floor, and the quartiles of a quarter against the same
quartiles in one SQL statement, which must agree with Python's."""

import math

import psycopg
import pytest
from django.db import connection
from django.utils import timezone

from accord.audit.selectors import audit_chain_verify
from accord.bench import pages
from accord.bench import returns as bench
from accord.demo import national
from accord.demo.national_returns import last_quarter, national_returns_load
from accord.demo.national_services import national_services_load
from accord.performance.models import QuarterlyReturn


def small_country(partnerships: int = 2) -> None:
    national.national_load(partnerships=partnerships, today=timezone.localdate(), years=1)
    national_services_load(seed=0)
    national_returns_load(seed=0)


@pytest.mark.django_db(transaction=True)
def test_importing_a_national_quarter_is_measured_through_the_command_against_a_floor():
    small_country()
    period, rows = bench.national_quarter()
    assert period == last_quarter().following()
    returned = QuarterlyReturn.objects.filter(
        financial_year=last_quarter().year, quarter=last_quarter().number
    )
    assert len(rows) == returned.count() > 300  # every service of the two partnerships
    result = bench.import_benchmark(seconds=0.0)
    assert result.runs == 1
    assert result.value > 0
    assert result.floor > 0
    assert result.extra["rows"] == len(rows)
    if connection.vendor == "postgresql":
        assert result.floor_name == "PostgreSQL COPY of the same rows into the same table"
    else:
        assert result.floor_name == "executemany INSERT of the same rows (SQLite: no COPY)"
    assert "returns of 2 partnerships" in result.notes[0]
    # Each run's rows are removed afterwards: the table is as the generator left it.
    assert not QuarterlyReturn.objects.filter(
        financial_year=period.year, quarter=period.number
    ).exists()
    assert audit_chain_verify().intact  # the import audited each return it stored


@pytest.mark.django_db
def test_the_import_measurement_says_when_there_is_nothing_to_import():
    with pytest.raises(LookupError, match="accord demo --scale national"):
        bench.import_benchmark(seconds=0.0)


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_percentile_cont_in_one_statement_gives_the_quartiles_python_gives():
    """statistics.quantiles(method="inclusive") is percentile_cont: the floor computes what
    the benchmark does (in floating point, so to a few parts in a thousand million)."""
    small_country()
    period = last_quarter()
    python = bench.quartiles(period)
    with psycopg.connect(pages.dsn(), autocommit=True) as db:
        sql = bench.quartiles_floor(db, period)()
    assert python.keys() == sql.keys()
    assert len(python) >= 8  # each indicator, for several service types
    for key, cuts in python.items():
        assert all(math.isclose(a, b, rel_tol=1e-9) for a, b in zip(cuts, sql[key], strict=True))
    result = bench.quartiles_benchmark(seconds=0.2)
    assert result.runs > 0
    assert result.value > 0
    assert result.floor > 0
    assert result.extra["groups"] == len(python)
    assert result.floor_name == "percentile_cont in one SQL statement"

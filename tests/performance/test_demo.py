"""The demo's quarterly returns: eight quarters (2008/09 Q1 to 2009/10 Q4) for both
partnerships' services, every figure marked illustrative and fitting its service; the
last quarter awaiting the officer; loaded once; and a benchmark the export can read."""

import json

import pytest

from accord.cli import main
from accord.demo.returns import load_returns
from accord.partnerships.models import Partnership
from accord.performance.figures import figure_problems
from accord.performance.models import QuarterlyReturn, ReturnStatus

pytestmark = pytest.mark.django_db


def test_both_partnerships_have_eight_quarters_of_illustrative_returns(demo):
    for slug in ("gloucestershire", "oxfordshire"):
        mine = QuarterlyReturn.objects.filter(partnership__slug=slug).select_related("service")
        assert {(r.financial_year, r.quarter) for r in mine} == {
            (year, quarter) for year in (2008, 2009) for quarter in (1, 2, 3, 4)
        }
        for row in mine:
            assert row.is_illustrative()
            assert figure_problems(row.service, row.figures()) == []
        last = mine.filter(financial_year=2009, quarter=4)
        assert set(last.values_list("status", flat=True)) <= {"submitted", "queried"}
        assert last.filter(status=ReturnStatus.QUERIED).count() == 1
        assert not mine.exclude(financial_year=2009, quarter=4).exclude(status="validated")
        assert load_returns(Partnership.objects.get(slug=slug)) is False


def test_the_demo_benchmark_is_exported(demo, capsys):
    assert main(["performance", "export", "gloucestershire", "--period", "2009/10 Q3"]) == 0
    exported = json.loads(capsys.readouterr().out)
    assert exported
    assert {"spi1", "spi2", "kpi1", "kpi2"} <= set(exported[0])


def test_the_demo_provider_account_sees_keystones_gloucestershire_returns_only(
    demo, client, sign_in
):
    """Issue 18: ``keystone`` signs in for Keystone in Gloucestershire, not for the Keystone
    Oxfordshire keeps, and is listed on the home page with the other demo accounts."""
    assert "keystone" in client.get("/").text
    sign_in("keystone")
    listed = client.get(
        "/api/performance/partnerships/gloucestershire/returns?period=2009/10 Q3"
    ).json()["items"]
    assert sorted(row["service"] for row in listed) == ["GLOS-0018", "GLOS-0019"]
    assert client.get("/api/performance/partnerships/oxfordshire/returns").status_code == 403
    assert "Quarterly returns, Gloucestershire Supporting People" in client.get("/").text

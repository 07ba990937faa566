"""`accord performance template` and `export`: the CSV to fill for the services due a
return, and each validated return's indicators with RAG and quartile, benchmarked across
the whole installation per service type."""

import datetime
import json
from decimal import Decimal

import pytest

from accord.cli import main
from accord.performance import services
from accord.performance.imports import HEADER
from tests import factories


def run(capsys, *arguments):
    status = main(["performance", *arguments])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def test_the_template_lists_the_services_in_service_that_quarter_by_reference(
    capsys, glos_services
):
    # Ended before the quarter: not due.
    factories.ServiceFactory(
        provider=glos_services["sheltered"].provider,
        reference="GLOS-0000",
        end_date=datetime.date(2009, 6, 30),
    )
    status, out, err = run(capsys, "template", "gloucestershire", "--period", "2009/10 Q2")
    assert (status, err) == (0, "")
    assert out.splitlines() == [
        ",".join(HEADER),
        "GLOS-0001,2009/10 Q2,,,,,,,n/a,n/a",
        "GLOS-0002,2009/10 Q2,n/a,n/a,,,n/a,n/a,,",
        "GLOS-0003,2009/10 Q2,,,,,n/a,n/a,,",  # started 1 August 2009: in service in Q2
    ]
    # GLOS-0003 started in Q2: not due in Q1; GLOS-0000 ran to Q1's last day.
    _, out, _ = run(capsys, "template", "gloucestershire", "--period", "2009/10 Q1")
    assert [line.split(",")[0] for line in out.splitlines()[1:]] == [
        "GLOS-0000",
        "GLOS-0001",
        "GLOS-0002",
    ]


@pytest.mark.parametrize(
    "arguments",
    [
        ["template", "gloucestershire", "--period", "2009/10 Q5"],
        ["template", "nowhere", "--period", "2009/10 Q2"],
        ["export", "gloucestershire", "--period", "2009-10 Q2"],
        ["template", "gloucestershire"],
    ],
)
def test_a_bad_period_or_partnership_exits_2_with_one_line(capsys, glos_services, arguments):
    status, out, err = run(capsys, *arguments)
    assert status == 2
    assert out == ""
    assert err.count("\n") == 1


def sheltered_return(partnership, reference, available, *, status="validated"):
    """A validated 2009/10 Q2 return of a sheltered scheme with SPI 1 = available/1000."""
    provider = factories.ProviderFactory(partnership=partnership)
    service = factories.ServiceFactory(
        provider=provider, reference=reference, service_type="sheltered"
    )
    return factories.QuarterlyReturnFactory(
        service=service,
        unit_days_contracted=1000,
        unit_days_available=available,
        support_days_contracted=0,
        support_days_used=0,
        kpi1_numerator=0,
        kpi1_denominator=0,
        status=status,
    )


def test_the_export_judges_each_indicator_against_target_and_the_installations_quartiles(
    capsys, gloucestershire, oxfordshire
):
    # Sheltered schemes' SPI 1 across two partnerships: 0.85, 0.9, 0.935, 0.96, 0.99.
    sheltered_return(gloucestershire, "GLOS-0001", 935)
    sheltered_return(gloucestershire, "GLOS-0002", 850)
    for n, available in enumerate([900, 960, 990]):
        sheltered_return(oxfordshire, f"OXON-000{n + 1}", available)
    # Neither a submitted return nor another type is compared.
    sheltered_return(oxfordshire, "OXON-0009", 100, status="submitted")
    status, out, err = run(capsys, "export", "gloucestershire", "--period", "2009/10 Q2")
    assert (status, err) == (0, "")
    exported = json.loads(out)
    assert [entry["service"] for entry in exported] == ["GLOS-0001", "GLOS-0002"]
    first = exported[0]
    assert first["service_type"] == "sheltered"
    # Quartiles of [0.85, 0.9, 0.935, 0.96, 0.99]: 0.9 / 0.935 / 0.96.
    assert first["spi1"] == {
        "value": "93.50",
        "target": "90.00",
        "rag": "green",
        "quartile": "upper_middle",
    }
    assert exported[1]["spi1"] == {
        "value": "85.00",
        "target": "90.00",
        "rag": "amber",  # 5 points below, inclusive
        "quartile": "bottom",
    }
    # A 0 denominator is not applicable; a blank column too (KPI 2 for a long-term service).
    for code in ("spi2", "kpi1", "kpi2"):
        assert first[code]["value"] is None
        assert first[code]["rag"] is None
        assert first[code]["quartile"] is None
    assert first["kpi2"]["target"] == "75.00"


def test_fewer_than_four_to_compare_is_too_few(capsys, gloucestershire, oxfordshire):
    sheltered_return(gloucestershire, "GLOS-0001", 935)
    sheltered_return(oxfordshire, "OXON-0001", 900)
    sheltered_return(oxfordshire, "OXON-0002", 990)
    exported = json.loads(run(capsys, "export", "gloucestershire", "--period", "2009/10 Q2")[1])
    assert exported[0]["spi1"]["quartile"] == "too_few"


def test_a_partnerships_own_target_is_used_in_the_export(capsys, gloucestershire):
    sheltered_return(gloucestershire, "GLOS-0001", 935)
    services.indicator_target_set(
        actor=None, partnership=gloucestershire, indicator="spi1", target=Decimal("98.6")
    )
    exported = json.loads(run(capsys, "export", "gloucestershire", "--period", "2009/10 Q2")[1])
    assert exported[0]["spi1"]["target"] == "98.60"
    assert exported[0]["spi1"]["rag"] == "red"  # 93.5 is more than 5 points below 98.6


def test_the_export_reads_in_a_constant_number_of_queries(
    capsys, gloucestershire, oxfordshire, django_assert_max_num_queries
):
    for n in range(3):
        sheltered_return(gloucestershire, f"GLOS-00{n:02d}", 900 + n)
    with django_assert_max_num_queries(4):
        run(capsys, "export", "gloucestershire", "--period", "2009/10 Q2")
    for n in range(3, 12):
        sheltered_return(gloucestershire, f"GLOS-00{n:02d}", 900 + n)
        sheltered_return(oxfordshire, f"OXON-00{n:02d}", 900 + n)
    with django_assert_max_num_queries(4):
        run(capsys, "export", "gloucestershire", "--period", "2009/10 Q2")

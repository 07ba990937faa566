"""Commitments, spend and forecast (issue 17 item 3): the administering authority's ledger
imported as CSV, all or nothing, each problem named by row and column and nothing stored;
the same file again changes nothing; each line's commitment read from the contracts, its
forecast outturn and its variance against the plan, the lines drifting most first; the
page, the API (amounts as strings) and the CSV downloads."""

import csv
import io
import re
from decimal import Decimal
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accord.audit.models import AuditEvent
from accord.budget import selectors, services
from accord.budget.ledger import FileRefused, period_text, read_amount, read_period
from accord.budget.models import Spend
from tests import factories
from tests.governance.register_data import partnership_with_officer

API = "/api/budget/partnerships/wychwood/pools"
SHELTERED = "GL-SH-01"
FLOATING = "GL-FS-02"
# A quarter of 2009/10: sheltered housing spending faster than its contract, floating
# support on its contracted rate.
QUARTER = (
    "contract,period,amount,description\n"
    f"{SHELTERED},Q1,18000.00,Wardens April to June\n"
    f"{FLOATING},Q1,7500.00,\n"
)


@pytest.fixture
def wychwood(db):
    return partnership_with_officer()


@pytest.fixture
def officer(client, sign_in, wychwood):
    sign_in("wychwood-officer")
    return client


def contract(partnership: Any, reference: str, value: str, **service: Any) -> Any:
    provider = factories.ProviderFactory(partnership=partnership)
    made: Any = factories.ContractFactory(
        partnership=partnership, provider=provider, reference=reference
    )
    made.services.add(factories.ServiceFactory(provider=provider, **service))
    factories.ContractValueFactory(contract=made, financial_year=2009, amount=Decimal(value))
    return made


@pytest.fixture
def pool(wychwood):
    """A 2009/10 pool of £120,000 and its plan: sheltered housing (matched to its contract
    by client group and service type), floating support (naming its contract) and a
    reserve."""
    county: Any = factories.PartnerFactory(partnership=wychwood, name="Wychwood County Council")
    pool = services.pool_create(
        actor=None, partnership=wychwood, financial_year=2009, grant=Decimal("100000.00")
    )
    services.contribution_add(
        actor=None, pool=pool, partner=county, amount=Decimal("20000"), risk_share=Decimal(100)
    )
    contract(wychwood, SHELTERED, "60000", service_type="sheltered", primary_client_group=1)
    floating = contract(
        wychwood, FLOATING, "30000", service_type="floating", primary_client_group=21
    )
    services.plan_line_add(
        actor=None,
        pool=pool,
        kind="services",
        description="Older people: sheltered housing",
        client_group=1,
        service_type="sheltered",
        amount=Decimal("60000"),
    )
    services.plan_line_add(
        actor=None,
        pool=pool,
        kind="services",
        description="Floating support",
        contract=floating,
        amount=Decimal("40000"),
    )
    services.plan_line_add(
        actor=None, pool=pool, kind="reserve", description="Reserve", amount=Decimal("20000")
    )
    return pool


def url(name: str, pool: Any) -> str:
    return reverse(f"budget:{name}", args=[pool.partnership.slug, pool.pk])


def upload(text: str | bytes, name: str = "ledger.csv") -> SimpleUploadedFile:
    content = text.encode() if isinstance(text, str) else text
    return SimpleUploadedFile(name, content, content_type="text/csv")


def imported(pool: Any, text: str) -> services.SpendImported:
    return services.spend_import(actor=None, pool=pool, content=text.encode())


# ------------------------------------------------------------------ reading the file


@pytest.mark.parametrize(
    ("text", "period"),
    [
        ("2009-04", (1, 1)),
        ("2009-12", (9, 1)),
        ("2010-01", (10, 1)),
        ("2010-03", (12, 1)),
        ("Q1", (1, 3)),
        ("q4", (10, 3)),
        ("2009/10 Q2", (4, 3)),
    ],
)
def test_a_period_is_a_month_or_a_quarter_of_the_financial_year(text, period):
    assert read_period(text, 2009) == period
    assert read_period(period_text(2009, *period), 2009) == period


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("2009-03", "outside the financial year 2009/10"),
        ("2010-04", "outside the financial year 2009/10"),
        ("2010/11 Q1", "outside the financial year 2009/10"),
        ("Q5", "not a quarter"),
        ("2009-13", "not a month"),
        ("April", "not a period"),
        ("", "Enter the period"),
    ],
)
def test_a_period_outside_the_year_or_unreadable_is_refused(text, words):
    assert words in str(read_period(text, 2009))


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("12k", "not an amount"),
        ("1e3", "not an amount"),
        ("NaN", "not an amount"),
        ("-10.00", "cannot be negative"),
        ("10.001", "at most two decimal places"),
        ("", "Enter the amount"),
    ],
)
def test_an_amount_not_pounds_and_pence_or_negative_is_refused(text, words):
    assert words in str(read_amount(text))


def test_an_amount_may_have_thousands_separators():
    assert read_amount("1,250.5") == Decimal("1250.50")


# ------------------------------------------------------------------ importing


def test_the_officer_imports_a_quarter_and_sees_the_forecast_overspend(officer, pool):
    response = officer.post(url("spend-import", pool), {"file": upload(QUARTER)})
    assert response.status_code == 302
    assert response["Location"] == url("spend-detail", pool)
    assert Spend.objects.filter(pool=pool).count() == 2
    assert AuditEvent.objects.filter(action="spend.import").count() == 1

    page = officer.get(url("spend-detail", pool)).content.decode()
    # Sheltered housing: £18,000 in a quarter is £72,000 a year, over its £60,000 contract
    # and plan; floating support on its rate forecasts its £30,000 contract, under a £40,000
    # line; the reserve is forecast at its plan.
    assert page.index("Older people: sheltered housing") < page.index("Floating support")
    assert page.index("Floating support") < page.index("Reserve")
    assert "£12,000.00 over" in page
    assert "£10,000.00 under" in page
    assert "£72,000.00" in page
    detail = officer.get(url("pool-detail", pool)).content.decode()
    assert "a forecast overspend of £2,000.00" in detail  # £122,000 against £120,000


def test_importing_the_same_file_again_changes_nothing(officer, pool):
    imported(pool, QUARTER)
    held = list(Spend.objects.values_list("pk", "amount", "updated_at"))
    events = AuditEvent.objects.count()
    again = imported(pool, QUARTER)
    assert (again.added, again.changed, again.replaced, again.unchanged) == (0, 0, 0, 2)
    assert list(Spend.objects.values_list("pk", "amount", "updated_at")) == held
    assert AuditEvent.objects.count() == events
    response = officer.post(url("spend-import", pool), {"file": upload(QUARTER)}, follow=True)
    assert "already held: nothing changed" in response.content.decode()


def test_a_new_amount_changes_the_period_and_months_replace_a_quarter(pool):
    imported(pool, QUARTER)
    again = imported(
        pool,
        f"contract,period,amount\n{SHELTERED},2009-04,6000\n{SHELTERED},2009-05,6100\n"
        f"{FLOATING},Q1,7600\n",
    )
    assert (again.added, again.changed, again.replaced) == (2, 1, 1)
    periods = [
        (s.contract.reference, s.first_month, s.months, s.amount)
        for s in selectors.pool_spend(pool)
    ]
    assert periods == [
        (FLOATING, 1, 3, Decimal("7600.00")),
        (SHELTERED, 1, 1, Decimal("6000.00")),
        (SHELTERED, 2, 1, Decimal("6100.00")),
    ]


def test_a_bad_file_names_each_row_and_column_and_stores_nothing(officer, pool):
    bad = (
        "contract,period,amount\n"
        f"{SHELTERED},Q1,18000\n"  # row 2: good
        f"{FLOATING},Q1,12k\n"  # row 3: not a number
        f"{FLOATING},Q2,-7500\n"  # row 4: negative
        "GL-NOPE-99,Q1,10\n"  # row 5: no such contract
        f"{FLOATING},2010-04,10\n"  # row 6: outside 2009/10
        f"{SHELTERED},Q1,18000\n"  # row 7: the same as row 2
        f"{SHELTERED},2009-05,10\n"  # row 8: a month of row 2's quarter
    )
    response = officer.post(url("spend-import", pool), {"file": upload(bad)})
    assert response.status_code == 200
    page = response.content.decode()
    assert "govuk-error-summary" in page
    assert "The file was not imported: 6 problems" in page
    for where in (
        "Row 3, column amount: &#x27;12k&#x27; is not an amount",
        "Row 4, column amount: Spend cannot be negative",
        "Row 5, column contract: &#x27;GL-NOPE-99&#x27; is not a contract of this partnership",
        "Row 6, column period: 2010-04 is outside the financial year 2009/10",
        "Row 7, column period: The same contract and period as row 2",
        "Row 8, column period: The period overlaps row 2",
    ):
        assert where in page, where
    assert not Spend.objects.exists()
    assert not AuditEvent.objects.filter(action="spend.import").exists()


def test_a_file_without_the_columns_is_refused_on_row_1(pool):
    with pytest.raises(FileRefused) as refused:
        imported(pool, "contract,month,amount\nGL-SH-01,2009-04,1\n")
    assert str(refused.value.problems[0]).startswith("Row 1: The headings lack period")


def test_the_import_asks_for_a_file(officer, pool):
    page = officer.post(url("spend-import", pool), {}).content.decode()
    assert "Choose the CSV file to import" in page


def test_a_contract_matching_no_line_is_spend_outside_the_plan(wychwood, pool):
    contract(wychwood, "GL-DV-03", "5000", service_type="accommodation", primary_client_group=14)
    imported(pool, "contract,period,amount\nGL-DV-03,2009-04,1000\n")
    forecast = selectors.pool_forecast(pool)
    assert forecast.outside is not None
    assert [c.contract.reference for c in forecast.outside.contracts] == ["GL-DV-03"]
    assert forecast.outside.forecast == Decimal("12000.00")  # £1,000 a month, above £5,000
    assert forecast.forecast == sum(line.forecast for line in forecast.every_line)


# ------------------------------------------------------------------ downloads and the API


def rows_of(response: Any) -> list[dict[str, str]]:
    text = b"".join(response.streaming_content if response.streaming else [response.content])
    return list(csv.DictReader(io.StringIO(text.decode("utf-8-sig"))))


def test_the_ledger_download_imports_again_changing_nothing(officer, pool):
    imported(pool, QUARTER)
    rows = rows_of(officer.get(url("ledger-export", pool)))
    assert [(r["contract"], r["period"], r["amount"]) for r in rows] == [
        (FLOATING, "Q1", "7500.00"),
        (SHELTERED, "Q1", "18000.00"),
    ]
    content = officer.get(url("ledger-export", pool)).content
    again = services.spend_import(actor=None, pool=pool, content=content)
    assert not again.changed_anything


def test_the_forecast_download_has_every_line_and_the_total(officer, pool):
    imported(pool, QUARTER)
    rows = rows_of(officer.get(url("spend-export", pool)))
    assert [r["line"] for r in rows] == [
        "Older people: sheltered housing",
        "Floating support",
        "Reserve",
        "Total",
    ]
    assert rows[-1]["variance"] == "2000.00"
    money = ("planned", "committed", "spent_to_date", "forecast_outturn", "variance")
    # Pounds and pence; a negative written "'-10000.00", as every Accord CSV guards a
    # spreadsheet against a cell read as a formula.
    wrong = [
        row[name]
        for row in rows
        for name in money
        if not re.fullmatch(r"('-)?[0-9]+\.[0-9]{2}", row[name])
    ]
    assert wrong == []
    assert rows[0]["forecast_outturn"] == "72000.00"


def test_the_api_imports_and_forecasts_with_amounts_as_strings(officer, pool):
    response = officer.post(f"{API}/{pool.pk}/spend", {"file": upload(QUARTER)})
    assert response.status_code == 200, response.content
    assert response.json()["added"] == 2
    again = officer.post(f"{API}/{pool.pk}/spend", {"file": upload(QUARTER)}).json()
    assert (again["added"], again["changed"], again["unchanged"]) == (0, 0, 2)
    forecast = officer.get(f"{API}/{pool.pk}/forecast").json()
    assert forecast["forecast"] == "122000.00"
    assert forecast["against_pool"] == "2000.00"
    assert forecast["months_reported"] == 3
    first = forecast["lines"][0]
    assert (first["line"], first["committed"], first["spent"], first["variance"]) == (
        "Older people: sheltered housing",
        "60000.00",
        "18000.00",
        "12000.00",
    )
    spend = officer.get(f"{API}/{pool.pk}/spend").json()["items"]
    assert {(s["contract"], s["period"], s["amount"]) for s in spend} == {
        (FLOATING, "Q1", "7500.00"),
        (SHELTERED, "Q1", "18000.00"),
    }


def test_the_api_refuses_a_bad_file_with_each_row_and_column(officer, pool):
    response = officer.post(
        f"{API}/{pool.pk}/spend", {"file": upload(f"contract,period,amount\n{FLOATING},Q1,x\n")}
    )
    assert response.status_code == 422
    problems = response.json()["error"]["problems"]
    assert problems == [{"row": 2, "column": "amount", "message": "'x' is not an amount in "
                         "pounds, like 1250.50"}]  # fmt: skip
    assert not Spend.objects.exists()


def test_a_member_reads_the_forecast_but_may_not_import(client, sign_in, pool, wychwood):
    from django.contrib.auth import get_user_model

    get_user_model().objects.create_user("stranger", password="x" * 16)
    sign_in("stranger")
    assert client.get(url("spend-import", pool)).status_code in (403, 404)
    assert client.post(f"{API}/{pool.pk}/spend", {"file": upload(QUARTER)}).status_code in (
        403,
        404,
    )
    assert not Spend.objects.exists()


def test_the_forecast_takes_the_same_queries_for_many_contracts(
    officer, wychwood, pool, django_assert_max_num_queries
):
    imported(pool, QUARTER)
    with django_assert_max_num_queries(40) as few:
        officer.get(url("spend-detail", pool))
    lines = []
    for number in range(12):
        reference = f"GL-MANY-{number:02d}"
        contract(wychwood, reference, "1000", service_type="floating", primary_client_group=21)
        lines.append(f"{reference},2009-04,100\n{reference},2009-05,100\n")
    imported(pool, "contract,period,amount\n" + "".join(lines))
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = officer.get(url("spend-detail", pool)).content.decode()
    assert "GL-MANY-11" in page

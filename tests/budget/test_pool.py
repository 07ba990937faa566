"""The pool (issue 17 item 1): per financial year, the grant and each partner's contribution
with the agreement's risk-share terms; totals computed, never typed; the year-end variance
shared to the penny (item 4). Pages, API (amounts as strings) and CSV; bad input refused
naming the field, nothing saved."""

import csv
import io
from decimal import Decimal
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from accord.audit.models import AuditEvent
from accord.budget import services
from accord.budget.models import Contribution, Pool
from accord.budget.selectors import pool_figures
from tests import factories
from tests.governance.register_data import partnership_with_officer

API = "/api/budget/partnerships/wychwood/pools"
JSON = "application/json"


@pytest.fixture
def wychwood(db):
    return partnership_with_officer()


@pytest.fixture
def partners(wychwood):
    return [
        factories.PartnerFactory(partnership=wychwood, name=name)
        for name in ("A County Council", "B District Council", "C District Council")
    ]


@pytest.fixture
def pool(wychwood, partners):
    pool = services.pool_create(
        actor=None,
        partnership=wychwood,
        financial_year=2009,
        grant=Decimal("18000000.00"),
        administering_authority=partners[0],
    )
    for partner, amount, share in zip(
        partners, ("3000000.00", "1000000.00", "450000.00"), ("50", "25", "25"), strict=True
    ):
        services.contribution_add(
            actor=None,
            pool=pool,
            partner=partner,
            amount=Decimal(amount),
            risk_share=Decimal(share),
        )
    return pool


@pytest.fixture
def officer(client, sign_in, wychwood):
    sign_in("wychwood-officer")
    return client


def url(name, partnership, *args):
    return reverse(f"budget:{name}", args=[partnership.slug, *args])


def test_the_pool_is_the_grant_plus_the_contributions(pool):
    figures = pool_figures(pool)
    assert figures.contributed == Decimal("4450000.00")
    assert figures.total == Decimal("22450000.00")
    assert figures.variance is None
    assert figures.shares == []


def test_an_overspend_is_shared_by_the_terms_not_the_contributions_to_the_penny(pool):
    # Outturn 100.01 over a pool of 22,450,000: an overspend of 100.01, shared 50/25/25
    # (not by contributions 3m/1m/0.45m); the odd penny goes to the largest remainder.
    services.pool_update(
        actor=None,
        pool=pool,
        grant=pool.grant,
        administering_authority=pool.administering_authority,
        outturn=Decimal("22450100.01"),
    )
    figures = pool_figures(Pool.objects.get(pk=pool.pk))
    assert figures.variance == Decimal("-100.01")
    assert [line.amount for line in figures.shares] == [
        Decimal("-50.01"),
        Decimal("-25.00"),
        Decimal("-25.00"),
    ]
    assert sum(line.amount for line in figures.shares) == figures.variance


def test_an_officer_opens_a_year_and_adds_contributions(officer, wychwood, partners):
    response = officer.post(
        url("pool-create", wychwood),
        {"financial_year": "2004", "grant": "24000000", "administering_authority": partners[0].pk},
    )
    pool = Pool.objects.get(partnership=wychwood)
    assert response["Location"] == url("pool-detail", wychwood, pool.pk)
    response = officer.post(
        url("contribution-create", wychwood, pool.pk),
        {"partner": partners[1].pk, "amount": "5200000.00", "risk_share": "12.5"},
    )
    assert response.status_code == 302
    page = officer.get(url("pool-detail", wychwood, pool.pk)).content.decode()
    assert "Pooled budget 2004/05" in page
    assert "£29,200,000.00" in page  # computed: 24m grant and 5.2m contribution
    assert "12.5%" in page
    assert AuditEvent.objects.filter(action="pool.create", actor_name="wychwood-officer")
    assert AuditEvent.objects.filter(action="contribution.create")


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("grant", "-5", "Enter an amount of 0 or more"),
        ("grant", "1,000", "Enter an amount in pounds"),
        ("grant", "£5", "Enter an amount in pounds"),
        ("grant", "1.234", "at most 2 decimal places"),
        ("grant", "", "Enter the grant"),
        ("financial_year", "2004/05", "Enter the year it starts in"),
        ("financial_year", "1066", "Enter a year from"),
    ],
)
def test_the_pool_form_refuses_bad_input_naming_the_field(officer, wychwood, field, value, message):
    data = {"financial_year": "2004", "grant": "100", field: value}
    response = officer.post(url("pool-create", wychwood), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert f'id="{field}-error"' in response.content.decode() or f"#id_{field}" in (
        response.content.decode()
    )
    assert not Pool.objects.exists()


def test_a_second_pool_for_a_year_is_refused_naming_the_year(officer, wychwood, pool):
    response = officer.post(url("pool-create", wychwood), {"financial_year": "2009", "grant": "1"})
    assert "already has a pool for that year" in response.content.decode()
    assert Pool.objects.count() == 1


@pytest.mark.parametrize(
    ("value", "message"),
    [("101", "100 or less"), ("-1", "0 or more"), ("x", "Enter the share as a number")],
)
def test_a_bad_risk_share_is_refused_naming_it(officer, wychwood, pool, partners, value, message):
    other: Any = factories.PartnerFactory(partnership=wychwood, name="D District Council")
    response = officer.post(
        url("contribution-create", wychwood, pool.pk),
        {"partner": other.pk, "amount": "1", "risk_share": value},
    )
    assert message in response.content.decode()
    assert not Contribution.objects.filter(partner=other).exists()


def test_a_partner_contributes_once_a_year(officer, wychwood, pool, partners):
    response = officer.post(
        url("contribution-create", wychwood, pool.pk),
        {"partner": partners[0].pk, "amount": "1", "risk_share": "1"},
    )
    assert "already contributes to this year" in response.content.decode()


def test_another_partnerships_partner_is_not_offered(officer, wychwood, pool):
    stranger: Any = factories.PartnerFactory(name="Elsewhere Borough Council")
    response = officer.post(
        url("contribution-create", wychwood, pool.pk),
        {"partner": stranger.pk, "amount": "1", "risk_share": "1"},
    )
    assert "Choose one of the partnership" in response.content.decode()
    assert not Contribution.objects.filter(partner=stranger).exists()


def test_the_page_shows_the_year_end_share(officer, wychwood, pool):
    services.pool_update(actor=None, pool=pool, grant=pool.grant, outturn=Decimal("22440000"))
    page = officer.get(url("pool-detail", wychwood, pool.pk)).content.decode()
    assert "an underspend of <strong>£10,000.00</strong>" in page
    assert "£5,000.00" in page
    assert "£2,500.00" in page


def test_a_member_reads_but_may_not_change(client, wychwood, pool):
    # A signed-in person with no seat in the partnership sees nothing of it.
    get_user_model().objects.create_user("stranger", password="x" * 16)
    client.force_login(get_user_model().objects.get(username="stranger"))
    assert client.get(url("pool-list", wychwood)).status_code in {403, 404}


def test_the_csv_gives_each_source_and_the_computed_total(officer, wychwood, pool):
    response = officer.get(url("pool-export", wychwood))
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert [row["source"] for row in rows] == [
        "grant",
        "contribution",
        "contribution",
        "contribution",
        "total",
    ]
    assert rows[0]["amount"] == "18000000.00"
    assert rows[-1]["amount"] == "22450000.00"
    assert rows[1]["risk_share_percent"] == "50"


def test_the_list_takes_the_same_queries_for_many_years(
    officer, wychwood, partners, django_assert_max_num_queries
):
    def years(start, count):
        for year in range(start, start + count):
            pool = factories.PoolFactory(partnership=wychwood, financial_year=year)
            for partner in partners:
                factories.ContributionFactory(pool=pool, partner=partner)

    years(2000, 2)
    with django_assert_max_num_queries(30) as few:
        officer.get(url("pool-list", wychwood))
    years(2010, 12)
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = officer.get(url("pool-list", wychwood)).content.decode()
    assert "2021/22" in page


def test_the_csv_takes_the_same_queries_for_many_years_each_share_to_the_penny(
    officer, wychwood, partners, django_assert_max_num_queries
):
    def years(start, count):
        for year in range(start, start + count):
            pool = factories.PoolFactory(
                partnership=wychwood, financial_year=year, outturn=Decimal("1000.01")
            )
            for partner in partners:
                factories.ContributionFactory(pool=pool, partner=partner)

    years(2000, 2)
    with django_assert_max_num_queries(30) as few:
        officer.get(url("pool-export", wychwood))
    years(2010, 12)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = officer.get(url("pool-export", wychwood))
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert len([row for row in rows if row["source"] == "total"]) == 14
    for year in {row["financial_year"] for row in rows}:
        shared = [
            Decimal(r["year_end_share"])
            for r in rows
            if r["financial_year"] == year and r["source"] == "contribution" and r["year_end_share"]
        ]
        total = next(r for r in rows if r["financial_year"] == year and r["source"] == "total")
        assert sum(shared) == Decimal(total["year_end_share"])


# ------------------------------------------------------------------ the API


def test_the_api_opens_a_pool_and_gives_amounts_as_strings(officer, wychwood, partners):
    response = officer.post(
        API,
        {"financial_year": 2004, "grant": "24000000", "administering_authority_id": partners[0].pk},
        content_type=JSON,
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["grant"] == "24000000.00"
    assert body["total"] == "24000000.00"
    assert body["financial_year_label"] == "2004/05"
    pool_id = body["id"]
    response = officer.post(
        f"{API}/{pool_id}/contributions",
        {"partner_id": partners[1].pk, "amount": "5200000", "risk_share": "12.5"},
        content_type=JSON,
    )
    assert response.status_code == 201, response.content
    assert response.json()["amount"] == "5200000.00"
    assert response.json()["risk_share"] == "12.5"
    detail = officer.get(f"{API}/{pool_id}").json()
    assert detail["total"] == "29200000.00"
    assert detail["contributions"][0]["partner"] == "B District Council"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"grant": 100}, "grant"),  # a number, not a string
        ({"grant": "1e3"}, "grant"),
        ({"grant": "-5"}, "grant"),
        ({"financial_year": 1066}, "financial_year"),
        ({"administering_authority_id": 999999}, "administering_authority_id"),
    ],
)
def test_the_api_refuses_bad_input_naming_the_field(officer, wychwood, changes, field):
    payload = {"financial_year": 2004, "grant": "1.00", **changes}
    response = officer.post(API, payload, content_type=JSON)
    assert response.status_code == 422
    assert field in response.content.decode()
    assert not Pool.objects.exists()


def test_the_api_refuses_a_second_contribution_naming_the_partner(officer, pool, partners):
    response = officer.post(
        f"{API}/{pool.pk}/contributions",
        {"partner_id": partners[0].pk, "amount": "1", "risk_share": "1"},
        content_type=JSON,
    )
    assert response.status_code in {409, 422}
    assert "already contributes" in response.content.decode()


def test_the_api_changes_the_outturn_from_the_version_read_and_shares_it(officer, pool):
    read = officer.get(f"{API}/{pool.pk}")
    change = {"grant": "18000000.00", "outturn": "22450100.01"}
    assert officer.put(f"{API}/{pool.pk}", change, content_type=JSON).status_code == 428
    response = officer.put(
        f"{API}/{pool.pk}", change, content_type=JSON, HTTP_IF_MATCH=read["ETag"]
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["variance"] == "-100.01"
    assert [line["amount"] for line in body["shares"]] == ["-50.01", "-25.00", "-25.00"]
    stale = officer.put(f"{API}/{pool.pk}", change, content_type=JSON, HTTP_IF_MATCH=read["ETag"])
    assert stale.status_code == 412

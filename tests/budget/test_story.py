"""The story in figures (issue 17 item 7): per partnership, the pool year by year by source
and client group, spend against plan and the redesign, each a server-drawn SVG chart with
its title, description and table beside it, a CSV of the figures, and the 2004/05 to
2009/10 reduction computed from them."""

import csv
import io
from decimal import Decimal

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

API = "/api/budget/partnerships/gloucestershire/story"


@pytest.fixture
def admin(client, sign_in, django_user_model):
    django_user_model.objects.create_superuser("story-admin", password="x" * 16)
    sign_in("story-admin")
    return client


def test_gloucestershires_story_computes_the_reduction_and_draws_each_chart(demo, admin):
    page = admin.get(reverse("budget:story", args=["gloucestershire"])).content.decode()
    assert "a reduction of <strong>£6,745,100.00</strong>" in page
    assert page.count("<svg") == 4
    assert page.count("<title") >= 4
    assert page.count("<desc") >= 4
    assert page.count('<table class="govuk-table">') == 4
    for heading in ("The pool by source", "By client group", "Spend against plan"):
        assert heading in page
    assert "Floating support" in page
    assert "Accommodation based" in page
    assert "illustrative" in page
    assert "<script" not in page.split("</main>")[0].split("<main")[1]


def test_the_story_csv_holds_the_figures_and_the_reduction(demo, admin):
    response = admin.get(reverse("budget:story-export", args=["gloucestershire"]))
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    pools = {r["financial_year"]: Decimal(r["amount"]) for r in rows if r["row"] == "The pool"}
    reduction = next(r for r in rows if r["figure"] == "reduction")
    assert Decimal(reduction["amount"]) == pools["2004/05"] - pools["2009/10"]
    assert reduction["amount"] == "6745100.00"
    assert pools["2004/05"] > Decimal("29000000")
    assert all(r["illustrative"] == "illustrative" for r in rows)
    # The redesign: floating support grows against accommodation-based services.
    floating = {
        r["financial_year"]: Decimal(r["amount"])
        for r in rows
        if r["figure"] == "delivery_model" and r["row"] == "Floating support"
    }
    accommodation = {
        r["financial_year"]: Decimal(r["amount"])
        for r in rows
        if r["figure"] == "delivery_model" and r["row"] == "Accommodation based"
    }
    assert floating["2009/10"] / pools["2009/10"] > floating["2004/05"] / pools["2004/05"]
    assert accommodation["2009/10"] < accommodation["2004/05"]


def test_the_api_gives_the_story_with_amounts_as_strings(demo, admin):
    story = admin.get(API).json()
    assert story["years"][0] == "2004/05"
    assert story["years"][-1] == "2009/10"
    assert story["change"]["reduction"] == "6745100.00"
    sources = next(f for f in story["figures"] if f["figure"] == "source")
    pool = next(row for row in sources["rows"] if row["label"] == "The pool")
    assert pool["values"][0] == story["change"]["first_total"]
    # Sources add up to the pool every year.
    for year in range(len(story["years"])):
        parts = [Decimal(row["values"][year] or 0) for row in sources["rows"] if row is not pool]
        assert sum(parts) == Decimal(pool["values"][year])


def test_the_story_takes_a_fixed_number_of_queries(demo, admin, django_assert_max_num_queries):
    with django_assert_max_num_queries(30) as glos:
        admin.get(reverse("budget:story", args=["gloucestershire"]))
    with django_assert_max_num_queries(len(glos.captured_queries)):
        admin.get(reverse("budget:story", args=["oxfordshire"]))

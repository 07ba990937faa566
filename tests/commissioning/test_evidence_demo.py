"""`accord demo` gives Gloucestershire and Oxfordshire their needs evidence for 2003/04 to
2010/11: usage by client group, homelessness acceptances by district and by priority
need, and a projection; every figure invented and marked illustrative, on the page too;
consistent with itself; loaded once however often the demo runs."""

from decimal import Decimal

import pytest
from django.db.models import Sum

from accord.commissioning.models import Dataset, DatasetKind, Figure
from accord.demo.evidence import PRIORITY_NEEDS, SHARES
from accord.demo.services import demo_load


def test_the_demos_shares_and_priority_needs_add_up_to_the_whole():
    assert all(sum(shares.values()) == 1 for shares in SHARES.values())
    assert sum(share for _, share in PRIORITY_NEEDS) == 1


@pytest.mark.django_db
def test_each_county_has_its_evidence_for_every_year_all_illustrative(demo):
    for slug in ("gloucestershire", "oxfordshire"):
        datasets = Dataset.objects.filter(partnership__slug=slug)
        assert {d.kind for d in datasets} == set(DatasetKind.values)
        for dataset in datasets:
            years = set(dataset.figures.values_list("financial_year", flat=True))
            assert years == set(range(2003, 2011)), dataset.title
            assert dataset.is_illustrative("source")
        figures = Figure.objects.filter(partnership__slug=slug)
        assert not figures.exclude(illustrative=["value"]).exists()
        usage = Dataset.objects.get(partnership__slug=slug, kind=DatasetKind.USAGE)
        assert len(set(usage.figures.values_list("client_group", flat=True))) >= 10


@pytest.mark.django_db
def test_acceptances_by_priority_need_add_up_to_the_districts_acceptances(demo):
    for slug in ("gloucestershire", "oxfordshire"):
        totals = {}
        for title in (
            "Statutory homelessness acceptances",
            "Homelessness acceptances by priority need",
        ):
            sums = (
                Figure.objects.filter(dataset__partnership__slug=slug, dataset__title=title)
                .values("financial_year")
                .annotate(total=Sum("value"))
            )
            totals[title] = {row["financial_year"]: row["total"] for row in sums}
        by_district, by_need = totals.values()
        assert by_district == by_need
        assert by_district[2003] > by_district[2009]  # acceptances fell over the programme


@pytest.mark.django_db
def test_the_dataset_page_says_its_figures_are_illustrative(client, demo):
    dataset = Dataset.objects.get(
        partnership__slug="gloucestershire", title="Statutory homelessness acceptances"
    )
    assert dataset.is_public
    page = client.get(f"/partnerships/gloucestershire/evidence/{dataset.pk}/").content.decode()
    assert "Illustrative figures: invented for the demonstration" in page
    assert "The figures are illustrative" in page  # in the charts' descriptions
    export = client.get(f"/partnerships/gloucestershire/evidence/{dataset.pk}/figures.csv")
    lines = export.content.decode().splitlines()
    assert all(line.endswith(",value") for line in lines[1:])


@pytest.mark.django_db
def test_the_evidence_is_loaded_once():
    demo_load()
    first = Figure.objects.count()
    report = demo_load()
    assert Figure.objects.count() == first
    assert report.created.get("datasets of needs evidence", 0) == 0
    assert report.present["datasets of needs evidence"] == 8
    assert Figure.objects.aggregate(total=Sum("value"))["total"] > Decimal(0)

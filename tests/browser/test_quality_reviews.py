"""A programme officer of Gloucestershire follows the demo's service quality reviews in
the browser (issue 18): the list names the service below the minimum and the overdue
action; the flagged review shows its grades and plan; the officer plans a review and
records the provider's self-assessment, a refused one first. Every page passes axe-core."""

import datetime

import pytest
from playwright.sync_api import Page, expect

from accord.commissioning.models import Service
from accord.performance.review_models import Review, ReviewStatus

from .conftest import axe_violations, fill_date, sign_in_verified


@pytest.mark.django_db(transaction=True)
def test_an_officer_follows_the_quality_reviews_and_records_a_self_assessment(
    page: Page, live_server, demo
):
    from django.contrib.auth import get_user_model

    from accord.governance.services import programme_officer_appoint
    from accord.partnerships.models import Partnership

    glos = Partnership.objects.get(slug="gloucestershire")
    programme_officer_appoint(
        actor=None,
        partnership=glos,
        user=get_user_model().objects.get(username="officer"),
        start_date=datetime.date(2003, 4, 1),
    )
    sign_in_verified(page, live_server, "officer")
    page.goto(f"{live_server.url}/partnerships/gloucestershire/")
    page.get_by_role("link", name="Service quality reviews").click()
    expect(page.get_by_role("heading", name="Service quality reviews")).to_be_visible()
    expect(page.get_by_text("Brunswick Road dry house").first).to_be_visible()
    expect(page.get_by_text("Commission a fire risk assessment")).to_be_visible()
    assert axe_violations(page) == []

    # The warning above the list names the flagged service: its own reviews page.
    page.get_by_role("link", name="GLOS-0013 Brunswick Road dry house").first.click()
    expect(page.get_by_text("This service is below the minimum (D)")).to_be_visible()
    assert axe_violations(page) == []
    page.get_by_role("link", name="31 December 2009").click()
    expect(page.get_by_text("Below the minimum: graded D")).to_be_visible()
    assert axe_violations(page) == []

    page.goto(f"{live_server.url}/partnerships/gloucestershire/performance/reviews/")
    page.get_by_role("link", name="Plan a review").click()
    sheltered = Service.objects.get(reference="GLOS-0001")
    page.get_by_label("Service", exact=True).select_option(value=str(sheltered.pk))
    fill_date(page, "Due by", 31, 3, 2010)
    page.get_by_role("button", name="Plan the review").click()
    expect(page.get_by_text("Review planned")).to_be_visible()
    assert axe_violations(page) == []

    page.get_by_role("link", name="Record the provider's self-assessment").click()
    fill_date(page, "Self-assessment received on", 1, 2, 2010)
    page.get_by_role("button", name="Record the self-assessment").click()
    expect(page.get_by_text("Choose a grade for C1.1").first).to_be_visible()
    assert axe_violations(page) == []
    for n in range(1, 8):
        page.get_by_role("group", name=f"C1.{n} ", exact=False).get_by_label(
            "C: meets the minimum"
        ).check()
    page.get_by_role("button", name="Record the self-assessment").click()
    expect(page.get_by_text("Self-assessment recorded")).to_be_visible()
    review = Review.objects.filter(partnership=glos, service__reference="GLOS-0001").get()
    assert review.status == ReviewStatus.SELF_ASSESSED

"""Oxfordshire's programme officer records a complaint about a provider as it happens:
received, acknowledged, answered at stage 1, escalated (refused first for the same handler),
then a colleague handles stage 2, answers it with a lesson learnt and an improvement action,
and the complainant's referral to the ombudsman is recorded; the quarterly analysis then
counts it. Every page of the walk, and the refusal, passes axe-core (WCAG 2.2 AA)."""

import datetime

import pytest
from playwright.sync_api import Page, expect

from .conftest import axe_violations, fill_date, screenshot, sign_in_verified

NAME = "Dana Invented"  # a fictional complainant
RECEIVED = datetime.date(2026, 10, 1)  # 2026-27 Q3, where the demo has no complaint received


def checked(page: Page, name: str) -> None:
    """axe-core finds nothing on the page as it stands; a screenshot is kept."""
    screenshot(page, f"complaints-{name}")
    assert axe_violations(page) == [], name


def step(page: Page, name: str) -> None:
    """Follow one of the complaint page's steps (a link styled as a button)."""
    page.get_by_role("button", name=name).click()
    checked(page, name.lower().replace(" ", "-").replace("'", ""))


@pytest.mark.django_db(transaction=True)
def test_an_officer_takes_a_complaint_through_both_stages_to_the_ombudsman(
    page: Page, live_server, demo
):
    from django.contrib.auth import get_user_model

    from accord.commissioning.models import Provider
    from accord.complaints import analysis
    from accord.complaints.models import Complaint, Referral, Stage
    from accord.governance.services import programme_officer_appoint
    from accord.partnerships.models import Partnership

    oxfordshire = Partnership.objects.get(slug="oxfordshire")
    officer = get_user_model().objects.get(username="officer")
    colleague = get_user_model().objects.create_user(
        "colleague", password="x" * 16, first_name="Colm", last_name="Colleague"
    )
    programme_officer_appoint(
        actor=None, partnership=oxfordshire, user=colleague, start_date=datetime.date(2026, 4, 1)
    )
    provider = Provider.objects.filter(partnership=oxfordshire).order_by("name").first()
    assert provider is not None
    from django.utils import timezone

    today = timezone.localdate()
    before = {q.name: q for q in analysis.quarterly(oxfordshire, today=today)}.get("2026-27 Q3")

    sign_in_verified(page, live_server, "officer")
    page.goto("/partnerships/oxfordshire/complaints/")
    expect(page.get_by_role("heading", name="Complaints", exact=True)).to_be_visible()
    checked(page, "list")
    page.get_by_role("button", name="Record a complaint received").click()
    expect(page.get_by_role("heading", name="Record a complaint received")).to_be_visible()
    checked(page, "receive")
    page.get_by_label("A provider and its service").check()
    page.get_by_label("Provider (for a complaint about a provider)").select_option(str(provider.pk))
    page.get_by_label("Complaint", exact=True).check()
    fill_date(page, "Date received", RECEIVED.day, RECEIVED.month, RECEIVED.year)
    page.get_by_label("How it was received").select_option("letter")
    page.get_by_label("Who handles stage 1 (for a complaint)").select_option(str(officer.pk))
    page.get_by_label("Complainant's name").fill(NAME)
    page.get_by_label("What the complaint says").fill("My support worker missed three visits.")
    page.get_by_role("button", name="Record the complaint").click()

    expect(page.get_by_text("Complaint recorded")).to_be_visible()
    complaint = Complaint.objects.get(complainant_name=NAME)
    expect(page.get_by_role("heading", name=f"Complaint {complaint.pk}")).to_be_visible()
    # Received Thursday 1 October: acknowledgement due 5 working days later.
    expect(page.get_by_text("Thursday 8 October 2026")).to_be_visible()
    checked(page, "received")

    step(page, "Record stage 1's acknowledgement")
    fill_date(page, "Date acknowledged", 2, 10, 2026)
    page.get_by_role("button", name="Record the acknowledgement").click()
    expect(page.get_by_text("Acknowledgement recorded")).to_be_visible()
    checked(page, "acknowledged")

    step(page, "Record stage 1's response")
    fill_date(page, "Date of the response", 9, 10, 2026)
    page.get_by_label("Not upheld").check()
    page.get_by_label("Communications issue").check()
    page.get_by_role("button", name="Record the response").click()
    expect(page.get_by_text("Response recorded")).to_be_visible()
    checked(page, "answered-at-stage-1")

    step(page, "Escalate to stage 2")
    fill_date(page, "Date the complainant asked for stage 2", 12, 10, 2026)
    page.get_by_label("Who handles stage 2").select_option(str(officer.pk))
    page.get_by_role("button", name="Escalate").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Stage 2 must be handled by someone other than stage 1's handler"
    )
    assert not Stage.objects.filter(complaint=complaint, number=2).exists()
    checked(page, "escalate-refused")
    page.get_by_label("Who handles stage 2").select_option(str(colleague.pk))
    page.get_by_role("button", name="Escalate").click()
    expect(page.get_by_text("Escalated to stage 2")).to_be_visible()
    checked(page, "escalated")

    # The colleague handles stage 2: they see the complainant's details, as its handler.
    sign_in_verified(page, live_server, "colleague")
    page.goto(f"/partnerships/oxfordshire/complaints/{complaint.pk}/")
    expect(page.get_by_text(NAME)).to_be_visible()
    step(page, "Record stage 2's acknowledgement")
    fill_date(page, "Date acknowledged", 13, 10, 2026)
    page.get_by_role("button", name="Record the acknowledgement").click()
    step(page, "Record stage 2's response")
    fill_date(page, "Date of the response", 2, 11, 2026)
    page.get_by_label("Partly upheld").check()
    page.get_by_label("Remedy offered (optional)").fill("An apology and a new visit rota")
    page.get_by_label("Service failure").check()
    page.get_by_role("button", name="Record the response").click()
    expect(page.get_by_text("Response recorded")).to_be_visible()
    expect(page.get_by_text("Partly upheld")).to_be_visible()
    expect(page.get_by_text("Service failure", exact=True)).to_be_visible()
    checked(page, "answered-at-stage-2")

    step(page, "Record a lesson learnt")
    page.get_by_label("What was learnt").fill("Visits missed in sickness were not rearranged")
    page.get_by_role("button", name="Record the lesson").click()
    expect(page.get_by_text("Lesson recorded")).to_be_visible()
    step(page, "Add an improvement action")
    page.get_by_label("The lesson it follows from").select_option(index=1)
    page.get_by_label("Improvement action").fill("A cover rota for sickness")
    page.get_by_label("Owner").fill("Supporting People Team")
    fill_date(page, "Due date", 30, 11, 2026)
    page.get_by_role("button", name="Add the action").click()
    expect(page.get_by_role("cell", name="A cover rota for sickness")).to_be_visible()
    checked(page, "lesson-and-action")

    step(page, "Record a referral to the ombudsman")
    fill_date(page, "Date referred to the ombudsman", 16, 11, 2026)
    page.get_by_role("button", name="Record the referral").click()
    expect(page.get_by_text("Referral recorded")).to_be_visible()
    expect(
        page.get_by_role(
            "heading", name="Referral to the Local Government and Social Care Ombudsman"
        )
    ).to_be_visible()
    checked(page, "referred")
    assert Referral.objects.get(complaint=complaint).ombudsman == "lgsco"

    page.goto("/partnerships/oxfordshire/complaints/analysis/")
    quarters = page.get_by_role("table", name="Each quarter", exact=True)
    row = quarters.locator("tr", has=page.get_by_role("rowheader", name="2026-27 Q3"))
    received = (before.received if before else 0) + 1
    referrals = (before.referrals if before else 0) + 1
    cells = row.locator("td")
    expect(cells.nth(0)).to_have_text(str(received))
    expect(cells.nth(5)).to_contain_text("Service failure")
    expect(cells.nth(6)).to_have_text(str(referrals))
    checked(page, "analysis")

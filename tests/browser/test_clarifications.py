"""A provider's person finds an open tender from the home page, asks a clarification
question; the programme team answers it in words that name no one; a visitor reads the
answer without learning who asked. Each page passes axe-core (issue 16)."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from accord.commissioning import services as commissioning
from accord.procurement import services
from tests import factories
from tests.procurement.test_services import World, strategy

from .conftest import axe_violations, screenshot, sign_in_verified


@pytest.mark.django_db(transaction=True)
def test_a_question_is_asked_answered_and_published_without_its_asker(page: Page, live_server):
    w = World()
    factories.ProgrammeOfficerFactory(partnership=w.partnership, user=w.officer)
    factories.UserFactory(username="cherwell-staff")
    commissioning.provider_staff_add(
        actor=None, provider=w.providers[1], username="cherwell-staff",
        start_date=datetime.date(2003, 4, 1),
    )  # fmt: skip
    now = timezone.now()
    tender = strategy(w, notice_on=now.date(), deadline=now + datetime.timedelta(days=20))
    services.procurement_open(
        actor=w.officer, procurement=tender, decision=w.decision("tendering_strategy"), now=now
    )

    sign_in_verified(page, live_server, "cherwell-staff")
    page.goto("/")
    page.get_by_role("link", name="Bids and tenders, Oxfordshire").click()
    expect(page.get_by_role("heading", name="Your bids")).to_be_visible()
    assert axe_violations(page) == []
    page.get_by_role("link", name="questions and answers of OX-FS-2025").click()
    expect(page.get_by_role("heading", name="Clarification questions")).to_be_visible()
    assert axe_violations(page) == []
    page.get_by_role("link", name="Ask a question").click()
    page.get_by_label("Your question").fill("Cherwell Housing Trust asks: is TUPE likely?")
    assert axe_violations(page) == []
    page.get_by_role("button", name="Send the question").click()
    expect(page.get_by_text("Question sent")).to_be_visible()
    screenshot(page, "clarification-asked")

    page.context.clear_cookies()
    sign_in_verified(page, live_server, "officer")
    page.goto(f"/partnerships/oxon/procurements/{tender.pk}/clarifications/")
    page.get_by_role("link", name="Answer question 1").click()
    page.get_by_label("The question as it will be published").fill("Is TUPE likely to apply?")
    page.get_by_label("Answer").fill("Yes: the staff of the current services transfer.")
    assert axe_violations(page) == []
    page.get_by_role("button", name="Publish the answer").click()
    expect(page.get_by_text("Question 1 answered and published")).to_be_visible()
    screenshot(page, "clarification-answered")

    page.context.clear_cookies()
    page.goto(f"/partnerships/oxon/procurements/{tender.pk}/clarifications/")
    expect(page.get_by_text("Is TUPE likely to apply?")).to_be_visible()
    expect(page.get_by_text("Cherwell")).to_have_count(0)
    screenshot(page, "clarifications-public")
    assert axe_violations(page) == []

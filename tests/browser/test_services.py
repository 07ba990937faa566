"""The services directory: a programme officer adds a service; a visitor finds it through
the directory's filters and reads its page, history and the decision behind a change;
every page on the way is accessible (axe-core, WCAG 2.2 AA)."""

import pytest
from playwright.sync_api import expect

from accord.commissioning.models import Service

from .conftest import axe_violations, fill_date, screenshot, sign_in_verified


@pytest.mark.django_db(transaction=True)
def test_an_officer_adds_a_service_and_a_visitor_finds_it(page, live_server, demo):
    sign_in_verified(page, live_server, "officer")
    page.goto("/partnerships/oxfordshire/")
    page.get_by_role("link", name="Services directory").click()
    page.get_by_role("link", name="Add a service").click()
    page.get_by_label("Service reference").fill("OXON-0099")
    page.get_by_label("Provider").select_option(label="Cherwell Young People's Housing Trust")
    page.get_by_label("Service name").fill("Bicester teenage parents floating support")
    page.get_by_label("Service type").select_option(label="Floating support")
    page.get_by_role("group", name="Short or long-term").get_by_label(
        "Short-term (under two years, people move on)"
    ).check()
    page.get_by_role("group", name="Delivery model").get_by_label("Floating support").check()
    page.get_by_label("Primary client group").select_option(label="Teenage parents")
    page.get_by_label("Contracted capacity").fill("12")
    page.get_by_role("group", name="Capacity counted in").get_by_label("Places").check()
    page.get_by_role("group", name="Districts covered (optional)").get_by_label(
        "Cherwell District Council"
    ).check()
    fill_date(page, "Start date", 1, 4, 2010)
    page.get_by_role("group", name="Status").get_by_label("Planned").check()
    assert axe_violations(page) == []
    page.get_by_role("button", name="Add service").click()
    expect(page.get_by_text("Service added")).to_be_visible()
    assert Service.objects.filter(reference="OXON-0099").exists()

    page.context.clear_cookies()
    page.goto("/partnerships/oxfordshire/services/")
    expect(page.get_by_role("heading", name="Services directory", level=1)).to_be_visible()
    assert axe_violations(page) == []
    page.get_by_label("Client group").select_option(label="Teenage parents")
    page.get_by_label("District").select_option(label="Cherwell District Council")
    page.get_by_role("button", name="Filter").click()
    result = page.get_by_role("link", name="Bicester teenage parents floating support")
    expect(result).to_be_visible()
    expect(page.get_by_role("link", name="Banbury Teenage Parents Project")).to_be_visible()
    expect(page.get_by_role("link", name="Luther Street direct access hostel")).to_have_count(0)
    screenshot(page, "services-directory")
    assert axe_violations(page) == []
    result.click()
    expect(page.get_by_role("heading", name="History")).to_be_visible()
    expect(page.get_by_text("Entered in the directory")).to_be_visible()
    assert axe_violations(page) == []


@pytest.mark.django_db(transaction=True)
def test_a_visitor_reads_the_wardens_history_and_its_decisions(page, live_server, demo):
    wardens = Service.objects.get(reference="OXON-0001")
    page.goto(f"/partnerships/oxfordshire/services/{wardens.pk}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("resident wardens")
    expect(page.get_by_role("link", name="Strategy 2004-09")).to_be_visible()
    expect(page.get_by_role("link", name="Strategy 2008-11").first).to_be_visible()
    expect(page.get_by_role("cell", name="Marriotts Close").first).to_be_visible()
    expect(page.get_by_role("link", name="Change")).to_have_count(0)
    screenshot(page, "service-wardens")
    assert axe_violations(page) == []

"""Issue 15's walk, end to end: a programme officer of Oxfordshire adds a provider (a bad
postcode first, then a real one), a service it runs, and a contract with it covering that
service, entered as let on the carried tender award that authorised it; the award's page
lists the contract. A visitor who is not signed in then finds the service through the
public services directory and the contract on the Transparency Code register. Every page
of the walk passes axe-core (WCAG 2.2 AA)."""

import pytest
from playwright.sync_api import expect

from accord.commissioning.models import Contract, Provider, Service
from accord.decisions.models import Proposal, ProposalKind, ProposalState

from .conftest import axe_violations, fill_date, screenshot, sign_in_verified

AWARD = "Award of the tenders for new services starting in 2009 (Oxfordshire)"


@pytest.mark.django_db(transaction=True)
def test_an_officer_commissions_a_service_and_the_public_finds_it(page, live_server, demo):
    sign_in_verified(page, live_server, "officer")

    # (1) A provider, through the provider form: a bad postcode is refused on its field.
    page.goto("/partnerships/oxfordshire/providers/")
    assert axe_violations(page) == []
    page.get_by_role("link", name="Add a provider").click()
    page.get_by_label("Legal name").fill("Thames Valley Move-On Trust")
    page.get_by_role("group", name="Kind of provider").get_by_label(
        "Voluntary and community sector"
    ).check()
    page.get_by_label("Companies House number").fill("07654321")
    page.get_by_label("Address line 1").fill("12 Cowley Road")
    page.get_by_label("Town or city").fill("Oxford")
    page.get_by_label("Postcode").fill("OX4 ZZZ")
    assert axe_violations(page) == []
    page.get_by_role("button", name="Add provider").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    summary_link = page.get_by_role("link", name="Enter a real UK postcode, for example OX1 1ND")
    expect(summary_link).to_have_attribute("href", "#id_postcode")
    expect(page.locator(".govuk-error-message")).to_have_text(
        "Error: Enter a real UK postcode, for example OX1 1ND"
    )
    assert not Provider.objects.filter(name="Thames Valley Move-On Trust").exists()
    assert axe_violations(page) == []
    page.get_by_label("Postcode").fill("OX4 1AW")
    page.get_by_role("button", name="Add provider").click()
    expect(page.get_by_role("heading", name="Thames Valley Move-On Trust", level=1)).to_be_visible()
    provider = Provider.objects.get(
        partnership__slug="oxfordshire", name="Thames Valley Move-On Trust"
    )
    assert (provider.company_number, provider.postcode) == ("07654321", "OX4 1AW")
    assert axe_violations(page) == []

    # (2) A service it runs, through the service form.
    page.goto("/partnerships/oxfordshire/services/")
    assert axe_violations(page) == []
    page.get_by_role("link", name="Add a service").click()
    page.get_by_label("Service reference").fill("OXON-0098")
    page.get_by_label("Provider").select_option(label="Thames Valley Move-On Trust")
    page.get_by_label("Service name").fill("Cowley move-on floating support")
    page.get_by_label("Service type").select_option(label="Floating support")
    page.get_by_role("group", name="Short or long-term").get_by_label(
        "Short-term (under two years, people move on)"
    ).check()
    page.get_by_role("group", name="Delivery model").get_by_label("Floating support").check()
    page.get_by_label("Primary client group").select_option(
        label="Single homeless people with support needs"
    )
    page.get_by_label("Contracted capacity").fill("30")
    page.get_by_role("group", name="Capacity counted in").get_by_label("Places").check()
    page.get_by_role("group", name="Districts covered (optional)").get_by_label(
        "Oxford City Council"
    ).check()
    fill_date(page, "Start date", 1, 4, 2010)
    page.get_by_role("group", name="Status").get_by_label("Commissioned", exact=True).check()
    assert axe_violations(page) == []
    page.get_by_role("button", name="Add service").click()
    expect(page.get_by_text("Service added")).to_be_visible()
    service = Service.objects.get(reference="OXON-0098")
    assert service.provider == provider
    assert axe_violations(page) == []

    # (3) A contract with the provider for that service, let on the carried tender award.
    award = Proposal.objects.get(
        partnership__slug="oxfordshire",
        kind=ProposalKind.TENDER_AWARD,
        title=AWARD,
        state=ProposalState.CARRIED,
    )
    page.goto("/partnerships/oxfordshire/contracts/add/")
    expect(page.get_by_role("heading", name="Add a contract")).to_be_visible()
    page.get_by_label("Contract reference").fill("OXON-C-0000-T")
    page.get_by_label("Title").fill("Cowley move-on floating support 2010-13")
    page.get_by_label("Provider").select_option(label="Thames Valley Move-On Trust")
    page.get_by_role("group", name="Services it covers").get_by_label(
        "OXON-0098 Cowley move-on floating support", exact=False
    ).check()
    page.get_by_role("group", name="Form of contract").get_by_label("Block contract").check()
    page.get_by_role("group", name="How it was let").get_by_label(
        "Published invitation to tender"
    ).check()
    page.get_by_label("Department responsible").fill("Supporting People team")
    fill_date(page, "Start date", 1, 4, 2010)
    fill_date(page, "End date", 31, 3, 2013)
    page.get_by_role("group", name="Status").get_by_label(
        "Let (choose the decision that authorised it)"
    ).check()
    page.get_by_label("Decision that authorised it", exact=True).select_option(
        label=f"{award.get_kind_display()}: {award.title}, carried {award.decided_on:%-d %B %Y}"
    )
    assert axe_violations(page) == []
    page.get_by_role("button", name="Add contract").click()
    expect(
        page.get_by_role("heading", name="Cowley move-on floating support 2010-13", level=1)
    ).to_be_visible()
    contract = Contract.objects.get(reference="OXON-C-0000-T")
    assert (contract.status, contract.decision_id) == ("let", award.pk)
    assert list(contract.services.all()) == [service]
    assert axe_violations(page) == []

    # Its value for a year, through the contract's value form: over the Code's 5,000 pounds.
    page.get_by_role("link", name="Record a year's value").click()
    page.get_by_label("Financial year").select_option(label="2010/11")
    page.get_by_label("Value in the year, in pounds").fill("84500.00")
    assert axe_violations(page) == []
    page.get_by_role("button", name="Record").click()
    expect(page.get_by_role("cell", name="£84,500.00").first).to_be_visible()
    screenshot(page, "walk-contract")
    assert axe_violations(page) == []

    # The award's page lists the contract under what it authorised.
    page.get_by_role("link", name=AWARD).click()
    expect(page.get_by_role("heading", name="What it authorised")).to_be_visible()
    expect(page.get_by_role("link", name="OXON-C-0000-T").first).to_be_visible()
    assert axe_violations(page) == []

    # (4) A visitor, not signed in, finds the service and the contract.
    page.context.clear_cookies()
    page.goto("/partnerships/oxfordshire/services/")
    expect(page.get_by_role("heading", name="Services directory", level=1)).to_be_visible()
    assert axe_violations(page) == []
    page.get_by_label("Client group").select_option(
        label="Single homeless people with support needs"
    )
    page.get_by_label("Search").fill("Cowley move-on")
    page.get_by_role("button", name="Filter").click()
    result = page.get_by_role("link", name="Cowley move-on floating support")
    expect(result).to_be_visible()
    assert axe_violations(page) == []
    result.click()
    expect(
        page.get_by_role("heading", name="Cowley move-on floating support", level=1)
    ).to_be_visible()
    expect(page.get_by_text("Thames Valley Move-On Trust").first).to_be_visible()
    assert axe_violations(page) == []

    page.goto("/partnerships/oxfordshire/")
    assert axe_violations(page) == []
    page.get_by_role("link", name="Contracts register").click()
    expect(page.get_by_role("heading", name="Contracts register", exact=True)).to_be_visible()
    expect(
        page.get_by_role("heading", name="OXON-C-0000-T: Cowley move-on floating support 2010-13")
    ).to_be_visible()
    entry = page.locator("h3:has-text('OXON-C-0000-T') + dl")
    expect(entry).to_contain_text("Thames Valley Move-On Trust")
    expect(entry).to_contain_text("07654321")
    expect(entry).to_contain_text("£84,500.00")
    screenshot(page, "walk-transparency-register")
    assert axe_violations(page) == []

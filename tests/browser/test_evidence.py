"""An officer imports a file of needs evidence: a bad file's problems are listed by row
and column, a good one is charted with its table beside it; every page is accessible."""

import pytest
from playwright.sync_api import expect

from accord.commissioning.models import Dataset

from .conftest import axe_violations, screenshot, sign_in_verified

HEADINGS = "financial_year,district,client_group,category,value\n"


@pytest.mark.django_db(transaction=True)
def test_an_officer_imports_evidence_and_reads_its_chart(page, live_server, demo, tmp_path):
    sign_in_verified(page, live_server, "officer")
    page.goto("/partnerships/oxfordshire/")
    page.get_by_role("link", name="Needs evidence").click()
    expect(page.get_by_role("heading", name="Needs evidence", level=1)).to_be_visible()
    assert axe_violations(page) == []

    page.get_by_role("link", name="People supported by client group").click()
    chart = page.get_by_role("img", name="People supported by client group, the whole area")
    expect(chart.first).to_be_visible()
    expect(page.get_by_text("Illustrative figures: invented for the demonstration")).to_be_visible()
    expect(
        page.get_by_role("rowheader", name="7 Single homeless people with support needs")
    ).to_be_visible()
    screenshot(page, "evidence-dataset")
    assert axe_violations(page) == []

    page.get_by_label("Break down by").select_option(label="District")
    page.get_by_label("Area", exact=True).select_option(label="Oxford City Council")
    page.get_by_role("button", name="Show").click()
    expect(page.get_by_role("rowheader", name="Oxford City Council")).to_be_visible()
    assert axe_violations(page) == []

    page.goto("/partnerships/oxfordshire/evidence/add/")
    page.get_by_label("Statutory homelessness").check()
    page.get_by_label("Title", exact=True).fill("Acceptances reported in 2011")
    page.get_by_label("Source", exact=True).fill("The districts' P1E returns")
    page.get_by_label("Households").check()
    page.get_by_role("button", name="Add dataset").click()
    expect(page.get_by_role("heading", name="Import figures")).to_be_visible()

    bad = tmp_path / "bad.csv"
    bad.write_text(HEADINGS + "2010/11,Swindon,,Acceptances,5\n2010/11,,,Acceptances,-1\n")
    page.get_by_label("CSV file of figures").set_input_files(str(bad))
    page.get_by_role("button", name="Import figures").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Row 2, column district: 'Swindon' is not a district")
    expect(summary).to_contain_text("Row 3, column value: A value cannot be negative")
    screenshot(page, "evidence-import-error")
    assert axe_violations(page) == []
    dataset = Dataset.objects.get(title="Acceptances reported in 2011")
    assert not dataset.figures.exists()

    good = tmp_path / "good.csv"
    good.write_text(
        HEADINGS
        + "2009/10,Cherwell District Council,,Acceptances,120\n"
        + "2010/11,Cherwell District Council,,Acceptances,131\n"
        + "2010/11,Oxford City Council,,Acceptances,160\n"
    )
    page.get_by_label("CSV file of figures").set_input_files(str(good))
    page.get_by_role("button", name="Import figures").click()
    expect(page.get_by_text("3 figures imported for 2009/10, 2010/11")).to_be_visible()
    expect(
        page.get_by_role("img", name="Acceptances reported in 2011, the whole area").first
    ).to_be_visible()
    assert axe_violations(page) == []

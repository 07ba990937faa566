"""The financial manager (the programme officer's account in the demo) imports a quarter's
spend from the administering authority's ledger as a CSV file, sees the forecast
overspend by line and on the budget page, reads the year-end share of a closed year, and
the story in figures. A bad file first: its problems listed by row and column, nothing
stored. Every page of the walk passes axe-core."""

from decimal import Decimal

import pytest
from playwright.sync_api import FilePayload, Page, expect

from .conftest import axe_violations, screenshot, sign_in_verified

BAD = b"contract,period,amount\nOXON-NOPE,Q3,10\n"


def csv_file(name: str, content: bytes) -> FilePayload:
    return {"name": name, "mimeType": "text/csv", "buffer": content}


def ledger_quarter() -> bytes:
    """Oxfordshire's third quarter of 2009/10: the sheltered housing wardens at half as much
    again as their contracts' rate, everything else on its rate (illustrative)."""
    from accord.commissioning.models import ContractValue

    rows = []
    for value in (
        ContractValue.objects.filter(partnership__slug="oxfordshire", financial_year=2009)
        .select_related("contract")
        .prefetch_related("contract__services")
    ):
        kinds = {service.service_type for service in value.contract.services.all()}
        rate = Decimal("1.5") if "sheltered" in kinds else Decimal(1)
        amount = (value.amount / 4 * rate).quantize(Decimal("0.01"))
        rows.append(f"{value.contract.reference},Q3,{amount}\n")
    return ("contract,period,amount\n" + "".join(rows)).encode()


@pytest.mark.django_db(transaction=True)
def test_the_financial_manager_imports_a_quarter_and_sees_the_overspend(
    page: Page, live_server, demo
):
    sign_in_verified(page, live_server, "officer")
    page.goto("/partnerships/oxfordshire/budget/")
    expect(page.get_by_role("heading", name="Pooled budget", exact=True)).to_be_visible()
    assert axe_violations(page) == []
    page.get_by_role("link", name="2009/10").first.click()
    expect(page.get_by_role("heading", name="Spend and forecast")).to_be_visible()
    page.get_by_role("link", name="Spend and forecast by line").click()
    expect(page.get_by_role("heading", name="Spend and forecast 2009/10")).to_be_visible()
    assert axe_violations(page) == []

    page.get_by_role("link", name="Import the ledger's spend").click()
    expect(page.get_by_role("heading", name="Import the ledger's spend")).to_be_visible()
    assert axe_violations(page) == []
    page.set_input_files("#id_file", files=csv_file("ledger.csv", BAD))
    page.get_by_role("button", name="Import spend").click()
    expect(page.get_by_text("Row 2, column contract")).to_be_visible()
    screenshot(page, "budget-ledger-refused")
    assert axe_violations(page) == []

    page.set_input_files("#id_file", files=csv_file("ledger-q3.csv", ledger_quarter()))
    page.get_by_role("button", name="Import spend").click()
    expect(page.get_by_text("Spend imported for 2009/10")).to_be_visible()
    expect(page.get_by_text("Spend is reported to month 9 of 12")).to_be_visible()
    expect(page.get_by_text("a forecast overspend of").first).to_be_visible()
    wardens = page.locator("tbody tr").filter(has_text="resident wardens")
    expect(wardens).to_have_count(1)
    screenshot(page, "budget-spend-and-forecast")
    assert axe_violations(page) == []

    page.get_by_role("link", name="pooled budget 2009/10").click()
    expect(page.get_by_text("a forecast overspend of")).to_be_visible()
    assert axe_violations(page) == []

    page.goto("/partnerships/oxfordshire/budget/")
    page.get_by_role("link", name="2008/09").first.click()
    expect(page.get_by_role("heading", name="The year-end share")).to_be_visible()
    expect(page.get_by_text("an overspend of")).to_be_visible()
    expect(page.get_by_role("columnheader", name="Partner")).to_be_visible()
    screenshot(page, "budget-year-end-share")
    assert axe_violations(page) == []

    page.goto("/partnerships/oxfordshire/budget/story/")
    expect(page.get_by_role("heading", name="The story in figures")).to_be_visible()
    screenshot(page, "budget-story-in-figures")
    assert axe_violations(page) == []

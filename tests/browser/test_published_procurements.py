"""A signed-out visitor reads what a procurement published (its tender, award and
contract, compiled from its OCDS releases) and downloads the feeds; each page passes
axe-core. The procurement is Oxfordshire's illustrative retender of floating support
(tests/procurement/test_services.py)."""

import datetime

import pytest
from playwright.sync_api import Page, expect

from tests.procurement.test_services import World, in_standstill, sign

from .conftest import axe_violations, screenshot


@pytest.mark.django_db(transaction=True)
def test_a_visitor_reads_a_published_procurement_and_downloads_its_data(page: Page, live_server):
    w = World()
    sign(w, in_standstill(w), datetime.date(2026, 1, 7))

    page.goto("/partnerships/oxon/contracting/")
    expect(page.get_by_role("heading", name="Published procurements")).to_be_visible()
    row = page.get_by_role("row").filter(has_text="OX-FS-2025")
    expect(row).to_contain_text("contract")
    screenshot(page, "published-procurements")
    assert axe_violations(page) == []

    row.get_by_role("link", name="OX-FS-2025").click()
    expect(page.get_by_role("heading", name="Floating support across Oxfordshire")).to_be_visible()
    awarded = page.locator(".govuk-summary-list__row").filter(has_text="Awarded to")
    expect(awarded).to_contain_text("Oxford Floating Support")
    expect(page.get_by_role("heading", name="Contract OX-C-2026-01")).to_be_visible()
    signed = page.locator(".govuk-summary-list__row", has=page.get_by_text("Signed", exact=True))
    expect(signed).to_contain_text("7 January 2026")
    expect(page.get_by_role("table", name="Releases").get_by_role("row")).to_have_count(5)
    screenshot(page, "published-procurement")
    assert axe_violations(page) == []

    releases = page.request.get("/partnerships/oxon/contracting/releases.json")
    assert releases.status == 200
    assert len(releases.json()["releases"]) == 4
    records = page.request.get("/partnerships/oxon/contracting/records.json")
    assert records.status == 200
    assert records.json()["records"][0]["compiledRelease"]["tag"] == ["compiled"]

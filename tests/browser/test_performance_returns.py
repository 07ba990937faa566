"""The programme officer imports a workbook of returns on the returns page (a bad one's
problems listed by row and column, nothing stored), then reminds the providers of the late
returns and reads when each was reminded; every page is accessible."""

import pytest
from django.core import mail
from openpyxl import Workbook
from playwright.sync_api import expect

from accord.performance.imports import HEADER
from accord.performance.models import QuarterlyReturn, ReturnReminder
from tests import factories

from .conftest import axe_violations, screenshot, sign_in_verified

Q2 = "2009/10 Q2"


def workbook(path, *rows):
    book = Workbook()
    book.active.append(list(HEADER))
    for row in rows:
        book.active.append(list(row))
    book.save(path)
    return str(path)


@pytest.mark.django_db(transaction=True)
def test_an_officer_imports_a_workbook_and_reminds_the_late(page, live_server, tmp_path):
    glos = factories.PartnershipFactory(slug="gloucestershire", name="Gloucestershire")
    factories.ProgrammeOfficerFactory(partnership=glos, user__username="officer")
    provider = factories.ProviderFactory(
        partnership=glos, name="Cheltenham Borough Homes", contact_email="returns@cbh.example"
    )
    factories.ServiceFactory(provider=provider, reference="GLOS-0001", term="long")
    factories.ServiceFactory(provider=provider, reference="GLOS-0002", term="long")
    sign_in_verified(page, live_server, "officer")
    page.goto("/partnerships/gloucestershire/performance/returns/?period=2009/10%20Q2")
    expect(page.get_by_role("heading", name=f"Quarterly returns, {Q2}")).to_be_visible()
    assert axe_violations(page) == []

    page.get_by_role("link", name="Import a file of returns").click()
    bad = workbook(
        tmp_path / "bad.xlsx", ["GLOS-0001", Q2, 2760, 2738.5, 2760, 2590, 27, 28, None, None]
    )
    page.get_by_label("CSV or XLSX file of returns").set_input_files(bad)
    page.get_by_role("button", name="Import the returns").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Row 2, column unit_days_available: '2738.5' is not a whole")
    screenshot(page, "performance-import-error")
    assert axe_violations(page) == []
    assert not QuarterlyReturn.objects.exists()

    good = workbook(
        tmp_path / "good.xlsx", ["GLOS-0001", Q2, 2760, 2738, 2760, 2590, 27, 28, "n/a", "n/a"]
    )
    page.get_by_label("CSV or XLSX file of returns").set_input_files(good)
    page.get_by_role("button", name="Import the returns").click()
    expect(page.get_by_text("1 return stored, validated")).to_be_visible()
    assert QuarterlyReturn.objects.count() == 1

    page.goto("/partnerships/gloucestershire/performance/returns/?period=2009/10%20Q2")
    page.get_by_role("button", name="E-mail reminders of late returns").click()
    expect(page.get_by_text("1 reminder sent")).to_be_visible()
    expect(page.get_by_role("columnheader", name="Provider reminded")).to_be_visible()
    screenshot(page, "performance-reminded")
    assert axe_violations(page) == []
    assert ReturnReminder.objects.get().service.reference == "GLOS-0002"
    assert [message.to for message in mail.outbox] == [["returns@cbh.example"]]

"""A programme officer builds and publishes an agenda with a paper; a signed-out visitor
then sees only the public parts; the meeting pages are accessible."""

import datetime

import pytest
from playwright.sync_api import Browser, expect

from accord.meetings.models import Meeting

from .conftest import axe_violations, screenshot, sign_in_verified

BODY = "Supporting People Commissioning Body"
PUBLIC_ITEM = "Future governance: service user involvement (2010 review)"
EXEMPT_ITEM = "Contract performance: a provider under review"
PAPER = "Officers' report on service user involvement"


@pytest.mark.django_db(transaction=True)
def test_an_officer_publishes_an_agenda_and_the_public_sees_only_its_public_parts(
    page, live_server, demo, browser: Browser, tmp_path
):
    sign_in_verified(page, live_server, "officer")
    page.goto("/partnerships/oxfordshire/meetings/")
    page.get_by_role("link", name="Schedule a meeting").click()
    page.get_by_label("Body").select_option(label=BODY)
    page.get_by_label("Date").fill("2010-06-09")
    page.get_by_label("Start time").fill("10:00")
    page.get_by_label("Place").fill("County Hall, Oxford")
    page.get_by_role("button", name="Schedule meeting").click()
    expect(page.get_by_text("Meeting scheduled")).to_be_visible()
    expect(page.get_by_text("The agenda is not published yet")).to_be_visible()

    page.get_by_role("link", name="Add an agenda item").click()
    page.get_by_label("Title").fill(PUBLIC_ITEM)
    page.get_by_role("button", name="Add item").click()
    page.get_by_role("link", name="Add an agenda item").click()
    page.get_by_label("Title").fill(EXEMPT_ITEM)
    page.get_by_label("Exempt (confidential)").check()
    page.get_by_role("button", name="Add item").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Choose the paragraph of Schedule 12A, or other grounds"
    )
    page.get_by_label("3: information relating to the financial or business affairs").check()
    page.get_by_role("button", name="Add item").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Say why the public interest in withholding the item outweighs"
    )
    page.get_by_label("The public interest test").fill(
        "The provider's figures are under review; publishing them now would prejudice it"
    )
    page.get_by_role("button", name="Add item").click()
    expect(page.get_by_role("heading", name=f"2. {EXEMPT_ITEM} Exempt")).to_be_visible()

    # A paper whose name tries to climb out of the papers folder is refused, then a real one.
    page.get_by_role("link", name="Add a paper to item 1").click()
    page.get_by_label("Title").fill(PAPER)
    sneaky = tmp_path / "report.exe"
    sneaky.write_bytes(b"MZ not a paper")
    page.get_by_label("File").set_input_files(str(sneaky))
    page.get_by_role("button", name="Upload paper").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("The file must be one of PDF")
    report = tmp_path / "service-user-involvement.pdf"
    report.write_bytes(b"%PDF-1.4\n% a report\n")
    page.get_by_label("File").set_input_files(str(report))
    page.get_by_role("button", name="Upload paper").click()
    expect(page.get_by_text("Paper added")).to_be_visible()
    expect(page.get_by_role("link", name=PAPER)).to_be_visible()

    page.get_by_role("button", name="Publish the agenda").click()
    expect(page.get_by_role("alert", name="Success")).to_contain_text("Agenda published")
    screenshot(page, "meetings-officer")
    assert axe_violations(page) == []
    meeting_url = page.url

    visitor = browser.new_context(base_url=live_server.url)
    public = visitor.new_page()
    public.goto(meeting_url)
    expect(public.get_by_role("heading", name=f"1. {PUBLIC_ITEM}")).to_be_visible()
    expect(public.get_by_role("link", name=PAPER)).to_be_visible()
    expect(public.get_by_text(EXEMPT_ITEM)).to_have_count(0)
    expect(
        public.get_by_role(
            "heading", name="Item 2: exempt, not for publication, paragraph 3 of Schedule 12A"
        )
    ).to_be_visible()
    expect(public.get_by_text("Attendance and quorum")).to_have_count(0)
    expect(
        public.get_by_role("link", name="Download the agenda pack (PDF, public version)")
    ).to_be_visible()
    screenshot(public, "meetings-public")
    assert axe_violations(public) == []
    response = public.request.get(
        public.get_by_role("link", name=PAPER).get_attribute("href") or ""
    )
    assert response.status == 200
    assert response.body().startswith(b"%PDF-1.4")
    visitor.close()


@pytest.mark.django_db(transaction=True)
def test_an_officer_learns_what_approving_minutes_needs_and_is_offered_a_meeting(
    page, live_server, demo
):
    # The demo's 11 July 2008 meeting was held; the body's next meeting (11 December 2009)
    # is not recorded as held, so no meeting can approve its minutes yet.
    held = Meeting.objects.get(body__name=BODY, date=datetime.date(2008, 7, 11))
    sign_in_verified(page, live_server, "officer")
    page.goto(f"/partnerships/oxfordshire/meetings/{held.pk}/")
    draft = page.get_by_role("link", name="Download the draft minutes (PDF, for members")
    assert page.request.get(draft.get_attribute("href") or "").status == 200
    page.get_by_role("link", name="Approve the minutes").click()
    expect(page.locator("#approval-needs")).to_contain_text(
        "a later meeting of the same body that has been held, or is being held today"
    )
    expect(page.get_by_text(f"No meeting of {BODY} can approve them yet.")).to_be_visible()
    screenshot(page, "minutes-approve")
    assert axe_violations(page) == []

    page.get_by_label("Approved at").select_option(index=1)  # 11 December 2009, not held
    page.get_by_role("button", name="Approve minutes").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "The meeting of 11 December 2009 has not been recorded as held"
    )
    assert axe_violations(page) == []

    page.get_by_role("link", name=f"Schedule a meeting of {BODY}").click()
    expect(page.get_by_label("Body")).to_have_value(str(held.body_id))
    assert axe_violations(page) == []

"""The programme officer as clerk, in one journey: schedules a meeting (GOV.UK date input,
a time as people write it), builds the agenda with an exempt item, reorders it, publishes it
(confirmed), records the whole body's attendance on one form, takes the vote, closes it
(confirmed), writes the minutes with each partner's vote, downloads the draft minutes,
holds the body's next meeting and approves the minutes there; the members' and the public
agenda packs differ exactly by Part 2. An agenda published late asks for the reason for
urgency. A signed-out visitor sees only the public parts. Every page on the way passes
axe-core."""

import datetime
import io

import pytest
from django.utils import timezone
from playwright.sync_api import APIResponse, Browser, Page, expect
from pypdf import PdfReader

from accord.decisions.models import Ballot
from accord.meetings.models import Attendance, Meeting
from accord.meetings.packs import pdf_from_html

from .conftest import axe_violations, fill_date, screenshot, sign_in_verified
from .test_decisions import vote_the_partners

BODY = "Supporting People Commissioning Body"
WEST = "West Oxfordshire District Council"
PROPOSAL = "Annual Plan 2010/11: floating support"
APOLOGIES = "Apologies for absence and substitutes"
EXEMPT_ITEM = "Contract performance: a provider under review"
PAPER = "Officers' report on the Annual Plan"
REPORT_TEXT = "Officers recommend the plan"  # the paper's own words, on one line


# The two versions' labels (accord.meetings.packs.version_label), on each page of a pack.
MEMBERS_VERSION = "Members' version — contains exempt information"
PUBLIC_VERSION = "Public version"
PART_2 = "PART 2: exempt items"


def accessible(page: Page) -> None:
    assert axe_violations(page) == []


def pdf_pages(response: APIResponse) -> list[str]:
    """The text of each page of a PDF the server sent."""
    assert response.ok
    assert response.headers["content-type"] == "application/pdf"
    return [page.extract_text() for page in PdfReader(io.BytesIO(response.body())).pages]


def download(page: Page, link: str) -> list[str]:
    """Follow a link to a PDF as the browser's user (their session) and read it."""
    href = page.get_by_role("link", name=link, exact=True).get_attribute("href")
    assert href
    return pdf_pages(page.request.get(href))


def pack_parts(pages: list[str], version: str) -> tuple[list[str], list[str]]:
    """A pack's Part 1 and Part 2 (from the page headed "PART 2"), the version's label
    taken out so that the two versions can be compared; the officers' report, a PDF paper
    merged into both, is left out (its pages are its own)."""
    pages = [text for text in pages if REPORT_TEXT not in text]  # the paper's own pages
    assert all(version in text for text in pages)  # every page Accord writes names its version
    plain = [text.replace(version, "") for text in pages]
    start = next(number for number, text in enumerate(plain) if PART_2 in text)
    return plain[:start], plain[start:]


def schedule(page: Page, on: datetime.date, start: str) -> None:
    page.goto("/partnerships/oxfordshire/meetings/")
    page.get_by_role("link", name="Schedule a meeting").click()
    page.get_by_label("Body").select_option(label=BODY)
    fill_date(page, "Date", on.day, on.month, on.year)
    page.get_by_label("Start time").fill(start)
    page.get_by_label("Place").fill("County Hall, Oxford")
    page.get_by_role("button", name="Schedule meeting").click()


@pytest.mark.django_db(transaction=True)
def test_the_programme_officer_runs_a_meeting_from_the_diary_to_the_minutes(
    page, live_server, demo, browser: Browser, tmp_path
):
    sign_in_verified(page, live_server, "officer")

    # Schedule: a date the GOV.UK way (a wrong part is named), a time as people write it.
    page.goto("/partnerships/oxfordshire/meetings/")
    page.get_by_role("link", name="Schedule a meeting").click()
    page.get_by_label("Body").select_option(label=BODY)
    fill_date(page, "Date", 9, 13, 2010)
    page.get_by_label("Start time").fill("2")
    page.get_by_label("Place").fill("County Hall, Oxford")
    page.get_by_role("button", name="Schedule meeting").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Date must be a real date")
    expect(summary).to_contain_text("Enter the start time with am or pm")
    accessible(page)
    fill_date(page, "Date", 9, 6, 2010)
    page.get_by_label("Start time").fill("10am")
    page.get_by_role("button", name="Schedule meeting").click()
    expect(page.get_by_text("Meeting scheduled")).to_be_visible()
    expect(page.get_by_text("Wednesday 9 June 2010, 10:00")).to_be_visible()
    meeting_url = page.url

    # A proposal is tabled at it, then the clerk adds an exempt item and the apologies.
    page.goto("/partnerships/oxfordshire/proposals/")
    page.get_by_role("link", name="Draft a proposal").click()
    page.get_by_label("Title").fill(PROPOSAL)
    page.get_by_label("Type of proposal").select_option(label="Annual plan")
    page.get_by_label("What is proposed").fill("Floating support across the county.")
    page.get_by_label("Deciding body").select_option(label=BODY)
    page.get_by_role("button", name="Draft proposal").click()
    page.get_by_role("link", name="Table it at a meeting").click()
    page.get_by_label("Meeting").select_option(label=f"{BODY}, 9 June 2010")
    page.get_by_role("button", name="Table proposal").click()
    proposal_url = page.url

    page.goto(meeting_url)
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
    page.get_by_role("link", name="Add an agenda item").click()
    page.get_by_label("Title").fill(APOLOGIES)
    page.get_by_role("button", name="Add item").click()
    expect(page.get_by_role("heading", name=f"3. {APOLOGIES}")).to_be_visible()
    report = tmp_path / "annual-plan.pdf"
    report.write_bytes(pdf_from_html(f"<h1>{REPORT_TEXT}</h1>"))
    page.get_by_role("link", name="Add a paper to item 1").click()
    page.get_by_label("Title").fill(PAPER)
    page.get_by_label("File").set_input_files(str(report))
    page.get_by_role("button", name="Upload paper").click()
    expect(page.get_by_role("link", name=PAPER, exact=True)).to_be_visible()

    # Reorder without JavaScript: the apologies move up twice; then a number is typed.
    page.get_by_role("button", name="Move up item 3").click()
    page.get_by_role("button", name="Move up item 2").click()
    expect(page.get_by_role("heading", name=f"1. {APOLOGIES}")).to_be_visible()
    expect(page.get_by_role("heading", name=f"2. {PROPOSAL}")).to_be_visible()
    expect(page.get_by_role("heading", name=f"3. {EXEMPT_ITEM} Exempt")).to_be_visible()
    accessible(page)
    page.get_by_role("link", name="Give a number to item 3").click()
    page.get_by_label("New number on the agenda").fill("9")
    page.get_by_role("button", name="Move item").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter a number from 1 to 3")
    accessible(page)
    page.get_by_role("link", name="Cancel").click()

    # Publish: the confirmation page says what follows; nothing happens until confirmed.
    page.get_by_role("button", name="Publish the agenda").click()
    expect(page.get_by_role("heading", name="What will follow")).to_be_visible()
    expect(page.get_by_text("Publishing cannot be undone.")).to_be_visible()
    screenshot(page, "meetings-publish-confirm")
    accessible(page)
    page.get_by_role("button", name="Publish the agenda").click()
    expect(page.get_by_role("alert", name="Success")).to_contain_text("Agenda published")
    expect(page.get_by_role("button", name="Move up item 2")).to_have_count(0)

    # The whole body's attendance on one form: West Oxfordshire sends apologies and its
    # substitute stands in.
    page.get_by_role("link", name="Record attendance").click()
    for radio in page.get_by_role("radio", name="Present", exact=True).all():
        radio.check()
    west = page.get_by_role("group", name=f", {WEST} (voting representative)", exact=False)
    west.get_by_role("radio", name="Apologies").check()
    page.get_by_role("button", name="Save attendance").click()
    expect(page.get_by_text("Attendance recorded")).to_be_visible()
    meeting = Meeting.objects.get(pk=int(meeting_url.rstrip("/").split("/")[-1]))
    assert Attendance.objects.filter(meeting=meeting, status="apologies").count() == 1
    page.get_by_role("link", name="Record attendance").click()
    screenshot(page, "meetings-attendance")
    accessible(page)
    west = page.get_by_role("group", name=f", {WEST} (voting representative)", exact=False)
    west.get_by_role("radio", name="Present").check()
    page.get_by_role("button", name="Save attendance").click()
    expect(page.get_by_text("replacing Apologies")).to_be_visible()

    # The vote, closed after confirmation.
    page.goto(proposal_url)
    page.get_by_role("button", name="Open the vote at the meeting of 9 June 2010").click()
    vote_the_partners(page, against=WEST)
    page.get_by_role("button", name="Close the vote").click()
    expect(page.get_by_text("Nobody can cast or change a vote afterwards.")).to_be_visible()
    accessible(page)
    page.get_by_role("button", name="Close the vote").click()
    expect(page.get_by_text("Outcome:")).to_be_visible()

    # Held, then the minute of the proposal's item.
    page.goto(meeting_url)
    page.get_by_role("button", name="Record the meeting as held").click()
    page.get_by_role("link", name="Write the minute of item 2").click()
    page.get_by_label("Discussion").fill("The Commissioning Body considered the Annual Plan.")
    page.get_by_label("Resolution (optional)").fill("That the Annual Plan 2010/11 be approved.")
    accessible(page)
    page.get_by_role("button", name="Save minute").click()
    expect(page.get_by_text("The Commissioning Body considered the Annual Plan.")).to_be_visible()
    expect(page.get_by_text("That the Annual Plan 2010/11 be approved.")).to_be_visible()

    # The minute shows each partner's vote: the roll, West Oxfordshire against.
    partners = [unit["label"] for unit in Ballot.objects.get(meeting=meeting).units]
    assert len(partners) > 2
    roll = page.get_by_role("table", name="How each partner voted")
    for partner in partners:
        expect(roll.get_by_role("row", name=partner)).to_contain_text(
            "Against" if partner == WEST else "For"
        )
    screenshot(page, "meetings-officer")
    accessible(page)

    # The draft minutes, to circulate before approval: a PDF that says it is a draft and
    # carries the roll.
    draft = "\n".join(
        download(page, "Download the draft minutes (PDF, for members until approved)")
    )
    assert "Draft minutes, not yet approved" in draft
    assert "That the Annual Plan 2010/11 be approved." in draft
    # The roll's table, read row by row (a long name wraps: the words are joined again).
    roll = " ".join(draft.split("How each partner voted")[1].split("Audit record")[0].split())
    assert roll.startswith("Partner Vote Cast by")
    for partner in partners:
        assert f"{partner} {'Against' if partner == WEST else 'For'} " in roll

    # Approving them needs a later meeting of the body, held: none yet, so the page offers
    # to schedule one.
    page.get_by_role("link", name="Approve the minutes").click()
    expect(page.locator("#approval-needs")).to_contain_text(
        "a later meeting of the same body that has been held, or is being held today"
    )
    expect(page.get_by_text(f"No meeting of {BODY} can approve them yet.")).to_be_visible()
    screenshot(page, "minutes-approve")
    accessible(page)
    page.get_by_role("link", name=f"Schedule a meeting of {BODY}").click()
    expect(page.get_by_label("Body")).to_have_value(str(meeting.body_id))
    accessible(page)
    fill_date(page, "Date", 7, 7, 2010)
    page.get_by_label("Start time").fill("2pm")
    page.get_by_label("Place").fill("County Hall, Oxford")
    page.get_by_role("button", name="Schedule meeting").click()
    expect(page.get_by_text("Meeting scheduled")).to_be_visible()
    next_url = page.url

    # Not yet held, the July meeting cannot approve them: the refusal says why.
    page.goto(meeting_url)
    page.get_by_role("link", name="Approve the minutes").click()
    page.get_by_label("Approved at").select_option(label=f"{BODY}, 7 July 2010 (scheduled)")
    page.get_by_role("button", name="Approve minutes").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "The meeting of 7 July 2010 has not been recorded as held"
    )
    accessible(page)

    # The next meeting: its agenda published (confirmed), then held.
    page.goto(next_url)
    page.get_by_role("link", name="Add an agenda item").click()
    page.get_by_label("Title").fill("Floating support: the first quarter's performance")
    page.get_by_role("button", name="Add item").click()
    page.get_by_role("button", name="Publish the agenda").click()
    expect(page.get_by_role("heading", name="What will follow")).to_be_visible()
    page.get_by_role("button", name="Publish the agenda").click()
    expect(page.get_by_role("alert", name="Success")).to_contain_text("Agenda published")
    page.get_by_role("button", name="Record the meeting as held").click()
    expect(page.get_by_text("Meeting recorded as held")).to_be_visible()
    accessible(page)

    # There, the June minutes are approved, after the page says what will follow.
    page.goto(meeting_url)
    page.get_by_role("link", name="Approve the minutes").click()
    expect(page.get_by_text("The meeting of 7 July 2010 can approve them.")).to_be_visible()
    expect(page.get_by_text("They can no longer be changed.")).to_be_visible()
    accessible(page)
    page.get_by_label("Approved at").select_option(label=f"{BODY}, 7 July 2010 (held)")
    page.get_by_role("button", name="Approve minutes").click()
    expect(page.get_by_role("alert", name="Success")).to_contain_text("Minutes approved")
    expect(page.get_by_text("Minutes approved at the meeting of 7 July 2010")).to_be_visible()
    expect(page.get_by_role("link", name="Write the minute of item 2")).to_have_count(0)
    approved = "\n".join(download(page, "Download the approved minutes (PDF)"))
    assert "Minutes (approved at" in approved
    assert "Draft minutes" not in approved
    accessible(page)
    page.goto(next_url)
    minutes_of_july = "\n".join(
        download(page, "Download the draft minutes (PDF, for members until approved)")
    )
    assert "minutes of the meeting held on 9 June 2010 be approved" in minutes_of_july

    # The members' agenda pack (the officer's) and the public one differ exactly by Part 2.
    page.goto(meeting_url)
    members_pack = download(page, "Download the agenda pack (PDF)")
    members_part1, members_part2 = pack_parts(members_pack, MEMBERS_VERSION)
    visitor = browser.new_context(base_url=live_server.url)
    public = visitor.new_page()
    public.goto(meeting_url)
    public_pack = download(public, "Download the agenda pack (PDF, public version)")
    public_part1, public_part2 = pack_parts(public_pack, PUBLIC_VERSION)
    for pack in (members_pack, public_pack):  # the public item's PDF paper is merged in both
        assert sum(REPORT_TEXT in text for text in pack) == 1
    assert members_part1 == public_part1  # the same front sheet, agenda and public items
    assert EXEMPT_ITEM not in "".join(members_part1)
    members, withheld = (" ".join("".join(part).split()) for part in (members_part2, public_part2))
    # Part 2 opens with the resolution to exclude the press and public in both; the exempt
    # item's sheet (its title, its ground) is only in the members' version.
    for part in (members, withheld):
        assert "the press and public be excluded" in part
    assert f"Item 3: {EXEMPT_ITEM} Exempt (confidential): paragraph 3 of Schedule 12A" in members
    assert EXEMPT_ITEM not in withheld
    assert "Item 3: exempt, not for publication, paragraph 3 of Schedule 12A" in withheld
    assert "The exempt items are not for publication" in withheld

    # A signed-out visitor sees the public items and papers, never the exempt item.
    expect(public.get_by_role("heading", name=f"2. {PROPOSAL}")).to_be_visible()
    expect(public.get_by_role("link", name=PAPER, exact=True)).to_be_visible()
    expect(public.get_by_text(EXEMPT_ITEM)).to_have_count(0)
    expect(
        public.get_by_role(
            "heading", name="Item 3: exempt, not for publication, paragraph 3 of Schedule 12A"
        )
    ).to_be_visible()
    expect(public.get_by_text("Attendance and quorum")).to_have_count(0)
    expect(public.get_by_role("link", name="Download the approved minutes (PDF)")).to_be_visible()
    expect(
        public.get_by_role("link", name="Download the agenda pack (PDF, public version)")
    ).to_be_visible()
    screenshot(public, "meetings-public")
    assert axe_violations(public) == []
    visitor.close()


@pytest.mark.django_db(transaction=True)
def test_an_agenda_published_late_asks_for_the_reason_the_public_then_reads(
    page, live_server, demo, browser: Browser
):
    sign_in_verified(page, live_server, "officer")
    soon = timezone.localdate() + datetime.timedelta(days=2)
    schedule(page, soon, "2.30pm")
    expect(page.get_by_text("14:30")).to_be_visible()
    page.get_by_role("link", name="Add an agenda item").click()
    page.get_by_label("Title").fill("Emergency accommodation for rough sleepers")
    page.get_by_role("button", name="Add item").click()
    page.get_by_role("button", name="Publish the agenda").click()
    expect(page.locator(".govuk-warning-text")).to_contain_text("Section 100B")
    page.get_by_role("button", name="Publish the agenda").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("give the reason for urgency")
    screenshot(page, "meetings-publish-late")
    accessible(page)
    reason = "The night shelter closes on Friday: the body must agree the emergency contract"
    page.get_by_label("Why the meeting must consider this agenda as urgent").fill(reason)
    page.get_by_role("button", name="Publish the agenda").click()
    expect(page.get_by_role("alert", name="Success")).to_contain_text("Agenda published")

    visitor = browser.new_context(base_url=live_server.url)
    public = visitor.new_page()
    public.goto(page.url)
    expect(public.get_by_text(reason)).to_be_visible()
    assert axe_violations(public) == []
    visitor.close()

"""The agenda pack and the approved minutes as PDF: the public version withholds exempt
items entirely; the minutes quote the decision record."""

import datetime
import functools
import io

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from accord.audit.maintenance import append_only_lifted
from accord.audit.models import AuditEvent
from accord.audit.selectors import audit_chain_verify, quotes_in_database
from accord.decisions import services as decisions
from accord.decisions.models import Ballot
from accord.demo.oxfordshire import (
    CHERWELL,
    COMMISSIONING_BODY,
    CORE_STRATEGY_GROUP,
    COUNTY,
    REPRESENTATIVES,
    WEST,
)
from accord.governance.models import Body, Partner, Person
from accord.governance.services import membership_create, person_create
from accord.meetings import packs
from accord.meetings.access import visible_agenda
from accord.meetings.models import AgendaItem, Meeting, MeetingStatus, Paper
from accord.meetings.packs import agenda_pack_pdf, pdf_from_html
from accord.meetings.services import (
    agenda_item_add,
    attendance_record,
    declaration_record,
    meeting_mark_held,
    meeting_publish_agenda,
    meeting_schedule,
    minutes_approve,
    minutes_write,
    paper_upload,
    paper_withdraw,
)

# After the demo's history (which ends with the meeting of 11 December 2009).
FEBRUARY = datetime.date(2010, 2, 5)
MARCH = datetime.date(2010, 3, 5)
LEAD_OFFICER = "Supporting People Lead Officer, Oxfordshire County Council"
STRATEGY = "Supporting People Strategy 2010 to 2015"
PLAN = "Annual Plan 2010/11"
TENDER = "Tender award for floating support in Banbury"
TENDER_PAPER = "Evaluation of the tenders received"
TENDER_REASON = "Information about the financial affairs of bidders (Schedule 12A, para 3)"


@pytest.fixture
def board(demo) -> Body:
    return Body.objects.select_related("partnership").get(
        partnership__slug="oxfordshire", name=COMMISSIONING_BODY
    )


@pytest.fixture
def officer(demo):
    return get_user_model().objects.get(username="officer")


def person(board: Body, name: str) -> Person:
    return Person.objects.get(partnership=board.partnership, name=name)


def schedule(
    officer,
    board: Body,
    date: datetime.date = FEBRUARY,
    *,
    is_public: bool = True,
    chair: Person | None = None,
) -> Meeting:
    return meeting_schedule(
        actor=officer,
        body=board,
        date=date,
        start_time=datetime.time(10),
        end_time=datetime.time(12, 30),
        place="County Hall, Oxford",
        is_public=is_public,
        chair=chair,
        clerk=person(board, LEAD_OFFICER),
        clerk_contact="01865 000000 (illustrative)",
    )


@functools.cache
def paper_pdf(title: str) -> bytes:
    """A real PDF of two pages, each saying which paper it is."""
    return pdf_from_html(
        f"<p>{title}: first page</p><p style='page-break-before: always'>{title}: second page</p>"
    )


def upload(officer, item: AgendaItem, title: str, name: str) -> None:
    content = paper_pdf(title) if name.endswith(".pdf") else title.encode()
    paper_upload(
        actor=officer,
        item=item,
        title=title,
        summary=f"Summary of {title.lower()}",
        upload=io.BytesIO(content),
        name=name,
        size=len(content),
    )


def agenda(
    officer, board: Body, date: datetime.date = FEBRUARY, *, publish: bool = True
) -> Meeting:
    """Two public items and an exempt one, each with a paper."""
    meeting = schedule(officer, board, date)
    lead = person(board, LEAD_OFFICER)
    strategy = agenda_item_add(
        actor=officer,
        meeting=meeting,
        title=STRATEGY,
        summary="The strategy for consultation with providers and service users.",
        lead_officer=lead,
    )
    upload(officer, strategy, "Draft strategy", "draft-strategy.pdf")
    plan = agenda_item_add(actor=officer, meeting=meeting, title=PLAN)
    upload(officer, plan, "Annual plan and budget", "annual-plan.pdf")
    tender = agenda_item_add(
        actor=officer,
        meeting=meeting,
        title=TENDER,
        is_exempt=True,
        exempt_reason=TENDER_REASON,
    )
    upload(officer, tender, TENDER_PAPER, "tender-evaluation.pdf")
    if publish:
        meeting = meeting_publish_agenda(actor=officer, meeting=meeting)
    return meeting


def text_of(pdf: bytes) -> str:
    """The PDF's text with line breaks and runs of spaces as single spaces."""
    reader = PdfReader(io.BytesIO(pdf))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def download(client, name: str, meeting: Meeting, slug: str = "oxfordshire") -> str:
    response = client.get(reverse(name, args=[slug, meeting.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    return text_of(response.content)


def test_the_public_agenda_pack_lists_every_public_item_and_withholds_the_exempt_one(
    client, board, officer
):
    meeting = agenda(officer, board)

    response = client.get(reverse("meetings:agenda-pack", args=["oxfordshire", meeting.pk]))

    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        'inline; filename="oxfordshire-supporting-people-commissioning-body-2010-02-05'
        '-agenda-public.pdf"'
    )
    text = text_of(response.content)
    assert "Oxfordshire Supporting People" in text
    assert "Friday 5 February 2010" in text
    assert "10:00 to 12:30" in text
    assert "County Hall, Oxford" in text
    assert "Public version" in text
    assert STRATEGY in text
    assert PLAN in text
    assert f"Lead officer: {LEAD_OFFICER}" in text
    assert "Draft strategy" in text
    assert "Summary of draft strategy" in text
    assert "File: draft-strategy.pdf PDF 4 KB Included: 2 pages after the agenda" in text
    assert "Draft strategy: first page Draft strategy: second page" in text  # merged
    assert f"Item 3: exempt, not for publication ({TENDER_REASON})" in text
    assert TENDER not in text
    assert TENDER_PAPER not in text
    assert "tender-evaluation.pdf" not in text
    assert "Members' version" not in text


def test_a_body_members_agenda_pack_includes_the_exempt_item_marked_confidential(
    client, board, officer, sign_in
):
    meeting = agenda(officer, board)
    sign_in("representative")  # West Oxfordshire's representative on the body

    text = download(client, "meetings:agenda-pack", meeting)

    assert "Members' version — contains exempt information" in text
    assert STRATEGY in text
    assert PLAN in text
    assert f"Item 3: {TENDER} Exempt (confidential): {TENDER_REASON}" in text
    assert TENDER_PAPER in text
    assert "File: tender-evaluation.pdf" in text
    assert f"{TENDER_PAPER}: first page {TENDER_PAPER}: second page" in text
    assert "this public version shows only their numbers" not in text


def test_a_partnership_member_who_does_not_sit_on_the_body_gets_the_public_pack(
    client, board, officer, sign_in
):
    meeting = agenda(officer, board)
    sign_in("strategy")  # sits on the Core Strategy Group only

    text = download(client, "meetings:agenda-pack", meeting)

    assert "Public version" in text
    assert TENDER not in text


def test_the_public_pack_withholds_an_exempt_item_even_when_it_is_given_one(board, officer):
    meeting = agenda(officer, board)
    items = visible_agenda(officer, meeting, on=FEBRUARY)  # the programme team sees all
    assert TENDER in [item.title for item in items]

    text = text_of(agenda_pack_pdf(meeting, items, public=True))

    assert f"Item 3: exempt, not for publication ({TENDER_REASON})" in text
    assert TENDER not in text
    assert TENDER_PAPER not in text


def test_an_unpublished_agenda_pack_is_not_found_but_officers_may_preview_it(
    client, board, officer, sign_in
):
    meeting = agenda(officer, board, publish=False)
    url = reverse("meetings:agenda-pack", args=["oxfordshire", meeting.pk])

    assert client.get(url).status_code == 404
    sign_in("representative")
    assert client.get(url).status_code == 404
    sign_in("officer")
    text = download(client, "meetings:agenda-pack", meeting)
    assert STRATEGY in text
    assert TENDER in text


def test_a_private_meetings_documents_answer_the_public_as_a_meeting_that_does_not_exist(
    client, board, officer
):
    """Whether its agenda is published, its minutes approved or neither, a private meeting's
    pack and minutes answer a visitor exactly as an address with no meeting behind it, so
    nobody can learn that a private meeting exists (issue 13, defect 8)."""
    unpublished = schedule(officer, board, FEBRUARY + datetime.timedelta(days=7), is_public=False)
    meeting = schedule(officer, board, is_public=False)
    agenda_item_add(actor=officer, meeting=meeting, title=PLAN)
    meeting = meeting_publish_agenda(actor=officer, meeting=meeting)
    meeting = meeting_mark_held(actor=officer, meeting=meeting, today=meeting.date)
    approved(officer, meeting, board)
    missing = (Meeting.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1000

    def answer(name: str, pk: int) -> tuple[int, str]:
        response = client.get(reverse(name, args=["oxfordshire", pk]))
        body = response.content.decode()
        return response.status_code, body.replace(response["X-Request-ID"], "")

    for name in ("meetings:agenda-pack", "meetings:minutes-pdf"):
        nothing = answer(name, missing)
        assert nothing[0] == 404
        assert answer(name, meeting.pk) == nothing
        assert answer(name, unpublished.pk) == nothing


def test_a_meeting_addressed_under_another_partnership_has_no_documents(client, board, officer):
    meeting = agenda(officer, board)

    for name in ("meetings:agenda-pack", "meetings:minutes-pdf"):
        response = client.get(reverse(name, args=["gloucestershire", meeting.pk]))
        assert response.status_code == 404


def test_the_agenda_pack_takes_as_many_queries_for_many_items_as_for_few(
    client, board, officer, sign_in
):
    few = agenda(officer, board)
    many = agenda(officer, board, MARCH, publish=False)
    for number in range(6):
        item = agenda_item_add(
            actor=officer,
            meeting=many,
            title=f"Contract review {number}",
            is_exempt=number % 2 == 0,
            exempt_reason="Personal information" if number % 2 == 0 else "",
        )
        upload(officer, item, f"Review paper {number}", f"review-{number}.pdf")
        declaration_record(
            actor=officer,
            item=item,
            person=person(board, REPRESENTATIVES[WEST]),
            interest="A relative works for a provider under review",
            bars_participation=False,
        )
    meeting_publish_agenda(actor=officer, meeting=many)
    sign_in("representative")

    def queries(meeting: Meeting) -> int:
        with CaptureQueriesContext(connection) as captured:
            download(client, "meetings:agenda-pack", meeting)
        return len(captured)

    queries(few)  # the first request renews the new session (a write, once a minute)
    assert queries(many) == queries(few)
    client.logout()
    assert queries(many) == queries(few)


def approved(officer, meeting: Meeting, board: Body) -> Meeting:
    """Mark the meeting held and approve its minutes at the next meeting."""
    following = schedule(officer, board, meeting.date + datetime.timedelta(days=28))
    agenda_item_add(actor=officer, meeting=following, title="Minutes of the last meeting")
    following = meeting_publish_agenda(actor=officer, meeting=following)
    following = meeting_mark_held(actor=officer, meeting=following, today=following.date)
    return minutes_approve(actor=officer, meeting=meeting, at_meeting=following)


def test_the_minutes_are_not_found_until_they_are_approved_then_give_each_items_minute(
    client, board, officer, sign_in
):
    meeting = agenda(officer, board)
    meeting_mark_held(actor=officer, meeting=meeting, today=FEBRUARY)
    minute_of = {
        STRATEGY: "The Body agreed to consult providers on the draft strategy until 31 March.",
        PLAN: "The Body noted the annual plan.",
        TENDER: "The Body considered the evaluation of the tenders in private.",
    }
    for item in meeting.items.all():
        minutes_write(actor=officer, item=item, text=minute_of[item.title])
    url = reverse("meetings:minutes-pdf", args=["oxfordshire", meeting.pk])
    assert client.get(url).status_code == 404  # the public waits for the approved minutes
    sign_in("strategy")  # a member of the partnership who does not sit on the body
    assert client.get(url).status_code == 404
    sign_in("officer")
    draft = download(client, "meetings:minutes-pdf", meeting)
    assert "Draft minutes, not yet approved" in draft
    assert minute_of[TENDER] in draft

    approved(officer, meeting, board)

    members = download(client, "meetings:minutes-pdf", meeting)
    assert "Draft" not in members
    assert f"Minutes (approved at {COMMISSIONING_BODY}, 5 March 2010)" in members
    for title, minute in minute_of.items():
        assert title in members
        assert minute in members
    client.logout()
    public = download(client, "meetings:minutes-pdf", meeting)
    assert minute_of[STRATEGY] in public
    assert PLAN in public
    assert f"Item 3: exempt, not for publication ({TENDER_REASON})" in public
    assert TENDER not in public
    assert minute_of[TENDER] not in public


def test_the_minutes_quote_the_ballot_record_the_attendance_and_a_barring_interest(
    client, board, officer
):
    partnership = board.partnership
    west = Partner.objects.get(partnership=partnership, name=WEST)
    west_lead = person(board, REPRESENTATIVES[WEST])
    deputy = person_create(
        actor=officer, partnership=partnership, name="Deputy Lead Member, West Oxfordshire"
    )
    membership_create(
        actor=officer,
        partnership=partnership,
        body=board,
        person=deputy,
        partner=west,
        role="substitute",
        start_date=datetime.date(2009, 4, 1),
    )
    chair = person(board, REPRESENTATIVES[COUNTY])
    meeting = schedule(officer, board, chair=chair)
    lead = person(board, LEAD_OFFICER)
    membership_create(
        actor=officer,
        partnership=partnership,
        body=board,
        person=lead,
        partner=None,
        role="officer",
        start_date=datetime.date(2009, 4, 1),
    )
    proposal = decisions.proposal_create(
        actor=officer,
        partnership=partnership,
        title="Extra care housing in Witney",
        kind="commissioning_decision",
        deciding_body=board,
        on=FEBRUARY,
    )
    item = decisions.proposal_table(actor=officer, proposal=proposal, meeting=meeting)
    declaration_record(
        actor=officer,
        item=item,
        person=west_lead,
        interest="Sits on the board of a bidding housing association",
        bars_participation=True,
    )
    meeting = meeting_publish_agenda(actor=officer, meeting=meeting)
    cherwell_lead = person(board, REPRESENTATIVES[CHERWELL])
    for name in REPRESENTATIVES.values():
        status = "apologies" if name == cherwell_lead.name else "present"
        attendance_record(actor=officer, meeting=meeting, person=person(board, name), status=status)
    attendance_record(
        actor=officer, meeting=meeting, person=deputy, status="substitute", substitute_for=west_lead
    )
    attendance_record(actor=officer, meeting=meeting, person=lead, status="present")
    ballot = decisions.ballot_open(actor=officer, proposal=proposal, meeting=meeting)
    cast: dict[str, Person] = {}
    for unit in ballot.units:
        if unit["partner_id"] == west.pk:
            cast_by = deputy
        elif set(unit["representatives"]) == {cherwell_lead.pk}:
            continue  # sent apologies: the partner is absent
        else:
            cast_by = Person.objects.get(pk=unit["representatives"][0])
        cast[unit["label"]] = cast_by
        if len(cast) == 1:  # the first partner changes its vote while the vote is open
            decisions.vote_cast(
                actor=officer,
                ballot=ballot,
                unit=unit["key"],
                cast_by=cast_by,
                value="against",
                for_the_record=True,
            )
        decisions.vote_cast(
            actor=officer,
            ballot=ballot,
            unit=unit["key"],
            cast_by=cast_by,
            value="for",
            for_the_record=True,
        )
    ballot = decisions.ballot_close(actor=officer, ballot=ballot)
    meeting_mark_held(actor=officer, meeting=meeting, today=FEBRUARY)
    minutes_write(
        actor=officer,
        item=item,
        text="The Body voted on the proposal.",
        resolution="That extra care housing in Witney be commissioned.",
    )
    approved(officer, meeting, board)

    text = download(client, "meetings:minutes-pdf", meeting)

    # The named vote record: each partner's current vote and who cast it; the replaced
    # vote is not shown as the partner's vote.
    first, *others = cast
    assert "How each partner voted" in text
    assert f"{first} For (replacing an earlier vote) {cast[first].name}" in text
    for label in others:
        assert f"{label} For {cast[label].name}" in text
    assert f"{CHERWELL} Absent (no vote cast)" in text
    assert f"{WEST} For Deputy Lead Member, West Oxfordshire" in text
    assert "Against" not in text
    # Minute numbers through the body's year: three opening minutes, then the item.
    assert "1/2010 Apologies for absence" in text
    assert "2/2010 Declarations of interest" in text
    assert f"Item 1: {west_lead.name} declared an interest" in text
    assert "3/2010 Minutes of the last meeting" in text
    assert "4/2010 Item 1: Extra care housing in Witney" in text
    assert "RESOLVED: That extra care housing in Witney be commissioned." in text
    # Who chaired, who attended, and the chair's signature.
    assert f"Chair: {chair.name}" in text
    assert f"Officers in attendance {LEAD_OFFICER}" in text
    assert f"Substitutes Deputy Lead Member, West Oxfordshire for {west_lead.name}" in text
    assert f"Signed: {'.' * 56} Chair ({chair.name}) Date: {'.' * 56}" in text
    # The meeting page's minutes give the same minute number, resolution and roll.
    page = client.get(reverse("meetings:meeting-detail", args=["oxfordshire", meeting.pk]))
    html = " ".join(page.content.decode().split())
    assert "Minute 4/2010</h4>" in html
    assert "<strong>Resolved:</strong> That extra care housing in Witney be commissioned." in html
    assert "How each partner voted" in html
    assert "Deputy Lead Member, West Oxfordshire" in html
    # The decision box stays with its item: it comes after the item's heading, before the
    # signature.
    assert (
        text.index("4/2010 Item 1")
        < text.index("Decision:")
        < text.index("How each partner voted")
        < text.index("Signed:")
    )

    record = Ballot.objects.get(pk=ballot.pk)
    assert record.audit_hash
    assert f"Decision: {record.get_outcome_display()}." in text
    assert (
        f"For {record.votes_for}, against {record.votes_against}, "
        f"abstentions {record.abstentions}, absent {record.absent}, of {record.base}."
    ) in text
    assert " ".join(record.reason.split()) in text
    assert f"Audit record #{record.audit_sequence}, hash {record.audit_hash[:16]}…" in text
    assert record.audit_hash not in text
    assert (
        f"{west_lead.name} declared an interest and took no part; the partner's substitute "
        "cast its vote."
    ) in text
    assert f"Apologies {cherwell_lead.name}" in text
    assert "The Body voted on the proposal." in text


# ---------------------------------------------------------------- Part 2, papers, drafts


def versions_of(text: str) -> str:
    """The text with the version each page names left out."""
    for label in ("Members' version — contains exempt information", "Public version"):
        text = text.replace(label, "VERSION")
    return text


def test_the_members_and_public_packs_differ_exactly_by_part_2(client, board, officer, sign_in):
    meeting = agenda(officer, board)

    public = versions_of(download(client, "meetings:agenda-pack", meeting))
    sign_in("representative")
    members = versions_of(download(client, "meetings:agenda-pack", meeting))

    public_part1, public_part2 = public.split("PART 2: exempt items", 1)
    members_part1, members_part2 = members.split("PART 2: exempt items", 1)
    assert public_part1 == members_part1  # the same Part 1, papers merged
    assert "Annual plan and budget: first page Annual plan and budget: second page" in public_part1
    placeholder = f"Item 3: exempt, not for publication ({TENDER_REASON})"
    assert f"{placeholder}: see Part 2" in public_part1
    assert TENDER not in public_part1
    resolution = (
        "RESOLVED that the press and public be excluded from the meeting for the following "
        "item of business under Section 100A(4) of the Local Government Act 1972"
    )
    for part2 in (public_part2, members_part2):
        assert resolution in part2
        assert "Part 1 of Schedule 12A to the Act" in part2
        assert placeholder in part2
    # Part 2: the public reads the placeholder only; the members read the item and its paper.
    assert TENDER not in public_part2
    assert TENDER_PAPER not in public_part2
    assert f"Item 3: {TENDER}" in members_part2
    assert f"{TENDER_PAPER}: first page {TENDER_PAPER}: second page" in members_part2
    public_pages = len(PdfReader(io.BytesIO(client.get(
        reverse("meetings:agenda-pack", args=["oxfordshire", meeting.pk])
    ).content)).pages)  # fmt: skip
    assert public_pages > 4  # the front sheet, two items and their four merged pages


def test_the_pack_opens_with_the_standard_items_the_clerk_and_the_publication_date(
    client, board, officer
):
    meeting = agenda(officer, board)

    text = download(client, "meetings:agenda-pack", meeting)

    assert f"Contact {LEAD_OFFICER}, 01865 000000 (illustrative)" in text
    # Published today, after the meeting's date in 2010: the pack says so rather than
    # implying the agenda was out before the meeting.
    assert (
        f"Date of publication {meeting.agenda_published_on:%-d %B %Y} (recorded in Accord "
        "after the meeting took place)"
    ) in text
    assert "Agenda Apologies for absence" in text
    assert "Declarations of interest Members to declare any interest" in text
    assert (
        "Minutes of the last meeting To approve as a correct record the minutes of the "
        "meeting held on 11 July 2008" in text
    )  # the body's last meeting that was held (the demo's December 2009 one was not)
    assert text.index("Minutes of the last meeting") < text.index("Part 1: items open")


def test_a_paper_that_is_not_a_pdf_is_listed_with_its_link(client, board, officer):
    meeting = agenda(officer, board, publish=False)
    figures = meeting.items.get(number=2)
    upload(officer, figures, "Partners' contributions", "contributions.csv")
    meeting_publish_agenda(actor=officer, meeting=meeting)
    paper = figures.papers.get(original_name="contributions.csv")

    text = download(client, "meetings:agenda-pack", meeting)

    link = f"http://testserver/partnerships/oxfordshire/papers/{paper.pk}/"
    unwrapped = text.replace("/ ", "/")  # the address may wrap at a slash
    assert f"File: contributions.csv CSV 1 KB Not included: read it at {link}" in unwrapped
    assert client.get(link).status_code == 200


def test_draft_minutes_say_draft_on_every_page_and_are_for_members_only(
    client, board, officer, sign_in
):
    meeting = agenda(officer, board)
    for number in range(12):  # enough business for several pages
        agenda_item_add(actor=officer, meeting=meeting, title=f"Contract review {number}")
    meeting_mark_held(actor=officer, meeting=meeting, today=FEBRUARY)
    for item in meeting.items.all():
        minutes_write(actor=officer, item=item, text="The Body discussed the item. " * 20)
    url = reverse("meetings:minutes-pdf", args=["oxfordshire", meeting.pk])

    assert client.get(url).status_code == 404
    sign_in("representative")  # a member of the body: the draft is circulated to them
    response = client.get(url)

    assert response.status_code == 200
    assert "draft-minutes-members.pdf" in response["Content-Disposition"]
    pages = PdfReader(io.BytesIO(response.content)).pages
    assert len(pages) > 2
    for page in pages:
        assert "Draft: not yet approved" in page.extract_text()
    assert "Signed:" in text_of(response.content)
    sign_in("strategy")  # sits on another body of the partnership only
    assert client.get(url).status_code == 404


def test_the_minutes_take_as_many_queries_for_many_items_as_for_few(
    client, board, officer, sign_in
):
    few = agenda(officer, board)
    many = agenda(officer, board, MARCH, publish=False)
    for number in range(6):
        item = agenda_item_add(actor=officer, meeting=many, title=f"Contract review {number}")
        declaration_record(
            actor=officer,
            item=item,
            person=person(board, REPRESENTATIVES[WEST]),
            interest="A relative works for a provider under review",
            bars_participation=False,
        )
    meeting_publish_agenda(actor=officer, meeting=many)
    for meeting, date in ((few, FEBRUARY), (many, MARCH)):
        meeting_mark_held(actor=officer, meeting=meeting, today=date)
        for item in meeting.items.all():
            minutes_write(actor=officer, item=item, text="Noted.", resolution="Agreed.")
    sign_in("officer")

    def queries(meeting: Meeting) -> int:
        with CaptureQueriesContext(connection) as captured:
            download(client, "meetings:minutes-pdf", meeting)
        return len(captured)

    queries(few)  # the first request renews the new session (a write, once a minute)
    assert queries(many) == queries(few)


# ---------------------------------------------------------------- approving the minutes


def approve_page(client, meeting: Meeting, at_meeting: Meeting | int | None = None):
    url = reverse("meetings:minutes-approve", args=["oxfordshire", meeting.pk])
    if at_meeting is None:
        return client.get(url)
    pk = at_meeting if isinstance(at_meeting, int) else at_meeting.pk
    # posted from the confirmation page itself (a POST from elsewhere only asks to confirm)
    return client.post(url, {"at_meeting": pk, "confirmed": "yes"})


def test_the_approval_page_says_what_is_needed_and_offers_to_schedule_a_meeting(
    client, board, officer, sign_in
):
    meeting = agenda(officer, board)
    meeting_mark_held(actor=officer, meeting=meeting, today=FEBRUARY)
    sign_in("officer")

    page = approve_page(client, meeting).content.decode()

    assert (
        "Minutes are approved at a later meeting of the same body that has been held, or is "
        "being held today" in page
    )
    assert f"No meeting of {COMMISSIONING_BODY} can approve them yet." in page
    schedule_url = reverse("meetings:meeting-create", args=["oxfordshire"]) + f"?body={board.pk}"
    assert f'href="{schedule_url}"' in page
    form = client.get(schedule_url).content.decode()
    assert f'<option value="{board.pk}" selected>' in form  # the body chosen already

    following = schedule(officer, board, MARCH)
    agenda_item_add(actor=officer, meeting=following, title="Minutes of the last meeting")
    meeting_publish_agenda(actor=officer, meeting=following)
    meeting_mark_held(actor=officer, meeting=following, today=MARCH)
    page = approve_page(client, meeting).content.decode()
    assert "The meeting of 5 March 2010 can approve them." in page
    assert "Schedule a meeting" not in page


def test_the_page_refuses_to_approve_minutes_at_a_meeting_that_cannot(
    client, board, officer, sign_in
):
    meeting = agenda(officer, board)
    meeting_mark_held(actor=officer, meeting=meeting, today=FEBRUARY)
    unheld = schedule(officer, board, MARCH)  # in the past, never held
    future = schedule(officer, board, timezone.localdate() + datetime.timedelta(days=21))
    strategy_group = Body.objects.get(partnership=board.partnership, name=CORE_STRATEGY_GROUP)
    elsewhere = schedule(officer, strategy_group, MARCH)
    sign_in("officer")

    refusals = {
        "future": approve_page(client, meeting, future),
        "unheld": approve_page(client, meeting, unheld),
        "same": approve_page(client, meeting, meeting),
        "other body": approve_page(client, meeting, elsewhere),
    }

    problems = {}
    for chosen, response in refusals.items():
        assert response.status_code == 200  # the form again, with the problem on the field
        problems[chosen] = response.context["form"].errors["at_meeting"][0]
        assert problems[chosen] in response.content.decode()
    assert "is in the future" in problems["future"]
    assert "has not been recorded as held" in problems["unheld"]
    for chosen in ("same", "other body"):
        assert problems[chosen] == "Select a later meeting of the same body from the list"
    meeting.refresh_from_db()
    assert (meeting.status, meeting.minutes_approved_at) == (MeetingStatus.HELD, None)


def test_the_pack_and_the_minutes_quote_the_audit_events_that_published_them_and_verify_checks(
    client, board, officer
):
    """Issue 13: the agenda pack prints the event that published it, the approved minutes
    the event that approved them; a trail rewritten from before them no longer matches."""
    meeting = agenda(officer, board)
    published = AuditEvent.objects.filter(
        action="meeting.publish_agenda", object_id=str(meeting.pk)
    ).get()
    assert (meeting.agenda_audit_sequence, meeting.agenda_audit_hash) == (
        published.sequence, published.hash
    )  # fmt: skip
    meeting.refresh_from_db()
    assert meeting.agenda_audit_sequence == published.sequence  # stored, not only in memory
    pack = download(client, "meetings:agenda-pack", meeting)
    assert f"Published by record {published.sequence} of the audit trail" in pack
    assert published.hash[:32] in pack.replace(" ", "")

    meeting = meeting_mark_held(actor=officer, meeting=meeting, today=meeting.date)
    meeting = approved(officer, meeting, board)
    approval = AuditEvent.objects.filter(action="minutes.approve", object_id=str(meeting.pk)).get()
    minutes = download(client, "meetings:minutes-pdf", meeting)
    assert f"Approved by record {approval.sequence} of the audit trail" in minutes
    page = client.get(reverse("meetings:meeting-detail", args=["oxfordshire", meeting.pk]))
    assert f"Minutes approved: record {approval.sequence}" in page.content.decode()

    quotes = {quote.source: quote.head for quote in quotes_in_database()}
    assert quotes[f"the agenda of meeting {meeting.pk}"].hash == published.hash
    assert audit_chain_verify(quotes=quotes_in_database()).intact
    with append_only_lifted(connection), connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditevent WHERE sequence >= %s", [published.sequence])
    report = audit_chain_verify(quotes=quotes_in_database())
    assert report.broken_at == published.sequence
    assert f"quoted by the agenda of meeting {meeting.pk}" in report.problem


# ---------------------------------------------------------------- drawn once


@pytest.fixture
def drawings(monkeypatch):
    """The HTML of every PDF WeasyPrint draws (for a pack or the minutes)."""
    drawn: list[str] = []
    draw = packs.pdf_from_html

    def counted(html: str) -> bytes:
        drawn.append(html)
        return draw(html)

    monkeypatch.setattr(packs, "pdf_from_html", counted)
    return drawn


def test_a_published_pack_is_drawn_once_and_again_only_when_the_meeting_changes(
    client, board, officer, drawings
):
    meeting = agenda(officer, board)
    address = reverse("meetings:agenda-pack", args=["oxfordshire", meeting.pk])

    first = client.get(address)
    drawn_first = len(drawings)
    again = client.get(address)

    assert drawn_first == 2  # Part 1 and Part 2
    assert len(drawings) == drawn_first  # the second reader gets the document kept
    assert again.content == first.content
    plan_paper = Paper.objects.get(item__meeting=meeting, title="Annual plan and budget")
    paper_withdraw(actor=officer, paper=plan_paper, reason="Superseded by the revised plan")

    changed = client.get(address)

    assert len(drawings) == drawn_first + 2  # what goes into it changed: drawn anew
    assert changed.content != first.content
    assert "Superseded by the revised plan" in text_of(changed.content)
    assert "Annual plan and budget: first page" not in text_of(changed.content)  # not merged
    assert client.get(address).content == changed.content
    assert len(drawings) == drawn_first + 2


def test_the_members_pack_kept_is_never_served_to_the_public(
    client, board, officer, sign_in, drawings
):
    meeting = agenda(officer, board)
    address = reverse("meetings:agenda-pack", args=["oxfordshire", meeting.pk])
    sign_in("representative")
    members = client.get(address).content
    client.logout()

    public = client.get(address).content

    assert public != members
    assert TENDER in text_of(members)
    assert TENDER not in text_of(public)
    assert "Public version" in text_of(public)
    assert len(drawings) == 4  # each audience's pack drawn for itself


def test_the_minutes_are_drawn_once_and_again_when_they_change(
    client, board, officer, sign_in, drawings
):
    meeting = agenda(officer, board)
    meeting = meeting_mark_held(actor=officer, meeting=meeting, today=FEBRUARY)
    item = AgendaItem.objects.get(meeting=meeting, title=PLAN)
    minutes_write(actor=officer, item=item, text="The Lead Officer introduced the plan.")
    sign_in("officer")
    address = reverse("meetings:minutes-pdf", args=["oxfordshire", meeting.pk])

    draft = client.get(address).content
    assert client.get(address).content == draft
    assert len(drawings) == 1
    minutes_write(actor=officer, item=item, text="The Lead Officer introduced the plan again.")
    changed = client.get(address).content

    assert len(drawings) == 2
    assert "introduced the plan again" in text_of(changed)
    approved(officer, meeting, board)
    assert "Draft" not in text_of(client.get(address).content)
    assert len(drawings) == 3

"""The agenda pack and the approved minutes as PDF: the public version withholds exempt
items entirely; the minutes quote the decision record."""

import datetime
import io

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pypdf import PdfReader

from accord.decisions import services as decisions
from accord.decisions.models import Ballot
from accord.demo.oxfordshire import CHERWELL, COMMISSIONING_BODY, REPRESENTATIVES, WEST
from accord.governance.models import Body, Partner, Person
from accord.governance.services import membership_create, person_create
from accord.meetings.access import visible_agenda
from accord.meetings.models import AgendaItem, Meeting
from accord.meetings.packs import agenda_pack_pdf
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
    officer, board: Body, date: datetime.date = FEBRUARY, *, is_public: bool = True
) -> Meeting:
    return meeting_schedule(
        actor=officer,
        body=board,
        date=date,
        start_time=datetime.time(10),
        end_time=datetime.time(12, 30),
        place="County Hall, Oxford",
        is_public=is_public,
    )


def upload(officer, item: AgendaItem, title: str, name: str) -> None:
    content = b"%PDF-1.4 " + title.encode() + b"\n" * 3000
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
    assert "draft-strategy.pdf PDF 3 KB" in text
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
    assert f"{TENDER} Exempt (confidential)" in text
    assert TENDER_PAPER in text
    assert "tender-evaluation.pdf" in text
    assert TENDER_REASON in text
    assert "withheld from the public" not in text


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


def test_a_private_meetings_agenda_pack_is_refused_to_the_public(client, board, officer):
    meeting = schedule(officer, board, is_public=False)
    agenda_item_add(actor=officer, meeting=meeting, title=PLAN)
    meeting_publish_agenda(actor=officer, meeting=meeting)

    response = client.get(reverse("meetings:agenda-pack", args=["oxfordshire", meeting.pk]))

    assert response.status_code == 403


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
    assert client.get(url).status_code == 404
    sign_in("officer")
    assert client.get(url).status_code == 404

    approved(officer, meeting, board)

    members = download(client, "meetings:minutes-pdf", meeting)
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
    meeting = schedule(officer, board)
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
    ballot = decisions.ballot_open(actor=officer, proposal=proposal, meeting=meeting)
    for unit in ballot.units:
        if unit["partner_id"] == west.pk:
            cast_by = deputy
        elif set(unit["representatives"]) == {cherwell_lead.pk}:
            continue  # sent apologies: the partner is absent
        else:
            cast_by = Person.objects.get(pk=unit["representatives"][0])
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
    minutes_write(actor=officer, item=item, text="The Body voted on the proposal.")
    approved(officer, meeting, board)

    text = download(client, "meetings:minutes-pdf", meeting)

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
    assert f"Deputy Lead Member, West Oxfordshire for {west_lead.name}" in text
    assert f"Apologies {cherwell_lead.name}" in text
    assert "The Body voted on the proposal." in text

"""Loading Oxfordshire's meetings and decisions through the meetings and decisions services,
so the history is validated, judged by the rule engine and audited like live data. Every
value the officers' report does not give is marked illustrative as it is loaded."""

import datetime
import io
import itertools
from html import escape
from pathlib import Path
from typing import Any

import weasyprint
from django.utils import timezone
from markdown_it import MarkdownIt

from accord.decisions import services as decisions
from accord.decisions.models import Ballot, Proposal
from accord.governance.models import Body, Membership, MembershipRole, Person
from accord.meetings import services as meetings
from accord.meetings.models import AttendanceStatus, Meeting, MeetingStatus
from accord.partnerships.models import Partnership

from . import history
from . import oxfordshire as oxon
from .illustrative import illustrative_mark

PAPERS = Path(__file__).parent / "papers"
LEAD_OFFICER = "Supporting People Lead Officer, Oxfordshire County Council"


def representatives(body: Body, on: datetime.date) -> dict[str, Person]:
    """Each partner's voting representative on the body that day, by partner name."""
    seats = Membership.objects.current(on=on).filter(
        body=body, role=MembershipRole.VOTING_REPRESENTATIVE
    )
    return {seat.partner.name: seat.person for seat in seats.select_related("partner", "person")}


def held_meeting(
    body: Body, date: datetime.date, *, date_illustrative: bool = False, title: str = ""
) -> Meeting:
    """A meeting of the history. Its place and time are illustrative; so is its date
    where the report does not give it."""
    meeting = meetings.meeting_schedule(
        actor=None, body=body, date=date, start_time=history.START_TIME, place=history.PLACE,
        title=title,
    )  # fmt: skip
    fields = ["place", "start_time"] + (["date"] if date_illustrative else [])
    return illustrative_mark(actor=None, row=meeting, fields=fields)


def meeting_for(body: Body, round_data: dict[str, Any]) -> Meeting:
    date = round_data["date"]
    existing = Meeting.objects.filter(body=body, date=date).first()
    if existing is not None:
        return existing
    return held_meeting(body, date, date_illustrative=round_data.get("date_illustrative", False))


def vote(
    proposal: Proposal, meeting: Meeting, round_data: dict[str, Any], people: dict[str, Person]
) -> Ballot:
    """The vote on one proposal at one meeting. The dissenting partner's vote is in the
    report; the other partners' votes for it are inferred (illustrative), except in a
    unanimous vote, which the report gives."""
    ballot = decisions.ballot_open(actor=None, proposal=proposal, meeting=meeting)
    against = round_data["against"]
    for unit in ballot.units:
        value = "against" if unit["label"] in against else "for"
        decisions.vote_cast(  # the votes as the minutes record them
            actor=None,
            ballot=ballot,
            unit=unit["key"],
            cast_by=people[unit["label"]],
            value=value,
            for_the_record=True,
        )
    ballot = decisions.ballot_close(actor=None, ballot=ballot)
    if against:
        for cast in ballot.votes.filter(current=True, value="for"):
            illustrative_mark(actor=None, row=cast, fields=["value"])
        illustrative_mark(actor=None, row=ballot, fields=["votes_for", "abstentions", "absent"])
    return ballot


def vote_round(
    proposals: list[Proposal], body: Body, round_data: dict[str, Any], today: datetime.date
) -> None:
    """One meeting of the Commissioning Body: agenda, attendance, the votes and minutes."""
    meeting = meeting_for(body, round_data)
    items = [
        decisions.proposal_table(actor=None, proposal=proposal, meeting=meeting)
        for proposal in proposals
    ]
    if meeting.status == MeetingStatus.SCHEDULED:
        meeting = meetings.meeting_publish_agenda(actor=None, meeting=meeting)
    people = representatives(body, round_data["date"])
    if not meeting.attendances.exists():
        for person in people.values():
            attendance = meetings.attendance_record(
                actor=None, meeting=meeting, person=person, status=AttendanceStatus.PRESENT
            )
            illustrative_mark(actor=None, row=attendance, fields=["status"])
    for proposal in proposals:
        vote(proposal, meeting, round_data, people)
    if meeting.status == MeetingStatus.AGENDA_PUBLISHED:
        meetings.meeting_mark_held(actor=None, meeting=meeting, today=today)
    for item in items:
        meetings.minutes_write(
            actor=None,
            item=item,
            text="The Commissioning Body considered the proposal and voted on it; the "
            "decision record below gives the outcome.",
        )


def after_round(proposal: Proposal, document: dict[str, Any], after: dict[str, Any]) -> None:
    """A compromise sought, or an escalation and its result; their dates are illustrative."""
    if after["step"] == history.COMPROMISE:
        decisions.proposal_compromise(
            actor=None,
            proposal=proposal,
            on=after["on"],
            amended_summary=document.get("amended", "") if after["amended"] else "",
            note=after["note"],
            found=after["amended"],
        )
    else:
        decisions.proposal_escalate(
            actor=None, proposal=proposal, on=after["on"], note=after["note"]
        )
        found = after["result"] == "compromise_found"
        decisions.escalation_result_record(
            actor=None,
            proposal=proposal,
            on=after["result_on"],
            result=after["result"],
            note=after["result_note"],
            amended_summary=document.get("amended", "") if found else "",
        )
    dates = [after["on"], after.get("result_on", after["on"])]
    for step in proposal.steps.filter(taken_on__in=dates).exclude(kind="second_meeting"):
        illustrative_mark(actor=None, row=step, fields=["taken_on"])


def load_dispute(partnership: Partnership, data: dict[str, Any], today: datetime.date) -> None:
    """One dispute of the report: its documents voted together at each meeting."""
    body = Body.objects.filter(partnership=partnership).get(name=oxon.COMMISSIONING_BODY)
    lead = Person.objects.filter(partnership=partnership).get(name=LEAD_OFFICER)
    proposals = [
        decisions.proposal_create(
            actor=None,
            partnership=partnership,
            title=document["title"],
            kind=document["kind"],
            summary=document["summary"],
            deciding_body=body,
            owner=lead,
            on=data["rounds"][0]["date"],
        )
        for document in data["documents"]
    ]
    for round_data in data["rounds"]:
        vote_round(proposals, body, round_data, today)
        for after in round_data.get("after", []):
            for proposal, document in zip(proposals, data["documents"], strict=True):
                after_round(proposal, document, after)
    last = data["rounds"][-1]
    if last.get("date_illustrative"):  # decided at a meeting whose date is illustrative
        for proposal in proposals:
            proposal.refresh_from_db()
            illustrative_mark(actor=None, row=proposal, fields=["decided_on", "takes_effect_on"])
    if "outside" in data:
        for proposal in proposals:
            proposal = decisions.decision_record_outside_constitution(
                actor=None,
                proposal=proposal,
                on=data["outside"]["on"],
                note=data["outside"]["note"],
            )
            illustrative_mark(actor=None, row=proposal, fields=["decided_on", "takes_effect_on"])
            step = proposal.steps.get(kind="outside_constitution")
            illustrative_mark(actor=None, row=step, fields=["taken_on"])


def report_html() -> str:
    """The officers' report as a formatted document: its Markdown rendered with raw HTML
    escaped (markdown-it-py's CommonMark mode without HTML), so nothing in the file can
    inject markup into the PDF."""
    text = (PAPERS / history.REPORT_FILE).read_text(encoding="utf-8")
    body = MarkdownIt("commonmark", {"html": False}).render(text)
    return (
        "<html><head><meta charset='utf-8'><title>"
        f"{escape(history.REPORT_TITLE)}</title><style>"
        "body{font-family:sans-serif;font-size:10.5pt;line-height:1.4}"
        "h1{font-size:15pt} h2{font-size:13pt;margin-top:1.4em} h3{font-size:11.5pt}"
        "li{margin-bottom:.4em} p{margin:0 0 .6em}"
        f"</style></head><body>{body}</body></html>"
    )


def report_pdf() -> bytes:
    return bytes(weasyprint.HTML(string=report_html()).write_pdf())


def load_late_2009(partnership: Partnership, today: datetime.date) -> None:
    """The Core Strategy Group's late November meeting, with its service user
    representatives' written contributions (illustrative), and the Commissioning Body's
    agenda of 11 December 2009 with the officers' report; its outcome is not in the seeds."""
    strategy = Body.objects.filter(partnership=partnership).get(name=oxon.CORE_STRATEGY_GROUP)
    # "the late November meeting": the day is illustrative
    november = held_meeting(strategy, oxon.LATE_NOVEMBER_2009, date_illustrative=True)
    november_items = [
        meetings.agenda_item_add(actor=None, meeting=november, title=title, summary=summary)
        for title, summary in history.ITEMS_2009
    ]
    meetings.meeting_publish_agenda(actor=None, meeting=november)
    for index, representative, text in history.CONTRIBUTIONS_2009:
        contribution = meetings.contribution_submit(
            actor=None,
            item=november_items[index],
            person=Person.objects.filter(partnership=partnership).get(
                name=oxon.SERVICE_USER_REPRESENTATIVES[representative]
            ),
            text=text,
            for_the_record=True,
            now=history.CONTRIBUTIONS_SUBMITTED,
        )
        illustrative_mark(actor=None, row=contribution, fields=["text"])
    meetings.meeting_mark_held(actor=None, meeting=november, today=today)

    body = Body.objects.filter(partnership=partnership).get(name=oxon.COMMISSIONING_BODY)
    december = held_meeting(body, oxon.COMMISSIONING_BODY_MEETING)
    proposal = decisions.proposal_create(
        actor=None,
        partnership=partnership,
        deciding_body=body,
        owner=Person.objects.filter(partnership=partnership).get(name=LEAD_OFFICER),
        on=oxon.COMMISSIONING_BODY_MEETING,
        **history.GOVERNANCE_PROPOSAL,
    )
    items = [
        meetings.agenda_item_add(actor=None, meeting=december, title=title, summary=summary)
        for title, summary in history.ITEMS_2009[:1]
    ]
    items.append(decisions.proposal_table(actor=None, proposal=proposal, meeting=december))
    pdf = report_pdf()
    for item in items:
        meetings.paper_upload(
            actor=None,
            item=item,
            title=history.REPORT_TITLE,
            summary=history.REPORT_SUMMARY,
            upload=io.BytesIO(pdf),
            name="future-governance-2009-12-11.pdf",
            size=len(pdf),
        )
    meetings.meeting_publish_agenda(actor=None, meeting=december)


def approve_minutes(body: Body) -> None:
    """Each meeting's minutes approved at the body's next meeting, where that meeting was
    held; the approvals are illustrative. The minutes of 11 July 2008 stay unapproved: the
    next meeting, 11 December 2009, is not recorded as held (its outcome is not in the
    report)."""
    held = list(Meeting.objects.filter(body=body).order_by("date"))
    for meeting, following in itertools.pairwise(held):
        if meeting.status == MeetingStatus.HELD and following.status in {
            MeetingStatus.HELD,
            MeetingStatus.MINUTES_APPROVED,
        }:
            approved = meetings.minutes_approve(actor=None, meeting=meeting, at_meeting=following)
            illustrative_mark(actor=None, row=approved, fields=["minutes_approved_at"])


def load_history(partnership: Partnership) -> bool:
    """Load the history once: it is there already if any proposal exists."""
    if Proposal.objects.filter(partnership=partnership).exists():
        return False
    today = timezone.localdate()
    for data in history.DISPUTES:
        load_dispute(partnership, data, today)
    load_late_2009(partnership, today)
    approve_minutes(Body.objects.filter(partnership=partnership).get(name=oxon.COMMISSIONING_BODY))
    return True

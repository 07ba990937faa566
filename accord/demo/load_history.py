"""Loading Oxfordshire's meetings and decisions through the meetings and decisions services,
so the history is validated, judged by the rule engine and audited like live data."""

import datetime
import io
import itertools
from html import escape
from pathlib import Path
from typing import Any

import weasyprint
from django.utils import timezone

from accord.decisions import services as decisions
from accord.decisions.models import Ballot, Proposal
from accord.governance.models import Body, Membership, MembershipRole, Person
from accord.meetings import services as meetings
from accord.meetings.models import AttendanceStatus, Meeting, MeetingStatus
from accord.partnerships.models import Partnership

from . import history
from . import oxfordshire as oxon

PAPERS = Path(__file__).parent / "papers"


def representatives(body: Body, on: datetime.date) -> dict[str, Person]:
    """Each partner's voting representative on the body that day, by partner name."""
    seats = Membership.objects.current(on=on).filter(
        body=body, role=MembershipRole.VOTING_REPRESENTATIVE
    )
    return {seat.partner.name: seat.person for seat in seats.select_related("partner", "person")}


def held_meeting(body: Body, date: datetime.date, title: str = "") -> Meeting:
    return meetings.meeting_schedule(
        actor=None, body=body, date=date, start_time=datetime.time(10), place=history.PLACE,
        title=title,
    )  # fmt: skip


def vote_round(
    proposal: Proposal, body: Body, round_data: dict[str, Any], today: datetime.date
) -> Ballot:
    """One meeting of the Commissioning Body: agenda, attendance, the vote and its minute."""
    date = round_data["date"]
    meeting = Meeting.objects.filter(body=body, date=date).first() or held_meeting(body, date)
    item = decisions.proposal_table(actor=None, proposal=proposal, meeting=meeting)
    if meeting.status == MeetingStatus.SCHEDULED:
        meeting = meetings.meeting_publish_agenda(actor=None, meeting=meeting)
    people = representatives(body, date)
    if not meeting.attendances.exists():
        for person in people.values():
            meetings.attendance_record(
                actor=None, meeting=meeting, person=person, status=AttendanceStatus.PRESENT
            )
    ballot = decisions.ballot_open(actor=None, proposal=proposal, meeting=meeting)
    for unit in ballot.units:
        value = "against" if unit["label"] in round_data["against"] else "for"
        decisions.vote_cast(  # the votes as the minutes record them
            actor=None,
            ballot=ballot,
            unit=unit["key"],
            cast_by=people[unit["label"]],
            value=value,
            for_the_record=True,
        )
    ballot = decisions.ballot_close(actor=None, ballot=ballot)
    if meeting.status == MeetingStatus.AGENDA_PUBLISHED:
        meetings.meeting_mark_held(actor=None, meeting=meeting, today=today)
    meetings.minutes_write(
        actor=None,
        item=item,
        text="The Commissioning Body considered the proposal and voted on it; the decision "
        "record below gives the outcome.",
    )
    return ballot


def load_dispute(partnership: Partnership, data: dict[str, Any], today: datetime.date) -> None:
    body = Body.objects.filter(partnership=partnership).get(name=oxon.COMMISSIONING_BODY)
    lead = Person.objects.filter(partnership=partnership).get(
        name="Supporting People Lead Officer, Oxfordshire County Council"
    )
    proposal = decisions.proposal_create(
        actor=None,
        partnership=partnership,
        title=data["title"],
        kind=data["kind"],
        summary=data["summary"],
        deciding_body=body,
        owner=lead,
        on=data["rounds"][0]["date"],
    )
    for round_data in data["rounds"]:
        vote_round(proposal, body, round_data, today)
        after = round_data.get("after")
        if after is None:
            continue
        if after["step"] == history.COMPROMISE:
            decisions.proposal_compromise(
                actor=None,
                proposal=proposal,
                on=after["on"],
                amended_summary=after["amended"],
                note=after["note"],
            )
        else:
            decisions.proposal_escalate(
                actor=None, proposal=proposal, on=after["on"], note=after["note"]
            )
            decisions.escalation_result_record(
                actor=None,
                proposal=proposal,
                on=after["result_on"],
                result=after["result"],
                note=after["result_note"],
                amended_summary=after.get("amended", ""),
            )
    if "outside" in data:
        decisions.decision_record_outside_constitution(
            actor=None, proposal=proposal, on=data["outside"]["on"], note=data["outside"]["note"]
        )


def report_pdf() -> bytes:
    text = (PAPERS / history.REPORT_FILE).read_text(encoding="utf-8")
    html = (
        "<html><head><meta charset='utf-8'><title>"
        f"{escape(history.REPORT_TITLE)}</title><style>"
        "body{font-family:sans-serif;font-size:10pt} pre{white-space:pre-wrap;font-family:inherit}"
        f"</style></head><body><pre>{escape(text)}</pre></body></html>"
    )
    return bytes(weasyprint.HTML(string=html).write_pdf())


def load_late_2009(partnership: Partnership, today: datetime.date) -> None:
    """The Core Strategy Group's late November meeting and the Commissioning Body's agenda
    of 11 December 2009 with the officers' report; its outcome is not in the seeds."""
    strategy = Body.objects.filter(partnership=partnership).get(name=oxon.CORE_STRATEGY_GROUP)
    november = held_meeting(strategy, oxon.LATE_NOVEMBER_2009)
    for title, summary in history.ITEMS_2009:
        meetings.agenda_item_add(actor=None, meeting=november, title=title, summary=summary)
    meetings.meeting_publish_agenda(actor=None, meeting=november)
    meetings.meeting_mark_held(actor=None, meeting=november, today=today)

    body = Body.objects.filter(partnership=partnership).get(name=oxon.COMMISSIONING_BODY)
    december = held_meeting(body, oxon.COMMISSIONING_BODY_MEETING)
    proposal = decisions.proposal_create(
        actor=None,
        partnership=partnership,
        deciding_body=body,
        owner=Person.objects.filter(partnership=partnership).get(
            name="Supporting People Lead Officer, Oxfordshire County Council"
        ),
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
            summary="The report of officers to the Commissioning Body (seed 000).",
            upload=io.BytesIO(pdf),
            name="future-governance-2009-12-11.pdf",
            size=len(pdf),
        )
    meetings.meeting_publish_agenda(actor=None, meeting=december)


def approve_minutes(body: Body) -> None:
    """Each meeting's minutes approved at the body's next meeting in the demo, where that
    meeting was held (minutes are never approved at a meeting that was not)."""
    held = list(Meeting.objects.filter(body=body).order_by("date"))
    for meeting, following in itertools.pairwise(held):
        if meeting.status == MeetingStatus.HELD and following.status == MeetingStatus.HELD:
            meetings.minutes_approve(actor=None, meeting=meeting, at_meeting=following)


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
